//! The seven submissions, one module each, with the pieces they share in `common`.

pub mod common;
pub mod consultation_outcome;
pub mod consultation_request;
pub mod documents_sent;
pub mod placement_confirmation;
pub mod placement_ending;
pub mod placement_notification;
pub mod recipients;
pub mod short_breaks;
pub mod withdrawal;

mod checks;
mod child_identity;
pub(crate) use checks::Checks;

use crate::context::Context;
use crate::finding::Finding;

/// One question on a page: its wire path, the section (page group) it sits in, and the label
/// the check-your-answers page shows. The order of a form's list is the order on its pages,
/// so findings sort into it and the error summary follows the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Question {
    pub path: &'static str,
    pub section: &'static str,
    pub label: &'static str,
    /// The label when someone else reads the answer ("Social worker's name", not "Your name").
    pub label_for_others: Option<&'static str>,
}

impl Question {
    /// As the person reading someone else's submission sees it.
    pub fn read_by_others(&self) -> &'static str {
        self.label_for_others.unwrap_or(self.label)
    }

    pub(crate) const fn others(mut self, label: &'static str) -> Self {
        self.label_for_others = Some(label);
        self
    }
}

/// Shorthand for the question registries.
pub(crate) const fn q(path: &'static str, section: &'static str, label: &'static str) -> Question {
    Question { path, section, label, label_for_others: None }
}

/// Joins the parts of a form's question list when the crate is built, so a list kept once (the
/// risks) is spliced into the form in page order. `N` is the whole length; parts that do not add
/// up to it stop the build.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler: an index out of range is a build error
pub(crate) const fn joined<const N: usize>(parts: &[&[Question]]) -> [Question; N] {
    let mut out = [q("", "", ""); N];
    let (mut n, mut p) = (0, 0);
    while p < parts.len() {
        let mut i = 0;
        while i < parts[p].len() {
            out[n] = parts[p][i];
            n += 1;
            i += 1;
        }
        p += 1;
    }
    assert!(n == N, "the parts of a question list do not add up to its length");
    out
}

/// A group of questions: a task-list item and its pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Section {
    pub id: &'static str,
    pub title: &'static str,
    /// The title when someone else reads the section ("Placing social worker", not "About you").
    pub title_for_others: Option<&'static str>,
}

impl Section {
    pub fn read_by_others(&self) -> &'static str {
        self.title_for_others.unwrap_or(self.title)
    }
}

/// What every submission offers: its registry of questions and its checks.
pub trait Form {
    /// Stable id on the wire and in URLs: `consultation-request`.
    const KIND: &'static str;
    const TITLE: &'static str;
    const SECTIONS: &'static [Section];
    const QUESTIONS: &'static [Question];

    /// Every finding for the whole submission, in page order.
    fn check(&self, ctx: &Context<'_>) -> Vec<Finding>;

    /// The findings for one section: what Continue shows on that section's pages.
    fn check_section(&self, section: &str, ctx: &Context<'_>) -> Vec<Finding> {
        self.check(ctx).into_iter().filter(|f| Self::question(&f.field).is_some_and(|q| q.section == section)).collect()
    }

    fn question(path: &str) -> Option<&'static Question> {
        Self::QUESTIONS.iter().find(|q| q.path == path)
    }
}

/// Sorts findings into page order and keeps one error (and one warning) per field.
pub(crate) fn in_page_order(questions: &[Question], mut findings: Vec<Finding>) -> Vec<Finding> {
    let position = |f: &Finding| questions.iter().position(|q| q.path == f.field).unwrap_or(usize::MAX);
    findings.sort_by_key(|f| position(f));
    crate::finding::first_per_field(findings)
}
