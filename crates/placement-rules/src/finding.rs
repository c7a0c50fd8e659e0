//! What a check finds: one problem with one answer, addressed to the field it concerns.
//!
//! The same list is the app's error summary and the relay's 422 body, so the wording is written
//! for the person filling in the form (GOV.UK style) and never names internal codes.

use serde::{Deserialize, Serialize};

/// Whether a finding stops the form going further.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Severity {
    /// Blocks the page and the submission.
    Error,
    /// Allowed, but flagged to the user and recorded with the submission.
    Warning,
}

/// A machine-readable reason, stable on the wire, so tests and reports need not match on prose.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    Required,
    TooLong,
    Format,
    NotReal,
    NotInPast,
    InFuture,
    TooEarly,
    NotAllowed,
    UnknownCode,
    NotOutOfArea,
    OutsideHost,
    Age,
    Timing,
    Inconsistent,
}

/// One problem with one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// Dotted path of the field, as on the wire: `child.date_of_birth`, `risks.self_harm.details`.
    pub field: String,
    pub kind: Kind,
    pub severity: Severity,
    /// Written for the person filling in the form.
    pub message: String,
    /// The answers elsewhere that make this rule apply (the placement's postcode for a rule about
    /// distant placements), so a page can say why and where: the rule spans pages.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub because: Vec<String>,
}

impl Finding {
    pub fn error(field: impl Into<String>, kind: Kind, message: impl Into<String>) -> Self {
        Self { field: field.into(), kind, severity: Severity::Error, message: message.into(), because: Vec::new() }
    }

    pub fn warning(field: impl Into<String>, kind: Kind, message: impl Into<String>) -> Self {
        Self { field: field.into(), kind, severity: Severity::Warning, message: message.into(), because: Vec::new() }
    }

    /// The same finding, applying because of the answers at `paths`.
    pub fn because(mut self, paths: &[&str]) -> Self {
        self.because = paths.iter().map(|p| (*p).to_owned()).collect();
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// True when nothing in `findings` blocks.
pub fn passes(findings: &[Finding]) -> bool {
    !findings.iter().any(Finding::is_error)
}

/// Keeps the first finding for each field: a person fixes one thing at a time, and GOV.UK
/// shows one message per field. Order is kept, so the summary follows the page.
pub fn first_per_field(findings: Vec<Finding>) -> Vec<Finding> {
    let mut seen: Vec<String> = Vec::new();
    findings
        .into_iter()
        .filter(|f| {
            let key = format!("{}|{:?}", f.field, f.severity);
            if seen.contains(&key) {
                false
            } else {
                seen.push(key);
                true
            }
        })
        .collect()
}
