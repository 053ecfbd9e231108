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
pub fn without_overlaps(edits: Vec<Row>, spans: &[(usize, usize)]) -> Vec<Row> {
    let mut kept = Vec::with_capacity(edits.len());
    let mut span = 0;
    for edit in edits {
        // Spans that end at or before this edit's start cannot meet it or any later edit
        // (edits are sorted by start and by end).
        while span < spans.len() && spans[span].1 <= edit.start {
            span += 1;
        }
        // The first span left ends after the edit's start, and starts first: it is the only
        // one that can overlap the edit.
        let overlaps = span < spans.len() && spans[span].0 < edit.end;
        if !overlaps {
            kept.push(edit);
        }
    }
    kept
}

/// `EditColumns.shift`: where `spans` (which no edit overlaps) are once `edits` are applied:
/// each moves by the growth of the edits that end at or before its start.
pub fn shift(edits: &[Row], spans: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let mut moved = Vec::with_capacity(spans.len());
    let mut growth: isize = 0;
    let mut index = 0;
    for &(start, end) in spans {
        while index < edits.len() && edits[index].end <= start {
            let edit = &edits[index];
            growth += edit.replacement.len() as isize - (edit.end - edit.start) as isize;
            index += 1;
        }
        moved.push(((start as isize + growth) as usize, (end as isize + growth) as usize));
    }
    moved
}

/// `EditColumns.apply`: the text with the sorted, disjoint edits applied.
pub fn apply(text: &[char], edits: &[Row]) -> Vec<char> {
    let mut result = Vec::with_capacity(text.len());
    let mut position = 0;
    for edit in edits {
        result.extend_from_slice(&text[position..edit.start]);
        result.extend_from_slice(&edit.replacement);
        position = edit.end;
    }
    result.extend_from_slice(&text[position..]);
    result
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
    fn unsorted_edits_are_sorted_and_overlaps_dropped() {
        let kept = sorted_disjoint(vec![row(3, 5, ""), row(0, 1, ""), row(4, 6, "")]);
        assert_eq!(kept.iter().map(|e| e.start).collect::<Vec<_>>(), vec![0, 3]);
        assert!(!disjoint(&[row(3, 5, ""), row(0, 1, "")]));
    }
}
