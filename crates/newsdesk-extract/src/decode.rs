//! Bytes to text: the meta charset, a BOM, or the bytes themselves decide (UTF-8, GBK/GB18030, Big5).

use encoding_rs::{BIG5, Encoding, GB18030, UTF_8};

use crate::error::ExtractError;

/// Characters frequent in Chinese news text, in both scripts: a wrong decoding of GBK as Big5
/// (or the reverse) gives valid but rare characters, so the right one scores higher here.
const COMMON: &str =
    "的一是不了在人有我他这這中大来來上国國个個到说說们們为為和地出道也时時年日月会會要以就新发發报報记記者市县縣区區";

/// How the text was decoded, for the warnings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decoded {
    pub text: String,
    pub encoding: &'static str,
    /// The encoding came from the bytes, not from a BOM or meta charset.
    pub guessed: bool,
}

fn looks_binary(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(8192)];
    if head.contains(&0) {
        // UTF-16 text carries NULs too, but then it starts with its BOM.
        return !(head.starts_with(&[0xFF, 0xFE]) || head.starts_with(&[0xFE, 0xFF]));
    }
    let controls = head
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\n' | b'\r' | b'\t' | 0x0C))
        .count();
    controls * 20 > head.len()
}

/// The charset a page declares in `<meta charset=…>` or `content="text/html; charset=…"`.
fn declared_charset(bytes: &[u8]) -> Option<String> {
    let head = &bytes[..bytes.len().min(4096)];
    let lower: String = head.iter().map(|&b| (b as char).to_ascii_lowercase()).collect();
    let at = lower.find("charset=")?;
    let rest = &lower[at + "charset=".len()..];
    let rest = rest.trim_start_matches(['"', '\'', ' ']);
    let label: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':' | '.'))
        .collect();
    (!label.is_empty()).then_some(label)
}

fn score(text: &str) -> usize {
    text.chars().filter(|c| COMMON.contains(*c)).count()
}

/// Decodes a file's bytes. Binary data and undecodable text are refused.
pub fn decode(bytes: &[u8]) -> Result<Decoded, ExtractError> {
    if let Some((enc, bom)) = Encoding::for_bom(bytes) {
        let (text, _) = enc.decode_without_bom_handling(&bytes[bom..]);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            guessed: false,
        });
    }
    if looks_binary(bytes) {
        return Err(ExtractError::Binary);
    }
    if let Some(label) = declared_charset(bytes) {
        let enc = Encoding::for_label(label.as_bytes()).ok_or(ExtractError::UnknownEncoding(label.clone()))?;
        // GB2312 and GBK pages routinely hold GB18030-only characters; the superset reads them all.
        let enc = if enc == encoding_rs::GBK { GB18030 } else { enc };
        let (text, _, _) = enc.decode(bytes);
        return Ok(Decoded {
            text: text.into_owned(),
            encoding: enc.name(),
            guessed: false,
        });
    }
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(Decoded {
            text: text.to_string(),
            encoding: UTF_8.name(),
            guessed: false,
        });
    }
    let candidates = [GB18030, BIG5].map(|enc| {
        let (text, had_errors) = enc.decode_without_bom_handling(bytes);
        (enc, text.into_owned(), had_errors)
    });
    let best = candidates
        .into_iter()
        .filter(|(_, text, had_errors)| !had_errors && score(text) > 0)
        .max_by_key(|(_, text, _)| score(text));
    match best {
        Some((enc, text, _)) => Ok(Decoded {
            text,
            encoding: enc.name(),
            guessed: true,
        }),
        None => Err(ExtractError::UnknownEncoding(String::new())),
    }
}
