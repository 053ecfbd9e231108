//! `src/wenben/rules/width.py` of the reference: full-width letters and digits become ASCII
//! (GB/T 15835-2011), full-width punctuation stays.

use super::{Implementation, Rule};
use crate::chars::runs;
use crate::text::{Context, Edit};

fn is_fullwidth_alphanumeric(c: char) -> bool {
    matches!(c, '\u{ff10}'..='\u{ff19}' | '\u{ff21}'..='\u{ff3a}' | '\u{ff41}'..='\u{ff5a}')
}

/// `fullwidth-alphanumerics`: one edit per run of full-width letters and digits.
pub fn fullwidth_alphanumerics(text: &[char], _context: &Context) -> Vec<Edit> {
    runs(text, is_fullwidth_alphanumeric)
        .map(|(start, end)| {
            let ascii: String =
                text[start..end].iter().map(|&c| char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)).collect();
            Edit::new("", start, end, ascii)
        })
        .collect()
}

fn has_fullwidth_alphanumeric(text: &[char]) -> bool {
    text.iter().any(|&c| is_fullwidth_alphanumeric(c))
}

/// The rules of this module the core implements.
pub fn lookup(id: &str) -> Option<Rule> {
    match id {
        "fullwidth-alphanumerics" => Some(Rule {
            id: "fullwidth-alphanumerics",
            implementation: Implementation::Single(fullwidth_alphanumerics),
            quick: Some(has_fullwidth_alphanumeric),
        }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Spacing;

    #[test]
    fn runs_become_ascii() {
        let text: Vec<char> = "\u{ff12}\u{ff10}\u{5e74}\u{ff27}\u{ff24}\u{ff30}".chars().collect();
        let edits = fullwidth_alphanumerics(&text, &Context::new(Spacing::Compact, vec![], None));
        assert_eq!(edits, vec![Edit::new("", 0, 2, "20"), Edit::new("", 3, 6, "GDP")]);
    }
}
