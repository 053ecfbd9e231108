//! `src/wenben/rules/nearby.py` of the reference: the nearest letter before or after a
//! position, on the same line. Letters (and digits) are never changed by the rules after
//! `fullwidth-alphanumerics`, so a judgement made from them is the same on a second pass.

use crate::chars::{is_py_digit, is_py_word};

/// What counts as a letter (`nearby.LETTER_OR_DIGIT`, `nearby.LETTER`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// `[^\W_]`: Han, kana, Latin, digits (Python's `\w` without `_`).
    LetterOrDigit,
    /// `[^\W\d_]`: digits skipped as well, for judging the words around a number.
    Letter,
}

impl Kind {
    pub fn matches(self, c: char) -> bool {
        match self {
            Kind::LetterOrDigit => c != '_' && is_py_word(c),
            Kind::Letter => c != '_' && is_py_word(c) && !is_py_digit(c),
        }
    }
}

/// The nearest letter before or after a position, on the same line (`nearby.Nearest`).
///
/// Each side remembers its last answer for the stretch it crossed (as the reference does), so
/// a run of queries inside one stretch costs nothing more; the answers do not depend on it.
pub struct Nearest<'a> {
    text: &'a [char],
    kind: Kind,
    /// Queries in `(low, high]` found the letter (or line break) at `found`.
    before: (isize, isize, isize),
    /// Queries in `[low, high]` found it at `found`.
    after: (usize, usize, usize),
}

impl<'a> Nearest<'a> {
    pub fn new(text: &'a [char], kind: Kind) -> Self {
        Nearest { text, kind, before: (1, 0, -1), after: (1, 0, 0) }
    }

    fn stop(&self, c: char) -> bool {
        c == '\n' || self.kind.matches(c)
    }

    /// The nearest letter before `index` on its line.
    pub fn before(&mut self, index: usize) -> Option<char> {
        let (low, high, mut found) = self.before;
        let at = index as isize;
        if !(low < at && at <= high) {
            let end = index.min(self.text.len());
            found = (0..end).rev().find(|&i| self.stop(self.text[i])).map_or(-1, |i| i as isize);
            self.before = (found, at, found);
        }
        if found < 0 {
            return None;
        }
        self.letter(found as usize)
    }

    /// The nearest letter at or after `index` on its line.
    pub fn after(&mut self, index: usize) -> Option<char> {
        let (low, high, mut found) = self.after;
        if !(low <= index && index <= high) {
            found = (index..self.text.len()).find(|&i| self.stop(self.text[i])).unwrap_or(self.text.len());
            self.after = (index, found, found);
        }
        self.letter(found)
    }

    fn letter(&self, position: usize) -> Option<char> {
        match self.text.get(position) {
            Some(&c) if c != '\n' => Some(c),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest() {
        let text: Vec<char> = "ab_, (12)\n\u{4e2d}".chars().collect();
        let mut near = Nearest::new(&text, Kind::LetterOrDigit);
        assert_eq!(near.before(5), Some('b'));
        assert_eq!(near.after(3), Some('1'));
        assert_eq!(near.after(8), None);
        assert_eq!(near.before(10), None);
        assert_eq!(near.after(10), Some('\u{4e2d}'));
        let mut letters = Nearest::new(&text, Kind::Letter);
        assert_eq!(letters.after(3), None);
        assert_eq!(letters.before(8), Some('b'));
    }
}
