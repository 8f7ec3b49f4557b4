//! Tauri's build step, pointed at the config at the repository root.
fn main() {
    tauri_build::build()
}
