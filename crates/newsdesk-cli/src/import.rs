//! `newsdesk import FILE|URL|-`: a saved, fetched or piped page (HTML or text, any encoding) as a
//! new draft with its attribution; a fetched page's remote images come into the photo store.
//! `--dry-run` shows the fields and saves nothing.

use std::io::Read;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use newsdesk_core::{ArticleId, ArticlePatch, Db, Error, Lang};
use newsdesk_extract::{ExtractError, Input, Options, Warning, extract_with};

#[derive(Args)]
pub struct ImportArgs {
    /// A .html, .htm or .txt file, a page's http(s) address, or - for standard input.
    file: PathBuf,
    /// Also download the remote images of a file's or piped page's body (a fetched page's
    /// images are always downloaded).
    #[arg(long)]
    fetch_images: bool,
    /// Show what would be imported; save nothing.
    #[arg(long)]
    dry_run: bool,
    /// Convert Traditional characters to Simplified.
    #[arg(long)]
    simplified: bool,
    /// Tidy the body (一键排版): punctuation, spaces, repeated title lines.
    #[arg(long)]
    tidy: bool,
    /// The channel (栏目) of the draft [default: the first channel].
    #[arg(long)]
    channel: Option<String>,
}

/// Why an import stopped: the database's error, or the page's.
pub enum Failure {
    Core(Error),
    Page(ExtractError),
}

impl From<Error> for Failure {
    fn from(e: Error) -> Failure {
        Failure::Core(e)
    }
}

impl Failure {
    pub fn message(&self, lang: Lang) -> String {
        match self {
            Failure::Core(e) => e.message(lang),
            Failure::Page(e) => e.message(lang),
        }
    }
}

fn web_address(file: &std::path::Path) -> Option<String> {
    let s = file.to_str()?;
    (s.starts_with("http://") || s.starts_with("https://")).then(|| s.to_string())
}

fn read(file: &PathBuf, db_path: &std::path::Path) -> Result<(String, Vec<u8>), Failure> {
    if let Some(url) = web_address(file) {
        let http = newsdesk_sync::Http::beside(db_path)?;
        return Ok((
            newsdesk_sync::repost::page_name(&url),
            newsdesk_sync::repost::fetch(&http, &url)?,
        ));
    }
    if file.as_os_str() == "-" {
        // One byte past the limit is enough for the import to refuse it; the rest is not read.
        let limit = newsdesk_extract::MAX_PAGE_BYTES as u64 + 1;
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .take(limit)
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
        return Ok(("-".to_string(), bytes));
    }
    let name = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let shown = || file.display().to_string();
    let len = std::fs::metadata(file).map_err(|e| Error::io(shown(), e))?.len();
    newsdesk_extract::check_file_size(&name, len).map_err(Failure::Page)?;
    let bytes = std::fs::read(file).map_err(|e| Error::io(shown(), e))?;
    Ok((name, bytes))
}

pub fn run(
    db: &mut Db,
    db_path: &std::path::Path,
    args: ImportArgs,
    json: bool,
    lang: Lang,
    now: DateTime<Utc>,
) -> Result<String, Failure> {
    let (name, bytes) = read(&args.file, db_path)?;
    let fetched = web_address(&args.file).is_some();
    let zone = db.site()?.zone();
    let options = Options {
        simplified: args.simplified,
        tidy: args.tidy,
    };
    let mut e = extract_with(
        Input::File {
            name: &name,
            bytes: &bytes,
        },
        zone,
        now,
        options,
    )
    .map_err(Failure::Page)?;
    if let Some(url) = web_address(&args.file) {
        newsdesk_sync::repost::at_address(&mut e, &url, zone, now);
    }
    let seen = db.same_repost(
        e.source_url.as_ref().map(|f| f.value.as_str()),
        e.title.as_ref().map(|f| f.value.as_str()),
        &e.body,
    )?;
    e.warnings.extend(seen.iter().map(Warning::repeat_of));
    let mut fields = e.fields_json(lang);
    if !args.dry_run {
        let channel = match args.channel {
            Some(c) => c,
            None => db.channels()?.into_iter().next().map(|c| c.name).unwrap_or_default(),
        };
        let patch = ArticlePatch {
            title: e.title.as_ref().map(|t| t.value.clone()),
            channel: Some(channel),
            body: Some(if fetched || args.fetch_images {
                newsdesk_sync::repost::credited_figures(&e)
            } else {
                e.body.clone()
            }),
            publish_at: e.publish_at.as_ref().map(|t| t.value.to_string()),
            source_name: e.source_name.as_ref().map(|f| f.value.clone()),
            source_url: e.source_url.as_ref().map(|f| f.value.clone()),
            source_author: e.author(),
            source_time: e.source_time.as_ref().map(|t| t.value.to_string()),
            editor: e.editor.as_ref().map(|f| f.value.clone()),
            other_credits: e.other_credits_line(),
            ..ArticlePatch::default()
        };
        let article = db.create_article(ArticleId::generate(), &patch, now)?;
        fields["id"] = serde_json::json!(article.id);
        if fetched || args.fetch_images {
            let http = newsdesk_sync::Http::beside(db_path)?;
            let media = newsdesk_core::media::MediaFolder::beside(db_path);
            let local = newsdesk_sync::repost::localize_images(db, &media, &http, article.id, now)?;
            fields["body"] = serde_json::json!(local.body);
            fields["photos"] = serde_json::json!(local.photos);
            let warnings = fields["warnings"].as_array_mut().expect("warnings are a list");
            for url in &local.failed {
                warnings.push(serde_json::json!(
                    lang.pick(
                        "图片下载失败，正文中保留了原地址：",
                        "An image could not be downloaded; the body keeps its address: "
                    )
                    .to_string()
                        + url
                ));
            }
        }
    }
    if json {
        return Ok(serde_json::to_string_pretty(&fields).expect("fields serialize"));
    }
    Ok(human(&fields, lang))
}

fn human(f: &serde_json::Value, lang: Lang) -> String {
    let text = |v: &serde_json::Value| v.as_str().unwrap_or("—").to_string();
    let mut out = String::new();
    if let Some(id) = f["id"].as_str() {
        out += &format!("{}\t{id}\n", lang.pick("已保存草稿", "Saved draft"));
    }
    let rows = [
        (lang.pick("标题", "Title"), text(&f["title"])),
        (lang.pick("发布时间", "Published"), text(&f["publish_at"])),
        (lang.pick("来源", "Source"), text(&f["source"]["name"])),
        (lang.pick("原文链接", "Original"), text(&f["source"]["url"])),
        (lang.pick("作者", "Author"), text(&f["source"]["author"])),
        (lang.pick("来源时间", "Source time"), text(&f["source"]["published_at"])),
        (lang.pick("责任编辑", "Editor"), text(&f["editor"])),
    ];
    for (label, value) in rows {
        out += &format!("{label}\t{value}\n");
    }
    for c in f["other_credits"].as_array().into_iter().flatten() {
        out += &format!("{}\t{}\n", text(&c["role"]), text(&c["name"]));
    }
    for c in f["captions"].as_array().into_iter().flatten() {
        out += &format!(
            "{}\t{} / {}\n",
            lang.pick("图片说明", "Caption"),
            text(&c["caption"]),
            text(&c["credit"])
        );
    }
    for w in f["warnings"].as_array().into_iter().flatten() {
        out += &format!("{}\t{}\n", lang.pick("注意", "Warning"), text(w));
    }
    out
}
