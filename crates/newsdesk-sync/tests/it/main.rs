//! Integration tests of newsdesk-sync against a real WordPress (scripts/test-portal.sh), one
//! binary, a module per area. The portal is started once per run; each test works on posts of
//! its own (unique titles and slugs), so the tests run in parallel on one portal.

mod authorize;
mod faults;
mod mapping;
mod pull;
mod push;
mod repost;
mod support;
