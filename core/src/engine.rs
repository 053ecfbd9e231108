//! `src/wenben/engine.py` of the reference (`Cleaner._run`): run the steps of a pipeline in
//! order, each on the previous one's output, keeping edits off protected spans.
//!
//! A step the core implements runs here; any other (mojibake, convert-variants, a rule not
//! ported yet) is asked of the host (the binding calls the reference's Python step), so the
//! engine gives the reference's result whichever rules are ported.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::compact::{self, Edits};
use crate::edits::{self, Change, Row, Spanned};
use crate::protect::protected_spans;
use crate::rules::{self, Implementation};
use crate::text::{Analysis, Context, Spacing};
use crate::tracker::Tracker;

/// Who computes a step's edits.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Work {
    /// The core: the IDs of the rule (or of the rules of one joint pass).
    Core(Vec<&'static str>),
    /// The host (the reference's step, through the binding).
    External,
}

/// One engine step (`engine.Step` of the reference).
#[derive(Clone, Debug)]
pub struct Step {
    /// The step's ID (`Step.id`: the rule IDs joined by `+`), to name it in errors.
    pub name: String,
    pub work: Work,
    /// Indexes into the plan's trigger characters (`Step.triggers`); empty: always run.
    triggers: Vec<usize>,
    /// `Step.reshapes`: its edits can change what is protected.
    pub reshapes: bool,
}

/// The trigger characters of a pipeline, each with an index, so that which are present is a
/// vector of booleans (the reference's `present` set, restricted to the characters any step
/// asks about: no other character of that set is ever looked at).
#[derive(Clone, Debug)]
struct Triggers {
    ascii: [u32; 128], // index + 1; 0: not a trigger
    others: Vec<(char, usize)>, // sorted by character
    /// One bit per code point of the BMP: set for the triggers among `others` (so that the
    /// characters of most text need no search).
    bmp: Vec<u64>,
    count: usize,
}

impl Default for Triggers {
    fn default() -> Self {
        Triggers { ascii: [0; 128], others: Vec::new(), bmp: vec![0; 0x10000 / 64], count: 0 }
    }
}

impl Triggers {
    fn add(&mut self, char: char) -> usize {
        if let Some(index) = self.index(char) {
            return index;
        }
        let index = self.count;
        self.count += 1;
        if char.is_ascii() {
            self.ascii[char as usize] = index as u32 + 1;
        } else {
            let at = self.others.partition_point(|&(c, _)| c < char);
            self.others.insert(at, (char, index));
            let code = char as usize;
            if code < 0x10000 {
                self.bmp[code / 64] |= 1 << (code % 64);
            }
        }
        index
    }

    fn index(&self, char: char) -> Option<usize> {
        if char.is_ascii() {
            return self.ascii[char as usize].checked_sub(1).map(|i| i as usize);
        }
        let code = char as usize;
        if code < 0x10000 && self.bmp[code / 64] & (1 << (code % 64)) == 0 {
            return None;
        }
        self.others.binary_search_by_key(&char, |&(c, _)| c).ok().map(|at| self.others[at].1)
    }

    /// Which triggers occur in `text` (`Cleaner._present`).
    fn present_in(&self, text: &[char]) -> Vec<bool> {
        let mut present = vec![false; self.count];
        let mut missing = self.count;
        for &char in text {
            if missing == 0 {
                break;
            }
            if let Some(index) = self.index(char) {
                if !present[index] {
                    present[index] = true;
                    missing -= 1;
                }
            }
        }
        present
    }
}

/// The steps of a pipeline, as the engine runs them (built once per cleaner).
#[derive(Clone, Debug)]
pub struct Plan {
    pub steps: Vec<Step>,
    triggers: Triggers,
}

/// What the host says of a step: its rule IDs, its trigger characters (empty: always run) and
/// whether it reshapes.
pub struct StepSpec<'a> {
    pub ids: Vec<&'a str>,
    pub triggers: Vec<char>,
    pub reshapes: bool,
}

/// How the core runs the step made of `ids`: itself if it has every rule, and they are one rule
/// or the rules of one joint pass; otherwise the host does.
fn work(ids: &[&str]) -> Work {
    let mut found = Vec::with_capacity(ids.len());
    for id in ids {
        match rules::lookup(id) {
            Some(rule) => found.push(rule),
            None => return Work::External,
        }
    }
    let joint = found.iter().all(|rule| matches!(rule.implementation, Implementation::Joint(_) | Implementation::CompactJoint(_)));
    if found.is_empty() || (found.len() > 1 && !joint) {
        return Work::External;
    }
    Work::Core(found.iter().map(|rule| rule.id).collect())
}

impl Plan {
    pub fn new(specs: &[StepSpec]) -> Plan {
        let mut triggers = Triggers::default();
        let steps = specs
            .iter()
            .map(|spec| Step {
                name: spec.ids.join("+"),
                work: work(&spec.ids),
                triggers: spec.triggers.iter().map(|&c| triggers.add(c)).collect(),
                reshapes: spec.reshapes,
            })
            .collect();
        Plan { steps, triggers }
    }

    /// Whether some step is the host's.
    pub fn has_external(&self) -> bool {
        self.steps.iter().any(|step| step.work == Work::External)
    }
}

/// The result of a run: the text, and (when asked: `explain`) the composition of the edits
/// every step applied (`EditTracker` of the reference), made as each step ends.
#[derive(Debug, Default)]
pub struct Outcome {
    pub text: Vec<char>,
    pub tracker: Option<Tracker>,
}

/// Why a run failed: a core step panicked or refused (a bug: the message names the step), or
/// the host failed on one of its steps.
#[derive(Debug)]
pub enum Failure<E> {
    Step { step: String, message: String },
    Host(E),
}

pub(crate) fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    if let Some(text) = payload.downcast_ref::<&str>() {
        text.to_string()
    } else if let Some(text) = payload.downcast_ref::<String>() {
        text.clone()
    } else {
        "panic".to_string()
    }
}

/// The edits of a core step on `text` (a panic caught and named), compact.
fn core_edits<E>(step: &Step, ids: &[&'static str], text: &[char], context: &Context) -> Result<Edits, Failure<E>> {
    let result = catch_unwind(AssertUnwindSafe(|| rules::step_edits_compact(ids, text, context)));
    let message = match result {
        Ok(Ok(edits)) => return Ok(edits),
        Ok(Err(message)) => message,
        Err(payload) => panic_message(payload),
    };
    Err(Failure::Step { step: step.name.clone(), message })
}

/// What the engine does with one step's edits (a core step's or the host's, compact): sort
/// them (overlaps dropped), note the triggers they write, drop those on protected spans,
/// check them against the text and apply them in place. None when no edit is left.
fn settle<E>(
    mut edits: Edits,
    plan: &Plan,
    present: &mut [bool],
    protected: &[(usize, usize)],
    text: &mut Vec<char>,
    step: &Step,
) -> Result<Option<Edits>, Failure<E>> {
    edits.sort_disjoint();
    // Characters a rule writes may trigger later rules.
    for edit in edits.iter() {
        edit.for_each_written(|char| {
            if let Some(trigger) = plan.triggers.index(char) {
                present[trigger] = true;
            }
        });
    }
    if !protected.is_empty() {
        edits.drop_overlapping(protected);
    }
    if edits.is_empty() {
        return Ok(None);
    }
    if let Some((start, end)) = edits.slots().map(|slot| slot.span()).find(|&(start, end)| end < start || end > text.len()) {
        return Err(outside(step, start, end, text.len()));
    }
    edits::apply_in_place(text, edits.iter());
    Ok(Some(edits))
}

/// The failure of a step that gave an edit outside the text.
fn outside<E>(step: &Step, start: usize, end: usize, length: usize) -> Failure<E> {
    Failure::Step { step: step.name.clone(), message: format!("edit {start}..{end} outside the text ({length} characters)") }
}

/// The host's edits for step `index` (the step's position in the plan) on the text, given the
/// protected spans, and whether the text is still the one `run` was given (no step changed
/// it): the host may then hand its own copy of the text to the step instead of a new one.
pub type Host<'h, E> = dyn FnMut(usize, &[char], &[(usize, usize)], bool) -> Result<Vec<Row>, E> + 'h;

/// `Cleaner._run` of the reference, without inline control (the host keeps texts that have it).
///
/// The protected spans are found at the start, and again after a reshaping step changed the
/// text, before the first step that does not reshape. A step whose triggers all are absent is
/// skipped; a trigger is present if the text had it at the start or any step wrote it. Each
/// step's edits are sorted (overlaps dropped) if they need it, those on protected spans
/// dropped, and the rest applied (in place when they do not grow the text); the spans are
/// moved by them at once, and no step's edits outlive it (`explain` composes them first).
pub fn run<E>(
    plan: &Plan,
    text: Vec<char>,
    spacing: Spacing,
    document: Option<&[char]>,
    explain: bool,
    host: &mut Host<'_, E>,
) -> Result<Outcome, Failure<E>> {
    let mut text = text;
    if text.len() > compact::LIMIT {
        return Err(Failure::Step {
            step: "engine".to_string(),
            message: format!("{} characters in one piece: at most {} can be cleaned at once", text.len(), compact::LIMIT),
        });
    }
    let mut protected = protected_spans(&text);
    // What rules find of the text itself, kept while steps leave the text as it is.
    let mut analysis = Analysis::with_protected(&text, protected.clone());
    let mut present = plan.triggers.present_in(&text);
    let mut reshaped = false; // a reshaping step changed the text since the spans were found
    let mut unchanged = true; // no step has changed the text yet
    let mut tracker = explain.then(|| Tracker::new(text.clone()));
    for (index, step) in plan.steps.iter().enumerate() {
        if reshaped && !step.reshapes {
            protected = protected_spans(&text);
            analysis = Analysis::with_protected(&text, protected.clone());
            reshaped = false;
        }
        if !step.triggers.is_empty() && !step.triggers.iter().any(|&trigger| present[trigger]) {
            continue;
        }
        let edits = match &step.work {
            Work::Core(ids) => {
                let mut context = Context::new(spacing, std::mem::take(&mut protected), document);
                context.analysis = std::mem::take(&mut analysis);
                let edits = core_edits(step, ids, &text, &context);
                protected = context.protected;
                analysis = context.analysis;
                edits?
            }
            Work::External => {
                let rows = host(index, &text, &protected, unchanged).map_err(Failure::Host)?;
                // An offset the stream cannot hold is outside the text (it has at most
                // `compact::LIMIT` characters): named like any edit outside it, not a panic.
                if let Some(row) = rows.iter().find(|row| row.start.max(row.end) > compact::LIMIT) {
                    return Err(outside(step, row.start, row.end, text.len()));
                }
                Edits::take_over(rows)
            }
        };
        if edits.is_empty() {
            continue;
        }
        unchanged = false; // (settle may still drop them all: the flag only errs towards a copy)
        let Some(edits) = settle(edits, plan, &mut present, &protected, &mut text, step)? else {
            continue;
        };
        analysis = Analysis::default();
        reshaped = reshaped || step.reshapes;
        if !protected.is_empty() {
            // Moved now, not when the next step needs them (as the reference does): the same
            // spans, and the step's edits are dropped here instead of living on through the
            // next step's run beside its own.
            protected = edits::shift(edits.iter(), &protected);
        }
        if let Some(tracker) = &mut tracker {
            tracker.apply(edits.iter());
        }
    }
    Ok(Outcome { text, tracker })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::borrow::Cow;

    fn chars(text: &str) -> Vec<char> {
        text.chars().collect()
    }

    fn plan(steps: &[(&[&str], &str, bool)]) -> Plan {
        let specs: Vec<StepSpec> = steps
            .iter()
            .map(|(ids, triggers, reshapes)| StepSpec { ids: ids.to_vec(), triggers: triggers.chars().collect(), reshapes: *reshapes })
            .collect();
        Plan::new(&specs)
    }

    fn no_host(_: usize, _: &[char], _: &[(usize, usize)], _: bool) -> Result<Vec<Row>, ()> {
        Err(())
    }

    #[test]
    fn core_steps_run_and_are_recorded() {
        let plan = plan(&[(&["line-endings"], "\r\u{b}\u{c}\u{85}\u{2028}\u{2029}", true)]);
        assert_eq!(plan.steps[0].work, Work::Core(vec!["line-endings"]));
        let outcome = run(&plan, chars("a\r\nb"), Spacing::Compact, None, true, &mut no_host).unwrap();
        assert_eq!(outcome.text, chars("a\nb"));
        let edits = outcome.tracker.unwrap().edits();
        assert_eq!(edits, vec![("line-endings".to_string(), 1, 3, "\n".to_string())]);
    }

    #[test]
    fn triggers_are_found_in_and_out_of_the_bmp() {
        let mut triggers = Triggers::default();
        let added: Vec<usize> = ['\r', '\u{2014}', '\u{ff0c}', '\u{20000}', '\u{2014}'].iter().map(|&c| triggers.add(c)).collect();
        assert_eq!(added, vec![0, 1, 2, 3, 1]);
        assert_eq!(triggers.index('\u{2014}'), Some(1));
        assert_eq!(triggers.index('\u{20000}'), Some(3));
        for absent in ['a', '\u{2013}', '\u{4e2d}', '\u{ff0b}', '\u{20001}'] {
            assert_eq!(triggers.index(absent), None);
        }
        assert_eq!(triggers.present_in(&chars("\u{4e2d}\u{ff0c}\u{20000}")), vec![false, false, true, true]);
    }

    #[test]
    fn absent_triggers_skip_the_step_and_written_ones_wake_it() {
        // The host's step replaces "x" by "\r"; the line-endings step is triggered by what it
        // wrote, though the text had no CR at the start.
        let plan = plan(&[(&["not-ported"], "x", false), (&["line-endings"], "\r", true)]);
        let mut calls = Vec::new();
        let mut host = |index: usize, text: &[char], _: &[(usize, usize)], _: bool| -> Result<Vec<Row>, ()> {
            calls.push(index);
            let at = text.iter().position(|&c| c == 'x').unwrap();
            Ok(vec![Row { rule: Cow::Owned("not-ported".into()), start: at, end: at + 1, replacement: vec!['\r'] }])
        };
        let outcome = run(&plan, chars("axb"), Spacing::Compact, None, false, &mut host).unwrap();
        assert_eq!(outcome.text, chars("a\nb"));
        assert_eq!(calls, vec![0]);
        let outcome = run(&plan, chars("ab"), Spacing::Compact, None, false, &mut no_host).unwrap();
        assert_eq!(outcome.text, chars("ab"));
    }

    #[test]
    fn edits_on_protected_spans_are_dropped_and_spans_move() {
        // A URL is protected: the host's deletions inside it are dropped, the ones around it
        // applied, and the next step sees the span moved.
        let plan = plan(&[(&["first"], "", false), (&["second"], "", false)]);
        let text = chars("  see https://example.com/a b");
        let url = (6, 27);
        let mut seen = Vec::new();
        let mut host = |index: usize, _: &[char], protected: &[(usize, usize)], _: bool| -> Result<Vec<Row>, ()> {
            seen.push(protected.to_vec());
            Ok(if index == 0 {
                vec![
                    Row { rule: Cow::Owned("first".into()), start: 0, end: 2, replacement: vec![] },
                    Row { rule: Cow::Owned("first".into()), start: 10, end: 11, replacement: vec![] },
                ]
            } else {
                vec![]
            })
        };
        let outcome = run(&plan, text, Spacing::Compact, None, true, &mut host).unwrap();
        assert_eq!(seen, vec![vec![url], vec![(url.0 - 2, url.1 - 2)]]);
        assert_eq!(outcome.text, chars("see https://example.com/a b"));
        assert_eq!(outcome.tracker.unwrap().edits(), vec![("first".to_string(), 0, 2, String::new())]);
    }

    #[test]
    fn the_host_is_told_whether_the_text_is_still_the_given_one() {
        // Step 0 makes no edit, step 1 one, step 2 none: the text is the given one for 0 and 1.
        let plan = plan(&[(&["first"], "", false), (&["second"], "", false), (&["third"], "", false)]);
        let mut told = Vec::new();
        let mut host = |index: usize, _: &[char], _: &[(usize, usize)], unchanged: bool| -> Result<Vec<Row>, ()> {
            told.push(unchanged);
            Ok(if index == 1 { vec![Row { rule: Cow::Owned("second".into()), start: 0, end: 1, replacement: vec![] }] } else { vec![] })
        };
        let outcome = run(&plan, chars("xab"), Spacing::Compact, None, false, &mut host).unwrap();
        assert_eq!(outcome.text, chars("ab"));
        assert_eq!(told, vec![true, true, false]);
    }

    #[test]
    fn a_bad_edit_names_the_step() {
        let plan = plan(&[(&["bad"], "", false)]);
        let mut host = |_: usize, _: &[char], _: &[(usize, usize)], _: bool| -> Result<Vec<Row>, ()> {
            Ok(vec![Row { rule: Cow::Owned("bad".into()), start: 2, end: 9, replacement: vec![] }])
        };
        match run(&plan, chars("abc"), Spacing::Compact, None, false, &mut host) {
            Err(Failure::Step { step, .. }) => assert_eq!(step, "bad"),
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn an_edit_beyond_the_streams_offsets_names_the_step() {
        // (Not a panic in `compact::offset`: the host's rows are checked before they are packed.)
        for (start, end) in [(0, compact::LIMIT + 1), (compact::LIMIT + 1, compact::LIMIT + 1), (usize::MAX, 0)] {
            let plan = plan(&[(&["far"], "", false)]);
            let mut host = |_: usize, _: &[char], _: &[(usize, usize)], _: bool| -> Result<Vec<Row>, ()> {
                Ok(vec![Row { rule: Cow::Owned("far".into()), start, end, replacement: vec![] }])
            };
            match run(&plan, chars("abc"), Spacing::Compact, None, false, &mut host) {
                Err(Failure::Step { step, message }) => {
                    assert_eq!(step, "far");
                    assert_eq!(message, format!("edit {start}..{end} outside the text (3 characters)"));
                }
                other => panic!("{other:?}"),
            }
        }
    }
}
