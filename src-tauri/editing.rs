//! The Edit menu's commands on the webview's own editing machinery, as the keyboard reaches it:
//! on Linux, WebKitGTK's editing commands (Undo, Cut, Paste…, the same that Ctrl+Z and Ctrl+V
//! run), since the system's menu items for them do nothing there. Elsewhere the menu uses the
//! system's own items (macOS) or the page's (Windows), and this answers that it did nothing.

/// One of the Edit menu's commands, named as WebKit names it.
pub fn webkit_name(which: &str) -> Option<&'static str> {
    Some(match which {
        "undo" => "Undo",
        "redo" => "Redo",
        "cut" => "Cut",
        "copy" => "Copy",
        "paste" => "Paste",
        "selectAll" => "SelectAll",
        _ => return None,
    })
}

/// Runs `which` in `window`'s webview; false when this system leaves it to the page.
pub fn run(window: &tauri::WebviewWindow, which: &str) -> tauri::Result<bool> {
    let Some(name) = webkit_name(which) else {
        return Ok(false);
    };
    #[cfg(target_os = "linux")]
    {
        window.with_webview(move |webview| {
            use webkit2gtk::WebViewExt;
            webview.inner().execute_editing_command(name);
        })?;
        Ok(true)
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = (window, name);
        Ok(false)
    }
}
