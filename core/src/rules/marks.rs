//! The mark rules of `src/wenben/rules/punctuation.py` of the reference: `quotes`,
//! `corner-quotes`, `ellipsis` and `dash` (the rest of that module is punctuation.rs).
//!
//! The reference finds its candidates with regular expressions; here each pattern is a
//! hand-written scanner with the same leftmost, greedy, non-overlapping matches (each is named
//! in its doc comment). Every scan is linear: where the reference walks a stack from the top
//! for a matching opener (corner-quotes), the same opener is found through a stack per kind.
//!
//! Private copies of helpers shared with punctuation.rs (`has_cjk_letter`, `in_english`,
//! `previous_char`, `next_char`, `paragraphs_with`) live here until the
//! two modules are merged.

use super::{Implementation, Rule};
use crate::chars::{is_cjk_letter, is_cjk_punct, is_hspace, is_py_alpha, is_py_isdigit, is_py_numeric, is_py_space};
use crate::language::{outside, Language, Sentences};
use crate::nearby::{Kind, Nearest};
use crate::text::{Analysis, Context, Edit};
use std::borrow::Cow;

// ---------------------------------------------------------------------------------------------
// Shared helpers (private copies)

/// `_INSIDE_LOOK`: brackets and quotes look inside their pair only this far from each end.
const INSIDE_LOOK: usize = 200;

/// `str.isalnum()` of one character (isalpha, or isnumeric, which holds isdecimal and isdigit).
fn is_py_alnum(c: char) -> bool {
    is_py_alpha(c) || is_py_numeric(c)
}

/// `_CJK_LETTER.search(text, start, end) is not None`.
fn cjk_letter_in(text: &[char], start: usize, end: usize) -> bool {
    let end = end.min(text.len());
    start < end && text[start..end].iter().any(|&c| is_cjk_letter(c))
}

/// `_has_cjk_letter`: a CJK letter in `text[start..end]`, looking only `INSIDE_LOOK` characters
/// in from each end of a long stretch.
fn has_cjk_letter(text: &[char], start: usize, end: usize) -> bool {
    if end > start && end - start > 2 * INSIDE_LOOK {
        return cjk_letter_in(text, start, start + INSIDE_LOOK) || cjk_letter_in(text, end - INSIDE_LOOK, end);
    }
    cjk_letter_in(text, start, end)
}

/// `_previous_char`: the nearest non-space character before `index` on its line (None: "").
fn previous_char(text: &[char], index: usize) -> Option<char> {
    let mut i = index.min(text.len());
    while i > 0 && is_hspace(text[i - 1]) {
        i -= 1;
    }
    if i == 0 || text[i - 1] == '\n' {
        None
    } else {
        Some(text[i - 1])
    }
}

/// `_next_char`: the nearest non-space character at or after `index` on its line (None: "").
fn next_char(text: &[char], index: usize) -> Option<char> {
    let mut i = index;
    while i < text.len() && is_hspace(text[i]) {
        i += 1;
    }
    match text.get(i) {
        Some(&c) if c != '\n' => Some(c),
        _ => None,
    }
}

/// The nearest letter or digit before or after a position on its line: `Nearest(text)` of the
/// reference, with the same answers. `Nearest` remembers the stretch its last look back crossed
/// and looks again from scratch for a later position; here a later position looks back only to
/// the last one asked about, so a run of queries moving right (the runs of `ellipsis`, the pairs
/// of `quotes`) costs the text's length once, where a letter far back (`\u4e2d... ... ...`)
/// made each query cross the whole distance (quadratic in the reference).
struct Letters<'a> {
    text: &'a [char],
    /// Queries in `(low, high]` found the letter or line break at `found` (-1: none).
    before: (isize, isize, isize),
    after: Nearest<'a>,
}

impl<'a> Letters<'a> {
    fn new(text: &'a [char]) -> Self {
        Letters { text, before: (1, 0, -1), after: Nearest::new(text, Kind::LetterOrDigit) }
    }

    fn stop(c: char) -> bool {
        c == '\n' || Kind::LetterOrDigit.matches(c)
    }

    /// `Nearest.before(index)`.
    fn before(&mut self, index: usize) -> Option<char> {
        let (low, high, mut found) = self.before;
        let at = index.min(self.text.len()) as isize;
        if !(low < at && at <= high) {
            // Past the remembered stretch: only what lies between its end and `at` is new.
            let floor = if at > high && high >= 0 && low <= high { high as usize } else { 0 };
            match (floor..at as usize).rev().find(|&i| Self::stop(self.text[i])) {
                Some(i) => found = i as isize,
                None if floor > 0 => {}
                None => found = -1,
            }
            self.before = (found, at, found);
        }
        if found < 0 {
            return None;
        }
        match self.text[found as usize] {
            '\n' => None,
            c => Some(c),
        }
    }

    /// `Nearest.after(index)`.
    fn after(&mut self, index: usize) -> Option<char> {
        self.after.after(index)
    }
}

/// The sentences judged English (`language.english_spans`), found once per rule run when first
/// asked about (the reference caches them per text).
struct English<'a> {
    text: &'a [char],
    analysis: &'a Analysis,
}

impl<'a> English<'a> {
    fn new(text: &'a [char], context: &'a Context) -> Self {
        English { text, analysis: &context.analysis }
    }

    fn spans(&mut self) -> Cow<'a, [(usize, usize)]> {
        self.analysis.english_spans(self.text)
    }

    /// `_in_english(text, index)`.
    fn contains(&mut self, index: usize) -> bool {
        let spans = self.spans();
        !spans.is_empty() && !outside(&[index], &spans)[0]
    }
}

/// `text.find("\n\n", from)`.
fn find_break(text: &[char], from: usize) -> Option<usize> {
    (from..text.len().saturating_sub(1)).find(|&i| text[i] == '\n' && text[i + 1] == '\n')
}

/// `text.rfind("\n\n", 0, before)`.
fn rfind_break(text: &[char], before: usize) -> Option<usize> {
    (0..before.saturating_sub(1)).rev().find(|&i| text[i] == '\n' && text[i + 1] == '\n')
}

/// `_paragraphs_with(text, c)` for one character: `(start, end)` of each paragraph (text between
/// blank lines) that holds `c`, in order.
fn paragraphs_with(text: &[char], c: char) -> Vec<(usize, usize)> {
    let mut paragraphs = Vec::new();
    let mut next = text.iter().position(|&x| x == c);
    while let Some(found) = next {
        let start = rfind_break(text, found).map_or(0, |i| i + 2);
        let end = find_break(text, found).unwrap_or(text.len());
        paragraphs.push((start, end));
        next = (end..text.len()).find(|&i| text[i] == c);
    }
    paragraphs
}

/// `text[..] in literal` for a literal of a few characters.
fn contains(text: &[char], literal: &[char]) -> bool {
    // A scan for the first character, comparing the rest only where it is found (a slice
    // compare at every position costs a memcmp call each).
    let Some((&first, rest)) = literal.split_first() else {
        return true;
    };
    let mut from = 0;
    while let Some(found) = text[from..].iter().position(|&c| c == first) {
        let at = from + found + 1;
        if rest.iter().enumerate().all(|(k, &c)| text.get(at + k) == Some(&c)) {
            return true;
        }
        from = at;
    }
    false
}

// ---------------------------------------------------------------------------------------------
// Runs of marks (ellipsis and dash)

/// `_run_start`: the first mark of the run (marks with only spaces between them) holding `index`.
fn run_start(text: &[char], index: usize, is_mark: fn(char) -> bool) -> usize {
    let mut start = index;
    let mut i = index;
    while i > 0 {
        i -= 1;
        let c = text[i];
        if is_mark(c) {
            start = i;
        } else if !is_hspace(c) {
            break;
        }
    }
    start
}

/// The end of `(?:[HSPACE]*[marks])*` from `from` and how many times it repeated (greedy: each
/// repetition is spaces then a mark; spaces not followed by a mark are left).
fn repeated_marks(text: &[char], from: usize, is_mark: fn(char) -> bool) -> (usize, usize) {
    let (mut end, mut count) = (from, 0);
    loop {
        let mut j = end;
        while j < text.len() && is_hspace(text[j]) {
            j += 1;
        }
        if j < text.len() && is_mark(text[j]) {
            end = j + 1;
            count += 1;
        } else {
            return (end, count);
        }
    }
}

/// `_runs_joined_by_spacing`: the runs holding a candidate, matched by `run_at` from their first
/// mark, cut at the spaces that will stay (those with no CJK punctuation on either side).
fn runs_joined_by_spacing(
    text: &[char],
    candidates: &[usize],
    is_mark: fn(char) -> bool,
    run_at: fn(&[char], usize) -> Option<usize>,
) -> Vec<(usize, usize)> {
    let mut runs = Vec::new();
    let mut done = 0;
    for &candidate in candidates {
        if candidate < done {
            continue; // in the run just made
        }
        let first = run_start(text, candidate, is_mark);
        let Some(end) = run_at(text, first) else {
            continue;
        };
        done = end;
        let mut start = first;
        let mut i = first;
        while i < end {
            if !is_hspace(text[i]) {
                i += 1;
                continue;
            }
            let space = i;
            while i < end && is_hspace(text[i]) {
                i += 1;
            }
            let joined = (space > 0 && is_cjk_punct(text[space - 1])) || (i < text.len() && is_cjk_punct(text[i]));
            if !joined {
                runs.push((start, space));
                start = i;
            }
        }
        runs.push((start, end));
    }
    runs
}

/// `_marks`: the marks of a run, without the spaces between them.
fn run_marks(text: &[char], start: usize, end: usize) -> Vec<char> {
    if end - start > 1 {
        text[start..end].iter().copied().filter(|&c| !is_py_space(c)).collect()
    } else {
        text[start..end].to_vec()
    }
}

/// `_near_chinese`: the nearest letter on either side (punctuation skipped) is a CJK letter.
fn near_chinese(letters: &mut Letters, start: usize, end: usize) -> bool {
    if letters.before(start).is_some_and(is_cjk_letter) {
        return true;
    }
    letters.after(end).is_some_and(is_cjk_letter)
}

// ---------------------------------------------------------------------------------------------
// ellipsis

/// `_ELLIPSIS_CHARS`.
fn is_ellipsis_char(c: char) -> bool {
    matches!(c, '.' | '\u{3002}' | '\u{ff0e}' | '\u{b7}' | '\u{2026}')
}

/// `_ELLIPSIS.match(text, start)`: `[E](?:[HSPACE]*[E])+|\u2026`.
fn ellipsis_at(text: &[char], start: usize) -> Option<usize> {
    let first = *text.get(start)?;
    if !is_ellipsis_char(first) {
        return None;
    }
    let (end, count) = repeated_marks(text, start + 1, is_ellipsis_char);
    if count > 0 {
        Some(end)
    } else if first == '\u{2026}' {
        Some(start + 1)
    } else {
        None
    }
}

/// `m[HSPACE]*m[HSPACE]*m` matched at `start` (text[start] is `m`): its end.
fn three_of(text: &[char], start: usize, m: char) -> Option<usize> {
    let mut j = start + 1;
    for _ in 0..2 {
        while j < text.len() && is_hspace(text[j]) {
            j += 1;
        }
        if j < text.len() && text[j] == m {
            j += 1;
        } else {
            return None;
        }
    }
    Some(j)
}

/// `_starts(text, _ELLIPSIS_CANDIDATES)`: sorted starts of the non-overlapping matches of
/// `\u2026(?<!\u2026\u2026)(?:\u2026\u2026)*(?!\u2026)` (the start of a run of an odd number
/// of \u2026), `\.\.\.`, and `m[HSPACE]*m[HSPACE]*m` for m in \u3002 \uff0e \u00b7.
fn ellipsis_candidates(text: &[char]) -> Vec<usize> {
    let n = text.len();
    let mut found = Vec::new();
    let mut i = 0;
    while i < n {
        if text[i] == '\u{2026}' {
            let start = i;
            while i < n && text[i] == '\u{2026}' {
                i += 1;
            }
            if (i - start) % 2 == 1 {
                found.push(start);
            }
        } else {
            i += 1;
        }
    }
    i = 0;
    while i + 3 <= n {
        if text[i] == '.' && text[i + 1] == '.' && text[i + 2] == '.' {
            found.push(i);
            i += 3;
        } else {
            i += 1;
        }
    }
    for m in ['\u{3002}', '\u{ff0e}', '\u{b7}'] {
        i = 0;
        while i < n {
            if text[i] == m {
                if let Some(end) = three_of(text, i, m) {
                    found.push(i);
                    i = end;
                    continue;
                }
            }
            i += 1;
        }
    }
    found.sort_unstable();
    found
}

/// `_spaced_ellipsis`: `m[HSPACE]+[E]` for m in \u3002 \uff0e \u00b7 is found.
fn spaced_ellipsis(text: &[char]) -> bool {
    (0..text.len()).any(|i| {
        if !matches!(text[i], '\u{3002}' | '\u{ff0e}' | '\u{b7}') {
            return false;
        }
        let mut j = i + 1;
        while j < text.len() && is_hspace(text[j]) {
            j += 1;
        }
        j > i + 1 && j < text.len() && is_ellipsis_char(text[j])
    })
}

/// `quick` of `ellipsis`.
fn ellipsis_quick(text: &[char]) -> bool {
    text.contains(&'\u{2026}')
        || contains(text, &['.', '.', '.'])
        || contains(text, &['\u{3002}'; 3])
        || contains(text, &['\u{ff0e}'; 3])
        || contains(text, &['\u{b7}'; 3])
        || spaced_ellipsis(text)
}

/// `ellipsis`: a run of 3-6 dots or full stops, or one or three \u2026, near Chinese, becomes
/// \u2026\u2026.
pub fn ellipsis(text: &[char], context: &Context) -> Vec<Edit> {
    let candidates = ellipsis_candidates(text);
    let mut edits = Vec::new();
    let mut letters: Option<Letters> = None;
    let mut english = English::new(text, context);
    for (start, end) in runs_joined_by_spacing(text, &candidates, is_ellipsis_char, ellipsis_at) {
        let run = run_marks(text, start, end);
        let Some(&first) = run.first() else {
            continue;
        };
        if run.iter().any(|&c| c != first) {
            continue;
        }
        if first == '\u{2026}' {
            if run.len() != 1 && run.len() != 3 {
                continue; // \u2026\u2026 is right, twelve dots are a long omission
            }
        } else if !(3..=6).contains(&run.len()) {
            continue; // 6+ dots are table-of-contents leaders
        }
        if (start > 0 && is_ellipsis_char(text[start - 1])) || (end < text.len() && is_ellipsis_char(text[end])) {
            continue;
        }
        let letters = letters.get_or_insert_with(|| Letters::new(text));
        if near_chinese(letters, start, end) && !english.contains(start) {
            edits.push(Edit::new("", start, end, "\u{2026}\u{2026}"));
        }
    }
    edits
}

// ---------------------------------------------------------------------------------------------
// dash

/// `_DASH_CHARS`.
fn is_dash_char(c: char) -> bool {
    matches!(c, '-' | '\u{2014}' | '\u{2015}' | '\u{2013}' | '\u{ff0d}')
}

/// `_DASH.match(text, start)`: `[D](?:[HSPACE]*[D])*`.
fn dash_at(text: &[char], start: usize) -> Option<usize> {
    if !text.get(start).is_some_and(|&c| is_dash_char(c)) {
        return None;
    }
    Some(repeated_marks(text, start + 1, is_dash_char).0)
}

/// `_starts(text, _DASH_CANDIDATES)`: sorted starts of the non-overlapping matches of `--`,
/// `\u2014(?<!\u2014\u2014)(?!\u2014)` (a \u2014 on its own), and every \u2015, \u2013, \uff0d.
fn dash_candidates(text: &[char]) -> Vec<usize> {
    let n = text.len();
    let mut found = Vec::new();
    let mut i = 0;
    while i + 1 < n {
        if text[i] == '-' && text[i + 1] == '-' {
            found.push(i);
            i += 2;
        } else {
            i += 1;
        }
    }
    for (i, &c) in text.iter().enumerate() {
        let alone = c == '\u{2014}'
            && !(i > 0 && text[i - 1] == '\u{2014}')
            && !(i + 1 < n && text[i + 1] == '\u{2014}');
        if alone || matches!(c, '\u{2015}' | '\u{2013}' | '\u{ff0d}') {
            found.push(i);
        }
    }
    found.sort_unstable();
    found
}

/// `_is_dash_to_fix`.
fn is_dash_to_fix(run: &[char], text: &[char], start: usize, end: usize) -> bool {
    if run == ['\u{2014}', '\u{2014}'] || run == ['-'] {
        return false;
    }
    let hyphens = run.iter().filter(|&&c| c == '-').count();
    if hyphens > 0 && hyphens != run.len() {
        return false;
    }
    if (start > 0 && is_dash_char(text[start - 1])) || (end < text.len() && is_dash_char(text[end])) {
        return false;
    }
    if run[0] == '-' {
        return run.len() <= 4;
    }
    if run.len() == 1 {
        return matches!(run[0], '\u{2014}' | '\u{2015}');
    }
    run.len() == 2
}

/// `_SPACED_DASH.search(text)`: `\uff0d[HSPACE]+[D]|[-\u2013][HSPACE]+\uff0d`.
fn spaced_dash(text: &[char]) -> bool {
    (0..text.len()).any(|i| {
        let c = text[i];
        if !matches!(c, '\u{ff0d}' | '-' | '\u{2013}') {
            return false;
        }
        let mut j = i + 1;
        while j < text.len() && is_hspace(text[j]) {
            j += 1;
        }
        if j == i + 1 || j >= text.len() {
            return false;
        }
        (c == '\u{ff0d}' && is_dash_char(text[j])) || (c != '\u{ff0d}' && text[j] == '\u{ff0d}')
    })
}

/// `quick` of `dash`.
fn dash_quick(text: &[char]) -> bool {
    text.contains(&'\u{2014}')
        || contains(text, &['-', '-'])
        || text.contains(&'\u{2015}')
        || contains(text, &['\u{2013}', '\u{2013}'])
        || contains(text, &['\u{ff0d}', '\u{ff0d}'])
        || (text.contains(&'\u{ff0d}') && spaced_dash(text))
}

/// `dash`: a dash that is not \u2014\u2014 next to Chinese becomes \u2014\u2014.
pub fn dash(text: &[char], context: &Context) -> Vec<Edit> {
    let candidates = dash_candidates(text);
    let mut edits = Vec::new();
    let mut english = English::new(text, context);
    for (start, end) in runs_joined_by_spacing(text, &candidates, is_dash_char, dash_at) {
        if !is_dash_to_fix(&run_marks(text, start, end), text, start, end) {
            continue;
        }
        let before = previous_char(text, start);
        let after = next_char(text, end);
        if before.is_some_and(is_py_isdigit) && after.is_some_and(is_py_isdigit) {
            continue;
        }
        if (before.is_some_and(is_cjk_letter) || after.is_some_and(is_cjk_letter)) && !english.contains(start) {
            edits.push(Edit::new("", start, end, "\u{2014}\u{2014}"));
        }
    }
    edits
}

// ---------------------------------------------------------------------------------------------
// corner-quotes

/// `_CORNER`: the corner bracket a curly quote becomes.
fn corner(c: char) -> Option<char> {
    match c {
        '\u{201c}' => Some('\u{300c}'),
        '\u{201d}' => Some('\u{300d}'),
        '\u{2018}' => Some('\u{300e}'),
        '\u{2019}' => Some('\u{300f}'),
        _ => None,
    }
}

/// `_CURLY_CLOSER`: for an opener (curly or corner), the curly closer that closes it;
/// `_AS_CURLY` maps a closer to that form as well. Double (true) or single (false).
fn quote_kind(c: char) -> Option<(bool, bool)> {
    // (is an opener, is double)
    match c {
        '\u{201c}' | '\u{300c}' => Some((true, true)),
        '\u{2018}' | '\u{300e}' => Some((true, false)),
        '\u{201d}' | '\u{300d}' => Some((false, true)),
        '\u{2019}' | '\u{300f}' => Some((false, false)),
        _ => None,
    }
}

/// `corner-quotes`: curly quotes around Chinese become corner brackets, pairs found with a stack
/// per paragraph. The reference looks down its stack for the nearest opener of the closer's
/// kind; a stack of the positions of each kind finds the same one in constant time.
pub fn corner_quotes(text: &[char], _context: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut stack: Vec<usize> = Vec::new(); // opener positions
    let mut of_kind: [Vec<usize>; 2] = [Vec::new(), Vec::new()]; // depths in `stack`: single, double
    let mut previous = 0;
    for (index, &char) in text.iter().enumerate() {
        let Some((opener, double)) = quote_kind(char) else {
            continue;
        };
        // A blank line since the previous quote ends the paragraph.
        if !stack.is_empty() && (previous..index.saturating_sub(1)).any(|i| text[i] == '\n' && text[i + 1] == '\n') {
            stack.clear();
            of_kind[0].clear();
            of_kind[1].clear();
        }
        previous = index;
        if opener {
            of_kind[usize::from(double)].push(stack.len());
            stack.push(index);
            continue;
        }
        let Some(&depth) = of_kind[usize::from(double)].last() else {
            continue;
        };
        let opening = stack[depth];
        stack.truncate(depth);
        for kind in &mut of_kind {
            while kind.last().is_some_and(|&d| d >= depth) {
                kind.pop();
            }
        }
        if has_cjk_letter(text, opening + 1, index) {
            if let Some(c) = corner(text[opening]) {
                edits.push(Edit::new("", opening, opening + 1, c.to_string()));
            }
            if let Some(c) = corner(char) {
                edits.push(Edit::new("", index, index + 1, c.to_string()));
            }
        }
    }
    edits.sort_by_key(|edit| edit.start);
    edits
}

// ---------------------------------------------------------------------------------------------
// quotes

fn is_double_opener(c: char) -> bool {
    matches!(c, '\u{201c}' | '\u{300c}')
}

fn is_double_closer(c: char) -> bool {
    matches!(c, '\u{201d}' | '\u{300d}')
}

/// `_curly_pairs`: for each of `marks`, whether it is a curly (or corner) double quote that
/// pairs with another, straight quotes left out.
fn curly_pairs(text: &[char], marks: &[usize]) -> Vec<bool> {
    let mut matched = vec![false; marks.len()];
    let mut stack: Vec<usize> = Vec::new();
    for (k, &position) in marks.iter().enumerate() {
        let c = text[position];
        if is_double_opener(c) {
            stack.push(k);
        } else if is_double_closer(c) {
            if let Some(open) = stack.pop() {
                matched[open] = true;
                matched[k] = true;
            }
        }
    }
    matched
}

/// `_CODE_BEFORE_QUOTE`, `_CODE_AFTER_QUOTE`.
fn is_code_before_quote(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, '(' | '[' | '=' | '{' | ',')
}

fn is_code_after_quote(c: char) -> bool {
    c.is_ascii_alphanumeric() || matches!(c, ')' | ']' | '}' | ',' | ':')
}

/// `_glued_to_code`: a straight pair that reads as code or data (alert("x"), key="value").
fn glued_to_code(text: &[char], opening: usize, closing: usize) -> bool {
    (opening > 0 && is_code_before_quote(text[opening - 1])) || text.get(closing + 1).is_some_and(|&c| is_code_after_quote(c))
}

/// `_double_quotes`: straight double quotes paired within the nesting of the curly ones.
///
/// The reference makes a `Sentences` per paragraph; one for the whole text gives the same
/// answers (no sentence crosses a line break, so the first query of a paragraph never goes on
/// from a sentence of an earlier one) without masking the text once per paragraph.
fn double_quotes(text: &[char], context: &Context) -> Vec<Edit> {
    if !text.contains(&'"') {
        return Vec::new();
    }
    let mut edits = Vec::new();
    let mut letters: Option<Letters> = None;
    let mut sentences: Option<Sentences> = None;
    for (p_start, p_end) in paragraphs_with(text, '"') {
        let marks: Vec<usize> = (p_start..p_end)
            .filter(|&i| matches!(text[i], '"' | '\u{201c}' | '\u{201d}' | '\u{300c}' | '\u{300d}'))
            .collect();
        let matched = curly_pairs(text, &marks);
        let mut pairs: Vec<(usize, usize)> = Vec::new();
        let mut stack: Vec<usize> = Vec::new(); // indices into marks
        let mut unpaired_straight = false;
        for (k, &position) in marks.iter().enumerate() {
            let c = text[position];
            if is_double_opener(c) {
                stack.push(k);
            } else if is_double_closer(c) {
                if matched[k] {
                    // Straight quotes opened inside this curly pair and never closed.
                    while stack.last().is_some_and(|&top| text[marks[top]] == '"') {
                        stack.pop();
                        unpaired_straight = true;
                    }
                    stack.pop();
                } else if let Some(&top) = stack.last() {
                    if text[marks[top]] == '"' {
                        stack.pop();
                        pairs.push((marks[top], position));
                    }
                }
            } else {
                match stack.last() {
                    Some(&top) if text[marks[top]] == '"' || !matched[top] => {
                        stack.pop();
                        pairs.push((marks[top], position));
                    }
                    _ => stack.push(k),
                }
            }
        }
        if unpaired_straight || stack.iter().any(|&k| text[marks[k]] == '"') {
            continue;
        }
        let letters = letters.get_or_insert_with(|| Letters::new(text));
        let sentences = sentences.get_or_insert_with(|| Sentences::with_protected(text, &context.analysis.protected_spans(text)));
        let mut chinese_pairs: Vec<(usize, usize, bool)> = Vec::new();
        let mut any_chinese = false;
        for (opening, closing) in pairs {
            if sentences.language(opening) != Some(Language::Zh) {
                continue;
            }
            let mut chinese =
                text[opening] != '"' || text[closing] != '"' || has_cjk_letter(text, opening + 1, closing);
            if !chinese {
                let before = letters.before(opening);
                let after = letters.after(closing + 1);
                chinese = before.is_some_and(is_cjk_letter) || after.is_some_and(is_cjk_letter);
            }
            any_chinese = any_chinese || chinese;
            chinese_pairs.push((opening, closing, chinese));
        }
        for (opening, closing, chinese) in chinese_pairs {
            if chinese || (any_chinese && !glued_to_code(text, opening, closing)) {
                if text[opening] == '"' {
                    edits.push(Edit::new("", opening, opening + 1, "\u{201c}"));
                }
                if text[closing] == '"' {
                    edits.push(Edit::new("", closing, closing + 1, "\u{201d}"));
                }
            }
        }
    }
    edits.sort_by_key(|edit| edit.start);
    edits
}

/// `_SINGLE_QUOTED_LETTERS`.
const SINGLE_QUOTED_LETTERS: usize = 60;

/// Whether a straight single quote may not touch `c` (`[A-Za-z0-9']`).
fn glues_single_quote(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '\''
}

/// `_single_quotes`: the matches of
/// `(?<![A-Za-z0-9'])'([^'\n\u2018\u2019\u300e\u300f]+)'(?![A-Za-z0-9'])` that hold a CJK
/// letter and at most 60 letters and digits.
fn single_quotes(text: &[char]) -> Vec<Edit> {
    let mut edits = Vec::new();
    let n = text.len();
    let mut i = 0;
    while i < n {
        if text[i] != '\'' || (i > 0 && glues_single_quote(text[i - 1])) {
            i += 1;
            continue;
        }
        // The group cannot hold a quote, so only its longest form can be followed by one.
        let mut j = i + 1;
        while j < n && !matches!(text[j], '\'' | '\n' | '\u{2018}' | '\u{2019}' | '\u{300e}' | '\u{300f}') {
            j += 1;
        }
        let matches = j > i + 1 && j < n && text[j] == '\'' && !text.get(j + 1).is_some_and(|&c| glues_single_quote(c));
        if !matches {
            i += 1;
            continue;
        }
        let (start, end) = (i + 1, j);
        if has_cjk_letter(text, start, end)
            && text[start..end].iter().filter(|&&c| is_py_alnum(c)).count() <= SINGLE_QUOTED_LETTERS
        {
            edits.push(Edit::new("", i, i + 1, "\u{2018}"));
            edits.push(Edit::new("", j, j + 1, "\u{2019}"));
        }
        i = j + 1;
    }
    edits
}

/// `quotes`: straight quotes in Chinese text become curly ones.
pub fn quotes(text: &[char], context: &Context) -> Vec<Edit> {
    let mut edits = double_quotes(text, context);
    if text.contains(&'\'') {
        edits.extend(single_quotes(text));
    }
    super::punctuation::outside_english(text, context, crate::edits::sorted_disjoint(edits))
}

/// `Rule.quick` of the reference.
type Quick = fn(&[char]) -> bool;

/// The rules of this module the core implements.
pub fn lookup(id: &str) -> Option<Rule> {
    let (id, function, quick): (&'static str, super::RuleFn, Option<Quick>) = match id {
        "quotes" => ("quotes", quotes, None),
        "corner-quotes" => ("corner-quotes", corner_quotes, None),
        "ellipsis" => ("ellipsis", ellipsis, Some(ellipsis_quick)),
        "dash" => ("dash", dash, Some(dash_quick)),
        _ => return None,
    };
    Some(Rule { id, implementation: Implementation::Single(function), quick })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Spacing;

    fn run(function: super::super::RuleFn, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        crate::text::applied(&chars, function(&chars, &Context::new(Spacing::Compact, vec![], None)))
    }

    #[test]
    fn examples() {
        assert_eq!(run(ellipsis, "\u{7b49}\u{7b49}..."), "\u{7b49}\u{7b49}\u{2026}\u{2026}");
        assert_eq!(run(ellipsis, "\u{7136}\u{540e}\u{3002}\u{3002}\u{3002}\u{6211}"), "\u{7136}\u{540e}\u{2026}\u{2026}\u{6211}");
        assert_eq!(run(ellipsis, "\u{7b49}......."), "\u{7b49}.......");
        assert_eq!(run(dash, "\u{4ed6}\u{8bf4}--\u{8fd9}"), "\u{4ed6}\u{8bf4}\u{2014}\u{2014}\u{8fd9}");
        assert_eq!(run(dash, "1--2"), "1--2");
        assert_eq!(run(corner_quotes, "\u{201c}\u{2018}\u{4e2d}\u{2019}\u{201d}"), "\u{300c}\u{300e}\u{4e2d}\u{300f}\u{300d}");
        assert_eq!(run(quotes, "\u{6240}\u{8c13}\"\u{6570}\"\u{662f}"), "\u{6240}\u{8c13}\u{201c}\u{6570}\u{201d}\u{662f}");
        assert_eq!(run(quotes, "\u{8bf4}'\u{4e2d}'\u{597d}"), "\u{8bf4}\u{2018}\u{4e2d}\u{2019}\u{597d}");
        assert_eq!(run(quotes, "don't '\u{4e2d}'s"), "don't '\u{4e2d}'s");
    }

    #[test]
    fn letters_before_answers_as_a_scan_back() {
        let text: Vec<char> = "\u{4e2d}... ... a_, (1)\n\n. . \u{6587}\u{2026}x  \n".chars().collect();
        let brute = |index: usize| -> Option<char> {
            (0..index.min(text.len())).rev().map(|i| text[i]).find(|&c| Letters::stop(c)).filter(|&c| c != '\n')
        };
        // Queries moving right, left, repeated and jumping, as the rules make them.
        let mut state = 7usize;
        let mut letters = Letters::new(&text);
        for step in 0..400 {
            state = state.wrapping_mul(1103515245).wrapping_add(12345) % 2147483648;
            let index = if step % 3 == 0 { step % (text.len() + 1) } else { state % (text.len() + 1) };
            assert_eq!(letters.before(index), brute(index), "{index}");
        }
    }

    #[test]
    fn candidates() {
        let text: Vec<char> = "\u{2026}\u{2026} \u{2026} ......".chars().collect();
        assert_eq!(ellipsis_candidates(&text), vec![3, 5, 8]);
        let text: Vec<char> = "-----\u{2014}\u{2014} \u{2014}".chars().collect();
        assert_eq!(dash_candidates(&text), vec![0, 2, 8]);
    }

    #[test]
    fn runs_are_cut_at_spaces_that_stay() {
        let text: Vec<char> = ". . \u{3002} \u{3002}x".chars().collect();
        let runs = runs_joined_by_spacing(&text, &[4], is_ellipsis_char, ellipsis_at);
        assert_eq!(runs, vec![(0, 1), (2, 7)]);
    }
}
