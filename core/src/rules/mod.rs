//! The built-in rules, one module per module of `src/wenben/rules/`, and the registry the
//! engine and the binding look rules up in.
//!
//! A module exports `lookup(id) -> Option<Implementation>` for the rules it has ported; a rule
//! that no module returns is not in the core yet, and the Python engine runs a pipeline that
//! holds it (`wenben._core.implemented()` lists what is here).

use crate::compact::Edits;
use crate::text::{Context, Edit};

pub mod lines;
pub mod marks;
pub mod numbers;
pub mod punctuation;
pub mod spacing;
pub mod unicode;
pub mod width;

/// `rules.base.RuleFunction`: the edits of one rule on `text` (any order; the engine sorts).
pub type RuleFn = fn(&[char], &Context) -> Vec<Edit>;

/// `rules.base.JointFunction`: one pass computing the edits of several neighbouring rules;
/// `enabled` holds the IDs of the rules of the pass that are on, and every edit names its rule.
pub type JointFn = fn(&[char], &Context, &[&str]) -> Vec<Edit>;

/// A joint pass that emits its edits compact (12 bytes an edit: see `compact.rs`), for the
/// passes that can make an edit every other character.
pub type CompactJointFn = fn(&[char], &Context, &[&str]) -> Edits;

#[derive(Clone, Copy)]
pub enum Implementation {
    Single(RuleFn),
    /// The joint pass; rules with the same function pointer in a row form one step (as
    /// `engine._plan` groups them in the reference).
    Joint(JointFn),
    /// A joint pass emitting compact edits (the same edits as a `Joint` would).
    CompactJoint(CompactJointFn),
}

#[derive(Clone, Copy)]
pub struct Rule {
    /// The rule's ID, as in the reference.
    pub id: &'static str,
    pub implementation: Implementation,
    /// `Rule.quick` of the reference (None: always run). Only a shortcut: the rule must give no
    /// edit whenever it returns false.
    pub quick: Option<fn(&[char]) -> bool>,
}

/// Every rule ID of the reference, in pipeline order (rules.ALL_RULES).
pub const ALL_RULE_IDS: &[&str] = &[
    "mojibake",
    "line-endings",
    "invisible-characters",
    "unicode-normalization",
    "fullwidth-alphanumerics",
    "ocr-digits",
    "convert-variants",
    "line-wrap",
    "paragraph-breaks",
    "line-edge-whitespace",
    "blank-lines",
    "number-spacing",
    "number-punctuation",
    "ascii-punctuation",
    "brackets",
    "quotes",
    "corner-quotes",
    "ellipsis",
    "dash",
    "space-between-chinese",
    "space-chinese-latin",
    "space-collapse",
    "missing-space-chinese-latin",
];

/// The core's implementation of rule `id`, if it has one.
pub fn lookup(id: &str) -> Option<Rule> {
    unicode::lookup(id)
        .or_else(|| width::lookup(id))
        .or_else(|| numbers::lookup(id))
        .or_else(|| lines::lookup(id))
        .or_else(|| punctuation::lookup(id))
        .or_else(|| spacing::lookup(id))
        .or_else(|| marks::lookup(id))
}

/// The IDs of the rules the core implements, in pipeline order.
pub fn implemented() -> Vec<&'static str> {
    ALL_RULE_IDS.iter().copied().filter(|id| lookup(id).is_some()).collect()
}

/// The edits of one engine step (`engine.Step.edits(text, context, named=True)`): one rule, or
/// the rules of one joint pass, with every edit named after its rule. Err names a rule the
/// core does not have.
pub fn step_edits(ids: &[&str], text: &[char], context: &Context) -> Result<Vec<Edit>, String> {
    Ok(match step_output(ids, text, context)? {
        Output::Wide(edits) => edits,
        Output::Compact(edits) => edits.to_edits(),
    })
}

/// [`step_edits`] as the engine holds them: compact (a rule's `Vec<Edit>` taken over).
pub fn step_edits_compact(ids: &[&str], text: &[char], context: &Context) -> Result<Edits, String> {
    Ok(match step_output(ids, text, context)? {
        Output::Wide(edits) => Edits::take_over(edits),
        Output::Compact(edits) => edits,
    })
}

/// What a step's rules return: `text::Edit`s, or compact edits.
enum Output {
    Wide(Vec<Edit>),
    Compact(Edits),
}

fn step_output(ids: &[&str], text: &[char], context: &Context) -> Result<Output, String> {
    let mut rules = Vec::with_capacity(ids.len());
    for id in ids {
        rules.push(lookup(id).ok_or_else(|| format!("rule {id:?} is not in the compiled core"))?);
    }
    match rules.as_slice() {
        [] => Ok(Output::Wide(Vec::new())),
        [rule] => {
            if let Some(quick) = rule.quick {
                if !quick(text) {
                    return Ok(Output::Wide(Vec::new()));
                }
            }
            let mut edits = match rule.implementation {
                Implementation::Single(function) => function(text, context),
                Implementation::Joint(joint) => joint(text, context, &[rule.id]),
                // (compact edits are named by their pass)
                Implementation::CompactJoint(joint) => return Ok(Output::Compact(joint(text, context, &[rule.id]))),
            };
            for edit in &mut edits {
                if edit.rule.is_empty() {
                    edit.rule = rule.id;
                }
            }
            Ok(Output::Wide(edits))
        }
        [first, ..] => {
            let joint = matches!(first.implementation, Implementation::Joint(_) | Implementation::CompactJoint(_));
            if joint && rules.iter().all(|r| r.quick.is_some_and(|quick| !quick(text))) {
                return Ok(Output::Wide(Vec::new()));
            }
            match first.implementation {
                Implementation::Joint(joint) => Ok(Output::Wide(joint(text, context, ids))),
                Implementation::CompactJoint(joint) => Ok(Output::Compact(joint(text, context, ids))),
                Implementation::Single(_) => Err(format!("rules {ids:?} do not share a joint pass")),
            }
        }
    }
}
