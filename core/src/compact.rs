//! One step's edits as the engine holds them: a stream of variable-length numbers, per edit
//! its start (as the difference from the previous edit's start), its length and the index of
//! its (rule, replacement) pair in a table of the distinct pairs: 3 bytes an edit on an
//! edit-dense line, where a `text::Edit` is 56 bytes and an engine `Row` 64 and a heap
//! replacement. On such a line (an edit every other character) the edit lists were most of
//! the memory of a run (issue #15). The engine reads a step's edits in order only.
//!
//! Offsets are u32: the engine refuses a text of more than `u32::MAX` characters in one
//! piece before any step runs.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::edits::{Change, Spanned};
use crate::tracker::Named;

/// One edit: `[start, end)` replaced by the table's entry `tag` (what the stream decodes to).
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

fn put(bytes: &mut Vec<u8>, mut value: u64) {
    while value >= 0x80 {
        bytes.push((value as u8) | 0x80);
        value >>= 7;
    }
    bytes.push(value as u8);
}

fn get(bytes: &[u8], at: &mut usize) -> u64 {
    let mut value = 0u64;
    let mut shift = 0;
    loop {
        let byte = bytes[*at];
        *at += 1;
        value |= u64::from(byte & 0x7f) << shift;
        if byte < 0x80 {
            return value;
        }
        shift += 7;
        // (`put` writes at most 10 bytes a number; the stream is only ever `put`'s.)
        debug_assert!(shift < 64, "a varint of more than 10 bytes");
    }
}

fn zigzag(value: i64) -> u64 {
    ((value << 1) ^ (value >> 63)) as u64
}

fn unzigzag(value: u64) -> i64 {
    ((value >> 1) as i64) ^ -((value & 1) as i64)
}

/// The slots of a stream, in order.
#[derive(Clone, Debug)]
pub struct Slots<'a> {
    bytes: &'a [u8],
    at: usize,
    start: i64,
}

impl Iterator for Slots<'_> {
    type Item = Slot;

    fn next(&mut self) -> Option<Slot> {
        if self.at >= self.bytes.len() {
            return None;
        }
        self.start += unzigzag(get(self.bytes, &mut self.at));
        let end = self.start + unzigzag(get(self.bytes, &mut self.at));
        let tag = get(self.bytes, &mut self.at);
        Some(Slot { start: self.start as u32, end: end as u32, tag: tag as u32 })
    }
}

/// For each slot, whether it overlaps one of the sorted, disjoint `spans` or is an insertion
/// strictly inside one (`edits::without_overlaps`; the slots sorted).
fn overlapping<'a>(slots: Slots<'a>, spans: &'a [(usize, usize)]) -> impl Iterator<Item = bool> + 'a {
    let mut span = 0;
    slots.map(move |slot| {
        let (start, end) = slot.span();
        // Spans that end at or before this edit's start cannot meet it or any later edit.
        while span < spans.len() && spans[span].1 <= start {
            span += 1;
        }
        span < spans.len() && spans[span].0 < end
    })
}

/// The encoded slots with the state to add more.
#[derive(Debug, Default)]
struct Stream {
    bytes: Vec<u8>,
    count: usize,
    last_start: i64,
}

impl Stream {
    fn push(&mut self, slot: Slot) {
        let (start, end) = (i64::from(slot.start), i64::from(slot.end));
        put(&mut self.bytes, zigzag(start - self.last_start));
        put(&mut self.bytes, zigzag(end - start));
        put(&mut self.bytes, u64::from(slot.tag));
        self.last_start = start;
        self.count += 1;
    }

    fn slots(&self) -> Slots<'_> {
        Slots { bytes: &self.bytes, at: 0, start: 0 }
    }

    fn of(slots: impl IntoIterator<Item = Slot>) -> Stream {
        let mut stream = Stream::default();
        for slot in slots {
            stream.push(slot);
        }
        stream.bytes.shrink_to_fit();
        stream
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
    stream: Stream,
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

/// Edits of a `Vec` taken over at a time, from its back (see [`Edits::take_over`]).
const CHUNK: usize = 1 << 14;

impl Edits {
    pub fn new() -> Edits {
        Edits::default()
    }

    pub fn len(&self) -> usize {
        self.stream.count
    }

    pub fn is_empty(&self) -> bool {
        self.stream.count == 0
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
        self.stream.push(Slot { start: offset(start), end: offset(end), tag });
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

    /// The slots, in their order.
    pub fn slots(&self) -> Slots<'_> {
        self.stream.slots()
    }

    /// The edits, in their order.
    pub fn iter(&self) -> impl Iterator<Item = EditView<'_>> + Clone + '_ {
        self.slots().map(|slot| self.view(slot))
    }

    /// `sorted_disjoint`: as they are if each starts at or after the previous one's end;
    /// otherwise sorted by (start, end), stably, with any edit overlapping an earlier one
    /// dropped.
    pub fn sort_disjoint(&mut self) {
        let mut previous = 0;
        let ordered = self.slots().all(|slot| {
            let ordered = slot.start >= previous;
            previous = slot.end;
            ordered
        });
        if !ordered {
            let slots: Vec<Slot> = self.slots().collect();
            self.stream = Stream::of(crate::edits::sorted_disjoint(slots));
        }
    }

    /// `EditColumns.without_overlaps`: drop every edit that overlaps one of the sorted,
    /// disjoint `spans` (the edits sorted).
    pub fn drop_overlapping(&mut self, spans: &[(usize, usize)]) {
        if !overlapping(self.slots(), spans).any(|overlaps| overlaps) {
            return;
        }
        let kept = self.slots().zip(overlapping(self.slots(), spans)).filter(|&(_, overlaps)| !overlaps);
        self.stream = Stream::of(kept.map(|(slot, _)| slot));
    }

    /// Add every edit of `other` after these.
    pub fn append(&mut self, other: Edits) {
        for slot in other.slots() {
            let entry = &other.table[slot.tag as usize];
            let tag = self.tag(entry.rule.clone(), &entry.replacement);
            self.stream.push(Slot { start: slot.start, end: slot.end, tag });
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

    /// `edits` (a rule's `text::Edit`s or the host's rows) taken over a chunk at a time from
    /// the back, the list shrunk as it empties, so that the two lists are never both whole.
    pub fn take_over<T: Named>(mut edits: Vec<T>) -> Edits {
        let mut compact = Edits::new();
        let mut chunks: Vec<Stream> = Vec::new();
        let mut written = Vec::new();
        while !edits.is_empty() {
            let tail = edits.split_off(edits.len().saturating_sub(CHUNK));
            if edits.len() > 1024 && edits.len() * 2 < edits.capacity() {
                edits.shrink_to_fit();
            }
            // The chunk's first start is written against the start of the edit before it.
            let before = edits.last().map_or(0, |edit| edit.span().0);
            let mut stream = Stream { last_start: i64::from(offset(before)), ..Stream::default() };
            for edit in tail {
                let (start, end) = edit.span();
                written.clear();
                edit.write_to(&mut written);
                let tag = compact.tag(edit.rule(), &written);
                stream.push(Slot { start: offset(start), end: offset(end), tag });
            }
            chunks.push(stream);
        }
        let mut stream = Stream::default();
        stream.bytes.reserve_exact(chunks.iter().map(|chunk| chunk.bytes.len()).sum());
        while let Some(chunk) = chunks.pop() {
            stream.bytes.extend_from_slice(&chunk.bytes);
            stream.count += chunk.count;
            stream.last_start = chunk.last_start;
        }
        compact.stream = stream;
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
            Edit::new("c", 3, 2, ""),  // (ends before it starts: the engine refuses it)
            Edit::new("c", 300_000, 4_000_000_000, ""),
            Edit::new("c", 1, 1, ""),
        ];
        let compact = Edits::take_over(given.clone());
        assert_eq!(compact.to_edits(), given);
        assert_eq!(compact.table.len(), 5);
        let mut pushed = Edits::new();
        for edit in &given {
            pushed.push(edit.rule, edit.start, edit.end, &edit.replacement);
        }
        assert_eq!(pushed.to_edits(), given);
        let mut appended = Edits::new();
        appended.push("c", 0, 0, "x");
        appended.append(pushed);
        assert_eq!(appended.len(), 10);
        assert_eq!(appended.to_edits()[1..], given[..]);
    }

    #[test]
    fn taken_over_in_chunks() {
        let given: Vec<Edit> = (0..3 * CHUNK + 5).map(|i| Edit::new("a", 2 * i + 1, 2 * i + 2, if i % 7 == 0 { "x" } else { "" })).collect();
        let compact = Edits::take_over(given.clone());
        assert_eq!(compact.len(), given.len());
        assert_eq!(compact.to_edits(), given);
        assert!(compact.stream.bytes.len() <= 3 * given.len());
    }

    #[test]
    fn sorted_and_disjoint_and_off_spans() {
        let mut edits = Edits::new();
        edits.push("a", 5, 6, "");
        edits.push("b", 1, 1, "x");
        edits.push("c", 1, 2, "");
        edits.push("d", 5, 7, "");
        edits.sort_disjoint();
        let rules: Vec<String> = edits.iter().map(|edit| edit.rule.to_string()).collect();
        assert_eq!(rules, vec!["b", "c", "a"]);
        edits.drop_overlapping(&[(4, 6)]);
        let rules: Vec<String> = edits.iter().map(|edit| edit.rule.to_string()).collect();
        assert_eq!(rules, vec!["b", "c"]);
        edits.drop_overlapping(&[(2, 3)]);
        assert_eq!(edits.len(), 2);
    }
    fn rules(edits: &Edits) -> Vec<String> {
        edits.iter().map(|edit| edit.rule.to_string()).collect()
    }

    #[test]
    fn varints_round_trip_at_their_byte_boundaries() {
        let values = [0, 1, 0x7f, 0x80, 0x3fff, 0x4000, u64::from(u32::MAX) - 1, u64::from(u32::MAX), u64::from(u32::MAX) + 1, u64::MAX - 1, u64::MAX];
        let sizes = [1, 1, 1, 2, 2, 3, 5, 5, 5, 10, 10];
        let mut bytes = Vec::new();
        for (&value, &size) in values.iter().zip(&sizes) {
            let before = bytes.len();
            put(&mut bytes, value);
            assert_eq!(bytes.len() - before, size, "{value:#x}");
        }
        let mut at = 0;
        for &value in &values {
            assert_eq!(get(&bytes, &mut at), value);
        }
        assert_eq!(at, bytes.len());
        let limit = LIMIT as i64;
        for value in [0, 1, -1, 63, -64, 64, -65, limit, -limit, 2 * limit, -2 * limit, i64::MAX, i64::MIN] {
            assert_eq!(unzigzag(zigzag(value)), value);
        }
        // Small differences either way stay one byte (a step's edits are mostly near each other).
        assert!(zigzag(-64) < 0x80 && zigzag(63) < 0x80 && zigzag(64) >= 0x80);
    }

    #[test]
    fn an_empty_stream_is_empty_everywhere() {
        let mut edits = Edits::new();
        assert!(edits.is_empty() && edits.slots().next().is_none() && edits.to_edits().is_empty());
        edits.sort_disjoint();
        edits.drop_overlapping(&[(0, 5)]);
        assert!(edits.is_empty() && edits.stream.bytes.is_empty());
        let taken = Edits::take_over(Vec::<Edit>::new());
        assert!(taken.is_empty() && taken.stream.bytes.is_empty() && taken.table.is_empty());
        let mut one = Edits::new();
        one.push("a", 0, 0, "");
        one.append(Edits::new());
        assert_eq!(one.to_edits(), vec![Edit::new("a", 0, 0, "")]);
        let mut empty = Edits::new();
        empty.append(one);
        assert_eq!(empty.to_edits(), vec![Edit::new("a", 0, 0, "")]);
    }

    #[test]
    fn offsets_zero_and_the_limit_round_trip_in_any_order() {
        let given = vec![
            Edit::new("a", 0, 0, "x"),
            Edit::new("a", LIMIT, LIMIT, "y"), // +u32::MAX from the previous start
            Edit::new("b", 0, LIMIT, ""),      // -u32::MAX
            Edit::new("c", LIMIT - 1, LIMIT, "\u{20000}"),
            Edit::new("c", 0, 1, ""),
            Edit::new("d", LIMIT, 0, ""), // (ends before it starts: refused by the engine, kept here)
        ];
        let mut pushed = Edits::new();
        for edit in &given {
            pushed.push(edit.rule, edit.start, edit.end, &edit.replacement);
        }
        assert_eq!(pushed.to_edits(), given);
        assert_eq!(Edits::take_over(given.clone()).to_edits(), given);
        // The same across a chunk boundary of `take_over`, the first edit of the later chunk at
        // the limit and the last of the earlier one at 0 (and the other way round).
        for (before, after) in [(0, LIMIT), (LIMIT, 0)] {
            let mut many: Vec<Edit> = (0..CHUNK).map(|_| Edit::new("a", before, before, "")).collect();
            many.insert(0, Edit::new("b", after, after, ""));
            many.push(Edit::new("b", after, after, ""));
            let compact = Edits::take_over(many.clone());
            assert_eq!(compact.len(), many.len());
            assert_eq!(compact.to_edits(), many);
        }
    }

    #[test]
    #[should_panic(expected = "beyond u32::MAX")]
    fn an_offset_beyond_the_limit_is_refused() {
        Edits::new().push("a", LIMIT + 1, LIMIT + 1, "");
    }

    #[test]
    fn replacements_empty_long_and_astral_keep_every_code_point() {
        let long: String = (0..100_000u32).map(|i| char::from_u32(0x4e00 + i % 0x5000).unwrap()).collect();
        let astral = "\u{20000}\u{1f600}\u{10ffff}";
        let given = vec![
            Edit::new("a", 0, 1, ""),
            Edit::new("a", 1, 1, long.clone()),
            Edit::new("b", 1, 2, long.clone()),
            Edit::new("a", 2, 3, astral),
            Edit::new("b", 3, 4, astral),
            Edit::new("a", 4, 5, "12345678"),  // 8 code points: the inline buffer, full
            Edit::new("a", 5, 6, "123456789"), // 9: on the heap
            Edit::new("a", 6, 7, ""),
        ];
        let mut pushed = Edits::new();
        for edit in &given {
            pushed.push(edit.rule, edit.start, edit.end, &edit.replacement);
        }
        let taken = Edits::take_over(given.clone());
        for compact in [&pushed, &taken] {
            assert_eq!(compact.to_edits(), given);
            // A pair is its rule and its replacement: the same replacement under two rules is two.
            assert_eq!(compact.table.len(), 7);
            let written: Vec<usize> = compact.iter().map(|edit| edit.written()).collect();
            assert_eq!(written, vec![0, 100_000, 100_000, 3, 3, 8, 9, 0]);
        }
    }

    /// A small deterministic generator (no dependency for tests).
    fn numbers(mut seed: u64) -> impl FnMut(usize) -> usize {
        move |below| {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((seed >> 33) as usize) % below
        }
    }

    #[test]
    fn sorting_and_dropping_are_the_lists_ones() {
        // `sort_disjoint` and `drop_overlapping` on the stream against `edits::sorted_disjoint`
        // and `edits::without_overlaps` on a `Vec`, edits at offset 0 and at the text's end,
        // insertions on and inside spans' edges included.
        for seed in 0..300 {
            let mut next = numbers(seed);
            let length = 1 + next(12);
            let given: Vec<Edit> = (0..next(10))
                .map(|i| {
                    let start = next(length + 1);
                    let end = (start + next(3)).min(length);
                    Edit::new(["a", "b", "c"][i % 3], start, end, ["", "x", "\u{20000}"][next(3)])
                })
                .collect();
            let mut spans = Vec::new();
            let mut at = 0;
            while at < length && spans.len() < 3 {
                let start = at + next(length - at);
                let end = (start + 1 + next(3)).min(length);
                spans.push((start, end));
                at = end + next(2);
            }
            let sorted = crate::edits::sorted_disjoint(given.clone());
            let mut compact = Edits::take_over(given.clone());
            compact.sort_disjoint();
            assert_eq!(compact.to_edits(), sorted, "{given:?}");
            let kept = crate::edits::without_overlaps(sorted, &spans);
            compact.drop_overlapping(&spans);
            assert_eq!(compact.to_edits(), kept, "{given:?} {spans:?}");
            assert_eq!(compact.len(), kept.len());
        }
    }

    #[test]
    fn insertions_at_a_spans_edges_stay_and_inside_go() {
        let mut edits = Edits::new();
        for (rule, at) in [("at-0", 0), ("edge", 2), ("inside", 3), ("edge", 5), ("end", 8)] {
            edits.push(rule, at, at, "x");
        }
        edits.drop_overlapping(&[(0, 0), (2, 5)]);
        assert_eq!(rules(&edits), vec!["at-0", "edge", "edge", "end"]);
        // A span at the very end: an edit ending there overlaps it, an insertion there does not.
        let mut edits = Edits::new();
        edits.push("last", 7, 8, "");
        edits.push("end", 8, 8, "x");
        edits.drop_overlapping(&[(7, 8)]);
        assert_eq!(rules(&edits), vec!["end"]);
    }
}
