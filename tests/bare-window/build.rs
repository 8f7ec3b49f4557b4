//! Generates the bare window's Tauri context (its config and its one page), linked as the app is.

#[path = "../../src-tauri/relr.rs"]
mod relr;

fn main() {
    relr::pack_relative_relocations();
    tauri_build::build()
}
