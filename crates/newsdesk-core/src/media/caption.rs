//! Splitting a pasted caption into the caption proper and its credit, by newsroom conventions.
//!
//! Editors paste captions with the credit at the end — `…共渡难关。陈鋆摄`, `(记者 张三 摄)`,
//! `记者张三/摄`, `图/新华社`, `遵义市公安局供图`, `图片来源:视觉中国`, `新华社记者 李明 摄`,
//! `Photo: Li Ming`, `(Xinhua/Li Ming)` — with full-width or half-width punctuation. The credit is
//! kept as written (the page shows it so) and the photographer's name is parsed from it.

use std::sync::LazyLock;

use regex::Regex;
use serde::{Deserialize, Serialize};

/// A caption split into its parts.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct CaptionParts {
    pub caption: String,
    /// As written, without enclosing parentheses: 陈鋆摄, 记者 张三 摄, Xinhua/Li Ming.
    pub credit: Option<String>,
    /// The name(s) in the credit, several joined by 、.
    pub photographer: Option<String>,
}

// A Chinese personal name is two to four characters, or longer with a middle dot (买买提·艾力);
// whitespace never joins two names, so "走访群众 陈鋆摄" is not read as two photographers.
const HAN_NAME: &str = r"(?:\p{Han}{2,4}|\p{Han}{1,8}[·•・]\p{Han}{1,8})";
const LATIN_NAME: &str = r"(?:[A-Z][A-Za-z'\-]*\.?(?:[ \t]+[A-Z][A-Za-z'\-]*\.?){0,3})";
/// An agency, outlet or person after 图/ or before 供图: no spaces unless it is a Latin name.
const SOURCE: &str = r"(?:[^\s。！？!?；;，,()（）/／]{1,24}|[A-Z][A-Za-z'\-]*\.?(?:[ \t]+[A-Z][A-Za-z'\-]*\.?){0,3})";
const OPEN: [char; 2] = ['(', '（'];
const CLOSE: [char; 2] = [')', '）'];

fn people() -> String {
    format!(r"(?:{HAN_NAME}|{LATIN_NAME})(?:\s*[、,，&]\s*(?:{HAN_NAME}|{LATIN_NAME}))*")
}

/// Whole-credit forms, each capturing the photographer as `name`.
static CREDIT_FORMS: LazyLock<Vec<Regex>> = LazyLock::new(|| {
    let people = people();
    [
        // 陈鋆摄 · 记者 张三 摄 · 记者张三/摄 · 新华社记者 李明 摄 · 本报通讯员 王五 摄影
        format!(r"^(?:\p{{Han}}{{0,8}}?(?:记者|通讯员))?\s*(?P<name>{people})\s*[/／]?\s*摄影?$"),
        // 图/新华社 · 图：张三
        format!(r"^图\s*[/／:：]\s*(?P<name>{SOURCE}(?:\s*[、,，]\s*{SOURCE})*)$"),
        // 遵义市公安局供图 · 张三 供图
        format!(r"^(?P<name>{SOURCE})\s*供图$"),
        // 图片来源:视觉中国
        format!(r"^图片来源\s*[:：]\s*(?P<name>{SOURCE}(?:\s*[、,，]\s*{SOURCE})*)$"),
        // Photo: Li Ming · Photo by Li Ming · Photos: 张三
        format!(r"^(?i:photos?)(?:\s*[:：]|\s+by)\s*(?P<name>{people})$"),
    ]
    .iter()
    .map(|re| Regex::new(re).expect("the credit patterns are valid"))
    .collect()
});

/// Xinhua/Li Ming · 新华社/李明: only inside closing parentheses, since in running text
/// 遵义/贵阳 is not a credit.
static AGENCY_FORM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"^(?:[A-Za-z]{{2,12}}|\p{{Han}}{{2,8}})\s*[/／]\s*(?P<name>{})$",
        people()
    ))
    .expect("valid")
});

static BARE_NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(&format!("^{}$", people())).expect("valid"));

static NAME_SEPARATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\s*[、,，&]\s*").expect("valid"));

/// Where a credit may begin: the start, after sentence punctuation, a comma, a line break or a space.
fn is_boundary(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '!' | '?' | '；' | ';' | '.' | '，' | ',' | '、') || c.is_whitespace()
}

/// The photographer named by a credit string, if it follows a known form.
fn credit_name(credit: &str, in_parentheses: bool) -> Option<String> {
    let agency = in_parentheses.then_some(&*AGENCY_FORM);
    CREDIT_FORMS.iter().chain(agency).find_map(|re| {
        re.captures(credit).map(|c| {
            let name = c.name("name").map_or("", |m| m.as_str()).trim();
            NAME_SEPARATOR.replace_all(name, "、").into_owned()
        })
    })
}

/// The text inside parentheses that close `text`, and where the opening one is.
fn trailing_parenthesis(text: &str) -> Option<(usize, &str)> {
    let body = text.strip_suffix(CLOSE)?;
    let open = body.rfind(OPEN)?;
    let inner = &body[open..];
    let inner = &inner[inner.chars().next()?.len_utf8()..];
    (!inner.contains(CLOSE)).then_some((open, inner.trim()))
}

fn clean_caption(text: &str) -> String {
    text.trim_end_matches(|c: char| c.is_whitespace() || matches!(c, '，' | ',' | '、' | '—' | '-' | '|'))
        .to_string()
}

/// Splits a pasted caption into caption, credit as written and photographer.
///
/// `江勇(右三)走访…共渡难关。陈鋆摄` gives caption `江勇(右三)走访…共渡难关。`, credit `陈鋆摄`
/// and photographer `陈鋆`. Text without a recognisable credit is all caption.
pub fn split_caption(text: &str) -> CaptionParts {
    let text = text.trim();
    if let Some((open, inner)) = trailing_parenthesis(text)
        && let Some(name) = credit_name(inner, true)
    {
        return CaptionParts {
            caption: clean_caption(&text[..open]),
            credit: Some(inner.to_string()),
            photographer: Some(name),
        };
    }
    // Try the longest tail first, so 新华社记者 李明 摄 is not cut down to 李明 摄.
    let starts = std::iter::once(0).chain(
        text.char_indices()
            .filter(|(_, c)| is_boundary(*c))
            .map(|(i, c)| i + c.len_utf8()),
    );
    for start in starts {
        let tail = text[start..].trim();
        if tail.is_empty() {
            continue;
        }
        if let Some(name) = credit_name(tail, false) {
            return CaptionParts {
                caption: clean_caption(&text[..start]),
                credit: Some(tail.to_string()),
                photographer: Some(name),
            };
        }
    }
    CaptionParts {
        caption: text.to_string(),
        credit: None,
        photographer: None,
    }
}

/// The photographer named by a credit as written: 陈鋆摄 → 陈鋆, (Xinhua/Li Ming) → Li Ming,
/// and a bare name is itself.
pub fn photographer_of(credit: &str) -> Option<String> {
    let credit = credit.trim();
    let credit = trailing_parenthesis(credit)
        .filter(|(open, _)| *open == 0)
        .map_or(credit, |(_, inner)| inner);
    if credit.is_empty() {
        return None;
    }
    credit_name(credit, true).or_else(|| {
        BARE_NAME
            .is_match(credit)
            .then(|| NAME_SEPARATOR.replace_all(credit, "、").into_owned())
    })
}
