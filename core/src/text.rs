//! What every rule works with: the text as code points, the edits it proposes, and the context.

use std::borrow::Cow;
use std::cell::{Cell, OnceCell};

/// Replace `[start, end)` (code-point offsets) by `replacement`; `rule` names the rule that
/// asked (empty: the engine stamps the rule's ID, as `Rule.edits` does in Python).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub rule: &'static str,
    pub start: usize,
    pub end: usize,
    pub replacement: String,
}

impl Edit {
    pub fn new(rule: &'static str, start: usize, end: usize, replacement: impl Into<String>) -> Self {
        Edit { rule, start, end, replacement: replacement.into() }
    }
}

/// `Options.spacing` of the reference.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Spacing {
    Compact,
    Spaced,
}

impl Spacing {
    pub fn parse(value: &str) -> Option<Spacing> {
        match value {
            "compact" => Some(Spacing::Compact),
            "spaced" => Some(Spacing::Spaced),
            _ => None,
        }
    }
}

/// `rules.base.Context`: the options, the protected spans (sorted, disjoint) and the start of
/// the whole document when the text is a part of it (None: the text is the document).
pub struct Context<'a> {
    pub spacing: Spacing,
    pub protected: Vec<(usize, usize)>,
    pub document: Option<&'a [char]>,
    /// What rules compute of the step's text itself (see [`Analysis`]).
    pub analysis: Analysis,
}

/// Answers that depend on the text alone, computed at most once per text: the reference's
/// rules each find `protect.protected_spans(text)` (to mask it for language judgements) and
/// `language.english_spans(text)` again. The engine keeps one across the steps that leave the
/// text unchanged and drops it when a step applies edits. The answers are for the one text
/// they were first asked about (its address and length); asked about any other, they are
/// computed afresh and not kept.
#[derive(Debug, Default)]
pub struct Analysis {
    key: Cell<Option<(usize, usize)>>,
    protected: OnceCell<Vec<(usize, usize)>>,
    english: OnceCell<Vec<(usize, usize)>>,
}

impl Analysis {
    /// An analysis of `text` whose protected spans are known already.
    pub fn with_protected(text: &[char], protected: Vec<(usize, usize)>) -> Self {
        let analysis = Analysis::default();
        analysis.key.set(Some(Analysis::key_of(text)));
        let _ = analysis.protected.set(protected);
        analysis
    }

    fn key_of(text: &[char]) -> (usize, usize) {
        (text.as_ptr() as usize, text.len())
    }

    /// Whether the answers kept are `text`'s (the first text asked about becomes the one).
    fn is_for(&self, text: &[char]) -> bool {
        let key = Analysis::key_of(text);
        match self.key.get() {
            Some(kept) => kept == key,
            None => {
                self.key.set(Some(key));
                true
            }
        }
    }

    /// `protect.protected_spans(text)`.
    pub fn protected_spans(&self, text: &[char]) -> Cow<'_, [(usize, usize)]> {
        if self.is_for(text) {
            Cow::Borrowed(self.protected.get_or_init(|| crate::protect::protected_spans(text)))
        } else {
            Cow::Owned(crate::protect::protected_spans(text))
        }
    }

    /// `language.english_spans(text)`.
    pub fn english_spans(&self, text: &[char]) -> Cow<'_, [(usize, usize)]> {
        if self.is_for(text) {
            let protected = self.protected.get_or_init(|| crate::protect::protected_spans(text));
            Cow::Borrowed(self.english.get_or_init(|| crate::language::english_spans_with_protected(text, protected)))
        } else {
            Cow::Owned(crate::language::english_spans(text))
        }
    }
}

impl<'a> Context<'a> {
    pub fn new(spacing: Spacing, protected: Vec<(usize, usize)>, document: Option<&'a [char]>) -> Self {
        Context { spacing, protected, document, analysis: Analysis::default() }
    }

    /// True if `[start, end)` overlaps a protected span (or an insertion falls inside one).
    pub fn is_protected(&self, start: usize, end: usize) -> bool {
        if self.protected.is_empty() {
            return false;
        }
        // As the reference: the last span starting at or before max(start, end - 1) (for an
        // insertion: strictly before it) is the only one that can overlap.
        let key: isize = if end > start { (end - 1).max(start) as isize } else { start as isize - 1 };
        let count = self.protected.partition_point(|&(s, _)| (s as isize) <= key);
        count > 0 && self.protected[count - 1].1 > start
    }

    /// True if the character at `index` is inside a protected span.
    pub fn protected_at(&self, index: usize) -> bool {
        self.is_protected(index, index + 1)
    }
}

/// The text of `chars[start..end]` as a `String`.
pub fn string(chars: &[char]) -> String {
    chars.iter().collect()
}

/// Tests' view of a rule's result: `edits` (disjoint) sorted by span and applied to `text`.
#[cfg(test)]
pub fn applied(text: &[char], mut edits: Vec<Edit>) -> String {
    edits.sort_by_key(|edit| (edit.start, edit.end));
    let mut out = String::new();
    let mut at = 0;
    for edit in edits {
        out.extend(&text[at..edit.start]);
        out.push_str(&edit.replacement);
        at = edit.end;
    }
    out.extend(&text[at..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_analysis_answers_for_its_text_only() {
        let first: Vec<char> = "see https://example.com/a \u{4e2d}\u{6587} This is an English sentence. \u{4e2d}\u{6587}".chars().collect();
        let other: Vec<char> = "\u{4e2d}\u{6587} a@example.com and more words here.".chars().collect();
        let analysis = Analysis::default();
        assert_eq!(*analysis.english_spans(&first), crate::language::english_spans(&first)[..]);
        assert_eq!(*analysis.protected_spans(&first), crate::protect::protected_spans(&first)[..]);
        // Another text (or a part of the first) is computed afresh, not served the first's.
        assert_eq!(*analysis.protected_spans(&other), crate::protect::protected_spans(&other)[..]);
        assert_eq!(*analysis.english_spans(&first[4..]), crate::language::english_spans(&first[4..])[..]);
        assert!(matches!(analysis.protected_spans(&other), Cow::Owned(_)));
        assert!(matches!(analysis.protected_spans(&first), Cow::Borrowed(_)));
        // Seeded with the text's spans, as the engine does.
        let seeded = Analysis::with_protected(&other, crate::protect::protected_spans(&other));
        assert_eq!(*seeded.english_spans(&other), crate::language::english_spans(&other)[..]);
    }
}
