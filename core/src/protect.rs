//! `src/wenben/protect.py` of the reference: the spans no rule may touch (URLs, e-mail
//! addresses, domains, paths, options, code, math, entities, emoticons). The reference's one
//! regex `_PROTECTED` is hand-written here as one function per alternative, tried in the same
//! order at each position (leftmost-first), with the same hints, windows and reach bounds:
//! lookbehinds see the whole text, lookaheads and consumption stop at the window's end (as
//! `pattern.search(text, pos, endpos)` does).

use crate::chars::{AsciiSet, is_cjk_letter, is_cjk_punct, is_hspace, is_invisible, is_py_space, is_py_word};

const REACH_BACK: usize = 80;
const REACH_FORWARD: usize = 2048;
const REACH_FORWARD_SHORT: usize = 256;
const SCHEME_REACH: usize = 16;
const PATH_REACH_BACK: usize = 3;
const HINT_CHARS: AsciiSet = AsciiSet::of(":@`&;./-$\\");
const URL_TAIL: AsciiSet = AsciiSet::of(".,;:!?)]}'\"");
const TLDS: &[&str] = &[
    "com", "org", "net", "edu", "gov", "mil", "int", "info", "biz", "name", "pro", "io", "ai", "co", "app", "dev",
    "xyz", "top", "site", "online", "tech", "cloud", "shop", "wiki", "cn", "hk", "tw", "mo", "sg", "jp", "kr", "uk",
    "de", "fr", "ru", "us", "eu", "me", "tv", "cc", "au", "ca", "in", "nl", "it", "es", "se", "ch", "br",
];

fn alnum(c: char) -> bool {
    c.is_ascii_alphanumeric()
}
fn url_ascii(c: char) -> bool {
    alnum(c) || const { AsciiSet::of("-._~:/?#[]@!$&'()*+,;=%") }.contains(c)
}
fn iri_first(c: char) -> bool {
    alnum(c) || const { AsciiSet::of("-_~/#[]@$&'()*+=%") }.contains(c)
}
fn iri_other(c: char) -> bool {
    (c as u32) > 0x9f
        && !is_hspace(c)
        && !is_invisible(c)
        && !is_cjk_punct(c)
        && !('\u{ff01}'..='\u{ff5e}').contains(&c)
        && c != '\u{2028}'
        && c != '\u{2029}'
}
fn path_char(c: char) -> bool {
    alnum(c) || const { AsciiSet::of("._+~-") }.contains(c)
}
fn local_char(c: char) -> bool {
    alnum(c) || const { AsciiSet::of("._%+-") }.contains(c)
}
fn label_char(c: char) -> bool {
    alnum(c) || c == '-'
}
fn scheme_char(c: char) -> bool {
    alnum(c) || const { AsciiSet::of("+.-") }.contains(c)
}
fn lower_digit(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit()
}

/// The text, the newline positions and the closing-fence lines (`[ \t]*```` at a line start),
/// so that a fenced block is found without rescanning the text.
struct Text {
    newlines: Vec<usize>,
    fences: Vec<(usize, usize)>,
}

impl Text {
    fn new(t: &[char]) -> Self {
        let newlines: Vec<usize> = (0..t.len()).filter(|&i| t[i] == '\n').collect();
        let mut fences = Vec::new();
        let starts = std::iter::once(0).chain(newlines.iter().map(|&i| i + 1));
        for s in starts {
            let mut k = s;
            while k < t.len() && (t[k] == ' ' || t[k] == '\t') {
                k += 1;
            }
            if k + 3 <= t.len() && t[k] == '`' && t[k + 1] == '`' && t[k + 2] == '`' {
                fences.push((s, k + 3));
            }
        }
        Text { newlines, fences }
    }

    /// The first newline in `[from, to)`.
    fn newline(&self, from: usize, to: usize) -> Option<usize> {
        let i = self.newlines.partition_point(|&n| n < from);
        self.newlines.get(i).copied().filter(|&n| n < to)
    }
}

/// One search window: consumption and lookaheads stop at `end`.
struct Scan<'a, 'b> {
    text: &'b Text,
    t: &'a [char],
    end: usize,
}

impl Scan<'_, '_> {
    fn at(&self, i: usize) -> Option<char> {
        if i < self.end {
            Some(self.t[i])
        } else {
            None
        }
    }
    fn is(&self, i: usize, f: impl Fn(char) -> bool) -> bool {
        self.at(i).is_some_and(f)
    }
    fn run(&self, mut i: usize, f: impl Fn(char) -> bool) -> usize {
        while self.is(i, &f) {
            i += 1;
        }
        i
    }
    fn before(&self, p: usize) -> Option<char> {
        if p > 0 {
            Some(self.t[p - 1])
        } else {
            None
        }
    }

    /// `_PROTECTED.match` at `p`: its alternatives in order, the first that matches.
    fn match_at(&self, p: usize) -> Option<usize> {
        self.fenced(p)
            .or_else(|| self.inline_code(p))
            .or_else(|| self.url(p))
            .or_else(|| self.email(p))
            .or_else(|| self.domain(p))
            .or_else(|| self.windows_path(p))
            .or_else(|| self.unix_path(p))
            .or_else(|| self.option(p))
            .or_else(|| self.delimited(p, ['$', '$'], ['$', '$']))
            .or_else(|| self.inline_math(p))
            .or_else(|| self.delimited(p, ['\\', '('], ['\\', ')']))
            .or_else(|| self.delimited(p, ['\\', '['], ['\\', ']']))
            .or_else(|| self.entity(p))
            .or_else(|| self.emoticon_nose(p))
            .or_else(|| self.emoticon(p))
    }

    /// ```` ```[^\n]*\n(?:.*\n)*?[ \t]*```[^\n]* ````
    fn fenced(&self, p: usize) -> Option<usize> {
        if !(self.is(p, |c| c == '`') && self.is(p + 1, |c| c == '`') && self.is(p + 2, |c| c == '`')) {
            return None;
        }
        let q = self.text.newline(p + 3, self.end)? + 1;
        let i = self.text.fences.partition_point(|&(s, _)| s < q);
        let &(_, after) = self.text.fences.get(i)?;
        if after > self.end {
            return None;
        }
        Some(self.text.newline(after, self.end).unwrap_or(self.end))
    }

    /// `` `[^`\n]+` ``
    fn inline_code(&self, p: usize) -> Option<usize> {
        if !self.is(p, |c| c == '`') {
            return None;
        }
        let i = self.run(p + 1, |c| c != '`' && c != '\n');
        (i > p + 1 && self.is(i, |c| c == '`')).then_some(i + 1)
    }

    /// `(?:scheme://|www\.)[URL_ASCII]*+(?:(?<=[/#?=&_(\-%~+])IRI*+)?`
    fn url(&self, p: usize) -> Option<usize> {
        let mut i = None;
        if self.is(p, |c| c.is_ascii_alphabetic()) {
            let j = self.run(p + 1, scheme_char);
            let n = j - p - 1;
            if (1..=15).contains(&n) && self.is(j, |c| c == ':') && self.is(j + 1, |c| c == '/') && self.is(j + 2, |c| c == '/') {
                i = Some(j + 3);
            }
        }
        if i.is_none() && (0..4).all(|k| self.is(p + k, |c| c == ['w', 'w', 'w', '.'][k])) {
            i = Some(p + 4);
        }
        let mut i = self.run(i?, url_ascii);
        if const { AsciiSet::of("/#?=&_(-%~+") }.contains(self.t[i - 1]) {
            while let Some(c) = self.at(i) {
                let ok = iri_first(c)
                    || (const { AsciiSet::of(".,;:!?") }.contains(c) && !self.is(i + 1, is_cjk_letter))
                    || iri_other(c);
                if !ok {
                    break;
                }
                i += 1;
            }
        }
        Some(i)
    }

    /// `[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}`
    fn email(&self, p: usize) -> Option<usize> {
        let j = self.run(p, local_char);
        if j == p || !self.is(j, |c| c == '@') {
            return None;
        }
        let mut pos = self.run(j + 1, label_char);
        if pos == j + 1 {
            return None;
        }
        let mut labels = Vec::new();
        while self.is(pos, |c| c == '.') && self.is(pos + 1, label_char) {
            labels.push(pos + 1);
            pos = self.run(pos + 1, label_char);
        }
        // The last label that starts with two letters ends the match (after its letters).
        labels.iter().rev().find_map(|&s| {
            let e = self.run(s, |c| c.is_ascii_alphabetic());
            (e - s >= 2).then_some(e)
        })
    }

    /// `_DOMAIN`
    fn domain(&self, p: usize) -> Option<usize> {
        if self.before(p).is_some_and(|c| alnum(c) || const { AsciiSet::of("._%+@-") }.contains(c)) {
            return None;
        }
        let mut ends = Vec::new();
        let mut pos = p;
        while self.is(pos, alnum) {
            let q = self.run(pos, label_char);
            if self.is(q, |c| c == '.') && q - pos <= 63 && alnum(self.t[q - 1]) {
                ends.push(q + 1);
                pos = q + 1;
            } else {
                break;
            }
        }
        let mut i = ends.iter().rev().find_map(|&s| {
            let r = self.run(s, label_char);
            let word: String = self.t[s..r].iter().collect();
            TLDS.contains(&word.as_str()).then_some(r)
        })?;
        if self.is(i, |c| c == ':') && self.is(i + 1, |c| c.is_ascii_digit()) {
            let mut k = i + 1;
            while k - (i + 1) < 5 && self.is(k, |c| c.is_ascii_digit()) {
                k += 1;
            }
            i = k;
        }
        if self.is(i, |c| const { AsciiSet::of("/?#") }.contains(c)) {
            i = self.run(i + 1, url_ascii);
        }
        Some(i)
    }

    /// `(?<![A-Za-z0-9])[A-Za-z]:\\(?:[$A-Za-z0-9._+~-]+\\?)*` (the f-string's `$` is literal).
    fn windows_path(&self, p: usize) -> Option<usize> {
        if self.before(p).is_some_and(alnum)
            || !(self.is(p, |c| c.is_ascii_alphabetic()) && self.is(p + 1, |c| c == ':') && self.is(p + 2, |c| c == '\\'))
        {
            return None;
        }
        let mut i = p + 3;
        loop {
            let j = self.run(i, |c| c == '$' || path_char(c));
            if j == i {
                break;
            }
            i = j;
            if self.is(i, |c| c == '\\') {
                i += 1;
            }
        }
        Some(i)
    }

    /// `(?:/[PATH]+)` repeated from `i`: where it ends and how many segments.
    fn segments(&self, mut i: usize) -> (usize, usize) {
        let mut count = 0;
        while self.is(i, |c| c == '/') && self.is(i + 1, path_char) {
            i = self.run(i + 1, path_char);
            count += 1;
        }
        (i, count)
    }

    /// The Unix path alternatives and the `:`-separated list after them.
    fn unix_path(&self, p: usize) -> Option<usize> {
        if self.before(p).is_some_and(|c| alnum(c) || const { AsciiSet::of("_./~-") }.contains(c)) {
            return None;
        }
        let prefixes: &[usize] = match (self.at(p), self.at(p + 1)) {
            (Some('~'), _) => &[1],
            (Some('.'), Some('.')) => &[2, 1],
            (Some('.'), _) => &[1],
            _ => &[],
        };
        let mut found = None;
        for &length in prefixes.iter().chain(&[0]) {
            let (i, count) = self.segments(p + length);
            if count >= 2 {
                found = Some(i);
                break;
            }
        }
        if found.is_none() {
            for &length in prefixes {
                let (i, count) = self.segments_one(p + length);
                if count == 1 {
                    found = Some(i);
                    break;
                }
            }
        }
        let mut i = found?;
        if self.is(i, |c| c == '/') {
            i += 1;
        }
        while self.is(i, |c| c == ':') && self.is(i + 1, |c| c == '/') && self.is(i + 2, path_char) {
            let (k, _) = self.segments(i + 1);
            i = k;
            if self.is(i, |c| c == '/') {
                i += 1;
            }
        }
        Some(i)
    }

    /// One `/[PATH]+`.
    fn segments_one(&self, i: usize) -> (usize, usize) {
        if self.is(i, |c| c == '/') && self.is(i + 1, path_char) {
            (self.run(i + 1, path_char), 1)
        } else {
            (i, 0)
        }
    }

    /// `_OPTION`
    fn option(&self, p: usize) -> Option<usize> {
        if self.before(p).is_some_and(|c| alnum(c) || c == '_' || c == '-')
            || !(self.is(p, |c| c == '-') && self.is(p + 1, |c| c == '-') && self.is(p + 2, |c| c.is_ascii_lowercase()))
        {
            return None;
        }
        let mut i = self.run(p + 3, lower_digit);
        while self.is(i, |c| c == '-') && self.is(i + 1, lower_digit) {
            i = self.run(i + 1, lower_digit);
        }
        if self.is(i, |c| c == '=') {
            i = self.run(i + 1, |c| alnum(c) || const { AsciiSet::of("._/:~+,-") }.contains(c));
        }
        Some(i)
    }

    /// `open(?:(?!close)_NOT_BLANK)+close` for `$$`, `\(`, `\[`.
    fn delimited(&self, p: usize, open: [char; 2], close: [char; 2]) -> Option<usize> {
        if !(self.is(p, |c| c == open[0]) && self.is(p + 1, |c| c == open[1])) {
            return None;
        }
        let mut i = p + 2;
        loop {
            if self.is(i, |c| c == close[0]) && self.is(i + 1, |c| c == close[1]) {
                return (i > p + 2).then_some(i + 2);
            }
            let c = self.at(i)?;
            if c == '\n' {
                let k = self.run(i + 1, |c| c == ' ' || c == '\t');
                if self.is(k, |c| c == '\n') {
                    return None;
                }
            }
            i += 1;
        }
    }

    /// `\$(?![\s$])(?:[^$\n\\CJK_LETTER]|\\[^\n])+?(?<![\s\\])\$(?![0-9$])`
    fn inline_math(&self, p: usize) -> Option<usize> {
        if !self.is(p, |c| c == '$') || self.is(p + 1, |c| is_py_space(c) || c == '$') {
            return None;
        }
        let mut i = p + 1;
        loop {
            let c = self.at(i)?;
            if c == '\\' {
                if self.is(i + 1, |c| c != '\n') {
                    i += 2;
                } else {
                    return None;
                }
            } else if c == '$' || c == '\n' || is_cjk_letter(c) {
                return None;
            } else {
                i += 1;
            }
            if self.is(i, |c| c == '$') {
                let b = self.t[i - 1];
                if !is_py_space(b) && b != '\\' && !self.is(i + 1, |c| c.is_ascii_digit() || c == '$') {
                    return Some(i + 1);
                }
            }
        }
    }

    /// `&(?:[A-Za-z]{2,8}|#[0-9]{1,7}|#x[0-9A-Fa-f]{1,6});`
    fn entity(&self, p: usize) -> Option<usize> {
        if !self.is(p, |c| c == '&') {
            return None;
        }
        let bounded = |from: usize, f: fn(char) -> bool, low: usize, high: usize| {
            let e = self.run(from, f);
            ((low..=high).contains(&(e - from)) && self.is(e, |c| c == ';')).then_some(e + 1)
        };
        bounded(p + 1, |c| c.is_ascii_alphabetic(), 2, 8).or_else(|| {
            if !self.is(p + 1, |c| c == '#') {
                return None;
            }
            bounded(p + 2, |c| c.is_ascii_digit(), 1, 7).or_else(|| {
                if self.is(p + 2, |c| c == 'x') {
                    bounded(p + 3, |c| c.is_ascii_hexdigit(), 1, 6)
                } else {
                    None
                }
            })
        })
    }

    /// `[:;]-[()DPp](?![A-Za-z0-9])`
    fn emoticon_nose(&self, p: usize) -> Option<usize> {
        (self.is(p, |c| c == ':' || c == ';')
            && self.is(p + 1, |c| c == '-')
            && self.is(p + 2, |c| const { AsciiSet::of("()DPp") }.contains(c))
            && !self.is(p + 3, alnum))
        .then_some(p + 3)
    }

    /// `(?:(?<=\S)[ \t]+|(?<!\S)|(?<=[CJK]))[:;][()DPp](?!\S)`
    fn emoticon(&self, p: usize) -> Option<usize> {
        let tail = |j: usize| {
            (self.is(j, |c| c == ':' || c == ';')
                && self.is(j + 1, |c| const { AsciiSet::of("()DPp") }.contains(c))
                && !self.is(j + 2, |c| !is_py_space(c)))
            .then_some(j + 2)
        };
        let before = self.before(p);
        if before.is_some_and(|c| !is_py_space(c)) && self.is(p, |c| c == ' ' || c == '\t') {
            if let Some(e) = tail(self.run(p, |c| c == ' ' || c == '\t')) {
                return Some(e);
            }
        }
        match before {
            None => tail(p),
            Some(c) if is_py_space(c) || is_cjk_letter(c) || is_cjk_punct(c) => tail(p),
            _ => None,
        }
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Colon,
    Www,
    At,
    Code,
    Short,
    Domain,
    Math,
}

/// The hint at `i` (`_HINT_PATTERNS`: at most one starts at a position): its end, its kind,
/// and the reach back its window has.
fn hint(t: &[char], i: usize) -> Option<(usize, Kind, usize)> {
    let at = |k: usize| t.get(k).copied();
    let emoticon_mouth = |c: Option<char>| c.is_some_and(|c| const { AsciiSet::of("()DPp") }.contains(c));
    let is_in = |k: usize, f: fn(char) -> bool| at(k).is_some_and(f);
    match t[i] {
        ':' => {
            if at(i + 1) == Some('/') && at(i + 2) == Some('/') {
                Some((i + 3, Kind::Colon, SCHEME_REACH))
            } else if at(i + 1) == Some('-') && emoticon_mouth(at(i + 2)) {
                Some((i + 3, Kind::Colon, REACH_BACK))
            } else if emoticon_mouth(at(i + 1)) {
                Some((i + 2, Kind::Colon, REACH_BACK))
            } else if at(i + 1) == Some('\\') {
                Some((i + 2, Kind::Short, REACH_BACK))
            } else {
                None
            }
        }
        'w' => (at(i + 1) == Some('w') && at(i + 2) == Some('w') && at(i + 3) == Some('.'))
            .then_some((i + 4, Kind::Www, REACH_BACK)),
        '@' => Some((i + 1, Kind::At, REACH_BACK)),
        '`' => Some((i + 1, Kind::Code, REACH_BACK)),
        '&' => {
            let k = if at(i + 1) == Some('#') { i + 2 } else { i + 1 };
            let mut e = k;
            while is_in(e, is_py_word) {
                e += 1;
            }
            ((2..=8).contains(&(e - k)) && at(e) == Some(';')).then_some((e + 1, Kind::Short, REACH_BACK))
        }
        ';' => {
            if at(i + 1) == Some('-') && emoticon_mouth(at(i + 2)) {
                Some((i + 3, Kind::Short, REACH_BACK))
            } else if emoticon_mouth(at(i + 1)) {
                Some((i + 2, Kind::Short, REACH_BACK))
            } else {
                None
            }
        }
        '.' => (i > 0 && alnum(t[i - 1]) && is_in(i + 1, |c| c.is_ascii_lowercase()) && is_in(i + 2, |c| c.is_ascii_lowercase()))
            .then_some((i + 1, Kind::Domain, REACH_BACK)),
        '/' => is_in(i + 1, path_char).then_some((i + 1, Kind::Short, PATH_REACH_BACK)),
        '-' => (at(i + 1) == Some('-') && is_in(i + 2, |c| c.is_ascii_lowercase()))
            .then_some((i + 2, Kind::Short, PATH_REACH_BACK)),
        '$' => Some((i + 1, Kind::Math, REACH_BACK)),
        '\\' => matches!(at(i + 1), Some('(' | '[')).then_some((i + 2, Kind::Math, REACH_BACK)),
        _ => None,
    }
}

/// `_url_end`: the span without the sentence punctuation after it; a closing bracket stays
/// when the span opened it.
fn url_end(t: &[char], start: usize, mut end: usize) -> usize {
    let count = |c: char| t[start..end].iter().filter(|&&x| x == c).count();
    let (open_p, mut close_p, open_b, mut close_b) = (count('('), count(')'), count('['), count(']'));
    while end > start && URL_TAIL.contains(t[end - 1]) {
        let last = t[end - 1];
        if last == ')' && open_p >= close_p {
            break;
        }
        if last == ']' && open_b >= close_b {
            break;
        }
        match last {
            ')' => close_p -= 1,
            ']' => close_b -= 1,
            _ => {}
        }
        end -= 1;
    }
    end
}

/// Sorted, disjoint `(start, end)` spans of `text` that rules must leave alone.
pub fn protected_spans(t: &[char]) -> Vec<(usize, usize)> {
    let code = if t.contains(&'\n') { code_line_spans(t) } else { Vec::new() };
    if !t.iter().any(|&c| HINT_CHARS.contains(c)) {
        return code;
    }
    let spans = hinted_spans(t);
    if code.is_empty() {
        spans
    } else {
        union(spans, code)
    }
}

/// The spans found from their hints (every kind but code lines).
fn hinted_spans(t: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let text = Text::new(t);
    let n = t.len();
    let mut covered = 0;
    for hs in 0..n {
        if hs < covered {
            continue;
        }
        let Some((he, kind, reach_back)) = hint(t, hs) else { continue };
        let fenced = t[hs] == '`' && t.get(hs + 1) == Some(&'`') && t.get(hs + 2) == Some(&'`');
        let (ws, we) = if fenced {
            (hs, n)
        } else {
            let mut ws = covered.max(hs.saturating_sub(reach_back));
            if let Some(k) = (ws..hs).rev().find(|&k| t[k] == '\n') {
                ws = k + 1;
            }
            if matches!(kind, Kind::At | Kind::Www | Kind::Domain) {
                // Back over the e-mail local part or the domain labels.
                let mut j = hs;
                while j > ws && local_char(t[j - 1]) {
                    j -= 1;
                }
                ws = j;
            }
            let far = matches!(kind, Kind::Colon | Kind::Www | Kind::Code | Kind::Math);
            let reach = if far { REACH_FORWARD } else { REACH_FORWARD_SHORT };
            let limit = n.min(he + reach);
            let we = if kind == Kind::Math { limit } else { text.newline(he, he + reach).unwrap_or(limit) };
            (ws, we)
        };
        let scan = Scan { text: &text, t, end: we };
        let mut from = ws;
        while let Some((s, e)) = (from..=hs.min(we)).find_map(|p| scan.match_at(p).map(|e| (p, e))) {
            if e <= hs {
                from = e;
                continue;
            }
            let first = t[s];
            let e = if alnum(first) || const { AsciiSet::of("/.~-") }.contains(first) { url_end(t, s, e) } else { e };
            if e > hs {
                spans.push((s, e));
                covered = e;
            }
            break;
        }
    }
    spans
}

// Runs of code lines in plain text (`protect.code_line_spans` in the reference): a line without
// Chinese outside strings and comments is looked at; a run of such lines with no blank line in
// it is code when at least two of its lines, and half of them, look like code.

fn chinese(c: char) -> bool {
    is_cjk_letter(c) || is_cjk_punct(c)
}

/// `_LINE_SPACE`: chars.HSPACE_CHARS and `\r`.
fn line_space(c: char) -> bool {
    is_hspace(c) || c == '\r'
}

fn strip_line_space(line: &[char]) -> &[char] {
    let start = line.iter().position(|&c| !line_space(c)).unwrap_or(line.len());
    let end = line.iter().rposition(|&c| !line_space(c)).map_or(start, |i| i + 1);
    &line[start..end.max(start)]
}

fn starts_with(t: &[char], prefix: &str) -> bool {
    prefix.chars().enumerate().all(|(i, p)| t.get(i) == Some(&p))
}

fn equals(t: &[char], word: &str) -> bool {
    t.len() == word.chars().count() && starts_with(t, word)
}

fn ident_start(c: char) -> bool {
    c.is_ascii_alphabetic() || c == '_'
}

const BLOCK_WORDS: &[&str] = &["fi", "done", "esac", "then", "do", "else", "end", "endif", "}", "{", "};", "});", "])", ");"];
const KEYWORDS: &[&str] = &[
    "def", "class", "import", "from", "return", "if", "elif", "for", "while", "function", "var", "let", "const",
    "export", "echo", "sudo", "cd", "case", "switch", "try", "except", "catch", "public", "private", "static",
    "package", "func", "fn", "#include", "#define",
];
const CODE_CHARS: AsciiSet = AsciiSet::of("()[]{}=;$<>|&\"");

/// `_ASSIGNMENT.match(body)`: `NAME=value`, or `x = 1`, `a.b[i] += 2`.
fn assignment(b: &[char]) -> bool {
    if !b.first().is_some_and(|&c| ident_start(c)) {
        return false;
    }
    // NAME=value: [A-Za-z_][A-Za-z0-9_]*=[^\s=]
    let mut i = 1;
    while i < b.len() && (b[i].is_ascii_alphanumeric() || b[i] == '_') {
        i += 1;
    }
    if b.get(i) == Some(&'=') && b.get(i + 1).is_some_and(|&c| !is_py_space(c) && c != '=') {
        return true;
    }
    // [A-Za-z_][\w.]*(?:\[[^\]]*\])?[ \t]*[-+*/%|&^]?=(?!=)[ \t]*\S
    let mut i = 1;
    while i < b.len() && (is_py_word(b[i]) || b[i] == '.') {
        i += 1;
    }
    if b.get(i) == Some(&'[') {
        if let Some(close) = b[i + 1..].iter().position(|&c| c == ']') {
            i += close + 2;
        }
    }
    while i < b.len() && (b[i] == ' ' || b[i] == '\t') {
        i += 1;
    }
    if b.get(i).is_some_and(|&c| const { AsciiSet::of("-+*/%|&^") }.contains(c)) && b.get(i + 1) == Some(&'=') {
        i += 1;
    }
    if b.get(i) != Some(&'=') || b.get(i + 1) == Some(&'=') {
        return false;
    }
    i += 1;
    while i < b.len() && (b[i] == ' ' || b[i] == '\t') {
        i += 1;
    }
    b.get(i).is_some_and(|&c| !is_py_space(c))
}

/// `_CALL.fullmatch(body)`: `name(...)`, `a.b(...);`.
fn call(b: &[char]) -> bool {
    if !b.first().is_some_and(|&c| ident_start(c)) {
        return false;
    }
    let mut i = 1;
    while i < b.len() && (is_py_word(b[i]) || b[i] == '.') {
        i += 1;
    }
    if b.get(i) != Some(&'(') {
        return false;
    }
    let close = match b.last() {
        Some(';' | ':') if b.len() >= 2 && b[b.len() - 2] == ')' => b.len() - 2,
        Some(')') => b.len() - 1,
        _ => return false,
    };
    close > i
}

/// `_SHELL.search(body)`.
fn shell(b: &[char]) -> bool {
    (0..b.len()).any(|i| {
        let rest = &b[i..];
        (rest[0] == '$' && rest.get(1).is_some_and(|&c| c.is_ascii_alphabetic() || const { AsciiSet::of("_{(") }.contains(c)))
            || starts_with(rest, ">/dev/")
            || (rest.len() >= 4 && rest[0].is_ascii_digit() && rest[1] == '>' && rest[2] == '&' && rest[3].is_ascii_digit())
            || starts_with(rest, " && ")
            || starts_with(rest, " || ")
            || starts_with(rest, " | ")
    })
}

/// `_KEYWORD.match(body)`.
fn keyword(b: &[char]) -> bool {
    KEYWORDS.iter().any(|k| {
        let n = k.chars().count();
        starts_with(b, k) && b.get(n).is_none_or(|&c| !is_py_word(c))
    })
}

/// `_OPTION_WORD.search(body)`: `-x` or `--x` at the start or after a space or tab.
fn option_word(b: &[char]) -> bool {
    (0..b.len()).any(|i| {
        (i == 0 || b[i - 1] == ' ' || b[i - 1] == '\t') && b[i] == '-' && {
            let j = if b.get(i + 1) == Some(&'-') && b.get(i + 2).is_some_and(|c| c.is_ascii_lowercase()) {
                i + 2
            } else {
                i + 1
            };
            b.get(j).is_some_and(|c| c.is_ascii_lowercase())
        }
    })
}

fn has_code_char(b: &[char]) -> bool {
    b.iter().any(|&c| CODE_CHARS.contains(c))
}

/// `protect.code_line_kind`: 2 code, 1 neutral, 0 blank.
pub fn code_line_kind(line: &[char]) -> u8 {
    let body = strip_line_space(line);
    if body.is_empty() {
        return 0;
    }
    if (starts_with(body, "#") || starts_with(body, "//")) && !starts_with(body, "#!/") {
        return 1;
    }
    if starts_with(body, "#!/")
        || (starts_with(body, "$ ") && body.len() > 2)
        || BLOCK_WORDS.iter().any(|w| equals(body, w))
        || assignment(body)
        || call(body)
        || shell(body)
        || matches!(body.last(), Some('{' | '}' | '\\'))
    {
        return 2;
    }
    let words = crate::chars::runs(body, |c| !is_py_space(c)).count();
    if body.last() == Some(&';') && (has_code_char(&body[..body.len() - 1]) || words <= 2) {
        return 2;
    }
    if keyword(body)
        && (has_code_char(body) || body.last() == Some(&':') || (body.iter().all(char::is_ascii) && words <= 4))
    {
        return 2;
    }
    if (line.first() == Some(&'\t') || starts_with(line, "    ")) && (has_code_char(body) || option_word(body)) {
        return 2;
    }
    1
}

/// `protect._code_part`: the line up to its comment, if its Chinese is all inside quotes or in
/// the comment; None for a line of prose.
fn code_part(line: &[char]) -> Option<&[char]> {
    let mut quote: Option<char> = None;
    for (index, &c) in line.iter().enumerate() {
        if let Some(q) = quote {
            if c == q {
                quote = None;
            }
        } else if c == '"' || c == '\'' {
            quote = Some(c);
        } else if c == '#' || starts_with(&line[index..], "//") {
            return Some(&line[..index]);
        } else if chinese(c) {
            return None;
        }
    }
    Some(line)
}

/// The kind of one line of the text, as `code_line_spans` of the reference judges it (a line
/// `_FOREIGN_LINE` does not match counts as 0, which ends a run as in the reference).
fn line_kind(line: &[char]) -> u8 {
    let prefix_end = line.iter().position(|&c| const { AsciiSet::of("\"'#/") }.contains(c)).unwrap_or(line.len());
    if line[..prefix_end].iter().any(|&c| chinese(c)) {
        return 0; // not a _FOREIGN_LINE match
    }
    if !line.iter().any(|&c| chinese(c)) {
        return code_line_kind(line);
    }
    match code_part(line) {
        None => 0,
        Some(part) => code_line_kind(part).max(1),
    }
}

/// `protect._with_breaks`.
fn with_breaks(t: &[char], mut start: usize, mut end: usize) -> (usize, usize) {
    if start > 0 && t[start - 1] == '\n' {
        let before = t[..start - 1].iter().rposition(|&c| c == '\n').map_or(0, |i| i + 1);
        if !strip_line_space(&t[before..start - 1]).is_empty() {
            start -= 1;
        }
    }
    if end < t.len() && t[end] == '\n' {
        let after = t[end + 1..].iter().position(|&c| c == '\n').map_or(t.len(), |i| end + 1 + i);
        if !strip_line_space(&t[end + 1..after]).is_empty() {
            end += 1;
        }
    }
    (start, end)
}

/// `protect.code_line_spans`: the runs of code lines, as sorted disjoint spans.
pub fn code_line_spans(t: &[char]) -> Vec<(usize, usize)> {
    let mut spans = Vec::new();
    let (mut lines, mut code) = (0usize, 0usize);
    let (mut first, mut last) = (0usize, 0usize);
    let close = |lines: usize, code: usize, first: usize, last: usize, spans: &mut Vec<(usize, usize)>| {
        if code >= 2 && 2 * code >= lines {
            spans.push(with_breaks(t, first, last));
        }
    };
    let mut start = 0;
    loop {
        let end = t[start..].iter().position(|&c| c == '\n').map_or(t.len(), |i| start + i);
        let kind = line_kind(&t[start..end]);
        if kind == 0 {
            close(lines, code, first, last, &mut spans);
            lines = 0;
            code = 0;
        } else {
            if kind == 2 {
                if code == 0 {
                    first = start;
                }
                last = end;
                code += 1;
            }
            lines += 1;
        }
        if end == t.len() {
            break;
        }
        start = end + 1;
    }
    close(lines, code, first, last, &mut spans);
    spans
}

/// `protect._union`: two sorted lists of disjoint spans as one (overlapping spans merged).
fn union(first: Vec<(usize, usize)>, second: Vec<(usize, usize)>) -> Vec<(usize, usize)> {
    let mut all = first;
    all.extend(second);
    all.sort_unstable();
    let mut merged: Vec<(usize, usize)> = Vec::with_capacity(all.len());
    for (start, end) in all {
        match merged.last_mut() {
            Some(previous) if start < previous.1 => previous.1 = previous.1.max(end),
            _ => merged.push((start, end)),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(usize, usize)> {
        protected_spans(&text.chars().collect::<Vec<_>>())
    }

    #[test]
    fn examples() {
        assert_eq!(spans("see https://example.org/a."), vec![(4, 25)]);
        assert_eq!(spans("mail a.b@example.com now"), vec![(5, 20)]);
        assert_eq!(spans("run --prefix=/usr ok"), vec![(4, 17)]);
        assert_eq!(spans("no hints here"), vec![]);
        assert_eq!(spans("$x+1$ and `code`"), vec![(0, 5), (10, 16)]);
    }
}
