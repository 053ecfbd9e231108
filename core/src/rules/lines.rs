//! `src/wenben/rules/lines.py` of the reference: whitespace at line edges, blank lines, and the
//! line-break pass (`line-wrap` and `paragraph-breaks`, one joint pass), with the document
//! evidence (`document_evidence`: wrap width and unit, blank-line paragraphs, the Latin words
//! the document writes) that `line-wrap` judges each line break by.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashSet};
use std::rc::Rc;

use super::{Implementation, Rule};
use crate::chars::{
    AsciiSet, content_width, in_ranges, is_cjk, is_cjk_closing, is_cjk_letter, is_cjk_opening, is_hspace, is_py_alpha, is_py_digit, is_py_isdigit, is_py_numeric,
    is_py_space, is_py_word, is_sentence_final,
};
use crate::tables;
use crate::text::{Context, Edit};

/// The rules of this module the core implements.
pub fn lookup(id: &str) -> Option<Rule> {
    match id {
        "blank-lines" => Some(Rule { id: "blank-lines", implementation: Implementation::Single(blank_lines), quick: None }),
        "line-edge-whitespace" => Some(Rule {
            id: "line-edge-whitespace",
            implementation: Implementation::Single(line_edge_whitespace),
            quick: None,
        }),
        "line-wrap" => Some(Rule { id: "line-wrap", implementation: Implementation::Joint(line_breaks), quick: Some(has_multiline_block) }),
        "paragraph-breaks" => Some(Rule {
            id: "paragraph-breaks",
            implementation: Implementation::Joint(line_breaks),
            quick: Some(has_multiline_block),
        }),
        _ => None,
    }
}

// --- blank-lines -------------------------------------------------------------------------------

/// `blank_lines`: leading newlines go, runs of three or more newlines become two, and the text
/// ends with exactly one newline.
fn blank_lines(text: &[char], _context: &Context) -> Vec<Edit> {
    let len = text.len();
    let starts_newline = text.first() == Some(&'\n');
    let ends_one = len >= 1 && text[len - 1] == '\n' && !(len >= 2 && text[len - 2] == '\n');
    let mut run = 0usize;
    let mut triple = false;
    for &c in text {
        if c == '\n' {
            run += 1;
            if run >= 3 {
                triple = true;
                break;
            }
        } else {
            run = 0;
        }
    }
    if ends_one && !starts_newline && !triple {
        return Vec::new();
    }
    let mut edits = Vec::new();
    if text.iter().all(|&c| c == '\n') {
        if len > 0 {
            edits.push(Edit::new("", 0, len, ""));
        }
        return edits;
    }
    let content_start = text.iter().position(|&c| c != '\n').unwrap_or(len);
    if content_start > 0 {
        edits.push(Edit::new("", 0, content_start, ""));
    }
    let content_end = text.iter().rposition(|&c| c != '\n').map_or(0, |i| i + 1);
    let mut index = content_start;
    while index < content_end {
        if text[index] == '\n' {
            let start = index;
            while index < content_end && text[index] == '\n' {
                index += 1;
            }
            if index - start >= 3 {
                edits.push(Edit::new("", start, index, "\n\n"));
            }
        } else {
            index += 1;
        }
    }
    if len - content_end != 1 {
        edits.push(Edit::new("", content_end, len, "\n"));
    }
    edits
}

// --- line-edge-whitespace ----------------------------------------------------------------------

/// `line_edge_whitespace`: every maximal run of horizontal space that starts a line or ends
/// one is removed. (The reference collects the runs after a newline, the run at the start, and
/// the runs before a newline or the end; each is a maximal run, so the union is this.)
fn line_edge_whitespace(text: &[char], _context: &Context) -> Vec<Edit> {
    let len = text.len();
    let mut edits = Vec::new();
    let mut index = 0;
    while index < len {
        if !is_hspace(text[index]) {
            index += 1;
            continue;
        }
        let start = index;
        while index < len && is_hspace(text[index]) {
            index += 1;
        }
        let at_line_start = start == 0 || text[start - 1] == '\n';
        let at_line_end = index == len || text[index] == '\n';
        if at_line_start || at_line_end {
            edits.push(Edit::new("", start, index, ""));
        }
    }
    edits
}

// --- the line-break pass -----------------------------------------------------------------------

/// `has_multiline_block`: whether two non-blank lines may touch anywhere.
pub fn has_multiline_block(text: &[char]) -> bool {
    let len = text.len();
    if !text.contains(&'\n') {
        return false;
    }
    if text[len - 1] != '\n' || (len >= 2 && text[len - 2] == '\n') || text[0] == '\n' {
        return true;
    }
    let body = &text[..len - 1];
    let newlines = body.iter().filter(|&&c| c == '\n').count();
    // str.count("\n\n"): non-overlapping, from the left.
    let mut pairs = 0;
    let mut triple = false;
    let mut index = 0;
    while index < body.len() {
        if body[index] == '\n' && index + 1 < body.len() && body[index + 1] == '\n' {
            pairs += 1;
            if index + 2 < body.len() && body[index + 2] == '\n' {
                triple = true;
            }
            index += 2;
        } else {
            index += 1;
        }
    }
    newlines != 2 * pairs || triple
}

/// A line of the text: `[start, end)`, the newline not included.
#[derive(Clone, Copy)]
struct Line {
    start: usize,
    end: usize,
}

/// `_blocks`: the runs of two or more lines that are not blank (blank: only horizontal space
/// or nothing). The reference splits at "\n\n" first; a block never spans such a split, so
/// grouping all the lines gives the same blocks.
fn blocks(text: &[char]) -> Vec<Vec<Line>> {
    let mut blocks = Vec::new();
    let mut block: Vec<Line> = Vec::new();
    let mut start = 0;
    loop {
        let end = text[start..].iter().position(|&c| c == '\n').map_or(text.len(), |i| start + i);
        if text[start..end].iter().any(|&c| !is_hspace(c)) {
            block.push(Line { start, end });
        } else {
            if block.len() > 1 {
                blocks.push(std::mem::take(&mut block));
            }
            block.clear();
        }
        if end == text.len() {
            break;
        }
        start = end + 1;
    }
    if block.len() > 1 {
        blocks.push(block);
    }
    blocks
}

/// `_CODE_START.match(line)`: `\s*(?:def|class|import|return|if|for|while)\b`.
fn code_start(line: &[char]) -> bool {
    let skip = line.iter().take_while(|&&c| is_py_space(c)).count();
    let rest = &line[skip..];
    ["def", "class", "import", "return", "if", "for", "while"].iter().any(|keyword| {
        let n = keyword.chars().count();
        rest.len() >= n
            && rest.iter().take(n).copied().eq(keyword.chars())
            && rest.get(n).is_none_or(|&c| !is_py_word(c))
    })
}

/// `_looks_like_code`: at least two lines, and half of them, look like code and have no
/// Chinese in them. (Every line is non-empty.)
fn looks_like_code(lines: &[&[char]]) -> bool {
    let mut foreign = 0;
    let mut code = 0;
    for chars in lines {
        let first = chars[0];
        if ('\u{4e00}'..='\u{9fff}').contains(&first) || chars.iter().any(|&c| is_cjk(c)) {
            continue;
        }
        foreign += 1;
        let trimmed = chars.iter().rposition(|&c| !is_py_space(c)).map(|i| chars[i]);
        if matches!(trimmed, Some(';' | '{' | '}')) || code_start(chars) {
            code += 1;
        }
    }
    foreign >= 2 && code >= 2 && code * 2 >= lines.len()
}

/// `_TABLE_ROW.match(line)`: horizontal space, then `|`.
fn table_row(line: &[char]) -> bool {
    line.iter().find(|&&c| !is_hspace(c)) == Some(&'|')
}

/// `line.rstrip(HSPACE_CHARS)`.
fn rstrip_hspace(line: &[char]) -> &[char] {
    &line[..line.iter().rposition(|&c| !is_hspace(c)).map_or(0, |i| i + 1)]
}

/// `line.lstrip(HSPACE_CHARS)`.
fn lstrip_hspace(line: &[char]) -> &[char] {
    &line[line.iter().position(|&c| !is_hspace(c)).unwrap_or(line.len())..]
}

/// `_paragraph_break`: the break after `line` becomes one blank line (spaces around it go),
/// unless both lines are table rows.
fn paragraph_break(text: &[char], line: Line, next: Line) -> Option<Edit> {
    let chars = &text[line.start..line.end];
    let next_chars = &text[next.start..next.end];
    if table_row(chars) && table_row(next_chars) {
        return None;
    }
    let body_end = line.start + rstrip_hspace(chars).len();
    let next_start = next.end - lstrip_hspace(next_chars).len();
    Some(Edit::new("paragraph-breaks", body_end, next_start, "\n\n"))
}

// --- character tests the line-break pass uses ----------------------------------------------------

/// `str.isalnum()`: isalpha, or isnumeric (which holds isdecimal and isdigit).
fn is_py_alnum(c: char) -> bool {
    is_py_alpha(c) || is_py_numeric(c)
}

/// A character of `_WIDE_BODY`: two display columns.
fn is_wide(c: char) -> bool {
    in_ranges(tables::WIDE_BODY, c)
}

/// `_CLOSERS`: closing marks a sentence-final mark may come before.
fn is_closer(c: char) -> bool {
    is_cjk_closing(c) || matches!(c, '"' | '\'' | ')' | ']')
}

/// `_NEVER_STARTS`: marks that never start a paragraph.
fn never_starts(c: char) -> bool {
    matches!(c, '\u{ff0c}' | '\u{3001}' | '\u{3002}' | '\u{ff1b}' | '\u{ff1a}' | '\u{ff1f}' | '\u{ff01}' | ',')
        || is_cjk_closing(c)
}

/// `_starts_with_note_mark`: up to three ASCII digits and then `。，；？！` (`2。缺少…`): a
/// footnote mark an extractor put on a line of its own.
fn starts_with_note_mark(next_body: &[char]) -> bool {
    let digits = next_body.iter().take(3).take_while(|c| c.is_ascii_digit()).count();
    digits > 0 && next_body.get(digits).is_some_and(|&c| matches!(c, '\u{3002}' | '\u{ff0c}' | '\u{ff1b}' | '\u{ff1f}' | '\u{ff01}'))
}

/// The Chinese numerals of `_LINE_MARKER`'s `一、` (一二三四五六七八九十百).
fn chinese_numeral(c: char) -> bool {
    matches!(
        c,
        '\u{4e00}' | '\u{4e8c}' | '\u{4e09}' | '\u{56db}' | '\u{4e94}' | '\u{516d}' | '\u{4e03}' | '\u{516b}' | '\u{4e5d}'
            | '\u{5341}' | '\u{767e}'
    )
}

/// The length of the run of `inside` characters at `from`.
fn run_at(text: &[char], from: usize, inside: impl Fn(char) -> bool) -> usize {
    text[from.min(text.len())..].iter().take_while(|&&c| inside(c)).count()
}

/// `_LINE_MARKER.match(text)`: a list item, numbered heading, Markdown marker or table row
/// starts `text`.
fn line_marker(text: &[char]) -> bool {
    let Some(&first) = text.first() else {
        return false;
    };
    // 一、 二. 十．
    let n = run_at(text, 0, chinese_numeral);
    if n > 0 && matches!(text.get(n), Some('\u{3001}' | '.' | '\u{ff0e}')) {
        return true;
    }
    // (1) （一）
    if matches!(first, '(' | '\u{ff08}') {
        let n = run_at(text, 1, |c| is_py_digit(c) || ('\u{4e00}'..='\u{9fff}').contains(&c));
        if (1..=3).contains(&n) && matches!(text.get(1 + n), Some(')' | '\u{ff09}')) {
            return true;
        }
    }
    // 1. 1、 1) (not a number: no digit after the mark)
    let n = run_at(text, 0, is_py_digit);
    if (1..=3).contains(&n)
        && matches!(text.get(n), Some('.' | '\u{ff0e}' | '\u{3001}' | ')' | '\u{ff09}'))
        && !text.get(n + 1).is_some_and(|&c| is_py_digit(c))
    {
        return true;
    }
    // 第三章
    if first == '\u{7b2c}' {
        let n = run_at(text, 1, |c| is_py_digit(c) || chinese_numeral(c) || c == '\u{5343}');
        if n > 0
            && matches!(
                text.get(1 + n),
                Some('\u{7ae0}' | '\u{8282}' | '\u{6761}' | '\u{6b3e}' | '\u{7bc7}' | '\u{90e8}' | '\u{5377}' | '\u{56de}')
            )
        {
            return true;
        }
    }
    matches!(
        first,
        '\u{2022}' | '\u{b7}' | '\u{25cf}' | '\u{25cb}' | '\u{25a0}' | '\u{25a1}' | '\u{25c6}' | '\u{25c7}' | '\u{25aa}'
            | '\u{2605}' | '\u{2606}' | '\u{203b}' | '>' | '#' | '|' | '*' | '+' | '-'
            | '\u{2460}'..='\u{2487}' | '\u{3220}'..='\u{3229}'
    )
}

/// `_ends_sentence`: ends with a sentence-final mark, possibly followed by closing marks.
fn ends_sentence(body: &[char]) -> bool {
    body.iter().rposition(|&c| !is_closer(c)).is_some_and(|i| is_sentence_final(body[i]))
}

/// `_is_field`: a `附件：…` line (1-4 Chinese letters after the indent, a colon, and no comma,
/// full stop or semicolon after it).
fn is_field(line: &[char]) -> bool {
    let unindented = lstrip_hspace(line);
    if !unindented.iter().take(6).any(|&c| c == ':' || c == '\u{ff1a}') {
        return false;
    }
    let stripped = rstrip_hspace(line);
    let position = line.len() - unindented.len();
    let n = run_at(stripped, position, is_cjk_letter);
    (1..=4).contains(&n)
        && matches!(stripped.get(position + n), Some(':' | '\u{ff1a}'))
        && stripped[position + n + 1..]
            .iter()
            .all(|&c| !matches!(c, '\n' | '\u{ff0c}' | '\u{3002}' | '\u{ff1b}' | ',' | ';'))
}

/// `_ends_inside_address`: the last word is a URL or e-mail address cut after a separator.
fn ends_inside_address(body: &[char]) -> bool {
    if !body.last().is_some_and(|&c| const { AsciiSet::of("./@:_-") }.contains(c)) {
        return false;
    }
    let token = &body[body.iter().rposition(|&c| is_py_space(c)).map_or(0, |i| i + 1)..];
    let head = &token[..token.len().saturating_sub(1)];
    contains(head, "://") || head.contains(&'@') || contains(head, "www.") || ends_with_scheme(token)
}

/// Whether `haystack` holds `needle` (ASCII, short).
fn contains(haystack: &[char], needle: &str) -> bool {
    let Some(first) = needle.chars().next() else {
        return true;
    };
    let n = needle.len();
    (0..haystack.len().saturating_sub(n - 1))
        .any(|at| haystack[at] == first && haystack[at..at + n].iter().copied().eq(needle.chars()))
}

/// Whether `text` ends with `suffix`.
fn ends_with(text: &[char], suffix: &str) -> bool {
    let n = suffix.chars().count();
    text.len() >= n && text[text.len() - n..].iter().copied().eq(suffix.chars())
}

/// `text.endswith(_SCHEMES)`.
fn ends_with_scheme(text: &[char]) -> bool {
    ends_with(text, "http://") || ends_with(text, "https://") || ends_with(text, "ftp://")
}

/// `_LAST_CHUNK.search(body)`: the run of non-space characters that ends `body`.
fn last_chunk(body: &[char]) -> &[char] {
    &body[body.iter().rposition(|&c| is_hspace(c)).map_or(0, |i| i + 1)..]
}

/// `_CHUNK.match(body)`: the run of non-space characters that starts `body`.
fn first_chunk(body: &[char]) -> &[char] {
    &body[..run_at(body, 0, |c| !is_hspace(c))]
}

// --- document evidence ---------------------------------------------------------------------------

/// `EVIDENCE_SIZE`: the characters at the start of a document its evidence is taken from.
pub const EVIDENCE_SIZE: usize = 1 << 16;

/// `FULL_RATIO`, `MIN_FULL_WIDTH`.
const FULL_RATIO: f64 = 0.75;
/// `BLANK_BREAKS_PER_END`: blank-line paragraph breaks a document needs per sentence end
/// inside a block to count as separating its paragraphs with blank lines.
const BLANK_BREAKS_PER_END: usize = 8;
const MIN_FULL_WIDTH: usize = 20;

/// What `Evidence.width` counts (`Evidence.unit`).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Unit {
    Content,
    Chars,
    Columns,
}

/// `Evidence` without its word lists: how a document marks paragraphs and wraps.
#[derive(Clone, Copy, Debug)]
struct Wrap {
    blank_paragraphs: bool,
    width: usize,
    unit: Unit,
    exact: bool,
    /// `Evidence.greedy`: every line that may be wrapped is full at `width` (a tool's wrap).
    greedy: bool,
    /// `Evidence.floor`: where the widths of the wrapped lines start (0: not measured).
    floor: usize,
}

const NO_WRAP: Wrap =
    Wrap { blank_paragraphs: false, width: 0, unit: Unit::Content, exact: false, greedy: false, floor: 0 };

impl Wrap {
    /// `Evidence.measure` of one line.
    fn measure(&self, line: &[char]) -> usize {
        match self.unit {
            Unit::Columns => display_width(line),
            Unit::Chars => line.len(),
            Unit::Content => content_width(line),
        }
    }
}

/// `Evidence`: the wrap, and the Latin words (`words`) and hyphenated words (`compounds`)
/// the document writes, lower case.
struct Evidence {
    wrap: Wrap,
    words: HashSet<String>,
    compounds: HashSet<String>,
    /// `Evidence.inner_words`: runs of ASCII letters (lower case) touching neither end of their line.
    inner_words: HashSet<String>,
    /// `Evidence.hosts`: the last two labels (lower case) of the dotted names written with
    /// something after them inside a line.
    hosts: HashSet<String>,
}

/// `_HOST_CHARS`: ASCII letters, digits, `.` and `-`.
fn is_host_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '.' || c == '-'
}

/// `_host_tail`: the last two labels (lower case) of the dotted name `run`, when its last label
/// is two ASCII letters or more.
fn host_tail(run: &[char]) -> Option<String> {
    let mut tail = String::new();
    host_tail_into(run, &mut tail).then_some(tail)
}

/// [`host_tail`] written into `out` (cleared first); false (and `out` unspecified) for none.
fn host_tail_into(run: &[char], out: &mut String) -> bool {
    out.clear();
    let Some(last_dot) = run.iter().rposition(|&c| c == '.') else {
        return false;
    };
    let last = &run[last_dot + 1..];
    let before = &run[..last_dot];
    let second = &before[before.iter().rposition(|&c| c == '.').map_or(0, |i| i + 1)..];
    if second.is_empty() || last.len() < 2 || !last.iter().all(|c| c.is_ascii_alphabetic()) {
        return false;
    }
    out.extend(second.iter().chain(['.'].iter()).chain(last.iter()).map(|c| c.to_ascii_lowercase()));
    true
}

/// Insert `word` into `set` unless it is there (one allocation per distinct word, not per word).
fn insert_new(set: &mut HashSet<String>, word: &str) {
    if !set.contains(word) {
        set.insert(word.to_owned());
    }
}

/// `part` in ASCII lower case, written into `out` (cleared first).
fn lower_into<'a>(part: &[char], out: &'a mut String) -> &'a str {
    out.clear();
    out.extend(part.iter().map(|c| c.to_ascii_lowercase()));
    out.as_str()
}

/// `_hosts`: the tails of the runs of host characters that something other than a line end
/// follows, a full stop after the run left out.
fn hosts(text: &[char]) -> HashSet<String> {
    let mut hosts = HashSet::new();
    let mut tail = String::new();
    for line in text.split(|&c| c == '\n') {
        let mut index = 0;
        while index < line.len() {
            if !is_host_char(line[index]) {
                index += 1;
                continue;
            }
            let end = index + run_at(line, index, is_host_char);
            if end < line.len() {
                let mut run_end = end;
                while run_end > index && line[run_end - 1] == '.' {
                    run_end -= 1;
                }
                if host_tail_into(&line[index..run_end], &mut tail) {
                    insert_new(&mut hosts, &tail);
                }
            }
            index = end;
        }
    }
    hosts
}

/// `display_width`: wide characters 2 columns, others 1.
fn display_width(text: &[char]) -> usize {
    text.len() + text.iter().filter(|&&c| c != '\n' && is_wide(c)).count()
}

/// `_wrap_width`: the widest width that many values share (within `slack`), and the share of
/// values at it (0 when more than 5% are wider).
fn wrap_width(values: &[usize], slack: usize) -> (usize, f64) {
    let count = values.len();
    let mut histogram: BTreeMap<usize, usize> = BTreeMap::new();
    for &value in values {
        *histogram.entry(value).or_insert(0) += 1;
    }
    let needed = (count as f64 * 0.15).max(2.0);
    let mut over = 0usize;
    for (&value, &n) in histogram.iter().rev() {
        let near: usize =
            (0..=slack).filter_map(|step| value.checked_sub(step)).map(|v| histogram.get(&v).copied().unwrap_or(0)).sum();
        if near as f64 >= needed {
            let share = if over as f64 <= count as f64 * 0.05 { near as f64 / count as f64 } else { 0.0 };
            return (value, share);
        }
        over += n;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    (sorted[(count - 1) * 9 / 10], 0.0)
}

/// The Latin words of a document, lower case, from one scan of its runs of ASCII letters.
struct LatinWords {
    /// `_WORD.findall`: the maximal runs of three or more ASCII letters with no hyphen at
    /// either end.
    words: HashSet<String>,
    /// `_COMPOUND.findall`: `letters-letters` starting a run.
    compounds: HashSet<String>,
    /// `_inner_words`: the runs touching neither end of their line (horizontal space at the
    /// ends not counted).
    inner: HashSet<String>,
}

/// `_WORD.findall`, `_COMPOUND.findall` (lower case) and `_inner_words` of `text`: the three
/// look at the same runs of ASCII letters, which never cross a line end (so the line's ends
/// stand for the text's).
fn latin_words(text: &[char]) -> LatinWords {
    let mut found = LatinWords { words: HashSet::new(), compounds: HashSet::new(), inner: HashSet::new() };
    let mut lower = String::new();
    for line in text.split(|&c| c == '\n') {
        // The line without horizontal space at its ends is `line[first..last]`.
        let first = line.len() - lstrip_hspace(line).len();
        let last = rstrip_hspace(line).len();
        let mut index = 0;
        while index < line.len() {
            if !line[index].is_ascii_alphabetic() {
                index += 1;
                continue;
            }
            let start = index;
            let end = start + run_at(line, start, |c| c.is_ascii_alphabetic());
            if start > first && end < last {
                insert_new(&mut found.inner, lower_into(&line[start..end], &mut lower));
            }
            let after_hyphen = start > 0 && line[start - 1] == '-';
            if !after_hyphen {
                let hyphen_after = line.get(end) == Some(&'-');
                if end - start >= 3 && !hyphen_after {
                    insert_new(&mut found.words, lower_into(&line[start..end], &mut lower));
                }
                if hyphen_after {
                    let second = run_at(line, end + 1, |c| c.is_ascii_alphabetic());
                    if second > 0 {
                        insert_new(&mut found.compounds, lower_into(&line[start..end + 1 + second], &mut lower));
                    }
                }
            }
            index = end;
        }
    }
    found
}

/// `document_evidence`: the paragraph evidence of a document (its first `EVIDENCE_SIZE`
/// characters, line endings made `\n`).
fn document_evidence(document: &[char]) -> Evidence {
    let head = &document[..document.len().min(EVIDENCE_SIZE)];
    let mut text = Vec::with_capacity(head.len());
    let mut index = 0;
    while index < head.len() {
        if head[index] == '\r' {
            text.push('\n');
            if head.get(index + 1) == Some(&'\n') {
                index += 1;
            }
        } else {
            text.push(head[index]);
        }
        index += 1;
    }
    let LatinWords { words, compounds, inner } = latin_words(&text);
    // Blocks: the runs of lines that are not blank, each line without its trailing spaces.
    let mut blocks: Vec<Vec<&[char]>> = Vec::new();
    let mut block: Vec<&[char]> = Vec::new();
    for line in text.split(|&c| c == '\n') {
        let line = rstrip_hspace(line);
        if line.is_empty() {
            if !block.is_empty() {
                blocks.push(std::mem::take(&mut block));
            }
        } else {
            block.push(line);
        }
    }
    if !block.is_empty() {
        blocks.push(block);
    }
    let prose: Vec<&Vec<&[char]>> = blocks.iter().filter(|lines| lines.len() > 1 && !looks_like_code(lines)).collect();
    let mut pairs: Vec<(&[char], &[char])> = Vec::new();
    for lines in &prose {
        for pair in lines.windows(2) {
            if !table_row(pair[0]) && !is_field(pair[0]) {
                pairs.push((pair[0], pair[1]));
            }
        }
    }
    let mut evidence = Evidence { wrap: NO_WRAP, words, compounds, inner_words: inner, hosts: hosts(&text) };
    if pairs.len() < 3 {
        return evidence;
    }
    let lines: Vec<&[char]> = pairs.iter().map(|&(line, _)| line).collect();
    let by_chars = wrap_width(&lines.iter().map(|line| line.len()).collect::<Vec<_>>(), 0);
    let by_columns = wrap_width(&lines.iter().map(|line| display_width(line)).collect::<Vec<_>>(), 1);
    let mut unit = if by_columns.1 >= by_chars.1 { Unit::Columns } else { Unit::Chars };
    let (mut width, share) = if unit == Unit::Columns { by_columns } else { by_chars };
    // (A tool's wrap shows on many lines: a few lines of equal width may be a coincidence.)
    let mut exact = share >= 0.45 && width >= 8 && pairs.len() >= 8;
    let greedy = greedy_wrap(&pairs);
    if let Some((greedy_unit, greedy_width)) = greedy {
        unit = greedy_unit;
        width = greedy_width;
        exact = true;
    }
    if !exact {
        unit = Unit::Content;
        let sizes: Vec<usize> = lines.iter().map(|line| content_width(line)).collect();
        width = wrap_width(&sizes, 2).0;
        // Most lines wider than it: not a wrap width, the document shows none.
        if sizes.iter().filter(|&&size| size > width + 2).count() * 2 > sizes.len() {
            width = 0;
        }
    }
    let wrap = Wrap { blank_paragraphs: false, width, unit, exact, greedy: greedy.is_some(), floor: 0 };
    // Paragraph ends inside blocks: lines that end a sentence before the wrap width.
    let next_lines: Vec<&[char]> = pairs.iter().map(|&(_, next)| next).collect();
    let units = first_units(&next_lines, &wrap, width, Some(&lines));
    let inner_ends = lines
        .iter()
        .zip(&units)
        .filter(|&(line, &unit)| ends_sentence(line) && !full(wrap.measure(line), unit, line, &wrap, width))
        .count();
    let blank = blocks.len() >= 2
        && inner_ends <= (prose.len() / 5).max(1).max((blocks.len() - 1) / BLANK_BREAKS_PER_END);
    let floor = if exact { 0 } else { spread_floor(&lines, &wrap, width) };
    evidence.wrap = Wrap { blank_paragraphs: blank, floor, ..wrap };
    evidence
}

/// `MIN_SPREAD_LINES`: full wrapped lines needed to measure where their widths start.
const MIN_SPREAD_LINES: usize = 5;

/// `_spread_floor`: the tenth percentile of the widths of the full lines (three quarters of
/// `width` or more) that do not end a sentence, never above `width`; 0 with fewer than
/// `MIN_SPREAD_LINES` of them.
fn spread_floor(lines: &[&[char]], wrap: &Wrap, width: usize) -> usize {
    let mut wrapped: Vec<usize> = lines
        .iter()
        .map(|line| (wrap.measure(line), line))
        .filter(|&(size, line)| size as f64 >= FULL_RATIO * width as f64 && !ends_sentence(line))
        .map(|(size, _)| size)
        .collect();
    if wrapped.len() < MIN_SPREAD_LINES {
        return 0;
    }
    wrapped.sort_unstable();
    wrapped[wrapped.len() / 10].min(width)
}

thread_local! {
    /// The last document's evidence (the reference keeps 16 in an lru_cache): the parts of a
    /// stream all read the evidence of the same document start.
    static LAST_EVIDENCE: RefCell<Option<(Vec<char>, Rc<Evidence>)>> = const { RefCell::new(None) };
}

/// `document_evidence(document)`, remembered for the next call with the same document start.
fn cached_evidence(document: &[char]) -> Rc<Evidence> {
    let head = &document[..document.len().min(EVIDENCE_SIZE)];
    LAST_EVIDENCE.with(|cell| {
        if let Some((key, evidence)) = cell.borrow().as_ref() {
            if key.as_slice() == head {
                return Rc::clone(evidence);
            }
        }
        let evidence = Rc::new(document_evidence(head));
        *cell.borrow_mut() = Some((head.to_vec(), Rc::clone(&evidence)));
        evidence
    })
}

/// `GREEDY_SHARE`: the share of a document's lines that may be wrapped that must be full at one
/// width for the document to count as wrapped by a tool (all of them below 8 lines).
const GREEDY_SHARE: f64 = 0.9;

/// `_greedy_wrap`: the unit and width at which a tool wrapped the document greedily: the widest
/// three line widths are tried, in columns and in characters, and one is taken when enough of
/// the lines that may be wrapped (not ending a sentence, not before an indent or a list marker,
/// at least a quarter of the width) are full at it and at most 5% are wider.
fn greedy_wrap(pairs: &[(&[char], &[char])]) -> Option<(Unit, usize)> {
    let candidates: Vec<(&[char], &[char])> = pairs
        .iter()
        .copied()
        .filter(|&(line, next)| !ends_sentence(line) && !is_hspace(next[0]) && !line_marker(next))
        .collect();
    if candidates.len() < 3 {
        return None;
    }
    let lines: Vec<&[char]> = candidates.iter().map(|&(line, _)| line).collect();
    let next_lines: Vec<&[char]> = candidates.iter().map(|&(_, next)| next).collect();
    let mut best: Option<(f64, Unit, usize)> = None;
    // The next lines' first words do not depend on the unit or the width: found once.
    let firsts = first_words(&next_lines, true, true, Some(&lines));
    let mut sizes: Vec<usize> = Vec::with_capacity(lines.len());
    let mut measured: Vec<(usize, usize)> = Vec::with_capacity(lines.len());
    let mut widths: Vec<usize> = Vec::with_capacity(lines.len());
    for unit in [Unit::Columns, Unit::Chars] {
        let wrap = Wrap { blank_paragraphs: false, width: 0, unit, exact: true, greedy: true, floor: 0 };
        sizes.clear();
        sizes.extend(lines.iter().map(|line| wrap.measure(line)));
        measured.clear();
        measured.extend(firsts.iter().map(|first| (wrap.measure(first.word), wrap.measure(first.start))));
        widths.clear();
        widths.extend_from_slice(&sizes);
        widths.sort_unstable_by(|a, b| b.cmp(a));
        widths.dedup();
        for &width in widths.iter().take(3) {
            let wider = sizes.iter().filter(|&&size| size > width).count();
            if width < 8 || wider as f64 > sizes.len() as f64 * 0.05 {
                continue;
            }
            // A line under a quarter of the width says nothing (a heading, a signature, a date).
            let mut counted = 0usize;
            let mut full_lines = 0usize;
            for (((line, &size), &(word_size, start_size)), first) in lines.iter().zip(&sizes).zip(&measured).zip(&firsts) {
                if 4 * size >= width {
                    counted += 1;
                    let unit = unit_at(word_size, start_size, first.cut, width);
                    if size <= width && full(size, unit, line, &wrap, width) {
                        full_lines += 1;
                    }
                }
            }
            if counted < 3 {
                continue;
            }
            let share = full_lines as f64 / counted as f64;
            let needed = if counted >= 8 { GREEDY_SHARE } else { 1.0 };
            if share >= needed && best.is_none_or(|(best_share, _, _)| share > best_share) {
                best = Some((share, unit, width));
            }
        }
    }
    best.map(|(_, unit, width)| (unit, width))
}

/// `_units`: for the line before each of `next_lines` (`lines[i]` before `next_lines[i]`, when
/// given), the width of what would have had to fit on it for the wrap to come later, and the
/// gap before it: the next line's first word after a space (gap 1), or its first character
/// alone (gap 0) when that word is longer than the width. In a greedy wrap the word ends after
/// a hyphen between letters, a break between two Chinese characters is a cut (gap 0), and the
/// first character comes with the marks that may not be parted from it.
fn first_units(next_lines: &[&[char]], wrap: &Wrap, width: usize, lines: Option<&[&[char]]>) -> Vec<(usize, usize)> {
    first_words(next_lines, wrap.exact, wrap.greedy, lines)
        .iter()
        .map(|first| unit_at(wrap.measure(first.word), wrap.measure(first.start), first.cut, width))
        .collect()
}

/// What `_units` measures of one next line, which depends on neither the unit nor the width
/// (`_first_words`: `_greedy_wrap` finds it once for all the widths it tries).
struct FirstWord<'a> {
    /// The next line's first word.
    word: &'a [char],
    /// The start a line breaker cutting a run moves down whole.
    start: &'a [char],
    /// Whether the break cut a run.
    cut: bool,
}

/// `_first_words`: the [`FirstWord`] of each of `next_lines`.
fn first_words<'a>(next_lines: &[&'a [char]], exact: bool, greedy: bool, lines: Option<&[&[char]]>) -> Vec<FirstWord<'a>> {
    next_lines
        .iter()
        .enumerate()
        .map(|(index, next_line)| {
            let body = lstrip_hspace(next_line);
            // A typesetter breaks before any Han character: only a Latin word moves whole.
            let n = if exact { run_at(body, 0, |c| !is_hspace(c)) } else { run_at(body, 0, |c| !is_hspace(c) && !is_wide(c)) };
            let mut word = if n > 0 { &body[..n] } else { &body[..body.len().min(1)] };
            if greedy {
                if let Some(hyphen) = word_hyphen(word) {
                    word = &word[..hyphen + 1];
                }
            }
            let cut = greedy && lines.is_some_and(|lines| cut_between(lines[index], body));
            let start = if greedy { first_unbreakable(body) } else { &word[..1] };
            FirstWord { word, start, cut }
        })
        .collect()
}

/// `_units_at` of one line: the unit at `width` from the measured word and start of its
/// [`FirstWord`].
fn unit_at(word_size: usize, start_size: usize, cut: bool, width: usize) -> (usize, usize) {
    if cut || word_size > width {
        (start_size, 0)
    } else {
        (word_size, 1)
    }
}

/// `_WORD_HYPHEN.search(word)`: the first hyphen between two letters (`[^\W\d_]`).
fn word_hyphen(word: &[char]) -> Option<usize> {
    (1..word.len().saturating_sub(1)).find(|&at| word[at] == '-' && is_word_letter(word[at - 1]) && is_word_letter(word[at + 1]))
}

/// `[^\W\d_]`: a letter of Python's `\w` (not a digit, not `_`).
fn is_word_letter(c: char) -> bool {
    is_py_word(c) && !is_py_digit(c) && c != '_'
}

/// `_cut_between`: a break between two Chinese characters (a tool cut a run there).
fn cut_between(line: &[char], next_body: &[char]) -> bool {
    rstrip_hspace(line).last().is_some_and(|&c| is_cjk(c)) && next_body.first().is_some_and(|&c| is_cjk(c))
}

/// `_first_unbreakable`: opening marks, the character after them, and the marks after it that
/// never start a line, or a dash or an ellipsis.
fn first_unbreakable(body: &[char]) -> &[char] {
    let mut index = 0;
    while index + 1 < body.len() && is_cjk_opening(body[index]) {
        index += 1;
    }
    index += 1;
    // (`_HELD_BACK`: the marks that never start a line, the dash and the ellipsis.)
    while index < body.len() && (never_starts(body[index]) || matches!(body[index], '\u{2014}' | '\u{2026}')) {
        index += 1;
    }
    &body[..index.min(body.len())]
}

/// `_full`: whether a line of width `size` is full in a document wrapped at `width`.
fn full(size: usize, unit: (usize, usize), line: &[char], wrap: &Wrap, width: usize) -> bool {
    if width == 0 {
        return false;
    }
    let (first, mut gap) = unit;
    if line.last() == Some(&'-') {
        gap = 0;
    }
    if wrap.exact {
        return size + gap + first > width;
    }
    size as f64 >= FULL_RATIO * width as f64 || (size + gap + first) as f64 >= 0.9 * width as f64
}

/// `_reaches_width`: a line as wide as the document's measured (not exact) wrap width.
fn reaches_width(size: usize, wrap: &Wrap) -> bool {
    wrap.width != 0 && !wrap.exact && size >= wrap.width
}

/// `_within_spread`: a line (its final mark counted) at least as full as the document's
/// wrapped lines (`Wrap::floor`), in a measured (not exact) wrap.
fn within_spread(size: usize, final_mark: char, wrap: &Wrap) -> bool {
    wrap.floor != 0 && !wrap.exact && size + display_width(&[final_mark]) >= wrap.floor
}

// --- line breaks ---------------------------------------------------------------------------------

/// `_line_breaks`: each line break inside a block is either a wrap (`line-wrap` joins the
/// lines) or a paragraph break (`paragraph-breaks` makes it one blank line); Markdown tables
/// and code keep their lines. The document's evidence says how it marks paragraphs and wraps.
fn line_breaks(text: &[char], context: &Context, enabled: &[&str]) -> Vec<Edit> {
    let wrap = enabled.contains(&"line-wrap");
    let breaks = enabled.contains(&"paragraph-breaks");
    let mut edits = Vec::new();
    if !wrap && !breaks {
        return edits;
    }
    let evidence = if wrap {
        let document = context.document.unwrap_or(&text[..text.len().min(EVIDENCE_SIZE)]);
        Some(cached_evidence(document))
    } else {
        None
    };
    let fenced = contains(text, "```");
    for lines in blocks(text) {
        let chars: Vec<&[char]> = lines.iter().map(|line| &text[line.start..line.end]).collect();
        if looks_like_code(&chars) {
            continue;
        }
        let join = wrap && !(fenced && chars.iter().any(|line| contains(line, "```")));
        match (&evidence, join) {
            (Some(evidence), true) => block_wraps(&mut edits, &lines, &chars, evidence.as_ref(), breaks),
            _ => {
                if breaks {
                    for pair in lines.windows(2) {
                        edits.extend(paragraph_break(text, pair[0], pair[1]));
                    }
                }
            }
        }
    }
    edits
}

/// `_indented`: which lines start with a paragraph indent, when the block marks paragraphs
/// that way (a line after the first is indented, and not every line is).
fn indented_lines(lines: &[&[char]]) -> Option<Vec<bool>> {
    let indented: Vec<bool> = lines
        .iter()
        .map(|line| match line.first() {
            Some('\u{3000}' | '\t') => true,
            Some(' ' | '\u{a0}') => matches!(line.get(1), Some(' ' | '\u{a0}')),
            _ => false,
        })
        .collect();
    (indented[1..].iter().any(|&flag| flag) && !indented.iter().all(|&flag| flag)).then_some(indented)
}

/// `_hanging`: which lines continue a list item with a hanging indent (indented deeper than the
/// line that starts the item, in the lines that follow it).
fn hanging_lines(lines: &[&[char]]) -> Vec<bool> {
    let mut hanging = vec![false; lines.len()];
    let mut item_indent: Option<usize> = None;
    for (index, line) in lines.iter().enumerate() {
        let rest = lstrip_hspace(line);
        let indent = display_width(&line[..line.len() - rest.len()]);
        if line_marker(rest) {
            item_indent = Some(indent);
        } else if item_indent.is_some_and(|item| indent > item) {
            hanging[index] = true;
        } else {
            item_indent = None;
        }
    }
    hanging
}

/// `_inline_breaks`: which line breaks fall inside one printed line (an extractor ended a text
/// line where the font changed, leaving a space before the break and one after it); `sizes`
/// becomes the width of the printed line up to each piece.
fn inline_breaks(lines: &[&[char]], bodies: &[&[char]], sizes: &mut [usize], wrap: &Wrap) -> Vec<bool> {
    let mut inline = vec![false; lines.len() - 1];
    let width = wrap.width;
    if width == 0 || wrap.exact {
        return inline;
    }
    for index in 0..lines.len() - 1 {
        let (line, next_line) = (lines[index], lines[index + 1]);
        let together = sizes[index] + sizes[index + 1];
        if line.last().is_some_and(|&c| is_hspace(c))
            && !table_row(line)
            && !ends_sentence(bodies[index])
            && together <= width
            // (Never between two digits: the number cue decides.)
            && !(bodies[index].last().is_some_and(|&c| is_py_isdigit(c))
                && lstrip_hspace(next_line).first().is_some_and(|&c| is_py_isdigit(c)))
            && (next_line.first().is_some_and(|&c| is_hspace(c))
                || (font_change(line, next_line) && together as f64 >= FULL_RATIO * width as f64))
        {
            inline[index] = true;
            sizes[index + 1] += sizes[index];
        }
    }
    inline
}

/// `_font_change`: a line ending with an ASCII letter or digit and one space, before a line
/// starting with a Chinese character (pdfminer.six ends a text line where Latin turns Chinese).
fn font_change(line: &[char], next_line: &[char]) -> bool {
    line.len() >= 2 && line[line.len() - 2].is_ascii_alphanumeric() && next_line.first().is_some_and(|&c| is_cjk(c))
}

/// `_last_line_joins`: the block's last line ends a sentence (or a longer block's clause, or
/// is full), so the line before it may be joined to it; in a two-line block a colon clause at
/// least half as wide as the line before, when that line ends a sentence.
fn last_line_joins(bodies: &[&[char]], sizes: &[usize], full_width: f64) -> bool {
    let count = bodies.len();
    let tail = bodies[count - 1];
    let clause = tail.last().is_some_and(|&c| c == ':' || c == '\u{ff1a}')
        && (count > 2 || (ends_sentence(bodies[count - 2]) && 2 * sizes[count - 1] >= sizes[count - 2]));
    tail.last().is_some_and(|&c| is_sentence_final(c) || is_closer(c))
        || clause
        || (count > 2 && sizes[count - 1] as f64 >= full_width)
}

/// `_block_breaks`: the edits of the line breaks of one block, in order: `line-wrap` where the
/// line is wrapped, else `paragraph-breaks` if `breaks`.
fn block_wraps(edits: &mut Vec<Edit>, lines: &[Line], chars: &[&[char]], evidence: &Evidence, breaks: bool) {
    let count = lines.len() - 1;
    let bodies: Vec<&[char]> = chars.iter().map(|line| rstrip_hspace(line)).collect();
    let mut wrap = evidence.wrap;
    let mut sizes: Vec<usize> = bodies.iter().map(|body| wrap.measure(body)).collect();
    let mut width = wrap.width;
    if width == 0 {
        // No document width: judged from the block itself.
        wrap = Wrap { exact: false, unit: Unit::Content, ..wrap };
        sizes = bodies.iter().map(|body| wrap.measure(body)).collect();
        width = sizes.iter().copied().max().unwrap_or(0).max(MIN_FULL_WIDTH);
    } else if !wrap.exact {
        // Measured widths vary (typeset, OCR): never stricter than the block's own widest line.
        width = width.min(sizes.iter().copied().max().unwrap_or(0).max(MIN_FULL_WIDTH));
    }
    let inline = inline_breaks(chars, &bodies, &mut sizes, &wrap);
    let units = first_units(&chars[1..], &wrap, width, Some(&bodies));
    let mut indented = indented_lines(chars);
    if let Some(flags) = indented.as_mut() {
        for index in 1..flags.len() {
            if inline[index - 1] {
                flags[index] = false;
            }
        }
    }
    if indented.is_some() || chars[1..].iter().any(|line| line.first().is_some_and(|&c| is_hspace(c))) {
        let hanging = hanging_lines(chars);
        if let Some(flags) = indented.as_mut() {
            for (flag, hang) in flags.iter_mut().zip(&hanging) {
                *flag = *flag && !hang;
            }
        }
        if !indented.as_ref().is_some_and(|flags| flags.iter().any(|&flag| flag)) {
            indented = None;
        }
    }
    let mut last_joins: Option<bool> = None;
    let mut opens = true; // whether line `index` is the first printed line of a paragraph
    for index in 0..count {
        let (line, next_line) = (lines[index], lines[index + 1]);
        let body = bodies[index];
        let next_body = lstrip_hspace(chars[index + 1]);
        let start = line.start + body.len();
        let end = next_line.end - next_body.len();
        if inline[index] {
            let separator = separator(body, next_body, &wrap, evidence, width, sizes[index], false);
            edits.push(Edit::new("line-wrap", start, end, separator));
            continue;
        }
        let mut decision =
            decide(body, next_body, index, chars, sizes[index], units[index], &wrap, evidence, width, indented.as_deref(), opens);
        if decision.as_ref().is_some_and(|&(_, judged)| judged) && index == count - 1 {
            // A block's last line must show the block is one paragraph (see last_line_joins).
            let joins = *last_joins.get_or_insert_with(|| {
                (wrap.blank_paragraphs && wrap.exact) || last_line_joins(&bodies, &sizes, FULL_RATIO * width as f64)
            });
            if !joins {
                decision = None;
            }
        }
        if decision.is_some() && !wrap.exact && starts_with_note_mark(next_body) && !is_py_isdigit(body[body.len() - 1]) {
            // The rest of the printed line after a superscript note mark (`…结构` + `1。`,
            // PyMuPDF): the break after it is judged on the printed line's width.
            sizes[index + 1] += sizes[index];
        }
        opens = decision.is_none();
        match decision {
            Some((Separator::DropHyphen, _)) => edits.push(Edit::new("line-wrap", start - 1, end, "")),
            Some((Separator::Nothing, _)) => edits.push(Edit::new("line-wrap", start, end, "")),
            Some((Separator::Space, _)) => edits.push(Edit::new("line-wrap", start, end, " ")),
            None => {
                if breaks {
                    // (`_paragraph_break` on the block's lines.)
                    let both_rows = table_row(chars[index]) && table_row(chars[index + 1]);
                    if !both_rows {
                        edits.push(Edit::new("paragraph-breaks", start, end, "\n\n"));
                    }
                }
            }
        }
    }
}

/// What replaces a wrapped line break: a space, nothing, or nothing and the hyphen before it.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Separator {
    Space,
    Nothing,
    DropHyphen,
}

impl Separator {
    fn text(self) -> &'static str {
        match self {
            Separator::Space => " ",
            _ => "",
        }
    }
}

/// `_decide`: whether the break after line `index` (`body`, spaces stripped) is a wrap: None
/// if it is not, else what replaces it and whether the decision rests on the width. `opens`:
/// the line is the first of its paragraph.
#[allow(clippy::too_many_arguments)]
fn decide(
    body: &[char],
    next_body: &[char],
    index: usize,
    lines: &[&[char]],
    size: usize,
    unit: (usize, usize),
    wrap: &Wrap,
    evidence: &Evidence,
    width: usize,
    indented: Option<&[bool]>,
    opens: bool,
) -> Option<(Separator, bool)> {
    let first_char = next_body[0];
    let line = lines[index];
    if table_row(line) && table_row(lines[index + 1]) {
        return None;
    }
    let end_char = body[body.len() - 1];
    let cjk_next = is_cjk(first_char);
    // (A note mark after a digit would make one number of two: the number cue decides.)
    if never_starts(first_char) || (starts_with_note_mark(next_body) && !is_py_isdigit(end_char)) {
        let separator = if cjk_next || is_cjk(end_char) { Separator::Nothing } else { Separator::Space };
        return Some((separator, false));
    }
    // (-L is not a bullet: "-", "+", "*" start a list item only before a space or alone.)
    // (Nor is a hyphen a tool's wrap left alone on a line: `Wi` + `-` + `Fi`.)
    let bullet_like = (!matches!(first_char, '-' | '+' | '*') || next_body.get(1).is_none_or(|&c| is_hspace(c)))
        && !(wrap.greedy && rstrip_hspace(next_body) == ['-']);
    if line_marker(next_body) && bullet_like && !(is_py_isdigit(end_char) && is_py_isdigit(first_char)) {
        return None; // (230.\n85 is a number, not a list)
    }
    if is_field(line) && (!wrap.greedy || is_field(lines[index + 1])) {
        // (In a tool's wrap a field's value may go on to the next line: fullness decides.)
        return None;
    }
    if !room_left(body, next_body, size, wrap, width) {
        // (A tool that left room for the next character broke at a space: these do not apply.)
        if const { AsciiSet::of("./@:_-") }.contains(end_char) && ends_inside_address(body) && !cjk_next {
            return Some((Separator::Nothing, false));
        }
        if matches!(end_char, '.' | ',' | '\u{3002}' | '\u{ff0e}' | '\u{ff0c}') && is_py_isdigit(first_char) && body.len() > 1 && is_py_isdigit(body[body.len() - 2]) {
            // A number cut at its decimal point or thousands separator, or two numbers: one
            // only with evidence (ADR 0007).
            return if number_cut(body, next_body, size, wrap, width) { Some((Separator::Nothing, false)) } else { None };
        }
        if is_py_isdigit(end_char)
            && is_py_isdigit(first_char)
            && last_chunk(body).iter().any(|&c| is_cjk(c))
            && !number_cut(body, next_body, size, wrap, width)
        {
            return None; // (joined, the separator would make one number of the two)
        }
        if ends_with_scheme(body) {
            return Some((Separator::Nothing, false));
        }
    }
    let before_end = if body.len() >= 2 { Some(body[body.len() - 2]) } else { None };
    if end_char == '-' && before_end.is_some_and(|c| c.is_ascii_lowercase()) && first_char.is_ascii_lowercase() {
        // A word cut at a hyphen (lines seldom end with one otherwise), whatever the width.
        return Some((hyphen_join(body, next_body, evidence), false));
    }
    if !full(size, unit, body, wrap, width) {
        return None;
    }
    if end_char == '-' && first_char.is_ascii_alphanumeric() && before_end.is_some_and(is_py_alnum) {
        return Some((hyphen_join(body, next_body, evidence), false));
    }
    if indented.is_some_and(|flags| flags[index + 1]) {
        return None; // a first-line indent starts a paragraph
    }
    if ends_sentence(body) {
        let final_mark = body[body.iter().rposition(|&c| !is_closer(c)).unwrap_or(0)];
        if !(matches!(final_mark, '.' | ';' | '!' | '?')
            || wrap.blank_paragraphs
            || indented.is_some_and(|flags| !flags[index + 1])
            || reaches_width(size, wrap)
            || (opens && within_spread(size, final_mark, wrap) && !ends_sentence(rstrip_hspace(next_body)))
            || (!opens && within_spread(size, final_mark, wrap) && last_sentence(next_body, size, wrap)))
        {
            return None;
        }
    }
    Some((separator_kind(body, next_body, wrap, evidence, width, size, index + 2 < lines.len()), true))
}

/// `_last_sentence`: after a paragraph's later line that ends a sentence within the spread, the
/// next line ends a sentence itself short of the spread and is at least half as wide as the
/// line before: the paragraph's last line (a closing formula, `特此通知。`, keeps its own).
fn last_sentence(next_body: &[char], size: usize, wrap: &Wrap) -> bool {
    let body = rstrip_hspace(next_body);
    if !ends_sentence(body) {
        return false;
    }
    let next_size = wrap.measure(body);
    let final_mark = body[body.iter().rposition(|&c| !is_closer(c)).unwrap_or(0)];
    !within_spread(next_size, final_mark, wrap) && next_size * 2 >= size
}

/// `_room_left`: in a greedy wrap, the line had room for the next line's first character (and
/// does not end with a hyphen), so the tool broke at a space there.
/// `_number_cut`: digits on both sides of a break are one number a wrap cut: a tool's exact
/// wrap and a full line (the next character would not have fitted), or a thousands group goes
/// on (`1,` + `000`).
fn number_cut(body: &[char], next_body: &[char], size: usize, wrap: &Wrap, width: usize) -> bool {
    if wrap.exact && size + wrap.measure(&next_body[..1]) > width {
        return true;
    }
    body.last() == Some(&',') && thousands_group(body, next_body)
}

/// `_thousands_group`: `body` ends with a number in thousands groups up to a comma, and
/// `next_body` starts with exactly three ASCII digits.
fn thousands_group(body: &[char], next_body: &[char]) -> bool {
    if next_body.iter().take_while(|c| c.is_ascii_digit()).count() != 3 {
        return false;
    }
    let mut index = body.len() - 1; // the comma
    loop {
        let mut start = index;
        while start > 0 && body[start - 1].is_ascii_digit() {
            start -= 1;
        }
        let digits = index - start;
        if start == 0 || body[start - 1] != ',' {
            return (1..=3).contains(&digits);
        }
        if digits != 3 {
            return false;
        }
        index = start - 1;
    }
}

fn room_left(body: &[char], next_body: &[char], size: usize, wrap: &Wrap, width: usize) -> bool {
    wrap.greedy && body.last() != Some(&'-') && size + wrap.measure(&next_body[..1]) <= width
}

/// `_hyphen_join`: drop the hyphen if `body` ends with a word split by a hyphen that the
/// document writes whole elsewhere (and not hyphenated); when unsure, the hyphen stays.
fn hyphen_join(body: &[char], next_body: &[char], evidence: &Evidence) -> Separator {
    let head = last_chunk(body);
    let tail = first_chunk(next_body);
    if head.is_empty() || tail.is_empty() {
        return Separator::Nothing;
    }
    let left = &head[..head.len() - 1];
    let right = tail;
    if left.is_empty() || !left.iter().all(|c| c.is_ascii_alphabetic()) || !right.iter().all(|c| c.is_ascii_lowercase()) {
        return Separator::Nothing;
    }
    let left: String = left.iter().map(|c| c.to_ascii_lowercase()).collect();
    let right: String = right.iter().collect();
    if evidence.words.contains(&format!("{left}{right}")) && !evidence.compounds.contains(&format!("{left}-{right}")) {
        Separator::DropHyphen
    } else {
        Separator::Nothing
    }
}

/// `_separator` as a string.
fn separator(body: &[char], next_body: &[char], wrap: &Wrap, evidence: &Evidence, width: usize, size: usize, continues: bool) -> &'static str {
    separator_kind(body, next_body, wrap, evidence, width, size, continues).text()
}

/// `_separator`: nothing next to Chinese; between Latin words a space, unless a fixed-width
/// wrapper cut a run longer than the width there, or a number glued to Chinese was cut.
/// `continues`: another line follows the next one in the block (a run filling the next line
/// may go on there).
fn separator_kind(
    body: &[char],
    next_body: &[char],
    wrap: &Wrap,
    evidence: &Evidence,
    width: usize,
    size: usize,
    continues: bool,
) -> Separator {
    if room_left(body, next_body, size, wrap, width) {
        return Separator::Space; // a tool that left room broke at a space
    }
    let end_char = body[body.len() - 1];
    if wrap.greedy && end_char == '-' && (body.len() == 1 || !is_hspace(body[body.len() - 2])) {
        return Separator::Nothing; // a tool broke after a word's hyphen: it stays, nothing after it
    }
    if is_cjk(end_char) || is_cjk(next_body[0]) {
        return Separator::Nothing;
    }
    if is_py_isdigit(end_char) && is_py_isdigit(next_body[0]) && last_chunk(body).iter().any(|&c| is_cjk(c)) {
        return Separator::Nothing;
    }
    // A wrapper cuts a run only to fill the line: with room left for the next character, the
    // break was at a space.
    if wrap.exact && size + wrap.measure(&next_body[..1]) > width {
        let head = last_chunk(body);
        let tail = first_chunk(next_body);
        if !head.is_empty() && !tail.is_empty() {
            let run: Vec<char> = head.iter().chain(tail).copied().collect();
            let longer = wrap.measure(&run) > width;
            if !wrap.greedy {
                if longer {
                    return Separator::Nothing;
                }
            } else {
                // The tool's own pieces: it may break after a hyphen between letters.
                let hyphen = word_hyphen(tail);
                let piece = hyphen.map_or(tail, |at| &tail[..at + 1]);
                let from = (1..head.len().saturating_sub(1))
                    .rev()
                    .find(|&at| head[at] == '-' && is_word_letter(head[at - 1]) && is_word_letter(head[at + 1]))
                    .map_or(0, |at| at + 1);
                let run: Vec<char> = head[from..].iter().chain(piece).copied().collect();
                // (A next line ending with a hyphen was broken after it: the run ends there.)
                let rest = rstrip_hspace(next_body);
                let whole_line = hyphen.is_none() && tail.len() == rest.len() && rest.last() != Some(&'-');
                if (wrap.measure(&run) > width || (continues && whole_line)) && !word_starts(body, next_body, evidence) {
                    return Separator::Nothing;
                }
            }
        }
    }
    Separator::Space
}

/// `_word_starts`: at an exactly full line between two Latin runs, a new word is taken to start
/// when the next line starts an address or a capital follows a lowercase letter.
fn word_starts(body: &[char], next_body: &[char], evidence: &Evidence) -> bool {
    let starts = |prefix: &str| next_body.len() >= prefix.len() && next_body.iter().zip(prefix.chars()).all(|(&a, b)| a == b);
    if starts("http://") || starts("https://") || starts("ftp://") || starts("www.") {
        return true;
    }
    if body.last().is_some_and(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        && next_body.first().is_some_and(|c| c.is_ascii_uppercase())
        && next_body.get(1).is_some_and(|c| c.is_ascii_lowercase())
    {
        return true;
    }
    let start = body.len() - body.iter().rev().take_while(|&&c| is_host_char(c)).count();
    if host_tail(&body[start..]).is_some_and(|host| evidence.hosts.contains(&host)) {
        return true; // a name the document writes whole, ended by something else
    }
    let head = body.len() - body.iter().rev().take_while(|c| c.is_ascii_alphabetic()).count();
    let tail = run_at(next_body, 0, |c| c.is_ascii_alphabetic());
    if head == body.len() || tail == 0 {
        return false;
    }
    let lower = |part: &[char]| part.iter().map(|c| c.to_ascii_lowercase()).collect::<String>();
    let (left, right) = (lower(&body[head..]), lower(&next_body[..tail]));
    let inner = &evidence.inner_words;
    inner.contains(&left) && inner.contains(&right) && !inner.contains(&format!("{left}{right}"))
}

#[cfg(test)]
#[path = "lines_cue7b_tests.rs"]
mod cue7b_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Spacing;

    fn run(id: &str, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let context = Context::new(Spacing::Compact, Vec::new(), None);
        crate::text::applied(&chars, crate::rules::step_edits(&[id], &chars, &context).unwrap())
    }

    #[test]
    fn examples() {
        assert_eq!(run("blank-lines", "\n\n\u{7b2c}\u{4e00}\u{3002}\n\n\n\n\u{7b2c}\u{4e8c}\u{3002}"), "\u{7b2c}\u{4e00}\u{3002}\n\n\u{7b2c}\u{4e8c}\u{3002}\n");
        assert_eq!(run("blank-lines", "\n\n"), "");
        assert_eq!(run("line-edge-whitespace", "\u{3000}\u{3000}\u{6b63}\u{6587}\u{3002}  \n"), "\u{6b63}\u{6587}\u{3002}\n");
        assert_eq!(run("paragraph-breaks", "\u{5173}\u{4e8e}\n\u{5404}\u{5b66}\u{9662}\u{ff1a}"), "\u{5173}\u{4e8e}\n\n\u{5404}\u{5b66}\u{9662}\u{ff1a}");
        assert_eq!(run("paragraph-breaks", "| a |\n| b |\n"), "| a |\n| b |\n");
        assert_eq!(run("paragraph-breaks", "def f():\n  return 1;\n"), "def f():\n  return 1;\n");
    }

    #[test]
    fn line_wrap_examples() {
        let joint = |text: &str| -> String {
            let chars: Vec<char> = text.chars().collect();
            let context = Context::new(Spacing::Compact, Vec::new(), None);
            let edits = crate::rules::step_edits(&["line-wrap", "paragraph-breaks"], &chars, &context).unwrap();
            crate::text::applied(&chars, edits)
        };
        let han = "\u{6570}\u{5b57}\u{7ecf}\u{6d4e}\u{662f}\u{7ee7}\u{519c}\u{4e1a}\u{7ecf}\u{6d4e}\u{3001}\u{5de5}\u{4e1a}\u{7ecf}\u{6d4e}\u{4e4b}\u{540e}\u{7684}\u{4e3b}\u{8981}\u{7ecf}\u{6d4e}\u{5f62}\u{6001}\u{ff0c}\u{662f}\u{4ee5}\u{6570}";
        let tail = "\u{636e}\u{8d44}\u{6e90}\u{4e3a}\u{5173}\u{952e}\u{8981}\u{7d20}\u{3002}";
        assert_eq!(run("line-wrap", &format!("{han}\n{tail}")), format!("{han}{tail}"));
        assert_eq!(
            run(
                "line-wrap",
                "It is an international standard: inter-\nnational bodies and most of the coun-\ntries use it; write to debian-\nuser@lists.debian.org, as countries do."
            ),
            "It is an international standard: international bodies and most of the countries use it; write to debian-user@lists.debian.org, as countries do."
        );
        // A title stays a paragraph of its own; a field line too.
        assert_eq!(joint("\u{5173}\u{4e8e}\u{901a}\u{77e5}\n\u{5404}\u{5b66}\u{9662}\u{ff1a}"), "\u{5173}\u{4e8e}\u{901a}\u{77e5}\n\n\u{5404}\u{5b66}\u{9662}\u{ff1a}");
    }

    #[test]
    fn evidence() {
        let chars = |text: &str| text.chars().collect::<Vec<char>>();
        let line = "\u{6570}\u{5b57}\u{7ecf}\u{6d4e}".repeat(5);
        let document = format!("{line}\n").repeat(12) + "\n" + &format!("{line}\n").repeat(12);
        let evidence = document_evidence(&chars(&document));
        assert!(evidence.wrap.exact);
        assert_eq!((evidence.wrap.width, evidence.wrap.unit), (40, Unit::Columns));
        assert!(evidence.wrap.blank_paragraphs);
        let LatinWords { words, compounds, inner } = latin_words(&chars("well-known inter-national abc -xyz abcd- Ab"));
        assert!(words.contains("abc") && !words.contains("xyz") && !words.contains("abcd") && !words.contains("ab"));
        assert!(compounds.contains("well-known") && compounds.contains("inter-national"));
        // Inner words touch neither end of their line (spaces at the ends not counted).
        assert!(inner.contains("known") && inner.contains("abc") && !inner.contains("well") && !inner.contains("ab"));
        let inner = latin_words(&chars(" \u{3000}one two\tthree \nfour five six\nseven")).inner;
        let mut inner: Vec<&str> = inner.iter().map(String::as_str).collect();
        inner.sort_unstable();
        assert_eq!(inner, ["five", "two"]);
        assert_eq!(wrap_width(&[5, 5, 5, 9], 0), (5, 0.0));
        assert_eq!(wrap_width(&[5, 5, 5], 0), (5, 1.0));
        assert!(line_marker(&chars("(12)")) && !line_marker(&chars("(1234)")) && !line_marker(&chars("1.5")));
        assert!(line_marker(&chars("\u{7b2c}\u{5341}\u{7ae0}")) && line_marker(&chars("\u{2487}")));
        assert!(is_field(&chars("\u{3000}\u{9644}\u{4ef6}\u{ff1a}a b ")) && !is_field(&chars("\u{9644}\u{4ef6}\u{ff1a}a,b")));
        assert!(starts_with_note_mark(&chars("2\u{3002}x")) && starts_with_note_mark(&chars("123\u{ff0c}")));
        assert!(!starts_with_note_mark(&chars("1234\u{3002}")) && !starts_with_note_mark(&chars("1\u{3001}")) && !starts_with_note_mark(&chars("1,000")));
        assert!(!starts_with_note_mark(&chars("12")) && !starts_with_note_mark(&chars("\u{3002}")));
        // An exact wrap has no floor.
        assert_eq!(evidence.wrap.floor, 0);
    }

    #[test]
    fn spread_floor_is_the_tenth_percentile_of_wrapped_lines() {
        let wrap = Wrap { unit: Unit::Chars, ..NO_WRAP };
        let lines: Vec<Vec<char>> = [10, 11, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12]
            .iter()
            .map(|&n| std::iter::repeat_n('a', n).collect())
            .collect();
        let refs: Vec<&[char]> = lines.iter().map(|line| line.as_slice()).collect();
        assert_eq!(spread_floor(&refs, &wrap, 12), 11);
        // Lines below three quarters of the width and lines that end a sentence do not count.
        let mut ended: Vec<Vec<char>> = lines.clone();
        for line in ended.iter_mut().take(8) {
            line.push('.');
        }
        let refs: Vec<&[char]> = ended.iter().map(|line| line.as_slice()).collect();
        assert_eq!(spread_floor(&refs, &wrap, 12), 0);
        assert_eq!(spread_floor(&refs[..4], &wrap, 12), 0);
    }

    #[test]
    fn multiline_block() {
        let check = |text: &str| has_multiline_block(&text.chars().collect::<Vec<_>>());
        assert!(!check("a\n"));
        assert!(!check("a\n\nb\n"));
        assert!(check("a\nb\n"));
        assert!(check("a\n\n\nb\n"));
        assert!(!check("abc"));
    }
}
