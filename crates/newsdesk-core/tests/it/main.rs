//! Integration tests of newsdesk-core: one binary, a module per area.

mod bindings;
mod interchange;
mod model;
mod render;
mod sanitize;
mod storage;
mod support;
