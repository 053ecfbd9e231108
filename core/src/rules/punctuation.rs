//! `src/wenben/rules/punctuation.py` of the reference: `ascii-punctuation` (ASCII marks in
//! Chinese context become the full-width marks of GB/T 15834-2011) and `brackets`.
//!
//! The reference's regular expressions are hand-written scanners here. Each one reproduces
//! the regex's match exactly, `pos`/`endpos` windows included: a lookbehind sees the text
//! before `pos` (as Python's does), a lookahead sees nothing at or past `endpos`.
//! (`quotes`, `corner-quotes`, `ellipsis` and `dash` are in marks.rs.)

use std::collections::HashSet;

use super::{Implementation, Rule};
use crate::chars::{is_cjk_letter, is_hspace, is_py_alpha, is_py_isdigit, is_py_numeric};
use crate::language::{outside, Language, Sentences};
use crate::nearby::{Kind, Nearest};
use crate::text::{Context, Edit};

/// `FULLWIDTH`: the full-width form of an ASCII mark.
pub(crate) fn fullwidth(mark: char) -> Option<&'static str> {
    Some(match mark {
        ',' => "\u{ff0c}",
        ':' => "\u{ff1a}",
        ';' => "\u{ff1b}",
        '?' => "\u{ff1f}",
        '!' => "\u{ff01}",
        '(' => "\u{ff08}",
        ')' => "\u{ff09}",
        '.' => "\u{3002}",
        _ => return None,
    })
}

/// `[^\W_]` (str.isalnum()): what `_LAST_LETTER` and `Nearest` count as a letter.
fn is_letter_or_digit(c: char) -> bool {
    Kind::LetterOrDigit.matches(c)
}

/// `[A-Za-z0-9_]`.
fn is_ascii_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The end of the run of characters from `index` (before `end`) for which `inside` holds.
fn run_end(text: &[char], mut index: usize, end: usize, inside: impl Fn(char) -> bool) -> usize {
    while index < end && inside(text[index]) {
        index += 1;
    }
    index
}

// ---------------------------------------------------------------------------------------------
// English phrases

/// `_SPACED_LATIN.search(text, start, end) is not None`: `[A-Za-z][HSPACE]+[A-Za-z0-9]`.
pub(crate) fn spaced_latin(text: &[char], start: usize, end: usize) -> bool {
    let mut index = start;
    while index < end {
        if !text[index].is_ascii_alphabetic() {
            index += 1;
            continue;
        }
        let after = run_end(text, index + 1, end, is_hspace);
        if after > index + 1 && after < end && text[after].is_ascii_alphanumeric() {
            return true;
        }
        index = after;
    }
    false
}

/// `_LONG_WORDS.search(text, start, end) is not None`:
/// `(?<![A-Za-z])[A-Za-z]{2,}(?:[HSPACE]+[0-9]+)*[HSPACE]+[A-Za-z]{2,}`.
///
/// The first word is a whole run of letters (the spaces that must follow it cannot start
/// inside it), starting after a non-letter, the text before `start` included.
pub(crate) fn long_words(text: &[char], start: usize, end: usize) -> bool {
    let mut index = start;
    while index < end {
        if !text[index].is_ascii_alphabetic() {
            index += 1;
            continue;
        }
        let word_end = run_end(text, index, end, |c| c.is_ascii_alphabetic());
        let free = index == 0 || !text[index - 1].is_ascii_alphabetic();
        if free && word_end - index >= 2 && long_words_tail(text, word_end, end) {
            return true;
        }
        index = word_end;
    }
    false
}

/// `(?:[HSPACE]+[0-9]+)*[HSPACE]+[A-Za-z]{2,}` matched at `index`: every run is taken whole,
/// because what follows it can never be in it.
fn long_words_tail(text: &[char], mut index: usize, end: usize) -> bool {
    loop {
        let next = run_end(text, index, end, is_hspace);
        if next == index || next >= end {
            return false;
        }
        let c = text[next];
        if c.is_ascii_digit() {
            index = run_end(text, next, end, |c| c.is_ascii_digit());
            continue;
        }
        return c.is_ascii_alphabetic() && next + 1 < end && text[next + 1].is_ascii_alphabetic();
    }
}

/// `_SHORT_WORDS.search(text, position, end)`:
/// `(?<![A-Za-z0-9_])([A-Z]?[a-z]+)(?:[HSPACE]+[0-9]+)*[HSPACE]+[a-z]+(?![A-Za-z0-9_])`, the
/// leftmost match as `(match.start(), match.end(1))`.
pub(crate) fn short_words(text: &[char], position: usize, end: usize) -> Option<(usize, usize)> {
    let mut index = position;
    while index < end {
        let c = text[index];
        if !c.is_ascii_alphabetic() || (index > 0 && is_ascii_word(text[index - 1])) {
            index += 1;
            continue;
        }
        if let Some(group_end) = short_words_at(text, index, end) {
            return Some((index, group_end));
        }
        index += 1;
    }
    None
}

/// The match of `_SHORT_WORDS` at `start` (its lookbehind already checked): the end of group 1.
fn short_words_at(text: &[char], start: usize, end: usize) -> Option<usize> {
    // [A-Z]? is tried with the capital first; without it, [a-z]+ would need a small letter here.
    let lower_start = if text[start].is_ascii_uppercase() { start + 1 } else { start };
    if lower_start >= end || !text[lower_start].is_ascii_lowercase() {
        return None;
    }
    let group_end = run_end(text, lower_start, end, |c| c.is_ascii_lowercase());
    let mut index = group_end;
    loop {
        let next = run_end(text, index, end, is_hspace);
        if next == index || next >= end {
            return None;
        }
        let c = text[next];
        if c.is_ascii_digit() {
            index = run_end(text, next, end, |c| c.is_ascii_digit());
            continue;
        }
        if !c.is_ascii_lowercase() {
            return None;
        }
        let word_end = run_end(text, next, end, |c| c.is_ascii_lowercase());
        // The lookahead sees nothing at endpos.
        return (word_end >= end || !is_ascii_word(text[word_end])).then_some(group_end);
    }
}

/// `_has_english_phrase`: whether `text[start..end]` holds two Latin words separated by
/// spaces (short words only if the first is not glued to a Han character).
pub(crate) fn has_english_phrase(text: &[char], start: usize, end: usize) -> bool {
    let end = end.min(text.len());
    if start >= end || !spaced_latin(text, start, end) {
        return false;
    }
    if long_words(text, start, end) {
        return true;
    }
    let mut position = start;
    while let Some((match_start, group_end)) = short_words(text, position, end) {
        let mut before = match_start;
        while before > 0 && is_hspace(text[before - 1]) {
            before -= 1;
        }
        if before == 0 || !is_cjk_letter(text[before - 1]) {
            return true;
        }
        position = group_end;
    }
    false
}

// ---------------------------------------------------------------------------------------------
// The context of a mark

/// `_previous_char`: the nearest non-space character before `index` on the same line.
pub(crate) fn previous_char(text: &[char], index: usize) -> Option<(usize, char)> {
    let mut index = index;
    while index > 0 && is_hspace(text[index - 1]) {
        index -= 1;
    }
    match index.checked_sub(1).map(|i| (i, text[i])) {
        Some((_, '\n')) | None => None,
        found => found,
    }
}

/// `_next_char`: the nearest non-space character at or after `index` on the same line, as
/// `(position, char)`; `(len, None)` if there is none.
pub(crate) fn next_char(text: &[char], index: usize) -> (usize, Option<char>) {
    let index = run_end(text, index, text.len(), is_hspace);
    match text.get(index) {
        Some(&c) if c != '\n' => (index, Some(c)),
        _ => (text.len(), None),
    }
}

/// `_LineContext`: what a mark's Chinese context is judged from, for marks visited left to
/// right; each stretch of text is scanned once.
pub(crate) struct LineContext<'a> {
    text: &'a [char],
    scanned: usize,
    /// On the current line, -1 if none.
    last_letter: isize,
    last_cjk: isize,
    /// An English phrase after `last_cjk` (or the line start).
    phrase_since_cjk: bool,
    nearest: Nearest<'a>,
}

impl<'a> LineContext<'a> {
    pub(crate) fn new(text: &'a [char]) -> Self {
        LineContext {
            text,
            scanned: 0,
            last_letter: -1,
            last_cjk: -1,
            phrase_since_cjk: false,
            nearest: Nearest::new(text, Kind::LetterOrDigit),
        }
    }

    /// Take the text up to `index` (never decreasing) into account.
    pub(crate) fn advance(&mut self, index: usize) {
        let text = self.text;
        let index = index.min(text.len());
        let mut scanned = self.scanned;
        if index <= scanned {
            return;
        }
        self.scanned = index;
        if let Some(newline) = (scanned..index).rev().find(|&i| text[i] == '\n') {
            scanned = newline + 1;
            self.last_letter = -1;
            self.last_cjk = -1;
            self.phrase_since_cjk = false;
        }
        // _LAST_LETTER, (?s:.*)[^\W_]: the last letter or digit of the stretch.
        let Some(letter) = (scanned..index).rev().find(|&i| is_letter_or_digit(text[i])) else {
            return;
        };
        self.last_letter = letter as isize;
        if let Some(cjk) = (scanned..=letter).rev().find(|&i| is_cjk_letter(text[i])) {
            self.last_cjk = cjk as isize;
            self.phrase_since_cjk = false;
            scanned = cjk + 1;
        }
        if !self.phrase_since_cjk {
            self.phrase_since_cjk = has_english_phrase(text, scanned, index);
        }
    }

    /// The nearest letter or digit at or after `index` on the same line.
    pub(crate) fn next_letter(&mut self, index: usize) -> Option<char> {
        self.nearest.after(index)
    }
}

fn is_cjk_letter_at(letter: Option<char>) -> bool {
    letter.is_some_and(is_cjk_letter)
}

/// `in_chinese_context`: whether the ASCII mark at `[start, end)` belongs to a Chinese sentence.
pub(crate) fn in_chinese_context(start: usize, end: usize, line: &mut LineContext) -> bool {
    line.advance(start);
    if line.last_letter >= 0 && line.last_letter == line.last_cjk {
        return true;
    }
    if line.last_cjk >= 0 {
        if !line.phrase_since_cjk {
            return true;
        }
        return is_cjk_letter_at(line.next_letter(end));
    }
    is_cjk_letter_at(line.next_letter(end)) && !line.phrase_since_cjk
}

/// `numbers.is_time_colon`: whether a colon between the digit ending at `digits_end` and
/// `text[after..]` is the colon of a time (10:30, not 2020:30).
pub(crate) fn is_time_colon(text: &[char], digits_end: usize, after: usize) -> bool {
    // _TWO_DIGIT_MINUTES: [0-5][0-9](?![0-9])
    let minutes = after + 1 < text.len()
        && ('0'..='5').contains(&text[after])
        && text[after + 1].is_ascii_digit()
        && !text.get(after + 2).is_some_and(|c| c.is_ascii_digit());
    minutes && !(digits_end >= 3 && text[digits_end - 3..digits_end].iter().all(|&c| is_py_isdigit(c)))
}

fn is_operator_mark(c: char) -> bool {
    matches!(c, '!' | '?' | '\u{ff01}' | '\u{ff1f}')
}

/// `_OperatorRuns`: whether `[!?！？]*=` (an operator: !=, ?=) matches at an index, for
/// queries in text order. The end of the last run scanned is remembered, so a run costs one
/// scan, not one from each of its marks.
struct OperatorRuns {
    /// Queries in `[from, end]` have their run end at `end`.
    from: usize,
    end: usize,
}

impl OperatorRuns {
    fn new() -> Self {
        OperatorRuns { from: 1, end: 0 }
    }

    fn at(&mut self, text: &[char], index: usize) -> bool {
        if !(self.from <= index && index <= self.end) {
            self.from = index;
            self.end = run_end(text, index, text.len(), is_operator_mark);
        }
        text.get(self.end) == Some(&'=')
    }
}

/// `_FULL_STOP_CLOSERS`.
fn is_full_stop_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{300d}' | '\u{300f}' | '\u{ff09}' | ')' | '\u{300b}' | '\u{3011}'
    )
}

/// `_FULL_STOP` matched at `index` (a `.`):
/// `\.(?<=[CJK]\.)(?![.\w])(?=[HSPACE CLOSERS]++(?:[CJK]|\n|\Z)|\n|\Z)`: after the stop, spaces
/// and closers in any order, then a CJK letter (at least one of them between), a line break or
/// the end. Neither spaces nor closers are `\n` or CJK letters, so the run is taken whole.
fn is_full_stop(text: &[char], index: usize) -> bool {
    if index == 0 || !is_cjk_letter(text[index - 1]) {
        return false;
    }
    let after = index + 1;
    if text.get(after).is_some_and(|&c| c == '.' || crate::chars::is_py_word(c)) {
        return false;
    }
    let len = text.len();
    let end = run_end(text, after, len, |c| is_hspace(c) || is_full_stop_closer(c));
    end == len || text[end] == '\n' || (end > after && is_cjk_letter(text[end]))
}

/// `_uncovered`: the positions (sorted) in none of the spans (sorted, disjoint), in one walk.
pub(crate) fn uncovered(positions: &[usize], spans: &[(usize, usize)]) -> Vec<usize> {
    if spans.is_empty() {
        return positions.to_vec();
    }
    let mut kept = Vec::new();
    let mut following = spans.iter().copied();
    let (mut start, mut end) = following.next().unwrap_or((usize::MAX, usize::MAX));
    for &position in positions {
        while end <= position {
            (start, end) = following.next().unwrap_or((usize::MAX, usize::MAX));
        }
        if position < start {
            kept.push(position);
        }
    }
    kept
}

/// `_covered`: the positions (sorted) in one of the spans (sorted, disjoint).
pub(crate) fn covered(positions: &[usize], spans: &[(usize, usize)]) -> HashSet<usize> {
    if spans.is_empty() {
        return HashSet::new();
    }
    let kept: HashSet<usize> = uncovered(positions, spans).into_iter().collect();
    positions.iter().copied().filter(|p| !kept.contains(p)).collect()
}

/// `_outside_english`: the edits (sorted) outside the sentences judged English.
pub(crate) fn outside_english(text: &[char], context: &Context, edits: Vec<Edit>) -> Vec<Edit> {
    if edits.is_empty() {
        return edits;
    }
    let spans = context.analysis.english_spans(text);
    if spans.is_empty() {
        return edits;
    }
    let starts: Vec<usize> = edits.iter().map(|edit| edit.start).collect();
    let keep = outside(&starts, &spans);
    edits.into_iter().zip(keep).filter_map(|(edit, kept)| kept.then_some(edit)).collect()
}

// ---------------------------------------------------------------------------------------------
// ascii-punctuation

/// `ascii-punctuation`: ASCII punctuation in Chinese text becomes full-width.
pub fn ascii_punctuation(text: &[char], context: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut others = Vec::new();
    let mut operators = OperatorRuns::new();
    for (index, &c) in text.iter().enumerate() {
        match c {
            '.' if is_full_stop(text, index) => {
                edits.push(Edit::new("", index, index + 1, "\u{3002}"));
            }
            ',' | ':' | ';' | '?' | '!' => {
                // _mark_pattern: right after a CJK letter the mark is Chinese (unless ? or !
                // starts an operator run: then neither branch matches); otherwise it is judged
                // from its line, unless it stands between two digits.
                if index > 0 && is_cjk_letter(text[index - 1]) {
                    if !(matches!(c, '?' | '!') && operators.at(text, index + 1)) {
                        edits.push(Edit::new("", index, index + 1, fullwidth(c).unwrap_or_default()));
                    }
                } else if !(index > 0
                    && text[index - 1].is_ascii_digit()
                    && text.get(index + 1).is_some_and(|c| c.is_ascii_digit()))
                {
                    others.push(index);
                }
            }
            _ => {}
        }
    }
    if !others.is_empty() {
        // A mark in a protected span would have its edit dropped by the engine.
        judged_from_line(text, context, &uncovered(&others, &context.protected), &mut edits);
    }
    edits.sort_by_key(|edit| edit.start);
    outside_english(text, context, edits)
}

/// `_judged_from_line`: edits for the marks (positions, in order) that do not follow a CJK
/// letter. The sentences and the line context are asked in the reference's order.
fn judged_from_line(text: &[char], context: &Context, marks: &[usize], edits: &mut Vec<Edit>) {
    let mut line = LineContext::new(text);
    let mut sentences = Sentences::with_protected(text, &context.analysis.protected_spans(text));
    let mut operators = OperatorRuns::new();
    for &start in marks {
        let mark = text[start];
        let end = start + 1;
        if mark == ':' {
            // 10: 30 stays (number-punctuation would turn ： back into ':').
            if let Some((before_index, before)) = previous_char(text, start) {
                if before.is_ascii_digit() && is_time_colon(text, before_index + 1, next_char(text, end).0) {
                    continue;
                }
            }
        } else if matches!(mark, '!' | '?') && operators.at(text, end) {
            continue;
        }
        if sentences.language(start) != Some(Language::Zh) {
            continue;
        }
        if in_chinese_context(start, end, &mut line) {
            edits.push(Edit::new("", start, end, fullwidth(mark).unwrap_or_default()));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// brackets

/// `_OPENERS`: the closer that matches an opener.
fn matching_closer(opener: char) -> Option<char> {
    Some(match opener {
        '(' => ')',
        '\u{ff08}' => '\u{ff09}',
        '\u{3008}' => '\u{3009}',
        '[' => ']',
        '\u{ff3b}' => '\u{ff3d}',
        _ => return None,
    })
}

/// `_ROUND`.
fn is_round(c: char) -> bool {
    matches!(c, '(' | ')' | '\u{ff08}' | '\u{ff09}')
}

/// `_BRACKET`: `[()（）〈〉\[\]［］]`.
fn is_bracket(c: char) -> bool {
    matches!(c, '(' | ')' | '\u{ff08}' | '\u{ff09}' | '\u{3008}' | '\u{3009}' | '[' | ']' | '\u{ff3b}' | '\u{ff3d}')
}

/// `_BRACKET_TRIGGERS`.
fn is_bracket_trigger(c: char) -> bool {
    matches!(c, '(' | ')' | '\u{3008}' | '\u{3009}')
}

/// ASCII content with more letters and digits than this is an English aside (`_LONG_CONTENT`).
const LONG_CONTENT: usize = 30;
/// Brackets and quotes look inside their pair only this far from each end (`_INSIDE_LOOK`).
const INSIDE_LOOK: usize = 200;

/// Whether `"\n\n"` starts at `index`.
fn is_paragraph_break(text: &[char], index: usize) -> bool {
    text.get(index) == Some(&'\n') && text.get(index + 1) == Some(&'\n')
}

/// `_paragraphs_with`: `(start, end)` of each paragraph (text between blank lines, `"\n\n"`)
/// that holds a character for which `wanted` holds, in order.
pub(crate) fn paragraphs_with(text: &[char], wanted: impl Fn(char) -> bool) -> Vec<(usize, usize)> {
    let mut paragraphs = Vec::new();
    let mut from = 0;
    // The next wanted character at or after the end of the last paragraph; the break before
    // it is found searching back (it stops at that end's break at the latest).
    while let Some(found) = (from..text.len()).find(|&i| wanted(text[i])) {
        // text.rfind("\n\n", 0, found) + 2, or 0.
        let start = (1..found).rev().find(|&i| text[i - 1] == '\n' && text[i] == '\n').map_or(0, |i| i + 1);
        let end = (found..text.len()).find(|&i| is_paragraph_break(text, i)).unwrap_or(text.len());
        paragraphs.push((start, end));
        from = end;
    }
    paragraphs
}

/// `_bracket_pairs`: matching bracket pairs (opener, closer) of the paragraph
/// `text[start..end]`, in the order of their closers. Brackets of different kinds pair when one
/// of them is round (OCR reads （ as `(` or `〈`), square ones only with square ones.
pub(crate) fn bracket_pairs(text: &[char], start: usize, end: usize) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let mut stack: Vec<usize> = Vec::new();
    for index in start..end.min(text.len()) {
        let c = text[index];
        if !is_bracket(c) {
            continue;
        }
        if matching_closer(c).is_some() {
            stack.push(index);
            continue;
        }
        // A closer: pair it with the nearest opener it can close, among the top two.
        for depth in (stack.len().saturating_sub(2)..stack.len()).rev() {
            let opener = text[stack[depth]];
            let square = matches!(opener, '[' | '\u{ff3b}') || matches!(c, ']' | '\u{ff3d}');
            if matching_closer(opener) == Some(c) || ((is_round(opener) || is_round(c)) && !square) {
                pairs.push((stack[depth], index));
                stack.truncate(depth);
                break;
            }
        }
    }
    pairs
}

/// `_has_cjk_letter`: a CJK letter in `text[start..end]`, looking only `INSIDE_LOOK` characters
/// in from each end of a long stretch.
pub(crate) fn has_cjk_letter(text: &[char], start: usize, end: usize) -> bool {
    let any = |from: usize, to: usize| {
        let to = to.min(text.len());
        from < to && text[from..to].iter().any(|&c| is_cjk_letter(c))
    };
    if end > start && end - start > 2 * INSIDE_LOOK {
        return any(start, start + INSIDE_LOOK) || any(end - INSIDE_LOOK, end);
    }
    any(start, end)
}

/// `_LIST_LABEL.fullmatch`: `[0-9]{1,3}|[A-Za-z]|[ivxIVX]{1,4}`.
fn is_list_label(content: &[char]) -> bool {
    let n = content.len();
    ((1..=3).contains(&n) && content.iter().all(|c| c.is_ascii_digit()))
        || (n == 1 && content[0].is_ascii_alphabetic())
        || ((1..=4).contains(&n) && content.iter().all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X')))
}

/// str.isalnum().
fn is_py_alnum(c: char) -> bool {
    is_py_alpha(c) || is_py_numeric(c)
}

/// `brackets`: ASCII or mismatched brackets around Chinese become （）.
pub fn brackets(text: &[char], context: &Context) -> Vec<Edit> {
    // (opener, closer, and their paragraph), in the reference's order.
    let mut pairs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (start, end) in paragraphs_with(text, is_bracket_trigger) {
        for (open_index, close_index) in bracket_pairs(text, start, end) {
            let (opener, closer) = (text[open_index], text[close_index]);
            if (is_round(opener) || is_round(closer)) && !(opener == '\u{ff08}' && closer == '\u{ff09}') {
                pairs.push((open_index, close_index, start, end));
            }
        }
    }
    // Half of a pair in a protected span: converting the other half would unpair them.
    let mut halves: Vec<usize> = pairs.iter().flat_map(|&(open, close, _, _)| [open, close]).collect();
    halves.sort_unstable();
    let mut protected = covered(&halves, &context.protected);
    // A pair opened in a sentence that is not Chinese stays ASCII, both halves.
    if !pairs.is_empty() {
        let mut sentences = Sentences::with_protected(text, &context.analysis.protected_spans(text));
        for &(open_index, ..) in &pairs {
            if sentences.language(open_index) != Some(Language::Zh) {
                protected.insert(open_index);
            }
        }
    }
    let mut edits = Vec::new();
    let mut letters: Option<Nearest> = None;
    let mut letter_counts: Vec<usize> = Vec::new(); // letters and digits before each offset of the paragraph at
    let mut counted: Option<usize> = None;
    for &(open_index, close_index, start, end) in &pairs {
        if protected.contains(&open_index) || protected.contains(&close_index) {
            continue;
        }
        let (opener, closer) = (text[open_index], text[close_index]);
        let mut chinese = opener == '\u{ff08}'
            || closer == '\u{ff09}'
            || opener == '\u{3008}'
            || closer == '\u{3009}'
            || has_cjk_letter(text, open_index + 1, close_index);
        if !chinese {
            // ASCII content: full-width when the nearest letter before the opener is Chinese,
            // or there is none and the nearest after the closer is.
            let letters = letters.get_or_insert_with(|| Nearest::new(text, Kind::LetterOrDigit));
            let before = letters.before(open_index);
            chinese = match before {
                Some(letter) => is_cjk_letter(letter),
                None => is_cjk_letter_at(letters.after(close_index + 1)),
            };
            if !chinese && before.is_none() && is_list_label(&text[open_index + 1..close_index]) {
                // A list label starting a Chinese line: (1) Python基础.
                let line_end = (close_index..text.len()).find(|&i| text[i] == '\n').unwrap_or(text.len());
                chinese = has_cjk_letter(text, close_index + 1, line_end);
            }
            if chinese && close_index - open_index > LONG_CONTENT {
                // A long English aside stays ASCII (counted in letters and digits).
                if counted != Some(start) {
                    letter_counts.clear();
                    letter_counts.push(0);
                    let mut count = 0;
                    for &c in &text[start..end] {
                        count += usize::from(is_py_alnum(c));
                        letter_counts.push(count);
                    }
                    counted = Some(start);
                }
                let inside = letter_counts[close_index - start] - letter_counts[open_index + 1 - start];
                chinese = inside <= LONG_CONTENT;
            }
        }
        if !chinese {
            continue;
        }
        if opener != '\u{ff08}' {
            edits.push(Edit::new("", open_index, open_index + 1, "\u{ff08}"));
        }
        if closer != '\u{ff09}' {
            edits.push(Edit::new("", close_index, close_index + 1, "\u{ff09}"));
        }
    }
    edits.sort_by_key(|edit| edit.start);
    outside_english(text, context, edits)
}

/// The rules of this module the core implements.
pub fn lookup(id: &str) -> Option<Rule> {
    match id {
        "ascii-punctuation" => Some(Rule {
            id: "ascii-punctuation",
            implementation: Implementation::Single(ascii_punctuation),
            quick: None,
        }),
        "brackets" => Some(Rule { id: "brackets", implementation: Implementation::Single(brackets), quick: None }),
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

    fn applied(text: &str) -> String {
        let text = chars(text);
        crate::text::applied(&text, ascii_punctuation(&text, &Context::new(Spacing::Compact, vec![], None)))
    }

    #[test]
    fn examples_of_the_reference() {
        let cases = [
            ("7\u{6708}13\u{65e5}\u{4e0a}\u{5348}, \u{5fb7}\u{9633}\u{5e02}", "7\u{6708}13\u{65e5}\u{4e0a}\u{5348}\u{ff0c} \u{5fb7}\u{9633}\u{5e02}"),
            ("\u{652f}\u{6301}Python,Rust\u{7b49}", "\u{652f}\u{6301}Python\u{ff0c}Rust\u{7b49}"),
            ("\u{65f6}\u{95f4}:10:30", "\u{65f6}\u{95f4}\u{ff1a}10:30"),
            ("\u{524d}\u{9762}!!", "\u{524d}\u{9762}\u{ff01}\u{ff01}"),
            ("\u{524d}\u{9762}. \u{5f8c}\u{9762}", "\u{524d}\u{9762}\u{3002} \u{5f8c}\u{9762}"),
            ("\u{524d}\u{9762}.\u{5f8c}\u{9762}", "\u{524d}\u{9762}.\u{5f8c}\u{9762}"),
            ("\u{524d}\u{9762}!=", "\u{524d}\u{9762}!="),
        ];
        for (raw, expected) in cases {
            assert_eq!(applied(raw), expected, "{raw:?}");
        }
    }

    #[test]
    fn phrases() {
        let phrase = |s: &str| {
            let text = chars(s);
            has_english_phrase(&text, 0, text.len())
        };
        assert!(phrase("I love you"));
        assert!(phrase("from 1 Folder"));
        assert!(phrase("a b"));
        assert!(!phrase("\u{7bb1}trainin g"));
        assert!(!phrase("\u{7bb1} a b"));
        assert!(!phrase("Python"));
        assert!(!phrase("a 1"));
        // The lookbehind sees the text before the window, the lookahead nothing past it.
        let text = chars("xab cd");
        assert!(long_words(&text, 0, 6));
        assert!(!long_words(&text, 1, 6));
        assert!(!long_words(&text, 0, 5));
        let text = chars("ab cde_");
        assert_eq!(short_words(&text, 0, 7), None);
        assert_eq!(short_words(&text, 0, 6), Some((0, 2)));
        let text = chars("Ab cd");
        assert_eq!(short_words(&text, 0, 5), Some((0, 2)));
        assert_eq!(short_words(&text, 1, 5), None);
    }

    #[test]
    fn covered_and_uncovered() {
        let spans = [(2, 4), (4, 4), (6, 9)];
        assert_eq!(uncovered(&[0, 2, 3, 4, 5, 8, 9], &spans), vec![0, 4, 5, 9]);
        let mut found: Vec<usize> = covered(&[0, 2, 3, 4, 5, 8, 9], &spans).into_iter().collect();
        found.sort();
        assert_eq!(found, vec![2, 3, 8]);
    }

    #[test]
    fn bracket_examples() {
        let run = |raw: &str| {
            let text = chars(raw);
            brackets(&text, &Context::new(Spacing::Compact, vec![], None))
        };
        let edits = run("\u{5fb7}\u{9633}\u{5e02}(\u{5fb7}\u{9633}\u{5206})");
        assert_eq!(edits, vec![Edit::new("", 3, 4, "\u{ff08}"), Edit::new("", 7, 8, "\u{ff09}")]);
        let edits = run("\u{670d}\u{52a1}\u{5668}\u{3008}\u{4f8b}\u{5982} )");
        assert_eq!(edits, vec![Edit::new("", 3, 4, "\u{ff08}"), Edit::new("", 7, 8, "\u{ff09}")]);
        assert!(run("\u{51fd}\u{6570}f(x)\u{7684}\u{503c}").is_empty());
        assert!(run("The word (\u{6587}\u{672c}) means text.").is_empty());
        // Square brackets pair only with square ones; a closer looks at the top two openers.
        let text = chars("[(a]) ((( )");
        assert_eq!(bracket_pairs(&text, 0, text.len()), vec![(0, 3), (8, 10)]);
        assert_eq!(paragraphs_with(&chars("a\n\n(b\n\n\nc\n\n)"), is_bracket_trigger), vec![(3, 5), (11, 12)]);
    }

    #[test]
    fn time_colons() {
        let text = chars("10:30 2020:30 1:300");
        assert!(is_time_colon(&text, 2, 3));
        assert!(!is_time_colon(&text, 10, 11));
        assert!(!is_time_colon(&text, 15, 16));
    }
}
