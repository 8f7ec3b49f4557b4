//! The `article` subcommands: the editor's fields in, the core's answers out.

use std::io::BufReader;

use chrono::Utc;
use newsdesk_core::disk::{Durability, write_atomically, write_atomically_with};
use newsdesk_core::interchange::{self, export_jsonl, import_jsonl};
use newsdesk_core::media::StoredPhotos;
use newsdesk_core::{ArticleFilter, ArticleId, Db, Error, SaveKind};

use crate::{ArticleCommand, Out, article_id, index_pending, show};

pub(crate) fn run(
    db: &mut Db,
    db_path: &std::path::Path,
    cmd: ArticleCommand,
    out: &Out,
    now: chrono::DateTime<Utc>,
) -> Result<(), Error> {
    match cmd {
        ArticleCommand::New(fields) => {
            let a = db.create_article(ArticleId::generate(), &fields.into_patch()?, now)?;
            out.value(&a, |l| show::article(&a, l));
        }
        ArticleCommand::Edit { id, fields } => {
            let id = article_id(db, &id)?;
            let a = db.save_article(id, &fields.into_patch()?, SaveKind::Checkpoint, now)?;
            out.value(&a, |l| show::article(&a, l));
        }
        ArticleCommand::Show { id } => {
            let a = db.article(id.parse()?)?;
            out.value(&a, |l| show::article(&a, l));
        }
        ArticleCommand::List { status, channel, query } => {
            let filter = ArticleFilter {
                status: status.map(|s| s.parse()).transpose()?,
                channel,
                query,
                ..ArticleFilter::default()
            };
            if filter.query.is_some() {
                index_pending(db, out.lang)?;
            }
            let page = db.list_articles(&filter)?;
            out.damaged(&page.items.damaged);
            let items = page.items.items;
            out.value(&items, |l| show::article_list(&items, l));
        }
        ArticleCommand::Trash { id } => {
            let id = id.parse()?;
            // The portals' posts stay as they are (a withdrawal takes one off): say which.
            let still_on: Vec<String> = db
                .article_publications(id)?
                .into_iter()
                .filter(|p| p.remote_url.is_some() && matches!(p.remote_status.as_deref(), Some("publish" | "future")))
                .map(|p| p.target_name)
                .collect();
            db.trash_article(id, now)?;
            out.value(&serde_json::json!({ "trashed": id, "still_public_on": still_on }), |l| {
                let moved = l.pick("已移到回收站。", "Moved to the trash.").to_string();
                if still_on.is_empty() {
                    moved
                } else {
                    format!(
                        "{moved}{}",
                        l.pick(
                            "「{p}」上的稿件仍然公开；要撤下，请恢复后撤稿（--status withdrawn）。",
                            " It is still public on “{p}”; to take it off, untrash it and withdraw it (--status withdrawn)."
                        )
                        .replace("{p}", &still_on.join("、"))
                    )
                }
            });
        }
        ArticleCommand::Untrash { id } => {
            let a = db.untrash_article(id.parse()?)?;
            out.value(&a, |l| show::article(&a, l));
        }
        ArticleCommand::EmptyTrash => {
            let media = newsdesk_core::media::MediaFolder::beside(db_path);
            let emptied = newsdesk_core::media::empty_trash(db, &media)?;
            out.value(
                &serde_json::json!({ "articles": emptied.articles, "photos": emptied.photos.len() }),
                |l| {
                    l.pick(
                        "已永久删除 {n} 篇文章和 {p} 张图片。",
                        "Deleted {n} articles and {p} photos for good.",
                    )
                    .replace("{n}", &emptied.articles.to_string())
                    .replace("{p}", &emptied.photos.len().to_string())
                },
            );
        }
        ArticleCommand::History { id } => {
            let revs = db.history(id.parse()?)?;
            out.value(&revs, |l| show::history(&revs, l));
        }
        ArticleCommand::Restore { id, revision } => {
            let a = db.restore_revision(id.parse()?, revision, now)?;
            out.value(&a, |l| show::article(&a, l));
        }
        ArticleCommand::Export { jsonl: true, file, .. } => {
            let backup = match &file {
                Some(path) if path.as_os_str() != "-" => {
                    write_atomically_with(path, Durability::Synced, |w| export_jsonl(db, w))?
                }
                _ => {
                    let mut stdout = std::io::stdout().lock();
                    export_jsonl(db, &mut stdout)?
                }
            };
            out.damaged(&backup.damaged);
            let count = backup.written;
            if file.is_some() {
                out.value(&serde_json::json!({ "exported": count }), |l| {
                    l.pick("已导出 {n} 篇文章。", "Exported {n} articles.")
                        .replace("{n}", &count.to_string())
                });
            }
        }
        ArticleCommand::Export {
            ninjs: true, id, file, ..
        } => {
            let site = db.site()?;
            let photos = StoredPhotos::new(db, |p| format!("media/{p}"));
            let articles = chosen(db, id.as_deref(), out)?;
            let items: Vec<_> = articles.iter().map(|a| interchange::ninjs(&site, a, &photos)).collect();
            let value = if id.is_some() {
                items[0].clone()
            } else {
                serde_json::Value::Array(items)
            };
            let text = serde_json::to_string_pretty(&value).expect("ninjs serializes") + "\n";
            match &file {
                Some(path) if path.as_os_str() != "-" => write_atomically(path, text.as_bytes(), Durability::Synced)?,
                _ => out.print(&text),
            }
        }
        ArticleCommand::Export {
            markdown: Some(dir),
            id,
            ..
        } => {
            let channels = db.channels()?;
            let articles = chosen(db, id.as_deref(), out)?;
            for a in &articles {
                let channel = channels
                    .iter()
                    .find(|c| c.name == a.channel)
                    .map(|c| c.slug.as_str())
                    .unwrap_or("_");
                let path = dir.join(channel).join(format!("{}.md", a.slug));
                std::fs::create_dir_all(path.parent().unwrap_or(&dir)).map_err(|e| Error::io(&dir, e))?;
                let text = interchange::markdown_with_front_matter(a);
                // One file per article, like the site's pages: an fsync each would cost more than the
                // export, and a rerun writes them all again.
                write_atomically(&path, text.as_bytes(), Durability::Unsynced)?;
            }
            out.value(&serde_json::json!({ "exported": articles.len() }), |l| {
                l.pick("已导出 {n} 篇文章。", "Exported {n} articles.")
                    .replace("{n}", &articles.len().to_string())
            });
        }
        // clap requires one of the three formats and refuses --jsonl with --id.
        ArticleCommand::Export { .. } => unreachable!("clap lets no other export through"),
        ArticleCommand::Import { jsonl } => {
            let count = if jsonl.as_os_str() == "-" {
                import_jsonl(db, &mut std::io::stdin().lock(), &mut ArticleId::generate, now)?
            } else {
                let f = std::fs::File::open(&jsonl).map_err(|e| Error::io(&jsonl, e))?;
                import_jsonl(db, &mut BufReader::new(f), &mut ArticleId::generate, now)?
            };
            out.value(&serde_json::json!({ "imported": count }), |l| {
                l.pick("已导入 {n} 篇文章。", "Imported {n} articles.")
                    .replace("{n}", &count.to_string())
            });
        }
    }
    Ok(())
}

/// One article by id, or every article that can be read (the damaged ones reported).
fn chosen(db: &Db, id: Option<&str>, out: &Out) -> Result<Vec<newsdesk_core::Article>, Error> {
    match id {
        Some(id) => Ok(vec![db.article(id.parse()?)?]),
        None => {
            let found = db.all_articles()?;
            out.damaged(&found.damaged);
            Ok(found.items)
        }
    }
}
