//! Updates of the app itself: where they come from, whether an offered release is newer, and
//! whether installing may go ahead now. No network here: the shell fetches and verifies.
//!
//! Updates are off unless a public key is configured: an unsigned channel would let whoever
//! answers the endpoint replace the editor's program, so without a key the app never asks.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::error::{Error, Result};

/// The environment variables that point a build at another update channel (a test's server,
/// a staging manifest); they win over `plugins.updater` in tauri.conf.json.
pub const ENDPOINT_VAR: &str = "NEWSDESK_UPDATE_ENDPOINT";
pub const PUBKEY_VAR: &str = "NEWSDESK_UPDATE_PUBKEY";

/// Where the signed manifest is and the key its packages must be signed with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UpdateSource {
    /// The minisign public key as `tauri signer generate` prints it (base64 of the .pub file).
    pub pubkey: String,
    /// Manifest addresses (`latest.json`), tried in order.
    pub endpoints: Vec<String>,
}

impl UpdateSource {
    /// The configured source, with the environment's values over the config's; `None` (updates
    /// off) while there is no key or no endpoint.
    pub fn resolve(
        config_pubkey: &str,
        config_endpoints: &[String],
        env_pubkey: Option<&str>,
        env_endpoint: Option<&str>,
    ) -> Option<UpdateSource> {
        let given = |v: Option<&str>| v.map(str::trim).filter(|v| !v.is_empty()).map(str::to_string);
        let pubkey = given(env_pubkey).or_else(|| given(Some(config_pubkey)))?;
        let endpoints = match given(env_endpoint) {
            Some(one) => vec![one],
            None => config_endpoints
                .iter()
                .map(|e| e.trim().to_string())
                .filter(|e| !e.is_empty())
                .collect(),
        };
        (!endpoints.is_empty()).then_some(UpdateSource { pubkey, endpoints })
    }
}

/// A release the manifest offers that is newer than the running app.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UpdateOffer {
    pub version: String,
    pub current_version: String,
    /// The release notes of the manifest, as its maintainers wrote them.
    pub notes: Option<String>,
    /// When it was published (RFC 3339), if the manifest says.
    pub pub_date: Option<String>,
}

/// What a check found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum UpdateCheck {
    /// No key is configured: the app does not look for updates.
    Off,
    UpToDate {
        current_version: String,
    },
    Available {
        offer: UpdateOffer,
    },
}

/// How far an install has come, sent to the window as it goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "step", rename_all = "snake_case")]
pub enum InstallStep {
    Downloading {
        #[ts(type = "number")]
        received: u64,
        #[ts(type = "number | null")]
        total: Option<u64>,
    },
    /// The package is downloaded and its signature checked against the configured key.
    Verified,
    Installing,
}

/// How an install ended, when it did not fail.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum InstallOutcome {
    /// Installed; the app restarts into the new version.
    Restarting,
    /// Downloaded and verified, not installed: this program was not installed from a package
    /// (a build run from its folder), and replacing it would replace a developer's build.
    DownloadedOnly,
}

/// How this program was installed, as far as installing an update over it cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Installation {
    /// From one of the release's packages (deb, rpm, AppImage, msi, nsis, the macOS app).
    Package,
    /// Run from a build folder (`target/`), or a package type updates cannot replace.
    BuildFolder,
}

/// Why an update could not be checked for or installed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum UpdateProblem {
    /// The window has edits that are not saved: installing restarts the app.
    UnsavedWork,
    /// An install was asked for with no update found by a check before it.
    NothingOffered,
    /// The manifest could not be fetched or read.
    Unreachable(String),
    /// The package's signature was not made with the configured key (or is damaged).
    BadSignature(String),
    /// The package could not be downloaded.
    Download(String),
    /// The verified package could not be installed.
    Install(String),
}

/// Refuses an install while the window reports unsaved work; the window flushes before asking,
/// so this is the last guard, for a save that failed or is still under way.
pub fn may_install(unsaved_work: bool) -> Result<()> {
    if unsaved_work {
        return Err(Error::Update(UpdateProblem::UnsavedWork));
    }
    Ok(())
}

/// Whether a verified package replaces this program or only waits, downloaded.
pub fn outcome_for(installation: Installation) -> InstallOutcome {
    match installation {
        Installation::Package => InstallOutcome::Restarting,
        Installation::BuildFolder => InstallOutcome::DownloadedOnly,
    }
}

/// A semantic version, compared by its numbers and then its pre-release (a release is newer
/// than its own pre-releases); build metadata does not count.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Version {
    numbers: [u64; 3],
    pre: Vec<String>,
}

impl Version {
    fn parse(text: &str) -> Option<Version> {
        let text = text.trim().trim_start_matches('v');
        let text = text.split('+').next()?;
        let (core, pre) = match text.split_once('-') {
            Some((core, pre)) => (core, pre.split('.').map(str::to_string).collect()),
            None => (text, Vec::new()),
        };
        let mut parts = core.split('.');
        let mut numbers = [0u64; 3];
        for n in &mut numbers {
            *n = parts.next()?.parse().ok()?;
        }
        if parts.next().is_some() {
            return None;
        }
        Some(Version { numbers, pre })
    }

    fn compare(&self, other: &Version) -> std::cmp::Ordering {
        use std::cmp::Ordering;
        self.numbers
            .cmp(&other.numbers)
            .then_with(|| match (self.pre.is_empty(), other.pre.is_empty()) {
                (true, true) => Ordering::Equal,
                (true, false) => Ordering::Greater,
                (false, true) => Ordering::Less,
                (false, false) => {
                    for (a, b) in self.pre.iter().zip(&other.pre) {
                        let o = match (a.parse::<u64>(), b.parse::<u64>()) {
                            (Ok(a), Ok(b)) => a.cmp(&b),
                            (Ok(_), Err(_)) => Ordering::Less,
                            (Err(_), Ok(_)) => Ordering::Greater,
                            (Err(_), Err(_)) => a.cmp(b),
                        };
                        if o != Ordering::Equal {
                            return o;
                        }
                    }
                    self.pre.len().cmp(&other.pre.len())
                }
            })
    }
}

/// True when `offered` is a later version than `current`. A version that cannot be read is
/// never newer: a damaged manifest must not make the app offer it.
pub fn is_newer(offered: &str, current: &str) -> bool {
    match (Version::parse(offered), Version::parse(current)) {
        (Some(o), Some(c)) => o.compare(&c) == std::cmp::Ordering::Greater,
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ErrorKind;
    use crate::Lang;

    #[test]
    fn only_a_later_version_is_newer() {
        assert!(is_newer("99.0.0", "0.1.0"));
        assert!(is_newer("0.1.1", "0.1.0"));
        assert!(is_newer("0.10.0", "0.9.9"), "numbers, not text");
        assert!(is_newer("v1.0.0", "0.9.0"), "a leading v is how tags are written");
        assert!(!is_newer("0.1.0", "0.1.0"));
        assert!(!is_newer("0.0.9", "0.1.0"), "an older release is no update");
        assert!(!is_newer("0.1.0+build.7", "0.1.0"), "build metadata does not count");
    }

    #[test]
    fn a_release_is_newer_than_its_pre_releases() {
        assert!(is_newer("1.0.0", "1.0.0-rc.1"));
        assert!(!is_newer("1.0.0-rc.1", "1.0.0"));
        assert!(is_newer("1.0.0-rc.2", "1.0.0-rc.1"));
        assert!(
            is_newer("1.0.0-rc.10", "1.0.0-rc.9"),
            "numeric identifiers compare as numbers"
        );
        assert!(is_newer("1.0.0-beta", "1.0.0-alpha"));
        assert!(is_newer("1.0.0-alpha.1", "1.0.0-alpha"));
    }

    #[test]
    fn an_unreadable_version_is_never_offered() {
        for bad in ["", "latest", "1.0", "1.0.0.0", "1.x.0", "99"] {
            assert!(!is_newer(bad, "0.1.0"), "{bad:?}");
        }
        assert!(!is_newer("1.0.0", "garbage"));
    }

    #[test]
    fn updates_are_off_without_a_key_or_an_endpoint() {
        let endpoints = vec!["https://example.cn/latest.json".to_string()];
        assert_eq!(UpdateSource::resolve("", &endpoints, None, None), None, "no key: off");
        assert_eq!(UpdateSource::resolve("  ", &endpoints, Some(""), None), None);
        assert_eq!(UpdateSource::resolve("KEY", &[], None, None), None, "no endpoint: off");
        assert_eq!(
            UpdateSource::resolve("KEY", &[" ".into()], None, Some(" ")),
            None,
            "blank values are no values"
        );
        assert_eq!(
            UpdateSource::resolve("KEY", &endpoints, None, None),
            Some(UpdateSource {
                pubkey: "KEY".into(),
                endpoints: endpoints.clone()
            })
        );
    }

    #[test]
    fn the_environment_wins_over_the_config() {
        let endpoints = vec!["https://example.cn/latest.json".to_string()];
        let source = UpdateSource::resolve(
            "",
            &endpoints,
            Some("TESTKEY"),
            Some("http://127.0.0.1:4000/latest.json"),
        )
        .expect("a key and an endpoint from the environment turn updates on");
        assert_eq!(source.pubkey, "TESTKEY");
        assert_eq!(source.endpoints, ["http://127.0.0.1:4000/latest.json"]);
        let source = UpdateSource::resolve("CONFIGKEY", &endpoints, Some("ENVKEY"), None).unwrap();
        assert_eq!(source.pubkey, "ENVKEY");
        assert_eq!(
            source.endpoints, endpoints,
            "the config's endpoints stay without one in the environment"
        );
    }

    #[test]
    fn unsaved_work_refuses_the_install_in_both_languages() {
        assert!(may_install(false).is_ok());
        let e = may_install(true).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::UnsavedWork);
        assert_eq!(e.message(Lang::Zh), "有未保存的修改，保存后再安装。");
        assert!(
            e.message(Lang::En).starts_with("There are unsaved changes"),
            "{}",
            e.message(Lang::En)
        );
    }

    #[test]
    fn only_a_packaged_program_is_replaced() {
        assert_eq!(outcome_for(Installation::Package), InstallOutcome::Restarting);
        assert_eq!(outcome_for(Installation::BuildFolder), InstallOutcome::DownloadedOnly);
    }

    #[test]
    fn update_failures_say_what_failed_and_what_to_do() {
        let bad = Error::Update(UpdateProblem::BadSignature("Invalid signature".into()));
        assert_eq!(bad.kind(), ErrorKind::Update);
        let zh = bad.message(Lang::Zh);
        assert!(zh.contains("签名") && zh.contains("未安装"), "{zh}");
        let unreachable = Error::Update(UpdateProblem::Unreachable("connection refused".into()));
        assert_eq!(unreachable.kind(), ErrorKind::Network);
        assert!(unreachable.message(Lang::En).contains("connection refused"));
    }
}
