//! The desktop app's entry point.
// No console window next to the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    newsdesk_desktop::run()
}
