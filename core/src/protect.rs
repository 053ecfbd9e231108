//! `src/wenben/protect.py` of the reference: the spans no rule may touch (URLs, e-mail
//! addresses, code, paths, math, emoticons). (Not ported yet.)

/// Sorted, disjoint `(start, end)` spans of `text` that rules must leave alone.
pub fn protected_spans(_text: &[char]) -> Option<Vec<(usize, usize)>> {
    None
}
