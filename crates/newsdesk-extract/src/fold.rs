//! A line folded for matching (full-width to ASCII, Traditional to Simplified, NBSP to space),
//! char for char, so that a match in the folded text maps back to the text as written.

use newsdesk_core::chinese::fold_char;

/// Full-width ASCII forms and the ideographic space as their ASCII selves; the Chinese
/// punctuation that has no ASCII twin (、。「」) stays.
pub fn width_fold(c: char) -> char {
    match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' => ' ',
        c => c,
    }
}

pub struct Folded {
    pub text: String,
    /// For each char: its byte offset in the folded text and in the original.
    offsets: Vec<(usize, usize)>,
    original_len: usize,
}

impl Folded {
    pub fn new(original: &str) -> Folded {
        let mut text = String::with_capacity(original.len());
        let mut offsets = Vec::with_capacity(original.len());
        for (i, c) in original.char_indices() {
            offsets.push((text.len(), i));
            text.push(fold_char(width_fold(c)));
        }
        Folded {
            text,
            offsets,
            original_len: original.len(),
        }
    }

    /// The original byte offset of a folded byte offset (a char boundary of the folded text).
    pub fn original(&self, folded: usize) -> usize {
        match self.offsets.binary_search_by_key(&folded, |&(f, _)| f) {
            Ok(i) => self.offsets[i].1,
            Err(_) => self.original_len,
        }
    }
}
