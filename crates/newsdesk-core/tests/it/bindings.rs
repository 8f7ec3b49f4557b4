//! The UI's TypeScript types must be the ones generated from the Rust types that cross IPC.

use std::path::PathBuf;

fn bindings_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../ui/src/lib/bindings")
}

#[test]
fn committed_typescript_bindings_are_current() {
    let dir = bindings_dir();
    let bless = std::env::var_os("NEWSDESK_BLESS").is_some();
    let decls = newsdesk_core::ipc::typescript_declarations();
    let names: Vec<&str> = decls.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Article",
            "ArticleId",
            "ArticlePatch",
            "SourceAttribution",
            "Status",
            "ArticleCounts",
            "ArticleFilter",
            "ArticleSort",
            "ArticleSummary",
            "SnippetPart",
            "DamagedRow",
            "RevisionSummary",
            "RevisionLabel",
            "ArticleField",
            "FieldChange",
            "SaveKind",
            "ErrorKind",
            "WireError",
            "Lang",
            "Site",
            "Channel",
            "Workspace",
            "ArticleListing",
            "Preview",
            "StripPhoto",
            "ExportReport",
            "ExportProgress",
            "PhotoPatch",
            "Target",
            "TargetKind",
            "PublicationState",
            "Operation",
            "Connectivity",
            "SyncStatus",
            "ArticlePublication",
            "PublicationMark",
            "ConflictView",
            "ConflictChoice",
            "Removal",
            "PullSummary",
            "RepostField",
            "ReviewField",
            "SameBy",
            "SameOriginal",
            "RepostReview",
            "TimeReading",
            "UpdateOffer",
            "UpdateCheck",
            "InstallStep",
            "InstallOutcome",
            "NewSite",
            "RecentSite",
            "SiteList",
        ],
        "every type that crosses IPC is declared, once, under its own name"
    );
    let mut stale = Vec::new();
    for (name, text) in &decls {
        let path = dir.join(format!("{name}.ts"));
        if bless {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, text).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(text.as_str()) {
            stale.push(name.clone());
        }
    }
    let index: String = decls
        .iter()
        .map(|(n, _)| format!("export type {{ {n} }} from \"./{n}\";\n"))
        .collect();
    let index_path = dir.join("index.ts");
    if bless {
        std::fs::write(&index_path, &index).unwrap();
    } else if std::fs::read_to_string(&index_path).ok().as_deref() != Some(index.as_str()) {
        stale.push("index".into());
    }
    assert!(
        stale.is_empty(),
        "ui/src/lib/bindings is stale for {stale:?}: the Rust types changed. Run `NEWSDESK_BLESS=1 cargo test -p newsdesk-core bindings` and commit the result."
    );
}
