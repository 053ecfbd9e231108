//! The binding: `wenben._core`. Text crosses once per call; a panic in a rule is caught here
//! and raised as `wenben._core.CoreError` naming the rule, never unwinding into Python.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pyo3::create_exception;
use pyo3::exceptions::{PyRuntimeError, PyValueError};
use pyo3::prelude::*;

use crate::engine::panic_message;
use crate::rules;
use crate::text::{Context, Edit, Spacing};

create_exception!(_core, CoreError, PyRuntimeError, "A bug in the compiled core (a rule panicked); the message names the rule.");

type EditRow = (String, usize, usize, String);

fn rows(edits: Vec<Edit>) -> Vec<EditRow> {
    edits.into_iter().map(|e| (e.rule.to_string(), e.start, e.end, e.replacement)).collect()
}

fn spacing(value: &str) -> PyResult<Spacing> {
    Spacing::parse(value).ok_or_else(|| PyValueError::new_err(format!("spacing must be 'compact' or 'spaced', not {value:?}")))
}

/// Run `work`, turning a panic into CoreError naming `what`.
pub(crate) fn guarded<T>(what: &str, work: impl FnOnce() -> Result<T, String>) -> PyResult<T> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(Ok(value)) => Ok(value),
        Ok(Err(message)) => Err(PyValueError::new_err(message)),
        Err(payload) => Err(CoreError::new_err(format!("{what}: {}", panic_message(payload)))),
    }
}

/// The IDs of the rules the core implements, in pipeline order.
#[pyfunction]
fn implemented() -> Vec<&'static str> {
    rules::implemented()
}

/// The edits of one engine step, as `engine.Step.edits(text, Context(...), named=True)` of the
/// reference: `ids` is one rule or the rules of one joint pass.
#[pyfunction]
#[pyo3(signature = (ids, text, protected=Vec::new(), spacing="compact", document=None))]
fn step_edits(
    py: Python<'_>,
    ids: Vec<String>,
    text: &str,
    protected: Vec<(usize, usize)>,
    spacing: &str,
    document: Option<&str>,
) -> PyResult<Vec<EditRow>> {
    let spacing = self::spacing(spacing)?;
    let chars: Vec<char> = text.chars().collect();
    let document: Option<Vec<char>> = document.map(|d| d.chars().collect());
    let what = format!("rule {}", ids.join("+"));
    py.detach(|| {
        guarded(&what, || {
            let ids: Vec<&str> = ids.iter().map(String::as_str).collect();
            let context = Context::new(spacing, protected, document.as_deref());
            rules::step_edits(&ids, &chars, &context).map(rows)
        })
    })
}

/// `protect.protected_spans(text)`: sorted, disjoint `(start, end)` spans.
#[pyfunction]
fn protected_spans(py: Python<'_>, text: &str) -> PyResult<Vec<(usize, usize)>> {
    let chars: Vec<char> = text.chars().collect();
    py.detach(|| guarded("protect", || Ok(crate::protect::protected_spans(&chars))))
}

fn language_code(language: Option<crate::language::Language>) -> Option<&'static str> {
    language.map(crate::language::Language::code)
}

/// For each of `indices`, queried in the given order on one `Sentences`: `(start, end,
/// language or None)` (a test hook for language.rs against `language.Sentences`); `protected`
/// None: the core's own `protected_spans`.
#[pyfunction]
#[pyo3(signature = (text, indices, protected=None))]
fn sentence_info(
    py: Python<'_>,
    text: &str,
    indices: Vec<usize>,
    protected: Option<Vec<(usize, usize)>>,
) -> PyResult<Vec<(usize, usize, Option<&'static str>)>> {
    let chars: Vec<char> = text.chars().collect();
    py.detach(|| {
        guarded("language", || {
            let mut sentences = match &protected {
                Some(spans) => crate::language::Sentences::with_protected(&chars, spans),
                None => crate::language::Sentences::new(&chars),
            };
            Ok(indices
                .iter()
                .map(|&i| {
                    let (start, end) = sentences.bounds(i);
                    (start, end, language_code(sentences.language(i)))
                })
                .collect())
        })
    })
}

/// `language.english_spans(text)` with the mask spans given (None: the core's own
/// `protected_spans`; a test hook).
#[pyfunction]
#[pyo3(signature = (text, protected=None))]
fn english_spans(py: Python<'_>, text: &str, protected: Option<Vec<(usize, usize)>>) -> PyResult<Vec<(usize, usize)>> {
    let chars: Vec<char> = text.chars().collect();
    py.detach(|| {
        guarded("language", || {
            Ok(match &protected {
                Some(spans) => crate::language::english_spans_with_protected(&chars, spans),
                None => crate::language::english_spans(&chars),
            })
        })
    })
}

/// `language._judge(masked(text), start, end, text)` with the mask spans given (a test hook).
#[pyfunction]
fn judge_sentence(text: &str, start: usize, end: usize, protected: Vec<(usize, usize)>) -> PyResult<Option<&'static str>> {
    let chars: Vec<char> = text.chars().collect();
    guarded("language", || {
        let masked = crate::language::masked(&chars, &protected);
        Ok(language_code(crate::language::judge(&masked, start, end, &chars)))
    })
}

/// `language.outside(positions, spans)`.
#[pyfunction]
fn outside(positions: Vec<usize>, spans: Vec<(usize, usize)>) -> Vec<bool> {
    crate::language::outside(&positions, &spans)
}

/// For each of `indices` in the given order, `(Nearest.before(i), Nearest.after(i))` on one
/// `Nearest(text, kind)`, kind "letter_or_digit" or "letter"; None where the reference says "".
#[pyfunction]
fn nearest(py: Python<'_>, text: &str, kind: &str, indices: Vec<usize>) -> PyResult<Vec<(Option<char>, Option<char>)>> {
    use crate::nearby::{Kind, Nearest};
    let kind = match kind {
        "letter_or_digit" => Kind::LetterOrDigit,
        "letter" => Kind::Letter,
        _ => return Err(PyValueError::new_err(format!("kind must be 'letter_or_digit' or 'letter', not {kind:?}"))),
    };
    let chars: Vec<char> = text.chars().collect();
    py.detach(|| {
        guarded("nearby", || {
            let mut near = Nearest::new(&chars, kind);
            Ok(indices.iter().map(|&i| (near.before(i), near.after(i))).collect())
        })
    })
}

/// A probe for the differential tests: the scanners of rules/punctuation.rs that stand for
/// the reference's regexes, on `text[start..end]` (`name`: "spaced_latin", "long_words",
/// "phrase" give `(0, 0)` for a match; "short_words" gives `(match.start(), match.end(1))`).
#[pyfunction]
fn punctuation_scan(name: &str, text: &str, start: usize, end: usize) -> PyResult<Option<(usize, usize)>> {
    use crate::rules::punctuation as p;
    let chars: Vec<char> = text.chars().collect();
    let end = end.min(chars.len());
    let found = |yes: bool| yes.then_some((0, 0));
    guarded("punctuation_scan", || match name {
        "spaced_latin" => Ok(found(start < end && p::spaced_latin(&chars, start, end))),
        "long_words" => Ok(found(start < end && p::long_words(&chars, start, end))),
        "phrase" => Ok(found(p::has_english_phrase(&chars, start, end))),
        "short_words" => Ok(if start < end { p::short_words(&chars, start, end) } else { None }),
        _ => Err(format!("no scanner {name:?}")),
    })
}

/// The steps of a cleaner, as the engine runs them (`run`): built once per cleaner. Each is
/// `(rule ids, trigger characters (empty: always), reshapes, callable or None)`; the callable,
/// `(text, protected spans, document, named) -> edits`, is the reference's step, called for a
/// step the core does not implement (`named`: the edits must name their rules, for explain).
#[pyclass(frozen, module = "wenben._core", name = "Plan")]
struct EnginePlan {
    plan: crate::engine::Plan,
    callbacks: Vec<Option<Py<PyAny>>>,
}

type StepArgument = (Vec<String>, String, bool, Option<Py<PyAny>>);

#[pymethods]
impl EnginePlan {
    #[new]
    fn new(steps: Vec<StepArgument>) -> PyResult<Self> {
        use crate::engine::{Plan, StepSpec, Work};
        let specs: Vec<StepSpec> = steps
            .iter()
            .map(|(ids, triggers, reshapes, _)| StepSpec {
                ids: ids.iter().map(String::as_str).collect(),
                triggers: triggers.chars().collect(),
                reshapes: *reshapes,
            })
            .collect();
        let plan = Plan::new(&specs);
        let mut callbacks = Vec::with_capacity(steps.len());
        for (step, (_, _, _, callback)) in plan.steps.iter().zip(steps) {
            if step.work == Work::External && callback.is_none() {
                return Err(PyValueError::new_err(format!("step {:?} is not in the compiled core: give its callable", step.name)));
            }
            callbacks.push(if step.work == Work::External { callback } else { None });
        }
        Ok(EnginePlan { plan, callbacks })
    }

    /// For each step, whether the core runs it (False: its callable does).
    fn in_core(&self) -> Vec<bool> {
        self.plan.steps.iter().map(|step| step.work != crate::engine::Work::External).collect()
    }
}

/// A column of numbers for Python: its `array` typecode ("I": u32, "Q": u64, the narrowest
/// that holds the largest value) and its native-endian bytes (for `memoryview.cast`).
type Column = (&'static str, Py<pyo3::types::PyBytes>);

fn filled<const N: usize>(py: Python<'_>, count: usize, values: impl Iterator<Item = [u8; N]>) -> PyResult<Py<pyo3::types::PyBytes>> {
    let bytes = pyo3::types::PyBytes::new_with(py, count * N, |buffer: &mut [u8]| {
        for (slot, value) in buffer.chunks_exact_mut(N).zip(values) {
            slot.copy_from_slice(&value);
        }
        Ok(())
    })?;
    Ok(bytes.unbind())
}

/// `count` numbers, none above `max`, written straight into a Python bytes object (no
/// intermediate vector: on an edit-dense line a column is millions of numbers).
fn column(py: Python<'_>, count: usize, max: usize, values: impl Iterator<Item = usize>) -> PyResult<Column> {
    if u32::try_from(max).is_ok() {
        Ok(("I", filled(py, count, values.map(|value| (value as u32).to_ne_bytes()))?))
    } else {
        Ok(("Q", filled(py, count, values.map(|value| (value as u64).to_ne_bytes()))?))
    }
}

/// What `explain` gets of the core's tracker, as columns (`edits.EditList`, `OffsetMap`):
/// the composed edits (the distinct rule names; per edit the index of its names, its start and
/// end; the replacements joined in one string and where each ends in it, after a leading 0)
/// and the offset map (per piece where it starts in the output and in the source, and one
/// byte: whether a rule wrote it; then the output's length).
type Composition = (
    (Vec<String>, Column, Column, Column, Column, Py<pyo3::types::PyString>),
    (Column, Column, Py<pyo3::types::PyBytes>, usize),
);

fn composition(py: Python<'_>, mut tracker: crate::tracker::Tracker, source_length: usize) -> PyResult<Composition> {
    let names = tracker.names();
    let (mut count, mut written) = (0, 0);
    for (_, _, _, replacement) in tracker.composed() {
        count += 1;
        written += replacement.len();
    }
    let rules = column(py, count, names.len(), tracker.composed().map(|edit| edit.0 as usize))?;
    let starts = column(py, count, source_length, tracker.composed().map(|edit| edit.1))?;
    let ends = column(py, count, source_length, tracker.composed().map(|edit| edit.2))?;
    let mut cut = 0;
    let cuts = column(
        py,
        count + 1,
        written,
        std::iter::once(0).chain(tracker.composed().map(|edit| {
            cut += edit.3.len();
            cut
        })),
    )?;
    let mut text = String::new();
    for (_, _, _, replacement) in tracker.composed() {
        text.extend(replacement.iter());
    }
    let text = pyo3::types::PyString::new(py, &text).unbind();
    tracker.release_source();
    let pieces = tracker.map_pieces().count();
    let output_length = tracker.output_length();
    let map_starts = column(py, pieces, output_length, tracker.map_pieces().map(|piece| piece.0))?;
    let map_sources = column(py, pieces, source_length, tracker.map_pieces().map(|piece| piece.1))?;
    let flags = filled(py, pieces, tracker.map_pieces().map(|piece| [u8::from(piece.2)]))?;
    Ok(((names, rules, starts, ends, cuts, text), (map_starts, map_sources, flags, output_length)))
}

/// `Cleaner._run(text)` of the reference (without inline control): the cleaned text, and with
/// `explain` the composition of every step's edits (`EditTracker`'s edits and offset map, see
/// [`Composition`]). `document` is the start of the document (`Context.document`).
#[pyfunction]
#[pyo3(signature = (text, steps, spacing="compact", document=None, explain=false))]
fn run(
    py: Python<'_>,
    text: &Bound<'_, pyo3::types::PyString>,
    steps: &Bound<'_, EnginePlan>,
    spacing: &str,
    document: Option<Bound<'_, pyo3::types::PyString>>,
    explain: bool,
) -> PyResult<(Py<pyo3::types::PyString>, Option<Composition>)> {
    use crate::edits::Row;
    use crate::engine::{self, Failure};
    let spacing = self::spacing(spacing)?;
    let plan = steps.get();
    let chars = code_points(text)?;
    let source_length = chars.len();
    // Only the document's start is read (its paragraph evidence); the caller passes the text
    // itself for a text that is the whole document (`text[:EVIDENCE_SIZE]` of a short text).
    let document_chars: Option<Vec<char>> = match &document {
        Some(d) if d.is(text) => Some(chars[..chars.len().min(crate::rules::lines::EVIDENCE_SIZE)].to_vec()),
        Some(d) => Some(code_points(d)?),
        None => None,
    };
    let outcome = if plan.plan.has_external() {
        let mut host = |index: usize, chars: &[char], protected: &[(usize, usize)], unchanged: bool| -> PyResult<Vec<Row>> {
            let Some(callback) = &plan.callbacks[index] else {
                return Err(PyValueError::new_err("no callable for a step the core does not implement"));
            };
            // The caller's string while no step has changed the text (mojibake, the first
            // step, nearly always), unless it is a subclass of str: a new string of a huge
            // line costs two copies of it, a UTF-8 one and Python's (issue #15).
            let text = if unchanged && text.is_exact_instance_of::<pyo3::types::PyString>() {
                text.clone()
            } else {
                pyo3::types::PyString::new(py, &chars.iter().collect::<String>())
            };
            let returned = callback.bind(py).call1((text, protected.to_vec(), document.clone(), explain))?;
            let rows: Vec<EditRow> = returned.extract()?;
            Ok(rows
                .into_iter()
                .map(|(rule, start, end, replacement)| Row {
                    rule: std::borrow::Cow::Owned(rule),
                    start,
                    end,
                    replacement: replacement.chars().collect(),
                })
                .collect())
        };
        guarded("engine", || Ok(engine::run(&plan.plan, chars, spacing, document_chars.as_deref(), explain, &mut host)))?
    } else {
        py.detach(|| {
            let mut host = |_: usize, _: &[char], _: &[(usize, usize)], _: bool| -> PyResult<Vec<Row>> {
                Err(PyValueError::new_err("no callable for a step the core does not implement"))
            };
            guarded("engine", || Ok(engine::run(&plan.plan, chars, spacing, document_chars.as_deref(), explain, &mut host)))
        })?
    };
    match outcome {
        Ok(outcome) => {
            // The text first: its code points are dropped before the columns are made.
            let cleaned = python_text(py, outcome.text)?;
            let composed = match outcome.tracker {
                Some(tracker) => Some(composition(py, tracker, source_length)?),
                None => None,
            };
            Ok((cleaned, composed))
        }
        Err(Failure::Step { step, message }) => Err(CoreError::new_err(format!("rule {step}: {message}"))),
        Err(Failure::Host(error)) => Err(error),
    }
}

#[pymodule]
fn _core(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add("CoreError", m.py().get_type::<CoreError>())?;
    m.add_function(wrap_pyfunction!(implemented, m)?)?;
    m.add_function(wrap_pyfunction!(step_edits, m)?)?;
    m.add_function(wrap_pyfunction!(protected_spans, m)?)?;
    m.add_function(wrap_pyfunction!(sentence_info, m)?)?;
    m.add_function(wrap_pyfunction!(english_spans, m)?)?;
    m.add_function(wrap_pyfunction!(judge_sentence, m)?)?;
    m.add_function(wrap_pyfunction!(outside, m)?)?;
    m.add_function(wrap_pyfunction!(nearest, m)?)?;
    m.add_function(wrap_pyfunction!(punctuation_scan, m)?)?;
    m.add_class::<EnginePlan>()?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    Ok(())
}

/// `text` as code points, in a vector of exactly its length, decoded once. An ASCII string is
/// read in place (its UTF-8 is its data: `to_str` copies nothing and caches nothing); any other
/// goes through a UTF-32 bytes object dropped at once (`to_str` would keep a UTF-8 copy in
/// the string object for as long as it lives, and UTF-8 costs a validation and a count before
/// the decoding). A lone surrogate raises UnicodeEncodeError, as encoding to UTF-8 does.
fn code_points(text: &Bound<'_, pyo3::types::PyString>) -> PyResult<Vec<char>> {
    let py = text.py();
    let str_type = py.get_type::<pyo3::types::PyString>();
    // (The methods of `str` itself, not of a subclass that may override them.)
    let ascii: bool = str_type.getattr(pyo3::intern!(py, "isascii"))?.call1((text,))?.extract()?;
    if ascii {
        let bytes = text.to_str()?.as_bytes();
        let mut chars = Vec::with_capacity(bytes.len());
        chars.extend(bytes.iter().map(|&byte| char::from(byte)));
        return Ok(chars);
    }
    let encoded = str_type.getattr(pyo3::intern!(py, "encode"))?.call1((text, pyo3::intern!(py, "utf-32-le")))?;
    let encoded = encoded.cast_into::<pyo3::types::PyBytes>().map_err(PyErr::from)?;
    let units = encoded.as_bytes();
    let mut chars = Vec::with_capacity(units.len() / 4);
    for unit in units.chunks_exact(4) {
        let value = u32::from_le_bytes([unit[0], unit[1], unit[2], unit[3]]);
        chars.push(char::from_u32(value).ok_or_else(|| PyValueError::new_err(format!("not a code point: {value:#x}")))?);
    }
    Ok(chars)
}

/// The Python string of `chars`, each intermediate dropped as soon as the next exists (a
/// huge line's text is otherwise held as code points, an encoding and a Python string at
/// once): ASCII through UTF-8 (a copy), any other text through UTF-32 (decoding UTF-8 costs
/// Python several times more for Chinese).
fn python_text(py: Python<'_>, chars: Vec<char>) -> PyResult<Py<pyo3::types::PyString>> {
    if chars.iter().all(char::is_ascii) {
        let utf8: String = {
            let mut utf8 = String::with_capacity(chars.len());
            utf8.extend(chars.iter());
            utf8
        };
        drop(chars);
        return Ok(pyo3::types::PyString::new(py, &utf8).unbind());
    }
    let encoded = pyo3::types::PyBytes::new_with(py, chars.len() * 4, |buffer| {
        for (unit, &c) in buffer.chunks_exact_mut(4).zip(&chars) {
            unit.copy_from_slice(&u32::from(c).to_le_bytes());
        }
        Ok(())
    })?;
    drop(chars);
    let decoded = encoded.call_method1(pyo3::intern!(py, "decode"), (pyo3::intern!(py, "utf-32-le"),))?;
    Ok(decoded.cast_into::<pyo3::types::PyString>().map_err(PyErr::from)?.unbind())
}
