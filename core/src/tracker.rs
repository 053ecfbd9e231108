//! `EditTracker` of the reference (`src/wenben/edits.py`): composes each step's edits into
//! edits on the source and keeps the pieces the offset map is made of, for `explain`.
//!
//! Composed here, step by step as the engine applies them, so a step's edits are dropped as
//! soon as it ends and no Python object is made per intermediate edit or piece (on one
//! edit-dense line the reference's tracker held ~600 bytes an edit). A piece is five numbers;
//! the text rules wrote lives in one shared buffer.

use std::borrow::Cow;
use std::collections::HashMap;

use crate::edits::Change;

/// The rule names of a written piece: an index into the tracker's lists of names.
type Names = u32;
const COPIED: Names = Names::MAX;

/// A stretch of the current text: copied from `source[src_start..src_end]` (`names ==
/// COPIED`), or `buffer[text_at..text_at + text_len]`, written by the rules of list `names` in
/// place of that source stretch (`_Piece`). 20 bytes: the engine refuses texts of more than
/// `u32::MAX` characters.
#[derive(Clone, Copy, Debug)]
struct Piece {
    src_start: u32,
    src_end: u32,
    text_at: u32,
    text_len: u32,
    names: Names,
}

fn small(value: usize) -> u32 {
    u32::try_from(value).expect("the tracker's text beyond u32::MAX characters")
}

impl Piece {
    fn copied(src_start: usize, src_end: usize) -> Piece {
        Piece { src_start: small(src_start), src_end: small(src_end), text_at: 0, text_len: 0, names: COPIED }
    }

    fn written(&self) -> bool {
        self.names != COPIED
    }

    fn src_start(&self) -> usize {
        self.src_start as usize
    }

    fn src_end(&self) -> usize {
        self.src_end as usize
    }

    fn len(&self) -> usize {
        if self.written() {
            self.text_len as usize
        } else {
            (self.src_end - self.src_start) as usize
        }
    }
}

/// Pieces per chunk of [`Pieces`].
const CHUNK: usize = 1 << 16;

/// The written pieces, in order, in chunks (an edit-dense line has one per edit): the copied
/// pieces are the gaps between them (the pieces cover the source in order, and the
/// reference's `_merge_adjacent` leaves no empty copied piece and no two touching ones, so
/// the gaps are exactly its copied pieces). Chunks, so that `apply` drops the old list chunk
/// by chunk as it makes the new one, instead of holding both whole.
#[derive(Debug, Default)]
struct Pieces {
    chunks: Vec<Vec<Piece>>,
}

impl Pieces {
    /// Add a piece after the others (a copied one is implied by the gaps: not kept).
    fn push(&mut self, piece: Piece) {
        if !piece.written() {
            return;
        }
        match self.chunks.last_mut() {
            Some(chunk) if chunk.len() < CHUNK => chunk.push(piece),
            _ => self.chunks.push(vec![piece]),
        }
    }

    /// Every piece, the copied ones included, in order, borrowed.
    fn all(&self, source_length: usize) -> Expanded<impl Iterator<Item = Piece> + '_> {
        Expanded::new(self.chunks.iter().flatten().copied(), source_length)
    }

    /// Every piece, the copied ones included, in order, each chunk dropped once read.
    fn into_all(self, source_length: usize) -> Expanded<impl Iterator<Item = Piece>> {
        Expanded::new(self.chunks.into_iter().flatten(), source_length)
    }
}

/// The written pieces with the copied ones between them put back.
struct Expanded<I> {
    written: I,
    cursor: usize,
    source_length: usize,
    held: Option<Piece>,
}

impl<I: Iterator<Item = Piece>> Expanded<I> {
    fn new(written: I, source_length: usize) -> Self {
        Expanded { written, cursor: 0, source_length, held: None }
    }
}

impl<I: Iterator<Item = Piece>> Iterator for Expanded<I> {
    type Item = Piece;

    fn next(&mut self) -> Option<Piece> {
        if let Some(piece) = self.held.take() {
            self.cursor = piece.src_end();
            return Some(piece);
        }
        match self.written.next() {
            Some(piece) if piece.src_start() > self.cursor => {
                let gap = Piece::copied(self.cursor, piece.src_start());
                self.held = Some(piece);
                Some(gap)
            }
            Some(piece) => {
                self.cursor = piece.src_end();
                Some(piece)
            }
            None if self.cursor < self.source_length => {
                let gap = Piece::copied(self.cursor, self.source_length);
                self.cursor = self.source_length;
                Some(gap)
            }
            None => None,
        }
    }
}

/// What the tracker needs of an applied edit: its span, replacement and rule name.
pub trait Named: Change {
    fn rule(&self) -> Cow<'static, str>;
}

impl Named for crate::text::Edit {
    fn rule(&self) -> Cow<'static, str> {
        Cow::Borrowed(self.rule)
    }
}

impl<T: Named> Named for &T {
    fn rule(&self) -> Cow<'static, str> {
        (**self).rule()
    }
}

impl Named for crate::edits::Row {
    fn rule(&self) -> Cow<'static, str> {
        self.rule.clone()
    }
}

/// The composition of the edits applied so far (`EditTracker`).
#[derive(Debug, Default)]
pub struct Tracker {
    source: Vec<char>,
    source_length: usize,
    pieces: Pieces,
    buffer: Vec<char>,
    /// Rule names, each once; and the distinct lists of them the pieces have.
    rules: Vec<Cow<'static, str>>,
    rule_index: HashMap<Cow<'static, str>, u32>,
    lists: Vec<Vec<u32>>,
    list_index: HashMap<Vec<u32>, Names>,
}

/// A composed edit on the source: (rule names joined by `+`, start, end, replacement).
pub type Composed = (String, usize, usize, String);

/// The composed edits as columns: the distinct rule names (joined by `+`), and for each edit
/// the index of its names, its start, end and replacement.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Columns {
    pub names: Vec<String>,
    pub rules: Vec<u32>,
    pub starts: Vec<i64>,
    pub ends: Vec<i64>,
    pub replacements: Vec<String>,
}

impl Tracker {
    pub fn new(source: Vec<char>) -> Tracker {
        Tracker { source_length: source.len(), source, ..Tracker::default() }
    }

    fn rule_id(&mut self, name: Cow<'static, str>) -> u32 {
        if let Some(&id) = self.rule_index.get(&name) {
            return id;
        }
        let id = self.rules.len() as u32;
        self.rules.push(name.clone());
        self.rule_index.insert(name, id);
        id
    }

    fn list_id(&mut self, list: Vec<u32>) -> Names {
        if let Some(&id) = self.list_index.get(&list) {
            return id;
        }
        let id = self.lists.len() as Names;
        self.lists.push(list.clone());
        self.list_index.insert(list, id);
        id
    }

    /// `EditTracker.apply`: record sorted, disjoint edits made on the current text.
    pub fn apply<T: Named>(&mut self, edits: impl IntoIterator<Item = T>) {
        let edits = edits.into_iter();
        let source_length = self.source_length;
        let old = std::mem::take(&mut self.pieces);
        let mut new = Pieces::default();
        let mut remaining = old.into_all(source_length);
        let mut pending = remaining.next();
        let mut position = 0; // offset in the current text where `pending` starts
        let mut written = Vec::new();
        for edit in edits {
            let (start, end) = edit.span();
            while let Some(piece) = pending {
                if position + piece.len() > start {
                    break;
                }
                new.push(piece);
                position += piece.len();
                pending = remaining.next();
            }
            let mut rules: Vec<u32> = Vec::new();
            // prefix and suffix: ranges of the buffer (the written text kept around the edit)
            let mut prefix = 0..0;
            let mut suffix = 0..0;
            let src_start;
            match pending {
                None => src_start = source_length,
                Some(piece) if piece.written() => {
                    let text_at = piece.text_at as usize;
                    prefix = text_at..text_at + (start - position);
                    src_start = piece.src_start();
                }
                Some(piece) => {
                    let cut = start - position;
                    let mut piece = piece;
                    if cut > 0 {
                        // (the copied stretch before the edit is a gap: nothing to keep)
                        piece = Piece::copied(piece.src_start() + cut, piece.src_end());
                        pending = Some(piece);
                        position = start;
                    }
                    src_start = piece.src_start();
                }
            }
            let mut src_end = src_start;
            let mut carried = false; // the edit ends inside a written piece: its tail stays pending
            while let Some(piece) = pending {
                if !(position < end || (piece.written() && position < start)) {
                    break;
                }
                let piece_end = position + piece.len();
                if piece.written() {
                    for &rule in &self.lists[piece.names as usize] {
                        if !rules.contains(&rule) {
                            rules.push(rule);
                        }
                    }
                    src_end = piece.src_end();
                    if piece_end > end {
                        let text_at = piece.text_at as usize;
                        suffix = text_at + (end - position)..text_at + piece.len();
                        carried = true;
                        break;
                    }
                } else if piece_end > end {
                    src_end = piece.src_start() + (end - position);
                    pending = Some(Piece::copied(src_end, piece.src_end()));
                    position = end;
                    break;
                } else {
                    src_end = piece.src_end();
                }
                position = piece_end;
                pending = remaining.next();
            }
            let rule = self.rule_id(edit.rule());
            if !rules.contains(&rule) {
                rules.push(rule);
            }
            let names = self.list_id(rules);
            written.clear();
            edit.write_to(&mut written);
            let text_at = self.buffer.len();
            let prefix_len = prefix.len();
            self.buffer.extend_from_within(prefix);
            self.buffer.extend_from_slice(&written);
            self.buffer.extend_from_within(suffix);
            let merged = Piece {
                src_start: small(src_start),
                src_end: small(src_end),
                text_at: small(text_at),
                text_len: small(self.buffer.len() - text_at),
                names,
            };
            if carried {
                // Later edits may still fall in the suffix; place the merged piece so that its
                // suffix keeps the current-text offsets the edits are expressed in.
                pending = Some(merged);
                position = end - prefix_len - written.len();
            } else {
                new.push(merged);
            }
        }
        if let Some(piece) = pending {
            new.push(piece);
        }
        for piece in remaining {
            new.push(piece);
        }
        self.pieces = new;
    }

    fn text_of(&self, piece: &Piece) -> &[char] {
        let at = piece.text_at as usize;
        &self.buffer[at..at + piece.len()]
    }

    /// The distinct rule-name lists of the pieces, each joined by `+` (what
    /// [`Tracker::composed`]'s name indexes point into).
    pub fn names(&self) -> Vec<String> {
        self.lists
            .iter()
            .map(|list| list.iter().map(|&rule| self.rules[rule as usize].as_ref()).collect::<Vec<_>>().join("+"))
            .collect()
    }

    /// `EditTracker.edits`, borrowed, in order: `(names index, start, end, replacement)` of
    /// each composed edit on the source, no-op pieces dropped.
    pub fn composed(&self) -> impl Iterator<Item = (u32, usize, usize, &[char])> + '_ {
        self.pieces.chunks.iter().flatten().filter_map(move |piece| {
            let text = self.text_of(piece);
            (self.source[piece.src_start()..piece.src_end()] != *text).then_some((
                piece.names,
                piece.src_start(),
                piece.src_end(),
                text,
            ))
        })
    }

    /// `EditTracker.edits` as columns: the composed edits on the source, sorted,
    /// non-overlapping, no-op pieces dropped.
    pub fn edit_columns(&self) -> Columns {
        let mut columns = Columns { names: self.names(), ..Columns::default() };
        for (names, start, end, replacement) in self.composed() {
            columns.rules.push(names);
            columns.starts.push(start as i64);
            columns.ends.push(end as i64);
            columns.replacements.push(replacement.iter().collect());
        }
        columns
    }

    /// `EditTracker.edits`, one tuple an edit.
    pub fn edits(&self) -> Vec<Composed> {
        let columns = self.edit_columns();
        (0..columns.rules.len())
            .map(|i| {
                let name = columns.names[columns.rules[i] as usize].clone();
                (name, columns.starts[i] as usize, columns.ends[i] as usize, columns.replacements[i].clone())
            })
            .collect()
    }

    /// The source is needed only to tell no-op pieces ([`Tracker::composed`]): drop it once
    /// the edits are out, before the offset map's columns are made.
    pub fn release_source(&mut self) {
        self.source = Vec::new();
    }

    /// The pieces of the offset map, in order: `(where it starts in the output, where in the
    /// source, whether a rule wrote it)`.
    pub fn map_pieces(&self) -> impl Iterator<Item = (usize, usize, bool)> + '_ {
        let mut position = 0;
        self.pieces.all(self.source_length).map(move |piece| {
            let at = position;
            position += piece.len();
            (at, piece.src_start(), piece.written())
        })
    }

    /// The length of the current text.
    pub fn output_length(&self) -> usize {
        self.pieces.all(self.source_length).map(|piece| piece.len()).sum()
    }

    /// `OffsetMap`'s columns: where each piece starts in the output, where in the source, and
    /// whether a rule wrote it.
    pub fn offset_columns(&self) -> (Vec<i64>, Vec<i64>, Vec<u8>) {
        let mut columns = (Vec::new(), Vec::new(), Vec::new());
        for (at, source, written) in self.map_pieces() {
            columns.0.push(at as i64);
            columns.1.push(source as i64);
            columns.2.push(u8::from(written));
        }
        columns
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edits::{apply, Row};

    fn row(rule: &'static str, start: usize, end: usize, replacement: &str) -> Row {
        Row { rule: Cow::Borrowed(rule), start, end, replacement: replacement.chars().collect() }
    }

    #[test]
    fn later_edits_merge_with_what_earlier_ones_wrote() {
        // The expected values are what the reference's EditTracker gives on the same edits.
        let source: Vec<char> = "a  b,c".chars().collect();
        let mut tracker = Tracker::new(source.clone());
        let first = vec![row("one", 1, 3, " "), row("one", 4, 5, "\u{ff0c}")];
        let text = apply(&source, &first);
        tracker.apply(&first);
        let second = vec![row("two", 1, 2, ""), row("two", 2, 4, "B\u{3001}")];
        let text = apply(&text, &second);
        tracker.apply(&second);
        assert_eq!(text.iter().collect::<String>(), "aB\u{3001}c");
        assert_eq!(
            tracker.edits(),
            vec![("one+two".to_string(), 1, 3, String::new()), ("one+two".to_string(), 3, 5, "B\u{3001}".to_string())]
        );
        let (starts, sources, written) = tracker.offset_columns();
        assert_eq!((starts, sources, written), (vec![0, 1, 1, 3], vec![0, 1, 3, 5], vec![0, 1, 1, 0]));
    }
}
