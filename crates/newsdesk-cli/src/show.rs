//! Human-readable output of the CLI, labelled in the user's language.

use newsdesk_core::time::{portal_format, rfc3339};
use newsdesk_core::{Article, Lang, Site};
use newsdesk_core::{ArticleSummary, RevisionLabel, RevisionSummary, Status};

pub fn site(s: &Site, l: Lang) -> String {
    let mut out = format!(
        "{}\n  {} {}\n  {} {}\n  {} {}\n  {} {}\n",
        s.name,
        l.pick("网址", "URL"),
        s.base_url,
        l.pick("时区", "Zone"),
        s.time_zone,
        l.pick("模板目录", "Theme"),
        s.theme_dir.as_deref().unwrap_or(l.pick("(内置)", "(built in)")),
        l.pick("每页篇数", "Per page"),
        s.page_size
    );
    for line in s.footer.lines() {
        out.push_str(&format!("  {} {line}\n", l.pick("页脚", "Footer")));
    }
    out
}

pub fn article(a: &Article, l: Lang) -> String {
    let mut lines = Vec::new();
    if let Some(k) = &a.kicker {
        lines.push(k.clone());
    }
    lines.push(a.title.clone());
    if let Some(s) = &a.subtitle {
        lines.push(s.clone());
    }
    let mut field = |zh: &str, en: &str, v: &str| {
        if !v.is_empty() {
            lines.push(format!("  {:<10} {v}", l.pick(zh, en)));
        }
    };
    field("编号", "id", &a.id.to_string());
    field("栏目", "channel", &a.channel);
    field("状态", "status", a.status.as_str());
    field("别名", "slug", &a.slug);
    field(
        "发布日期",
        "publish at",
        &a.publish_at.as_ref().map(portal_format).unwrap_or_default(),
    );
    field("来源", "source", a.source.name.as_deref().unwrap_or_default());
    field("原文网址", "source url", a.source.url.as_deref().unwrap_or_default());
    field("作者", "author", a.source.author.as_deref().unwrap_or_default());
    field(
        "来源时间",
        "source time",
        &a.source.published_at.map(|t| t.to_string()).unwrap_or_default(),
    );
    field("责任编辑", "editor", a.editor.as_deref().unwrap_or_default());
    field("其他署名", "credits", a.other_credits.as_deref().unwrap_or_default());
    field("摘要", "summary", a.summary.as_deref().unwrap_or_default());
    field("关键词", "keywords", &a.keywords.join(", "));
    field("字数", "characters", &a.char_count().to_string());
    field("修订", "revision", &a.revision.to_string());
    field("更新于", "updated", &rfc3339(&a.updated_at));
    lines.join("\n") + "\n"
}

pub fn article_list(items: &[ArticleSummary], l: Lang) -> String {
    if items.is_empty() {
        return l.pick("(没有文章)\n", "(no articles)\n").to_string();
    }
    items
        .iter()
        .map(|a| {
            format!(
                "{}  {:<9} {:<8} {:<19} {}\n",
                a.id,
                a.status.as_str(),
                a.channel,
                a.publish_at.as_ref().map(portal_format).unwrap_or_else(|| "-".into()),
                a.title
            )
        })
        .collect()
}

/// Search hits: one line each, then the snippet with its hits in 【】.
/// `at_least`: the search stopped counting, so `total` is a lower bound ("300+").
pub fn search_hits(hits: &[ArticleSummary], total: i64, at_least: bool, l: Lang) -> String {
    let n = if at_least {
        format!("{total}+")
    } else {
        total.to_string()
    };
    let mut out = l.pick("找到 {n} 篇\n", "{n} found\n").replace("{n}", &n);
    for h in hits {
        out.push_str(&article_list(std::slice::from_ref(h), l));
        if let Some(parts) = &h.snippet {
            let line: String = parts
                .iter()
                .map(|p| {
                    if p.hit {
                        format!("【{}】", p.text)
                    } else {
                        p.text.clone()
                    }
                })
                .collect::<String>()
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            out.push_str(&format!("    {line}\n"));
        }
    }
    out
}

pub fn history(revs: &[RevisionSummary], l: Lang) -> String {
    revs.iter()
        .map(|r| {
            format!(
                "#{:<4} {}  {:<10} {} {}  {}{}\n",
                r.revision,
                rfc3339(&r.saved_at),
                revision_label(r.label, l),
                r.chars,
                l.pick("字", "chars"),
                r.title,
                if r.open { l.pick("(编辑中)", " (open)") } else { "" }
            )
        })
        .collect()
}

/// What made a revision, as the app's history says it.
fn revision_label(label: RevisionLabel, l: Lang) -> String {
    match label {
        RevisionLabel::Created => l.pick("新建", "created").into(),
        RevisionLabel::Autosave => l.pick("自动保存", "autosave").into(),
        RevisionLabel::Saved => l.pick("已保存", "saved").into(),
        RevisionLabel::Status { to, .. } => match to {
            Status::Draft => l.pick("转为草稿", "to draft"),
            Status::Ready => l.pick("转为待发", "ready"),
            Status::Scheduled => l.pick("定时发布", "scheduled"),
            Status::Published => l.pick("已发布", "published"),
            Status::Withdrawn => l.pick("已撤回", "withdrawn"),
        }
        .into(),
        RevisionLabel::Restored { from } => match l {
            Lang::Zh => format!("恢复自第{from}版"),
            Lang::En => format!("restored #{from}"),
        },
        RevisionLabel::Undone { to } => match l {
            Lang::Zh => format!("撤销恢复（回到第{to}版）"),
            Lang::En => format!("undo (#{to})"),
        },
        RevisionLabel::Imported => l.pick("导入", "imported").into(),
        RevisionLabel::Conflict => l.pick("处理冲突", "conflict").into(),
    }
}
