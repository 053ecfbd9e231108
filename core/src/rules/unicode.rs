//! `src/wenben/rules/unicode.py` of the reference: line endings and invisible characters.
//! (`mojibake` stays on ftfy in Python; `unicode-normalization` is not ported yet: it needs
//! NFC data of the reference's Unicode version.)

use super::{Implementation, Rule};
use crate::chars::{is_control, is_invisible};
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
    is_invisible(c) || is_control(c)
}

/// `invisible-characters`: runs of zero-width and control characters are removed, except a
/// lone soft hyphen right after a Latin-1 character other than NBSP (it may be byte 0xAD of
/// mojibake not yet repaired).
pub fn invisible_characters(text: &[char], _context: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut index = 0;
    while index < text.len() {
        if !is_removed(text[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < text.len() && is_removed(text[index]) {
            index += 1;
        }
        let lone_soft_hyphen = index - start == 1 && text[start] == '\u{ad}';
        if lone_soft_hyphen && start > 0 {
            let before = text[start - 1];
            if ('\u{80}'..='\u{ff}').contains(&before) && before != '\u{a0}' {
                continue;
            }
        }
        edits.push(Edit::new("", start, index, ""));
    }
    edits
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
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Spacing;

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
}
