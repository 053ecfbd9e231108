//! `wenben.chars` as predicates over the generated range tables (tables.rs, made from the
//! Python reference by scripts/gen_core_tables.py).

use crate::tables::{self, Ranges};

/// Whether `c` is in `ranges` (binary search; ASCII callers may test first for speed).
#[inline]
pub fn in_ranges(ranges: Ranges, c: char) -> bool {
    let code = c as u32;
    let index = ranges.partition_point(|&(_, end)| end < code);
    index < ranges.len() && ranges[index].0 <= code
}

macro_rules! class {
    ($(#[$doc:meta])* $name:ident, $table:ident) => {
        $(#[$doc])*
        #[inline]
        pub fn $name(c: char) -> bool {
            in_ranges(tables::$table, c)
        }
    };
}

class!(/// Script=Han (chars.HAN).
    is_han, HAN);
class!(/// CJK compatibility ideographs (chars.HAN_COMPATIBILITY).
    is_han_compatibility, HAN_COMPATIBILITY);
class!(/// Japanese kana (chars.KANA).
    is_kana, KANA);
class!(/// Full-width Chinese punctuation (chars.CJK_PUNCT).
    is_cjk_punct, CJK_PUNCT);
class!(/// Opening marks (chars.CJK_OPENING).
    is_cjk_opening, CJK_OPENING);
class!(/// Closing marks (chars.CJK_CLOSING).
    is_cjk_closing, CJK_CLOSING);
class!(/// Latin letters and combining diacritics (chars.LATIN).
    is_latin, LATIN);
class!(/// Greek letters (chars.GREEK).
    is_greek, GREEK);
class!(/// Cyrillic letters (chars.CYRILLIC).
    is_cyrillic, CYRILLIC);
class!(/// Latin, Greek, Cyrillic (chars.WESTERN_LETTER).
    is_western_letter, WESTERN_LETTER);
class!(/// Marks Western and Chinese typography share (chars.SHARED_PUNCT).
    is_shared_punct, SHARED_PUNCT);
class!(/// Invisible characters (chars.INVISIBLE).
    is_invisible, INVISIBLE);
class!(/// C0/C1 controls except TAB, LF, CR, NEL (chars.CONTROL).
    is_control, CONTROL);
class!(/// Sentence-final punctuation (chars.SENTENCE_FINAL).
    is_sentence_final, SENTENCE_FINAL);
class!(/// What cleaning may add, remove or swap inside a line (chars.NON_CONTENT).
    is_non_content, NON_CONTENT);
class!(/// Python `re`'s `\w` on str.
    is_py_word, PY_WORD);
class!(/// Python `re`'s `\d` on str.
    is_py_digit, PY_DIGIT);
class!(/// Python `re`'s `\s` on str (str.isspace()).
    is_py_space, PY_SPACE);
class!(/// str.isalpha().
    is_py_alpha, PY_ALPHA);
class!(/// str.isdecimal().
    is_py_decimal, PY_DECIMAL);
class!(/// str.isnumeric().
    is_py_numeric, PY_NUMERIC);
class!(/// str.isprintable().
    is_py_printable, PY_PRINTABLE);
class!(/// East Asian Width W or F.
    is_east_asian_wide, EAST_ASIAN_WIDE);
class!(/// str.isdigit().
    is_py_isdigit, PY_ISDIGIT);

/// Horizontal whitespace (chars.HSPACE / HSPACE_CHARS).
#[inline]
pub fn is_hspace(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\u{a0}' | '\u{1680}' | '\u{2000}'..='\u{200a}' | '\u{202f}' | '\u{205f}' | '\u{3000}')
}

/// Han or kana (chars.is_cjk_letter).
#[inline]
pub fn is_cjk_letter(c: char) -> bool {
    if ('\u{4e00}'..='\u{9fff}').contains(&c) {
        return true;
    }
    c >= '\u{2e80}' && in_ranges(tables::CJK_LETTER, c)
}

/// Han, kana or full-width punctuation (chars.is_cjk).
#[inline]
pub fn is_cjk(c: char) -> bool {
    is_cjk_letter(c) || is_cjk_punct(c)
}

/// The `(start, end)` of each maximal run of characters for which `inside` holds, in order
/// (what a pattern made by `chars.class_runs` finds in the reference).
pub fn runs<'a>(text: &'a [char], inside: impl Fn(char) -> bool + 'a) -> impl Iterator<Item = (usize, usize)> + 'a {
    let mut index = 0;
    std::iter::from_fn(move || {
        while index < text.len() && !inside(text[index]) {
            index += 1;
        }
        if index == text.len() {
            return None;
        }
        let start = index;
        while index < text.len() && inside(text[index]) {
            index += 1;
        }
        Some((start, index))
    })
}

/// chars.content_width: Han and other characters of 3-4 UTF-8 bytes count 2, others 1,
/// NON_CONTENT 0 (the reference counts `len + (utf8_len - len) // 2` over the kept characters).
pub fn content_width(line: &[char]) -> usize {
    let mut count = 0usize;
    let mut size = 0usize;
    for &c in line {
        if c == '\n' || is_non_content(c) {
            continue;
        }
        count += 1;
        size += c.len_utf8();
    }
    count + (size - count) / 2
}

/// A set of ASCII characters: `c in "..."` of the reference as a bit test (`str::contains(char)`
/// searches the string's UTF-8 bytes on every call).
#[derive(Clone, Copy, Debug)]
pub struct AsciiSet(u128);

impl AsciiSet {
    /// The set of the characters of `chars` (ASCII only: checked when the constant is built).
    pub const fn of(chars: &str) -> AsciiSet {
        let bytes = chars.as_bytes();
        let mut bits = 0u128;
        let mut i = 0;
        while i < bytes.len() {
            assert!(bytes[i] < 128, "AsciiSet: not ASCII");
            bits |= 1 << bytes[i];
            i += 1;
        }
        AsciiSet(bits)
    }

    #[inline]
    pub const fn contains(self, c: char) -> bool {
        (c as u32) < 128 && (self.0 >> (c as u32)) & 1 == 1
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes() {
        assert!(is_han('\u{3007}'));
        assert!(is_cjk_letter('\u{4e2d}'));
        assert!(!is_cjk_letter('\u{ac00}'));
        assert!(is_hspace('\u{3000}'));
        assert!(!is_cjk_punct('\u{3000}'));
        assert!(is_py_word('_'));
        assert_eq!(content_width(&"ab\u{4e2d}\u{ff0c}".chars().collect::<Vec<_>>()), 4);
    }

    #[test]
    fn runs_are_maximal() {
        let text: Vec<char> = "aa1b22".chars().collect();
        assert_eq!(runs(&text, |c| c.is_ascii_digit()).collect::<Vec<_>>(), vec![(2, 3), (4, 6)]);
        assert_eq!(runs(&text, |c| c == 'z').count(), 0);
    }

    #[test]
    fn hspace_matches_table() {
        for code in 0..0x3100u32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(is_hspace(c), in_ranges(tables::HSPACE, c), "{code:x}");
            }
        }
    }
}
