//! Starts the real app for WebDriver: Xvfb for a display, tauri-driver in front of WebKitWebDriver,
//! and a private home so the app's database and WebKit's files stay inside the test's folder.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};

/// A program the tests need; a missing one fails the run with what to do, never a quiet skip.
fn require(program: &str, hint: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .chain(std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo/bin")))
        .map(|dir| dir.join(program))
        .find(|p| p.is_file());
    found.unwrap_or_else(|| panic!("{program} is needed by the end-to-end tests but was not found: {hint}"))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port()
}

fn wait_until(what: &str, timeout: Duration, mut ready: impl FnMut() -> bool) {
    let start = Instant::now();
    while !ready() {
        assert!(start.elapsed() < timeout, "{what} did not come up within {timeout:?}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Stops a child politely: tauri-driver only stops its WebKitWebDriver on SIGTERM.
fn terminate(child: &mut Child) {
    unsafe { libc::kill(child.id() as i32, libc::SIGTERM) };
    let start = Instant::now();
    while start.elapsed() < Duration::from_secs(5) {
        if let Ok(Some(_)) = child.try_wait() {
            return;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
}

pub struct Desktop {
    xvfb: Child,
    driver: Child,
    port: u16,
    pub home: tempfile::TempDir,
    /// The D-Bus session of the publishing scenario (a Secret Service on it), if it has one.
    pub session: Option<Session>,
    /// The X display the app runs on (`:N`), for programs that share its clipboard.
    pub display: String,
}

/// A private D-Bus session with gnome-keyring's Secret Service on it, unlocked: the app keeps
/// application passwords there, and a second launch finds the first over it (single instance).
pub struct Session {
    bus: Child,
    pub address: String,
}

impl Session {
    fn start(home: &Path) -> Session {
        let hint = "run ./scripts/setup.sh (it installs dbus, gnome-keyring and libsecret-tools)";
        let daemon = require("dbus-daemon", hint);
        let keyring = require("gnome-keyring-daemon", hint);
        require("secret-tool", hint);
        let mut bus = Command::new(daemon)
            .args(["--session", "--nofork", "--print-address=1"])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("dbus-daemon starts");
        let mut line = String::new();
        std::io::BufRead::read_line(&mut std::io::BufReader::new(bus.stdout.take().unwrap()), &mut line)
            .expect("dbus-daemon prints its address");
        let address = line.trim().to_string();
        assert!(address.starts_with("unix:"), "a session bus address: {address:?}");
        let mut unlock = Command::new(keyring)
            .args(["--unlock", "--components=secrets"])
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_RUNTIME_DIR", home)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("gnome-keyring-daemon starts");
        // The keyring's password, for this test's throwaway keyring only.
        std::io::Write::write_all(&mut unlock.stdin.take().unwrap(), b"test-keyring").unwrap();
        assert!(
            unlock.wait().unwrap().success(),
            "gnome-keyring-daemon unlocked its keyring"
        );
        Session { bus, address }
    }

    /// The secret stored for `account` under Newsdesk's service, read as another program would.
    pub fn secret(&self, account: &str) -> Option<String> {
        let out = Command::new("secret-tool")
            .args(["lookup", "service", "cn.newsdesk.desktop", "username", account])
            .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
            .output()
            .expect("secret-tool runs");
        let text = String::from_utf8_lossy(&out.stdout).trim().to_string();
        (out.status.success() && !text.is_empty()).then_some(text)
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // The keyring daemon leaves with its bus.
        terminate(&mut self.bus);
    }
}

impl Desktop {
    pub fn start() -> Desktop {
        Desktop::start_with(false, &[], "1600x1000")
    }

    /// With a session bus and a Secret Service, `env` for the app (e.g. `BROWSER`), on a screen
    /// of `screen` (`WIDTHxHEIGHT`).
    pub fn start_with(session: bool, env: &[(&str, &std::ffi::OsStr)], screen: &str) -> Desktop {
        let hint = "run ./scripts/setup.sh (it installs xvfb and webkit2gtk-driver) and `cargo install tauri-driver --locked --version ^2`";
        let xvfb_bin = require("Xvfb", hint);
        let native = require("WebKitWebDriver", hint);
        let tauri_driver = require("tauri-driver", hint);

        let home = tempfile::tempdir().unwrap();
        let display = (90..200)
            .find(|n| {
                !Path::new(&format!("/tmp/.X11-unix/X{n}")).exists() && !Path::new(&format!("/tmp/.X{n}-lock")).exists()
            })
            .expect("a free X display number");
        let xvfb = Command::new(xvfb_bin)
            .args([
                format!(":{display}").as_str(),
                "-screen",
                "0",
                &format!("{screen}x24"),
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("Xvfb starts");
        wait_until("Xvfb", Duration::from_secs(10), || {
            Path::new(&format!("/tmp/.X11-unix/X{display}")).exists()
        });

        let port = free_port();
        let native_port = free_port();
        let log = std::fs::File::create(home.path().join("tauri-driver.log")).unwrap();
        let session = session.then(|| Session::start(home.path()));
        let mut driver = Command::new(tauri_driver);
        driver
            .args(["--port", &port.to_string(), "--native-port", &native_port.to_string()])
            .arg("--native-driver")
            .arg(native)
            .env("DISPLAY", format!(":{display}"))
            .env("HOME", home.path())
            .env("XDG_DATA_HOME", home.path().join("data"))
            .env("XDG_CONFIG_HOME", home.path().join("config"))
            .env("XDG_CACHE_HOME", home.path().join("cache"))
            .env("XDG_RUNTIME_DIR", home.path())
            .env("LANG", "zh_CN.UTF-8")
            .env_remove("NEWSDESK_DB")
            // No session bus but the scenario's own: each run is its own single instance, and
            // WebKit skips a11y.
            .env_remove("DBUS_SESSION_BUS_ADDRESS")
            .env_remove("BROWSER")
            .env("NO_AT_BRIDGE", "1")
            .env("WEBKIT_DISABLE_DMABUF_RENDERER", "1")
            .env("LIBGL_ALWAYS_SOFTWARE", "1")
            .stdout(log.try_clone().unwrap())
            .stderr(log);
        if let Some(s) = &session {
            driver.env("DBUS_SESSION_BUS_ADDRESS", &s.address);
        }
        for (k, v) in env {
            driver.env(k, v);
        }
        let driver = driver.spawn().expect("tauri-driver starts");
        // Both must listen: tauri-driver, and the WebKitWebDriver it starts behind it.
        wait_until("tauri-driver and WebKitWebDriver", Duration::from_secs(20), || {
            [port, native_port]
                .iter()
                .all(|p| std::net::TcpStream::connect(("127.0.0.1", *p)).is_ok())
        });
        Desktop {
            xvfb,
            driver,
            port,
            home,
            session,
            display: format!(":{display}"),
        }
    }

    /// The database the app opens: newsdesk.db in its data folder inside the test's home.
    pub fn db_path(&self) -> PathBuf {
        self.home
            .path()
            .join("data")
            .join(newsdesk_core::paths::APP_IDENTIFIER)
            .join(newsdesk_core::paths::DB_FILE_NAME)
    }

    /// Launches the app and connects to its webview.
    pub async fn launch(&self) -> Client {
        self.launch_app(Path::new(env!("CARGO_BIN_EXE_newsdesk-desktop"))).await
    }

    /// Launches `application` (the bench's bare window, or the app) and connects to its webview.
    pub async fn launch_app(&self, application: &Path) -> Client {
        let mut caps = serde_json::Map::new();
        caps.insert(
            "tauri:options".into(),
            serde_json::json!({ "application": application }),
        );
        ClientBuilder::native()
            .capabilities(caps)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .unwrap_or_else(|e| {
                let log = std::fs::read_to_string(self.home.path().join("tauri-driver.log")).unwrap_or_default();
                panic!("the app did not start under WebDriver: {e}\n{log}")
            })
    }
}

impl Desktop {
    /// tauri-driver's process: the apps it launches are below it (read by the bench).
    #[allow(dead_code)]
    pub fn driver_pid(&self) -> u32 {
        self.driver.id()
    }
}

impl Drop for Desktop {
    fn drop(&mut self) {
        terminate(&mut self.driver);
        terminate(&mut self.xvfb);
    }
}
