//! `src/wenben/rules/lines.py` of the reference: whitespace at line edges, blank lines, and the
//! `paragraph-breaks` half of the line-break pass (`_line_breaks` with `line-wrap` off).
//!
//! `line-wrap` (and the document evidence it reads) is not ported yet: while `lookup` has no
//! `line-wrap`, a pipeline that holds it runs the joint pass in the Python engine, so the joint
//! function here only ever sees `paragraph-breaks` enabled.

use super::{Implementation, Rule};
use crate::chars::{is_cjk, is_hspace, is_py_space, is_py_word};
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
/// Chinese in them.
fn looks_like_code(text: &[char], lines: &[Line]) -> bool {
    let mut foreign = 0;
    let mut code = 0;
    for line in lines {
        let chars = &text[line.start..line.end];
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

/// `_paragraph_break`: the break after `line` becomes one blank line (spaces around it go),
/// unless both lines are table rows.
fn paragraph_break(text: &[char], line: Line, next: Line) -> Option<Edit> {
    let chars = &text[line.start..line.end];
    let next_chars = &text[next.start..next.end];
    if table_row(chars) && table_row(next_chars) {
        return None;
    }
    let body_end = line.start + chars.iter().rposition(|&c| !is_hspace(c)).map_or(0, |i| i + 1);
    let next_start = next.start + next_chars.iter().position(|&c| !is_hspace(c)).unwrap_or(next_chars.len());
    Some(Edit::new("paragraph-breaks", body_end, next_start, "\n\n"))
}

/// `_line_breaks` with `line-wrap` off: every line break inside a block that is not code
/// becomes a paragraph break.
fn line_breaks(text: &[char], _context: &Context, enabled: &[&str]) -> Vec<Edit> {
    debug_assert!(!enabled.contains(&"line-wrap"), "line-wrap is not in the compiled core");
    let mut edits = Vec::new();
    if !enabled.contains(&"paragraph-breaks") {
        return edits;
    }
    for lines in blocks(text) {
        if looks_like_code(text, &lines) {
            continue;
        }
        for pair in lines.windows(2) {
            if let Some(edit) = paragraph_break(text, pair[0], pair[1]) {
                edits.push(edit);
            }
        }
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Spacing;

    fn run(id: &str, text: &str) -> String {
        let chars: Vec<char> = text.chars().collect();
        let context = Context::new(Spacing::Compact, Vec::new(), None);
        let mut edits = crate::rules::step_edits(&[id], &chars, &context).unwrap();
        edits.sort_by_key(|e| (e.start, e.end));
        let mut out = String::new();
        let mut at = 0;
        for edit in edits {
            out.extend(&chars[at..edit.start]);
            out.push_str(&edit.replacement);
            at = edit.end;
        }
        out.extend(&chars[at..]);
        out
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
    fn multiline_block() {
        let check = |text: &str| has_multiline_block(&text.chars().collect::<Vec<_>>());
        assert!(!check("a\n"));
        assert!(!check("a\n\nb\n"));
        assert!(check("a\nb\n"));
        assert!(check("a\n\n\nb\n"));
        assert!(!check("abc"));
    }
}
