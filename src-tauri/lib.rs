//! The desktop shell: builds the Tauri app around newsdesk-core. It only adapts: each command
//! takes the state, makes one core call and maps the error to `{kind, message}`.

mod browser;
mod commands;
mod editing;
mod first_page;
mod page_protocol;
mod publishing;
mod state;
mod updates;

use std::hash::{Hash, Hasher};

use tauri::Manager;
use tauri_plugin_deep_link::DeepLinkExt;

pub use state::AppState;

/// A D-Bus name part that is the same for every launch on one database file, so a second
/// launch on the same database focuses the first window, while other databases may open.
fn instance_id(db_path: &std::path::Path) -> String {
    let mut h = std::collections::hash_map::DefaultHasher::new();
    db_path.hash(&mut h);
    format!("{}.db{:016x}", newsdesk_core::paths::APP_IDENTIFIER, h.finish())
}

/// Room the window manager takes for the title bar and borders, in logical pixels: the window
/// does not exist yet when its size is chosen, so its frame cannot be measured.
const FRAME: (f64, f64) = (16.0, 48.0);

/// Opens the main window (declared in tauri.conf.json with `create: false`) at its configured
/// 1440×900, or, on a smaller screen (a 1366×768 office laptop), at the monitor's work area,
/// so the top bar and the bottom buttons are on screen. A size the editor left last time is
/// restored over this by the window-state plugin.
fn open_main_window(app: &tauri::App) -> tauri::Result<()> {
    let Some(config) = app.config().app.windows.iter().find(|w| w.label == "main").cloned() else {
        return Ok(());
    };
    let handle = app.handle().clone();
    let mut window = tauri::WebviewWindowBuilder::from_config(app.handle(), &config)?
        .on_web_resource_request(move |request, response| first_page::serve(&handle, &request, response));
    if let Some(monitor) = app.primary_monitor()? {
        let scale = monitor.scale_factor();
        let area = monitor.work_area();
        let (aw, ah) = (area.size.width as f64 / scale, area.size.height as f64 / scale);
        let width = config
            .width
            .min(aw - FRAME.0)
            .max(config.min_width.unwrap_or(0.0).min(aw));
        let height = config
            .height
            .min(ah - FRAME.1)
            .max(config.min_height.unwrap_or(0.0).min(ah));
        if width < config.width || height < config.height {
            let (x, y) = (area.position.x as f64 / scale, area.position.y as f64 / scale);
            window = window
                .inner_size(width, height)
                .position(x + (aw - width - FRAME.0).max(0.0) / 2.0, y);
        }
    }
    window.build()?;
    Ok(())
}

pub fn run() {
    let db_path = newsdesk_core::paths::default_db_path();
    let system_lang = newsdesk_core::Lang::from_locale(&sys_locale::get_locale().unwrap_or_default());
    let single_instance = tauri_plugin_single_instance::Builder::new()
        .dbus_id(instance_id(&db_path))
        // With its deep-link feature, the arguments of a second launch (a `newsdesk://` callback
        // the browser handed to the OS) reach the deep-link plugin's handler first.
        .callback(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.show();
                let _ = w.set_focus();
            }
        })
        .build();
    let result = tauri::Builder::default()
        .plugin(single_instance)
        .plugin(tauri_plugin_deep_link::init())
        .plugin(tauri_plugin_opener::init())
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_updater::Builder::new().build())
        .manage(updates::Updates::default())
        .register_uri_scheme_protocol(page_protocol::SCHEME, page_protocol::handle)
        .setup(move |app| {
            // Nothing here may take longer on a bigger database: the window paints only once
            // the setup hook has returned. The database is opened (and migrated) on a thread
            // of its own; commands that come first wait for it off the main thread.
            let state = AppState::new(db_path.clone(), newsdesk_core::paths::config_dir(), system_lang);
            // The asset protocol reads the media folders and nothing else of ours: their paths
            // depend on the database, so the scope is given here (and by each site opened later)
            // rather than in the config.
            let media = newsdesk_core::media::MediaFolder::beside(&db_path)
                .create()
                .map_err(|e| e.message(system_lang))?;
            app.asset_protocol_scope().allow_directory(media, true)?;
            app.manage(state);
            // After the state: the window's first commands need it.
            open_main_window(app)?;
            let links = app.handle().clone();
            app.deep_link().on_open_url(move |event| {
                publishing::open_urls(&links, event.urls().iter().map(|u| u.to_string()).collect());
            });
            // Linux and Windows learn the scheme at run time too (installers declare it as well),
            // so a build run from its folder still gets the browser's callback. Off the main
            // thread, and a few seconds later: on Linux it runs xdg-mime and
            // update-desktop-database, processes whose CPU the webview needs while it starts on
            // a two-core machine (an authorization's callback comes minutes later, if at all).
            #[cfg(any(target_os = "linux", windows))]
            {
                let handle = app.handle().clone();
                std::thread::Builder::new()
                    .name("register-scheme".into())
                    .spawn(move || {
                        std::thread::sleep(std::time::Duration::from_secs(3));
                        let _ = handle.deep_link().register_all();
                    })?;
            }
            // Started with a callback (the app was not running when the browser handed it over).
            if let Ok(Some(urls)) = app.deep_link().get_current() {
                publishing::open_urls(app.handle(), urls.iter().map(|u| u.to_string()).collect());
            }
            app.state::<AppState>().publishing.start(app.handle())?;

            let handle = app.handle().clone();
            std::thread::Builder::new()
                .name("open-database".into())
                .spawn(move || {
                    let state = handle.state::<AppState>();
                    state.open_database(chrono::Utc::now());
                    if let Ok(site) = state.site() {
                        // Before anything else reads the database: the page asks for these
                        // about as soon as the site is open (later on a first launch).
                        site.prepare_launch_answers(state.system_lang);
                        // The home site's folder is allowed above; a site reopened in its
                        // place needs its own.
                        let _ = site.allow_media(&handle);
                        site.index_older_articles();
                    }
                })?;
            Ok(())
        })
        .invoke_handler(tauri::generate_handler![
            commands::workspace,
            commands::set_lang,
            commands::list_articles,
            commands::get_article,
            commands::create_article,
            commands::save_article,
            commands::duplicate_article,
            commands::trash_article,
            commands::untrash_article,
            commands::article_history,
            commands::article_revision,
            commands::revision_changes,
            commands::restore_revision,
            commands::undo_restore,
            commands::preview_article,
            commands::suggest_slug,
            commands::known_outlets,
            commands::update_site,
            commands::add_channel,
            commands::rename_channel,
            commands::reorder_channels,
            commands::export_site,
            commands::article_photos,
            commands::import_photo,
            commands::update_photo,
            commands::detach_photo,
            commands::set_lead_photo,
            commands::sync_status,
            commands::article_publications,
            commands::push_now,
            commands::retry_publication,
            commands::conflict_view,
            commands::resolve_conflict,
            commands::add_target,
            commands::remove_target,
            commands::authorize_target,
            commands::open_in_browser,
            commands::pull_target,
            commands::repost_from_clipboard,
            commands::repost_from_file,
            commands::repost_from_url,
            commands::paste_as_markdown,
            commands::read_time,
            commands::open_folder,
            commands::update_site_pages,
            commands::delete_channel,
            commands::empty_trash,
            commands::fetch_article_images,
            commands::edit_command,
            updates::check_update,
            updates::install_update,
            commands::recent_sites,
            commands::forget_missing_sites,
            commands::suggest_site_path,
            commands::create_site,
            commands::open_site,
        ])
        .run(tauri::generate_context!());
    if let Err(e) = result {
        eprintln!("Newsdesk could not start: {e}");
        std::process::exit(1);
    }
}
