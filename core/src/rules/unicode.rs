//! `src/wenben/rules/unicode.py` of the reference: line endings, invisible characters and NFC
//! (`mojibake` stays on ftfy in Python). NFC is crate::nfc, with the reference's Unicode data.

use super::{Implementation, Rule};
use crate::chars::{is_control, is_han_compatibility, is_invisible, runs};
use crate::nfc;
use crate::text::{Context, Edit};

/// CR LF, lone CR, VT, FF, NEL, LINE/PARAGRAPH SEPARATOR (unicode.LINE_BREAKS).
fn is_line_break(c: char) -> bool {
    matches!(c, '\r' | '\u{0b}' | '\u{0c}' | '\u{85}' | '\u{2028}' | '\u{2029}')
}

/// `line-endings`: every line break that is not LF becomes LF (CR LF as one edit).
pub fn line_endings(text: &[char], _context: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut index = 0;
    while index < text.len() {
        let c = text[index];
        if is_line_break(c) {
            let end = if c == '\r' && text.get(index + 1) == Some(&'\n') { index + 2 } else { index + 1 };
            edits.push(Edit::new("", index, end, "\n"));
            index = end;
        } else {
            index += 1;
        }
    }
    edits
}

fn is_removed(c: char) -> bool {
    // Printable ASCII and everything from U+206A on but U+FEFF is neither (tested below): most
    // text needs no table search.
    let code = c as u32;
    if (0x20..0x7f).contains(&code) || (code >= 0x206a && code != 0xfeff) {
        return false;
    }
    is_invisible(c) || is_control(c)
}

/// `invisible-characters`: runs of zero-width and control characters are removed, except a
/// lone soft hyphen right after a Latin-1 character other than NBSP (it may be byte 0xAD of
/// mojibake not yet repaired).
pub fn invisible_characters(text: &[char], _context: &Context) -> Vec<Edit> {
    runs(text, is_removed)
        .filter(|&(start, end)| {
            let kept_soft_hyphen = end - start == 1
                && text[start] == '\u{ad}'
                && start > 0
                && ('\u{80}'..='\u{ff}').contains(&text[start - 1])
                && text[start - 1] != '\u{a0}';
            !kept_soft_hyphen
        })
        .map(|(start, end)| Edit::new("", start, end, ""))
        .collect()
}

/// `unicode-normalization`: each line's runs between CJK compatibility ideographs (which NFC
/// would swap for their unified twins) are made NFC, one edit per run that changes, trimmed to
/// the part that differs (the common prefix, then the common suffix of what is left).
pub fn unicode_normalization(text: &[char], _context: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (start, end) in runs(text, |c| !is_unit_boundary(c)) {
        let chunk = &text[start..end];
        if !may_be_unnormalized(chunk) {
            continue;
        }
        let normal = nfc::nfc(chunk);
        if normal.as_slice() == chunk {
            continue;
        }
        let limit = chunk.len().min(normal.len());
        let mut prefix = 0;
        while prefix < limit && chunk[prefix] == normal[prefix] {
            prefix += 1;
        }
        let mut suffix = 0;
        while suffix < limit - prefix && chunk[chunk.len() - 1 - suffix] == normal[normal.len() - 1 - suffix] {
            suffix += 1;
        }
        let replacement: String = normal[prefix..normal.len() - suffix].iter().collect();
        edits.push(Edit::new("", start + prefix, end - suffix, replacement));
    }
    edits
}

/// Where the reference's normalisation units (`[^HAN_COMPATIBILITY\n]+`) end.
fn is_unit_boundary(c: char) -> bool {
    c == '\n' || is_han_compatibility(c)
}

/// `unicodedata.is_normalized("NFC", text)` can only be false if this is true.
fn may_be_unnormalized(text: &[char]) -> bool {
    text.iter().any(|&c| nfc::is_unsafe(c))
}

fn has_line_break(text: &[char]) -> bool {
    text.iter().any(|&c| is_line_break(c))
}

fn has_removed(text: &[char]) -> bool {
    text.iter().any(|&c| is_removed(c))
}

/// The rules of this module the core implements.
pub fn lookup(id: &str) -> Option<Rule> {
    match id {
        "line-endings" => Some(Rule {
            id: "line-endings",
            implementation: Implementation::Single(line_endings),
            quick: Some(has_line_break),
        }),
        "invisible-characters" => Some(Rule {
            id: "invisible-characters",
            implementation: Implementation::Single(invisible_characters),
            quick: Some(has_removed),
        }),
        "unicode-normalization" => Some(Rule {
            id: "unicode-normalization",
            implementation: Implementation::Single(unicode_normalization),
            quick: Some(may_be_unnormalized),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Spacing;

    #[test]
    fn the_fast_path_of_is_removed_skips_no_removed_character() {
        for c in (0..=0x10ffffu32).filter_map(char::from_u32) {
            assert_eq!(is_removed(c), is_invisible(c) || is_control(c), "{c:?}");
        }
    }

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn crlf_is_one_edit() {
        let context = Context::new(Spacing::Compact, vec![], None);
        let edits = line_endings(&chars("a\r\nb\rc\u{2028}"), &context);
        assert_eq!(edits, vec![Edit::new("", 1, 3, "\n"), Edit::new("", 4, 5, "\n"), Edit::new("", 6, 7, "\n")]);
    }

    #[test]
    fn soft_hyphen_after_latin1_stays() {
        let context = Context::new(Spacing::Compact, vec![], None);
        assert!(invisible_characters(&chars("\u{e9}\u{ad}"), &context).is_empty());
        assert_eq!(invisible_characters(&chars("\u{a0}\u{ad}x\u{200b}\u{0}"), &context).len(), 2);
    }

    #[test]
    fn normalization_spans_are_trimmed() {
        let context = Context::new(Spacing::Compact, vec![], None);
        assert_eq!(unicode_normalization(&chars("Cafe\u{301}!"), &context), vec![Edit::new("", 3, 5, "\u{e9}")]);
        // A compatibility ideograph is left alone and splits the units; so does a newline.
        assert!(unicode_normalization(&chars("\u{f900}e\u{301}"), &context) == vec![Edit::new("", 1, 3, "\u{e9}")]);
        assert!(unicode_normalization(&chars("e\u{f900}\u{301}\ne"), &context).is_empty());
        assert!(unicode_normalization(&chars("e\n\u{301}"), &context).is_empty());
    }
}
