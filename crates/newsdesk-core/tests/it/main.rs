//! Integration tests of newsdesk-core: one binary, a module per area.

mod bindings;
mod sanitize;
