//! The app's own updates end to end: a signed `latest.json` served from 127.0.0.1, made at test
//! time with keys of the tauri CLI's `signer generate` (test keys, thrown away with the run).
//!
//! What it covers: the check after the first paint finds 99.0.0 and the notice says so; an
//! install with a save that fails is refused and downloads nothing; with the work saved (the
//! last keys typed flushed by the install button) the package is downloaded and its signature
//! checked, and the test's binary is left as it was (a build run from its folder is never
//! replaced); a package signed by another key is refused. What it does not: replacing an
//! installed AppImage, deb or rpm and restarting, which only a packaged release can do.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use crate::harness::Desktop;
use crate::served::Served;
use crate::steps;

/// The version the channel offers, far above any real one.
pub const OFFERED: &str = "99.0.0";
/// The version of the package signed by a key the app does not trust.
pub const FORGED: &str = "99.0.1";
pub const NOTES: &str = "测试更新：修正了若干问题。";

/// The tauri CLI of ui/node_modules (`npm ci` in ui/, which scripts/setup.sh runs).
fn tauri_cli() -> PathBuf {
    let cli = Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/node_modules/.bin/tauri");
    assert!(
        cli.is_file(),
        "the update test signs its packages with the tauri CLI, {} is missing: run ./scripts/setup.sh (npm ci in ui/)",
        cli.display()
    );
    cli
}

fn run(cli: &Path, args: &[&str], dir: &Path) {
    let out = Command::new(cli)
        .args(args)
        .current_dir(dir)
        // `--ci` skips the prompts; a test key has no password.
        .env("CI", "true")
        .env_remove("TAURI_SIGNING_PRIVATE_KEY")
        .env_remove("TAURI_SIGNING_PRIVATE_KEY_PASSWORD")
        .output()
        .expect("the tauri CLI runs");
    assert!(
        out.status.success(),
        "tauri {args:?} failed: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A key pair of `tauri signer generate`: the private key file and the public key text.
fn test_key(cli: &Path, dir: &Path, name: &str) -> (PathBuf, String) {
    run(cli, &["signer", "generate", "--ci", "-p", "", "-w", name], dir);
    let public = std::fs::read_to_string(dir.join(format!("{name}.pub"))).expect("the public key is written");
    (dir.join(name), public.trim().to_string())
}

/// Signs `file` for `version` with `key`, as the bundler signs updater artifacts; the text of
/// the .sig file is what a manifest's `signature` holds.
fn sign(cli: &Path, dir: &Path, key: &Path, version: &str, file: &str) -> String {
    let key = key.to_string_lossy();
    run(
        cli,
        &["signer", "sign", "-f", &key, "-p", "", "--app-version", version, file],
        dir,
    );
    std::fs::read_to_string(dir.join(format!("{file}.sig"))).expect("the signature is written")
}

/// `latest.json` as tauri-action publishes it.
fn manifest(version: &str, url: &str, signature: &str) -> Vec<u8> {
    let platform = serde_json::json!({ "signature": signature, "url": url });
    serde_json::to_vec_pretty(&serde_json::json!({
        "version": version,
        "notes": NOTES,
        "pub_date": "2026-12-01T08:00:00Z",
        "platforms": {
            "linux-x86_64": platform,
            "windows-x86_64": platform,
            "darwin-aarch64": platform,
            "darwin-x86_64": platform,
        }
    }))
    .unwrap()
}

/// The update channel: a one-thread web server on 127.0.0.1 serving the manifest and the
/// packages, and the paths it was asked for.
pub struct Channel {
    pub pubkey: String,
    served: Served,
    forged: Vec<u8>,
    _dir: tempfile::TempDir,
}

impl Channel {
    pub fn start() -> Channel {
        let cli = tauri_cli();
        let dir = tempfile::tempdir().unwrap();
        let (trusted, pubkey) = test_key(&cli, dir.path(), "newsdesk-test-update.key");
        let (other, _) = test_key(&cli, dir.path(), "another-test.key");

        let served = Served::start();
        let base = served.base.clone();

        // Packages only downloaded and verified, never run: their bytes need only be signed.
        let package = "Newsdesk_99.0.0_amd64.AppImage.tar.gz";
        let forged_package = "Newsdesk_99.0.1_amd64.AppImage.tar.gz";
        std::fs::write(dir.path().join(package), b"Newsdesk 99.0.0 test package\n".repeat(4096)).unwrap();
        std::fs::write(
            dir.path().join(forged_package),
            b"Newsdesk 99.0.1 forged package\n".repeat(4096),
        )
        .unwrap();
        let signature = sign(&cli, dir.path(), &trusted, OFFERED, package);
        let forged_signature = sign(&cli, dir.path(), &other, FORGED, forged_package);

        const PACKAGE: &str = "application/octet-stream";
        served.route(
            "/latest.json",
            "application/json",
            manifest(OFFERED, &format!("{base}/{package}"), &signature),
        );
        for p in [package, forged_package] {
            served.route(&format!("/{p}"), PACKAGE, std::fs::read(dir.path().join(p)).unwrap());
        }
        let forged = manifest(FORGED, &format!("{base}/{forged_package}"), &forged_signature);
        Channel {
            pubkey,
            served,
            forged,
            _dir: dir,
        }
    }

    pub fn endpoint(&self) -> String {
        format!("{}/latest.json", self.served.base)
    }

    /// The paths asked for so far.
    pub fn asked(&self) -> Vec<String> {
        self.served.asked()
    }

    /// How many times a package (anything but the manifest) was downloaded.
    pub fn downloads(&self, version: &str) -> usize {
        let name = format!("/Newsdesk_{version}_amd64.AppImage.tar.gz");
        self.asked().iter().filter(|p| **p == name).count()
    }

    /// From now on the manifest offers 99.0.1, whose package another key signed.
    pub fn offer_a_package_signed_by_another_key(&self) {
        self.served
            .route("/latest.json", "application/json", self.forged.clone());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn updates_end_to_end() {
    let _window = crate::ONE_WINDOW.lock().await;
    tokio::time::timeout(Duration::from_secs(300), scenario())
        .await
        .expect("the update scenario finishes within 5 minutes");
}

async fn scenario() {
    let channel = tokio::task::spawn_blocking(Channel::start).await.unwrap();
    let endpoint = channel.endpoint();
    let desktop = Desktop::start_with(
        false,
        &[
            ("NEWSDESK_UPDATE_ENDPOINT", endpoint.as_ref()),
            ("NEWSDESK_UPDATE_PUBKEY", channel.pubkey.as_ref()),
        ],
        "1600x1000",
    );
    let binary = Path::new(env!("CARGO_BIN_EXE_newsdesk-desktop"));
    let before = std::fs::metadata(binary).unwrap();
    let app = desktop.launch().await;
    let steps = steps::Steps::new(&app, &desktop);
    steps.demo_is_open().await;
    steps.an_update_is_announced(&channel).await;
    let id = steps.unsaved_work_refuses_the_install(&channel).await;
    steps.saved_work_lets_the_update_download(&channel, &id).await;
    let after = std::fs::metadata(binary).unwrap();
    assert_eq!(
        (after.len(), after.modified().unwrap()),
        (before.len(), before.modified().unwrap()),
        "the test's binary, a build run from its folder, was not replaced"
    );
    steps.a_package_signed_by_another_key_is_refused(&channel).await;
    app.close().await.expect("the session closes");
}
