//! The compiled core of wenben: the engine and the built-in rules, ported from the Python
//! reference in `src/wenben/` and held to it byte for byte and edit for edit by the
//! differential tests (`tests/core/`).
//!
//! Text is handled as a slice of `char`s, so that every offset is a code-point offset, as in
//! Python: an edit's `start`/`end` here are the numbers the Python engine reports.

pub mod chars;
pub mod compact;
pub mod edits;
pub mod engine;
pub mod language;
pub mod nfc;
pub mod nearby;
pub mod protect;
pub mod rules;
pub mod tables;
#[rustfmt::skip]
pub mod tables_nfc;
pub mod text;
pub mod tracker;

#[cfg(feature = "python")]
mod python;
