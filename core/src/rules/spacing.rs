//! `src/wenben/rules/spacing.py` of the reference: spaces inside a line (W3C clreq; GB/T
//! 15834-2011). The joint pass `_space_runs` (`space-between-chinese`, `space-chinese-latin`,
//! `space-collapse`) and `missing-space-chinese-latin`.
//!
//! The reference finds the runs with regexes (`_ASCII_RUN`, `_run_pattern`); here one scan finds
//! every run of horizontal space inside a line (after a character that is no line break, before
//! one that is no line break) and gives it the kind the regex's named group would.

use super::{Implementation, Rule};
use crate::chars::{
    is_cjk_letter, is_cjk_punct, is_hspace, is_py_alpha, is_py_numeric, is_py_space, is_western_letter,
};
use crate::language::{Language, Sentences};
use crate::compact::{offset, Edits};
use crate::text::{Context, Edit, Spacing};

const BETWEEN: &str = "space-between-chinese";
const LATIN: &str = "space-chinese-latin";
const COLLAPSE: &str = "space-collapse";
const MISSING: &str = "missing-space-chinese-latin";

/// The rules of this module the core implements (the reference declares none of them `quick`).
pub fn lookup(id: &str) -> Option<Rule> {
    let joint = |id: &'static str| Rule { id, implementation: Implementation::CompactJoint(space_runs), quick: None };
    match id {
        BETWEEN => Some(joint(BETWEEN)),
        LATIN => Some(joint(LATIN)),
        COLLAPSE => Some(joint(COLLAPSE)),
        MISSING => Some(Rule {
            id: MISSING,
            implementation: Implementation::Single(missing_space_chinese_latin),
            quick: None,
        }),
        _ => None,
    }
}

// --- the space runs ----------------------------------------------------------------------------

/// `_VALUE_LIMIT`: a field's value has at most this many characters, spaces not counted.
const VALUE_LIMIT: usize = 40;
/// `_FIELD_LIMIT`: with a label of up to six characters and its colon.
const FIELD_LIMIT: usize = VALUE_LIMIT + 7;

/// Which group of `_ASCII_RUN` took part (`NotAscii`: a run `_RUN_FROM_OTHER` finds).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    /// A run between two CJK Unified Ideographs.
    Ideographs,
    /// One space between an ideograph and an ASCII letter or digit (not after D, P, p).
    IdeographLatin,
    /// One space between ASCII letters or digits.
    Latin,
    /// Any other run starting with an ASCII space.
    Other,
    /// A run starting with another space.
    NotAscii,
}

/// A run of space: 12 bytes (the engine refuses texts of more than `u32::MAX` characters),
/// as an edit-dense line has a run every other character.
#[derive(Clone, Copy, Debug)]
struct Run {
    begin: u32,
    finish: u32,
    kind: Kind,
}

impl Run {
    fn new(start: usize, end: usize, kind: Kind) -> Run {
        Run { begin: offset(start), finish: offset(end), kind }
    }

    fn start(&self) -> usize {
        self.begin as usize
    }

    fn end(&self) -> usize {
        self.finish as usize
    }
}

/// `_IDEOGRAPH`: CJK Unified Ideographs (U+4E00-U+9FFF).
fn is_ideograph(c: char) -> bool {
    ('\u{4e00}'..='\u{9fff}').contains(&c)
}

/// Every run of horizontal space inside a line, in order: maximal, after a character that is
/// not a line break, before one that is not (what `_ASCII_RUN` and `_RUN_FROM_OTHER` find).
/// Found as they are read, not gathered: an edit-dense line has a run every other character.
struct Runs<'t> {
    text: &'t [char],
    index: usize,
}

impl<'t> Runs<'t> {
    fn new(text: &'t [char]) -> Self {
        Runs { text, index: 0 }
    }
}

impl Iterator for Runs<'_> {
    type Item = Run;

    fn next(&mut self) -> Option<Run> {
        let text = self.text;
        while self.index < text.len() {
            if !is_hspace(text[self.index]) {
                self.index += 1;
                continue;
            }
            let start = self.index;
            while self.index < text.len() && is_hspace(text[self.index]) {
                self.index += 1;
            }
            let end = self.index;
            if start == 0 || text[start - 1] == '\n' || end == text.len() || text[end] == '\n' {
                continue;
            }
            return Some(Run::new(start, end, kind(text, start, end)));
        }
        None
    }
}

/// The run `[start, end)` if [`Runs`] finds it (`start` is where the space before `end` begins).
fn run_at(text: &[char], start: usize, end: usize) -> Option<Run> {
    let inside = start > 0 && text[start - 1] != '\n' && end < text.len() && text[end] != '\n' && !is_hspace(text[end]);
    inside.then(|| Run::new(start, end, kind(text, start, end)))
}

/// Where the horizontal space that ends at `end` begins.
fn space_start(text: &[char], end: usize) -> usize {
    let mut start = end;
    while start > 0 && is_hspace(text[start - 1]) {
        start -= 1;
    }
    start
}

/// The last run that ends at or before `before`, if it ends at or after `low` (looked for
/// only that far back).
fn run_before(text: &[char], before: usize, low: usize) -> Option<Run> {
    let mut end = before;
    while end >= low && end > 0 {
        if is_hspace(text[end - 1]) {
            let start = space_start(text, end);
            if let Some(run) = run_at(text, start, end) {
                return Some(run);
            }
            end = start; // no run ends inside this space, nor at its end
        } else {
            end -= 1;
        }
    }
    None
}

fn kind(text: &[char], start: usize, end: usize) -> Kind {
    if text[start] != ' ' {
        return Kind::NotAscii;
    }
    let (before, after) = (text[start - 1], text[end]);
    if is_ideograph(before) && is_ideograph(after) {
        return Kind::Ideographs;
    }
    if end - start == 1 {
        let ideograph_then_latin = is_ideograph(before) && after.is_ascii_alphanumeric();
        let latin_then_ideograph =
            before.is_ascii_alphanumeric() && !matches!(before, 'D' | 'P' | 'p') && is_ideograph(after);
        if ideograph_then_latin || latin_then_ideograph {
            return Kind::IdeographLatin;
        }
        if before.is_ascii_alphanumeric() && after.is_ascii_alphanumeric() {
            return Kind::Latin;
        }
    }
    Kind::Other
}

fn is_emoticon_mouth(c: char) -> bool {
    matches!(c, '(' | ')' | 'D' | 'P' | 'p')
}

/// `_next_to_emoticon`: whether the space at `[start, end)` borders a protected emoticon
/// (removing it would unprotect the emoticon).
fn next_to_emoticon(text: &[char], start: usize, end: usize, context: &Context) -> bool {
    if context.protected.is_empty() {
        return false;
    }
    // `_EMOTICON_END` searched in text[max(0, start - 3):start]: `[:;]-?[()DPp]` ending at start.
    let ends_emoticon = || {
        (start >= 2 && matches!(text[start - 2], ':' | ';'))
            || (start >= 3 && matches!(text[start - 3], ':' | ';') && text[start - 2] == '-')
    };
    let before = is_emoticon_mouth(text[start - 1]) && context.protected_at(start - 1) && ends_emoticon();
    if before {
        return true;
    }
    // `_EMOTICON.match(text, end)`.
    let starts_emoticon = || match text.get(end + 1) {
        Some(&c) if is_emoticon_mouth(c) => true,
        Some('-') => text.get(end + 2).is_some_and(|&c| is_emoticon_mouth(c)),
        _ => false,
    };
    matches!(text[end], ':' | ';') && context.protected_at(end) && starts_emoticon()
}

/// `_NUMBER_MARKS`: the full-width marks number-punctuation makes part of a number when they
/// stand tight between two digits.
fn is_number_mark(c: char) -> bool {
    matches!(c, '\u{ff0e}' | '\u{ff1a}' | '\u{ff0d}' | '\u{ff0f}' | '\u{3002}')
}

/// `_between_numbers`: whether the space run `[start, end)` lies between a digit and a mark
/// that could join it to a digit on the mark's other side (1 。 12, 10 ：30, 3． 5): removing it
/// would make the mark tight between two numbers, and the next pass would join them (issue 12).
fn between_numbers(text: &[char], start: usize, end: usize) -> bool {
    let (before, after) = (text[start - 1], text[end]);
    if before.is_ascii_digit() && is_number_mark(after) {
        let mut index = end + 1;
        while index < text.len() && is_hspace(text[index]) {
            index += 1;
        }
        return text.get(index).is_some_and(|c| c.is_ascii_digit());
    }
    if is_number_mark(before) && after.is_ascii_digit() && start >= 2 {
        let mut index = start - 2;
        loop {
            if !is_hspace(text[index]) {
                return text[index].is_ascii_digit();
            }
            if index == 0 {
                return false;
            }
            index -= 1;
        }
    }
    false
}

/// `_between_chinese_removes`: a space between Chinese characters or next to Chinese
/// punctuation goes (unless it separates fields).
fn between_chinese_removes(before: char, after: char) -> bool {
    is_cjk_punct(before) || is_cjk_punct(after) || (is_cjk_letter(before) && is_cjk_letter(after))
}

/// `_ENGLISH_TRAILING_MARK`: ASCII marks after which English puts a space.
fn is_english_trailing_mark(c: char) -> bool {
    matches!(c, ',' | '.' | ';' | ':' | '!' | '?' | ')' | ']' | '}' | '"' | '\'' | '%')
}

/// `_GLUED_SYMBOLS`: symbols written against the word they belong to.
fn is_glued_symbol(c: char) -> bool {
    matches!(
        c,
        '%' | '\u{2030}'
            | '\u{b0}'
            | '$'
            | '\u{a5}'
            | '\u{20ac}'
            | '\u{a3}'
            | '#'
            | '@'
            | '&'
            | '\u{a9}'
            | '\u{ae}'
            | '\u{2122}'
            | '"'
            | '\''
    )
}

/// `_chinese_latin_replacement`: what a space between Chinese and Latin letters, digits or
/// glued symbols becomes ("" or " "), or None to leave it.
fn chinese_latin_replacement(before: char, after: char, spaced: bool) -> Option<&'static str> {
    let chinese_before = is_cjk_letter(before);
    let chinese_after = is_cjk_letter(after);
    if chinese_before == chinese_after {
        return None;
    }
    let other = if chinese_before { after } else { before };
    if is_cjk_punct(other) {
        return None;
    }
    if chinese_after && is_english_trailing_mark(other) {
        return None;
    }
    // str.isalnum(): isalpha() or isnumeric() (isdecimal and isdigit are inside isnumeric).
    if !(is_py_alpha(other) || is_py_numeric(other) || is_glued_symbol(other)) {
        return None;
    }
    if spaced && (is_western_letter(other) || other.is_ascii_digit()) {
        return Some(" ");
    }
    Some("")
}

fn is_label_colon(c: char) -> bool {
    c == ':' || c == '\u{ff1a}'
}

/// `_runs_before_labels`: the runs (in order) a `label：` follows, found from the colons of
/// labels right after a space (`_LABEL_COLONS`).
fn runs_before_labels(text: &[char]) -> Vec<Run> {
    let mut found = Vec::new();
    for colon in 0..text.len() {
        if !is_label_colon(text[colon]) {
            continue;
        }
        // `(?<=[HSPACE][CJK_LETTER]{n}colon)` for some n in 1..=6: only n = the number of
        // letters right before the colon can have a space before its first letter.
        let mut letters = 0;
        while letters < 7 && colon > letters && is_cjk_letter(text[colon - 1 - letters]) {
            letters += 1;
        }
        if letters == 0 || letters > 6 || colon < letters + 1 || !is_hspace(text[colon - letters - 1]) {
            continue;
        }
        // The last run ending before the colon, if `_LABEL.fullmatch(text, run.end, colon + 1)`:
        // only a run ending where the letters start can be (no run ends among letters, and
        // an earlier one has space between it and the colon).
        let end = colon - letters;
        if let Some(run) = run_at(text, space_start(text, end), end) {
            found.push(run);
        }
    }
    found
}

/// `_LABEL.match(text, start, end)`: the end of `[CJK_LETTER]{1,6}[:：]` at `start`.
fn label_end(text: &[char], start: usize, end: usize) -> Option<usize> {
    let mut letters = 0;
    while letters < 6 && start + letters < end && is_cjk_letter(text[start + letters]) {
        letters += 1;
    }
    let colon = start + letters;
    (letters > 0 && colon < end && is_label_colon(text[colon])).then_some(colon + 1)
}

/// `_VALUE_BREAK`: sentence punctuation, which no field value has.
fn is_value_break(c: char) -> bool {
    matches!(c, '\u{ff0c}' | '\u{3002}' | '\u{ff1b}' | '\u{ff01}' | '\u{ff1f}')
}

/// `_field_ends_at`: whether `label：value` ends at `end`, starting at one of `starts` (sorted).
fn field_ends_at(text: &[char], starts: &[usize], end: usize) -> bool {
    starts.iter().rev().any(|&field_start| {
        let Some(value_start) = label_end(text, field_start, end) else {
            return false;
        };
        let value = &text[value_start..end];
        let length = value.iter().filter(|&&c| !is_py_space(c)).count();
        length > 0 && !value.iter().any(|&c| is_value_break(c)) && length <= VALUE_LIMIT
    })
}

/// `run_stays` of `_field_separators`: whether `run` stays (a separator, next to a protected
/// emoticon, protected, or a space neither rule removes). `separators`: the starts of the
/// separators found so far, sorted. (The reference remembers the answers; asked again, the
/// answer is the same: a run asked about is before every run that becomes a separator later.)
fn run_stays(text: &[char], run: Run, separators: &[u32], context: &Context) -> bool {
    let spaced = context.spacing == Spacing::Spaced;
    let (start, end) = (run.start(), run.end());
    let (before, after) = (text[start - 1], text[end]);
    separators.binary_search(&run.begin).is_ok()
        || next_to_emoticon(text, start, end, context)
        || context.is_protected(start, end)
        || !(between_chinese_removes(before, after) || chinese_latin_replacement(before, after, spaced) == Some(""))
}

/// `_field_separators`: the starts (sorted) of the runs that separate `label：value` fields
/// (`时间：2020-07-15 点击：35`). Runs are decided in order, so whether a field starts after a
/// space is known from the earlier decision. Only the runs before labels are looked at, and
/// from each only as far back as a field can be long: no list of every run.
fn field_separators(text: &[char], context: &Context) -> Vec<u32> {
    let spaced = context.spacing == Spacing::Spaced;
    let mut separators: Vec<u32> = Vec::new();
    for run in runs_before_labels(text) {
        let start = run.start();
        // Where the field before this run may start: after a run that stays, or at the line
        // start; no further back than a field can be long (counted without spaces).
        let mut field_starts: Vec<usize> = Vec::new();
        let mut reach = start;
        let mut length = 0usize;
        loop {
            // text.rfind("\n", previous_end, reach), looked for only as far back as a newline
            // could still leave the field short enough (further, the answer is the same: stop).
            let budget = FIELD_LIMIT - length;
            let window = reach.saturating_sub(budget + 1);
            let previous = run_before(text, reach, window);
            let previous_end = previous.map_or(0, |run| run.end());
            let low = previous_end.max(window);
            let newline = (low..reach).rev().find(|&j| text[j] == '\n');
            match (newline, previous) {
                (Some(found), _) => {
                    length += reach - (found + 1);
                    if length <= FIELD_LIMIT {
                        field_starts.push(found + 1);
                        reach = found + 1;
                    }
                    break;
                }
                // The run before (if any) ends before the window: too far back.
                (None, None) if window > 0 => break,
                (None, None) => {
                    length += reach;
                    if length <= FIELD_LIMIT {
                        field_starts.push(0);
                        reach = 0;
                    }
                    break;
                }
                (None, Some(earlier)) => {
                    length += reach - previous_end;
                    if length > FIELD_LIMIT {
                        break;
                    }
                    reach = earlier.start();
                    if run_stays(text, earlier, &separators, context) {
                        field_starts.push(previous_end);
                    }
                }
            }
        }
        if spaced {
            // `_LATIN_THEN_CHINESE.finditer(text, reach, start)`: a space will be inserted
            // between a Latin letter or digit and Chinese.
            for position in reach..start.saturating_sub(1) {
                if text[position].is_ascii_alphanumeric() && is_cjk_letter(text[position + 1]) {
                    field_starts.push(position + 1);
                }
            }
        }
        field_starts.sort_unstable();
        if field_ends_at(text, &field_starts, start) {
            separators.push(run.begin);
        }
    }
    separators
}

/// The edits of the joint pass as they are decided, in order, each dropped if it is a
/// space the English sentence it is in keeps (see the reference's `_space_runs`: an English
/// sentence that mentions Chinese keeps its spaces, but not its ideographic spaces).
struct Emitted<'c> {
    edits: Edits,
    english: Option<std::borrow::Cow<'c, [(usize, usize)]>>,
    /// Index of the first English span starting after the last edit's start.
    span: usize,
}

impl<'c> Emitted<'c> {
    fn push(&mut self, text: &[char], context: &'c Context, rule: &'static str, start: usize, end: usize, replacement: &str) {
        let english = self.english.get_or_insert_with(|| context.analysis.english_spans(text));
        // `language.outside([start], english)`: not inside an English sentence.
        while self.span < english.len() && english[self.span].0 <= start {
            self.span += 1;
        }
        let outside = self.span == 0 || english[self.span - 1].1 <= start;
        if outside || rule == COLLAPSE {
            self.edits.push(rule, start, end, replacement);
        }
    }
}

/// `_space_runs`: each run of spaces inside a line goes to the first rule that claims it:
/// `space-between-chinese`, `space-chinese-latin`, then `space-collapse` (one ASCII space).
/// A field separator and a space next to a protected emoticon are never removed. The runs
/// are read and decided in one pass, in order (the reference decides the ones it cannot tell
/// at once afterwards, in order too, and sorts the edits by start: the same edits).
fn space_runs(text: &[char], context: &Context, enabled: &[&str]) -> Edits {
    let between = enabled.contains(&BETWEEN);
    let latin = enabled.contains(&LATIN);
    let collapse = enabled.contains(&COLLAPSE);
    let removes_latin = latin && context.spacing != Spacing::Spaced;
    let spaced = context.spacing == Spacing::Spaced;
    let protected = !context.protected.is_empty();
    let separators = if between || latin { field_separators(text, context) } else { Vec::new() };
    let mut next_separator = 0;
    let mut out = Emitted { edits: Edits::new(), english: None, span: 0 };
    // Made when a run needs it (from the protected spans of the text itself, what
    // `language.masked` masks): queried in order.
    let mut sentences: Option<Sentences> = None;
    for run in Runs::new(text) {
        while next_separator < separators.len() && separators[next_separator] < run.begin {
            next_separator += 1;
        }
        let separator = separators.get(next_separator) == Some(&run.begin);
        match run.kind {
            Kind::Ideographs if between && !separator => {
                out.push(text, context, BETWEEN, run.start(), run.end(), "");
                continue;
            }
            Kind::IdeographLatin => {
                if removes_latin && !separator {
                    out.push(text, context, LATIN, run.start(), run.end(), "");
                }
                continue; // else one ASCII space, which every rule leaves
            }
            Kind::Latin => continue,
            // (an Ideographs run here: space-collapse may claim it)
            Kind::Ideographs | Kind::Other | Kind::NotAscii => {}
        }
        // `_run_edits`: decided one by one.
        let (start, end) = (run.start(), run.end());
        let (before, after) = (text[start - 1], text[end]);
        let sentences =
            sentences.get_or_insert_with(|| Sentences::with_protected(text, &context.analysis.protected_spans(text)));
        if sentences.language(start) != Some(Language::Zh) {
            // Not a Chinese sentence: its spaces are the writer's; only a run with an
            // ideographic space, which is Chinese layout wherever it is, becomes one space.
            if collapse && text[start..end].contains(&'\u{3000}') {
                out.push(text, context, COLLAPSE, start, end, " ");
            }
            continue;
        }
        if (between || latin)
            && !separator
            && !(protected && next_to_emoticon(text, start, end, context))
            && !between_numbers(text, start, end)
        {
            if between && between_chinese_removes(before, after) {
                out.push(text, context, BETWEEN, start, end, "");
                continue;
            }
            if latin {
                if let Some(replacement) = chinese_latin_replacement(before, after, spaced) {
                    if !(replacement == " " && end - start == 1 && text[start] == ' ') {
                        out.push(text, context, LATIN, start, end, replacement);
                    }
                    continue;
                }
            }
        }
        if collapse && (end - start != 1 || text[start] != ' ') {
            out.push(text, context, COLLAPSE, start, end, " ");
        }
    }
    out.edits
}

// --- missing-space-chinese-latin ---------------------------------------------------------------

/// `[WESTERN_LETTER0-9]`; ASCII and the CJK blocks (no Western letter between U+2C80 and
/// U+A63F) are answered without the table.
fn is_latin_or_digit(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphanumeric();
    }
    !('\u{2c80}'..'\u{a640}').contains(&c) && is_western_letter(c)
}

/// `missing-space-chinese-latin`: a space where Chinese meets a run of Latin letters or digits
/// (`_LATIN_RUN`): before the run when a Chinese letter precedes it, after it when one follows.
fn missing_space_chinese_latin(text: &[char], context: &Context) -> Vec<Edit> {
    let mut positions = Vec::new();
    let mut index = 0;
    while index < text.len() {
        if !is_latin_or_digit(text[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < text.len() && is_latin_or_digit(text[index]) {
            index += 1;
        }
        if start > 0 && is_cjk_letter(text[start - 1]) {
            positions.push(start);
        }
        if index < text.len() && is_cjk_letter(text[index]) {
            positions.push(index);
        }
    }
    if !context.protected.is_empty() && !positions.is_empty() {
        positions = outside_spans(&positions, &context.protected);
    }
    positions.into_iter().map(|position| Edit::new("", position, position, " ")).collect()
}

/// `_outside`: the sorted `positions` not strictly inside one of the sorted, disjoint `spans`
/// (an insertion there would go into protected text).
fn outside_spans(positions: &[usize], spans: &[(usize, usize)]) -> Vec<usize> {
    let mut kept = Vec::with_capacity(positions.len());
    let mut done = 0;
    for &(start, end) in spans {
        let inside = done + positions[done..].partition_point(|&p| p <= start);
        kept.extend_from_slice(&positions[done..inside]);
        done = inside + positions[inside..].partition_point(|&p| p < end);
    }
    kept.extend_from_slice(&positions[done..]);
    kept
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn a_space_between_a_number_and_a_number_mark_stays() {
        // 1 。 12: both runs; 3 ．5 and 3． 5: the one run; 1 ， 2 and 1 。 x: no mark of a number.
        let text = chars("1 \u{3002} 12");
        assert!(between_numbers(&text, 1, 2) && between_numbers(&text, 3, 4));
        let text = chars("3 \u{ff0e}5 3\u{ff0e}\u{3000} 5");
        assert!(between_numbers(&text, 1, 2) && between_numbers(&text, 7, 9));
        let text = chars("1 \u{ff0c} 2 1 \u{3002} x \u{3002} 2");
        assert!(!between_numbers(&text, 1, 2) && !between_numbers(&text, 3, 4));
        assert!(!between_numbers(&text, 7, 8) && !between_numbers(&text, 13, 14));
    }

    fn apply(text: &[char], edits: &[Edit]) -> String {
        let mut sorted: Vec<&Edit> = edits.iter().collect();
        sorted.sort_by_key(|edit| (edit.start, edit.end));
        let mut out = String::new();
        let mut at = 0;
        for edit in sorted {
            out.extend(&text[at..edit.start]);
            out.push_str(&edit.replacement);
            at = edit.end;
        }
        out.extend(&text[at..]);
        out
    }

    fn joint(text: &str, spacing: Spacing) -> String {
        let text = chars(text);
        let context = Context::new(spacing, vec![], None);
        apply(&text, &space_runs(&text, &context, &[BETWEEN, LATIN, COLLAPSE]).to_edits())
    }

    #[test]
    fn spaces_between_chinese_go() {
        assert_eq!(joint("\u{6570} \u{5b57}\u{7ecf}\u{6d4e}", Spacing::Compact), "\u{6570}\u{5b57}\u{7ecf}\u{6d4e}");
        assert_eq!(joint("7 \u{6708} 13 \u{65e5}", Spacing::Compact), "7\u{6708}13\u{65e5}");
        assert_eq!(joint("7 \u{6708} 13 \u{65e5}", Spacing::Spaced), "7 \u{6708} 13 \u{65e5}");
    }

    #[test]
    fn field_separators_stay() {
        let text = "\u{4f5c}\u{8005}\u{ff1a}\u{5f20}\u{4e09} \u{6765}\u{6e90}\u{ff1a}\u{65b0}\u{534e}\u{793e}";
        assert_eq!(joint(text, Spacing::Compact), text);
        let nbsp = "\u{65f6}\u{95f4}\u{ff1a}2020-07-15\u{a0}\u{a0}\u{70b9}\u{51fb}\u{ff1a}";
        assert_eq!(joint(nbsp, Spacing::Compact), "\u{65f6}\u{95f4}\u{ff1a}2020-07-15 \u{70b9}\u{51fb}\u{ff1a}");
    }

    #[test]
    fn english_keeps_its_spaces() {
        let text = "Remove \u{94c1}\u{857e} from the Folder";
        assert_eq!(joint(text, Spacing::Compact), text);
    }

    #[test]
    fn latin_or_digit_is_the_class() {
        for code in 0..=0x10ffffu32 {
            if let Some(c) = char::from_u32(code) {
                assert_eq!(is_latin_or_digit(c), c.is_ascii_digit() || is_western_letter(c), "{code:x}");
            }
        }
    }

    #[test]
    fn missing_spaces_are_inserted_outside_protected_spans() {
        let text = chars("\u{4f7f}\u{7528}Python3\u{7f16}\u{7a0b}");
        let edits = missing_space_chinese_latin(&text, &Context::new(Spacing::Spaced, vec![], None));
        assert_eq!(apply(&text, &edits), "\u{4f7f}\u{7528} Python3 \u{7f16}\u{7a0b}");
        let edits = missing_space_chinese_latin(&text, &Context::new(Spacing::Spaced, vec![(1, 5)], None));
        assert_eq!(edits, vec![Edit::new("", 9, 9, " ")]);
        assert_eq!(outside_spans(&[1, 2, 5, 6], &[(1, 5)]), vec![1, 5, 6]);
    }
}
