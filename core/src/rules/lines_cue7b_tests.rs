//! Cue 7b's thresholds (`within_spread`, `last_sentence`), each at its boundary, with the same
//! table as tests/core/test_lines_cue7b_review.py holds the reference (`_within_spread`,
//! `_last_sentence`) to: `>=` on both, the final mark counted in display columns whatever the
//! document's unit, the next line's spaces stripped and its closers skipped.

use super::*;

fn wrap(unit: Unit, floor: usize, exact: bool) -> Wrap {
    Wrap { width: 20, unit, exact, floor, ..NO_WRAP }
}

/// (unit, floor, exact, size, final mark, within the spread)
const SPREAD: &[(Unit, usize, bool, usize, char, bool)] = &[
    (Unit::Columns, 10, false, 8, '\u{3002}', true), // 8 + 2 == 10
    (Unit::Columns, 10, false, 7, '\u{3002}', false),
    (Unit::Columns, 10, false, 9, '.', true), // 9 + 1 == 10
    (Unit::Columns, 10, false, 8, '.', false),
    (Unit::Chars, 10, false, 8, '\u{3002}', true), // the mark in columns, not chars
    (Unit::Content, 10, false, 8, '\u{ff01}', true),
    (Unit::Columns, 0, false, 30, '\u{3002}', false), // no floor measured
    (Unit::Columns, 10, true, 30, '\u{3002}', false), // an exact wrap
];

#[test]
fn within_spread_at_its_boundaries() {
    for &(unit, floor, exact, size, final_mark, expected) in SPREAD {
        assert_eq!(within_spread(size, final_mark, &wrap(unit, floor, exact)), expected, "{unit:?} {floor} {exact} {size} {final_mark:?}");
    }
}

/// (unit, floor, next line, size of the line before, the paragraph's last line)
const LAST: &[(Unit, usize, &str, usize, bool)] = &[
    // 中中中。 is 8 columns: short of the spread when 8 + 2 < floor.
    (Unit::Columns, 11, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}", 16, true),
    (Unit::Columns, 10, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}", 16, false), // 8 + 2 == 10: within
    // At least half as wide: 2 * 8 >= 16, not 17.
    (Unit::Columns, 11, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}", 17, false),
    // Spaces after it are stripped (not measured); closers are measured, the mark before them
    // is the final one.
    (Unit::Columns, 11, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002} \u{3000}", 16, true),
    (Unit::Columns, 13, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}\u{300d}", 20, true), // 10 + 2 < 13
    (Unit::Columns, 12, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}\u{300d}", 20, false),
    (Unit::Columns, 13, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}\u{300d}", 21, false),
    // Not a sentence end: never.
    (Unit::Columns, 30, "\u{4e2d}\u{4e2d}\u{4e2d}\u{ff0c}", 2, false),
    (Unit::Columns, 30, "\u{4e2d}\u{4e2d}\u{4e2d}", 2, false),
    // In chars 中中中。 is 4, its mark still 2 columns: 4 + 2 == 6 is within a floor of 6.
    (Unit::Chars, 7, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}", 8, true),
    (Unit::Chars, 6, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}", 8, false),
    (Unit::Chars, 7, "\u{4e2d}\u{4e2d}\u{4e2d}\u{3002}", 9, false),
    // An ASCII final mark counts one column.
    (Unit::Columns, 6, "abcd.", 10, false), // 5 + 1 == 6
    (Unit::Columns, 7, "abcd.", 10, true),
    // No floor: nothing is within the spread, so any sentence end at least half as wide.
    (Unit::Columns, 0, "\u{4e2d}\u{3002}", 8, true),
    (Unit::Columns, 0, "\u{4e2d}\u{3002}", 9, false),
];

#[test]
fn last_sentence_at_its_boundaries() {
    for &(unit, floor, next_line, size, expected) in LAST {
        let next: Vec<char> = next_line.chars().collect();
        assert_eq!(last_sentence(&next, size, &wrap(unit, floor, false)), expected, "{unit:?} {floor} {next_line:?} {size}");
    }
}
