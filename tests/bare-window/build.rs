//! Generates the bare window's Tauri context (its config and its one page).
fn main() {
    tauri_build::build()
}
