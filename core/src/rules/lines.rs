//! `src/wenben/rules/lines.py` of the reference. (Not ported yet.)

use super::Rule;

/// The rules of this module the core implements.
pub fn lookup(_id: &str) -> Option<Rule> {
    None
}
