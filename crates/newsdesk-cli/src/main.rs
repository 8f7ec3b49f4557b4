//! `newsdesk`: the command line over newsdesk-core, for scripting, scheduled jobs and tests.
//!
//! Human-readable output by default, `--json` for programs. Errors are one plain line on
//! stderr in the user's language: exit 1 for bad input, 2 for bad usage, never a panic.

mod article;
mod import;
mod photo;
mod show;
mod sync;
mod usage;

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use clap::error::ErrorKind;
use clap::{Args, CommandFactory, Parser, Subcommand};
use newsdesk_core::render::{NoPhotos, markdown_to_html};
use newsdesk_core::{ArticleFilter, ArticleId, ArticlePatch, DamagedRow, Db, Error, Lang, Status, demo, paths};

#[derive(Parser)]
#[command(
    name = "newsdesk",
    version,
    about = "Newsdesk (编辑台): draft, keep and publish a local news portal's articles"
)]
struct Cli {
    /// Print JSON instead of text: the bare object, or an array for lists.
    #[arg(long, global = true)]
    json: bool,
    /// The database file [default: newsdesk.db in the app's data folder].
    #[arg(long, global = true, env = "NEWSDESK_DB")]
    db: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Create the site (or change its name, address and time zone).
    Init {
        #[arg(long)]
        name: String,
        #[arg(long)]
        url: String,
        /// IANA time zone of the portal.
        #[arg(long, default_value = "Asia/Shanghai")]
        tz: String,
    },
    /// Channels (栏目).
    #[command(subcommand)]
    Channel(ChannelCommand),
    /// The site's page settings: footer, theme folder, page size.
    #[command(subcommand)]
    Site(SiteCommand),
    /// Articles.
    #[command(subcommand)]
    Article(Box<ArticleCommand>),
    /// Print an article's body as HTML.
    Render { id: String },
    /// Write the portal as a static site: only what changed since the last export, unless --full.
    Export {
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Render and write every page again.
        #[arg(long)]
        full: bool,
    },
    /// Search every article: spaces for AND, "…" for a phrase, -word to leave out,
    /// 来源:人民网 (or 作者:, 编辑:, 标题:) for one field. Ranked: title hits first.
    Search {
        /// A query that starts with -word (leave a word out) is a query, not a flag.
        #[arg(allow_hyphen_values = true)]
        query: String,
        #[arg(long)]
        channel: Option<String>,
        #[arg(long)]
        status: Option<String>,
        /// Published on or after this day (YYYY-MM-DD).
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Published on or before this day.
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        #[arg(long, default_value_t = 20)]
        limit: u32,
    },
    /// Fill an empty database with the demo site 我爱遵义.
    Demo,
    /// Photos in the media folder beside the database.
    #[command(subcommand)]
    Photo(photo::PhotoCommand),
    /// Portals to push to (their passwords live in the OS keychain).
    #[command(subcommand)]
    Target(sync::TargetCommand),
    /// Send what the portals still need (the outbox).
    Push(sync::PushArgs),
    /// Bring a portal's posts into the database.
    Pull(sync::PullArgs),
    /// The queue, failures and conflicts; settling a conflict.
    #[command(subcommand)]
    Sync(sync::SyncCommand),
    /// Import a saved or pasted page (转载) as a draft with its 来源, 作者, times and photo credits.
    Import(import::ImportArgs),
}

#[derive(Subcommand)]
enum ChannelCommand {
    /// Add a channel at the end of the navigation.
    Add {
        name: String,
        #[arg(long)]
        slug: Option<String>,
    },
    /// List the channels in navigation order.
    List,
    /// Change a channel's slug (its pages move with the next export).
    Slug { channel: String, slug: String },
    /// Delete a channel; with --move-to its articles go to that channel first (a merge).
    Delete {
        channel: String,
        #[arg(long, value_name = "CHANNEL")]
        move_to: Option<String>,
    },
}

#[derive(Subcommand)]
enum SiteCommand {
    /// Change the site's page settings; what is not given stays.
    Set {
        /// The page footer: contact lines and the ICP filing number, one per line
        /// (`\n` between lines, or --footer-file).
        #[arg(long, conflicts_with = "footer_file")]
        footer: Option<String>,
        #[arg(long, value_name = "FILE")]
        footer_file: Option<PathBuf>,
        /// A folder of the site's own templates ("" for the built-in theme).
        #[arg(long, value_name = "DIR")]
        theme_dir: Option<String>,
        /// Articles per channel page.
        #[arg(long)]
        page_size: Option<i64>,
    },
    /// Print the site and its page settings.
    Show,
}

#[derive(Subcommand)]
enum ArticleCommand {
    /// Create an article and print it.
    New(Fields),
    /// Change an article's fields (a new revision) and print it.
    Edit {
        id: String,
        #[command(flatten)]
        fields: Fields,
    },
    /// Print an article.
    Show { id: String },
    /// List articles, most recently updated first.
    List {
        #[arg(long)]
        status: Option<String>,
        #[arg(long)]
        channel: Option<String>,
        /// Only articles whose title or body contains this text.
        #[arg(long)]
        query: Option<String>,
    },
    /// Move an article to the trash.
    Trash { id: String },
    /// Bring an article back from the trash.
    Untrash { id: String },
    /// Delete every article in the trash for good, and the photos only they showed.
    EmptyTrash,
    /// List an article's revisions, newest first.
    History { id: String },
    /// Make an older revision current again (as a new revision).
    Restore { id: String, revision: i64 },
    /// Write articles out: JSON lines (backup), IPTC ninjs, or Markdown with front matter.
    #[command(group = clap::ArgGroup::new("format").required(true).args(["jsonl", "ninjs", "markdown"]))]
    Export {
        /// Every article as one JSON line, to FILE or standard output.
        #[arg(long, conflicts_with = "id")]
        jsonl: bool,
        /// IPTC ninjs JSON, to FILE or standard output: an object with --id, else an array.
        #[arg(long)]
        ninjs: bool,
        /// Markdown with front matter (Hugo content), one file per article: DIR/<channel>/<slug>.md.
        #[arg(long, value_name = "DIR")]
        markdown: Option<PathBuf>,
        /// Only this article.
        #[arg(long)]
        id: Option<String>,
        file: Option<PathBuf>,
    },
    /// Read articles from JSON lines: all or nothing.
    Import {
        /// The JSON-lines file (`-` for standard input).
        #[arg(long, value_name = "FILE")]
        jsonl: PathBuf,
    },
}

/// An article's fields as flags; what is left out stays as it is, and an empty value clears it.
#[derive(Args, Default)]
struct Fields {
    #[arg(long)]
    title: Option<String>,
    /// 栏目, by name or slug; a new article without one goes to the first channel.
    #[arg(long)]
    channel: Option<String>,
    /// 引题.
    #[arg(long)]
    kicker: Option<String>,
    /// 副题.
    #[arg(long)]
    subtitle: Option<String>,
    #[arg(long)]
    slug: Option<String>,
    /// Markdown body from a file, or `-` for standard input.
    #[arg(long, value_name = "FILE")]
    body_file: Option<PathBuf>,
    /// 摘要.
    #[arg(long)]
    summary: Option<String>,
    /// Comma-separated.
    #[arg(long)]
    keywords: Option<String>,
    /// 发布日期, e.g. 2021/9/13 2:43:08 or RFC 3339, in the site's zone.
    #[arg(long)]
    publish_at: Option<String>,
    /// draft, ready, scheduled, published or withdrawn.
    #[arg(long)]
    status: Option<String>,
    /// 来源: the outlet.
    #[arg(long)]
    source_name: Option<String>,
    #[arg(long)]
    source_url: Option<String>,
    /// 作者, as written; several joined by 、.
    #[arg(long)]
    source_author: Option<String>,
    /// 来源时间: a date alone (2020-08-12) or a date and time.
    #[arg(long)]
    source_time: Option<String>,
    /// 责任编辑.
    #[arg(long)]
    editor: Option<String>,
    /// The credits beside the 责任编辑 as one line, e.g. "二审 朱晖、监制 王五".
    #[arg(long)]
    other_credits: Option<String>,
}

impl Fields {
    fn into_patch(self) -> Result<ArticlePatch, Error> {
        let body = self.body_file.as_deref().map(read_body).transpose()?;
        Ok(ArticlePatch {
            kicker: self.kicker,
            title: self.title,
            subtitle: self.subtitle,
            slug: self.slug,
            channel: self.channel,
            status: self.status.map(|s| s.parse::<Status>()).transpose()?,
            body,
            summary: self.summary,
            keywords: self.keywords.map(|k| vec![k]),
            publish_at: self.publish_at,
            source_name: self.source_name,
            source_url: self.source_url,
            source_author: self.source_author,
            source_time: self.source_time,
            editor: self.editor,
            other_credits: self.other_credits,
        })
    }
}

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A body from `--body-file`: a Markdown file, or `-` for standard input.
fn read_body(path: &std::path::Path) -> Result<String, Error> {
    if path.as_os_str() == "-" {
        return newsdesk_core::article::read_body(std::io::stdin().lock(), "<stdin>");
    }
    newsdesk_core::article::read_body_file(path)
}

fn main() -> ExitCode {
    // A bug must still end as one line, not a backtrace.
    std::panic::set_hook(Box::new(|info| {
        eprintln!("newsdesk: internal error: {info}");
    }));
    let lang = Lang::from_env();
    let args: Vec<std::ffi::OsString> = std::env::args_os().collect();
    let cli = match Cli::try_parse_from(&args) {
        Ok(cli) => cli,
        Err(e) if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) => {
            let _ = e.print();
            return ExitCode::SUCCESS;
        }
        Err(e) => {
            eprintln!("{}", usage::line(e, &args, Cli::command(), lang));
            return ExitCode::from(2);
        }
    };
    match run(cli, lang) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{}", e.message(lang));
            ExitCode::from(1)
        }
    }
}

/// Where the output goes: text for people or JSON for programs.
struct Out {
    json: bool,
    lang: Lang,
}

impl Out {
    fn print(&self, text: &str) {
        let mut stdout = std::io::stdout().lock();
        // A closed pipe (`newsdesk article list | head`) is not an error worth a message.
        let _ = stdout.write_all(text.as_bytes()).and_then(|_| {
            if text.ends_with('\n') {
                Ok(())
            } else {
                stdout.write_all(b"\n")
            }
        });
    }

    /// One line on stderr for each row that could not be read: the command went on without it.
    fn damaged(&self, rows: &[DamagedRow]) {
        for row in rows {
            let e = Error::Damaged {
                what: "article",
                id: row.id.clone(),
                problem: row.problem.clone(),
            };
            eprintln!("{}", e.message(self.lang));
        }
    }

    fn value<T: serde::Serialize>(&self, value: &T, human: impl FnOnce(Lang) -> String) {
        if self.json {
            self.print(&serde_json::to_string_pretty(value).expect("output values serialize"));
        } else {
            self.print(&human(self.lang));
        }
    }
}

fn open(db: &Option<PathBuf>) -> Result<(Db, PathBuf), Error> {
    let path = db.clone().unwrap_or_else(paths::default_db_path);
    Ok((Db::open(&path)?, path))
}

/// Indexes the articles an older database holds before a search reads the index, saying so
/// on stderr (the desktop app does it in the background after its window opens).
fn index_pending(db: &mut Db, lang: Lang) -> Result<(), Error> {
    if !db.search_indexing()? {
        return Ok(());
    }
    eprintln!("{}", lang.pick("正在建立搜索索引……", "Building the search index…"));
    while db.index_pending(500)?.pending {}
    Ok(())
}

fn article_id(db: &Db, id: &str) -> Result<ArticleId, Error> {
    let id: ArticleId = id.parse()?;
    db.article(id)?;
    Ok(id)
}

fn run(cli: Cli, lang: Lang) -> Result<(), import::Failure> {
    let out = Out { json: cli.json, lang };
    let now = Utc::now();
    let (mut db, db_path) = open(&cli.db)?;
    match cli.command {
        Command::Init { name, url, tz } => {
            let site = db.rename_site(&name, &url, &tz)?;
            out.value(&site, |l| show::site(&site, l));
        }
        Command::Channel(ChannelCommand::Add { name, slug }) => {
            let ch = db.add_channel(&name, slug.as_deref())?;
            out.value(&ch, |_| format!("{}\t{}", ch.name, ch.slug));
        }
        Command::Channel(ChannelCommand::List) => {
            let chs = db.channels()?;
            out.value(&chs, |_| {
                chs.iter().map(|c| format!("{}\t{}\n", c.name, c.slug)).collect()
            });
        }
        Command::Channel(ChannelCommand::Slug { channel, slug }) => {
            let ch = db.set_channel_slug(&channel, &slug)?;
            out.value(&ch, |_| format!("{}\t{}", ch.name, ch.slug));
        }
        Command::Channel(ChannelCommand::Delete { channel, move_to }) => {
            let moved = db.delete_channel(&channel, move_to.as_deref())?;
            out.value(&serde_json::json!({ "deleted": channel, "moved": moved }), |l| {
                l.pick(
                    "已删除栏目，移动了 {n} 篇文章。",
                    "Channel deleted; {n} articles moved.",
                )
                .replace("{n}", &moved.to_string())
            });
        }
        Command::Site(SiteCommand::Set {
            footer,
            footer_file,
            theme_dir,
            page_size,
        }) => {
            let footer = match (footer, footer_file) {
                (Some(f), _) => Some(f.replace("\\n", "\n")),
                (None, Some(path)) => Some(std::fs::read_to_string(&path).map_err(|e| Error::io(&path, e))?),
                (None, None) => None,
            };
            let site = db.set_site_pages(footer.as_deref(), theme_dir.as_deref(), page_size)?;
            out.value(&site, |l| show::site(&site, l));
        }
        Command::Site(SiteCommand::Show) => {
            let site = db.site()?;
            out.value(&site, |l| show::site(&site, l));
        }
        Command::Article(cmd) => article::run(&mut db, &db_path, *cmd, &out, now)?,
        Command::Search {
            query,
            channel,
            status,
            from,
            to,
            limit,
        } => {
            index_pending(&mut db, lang)?;
            let zone = db.site()?.zone();
            let day = |d: Option<String>| -> Result<Option<String>, Error> {
                d.map(|d| {
                    Ok(newsdesk_core::time::parse_instant(&d, zone)?
                        .format("%Y-%m-%d")
                        .to_string())
                })
                .transpose()
            };
            let filter = ArticleFilter {
                query: Some(query),
                channel,
                status: status.map(|s| s.parse()).transpose()?,
                from: day(from)?,
                to: day(to)?,
                limit: Some(limit),
                ..ArticleFilter::default()
            };
            let page = db.list_articles(&filter)?;
            out.damaged(&page.items.damaged);
            let hits = page.items.items;
            out.value(&hits, |l| {
                show::search_hits(&hits, page.total, page.total_is_lower_bound, l)
            });
        }
        Command::Photo(cmd) => photo::run(&mut db, &db_path, cmd, &out, now)?,
        Command::Target(cmd) => sync::target(&mut db, cmd, &out, now)?,
        Command::Push(args) => sync::push(db, &db_path, args, &out)?,
        Command::Pull(args) => sync::pull(&mut db, &db_path, args, &out, now)?,
        Command::Sync(cmd) => sync::sync(&mut db, cmd, &out, now)?,
        Command::Import(args) => out.print(&import::run(&mut db, &db_path, args, out.json, lang, now)?),
        Command::Render { id } => {
            let article = db.article(id.parse()?)?;
            let html = markdown_to_html(&article.body, &NoPhotos);
            out.value(&serde_json::json!({ "id": article.id, "html": html }), |_| html.clone());
        }
        Command::Export { out: dir, full } => {
            let media = newsdesk_core::media::MediaFolder::beside(&db_path);
            let report = newsdesk_core::export::export_site(&db, &media, &dir, full, now, &|_, _| {})?;
            out.value(&report, |l| {
                l.pick(
                    "导出完成:站点共 {files} 个文件,本次写入 {written} 个,删除 {removed} 个。",
                    "Exported: {files} files in the site, {written} written, {removed} removed.",
                )
                .replace("{files}", &report.files.to_string())
                .replace("{written}", &report.written.to_string())
                .replace("{removed}", &report.removed.to_string())
            });
        }
        Command::Demo => {
            let media = newsdesk_core::media::MediaFolder::beside(&db_path);
            let installed = demo::install(&mut db, &media, now, &mut ArticleId::generate)?;
            let shown = db_path.display().to_string();
            out.value(&serde_json::json!({ "installed": installed, "db": shown }), |l| {
                if installed {
                    l.pick(
                        "已在 {db} 创建演示站点「我爱遵义」。",
                        "Created the demo site 我爱遵义 in {db}.",
                    )
                    .replace("{db}", &shown)
                } else {
                    l.pick(
                        "{db} 里已有站点,未作改动。",
                        "{db} already has a site; nothing was changed.",
                    )
                    .replace("{db}", &shown)
                }
            });
        }
    }
    Ok(())
}
