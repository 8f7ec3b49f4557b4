//! Tauri's build step: the app's own commands get permissions, which the capability grants.
fn main() {
    let attributes = tauri_build::Attributes::new()
        .capabilities_path_pattern("./src-tauri/capabilities/**/*")
        .app_manifest(tauri_build::AppManifest::new().commands(&[
            "workspace",
            "set_lang",
            "list_articles",
            "get_article",
            "create_article",
            "save_article",
            "duplicate_article",
            "trash_article",
            "untrash_article",
            "article_history",
            "article_revision",
            "restore_revision",
            "preview_article",
            "suggest_slug",
            "known_outlets",
            "update_site",
            "add_channel",
            "rename_channel",
            "reorder_channels",
            "export_site",
            "article_photos",
            "import_photo",
            "update_photo",
            "detach_photo",
            "set_lead_photo",
            "sync_status",
            "article_publications",
            "push_now",
            "retry_publication",
            "conflict_view",
            "resolve_conflict",
            "add_target",
            "remove_target",
            "authorize_target",
            "open_in_browser",
            "pull_target",
        ]));
    tauri_build::try_build(attributes).expect("tauri-build failed");
}
