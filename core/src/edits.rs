//! The engine's bookkeeping on edits, as `src/wenben/edits.py` (`EditColumns.disjoint`,
//! `sorted_disjoint`, `without_overlaps`, `shift`, `apply`).

use std::borrow::Cow;

/// An edit as the engine moves it: a core rule's (named by a static ID) or one a Python step
/// returned (named by a string it made).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub rule: Cow<'static, str>,
    pub start: usize,
    pub end: usize,
    pub replacement: Vec<char>,
}

/// Sorted, non-overlapping, and none ends before it starts (`EditColumns.disjoint`).
pub fn disjoint(edits: &[Row]) -> bool {
    let mut previous = 0;
    for edit in edits {
        if edit.start < previous || edit.end < edit.start {
            return false;
        }
        previous = edit.end;
    }
    true
}

/// What `sorted_disjoint` needs of an edit: its span (engine rows and rules' edits alike).
pub trait Spanned {
    fn span(&self) -> (usize, usize);
}

impl Spanned for Row {
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }
}

impl Spanned for crate::text::Edit {
    fn span(&self) -> (usize, usize) {
        (self.start, self.end)
    }
}

/// What the engine needs of an edit besides its span: what it writes. Implemented by the
/// engine's rows and by rules' edits alike, so a core step's edits are settled and applied as
/// the rule returned them (converting them to rows first held both lists at once: 120 bytes
/// an edit, the peak of cleaning an edit-dense line).
pub trait Change: Spanned {
    /// The replacement's length in characters.
    fn written(&self) -> usize;
    /// Append the replacement to `out`.
    fn write_to(&self, out: &mut Vec<char>);
    /// Call `each` on every character of the replacement.
    fn for_each_written(&self, each: impl FnMut(char));
}

impl Change for Row {
    fn written(&self) -> usize {
        self.replacement.len()
    }
    fn write_to(&self, out: &mut Vec<char>) {
        out.extend_from_slice(&self.replacement);
    }
    fn for_each_written(&self, each: impl FnMut(char)) {
        self.replacement.iter().copied().for_each(each);
    }
}

impl Change for crate::text::Edit {
    fn written(&self) -> usize {
        if self.replacement.is_ascii() {
            self.replacement.len()
        } else {
            self.replacement.chars().count()
        }
    }
    fn write_to(&self, out: &mut Vec<char>) {
        out.extend(self.replacement.chars());
    }
    fn for_each_written(&self, each: impl FnMut(char)) {
        self.replacement.chars().for_each(each);
    }
}

impl<T: Spanned> Spanned for &T {
    fn span(&self) -> (usize, usize) {
        (**self).span()
    }
}

impl<T: Change> Change for &T {
    fn written(&self) -> usize {
        (**self).written()
    }
    fn write_to(&self, out: &mut Vec<char>) {
        (**self).write_to(out)
    }
    fn for_each_written(&self, each: impl FnMut(char)) {
        (**self).for_each_written(each)
    }
}

/// `sorted_disjoint`: the edits as they are if each starts at or after the previous one's end;
/// otherwise sorted by (start, end) with any edit overlapping an earlier one dropped.
pub fn sorted_disjoint<T: Spanned>(mut edits: Vec<T>) -> Vec<T> {
    let mut previous = 0;
    if edits.iter().all(|edit| {
        let (start, end) = edit.span();
        let ordered = start >= previous;
        previous = end;
        ordered
    }) {
        return edits;
    }
    edits.sort_by_key(|edit| edit.span()); // stable, as Python's sort
    let mut kept = Vec::with_capacity(edits.len());
    let mut previous = 0;
    for edit in edits {
        let (start, end) = edit.span();
        if start >= previous {
            previous = end;
            kept.push(edit);
        }
    }
    kept
}

/// `EditColumns.without_overlaps`: drop every edit that overlaps a span or is an insertion
/// strictly inside one (`edit.end > span.start && edit.start < span.end`). Both lists sorted.
pub fn without_overlaps<T: Spanned>(mut edits: Vec<T>, spans: &[(usize, usize)]) -> Vec<T> {
    let mut span = 0;
    // In place (`retain` visits the edits once, in order): no second list of the edits.
    edits.retain(|edit| {
        let (start, end) = edit.span();
        // Spans that end at or before this edit's start cannot meet it or any later edit
        // (edits are sorted by start and by end).
        while span < spans.len() && spans[span].1 <= start {
            span += 1;
        }
        // The first span left ends after the edit's start, and starts first: it is the only
        // one that can overlap the edit.
        !(span < spans.len() && spans[span].0 < end)
    });
    edits
}

/// `EditColumns.shift`: where `spans` (which no edit overlaps) are once `edits` are applied:
/// each moves by the growth of the edits that end at or before its start.
pub fn shift<T: Change>(edits: impl IntoIterator<Item = T>, spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut moved = Vec::with_capacity(spans.len());
    let mut growth: isize = 0;
    let mut edits = edits.into_iter().peekable();
    for &(start, end) in spans {
        while let Some(edit) = edits.next_if(|edit| edit.span().1 <= start) {
            let (edit_start, edit_end) = edit.span();
            growth += edit.written() as isize - (edit_end - edit_start) as isize;
        }
        moved.push(((start as isize + growth) as usize, (end as isize + growth) as usize));
    }
    moved
}

/// `EditColumns.apply`: the text with the sorted, disjoint edits applied.
pub fn apply<T: Change>(text: &[char], edits: impl IntoIterator<Item = T>) -> Vec<char> {
    let mut result = Vec::with_capacity(text.len());
    let mut position = 0;
    for edit in edits {
        let (start, end) = edit.span();
        result.extend_from_slice(&text[position..start]);
        edit.write_to(&mut result);
        position = end;
    }
    result.extend_from_slice(&text[position..]);
    result
}

/// [`apply`] into `text` itself when no edit writes past where its span ends in the text as
/// it is being rewritten (the text never grows ahead of what is left to read: deletions,
/// same-length replacements and any mix whose running growth stays at or below zero), so the
/// text is not held twice; otherwise into a new vector.
pub fn apply_in_place<T: Change, I: IntoIterator<Item = T> + Clone>(text: &mut Vec<char>, edits: I) {
    let mut growth: isize = 0;
    let fits = edits.clone().into_iter().all(|edit| {
        let (start, end) = edit.span();
        growth += edit.written() as isize - (end - start) as isize;
        growth <= 0
    });
    if !fits {
        *text = apply(text, edits);
        return;
    }
    let mut write = 0; // where the next kept character goes; never past `read`
    let mut read = 0;
    let mut written = Vec::new();
    for edit in edits {
        let (start, end) = edit.span();
        text.copy_within(read..start, write);
        write += start - read;
        written.clear();
        edit.write_to(&mut written);
        text[write..write + written.len()].copy_from_slice(&written);
        write += written.len();
        read = end;
    }
    let length = text.len();
    text.copy_within(read..length, write);
    write += length - read;
    text.truncate(write);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(start: usize, end: usize, replacement: &str) -> Row {
        Row { rule: Cow::Borrowed("r"), start, end, replacement: replacement.chars().collect() }
    }

    #[test]
    fn overlaps_are_dropped_insertions_at_edges_kept() {
        let edits = vec![row(0, 1, ""), row(2, 2, "x"), row(3, 3, "y"), row(5, 5, "z"), row(6, 8, "")];
        let kept = without_overlaps(edits, &[(2, 5)]);
        assert_eq!(kept.iter().map(|e| e.start).collect::<Vec<_>>(), vec![0, 2, 5, 6]);
    }

    #[test]
    fn shift_and_apply() {
        let text: Vec<char> = "abcdef".chars().collect();
        let edits = vec![row(0, 1, "xy"), row(4, 5, "")];
        assert_eq!(apply(&text, &edits).iter().collect::<String>(), "xybcdf");
        assert_eq!(shift(&edits, &[(2, 3), (5, 6)]), vec![(3, 4), (5, 6)]);
    }

    #[test]
    fn applied_in_place_as_into_a_new_text() {
        let text: Vec<char> = "a b  c\u{4e2d} d".chars().collect();
        let cases: Vec<Vec<Row>> = vec![
            vec![],
            vec![row(1, 2, ""), row(3, 5, " ")],
            vec![row(0, 1, ""), row(1, 2, "xy")],            // growth back to 0: in place
            vec![row(0, 0, "x"), row(1, 2, "")],             // grows first: a new text
            vec![row(6, 7, "\u{4e2d}\u{6587}"), row(7, 8, "")],
            vec![row(0, 9, "")],
        ];
        for edits in cases {
            let mut in_place = text.clone();
            apply_in_place(&mut in_place, &edits);
            assert_eq!(in_place, apply(&text, &edits), "{edits:?}");
        }
        let edits = vec![crate::text::Edit::new("r", 1, 2, ""), crate::text::Edit::new("r", 6, 7, "\u{3002}")];
        let mut in_place = text.clone();
        apply_in_place(&mut in_place, &edits);
        assert_eq!(in_place.iter().collect::<String>(), "ab  c\u{3002} d");
        assert_eq!(shift(&edits, &[(8, 9)]), vec![(7, 8)]);
    }

    #[test]
    fn unsorted_edits_are_sorted_and_overlaps_dropped() {
        let kept = sorted_disjoint(vec![row(3, 5, ""), row(0, 1, ""), row(4, 6, "")]);
        assert_eq!(kept.iter().map(|e| e.start).collect::<Vec<_>>(), vec![0, 3]);
        assert!(!disjoint(&[row(3, 5, ""), row(0, 1, "")]));
    }
}
