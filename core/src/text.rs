//! What every rule works with: the text as code points, the edits it proposes, and the context.

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
}

impl<'a> Context<'a> {
    pub fn new(spacing: Spacing, protected: Vec<(usize, usize)>, document: Option<&'a [char]>) -> Self {
        Context { spacing, protected, document }
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
