//! `src/wenben/language.py` of the reference: sentences and the language they are in.
//!
//! The reference works with regular expressions searched with `pos`/`endpos` windows; a
//! search bounded by `endpos` sees the text as if it ended there (a lookahead past it sees
//! nothing). Those windows change results at their edges, so they are copied exactly: every
//! scanner here takes the `endpos` the reference passes.

use crate::chars::{is_cjk_letter, is_hspace, is_latin, is_py_word};

/// A sentence's language (`"zh"`, `"en"` of the reference; neither is `None`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Language {
    Zh,
    En,
}

impl Language {
    /// The reference's name: `"zh"` or `"en"`.
    pub fn code(self) -> &'static str {
        match self {
            Language::Zh => "zh",
            Language::En => "en",
        }
    }
}

/// English function words and the commonest verbs (`language.FUNCTION_WORDS`).
pub const FUNCTION_WORDS: &[&str] = &[
    "a", "an", "the", "this", "that", "these", "those", "it", "its", "is", "are", "was", "were", "be", "been",
    "being", "am", "has", "have", "had", "do", "does", "did", "can", "could", "will", "would", "shall", "should",
    "may", "might", "must", "not", "no", "of", "to", "in", "on", "at", "by", "for", "from", "with", "without",
    "into", "onto", "about", "as", "than", "then", "and", "or", "but", "if", "so", "because", "when", "where",
    "which", "who", "whom", "whose", "what", "how", "why", "there", "here", "see", "use", "using", "means",
    "called", "named", "said", "says", "please", "you", "your", "we", "our", "they", "their", "he", "his", "she",
    "her", "i", "my", "me", "us", "them", "all", "any", "some", "each", "every", "other", "more", "most", "such",
    "only", "also", "very", "just", "click", "remove", "delete", "add", "open", "save", "select",
];

/// `_SENTENCE_LIMIT`: a "sentence" longer than this (no end in sight) is cut here.
pub const SENTENCE_LIMIT: usize = 4096;
/// `_LOOK_AHEAD`: what a sentence end is judged by after it (closing marks, spaces, a comma).
pub const LOOK_AHEAD: usize = 256;
/// `_MASK`: what a protected span's characters read as.
pub const MASK: char = '\0';

/// `_CHINESE_ONLY_PUNCT`: full-width forms and CJK punctuation Western typography does not share.
fn is_chinese_only_punct(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301f}' | '\u{3030}' | '\u{303d}'
        | '\u{ff01}'..='\u{ff0f}' | '\u{ff1a}'..='\u{ff20}' | '\u{ff3b}'..='\u{ff40}' | '\u{ff5b}'..='\u{ff65}')
}

/// `_CLOSERS`.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '\u{201d}' | '\u{2019}' | '\u{300d}' | '\u{300f}' | '\u{ff09}' | ')' | ']' | '\u{300b}' | '\u{3009}' | '\u{3011}')
}

/// A sentence-ending mark of `_BOUNDARY` at `text[q]`, the text ending at `endpos`
/// (`[。！？；…!?;]|\.(?![A-Za-z0-9_])`).
fn is_mark(text: &[char], q: usize, endpos: usize) -> bool {
    match text[q] {
        '\u{3002}' | '\u{ff01}' | '\u{ff1f}' | '\u{ff1b}' | '\u{2026}' | '!' | '?' | ';' => true,
        '.' => !(q + 1 < endpos && matches!(text[q + 1], 'A'..='Z' | 'a'..='z' | '0'..='9' | '_')),
        _ => false,
    }
}

/// The end of the mark run starting at `p` (== `p` when `text[p]` is no mark).
fn mark_run_end(text: &[char], p: usize, endpos: usize) -> usize {
    let mut q = p;
    while q < endpos && is_mark(text, q, endpos) {
        q += 1;
    }
    q
}

/// The first position from `from` (before `endpos`; else `endpos`) where a sentence end can
/// start: a line break or a mark ([`boundary_at`] is None everywhere else).
fn next_may_end(text: &[char], from: usize, endpos: usize) -> usize {
    let endpos = endpos.min(text.len());
    if from >= endpos {
        return endpos;
    }
    text[from..endpos]
        .iter()
        .position(|&c| matches!(c, '\n' | '\u{3002}' | '\u{ff01}' | '\u{ff1f}' | '\u{ff1b}' | '\u{2026}' | '!' | '?' | ';' | '.'))
        .map_or(endpos, |found| from + found)
}

/// `_WIDE_CLOSERS`: the closers that are not ASCII.
fn is_wide_closer(c: char) -> bool {
    is_closer(c) && !c.is_ascii()
}

/// Where the mark run starting at `p` (a mark) ends, with the closers and spaces of
/// `_RUN_BODY` after it: `MARK++(?:[ASCII_CLOSERS]|[HSPACE]*+(?:MARK|[WIDE_CLOSERS])|
/// (?<=[^\x00-\x7f])[HSPACE]++[ASCII_CLOSERS]|[HSPACE]++[ASCII_CLOSERS][ASCII_CLOSERS HSPACE]*+
/// (?=MARK|[WIDE_CLOSERS]))*+[HSPACE]*+`, each repetition taking the first alternative that
/// matches (the group is possessive).
fn end_run(text: &[char], p: usize, endpos: usize) -> usize {
    let mut q = mark_run_end(text, p, endpos);
    loop {
        if q < endpos && is_closer(text[q]) && text[q].is_ascii() {
            q += 1;
            continue;
        }
        let mut r = q;
        while r < endpos && is_hspace(text[r]) {
            r += 1;
        }
        if r < endpos && (is_mark(text, r, endpos) || is_wide_closer(text[r])) {
            q = r + 1;
            continue;
        }
        if r > q && r < endpos && is_closer(text[r]) {
            if !text[q - 1].is_ascii() {
                q = r + 1;
                continue;
            }
            // `[HSPACE]++[ASCII_CLOSERS][ASCII_CLOSERS HSPACE]*+(?=MARK|[WIDE_CLOSERS])`: after an
            // ASCII mark, straight closers and spaces that lead to a further mark open nothing.
            let mut t = r + 1;
            while t < endpos && ((is_closer(text[t]) && text[t].is_ascii()) || is_hspace(text[t])) {
                t += 1;
            }
            if t < endpos && (is_mark(text, t, endpos) || is_wide_closer(text[t])) {
                q = t;
                continue;
            }
        }
        return r;
    }
}

/// `_BOUNDARY.match(text, p, endpos)`: the end of the sentence end starting at `p`.
fn boundary_at(text: &[char], p: usize, endpos: usize) -> Option<usize> {
    if p >= endpos {
        return None;
    }
    if text[p] == '\n' {
        return Some(p + 1);
    }
    if !is_mark(text, p, endpos) {
        return None;
    }
    let q = end_run(text, p, endpos);
    if q < endpos && matches!(text[q], ',' | '\u{ff0c}' | '\u{3001}') {
        return None;
    }
    Some(q)
}

/// `_BOUNDARY.search(text, pos, endpos)`: `(start, end)` of the first sentence end.
fn boundary_search(text: &[char], pos: usize, endpos: usize) -> Option<(usize, usize)> {
    let endpos = endpos.min(text.len());
    let mut s = pos;
    while s < endpos {
        s = next_may_end(text, s, endpos);
        if s >= endpos {
            break;
        }
        if let Some(end) = boundary_at(text, s, endpos) {
            return Some((s, end));
        }
        // A run that is no sentence end is none from any of the marks in it either (each
        // repetition is judged by what it starts with and the character before it, which a
        // later start sees the same, so it ends at the same place and fails alike): skip it,
        // keeping the search linear (the reference retries from each mark).
        s = if is_mark(text, s, endpos) { end_run(text, s, endpos) } else { s + 1 }.max(s + 1);
    }
    None
}

/// `text` with the characters of `spans` replaced by [`MASK`] (`language.masked`; the spans are
/// sorted and disjoint, as `protect.protected_spans` gives them).
pub fn masked(text: &[char], spans: &[(usize, usize)]) -> Vec<char> {
    let mut result = text.to_vec();
    for &(start, end) in spans {
        let end = end.min(result.len());
        for c in result.iter_mut().take(end).skip(start) {
            *c = MASK;
        }
    }
    result
}

/// A Latin word's lower case when it is ASCII (function words are): Python's `str.lower` maps
/// A-Z and KELVIN SIGN (U+212A) to ASCII; every other Latin letter lowers to a non-ASCII one.
fn ascii_lower(word: &[char]) -> Option<String> {
    word.iter()
        .map(|&c| match c {
            'A'..='Z' => Some(c.to_ascii_lowercase()),
            'a'..='z' => Some(c),
            '\u{212a}' => Some('k'),
            _ => None,
        })
        .collect()
}

fn is_function_word(word: &[char]) -> bool {
    ascii_lower(word).is_some_and(|lower| FUNCTION_WORDS.contains(&lower.as_str()))
}

/// `_judge(text, start, end, original)`: the language of the sentence `text[start:end]`;
/// `text` is masked, `original` the text before masking (the same when nothing is masked).
pub fn judge(text: &[char], start: usize, end: usize, original: &[char]) -> Option<Language> {
    let end = end.min(text.len());
    let start = start.min(end);
    let sentence = &text[start..end];
    let has_cjk = sentence.iter().any(|&c| is_cjk_letter(c));
    let has_chinese_punct = || sentence.iter().any(|&c| is_chinese_only_punct(c));
    if !has_cjk && original[start..end.min(original.len())].iter().any(|&c| is_cjk_letter(c)) {
        // All its Chinese is inside code, URLs, paths or math.
        return Some(if has_chinese_punct() { Language::Zh } else { Language::En });
    }
    if !has_cjk && !has_chinese_punct() {
        return None;
    }
    match sentence.iter().find(|&&c| is_latin(c) || is_cjk_letter(c)) {
        Some(&c) if is_latin(c) => {}
        _ => return Some(Language::Zh),
    }
    // `_LATIN_WORD.findall`: [LATIN]+(?:['’][LATIN]+)*
    let mut words: Vec<&[char]> = Vec::new();
    let mut i = 0;
    while i < sentence.len() {
        if !is_latin(sentence[i]) {
            i += 1;
            continue;
        }
        let begin = i;
        while i < sentence.len() && is_latin(sentence[i]) {
            i += 1;
        }
        while i + 1 < sentence.len() && matches!(sentence[i], '\'' | '\u{2019}') && is_latin(sentence[i + 1]) {
            i += 1;
            while i < sentence.len() && is_latin(sentence[i]) {
                i += 1;
            }
        }
        words.push(&sentence[begin..i]);
    }
    if words.len() < 2 {
        return Some(Language::Zh);
    }
    let letters: usize = words.iter().map(|w| w.len()).sum();
    let cjk = sentence.iter().filter(|&&c| is_cjk_letter(c)).count();
    if letters < 2 * cjk {
        return Some(Language::Zh);
    }
    let function = words.iter().filter(|w| is_function_word(w)).count();
    if function >= 2 {
        return Some(Language::En);
    }
    if function == 1 {
        let last = sentence.iter().rev().find(|&&c| is_latin(c) || is_cjk_letter(c));
        if last.is_some_and(|&c| is_latin(c)) {
            return Some(Language::En);
        }
    }
    Some(Language::Zh)
}

/// The sentences of a text, found around the positions asked about (`language.Sentences`).
///
/// The reference remembers the last sentence found and, when queries come in text order,
/// starts the next one where it ended; that changes some answers (a sentence cut at the
/// limit goes on from the cut), so it is copied: the answers depend on the order of queries,
/// as the reference's do.
pub struct Sentences<'a> {
    original: &'a [char],
    text: Vec<char>,
    start: usize,
    end: usize,
    language: Option<Language>,
}

impl<'a> Sentences<'a> {
    /// The sentences of `text`, masked by the protected spans `protected_spans(text)` finds.
    pub fn new(text: &'a [char]) -> Self {
        let spans = protect_spans(text);
        Self::with_protected(text, &spans)
    }

    /// The sentences of `text`, masked by `protected` (sorted, disjoint spans).
    pub fn with_protected(text: &'a [char], protected: &[(usize, usize)]) -> Self {
        Sentences { original: text, text: masked(text, protected), start: 0, end: 0, language: None }
    }

    /// The masked text (offsets are the text's).
    pub fn masked_text(&self) -> &[char] {
        &self.text
    }

    /// `(start, end)` of the sentence holding the character at `index`.
    pub fn bounds(&mut self, index: usize) -> (usize, usize) {
        if !(self.start <= index && index < self.end) {
            self.find(index);
        }
        (self.start, self.end)
    }

    /// The language of the sentence holding the character at `index`.
    pub fn language(&mut self, index: usize) -> Option<Language> {
        if !(self.start <= index && index < self.end) {
            self.find(index);
        }
        self.language
    }

    fn find(&mut self, index: usize) {
        let text = &self.text;
        let limit = text.len().min(index + SENTENCE_LIMIT);
        if 0 < self.end && self.end <= index {
            // Queries in text order: the next sentence starts where the last one ended.
            if let Some((_, found_end)) = boundary_search(text, self.end, limit) {
                if found_end > index {
                    self.start = self.end;
                    self.end = found_end;
                    self.language = judge(text, self.start, self.end, self.original);
                    return;
                }
            }
        }
        let (start, known_end) = sentence_start(text, index);
        let end = match known_end {
            Some(end) => end,
            None => boundary_search(text, index, limit).map_or(limit, |(_, end)| end),
        };
        self.start = start;
        self.end = end.max(index + 1);
        self.language = judge(text, start, self.end, self.original);
    }
}

/// `_sentence_start(text, index)`: where the sentence holding `text[index]` starts, and where it
/// ends when that is known already (`index` in the closing marks or spaces of a sentence end).
fn sentence_start(text: &[char], index: usize) -> (usize, Option<usize>) {
    let low_limit = index.saturating_sub(SENTENCE_LIMIT);
    // No farther back than the limit (as the reference: linear on a line with no sentence end).
    let line_start = (low_limit..index.min(text.len())).rev().find(|&i| text[i] == '\n').map_or(low_limit, |i| i + 1);
    let mut position = index;
    let mut known_end = None;
    loop {
        // The last sentence end starting before `position`, searched in growing windows
        // (forward searches bounded by the window's end plus the look-ahead).
        let mut boundary = None;
        let (mut end, mut width) = (position, 64usize);
        while end > line_start {
            let low = line_start.max(end.saturating_sub(width));
            let endpos = text.len().min(end + LOOK_AHEAD);
            let mut s = low;
            while let Some((found, found_end)) = boundary_search(text, s, endpos) {
                if found >= end {
                    break;
                }
                boundary = Some(found);
                s = found_end;
            }
            if boundary.is_some() {
                break;
            }
            end = low;
            width *= 2;
        }
        let Some(boundary) = boundary else {
            return (line_start, known_end);
        };
        let boundary_end = boundary_at(text, boundary, text.len()).unwrap_or(boundary + 1);
        if boundary_end <= index {
            return (boundary_end, known_end);
        }
        known_end = Some(boundary_end);
        position = boundary;
    }
}

/// `(?:[^\w\n]|[0-9_])*+` from `q`: where the run of non-letters before a sentence's first
/// letter stops. `memo` holds the last run found (`from`, `stop`): any `q` inside it stops at the
/// same place, which keeps repeated searches linear.
fn skip_non_letters(text: &[char], q: usize, memo: &mut (usize, usize)) -> usize {
    if memo.0 <= q && q <= memo.1 {
        return memo.1;
    }
    let mut r = q;
    while r < text.len() {
        let c = text[r];
        if (c != '\n' && !is_py_word(c)) || c.is_ascii_digit() || c == '_' {
            r += 1;
        } else {
            break;
        }
    }
    *memo = (q, r);
    r
}

/// `_LEADING.match(text, position)`: the Latin letter starting the sentence at `position`.
fn leading(text: &[char], position: usize, memo: &mut (usize, usize)) -> Option<usize> {
    if position > text.len() {
        return None;
    }
    let q = skip_non_letters(text, position, memo);
    (q < text.len() && is_latin(text[q])).then_some(q)
}

/// `_LATIN_START.search(text, position)`: `(sentence start, first letter)` of the first
/// sentence after `position` that starts with a Latin letter.
fn latin_start(text: &[char], position: usize, memo: &mut (usize, usize)) -> Option<(usize, usize)> {
    if position == 0 {
        if let Some(letter) = leading(text, 0, memo) {
            return Some((0, letter));
        }
    }
    let mut s = position;
    // Sentence ends found by `boundary_search`, which skips a run that a comma follows whole
    // (retrying from each of its marks made a long run quadratic).
    while let Some((found, end)) = boundary_search(text, s, text.len()) {
        if let Some(letter) = leading(text, end, memo) {
            return Some((end, letter));
        }
        // From inside the same run the sentence end, and so the failure, is the same.
        s = end.max(found + 1);
    }
    None
}

/// `english_spans(text)` with the mask spans given: sorted, disjoint spans of the sentences
/// judged English.
pub fn english_spans_with_protected(original: &[char], protected: &[(usize, usize)]) -> Vec<(usize, usize)> {
    let text = masked(original, protected);
    let mut spans: Vec<(usize, usize)> = Vec::new();
    if !text.iter().any(|&c| is_cjk_letter(c)) {
        return spans;
    }
    let mut memo = (1, 0);
    let mut position = 0;
    loop {
        let (start, letter) = match leading(&text, position, &mut memo) {
            Some(letter) => (position, letter),
            None => match latin_start(&text, position, &mut memo) {
                Some(found) => found,
                None => break,
            },
        };
        // The non-letters before the letter may hold sentence ends of their own (？ N): the
        // letter's sentence starts after the last of them, as `Sentences` has it.
        let mut start = start;
        while next_may_end(&text, start, letter) < letter {
            match boundary_search(&text, start, text.len()) {
                Some((found, found_end)) if found < letter => start = found_end,
                _ => break,
            }
        }
        let end = boundary_search(&text, letter, text.len()).map_or(text.len(), |(_, end)| end);
        if judge(&text, start, end, original) == Some(Language::En) {
            match spans.last_mut() {
                Some(last) if last.1 >= start => last.1 = end,
                _ => spans.push((start, end)),
            }
        }
        position = end.max(letter + 1);
    }
    spans
}

/// `english_spans(text)`: the mask spans from `protect::protected_spans`.
pub fn english_spans(text: &[char]) -> Vec<(usize, usize)> {
    english_spans_with_protected(text, &protect_spans(text))
}

/// For each position, whether it is in none of the sorted, disjoint `spans` (`outside`).
pub fn outside(positions: &[usize], spans: &[(usize, usize)]) -> Vec<bool> {
    positions
        .iter()
        .map(|&position| {
            let index = spans.partition_point(|&(start, _)| start <= position);
            index == 0 || spans[index - 1].1 <= position
        })
        .collect()
}

/// The protected spans of `text` (`protect.protected_spans`, what `masked` masks).
fn protect_spans(text: &[char]) -> Vec<(usize, usize)> {
    crate::protect::protected_spans(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    #[test]
    fn sentences_and_languages() {
        let text = chars("The book is called 红楼梦. 中发现了一个RC bug,并将其提交到了BTS。Next");
        let mut sentences = Sentences::with_protected(&text, &[]);
        assert_eq!(sentences.bounds(0), (0, 24));
        assert_eq!(sentences.language(0), Some(Language::En));
        assert_eq!(sentences.language(25), Some(Language::Zh));
        assert_eq!(sentences.bounds(25).0, 24);
        let last = text.len() - 1;
        assert_eq!(sentences.language(last), None);
    }

    #[test]
    fn boundary_windows() {
        let text = chars("3.14 a.b. 。」 x");
        assert_eq!(boundary_search(&text, 0, text.len()), Some((8, 13)));
        // The run goes on over spaces to the marks and closers after it; a comma after the
        // whole run means no sentence end (from any of its marks).
        let comma = chars("3.14 a.b. 。」, x");
        assert_eq!(boundary_search(&comma, 0, comma.len()), None);
        for (text, span) in [("中! ; x", Some((1, 5))), ("。 \u{201d} 10", Some((0, 4))), ("x! \" y", Some((1, 3))), ("中。 \" y", Some((1, 5)))] {
            let text = chars(text);
            assert_eq!(boundary_search(&text, 0, text.len()), span);
        }
        // Bounded by endpos, the lookahead sees nothing after it.
        assert_eq!(boundary_search(&text, 0, 2), Some((1, 2)));
        assert_eq!(boundary_at(&comma, 10, comma.len()), None);
        assert_eq!(boundary_at(&comma, 8, comma.len()), None);
    }

    #[test]
    fn function_words_and_spans() {
        assert!(is_function_word(&chars("THE")));
        assert!(is_function_word(&chars("clic\u{212a}")));
        assert!(!is_function_word(&chars("don't")));
        let text = chars("Remove 铁蕾 from 1 Folder? 好的。");
        assert_eq!(english_spans_with_protected(&text, &[]), vec![(0, 25)]);
        assert_eq!(outside(&[0, 24, 25, 30], &[(0, 25)]), vec![false, false, true, true]);
    }

    #[test]
    fn protected_chinese_is_mentioned() {
        // The convenience constructors mask what protect finds: Chinese only inside code.
        let text = chars("Profiles: `default` (compact: `Debian\u{9879}\u{76ee}`)");
        let mut sentences = Sentences::new(&text);
        assert_eq!(sentences.language(0), Some(Language::En));
        assert!(english_spans(&text).is_empty());
    }
}
