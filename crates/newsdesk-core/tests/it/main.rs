//! Integration tests of newsdesk-core: one binary, a module per area.

mod bindings;
mod captions;
mod credits;
mod desk;
mod export;
mod export_safety;
mod hardening;
mod history;
mod interchange;
mod media;
mod model;
mod near_copy;
mod page;
mod portable;
mod publishing;
mod render;
mod sanitize;
mod search;
mod sites;
mod slug;
mod storage;
mod strip;
mod support;
