//! One step's edits as the engine holds them: 12 bytes an edit (start, end, and the index of
//! its (rule, replacement) pair in a table of the distinct pairs), instead of a `text::Edit`
//! (56 bytes) or an engine `Row` (64 bytes and a heap replacement). On an edit-dense line (an
//! edit every other character) the edit lists were most of the memory of a run (issue #15).
//!
//! Offsets are u32: the engine refuses a text of more than `u32::MAX` characters in one
//! piece before any step runs.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::edits::{Change, Spanned};
use crate::tracker::Named;

/// One edit: `[start, end)` replaced by the table's entry `tag`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Slot {
    pub start: u32,
    pub end: u32,
    pub tag: u32,
}

impl Spanned for Slot {
    fn span(&self) -> (usize, usize) {
        (self.start as usize, self.end as usize)
    }
}

/// A distinct (rule, replacement) pair.
#[derive(Debug)]
struct Entry {
    rule: Cow<'static, str>,
    replacement: Box<[char]>,
}

/// A list of edits, each a [`Slot`], with the table of the pairs they name.
#[derive(Debug, Default)]
pub struct Edits {
    pub slots: Vec<Slot>,
    table: Vec<Entry>,
    index: HashMap<(Cow<'static, str>, Box<[char]>), u32>,
    /// The last tag pushed (dense edits mostly repeat one pair: no hashing for them).
    last: Option<u32>,
}

/// An edit of an [`Edits`], borrowed: what the engine and the tracker read.
#[derive(Clone, Copy, Debug)]
pub struct EditView<'a> {
    pub start: usize,
    pub end: usize,
    pub rule: &'a Cow<'static, str>,
    pub replacement: &'a [char],
}

/// The largest offset an [`Edits`] holds.
pub const LIMIT: usize = u32::MAX as usize;

pub(crate) fn offset(value: usize) -> u32 {
    u32::try_from(value).expect("an edit offset beyond u32::MAX (the engine refuses such texts)")
}

impl Edits {
    pub fn new() -> Edits {
        Edits::default()
    }

    pub fn len(&self) -> usize {
        self.slots.len()
    }

    pub fn is_empty(&self) -> bool {
        self.slots.is_empty()
    }

    fn matches(&self, tag: u32, rule: &str, replacement: &[char]) -> bool {
        let entry = &self.table[tag as usize];
        entry.rule.as_ref() == rule && *entry.replacement == *replacement
    }

    fn tag(&mut self, rule: Cow<'static, str>, replacement: &[char]) -> u32 {
        if let Some(last) = self.last {
            if self.matches(last, &rule, replacement) {
                return last;
            }
        }
        let key = (rule, Box::<[char]>::from(replacement));
        let tag = match self.index.get(&key) {
            Some(&tag) => tag,
            None => {
                let tag = offset(self.table.len());
                self.table.push(Entry { rule: key.0.clone(), replacement: key.1.clone() });
                self.index.insert(key, tag);
                tag
            }
        };
        self.last = Some(tag);
        tag
    }

    /// Add an edit whose replacement is code points.
    pub fn push_chars(&mut self, rule: Cow<'static, str>, start: usize, end: usize, replacement: &[char]) {
        let tag = self.tag(rule, replacement);
        self.slots.push(Slot { start: offset(start), end: offset(end), tag });
    }

    /// Add an edit (as `text::Edit::new`): a rule's ID, a span and the replacement.
    pub fn push(&mut self, rule: &'static str, start: usize, end: usize, replacement: &str) {
        let mut buffer = [' '; 8];
        let count = replacement.chars().count();
        if count <= buffer.len() {
            for (slot, char) in buffer.iter_mut().zip(replacement.chars()) {
                *slot = char;
            }
            self.push_chars(Cow::Borrowed(rule), start, end, &buffer[..count]);
        } else {
            let chars: Vec<char> = replacement.chars().collect();
            self.push_chars(Cow::Borrowed(rule), start, end, &chars);
        }
    }

    pub fn view(&self, slot: Slot) -> EditView<'_> {
        let entry = &self.table[slot.tag as usize];
        EditView { start: slot.start as usize, end: slot.end as usize, rule: &entry.rule, replacement: &entry.replacement }
    }

    /// The edits, in their order.
    pub fn iter(&self) -> impl Iterator<Item = EditView<'_>> + Clone + '_ {
        self.slots.iter().map(|&slot| self.view(slot))
    }

    /// Sorted by start, stably (as `list.sort(key=start)`).
    pub fn sort_by_start(&mut self) {
        self.slots.sort_by_key(|slot| slot.start);
    }

    /// Keep the edits `keep` says (one flag an edit, in order).
    pub fn retain_flags(&mut self, keep: &[bool]) {
        let mut flags = keep.iter();
        self.slots.retain(|_| *flags.next().unwrap_or(&true));
    }

    /// Add every edit of `other` after these.
    pub fn append(&mut self, other: Edits) {
        self.slots.reserve(other.slots.len());
        for slot in &other.slots {
            let entry = &other.table[slot.tag as usize];
            let tag = self.tag(entry.rule.clone(), &entry.replacement);
            self.slots.push(Slot { start: slot.start, end: slot.end, tag });
        }
    }

    /// The edits as `text::Edit`s (for the binding's `step_edits` and tests); the rule of a
    /// compact edit is always a static ID.
    pub fn to_edits(&self) -> Vec<crate::text::Edit> {
        self.iter()
            .map(|edit| {
                let rule: &'static str = match edit.rule {
                    Cow::Borrowed(rule) => rule,
                    Cow::Owned(_) => unreachable!("rules name their edits with static IDs"),
                };
                crate::text::Edit::new(rule, edit.start, edit.end, edit.replacement.iter().collect::<String>())
            })
            .collect()
    }

    /// `edits` (a rule's `text::Edit`s or the host's rows) taken over from the back, the list
    /// shrunk as it empties, so that the two lists are never both whole.
    pub fn take_over<T: Named>(mut edits: Vec<T>) -> Edits {
        let mut compact = Edits::new();
        compact.slots.reserve_exact(edits.len());
        let mut written = Vec::new();
        while let Some(edit) = edits.pop() {
            let (start, end) = edit.span();
            written.clear();
            edit.write_to(&mut written);
            compact.push_chars(edit.rule(), start, end, &written);
            if edits.len() > 1024 && edits.len() * 2 < edits.capacity() {
                edits.shrink_to_fit();
            }
        }
        compact.slots.reverse();
        compact
    }
}

impl Spanned for EditView<'_> {
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }
}

impl Change for EditView<'_> {
    fn written(&self) -> usize {
        self.replacement.len()
    }
    fn write_to(&self, out: &mut Vec<char>) {
        out.extend_from_slice(self.replacement);
    }
    fn for_each_written(&self, each: impl FnMut(char)) {
        self.replacement.iter().copied().for_each(each);
    }
}

impl Named for EditView<'_> {
    fn rule(&self) -> Cow<'static, str> {
        self.rule.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Edit;

    #[test]
    fn edits_round_trip_and_share_their_pairs() {
        let given = vec![
            Edit::new("a", 0, 1, ""),
            Edit::new("a", 2, 3, ""),
            Edit::new("b", 4, 4, " "),
            Edit::new("a", 5, 6, ""),
            Edit::new("b", 7, 8, "\u{2014}\u{2014}"),
            Edit::new("b", 9, 9, "a long replacement of more than eight characters"),
        ];
        let compact = Edits::take_over(given.clone());
        assert_eq!(compact.to_edits(), given);
        assert_eq!(compact.table.len(), 4);
        let mut pushed = Edits::new();
        for edit in &given {
            pushed.push(edit.rule, edit.start, edit.end, &edit.replacement);
        }
        assert_eq!(pushed.to_edits(), given);
        let mut appended = Edits::new();
        appended.push("c", 0, 0, "x");
        appended.append(pushed);
        assert_eq!(appended.len(), 7);
        assert_eq!(appended.to_edits()[1..], given[..]);
        appended.retain_flags(&[true, false]);
        assert_eq!(appended.len(), 6);
    }

    #[test]
    fn sorted_by_start_stably() {
        let mut edits = Edits::new();
        edits.push("a", 5, 6, "");
        edits.push("b", 1, 1, "x");
        edits.push("c", 1, 2, "");
        edits.sort_by_start();
        let rules: Vec<String> = edits.iter().map(|edit| edit.rule.to_string()).collect();
        assert_eq!(rules, vec!["b", "c", "a"]);
    }
}
