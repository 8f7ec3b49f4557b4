//! The query syntax editors know from search engines: spaces for AND, `"…"` for a phrase,
//! `-word` to leave out, `来源:人民网` for one field. Every term is folded as the index is.

use super::fold::{fold, is_word};
use super::grams::{run_expression, runs};

/// A part of an article a term can be looked for in; each is a pair of index columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// Title, kicker and subtitle.
    Title,
    /// Body, summary, keywords and photo captions with their credits.
    Body,
    /// 来源.
    Source,
    /// 作者.
    Author,
    /// 责任编辑.
    Editor,
}

impl Field {
    pub const ALL: [Field; 5] = [Field::Title, Field::Body, Field::Source, Field::Author, Field::Editor];

    /// The index's name for the field group (its columns are `<name>_1` and `<name>_2`).
    pub fn group(self) -> &'static str {
        match self {
            Field::Title => "title",
            Field::Body => "body",
            Field::Source => "source",
            Field::Author => "author",
            Field::Editor => "editor",
        }
    }

    fn by_label(label: &str) -> Option<Field> {
        Some(match label {
            "标题" | "title" => Field::Title,
            "正文" | "body" => Field::Body,
            "来源" | "source" => Field::Source,
            "作者" | "author" => Field::Author,
            "编辑" | "责编" | "责任编辑" | "editor" => Field::Editor,
            _ => return None,
        })
    }
}

/// One term of a query, folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Term {
    pub text: String,
    /// Only in this field; anywhere when None.
    pub field: Option<Field>,
    /// Articles holding it are left out.
    pub negative: bool,
}

impl Term {
    fn fields(&self) -> Vec<Field> {
        self.field.map_or_else(|| Field::ALL.to_vec(), |f| vec![f])
    }

    /// Whether the index alone answers this term exactly: it is one run of word characters.
    pub fn exact_in_index(&self) -> bool {
        !self.text.is_empty() && self.text.chars().all(is_word)
    }

    /// The FTS5 expression every article holding the term matches (more may match when the term
    /// is not [`exact_in_index`](Term::exact_in_index)); None when the index cannot narrow it.
    pub fn expression(&self, only: Option<&[Field]>) -> Option<String> {
        let fields: Vec<&str> = self
            .fields()
            .into_iter()
            .filter(|f| only.is_none_or(|o| o.contains(f)))
            .map(Field::group)
            .collect();
        if fields.is_empty() {
            return None;
        }
        let parts: Vec<String> = runs(&self.text).map(|r| run_expression(r, &fields)).collect();
        (!parts.is_empty()).then(|| format!("({})", parts.join(" AND ")))
    }
}

/// A parsed query.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SearchQuery {
    pub terms: Vec<Term>,
}

fn is_quote(c: char) -> bool {
    matches!(c, '"' | '“' | '”' | '＂')
}

impl SearchQuery {
    pub fn parse(input: &str) -> SearchQuery {
        let mut terms = Vec::new();
        let chars: Vec<char> = input.chars().collect();
        let mut i = 0;
        while i < chars.len() {
            if chars[i].is_whitespace() {
                i += 1;
                continue;
            }
            let negative = matches!(chars[i], '-' | '－') && chars.get(i + 1).is_some_and(|c| !c.is_whitespace());
            if negative {
                i += 1;
            }
            // A field label, then its value.
            let word_end = (i..chars.len())
                .find(|&j| chars[j].is_whitespace() || is_quote(chars[j]) || matches!(chars[j], ':' | '：'))
                .unwrap_or(chars.len());
            let mut field = None;
            if word_end < chars.len() && matches!(chars[word_end], ':' | '：') {
                let label: String = chars[i..word_end].iter().collect::<String>().to_lowercase();
                if let Some(f) = Field::by_label(&label) {
                    field = Some(f);
                    i = word_end + 1;
                }
            }
            let text: String = if i < chars.len() && is_quote(chars[i]) {
                let end = (i + 1..chars.len())
                    .find(|&j| is_quote(chars[j]))
                    .unwrap_or(chars.len());
                let t = chars[i + 1..end].iter().collect();
                i = end + 1;
                t
            } else {
                let end = (i..chars.len())
                    .find(|&j| chars[j].is_whitespace())
                    .unwrap_or(chars.len());
                let t = chars[i..end].iter().collect();
                i = end;
                t
            };
            let text = fold(text.trim());
            if !text.is_empty() {
                terms.push(Term { text, field, negative });
            }
        }
        SearchQuery { terms }
    }

    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub fn positive(&self) -> impl Iterator<Item = &Term> {
        self.terms.iter().filter(|t| !t.negative)
    }

    /// Whether the index's answer must be checked against the articles' text.
    pub fn needs_check(&self) -> bool {
        self.terms.iter().any(|t| !t.exact_in_index())
    }

    /// What every hit matches: the positive terms, ANDed. None when no term narrows the search.
    pub fn expression(&self) -> Option<String> {
        let parts: Vec<String> = self.positive().filter_map(|t| t.expression(None)).collect();
        (!parts.is_empty()).then(|| parts.join(" AND "))
    }

    /// What a title hit matches: every positive term found in the title (a field term in its field).
    pub fn title_expression(&self) -> Option<String> {
        if self.positive().all(|t| t.field.is_some()) {
            return None;
        }
        let parts: Option<Vec<String>> = self
            .positive()
            .map(|t| match t.field {
                Some(_) => t.expression(None),
                None => t.expression(Some(&[Field::Title])),
            })
            .collect();
        parts.map(|p| p.join(" AND "))
    }

    /// What the left-out terms match, where the index answers them exactly.
    pub fn excluded_expression(&self) -> Option<String> {
        let parts: Vec<String> = self
            .terms
            .iter()
            .filter(|t| t.negative && t.exact_in_index())
            .filter_map(|t| t.expression(None))
            .collect();
        (!parts.is_empty()).then(|| parts.join(" OR "))
    }

    /// The plain answer for one article, by substring over its folded field groups: what the
    /// index must agree with, and the check for terms it cannot answer alone.
    pub fn matches(&self, folded: &FoldedArticle) -> bool {
        self.terms.iter().all(|t| {
            let found = t.fields().iter().any(|f| folded.group(*f).contains(&t.text));
            found != t.negative
        })
    }
}

/// An article's field groups, folded, as the plain scan reads them.
#[derive(Debug, Clone, Default)]
pub struct FoldedArticle {
    pub groups: [String; 5],
}

impl FoldedArticle {
    pub fn group(&self, f: Field) -> &str {
        &self.groups[Field::ALL.iter().position(|g| *g == f).expect("a known field")]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_syntax_editors_know() {
        let q = SearchQuery::parse("就业  -招聘 来源：人民网 \"ＣＯＶＩＤ 19\"");
        assert_eq!(
            q.terms,
            vec![
                Term {
                    text: "就业".into(),
                    field: None,
                    negative: false
                },
                Term {
                    text: "招聘".into(),
                    field: None,
                    negative: true
                },
                Term {
                    text: "人民网".into(),
                    field: Some(Field::Source),
                    negative: false
                },
                Term {
                    text: "covid 19".into(),
                    field: None,
                    negative: false
                },
            ]
        );
        assert!(q.needs_check(), "a phrase with a space is checked against the text");
        assert!(!SearchQuery::parse("就业 遵义").needs_check());
        assert_eq!(
            SearchQuery::parse("a:b").terms[0].text,
            "a:b",
            "an unknown label is part of the term"
        );
    }
}
