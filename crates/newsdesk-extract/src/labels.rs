//! The attribution labels Chinese and English news pages print, as one table: which field a
//! label fills, and whether it may stand without a colon (`编辑 曾淑花 二审 朱晖`).
//!
//! Labels are matched on the folded line (full-width to ASCII, Traditional to Simplified), so
//! 來源：, 編輯: and 来源: are one row.

use std::sync::LazyLock;

use regex::Regex;

/// What a label's value is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Slot {
    /// 来源: the outlet, or its address when the value is a URL.
    Source,
    /// 原文链接 / Read more: the original's address.
    SourceUrl,
    /// 作者, 记者, 通讯员, By: people, role words removed.
    Author,
    /// 发布时间, Published: the time the page shows.
    Published,
    /// 成文日期, 印发日期: when a document was written or issued, which government pages print
    /// beside (and before) its 发布日期; the publish time only when the page gives no other.
    Written,
    /// 来源时间: when the original appeared.
    SourceTime,
    /// 责任编辑, 责编.
    Editor,
    /// 编辑: the editor when there is no 责任编辑, otherwise another credit.
    PlainEditor,
    /// 二审, 三审, 监制, 审核, 校对…: kept under their role.
    Credit,
    /// 浏览, 点击, 字号, Updated…: page furniture that ends the previous value.
    Ignore,
}

/// (label as folded, slot, may stand without a colon). A label in brackets (`【作者】…`,
/// `[来源]…`), as government and archive pages print them, is as sure as one with a colon.
pub const LABELS: &[(&str, Slot, bool)] = &[
    ("来源时间为", Slot::SourceTime, false),
    ("来源时间", Slot::SourceTime, false),
    ("原文发布时间", Slot::SourceTime, false),
    ("原发时间", Slot::SourceTime, false),
    ("信息来源", Slot::Source, false),
    ("稿件来源", Slot::Source, false),
    ("文章来源", Slot::Source, false),
    ("新闻来源", Slot::Source, false),
    ("内容来源", Slot::Source, false),
    ("转载自", Slot::Source, false),
    ("来源", Slot::Source, true),
    ("出处", Slot::Source, false),
    ("原文链接", Slot::SourceUrl, false),
    ("原文地址", Slot::SourceUrl, false),
    ("本文链接", Slot::SourceUrl, false),
    ("作者", Slot::Author, true),
    ("撰稿", Slot::Author, false),
    ("撰文", Slot::Author, false),
    ("文字", Slot::Author, false),
    ("本报记者", Slot::Author, true),
    ("特派记者", Slot::Author, true),
    ("记者", Slot::Author, true),
    ("通讯员", Slot::Author, true),
    ("发布时间", Slot::Published, false),
    ("发布日期", Slot::Published, false),
    // E-papers print the day an article ran: 刊发日期, 刊登日期, 见报日期, 出版日期.
    ("刊发日期", Slot::Published, false),
    ("刊发时间", Slot::Published, false),
    ("刊登日期", Slot::Published, false),
    ("见报日期", Slot::Published, false),
    ("出版日期", Slot::Published, false),
    // What newsroom and school CMSs print: 发稿时间, 录入时间, 上传时间, 添加时间.
    ("发稿时间", Slot::Published, false),
    ("录入时间", Slot::Published, false),
    ("上传时间", Slot::Published, false),
    ("添加时间", Slot::Published, false),
    ("更新日期", Slot::Published, false),
    ("成文日期", Slot::Written, false),
    ("印发日期", Slot::Written, false),
    ("发表时间", Slot::Published, false),
    ("发文日期", Slot::Published, false),
    ("公开日期", Slot::Published, false),
    ("更新时间", Slot::Published, false),
    ("时间", Slot::Published, false),
    ("日期", Slot::Published, false),
    ("发布", Slot::Published, false),
    ("责任编辑", Slot::Editor, true),
    ("责编", Slot::Editor, true),
    ("编辑", Slot::PlainEditor, true),
    ("小编", Slot::PlainEditor, false),
    ("一审", Slot::Credit, true),
    ("二审", Slot::Credit, true),
    ("三审", Slot::Credit, true),
    ("终审", Slot::Credit, true),
    ("初审", Slot::Credit, true),
    ("复审", Slot::Credit, true),
    ("审核", Slot::Credit, true),
    ("审校", Slot::Credit, true),
    ("校对", Slot::Credit, true),
    ("监制", Slot::Credit, true),
    ("统筹", Slot::Credit, true),
    ("制作", Slot::Credit, false),
    ("美编", Slot::Credit, true),
    ("摄影", Slot::Credit, false),
    ("浏览次数", Slot::Ignore, false),
    ("阅读次数", Slot::Ignore, false),
    ("点击率", Slot::Ignore, false),
    ("浏览量", Slot::Ignore, false),
    ("浏览", Slot::Ignore, false),
    ("点击数", Slot::Ignore, false),
    ("点击", Slot::Ignore, false),
    ("阅读数", Slot::Ignore, false),
    ("阅读", Slot::Ignore, false),
    ("字号", Slot::Ignore, false),
    ("字体", Slot::Ignore, false),
    ("字体大小", Slot::Ignore, false),
    ("分享到", Slot::Ignore, false),
    ("分享", Slot::Ignore, false),
    ("栏目", Slot::Ignore, false),
    ("关键字", Slot::Ignore, false),
    ("关键词", Slot::Ignore, false),
    ("索引号", Slot::Ignore, false),
    ("文号", Slot::Ignore, false),
    ("发布机构", Slot::Ignore, false),
    ("有效性", Slot::Ignore, false),
    ("hits", Slot::Ignore, false),
    ("category", Slot::Ignore, false),
    ("published on", Slot::Published, true),
    ("published", Slot::Published, false),
    ("updated", Slot::Ignore, false),
    ("source", Slot::Source, false),
    ("read more", Slot::SourceUrl, true),
    ("by", Slot::Author, false),
];

/// One label occurrence: where it is in the folded line and where its value begins.
#[derive(Debug, Clone, Copy)]
pub struct LabelAt {
    pub slot: Slot,
    pub label: &'static str,
    pub start: usize,
    pub value_start: usize,
    pub with_colon: bool,
}

/// Every label in a line: `来源:` anywhere (pages glue fields: `16:02作者:甲`), a bare label
/// (`编辑 曾淑花`) only at the start of the line or after a space or separator.
static LABEL_RE: LazyLock<Regex> = LazyLock::new(|| {
    let mut labels: Vec<&str> = LABELS.iter().map(|(l, _, _)| *l).collect();
    labels.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
    let alternation = labels
        .iter()
        .map(|l| regex::escape(l).replace(' ', r"\s+"))
        .collect::<Vec<_>>()
        .join("|");
    Regex::new(&format!(
        r"(?i)(?P<label>{alternation})(?P<sep>\s*[:]\s*|\s*[】\]]\s*|\s+)"
    ))
    .expect("the label table is valid")
});

fn slot_of(label: &str) -> Option<(Slot, &'static str, bool)> {
    let folded = label.to_lowercase();
    let folded = folded.split_whitespace().collect::<Vec<_>>().join(" ");
    LABELS
        .iter()
        .find(|(l, _, _)| *l == folded)
        .map(|(l, slot, bare)| (*slot, *l, *bare))
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '|' | '丨' | '/' | '【' | '[' | '(' | '（' | '】' | ']' | ')' | '）' | '·' | '-' | '>'
        )
}

/// The labels of a folded line, in order.
pub fn labels_in(folded: &str) -> Vec<LabelAt> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(caps) = LABEL_RE.captures_at(folded, at) {
        let whole = caps.get(0).expect("group 0");
        let label = caps.name("label").expect("label group");
        let sep = caps.name("sep").map_or("", |s| s.as_str());
        at = label.end();
        let Some((slot, name, bare_ok)) = slot_of(label.as_str()) else {
            continue;
        };
        let before = folded[..label.start()].chars().next_back();
        // `【作者】`: the bracket closes a label it opened, not a word inside a bracket (`【成文日期】`
        // holds no 日期 label of its own).
        let closes = sep.contains(['】', ']']);
        let bracketed = closes && matches!(before, Some('【' | '['));
        if closes && !bracketed {
            continue;
        }
        // A phrase (`Published on`) is as sure as a colon.
        let with_colon = sep.contains(':') || bracketed || label.as_str().contains(' ');
        let latin = name.is_ascii();
        // A Latin label must be a word of its own: "Bylaw:" or "resource:" is not one.
        if latin && before.is_some_and(|c| c.is_ascii_alphanumeric()) {
            continue;
        }
        let after_separator = before.is_none_or(is_separator);
        if !(with_colon || bare_ok && after_separator) {
            continue;
        }
        found.push(LabelAt {
            slot,
            label: name,
            start: label.start(),
            value_start: whole.end(),
            with_colon,
        });
    }
    found
}

/// Role words around names: `本报记者 张三` is 张三, `By: Li Ming` is Li Ming.
pub const ROLE_WORDS: &[&str] = &[
    "新华社记者",
    "中新社记者",
    "人民日报记者",
    "本报特派记者",
    "本报首席记者",
    "本报见习记者",
    "本报实习生",
    "本报通讯员",
    "本报记者",
    "本台记者",
    "本网记者",
    "融媒体记者",
    "全媒体记者",
    "特派记者",
    "首席记者",
    "见习记者",
    "实习记者",
    "实习生",
    "特约记者",
    "记者",
    "通讯员",
    "文/图",
    "图/文",
    "文/",
    "By:",
    "By",
    "by",
];

/// Words that follow "By" in a sentence, not a byline: `By Sunday, …`.
pub const NOT_NAMES: &[&str] = &[
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "the",
    "then",
    "now",
    "late",
    "early",
    "far",
    "noon",
    "midnight",
    "tomorrow",
    "today",
    "yesterday",
    "this",
    "that",
    "next",
    "last",
    "end",
    "contrast",
    "comparison",
    "law",
    "default",
    "chance",
    "mistake",
    "design",
    "way",
];
