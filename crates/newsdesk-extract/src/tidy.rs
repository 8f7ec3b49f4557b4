//! 一键排版: the cleanup editors do by hand after a paste, as a table of named rules over
//! Markdown paragraphs. Every rule leaves numbers (3,000), times (10:20), URLs and Latin text alone.

use std::sync::LazyLock;

use regex::Regex;

/// What the rules may know besides the body: lines that repeat these at the top are dropped.
#[derive(Debug, Clone, Default)]
pub struct TidyContext<'a> {
    pub title: Option<&'a str>,
    pub summary: Option<&'a str>,
}

/// A rule over one paragraph (`None`: drop the paragraph).
type ParagraphRule = fn(&str) -> Option<String>;

/// The paragraph rules, in the order they run.
pub const PARAGRAPH_RULES: &[(&str, ParagraphRule)] = &[
    ("leading indentation", leading_indentation),
    ("trailing spaces", trailing_spaces),
    ("spaces between Chinese characters", spaces_between_han),
    ("Chinese punctuation between Chinese characters", han_punctuation),
    ("empty paragraph", empty_paragraph),
];

fn is_han(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x3134F)
}

/// Chinese text or the Chinese punctuation and quotes that sit beside it.
fn is_chinese(c: char) -> bool {
    is_han(c)
        || matches!(
            c,
            '“' | '”' | '‘' | '’' | '《' | '》' | '（' | '）' | '、' | '。' | '，' | '：' | '；'
        )
}

fn leading_indentation(p: &str) -> Option<String> {
    Some(
        p.lines()
            .map(|l| l.trim_start_matches([' ', '\u{3000}', '\u{00A0}', '\t']))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

fn trailing_spaces(p: &str) -> Option<String> {
    Some(
        p.lines()
            .map(|l| l.trim_end_matches([' ', '\u{3000}', '\u{00A0}', '\t']))
            .collect::<Vec<_>>()
            .join("\n"),
    )
}

static HAN_SPACE_HAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"([\p{Han}，。、：；“”])[ \u{3000}\u{00A0}]+([\p{Han}，。、：；“”])").expect("valid"));

fn spaces_between_han(p: &str) -> Option<String> {
    // Twice: the matches overlap in 中 国 人.
    let once = HAN_SPACE_HAN.replace_all(p, "$1$2");
    Some(HAN_SPACE_HAN.replace_all(&once, "$1$2").into_owned())
}

/// ASCII punctuation and the full-width form it takes between Chinese characters.
const PUNCTUATION: &[(char, char)] = &[(',', '，'), (';', '；'), (':', '：'), ('?', '？'), ('!', '！')];

fn han_punctuation(p: &str) -> Option<String> {
    let chars: Vec<char> = p.chars().collect();
    let mut out = String::with_capacity(p.len());
    for (i, &c) in chars.iter().enumerate() {
        let full = PUNCTUATION.iter().find(|(a, _)| *a == c).map(|(_, f)| *f);
        let before = i.checked_sub(1).and_then(|j| chars.get(j)).copied();
        let after = chars.get(i + 1).copied();
        // Only with Chinese on both sides: 3,000 · 10:20 · https://… · "Hello, world" stay.
        match full {
            Some(f) if before.is_some_and(is_chinese) && after.is_some_and(is_chinese) => out.push(f),
            _ => out.push(c),
        }
    }
    Some(out)
}

fn empty_paragraph(p: &str) -> Option<String> {
    (!p.trim().is_empty()).then(|| p.to_string())
}

fn same_text(a: &str, b: &str) -> bool {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let (a, b) = (squeeze(a), squeeze(b));
    !a.is_empty() && a == b
}

/// Tidies a Markdown body: each paragraph through the rules, blank-line runs to one, and the
/// title or summary repeated at the top dropped.
pub fn tidy(body: &str, context: &TidyContext) -> String {
    let mut paragraphs: Vec<String> = body
        .split("\n\n")
        .filter_map(|p| PARAGRAPH_RULES.iter().try_fold(p.to_string(), |p, (_, rule)| rule(&p)))
        .map(|p| p.trim_matches('\n').to_string())
        .filter(|p| !p.is_empty())
        .collect();
    // The title (often as a heading) and summary pasted again above the text.
    while let Some(first) = paragraphs.first() {
        let plain = first.trim_start_matches('#').trim();
        let repeated = [context.title, context.summary]
            .into_iter()
            .flatten()
            .any(|t| same_text(plain, t));
        if !repeated {
            break;
        }
        paragraphs.remove(0);
    }
    if paragraphs.is_empty() {
        return String::new();
    }
    paragraphs.join("\n\n") + "\n"
}
