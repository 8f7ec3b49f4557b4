//! The X display's own windows, which WebDriver cannot reach (GTK menus, choosers, dialogs):
//! found and driven through xdotool, with real key presses (XTEST) to the focused window.

use std::process::{Command, Output};
use std::time::{Duration, Instant};

pub fn xdotool(display: &str, args: &[&str]) -> Output {
    Command::new("xdotool")
        .args(args)
        .env("DISPLAY", display)
        // Window names are read as UTF-8 only in a UTF-8 locale.
        .env("LC_ALL", "C.UTF-8")
        .output()
        .expect("xdotool is installed (./scripts/setup.sh installs it)")
}

/// Every window's id and name on `display`.
pub fn windows(display: &str) -> Vec<(String, String)> {
    // Matched here rather than by xdotool's --name, whose regular expressions miss CJK titles.
    let ids = xdotool(display, &["search", "--name", ".*"]);
    String::from_utf8_lossy(&ids.stdout)
        .lines()
        .filter(|id| !id.is_empty())
        .map(|id| {
            let name = xdotool(display, &["getwindowname", id]);
            (id.to_string(), String::from_utf8_lossy(&name.stdout).trim().to_string())
        })
        .collect()
}

/// The first window whose name `wanted` accepts, waiting up to `timeout` for it to map.
pub fn wait_for_window(display: &str, what: &str, timeout: Duration, wanted: impl Fn(&str) -> bool) -> String {
    let start = Instant::now();
    loop {
        if let Some((id, _)) = windows(display).into_iter().find(|(_, name)| wanted(name)) {
            return id;
        }
        if start.elapsed() > timeout {
            let names: Vec<String> = windows(display).into_iter().map(|w| w.1).collect();
            panic!("{what} never opened; the windows: {names:?}");
        }
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// Real key presses to `window`, focused first (no --window: that sends synthetic events, which
/// GTK takes for typing but not for menus or a dialog's default button).
pub fn keys(display: &str, window: &str, keys: &[&str]) {
    xdotool(display, &["windowfocus", "--sync", window]);
    for key in keys {
        xdotool(display, &["key", key]);
        std::thread::sleep(Duration::from_millis(250));
    }
}

/// Types `path` into the GTK chooser titled `title` on `display`: Ctrl+L, the path, Enter. A
/// folder's path goes without a trailing slash: Enter then chooses it rather than opening it.
pub fn answer_the_chooser(display: &str, title: &str, path: &std::path::Path) {
    let window = wait_for_window(display, "the file chooser", Duration::from_secs(15), |name| {
        name == title
    });
    // The chooser draws its location box a moment after it maps.
    std::thread::sleep(Duration::from_millis(700));
    keys(display, &window, &["ctrl+l"]);
    let path = path.display().to_string();
    xdotool(display, &["type", "--delay", "20", &path]);
    std::thread::sleep(Duration::from_millis(300));
    xdotool(display, &["key", "Return"]);
    // Some GTK versions open a folder first; a second Enter on it chooses it.
    std::thread::sleep(Duration::from_millis(1000));
    let still = xdotool(display, &["getwindowname", &window]);
    if still.status.success() && String::from_utf8_lossy(&still.stdout).trim() == title {
        xdotool(display, &["key", "Return"]);
    }
}
