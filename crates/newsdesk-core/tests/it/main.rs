//! Integration tests of newsdesk-core: one binary, a module per area.

mod bindings;
mod captions;
mod desk;
mod export;
mod export_safety;
mod hardening;
mod history;
mod interchange;
mod media;
mod model;
mod page;
mod publishing;
mod render;
mod sanitize;
mod search;
mod slug;
mod storage;
mod strip;
mod support;
