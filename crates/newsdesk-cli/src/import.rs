//! `newsdesk import FILE|-`: a saved or piped page (HTML or text, any encoding) as a new draft
//! with its attribution; `--dry-run` shows the fields and saves nothing.

use std::io::Read;
use std::path::PathBuf;

use chrono::{DateTime, Utc};
use clap::Args;
use newsdesk_core::{ArticleId, ArticlePatch, Db, Error, Lang};
use newsdesk_extract::{ExtractError, Input, Options, Warning, extract_with};

#[derive(Args)]
pub struct ImportArgs {
    /// A .html, .htm or .txt file, or - for standard input.
    file: PathBuf,
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

fn read(file: &PathBuf) -> Result<(String, Vec<u8>), Error> {
    if file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin()
            .lock()
            .read_to_end(&mut bytes)
            .map_err(|e| Error::io("<stdin>", e))?;
        return Ok(("-".to_string(), bytes));
    }
    let bytes = std::fs::read(file).map_err(|e| Error::io(file.display().to_string(), e))?;
    Ok((
        file.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        bytes,
    ))
}

pub fn run(db: &mut Db, args: ImportArgs, json: bool, lang: Lang, now: DateTime<Utc>) -> Result<String, Failure> {
    let (name, bytes) = read(&args.file)?;
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
    if let Some(url) = &e.source_url {
        for (id, title) in db.articles_with_source_url(&url.value)? {
            e.warnings.push(Warning::AlreadyImported {
                id: id.to_string(),
                title,
            });
        }
    }
    let mut fields = e.fields_json(lang);
    if !args.dry_run {
        let channel = match args.channel {
            Some(c) => c,
            None => db.channels()?.into_iter().next().map(|c| c.name).unwrap_or_default(),
        };
        let patch = ArticlePatch {
            title: e.title.as_ref().map(|t| t.value.clone()),
            channel: Some(channel),
            body: Some(e.body.clone()),
            publish_at: e.publish_at.as_ref().map(|t| t.value.to_string()),
            source_name: e.source_name.as_ref().map(|f| f.value.clone()),
            source_url: e.source_url.as_ref().map(|f| f.value.clone()),
            source_author: e.author(),
            source_time: e.source_time.as_ref().map(|t| t.value.to_string()),
            editor: e.editor.as_ref().map(|f| f.value.clone()),
            ..ArticlePatch::default()
        };
        let article = db.create_article(ArticleId::generate(), &patch, now)?;
        fields["id"] = serde_json::json!(article.id);
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
