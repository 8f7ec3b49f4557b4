//! `newsdesk target`, `push`, `pull` and `sync`: the portals, the outbox and conflicts.
//!
//! Passwords come from the OS keychain, or with `--password-stdin` from standard input (a cron
//! job on a server without a keychain). Every request goes to the request log beside the
//! database (`<db>.sync.log`: method, URL, status, time — never a header or a body).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::AtomicBool;
use std::time::Duration;

use chrono::{DateTime, Utc};
use clap::{Args, Subcommand, ValueEnum};
use newsdesk_core::media::MediaFolder;
use newsdesk_core::publishing::{OutboxItem, Publication, Removal, Resolution, Target};
use newsdesk_core::{ArticleId, Db, Error, Lang};
use newsdesk_sync::worker::{Outcome, Progress, Scope, Worker, WorkerSetup};
use newsdesk_sync::{Http, RequestLog, Secret, WordPress, connect, credentials, pull as pulling};
use serde::Serialize;

use crate::Out;

#[derive(Subcommand)]
pub enum TargetCommand {
    /// Add a portal: checks it, then keeps the application password in the OS keychain.
    Add {
        #[arg(value_enum)]
        kind: Kind,
        #[arg(long)]
        name: String,
        /// The portal's address, e.g. https://www.example.cn/
        #[arg(long)]
        url: String,
        #[arg(long)]
        user: String,
        /// Read the application password from standard input (for scripts and servers).
        #[arg(long)]
        password_stdin: bool,
    },
    /// List the portals.
    List,
    /// Remove a portal, its queue and its password (its posts stay on the portal).
    Remove { name: String },
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Wordpress,
}

#[derive(Args)]
pub struct PushArgs {
    /// Only this portal.
    #[arg(long)]
    target: Option<String>,
    /// Only this article.
    #[arg(long)]
    article: Option<String>,
    /// Return only when the queue is empty or only failures remain (exit 1 if any failed).
    #[arg(long)]
    wait: bool,
    /// Read the application password from standard input instead of the keychain.
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Args)]
pub struct PullArgs {
    #[arg(long)]
    target: String,
    #[arg(long)]
    password_stdin: bool,
}

#[derive(Subcommand)]
pub enum SyncCommand {
    /// The queue, the last errors and the conflicts.
    Status,
    /// Settle a conflict: keep ours (push over), take theirs (a new local revision), or a merge
    /// written by hand (--body-file, optionally --title) that becomes ours and is pushed. For a
    /// post taken down on the portal, ours brings it back (out of the trash, or as a new post)
    /// and theirs withdraws the article here.
    Resolve {
        id: String,
        #[arg(long)]
        target: String,
        #[arg(long, value_enum)]
        keep: Keep,
        /// The merged Markdown body, for --keep merged (`-` for standard input).
        #[arg(long, value_name = "FILE", required_if_eq("keep", "merged"))]
        body_file: Option<PathBuf>,
        #[arg(long)]
        title: Option<String>,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Keep {
    Ours,
    Theirs,
    Merged,
}

fn read_stdin_password() -> Result<Secret, Error> {
    let mut s = String::new();
    std::io::stdin()
        .read_to_string(&mut s)
        .map_err(|e| Error::io("<stdin>", e))?;
    Ok(Secret::new(&s))
}

/// Two spellings of one portal's address (a trailing slash, case, spaces around).
fn same_portal(a: &str, b: &str) -> bool {
    let norm = |u: &str| u.trim().trim_end_matches('/').to_lowercase();
    norm(a) == norm(b)
}

pub fn target(db: &mut Db, cmd: TargetCommand, out: &Out, now: DateTime<Utc>) -> Result<(), Error> {
    match cmd {
        TargetCommand::Add {
            kind: Kind::Wordpress,
            name,
            url,
            user,
            password_stdin,
        } => {
            if !password_stdin && !credentials::available() {
                // Nowhere to keep a password typed now: say so before asking for it.
                return Err(Error::Remote {
                    url: url.clone(),
                    problem: newsdesk_core::error::RemoteProblem::NoKeychainNoStdin,
                });
            }
            if !password_stdin {
                eprint!("{}", out.lang.pick("应用密码：", "Application password: "));
            }
            let secret = read_stdin_password()?;
            let stored = credentials::available();
            let keep = if stored {
                connect::Keep::Keychain
            } else {
                connect::Keep::Nowhere
            };
            let http = Http::new(Duration::from_secs(30), Arc::new(RequestLog::default()));
            let account = connect::Account {
                name: &name,
                url: &url,
                user: &user,
                secret: &secret,
            };
            // The same portal and user again: a new application password for it (what a paused
            // target's message asks for), checked first; its queue then goes out again.
            if let Some(known) = db.targets()?.into_iter().find(|t| t.name == name.trim())
                && same_portal(&known.url, &url)
                && known.user == user.trim()
            {
                connect::check(http, &account)?;
                if stored {
                    connect::renew_checked(db, &known, &user, &secret)?;
                } else {
                    // No keychain: the password comes with each push; the portal took this one.
                    db.resume_target(known.id)?;
                }
                let target = db.target(&known.name)?;
                out.value(&target, |l| {
                    let said = if stored {
                        l.pick(
                            "新的应用密码已存入系统钥匙串，发送已恢复",
                            "new application password kept in the OS keychain; sending resumes",
                        )
                    } else {
                        l.pick(
                            "门户接受了这个应用密码，发送已恢复（push 时用 --password-stdin 给出）",
                            "the portal accepted this application password; sending resumes (give it to push with --password-stdin)",
                        )
                    };
                    format!("{}\t{}\t{}\t{said}", target.name, target.url, target.user)
                });
                return Ok(());
            }
            let target = connect::add_wordpress(db, http, &account, keep, now)?;
            out.value(&target, |l| {
                let where_ = if stored {
                    l.pick("密码已存入系统钥匙串", "password kept in the OS keychain")
                } else {
                    l.pick(
                        "没有钥匙串：push 和 pull 需要 --password-stdin",
                        "no keychain: push and pull need --password-stdin",
                    )
                };
                format!("{}\t{}\t{}\t{where_}", target.name, target.url, target.user)
            });
        }
        TargetCommand::List => {
            let targets = db.targets()?;
            out.value(&targets, |l| {
                targets
                    .iter()
                    .map(|t| {
                        let state = t
                            .stopped_reason
                            .clone()
                            .unwrap_or_else(|| l.pick("正常", "active").to_string());
                        format!("{}\t{}\t{}\t{}\n", t.name, t.url, t.user, state)
                    })
                    .collect()
            });
        }
        TargetCommand::Remove { name } => {
            let target = db.target(&name)?;
            credentials::forget(&target)?;
            db.remove_target(&name)?;
            out.value(&target, |l| format!("{} {}", l.pick("已删除", "removed"), target.name));
        }
    }
    Ok(())
}

/// How long a claimed item is ours: longer than the requests of one item take (each call times out
/// after 30 s). `NEWSDESK_LEASE_SECS` shortens it where a killed worker's items must come back
/// quickly (tests).
fn lease() -> Duration {
    let secs = std::env::var("NEWSDESK_LEASE_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    Duration::from_secs(secs)
}

fn setup(http: Http, password: Option<Secret>, lang: Lang) -> WorkerSetup {
    WorkerSetup {
        owner: format!("cli-{}", std::process::id()),
        http,
        credentials: match password {
            Some(secret) => Box::new(move |_| Ok(secret.clone())),
            None => Box::new(credentials::load),
        },
        clock: Box::new(Utc::now),
        jitter: newsdesk_sync::worker::edge_jitter(),
        lease: lease(),
        lang,
    }
}

#[derive(Serialize)]
struct PushLine {
    article: ArticleId,
    target: i64,
    operation: &'static str,
    outcome: &'static str,
    detail: Option<String>,
}

fn line_of(p: &Progress) -> PushLine {
    let (outcome, detail) = match &p.outcome {
        Outcome::Pushed { url } => ("pushed", url.clone()),
        Outcome::Unchanged => ("unchanged", None),
        Outcome::Retry(r) => ("retry", Some(r.clone())),
        Outcome::Parked(r) => ("parked", Some(r.clone())),
        Outcome::Conflict => ("conflict", None),
        Outcome::TargetStopped(r) => ("target_stopped", Some(r.clone())),
    };
    PushLine {
        article: p.article,
        target: p.target,
        operation: p.operation.as_str(),
        outcome,
        detail,
    }
}

pub fn push(mut db: Db, db_path: &Path, args: PushArgs, out: &Out) -> Result<(), Error> {
    let target = args.target.as_deref().map(|n| db.target(n)).transpose()?;
    let article = args.article.as_deref().map(|a| crate::article_id(&db, a)).transpose()?;
    db.plan_pushes(target.as_ref().map(|t| t.id), article, Utc::now())?;
    drop(db);
    let password = args.password_stdin.then(read_stdin_password).transpose()?;
    let mut worker = Worker::open(db_path, setup(Http::beside(db_path)?, password, out.lang))?;
    let scope = Scope {
        target: target.as_ref().map(|t| t.id),
        article,
    };
    let stop = AtomicBool::new(false);
    let mut lines = Vec::new();
    let mut print = |p: &Progress| {
        let l = line_of(p);
        if !out.json {
            let detail = l.detail.clone().unwrap_or_default();
            out.print(&format!("{}\t{}\t{}\t{detail}", l.article, l.operation, l.outcome));
        }
        lines.push(l);
    };
    loop {
        worker.run_until_idle(scope, &stop, &mut print)?;
        if !args.wait {
            break;
        }
        // Wait while something in scope is neither failed nor done: held by another worker
        // (the app's) or about to be due.
        let pending = in_scope(worker.db().outbox(Utc::now())?, scope)
            .into_iter()
            .any(|i| i.attempts == 0 && i.parked_reason.is_none());
        if !pending {
            break;
        }
        std::thread::sleep(Duration::from_millis(500));
    }
    if out.json {
        out.print(&serde_json::to_string_pretty(&lines).expect("lines serialize"));
    }
    let failed = in_scope(worker.db().outbox(Utc::now())?, scope);
    if !failed.is_empty() {
        // Items of a paused target were not even tried this time: its reason is theirs.
        let paused: Vec<Target> = worker.db().targets()?;
        for item in &failed {
            let stopped = paused
                .iter()
                .find(|t| t.id == item.target)
                .and_then(|t| t.stopped_reason.as_deref());
            eprintln!(
                "{}\t{}\t{}",
                item.article,
                item.target_name,
                item.parked_reason
                    .as_deref()
                    .or(stopped)
                    .or(item.last_error.as_deref())
                    .unwrap_or("")
            );
        }
        // Exit 1: something did not reach its portal (the lines above say what and why).
        std::process::exit(1);
    }
    Ok(())
}

fn in_scope(items: Vec<OutboxItem>, scope: Scope) -> Vec<OutboxItem> {
    items
        .into_iter()
        .filter(|i| scope.target.is_none_or(|t| t == i.target) && scope.article.is_none_or(|a| a == i.article))
        .collect()
}

pub fn pull(db: &mut Db, db_path: &Path, args: PullArgs, out: &Out, now: DateTime<Utc>) -> Result<(), Error> {
    let target = db.target(&args.target)?;
    let secret = if args.password_stdin {
        read_stdin_password()?
    } else {
        credentials::load(&target)?
    };
    let portal = WordPress::new(Http::beside(db_path)?, &target.name, &target.url, &target.user, &secret);
    let media = MediaFolder::beside(db_path);
    let report = pulling::pull(
        db,
        &media,
        &portal,
        &target,
        &mut ArticleId::generate,
        now,
        &mut |page, pages| {
            if !out.json {
                eprintln!("{page}/{pages}");
            }
        },
    )?;
    #[derive(Serialize)]
    struct Report {
        created: usize,
        updated: usize,
        unchanged: usize,
        conflicts: usize,
        photos_downloaded: usize,
        left_out: Vec<String>,
    }
    let r = Report {
        created: report.created,
        updated: report.updated,
        unchanged: report.unchanged,
        conflicts: report.conflicts,
        photos_downloaded: report.photos_downloaded,
        left_out: report.left_out(out.lang),
    };
    if !out.json {
        for line in &r.left_out {
            eprintln!("{line}");
        }
    }
    out.value(&r, |l| {
        l.pick(
            "拉取完成：新增 {c} 篇，更新 {u} 篇，未变 {n} 篇，冲突 {x} 篇，下载图片 {p} 张。",
            "Pulled: {c} new, {u} updated, {n} unchanged, {x} in conflict, {p} photos downloaded.",
        )
        .replace("{c}", &r.created.to_string())
        .replace("{u}", &r.updated.to_string())
        .replace("{n}", &r.unchanged.to_string())
        .replace("{x}", &r.conflicts.to_string())
        .replace("{p}", &r.photos_downloaded.to_string())
    });
    Ok(())
}

#[derive(Serialize)]
struct Status {
    targets: Vec<Target>,
    queue: Vec<OutboxItem>,
    failed: Vec<Publication>,
    conflicts: Vec<Publication>,
}

pub fn sync(db: &mut Db, cmd: SyncCommand, out: &Out, now: DateTime<Utc>) -> Result<(), Error> {
    match cmd {
        SyncCommand::Status => {
            let troubled = db.troubled_publications()?;
            let (conflicts, failed): (Vec<_>, Vec<_>) = troubled
                .into_iter()
                .partition(|p| p.state == newsdesk_core::publishing::PublicationState::Conflict);
            let status = Status {
                targets: db.targets()?,
                queue: db.outbox(now)?,
                failed,
                conflicts,
            };
            out.value(&status, |l| {
                let mut s = format!("{}: {}\n", l.pick("待发送", "queued"), status.queue.len());
                for i in &status.queue {
                    let why = i.parked_reason.as_deref().or(i.last_error.as_deref()).unwrap_or("");
                    s.push_str(&format!(
                        "  {}\t{}\t{}\t{}\t{why}\n",
                        i.article,
                        i.target_name,
                        i.operation.as_str(),
                        i.title
                    ));
                }
                s.push_str(&format!("{}: {}\n", l.pick("失败", "failed"), status.failed.len()));
                for p in &status.failed {
                    s.push_str(&format!("  {}\t{}\n", p.article, p.last_error.as_deref().unwrap_or("")));
                }
                s.push_str(&format!(
                    "{}: {}\n",
                    l.pick("冲突", "conflicts"),
                    status.conflicts.len()
                ));
                for p in &status.conflicts {
                    let theirs = match p.conflict.as_ref() {
                        Some(c) => match c.removed {
                            Some(Removal::Trashed) => format!(
                                "{}{}",
                                c.title,
                                l.pick("（在门户的回收站里）", " (in the portal's trash)")
                            ),
                            Some(Removal::Deleted) => l.pick("（已从门户删除）", "(deleted on the portal)").to_string(),
                            None => c.title.clone(),
                        },
                        None => String::new(),
                    };
                    s.push_str(&format!("  {}\t{}\n", p.article, theirs));
                }
                s
            });
        }
        SyncCommand::Resolve {
            id,
            target,
            keep,
            body_file,
            title,
        } => {
            let id = crate::article_id(db, &id)?;
            let target = db.target(&target)?;
            let view = pulling::conflict_view(db, id, target.id)?;
            let resolution = match keep {
                Keep::Ours => Resolution::KeepOurs,
                Keep::Theirs => Resolution::TakeTheirs {
                    title: view.theirs_title.clone(),
                    body: view.theirs_body.clone(),
                },
                Keep::Merged => {
                    let path = body_file.expect("clap requires --body-file with --keep merged");
                    let body = crate::read_body(&path)?;
                    Resolution::Merge {
                        title: title.unwrap_or_else(|| db.article(id).map(|a| a.title).unwrap_or_default()),
                        body,
                    }
                }
            };
            let article = db.resolve_conflict(id, target.id, &resolution, now)?;
            out.value(&article, |l| crate::show::article(&article, l));
        }
    }
    Ok(())
}
