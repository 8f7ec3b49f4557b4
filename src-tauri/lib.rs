//! The desktop shell: builds the Tauri app around newsdesk-core.

pub fn run() {
    tauri::Builder::default()
        .run(tauri::generate_context!())
        .expect("error while running the Newsdesk window");
}
