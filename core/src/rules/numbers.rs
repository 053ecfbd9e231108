//! `src/wenben/rules/numbers.py` of the reference: full-width separators inside a number made
//! ASCII (`number-punctuation`), spaces inside a number removed where unambiguous
//! (`number-spacing`), letters OCR read for digits inside a number (`ocr-digits`).
//!
//! None of these rules changes a digit's value, and none joins two digit runs a space
//! separates (`12 34`, `1 000 000`, `230 .85`, `1 。 12` stay): they only remove spaces before
//! a percent sign, or swap a separator written tight between digits for its ASCII form.
//!
//! The reference's patterns are hand-written scanners here; each function says which pattern
//! it stands for and why the scan finds the same matches.

use super::{Implementation, Rule};
use crate::chars::{in_ranges, is_cjk, is_cjk_letter, is_hspace, is_py_alpha};
use crate::nearby::{Kind, Nearest};
use crate::tables;
use crate::text::{Context, Edit};

/// The rules of this module the core implements.
pub fn lookup(id: &str) -> Option<Rule> {
    match id {
        // The reference gives ocr-digits `triggers` (characters one of which must occur), not a
        // `quick`; the same test serves as the quick one here: without them it cannot edit.
        // number-spacing has both (spaces; a percent sign or a colon): the second is the quick test.
        "ocr-digits" => Some(Rule {
            id: "ocr-digits",
            implementation: Implementation::Single(ocr_digits),
            quick: Some(has_ocr_letter),
        }),
        "number-spacing" => Some(Rule {
            id: "number-spacing",
            implementation: Implementation::Single(number_spacing),
            quick: Some(has_percent_or_colon),
        }),
        "number-punctuation" => Some(Rule {
            id: "number-punctuation",
            implementation: Implementation::Single(number_punctuation),
            quick: Some(number_punctuation_quick),
        }),
        _ => None,
    }
}

/// `number-spacing`'s quick test: every edit is before a percent sign or after a colon.
pub fn has_percent_or_colon(text: &[char]) -> bool {
    text.iter().any(|&c| matches!(c, '%' | '\u{ff05}' | ':'))
}

/// `ocr-digits`' triggers ("OolI"): every token it fixes holds one of them.
pub fn has_ocr_letter(text: &[char]) -> bool {
    text.iter().any(|&c| ocr_digit_for(c).is_some())
}

// --- shared helpers ----------------------------------------------------------------------------

/// `[0-9]` of a Python pattern: ASCII digits only.
#[inline]
fn is_digit(c: char) -> bool {
    c.is_ascii_digit()
}

/// `str.isdigit()` of one character (wider than `[0-9]`: superscripts, circled digits, ...).
#[inline]
fn is_py_isdigit(c: char) -> bool {
    in_ranges(tables::PY_ISDIGIT, c)
}

/// `text[start:end].isdigit()`: every character is a digit, and there is at least one.
fn all_isdigit(text: &[char], start: usize, end: usize) -> bool {
    start < end && text[start..end].iter().all(|&c| is_py_isdigit(c))
}

/// `_SPACES.match(text, index).end()`: the end of the run of horizontal space at `index`.
fn skip_spaces(text: &[char], index: usize) -> usize {
    let mut end = index;
    while end < text.len() && is_hspace(text[end]) {
        end += 1;
    }
    end
}

/// `_CJK_LETTER.match(letter)` on what `Nearest` found ("" matches nothing).
fn cjk_letter(letter: Option<char>) -> bool {
    letter.is_some_and(is_cjk_letter)
}

// --- number-punctuation ------------------------------------------------------------------------

/// `_DATE_TIME_UNIT`: units that follow a number starting a new sentence (2021年, 5月).
fn is_date_time_unit(c: char) -> bool {
    matches!(
        c,
        '\u{5e74}' | '\u{6708}' | '\u{65e5}' | '\u{53f7}' | '\u{65f6}' | '\u{70b9}' | '\u{5206}' | '\u{79d2}' | '\u{65ec}'
            | '\u{5c4a}' | '\u{671f}'
    )
}

/// `_TWO_DIGIT_MINUTES.match(text, at)`: `[0-5][0-9](?![0-9])`.
fn two_digit_minutes(text: &[char], at: usize) -> bool {
    at + 1 < text.len()
        && ('0'..='5').contains(&text[at])
        && is_digit(text[at + 1])
        && !text.get(at + 2).is_some_and(|&c| is_digit(c))
}

/// `is_time_colon`: whether a colon between the digit that ends at `digits_end` and
/// `text[after..]` is the colon of a time: 10:30, but not 2020:30.
pub fn is_time_colon(text: &[char], digits_end: usize, after: usize) -> bool {
    two_digit_minutes(text, after) && !(digits_end >= 3 && all_isdigit(text, digits_end - 3, digits_end))
}

/// `_DECIMAL_DIGITS.match(text, at)`: `[0-9]{1,3}(?![0-9])(?![SP]*<date-time unit>)`.
/// Backtracking never helps (a shorter run is followed by a digit), so: a run of one to three
/// digits not followed by a digit, nor by spaces and a unit (the spaced profile puts a space
/// before the unit: 6。2 日).
fn decimal_digits(text: &[char], at: usize) -> bool {
    let mut end = at;
    while end < text.len() && end - at < 3 && is_digit(text[end]) {
        end += 1;
    }
    end > at
        && !text.get(end).is_some_and(|&c| is_digit(c))
        && !text.get(skip_spaces(text, end)).is_some_and(|&c| is_date_time_unit(c))
}

/// `_numeric_separator`: whether the full-width mark at `index` (after the digit that ends at
/// `digits_end`, and before `text[after..]`, spaces skipped) is part of the number.
fn numeric_separator(text: &[char], digits_end: usize, index: usize, after: usize) -> bool {
    match text[index] {
        '\u{ff05}' => true, // 50％
        // 230．85, 2020－07－15, 1／2 (following.isdigit() and following.isascii())
        '\u{ff0e}' | '\u{ff0d}' | '\u{ff0f}' => text.get(after).is_some_and(|&c| is_digit(c)),
        '\u{ff1a}' => is_time_colon(text, digits_end, after), // 10：30, but not 2020：30
        // 230。85, but not 100。2021年 (a sentence ends, the next starts with a year)
        _ => decimal_digits(text, after),
    }
}

/// The marks `_MARK_AFTER_NUMBER` looks for.
fn is_number_mark(c: char) -> bool {
    matches!(c, '\u{ff0e}' | '\u{ff1a}' | '\u{ff0d}' | '\u{ff0f}' | '\u{ff05}' | '\u{3002}')
}

/// `_numeric_separators`: the marks that may separate parts of a number, as `(digit, mark)`
/// index pairs in text order: each of ．：－／。 written tight between two digits (a space next
/// to it separates two numbers: 共有 1 。 12 人, issue 12), and each ％ whose last character
/// before it, spaces skipped, is a digit.
///
/// The reference runs one pattern per mark and sorts the pairs by digit; a mark's digit is the
/// first non-space before it, so the digits are in the order of the marks, as this one scan
/// finds them.
fn numeric_separators(text: &[char]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    for (index, &mark) in text.iter().enumerate() {
        if !is_number_mark(mark) || index == 0 {
            continue;
        }
        if mark != '\u{ff05}' {
            // `_MARK_AFTER_NUMBER`: a digit right before the mark and right after it.
            if is_digit(text[index - 1]) && text.get(index + 1).is_some_and(|&c| is_digit(c)) {
                found.push((index - 1, index));
            }
            continue;
        }
        // The look-behind (a digit or a space before the mark) and the walk back over spaces.
        let mut digit = index;
        while digit > 0 && is_hspace(text[digit - 1]) {
            digit -= 1;
        }
        if digit > 0 && is_digit(text[digit - 1]) {
            found.push((digit - 1, index));
        }
    }
    found
}

/// `_digits_in_word`: whether the run of digits ending at `text[digit]` is glued to a letter
/// before it (`DotGothic16`, `iPhone15`, `Ａ４`): a word, not a number that goes on.
fn digits_in_word(text: &[char], digit: usize) -> bool {
    let mut start = digit;
    while start > 0 && is_digit(text[start - 1]) {
        start -= 1;
    }
    start > 0 && ((is_py_alpha(text[start - 1]) && !is_cjk(text[start - 1])) || text[start - 1] == '_')
}

/// `_TO_ASCII`.
fn to_ascii(mark: char) -> &'static str {
    match mark {
        '\u{ff0e}' | '\u{3002}' => ".",
        '\u{ff1a}' => ":",
        '\u{ff0d}' => "-",
        '\u{ff0f}' => "/",
        _ => "%", // ％
    }
}

/// The quick test of `number-punctuation`: one of ．：－／％ occurs, or 。 then a digit
/// (`_FULL_STOP_THEN_DIGIT`).
pub fn number_punctuation_quick(text: &[char]) -> bool {
    text.iter().enumerate().any(|(index, &c)| match c {
        '\u{ff0e}' | '\u{ff1a}' | '\u{ff0d}' | '\u{ff0f}' | '\u{ff05}' => true,
        '\u{3002}' => text.get(index + 1).is_some_and(|&c| is_digit(c)),
        _ => false,
    })
}

/// `number-punctuation`: a full-width separator inside a number becomes ASCII, with the spaces
/// around it (spacing would remove them next to the full-width mark).
fn number_punctuation(text: &[char], _context: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    for (digit, index) in numeric_separators(text) {
        let digits_end = digit + 1;
        let mark = text[index];
        let after = skip_spaces(text, index + 1);
        if !numeric_separator(text, digits_end, index, after) {
            continue;
        }
        if mark == '\u{3002}' && digits_in_word(text, digit) {
            continue; // DotGothic16。7款: the digits end a name, the 。 ends a sentence
        }
        // 50 ％ keeps what follows the percent sign.
        let end = if mark == '\u{ff05}' { index + 1 } else { after };
        edits.push(Edit::new("", digits_end, end, to_ascii(mark)));
    }
    edits
}

// --- number-spacing ----------------------------------------------------------------------------

/// `_chinese_around`: the nearest letter before `start` or after `end` is a Chinese character
/// (spaces, digits and punctuation skipped: later rules change punctuation).
fn chinese_around(letters: &mut Nearest, start: usize, end: usize) -> bool {
    cjk_letter(letters.before(start)) || cjk_letter(letters.after(end))
}

/// `_SPACED_TIME.match(text, start)` for a digit at `start`: `[0-9]:(SP+)(?=[0-5][0-9](?![0-9]))`;
/// the end of the spaces. (The run of spaces is taken whole: fewer would leave a space where
/// a digit must be.)
fn spaced_time(text: &[char], start: usize) -> Option<usize> {
    if text.get(start + 1) != Some(&':') {
        return None;
    }
    let end = skip_spaces(text, start + 2);
    (end > start + 2 && two_digit_minutes(text, end)).then_some(end)
}

/// `number-spacing`: the spaces between a digit and a percent sign go, next to Chinese
/// (`_SPACED_PERCENT`: `[0-9](SP+)[%％]`), and the spaces after a time's ASCII colon
/// (`_SPACED_TIME`: 17: 00, as line-wrap joins a time wrapped after its colon). A space before
/// a decimal point or a colon stays (230 .85, 10 :30): it may separate two numbers, and digit
/// runs are never joined.
fn number_spacing(text: &[char], _context: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut letters: Option<Nearest> = None;
    // finditer's matches: a digit, then spaces and a percent sign, or a colon and spaces; a
    // match holds no digit but its first, so every digit is tried. The two patterns never
    // start at one digit (a space or a colon follows it), so one scan gives the reference's
    // edits in the order of their starts.
    for start in 0..text.len() {
        if !is_digit(text[start]) {
            continue;
        }
        let spaces_end = skip_spaces(text, start + 1);
        if spaces_end > start + 1 && matches!(text.get(spaces_end), Some('%' | '\u{ff05}')) {
            // Only next to Chinese (25 % of the pages stays), judged from the nearest letters.
            let letters = letters.get_or_insert_with(|| Nearest::new(text, Kind::Letter));
            if chinese_around(letters, start, spaces_end + 1) {
                edits.push(Edit::new("", start + 1, spaces_end, ""));
            }
            continue;
        }
        let Some(time_end) = spaced_time(text, start) else {
            continue;
        };
        if start >= 2 && all_isdigit(text, start - 2, start) {
            continue; // three digits before the colon: no hour
        }
        let hour = if start > 0 && is_py_isdigit(text[start - 1]) { start - 1 } else { start };
        let letters = letters.get_or_insert_with(|| Nearest::new(text, Kind::Letter));
        if chinese_around(letters, hour, time_end + 2) {
            edits.push(Edit::new("", start + 1, time_end, ":"));
        }
    }
    edits
}

// --- ocr-digits --------------------------------------------------------------------------------

/// `_OCR_DIGIT_FOR`: letters that OCR reads for digits, and the digit they stand for.
fn ocr_digit_for(c: char) -> Option<char> {
    match c {
        'O' | 'o' => Some('0'),
        'l' | 'I' => Some('1'),
        _ => None,
    }
}

/// `[0-9OolI]`.
fn is_token_char(c: char) -> bool {
    is_digit(c) || ocr_digit_for(c).is_some()
}

/// `_NUMBER_UNIT`.
fn is_number_unit(c: char) -> bool {
    matches!(
        c,
        '\u{5e74}'
            | '\u{6708}'
            | '\u{65e5}'
            | '\u{53f7}'
            | '\u{65f6}'
            | '\u{70b9}'
            | '\u{5206}'
            | '\u{79d2}'
            | '\u{4e07}'
            | '\u{4ebf}'
            | '\u{5143}'
            | '\u{4e2a}'
            | '\u{4eba}'
            | '\u{6b21}'
            | '\u{5bb6}'
            | '\u{9879}'
            | '\u{5428}'
            | '\u{7c73}'
            | '%'
            | '\u{ff05}'
    )
}

/// `_MIXED_TOKEN.match(text, start)`: the end of the word at `start` if it is one the pattern
/// takes: a whole run of `[0-9OolI]` that starts a word (no ASCII letter or digit before it)
/// and ends one (none after it), holds a letter, and has a digit with at most 12 characters on
/// either side. (The pattern's token ends where the run ends: a shorter one would be followed
/// by a letter or digit.)
fn mixed_token(text: &[char], start: usize) -> Option<usize> {
    if !is_token_char(text[start]) || (start > 0 && text[start - 1].is_ascii_alphanumeric()) {
        return None;
    }
    let mut end = start;
    while end < text.len() && is_token_char(text[end]) {
        end += 1;
    }
    if text.get(end).is_some_and(|c| c.is_ascii_alphanumeric()) {
        return None;
    }
    let token = &text[start..end];
    if token.iter().all(|&c| is_digit(c)) {
        return None; // no letter in it
    }
    // Offset k of a digit: k <= 12 characters before it, len - 1 - k <= 12 after it.
    let first = token.len().saturating_sub(13);
    let last = (token.len() - 1).min(12);
    (first..=last).any(|k| is_digit(token[k])).then_some(end)
}

/// `ocr-digits`: in a word of digits and O, o, l, I, the letters become digits when a unit
/// follows (2O20年), or when digits outnumber letters and Chinese letters are on both sides.
fn ocr_digits(text: &[char], _context: &Context) -> Vec<Edit> {
    let mut edits = Vec::new();
    let mut nearest: Option<Nearest> = None;
    let mut start = 0;
    while start < text.len() {
        let Some(end) = mixed_token(text, start) else {
            start += 1;
            continue;
        };
        let token = &text[start..end];
        let letters = token.iter().filter(|&&c| ocr_digit_for(c).is_some()).count();
        let digits = token.len() - letters;
        let after = skip_spaces(text, end);
        let unit_after = text.get(after).is_some_and(|&c| is_number_unit(c));
        let fix = unit_after || {
            letters < digits && {
                let near = nearest.get_or_insert_with(|| Nearest::new(text, Kind::LetterOrDigit));
                cjk_letter(near.before(start)) && cjk_letter(near.after(end))
            }
        };
        if fix {
            let fixed: String = token.iter().map(|&c| ocr_digit_for(c).unwrap_or(c)).collect();
            edits.push(Edit::new("", start, end, fixed));
        }
        start = end;
    }
    edits
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::Spacing;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    /// The text once the rule's edits (disjoint, in order) are applied.
    fn applied(rule: fn(&[char], &Context) -> Vec<Edit>, text: &str) -> String {
        let text = chars(text);
        crate::text::applied(&text, rule(&text, &Context::new(Spacing::Compact, Vec::new(), None)))
    }

    #[test]
    fn time_colons() {
        let text = chars("10:30 2020:30 10:3 10:300 10:60 \u{b2}\u{b2}5:30");
        assert!(is_time_colon(&text, 2, 3));
        assert!(!is_time_colon(&text, 10, 11)); // four digits before
        assert!(!is_time_colon(&text, 16, 17)); // one digit after
        assert!(!is_time_colon(&text, 21, 22)); // three digits after
        assert!(!is_time_colon(&text, 28, 29)); // 60 is no minute
        assert!(!is_time_colon(&text, 35, 36)); // str.isdigit() holds for the superscripts
    }

    #[test]
    fn separators_after_a_number() {
        let text = chars("1 \u{ff0e}5 a\u{ff0e}5 7\u{ff05} 8\u{3002} x 3\u{ff0e}4 5\u{3002}6");
        // Only tight between digits (a space next to the mark separates two numbers), but ％.
        assert_eq!(numeric_separators(&text), vec![(9, 10), (17, 18), (21, 22)]);
        assert!(!decimal_digits(&chars("2 \u{65e5}"), 0)); // spaced: 6。2 日
        assert!(decimal_digits(&chars("85\u{4ebf}"), 0));
        assert!(!decimal_digits(&chars("2021\u{5e74}"), 0));
        assert!(!decimal_digits(&chars("5\u{6708}"), 0));
        assert!(digits_in_word(&chars("DotGothic16"), 10));
        assert!(digits_in_word(&chars("_16"), 2));
        assert!(!digits_in_word(&chars("\u{4e2d}16"), 2));
        assert!(!digits_in_word(&chars("16"), 1));
        assert!(number_punctuation_quick(&chars("a\u{3002}7")));
        assert!(!number_punctuation_quick(&chars("a\u{3002}  7")));
        assert!(!number_punctuation_quick(&chars("a\u{3002}b 7")));
    }

    #[test]
    fn number_punctuation_examples() {
        assert_eq!(applied(number_punctuation, "\u{5171}230\u{ff0e}85\u{4ebf}"), "\u{5171}230.85\u{4ebf}");
        assert_eq!(applied(number_punctuation, "\u{5171}230\u{3002}85\u{4ebf}"), "\u{5171}230.85\u{4ebf}");
        assert_eq!(applied(number_punctuation, "\u{8fbe}\u{5230}100\u{3002}2021\u{5e74}"), "\u{8fbe}\u{5230}100\u{3002}2021\u{5e74}");
        assert_eq!(applied(number_punctuation, "DotGothic16\u{3002}7\u{6b3e}"), "DotGothic16\u{3002}7\u{6b3e}");
        assert_eq!(applied(number_punctuation, "10\u{ff1a}30"), "10:30");
        assert_eq!(applied(number_punctuation, "50 \u{ff05} \u{7684}"), "50% \u{7684}");
        // A mark with a space next to it joins no numbers (it did: 共有1.12人, issue 12).
        assert_eq!(applied(number_punctuation, "1 \u{3002} 12"), "1 \u{3002} 12");
        assert_eq!(applied(number_punctuation, "10 \u{ff1a}30"), "10 \u{ff1a}30");
    }

    #[test]
    fn number_spacing_never_joins_digit_groups() {
        assert_eq!(applied(number_spacing, "\u{5171}\u{6709} 1 000 000 \u{4eba}"), "\u{5171}\u{6709} 1 000 000 \u{4eba}");
        assert_eq!(applied(number_spacing, "\u{5408}\u{8ba1} 12 34 56"), "\u{5408}\u{8ba1} 12 34 56");
        assert_eq!(applied(number_spacing, "\u{589e}\u{957f} 230 .85"), "\u{589e}\u{957f} 230 .85");
        assert_eq!(applied(number_spacing, "\u{5360} 50 % \u{7684}"), "\u{5360} 50% \u{7684}");
        assert_eq!(applied(number_spacing, "on 25 % of the pages"), "on 25 % of the pages");
        assert_eq!(applied(number_spacing, "\u{4e0a}\u{5348} 10: 30"), "\u{4e0a}\u{5348} 10:30");
        assert_eq!(applied(number_spacing, "\u{4e0a}\u{5348} 100: 30"), "\u{4e0a}\u{5348} 100: 30");
        assert_eq!(applied(number_spacing, "\u{4e0a}\u{5348} 10 :30"), "\u{4e0a}\u{5348} 10 :30");
        assert_eq!(spaced_time(&chars("1: 30"), 0), Some(3));
        assert_eq!(spaced_time(&chars("1 :30"), 0), None);
        assert_eq!(spaced_time(&chars("1: 300"), 0), None);
        assert_eq!(applied(number_spacing, "\u{5360}50\u{3000}\u{ff05}"), "\u{5360}50\u{ff05}");
    }

    #[test]
    fn ocr_tokens() {
        assert_eq!(applied(ocr_digits, "2O20\u{5e74}"), "2020\u{5e74}");
        assert_eq!(applied(ocr_digits, "l5\u{65e5}"), "15\u{65e5}");
        assert_eq!(applied(ocr_digits, "H2O2\u{548c}O2O\u{548c}iOS"), "H2O2\u{548c}O2O\u{548c}iOS");
        assert_eq!(applied(ocr_digits, "\u{4e2d}1O1\u{6587}"), "\u{4e2d}101\u{6587}");
        let thirteen = chars(&format!("1{}", "O".repeat(12)));
        assert_eq!(mixed_token(&thirteen, 0), Some(13));
        let fourteen = chars(&format!("1{}", "O".repeat(13)));
        assert_eq!(mixed_token(&fourteen, 0), None);
        assert_eq!(mixed_token(&chars("2O20a"), 0), None);
        assert_eq!(mixed_token(&chars("a2O20"), 1), None);
        assert_eq!(mixed_token(&chars("2020"), 0), None);
    }

    #[test]
    fn registered() {
        for id in ["ocr-digits", "number-spacing", "number-punctuation"] {
            assert_eq!(lookup(id).map(|rule| rule.id), Some(id));
        }
        assert!(lookup("dash").is_none());
    }
}
