//! Front Door's work queue: what it asks of its list of cases and the page of cases it gets back.
//! The relay filters, sorts and pages in its database (`GET /api/staff/cases?…`); the browser only
//! shows the page. The query holds codes, dates and a case reference, never a child's details.

use placement_rules::{CaseStatus, Date};
use serde::{Deserialize, Serialize};

use crate::{CaseSummary, Named};

/// Cases on one page of the queue.
pub const PAGE_SIZE: u32 = 50;
/// "Due soon": a reply due within this many working days (the reminder's warning, too).
pub const DUE_SOON_WORKING_DAYS: u32 = 2;

/// Which cases, in which order, which page. Every part is optional: none is "everything, what needs
/// action first, page 1".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<CaseStatus>,
    /// A division's code, as the host's configuration names it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<String>,
    /// A placing authority's GSS code.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub placing_authority: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<Due>,
    /// Received on or after.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_from: Option<Date>,
    /// Received on or before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub received_to: Option<Date>,
    /// All or the start of a case reference, as the emails give it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reference: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<Sort>,
    /// From 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

/// How soon the host's reply is owed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Due {
    /// Its reply date has passed.
    Overdue,
    /// Due today or within [`DUE_SOON_WORKING_DAYS`] working days.
    DueSoon,
}

impl Due {
    pub const ALL: [Due; 2] = [Due::Overdue, Due::DueSoon];

    pub fn label(self) -> &'static str {
        match self {
            Due::Overdue => "Reply overdue",
            Due::DueSoon => "Reply due in the next 2 working days",
        }
    }
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sort {
    /// Replies owed first, the earliest reply date first (so overdue ones lead); then the rest,
    /// most recently received first.
    #[default]
    ActionFirst,
    NewestFirst,
    OldestFirst,
}

impl Sort {
    pub const ALL: [Sort; 3] = [Sort::ActionFirst, Sort::NewestFirst, Sort::OldestFirst];

    pub fn label(self) -> &'static str {
        match self {
            Sort::ActionFirst => "Needs action first (earliest reply due)",
            Sort::NewestFirst => "Most recently received first",
            Sort::OldestFirst => "Least recently received first",
        }
    }

    /// The serde id, for a form's option value.
    pub fn id(self) -> &'static str {
        match self {
            Sort::ActionFirst => "action-first",
            Sort::NewestFirst => "newest-first",
            Sort::OldestFirst => "oldest-first",
        }
    }
}

impl CaseQuery {
    /// The page asked for, from 1.
    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1).max(1)
    }

    /// Whether anything narrows the list (so the page can say "no cases match").
    pub fn filtered(&self) -> bool {
        self.status.is_some()
            || self.division.is_some()
            || self.placing_authority.is_some()
            || self.due.is_some()
            || self.received_from.is_some()
            || self.received_to.is_some()
            || self.reference.is_some()
    }

    /// `status=agreed&page=2`, for the relay's list (empty when nothing is asked).
    pub fn query_string(&self) -> String {
        query_string([
            ("status", self.status.map(|s| s.id().to_owned())),
            ("division", self.division.clone()),
            ("placing_authority", self.placing_authority.clone()),
            (
                "due",
                self.due.map(|d| match d {
                    Due::Overdue => "overdue".to_owned(),
                    Due::DueSoon => "due-soon".to_owned(),
                }),
            ),
            ("received_from", self.received_from.map(|d| d.to_string())),
            ("received_to", self.received_to.map(|d| d.to_string())),
            ("reference", self.reference.clone()),
            ("sort", self.sort.filter(|s| *s != Sort::ActionFirst).map(|s| s.id().to_owned())),
            ("page", self.page.filter(|p| *p > 1).map(|p| p.to_string())),
        ])
    }
}

/// `name=value&…` of the parts given a value, each value percent-encoded.
pub(crate) fn query_string<const N: usize>(parts: [(&str, Option<String>); N]) -> String {
    parts
        .into_iter()
        .filter_map(|(name, value)| value.filter(|v| !v.is_empty()).map(|v| format!("{name}={}", encode(&v))))
        .collect::<Vec<_>>()
        .join("&")
}

/// Percent-encodes all but the unreserved characters.
fn encode(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// One page of the queue, with what the filters can offer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseQueue {
    pub today: Date,
    pub cases: Vec<CaseSummary>,
    /// Cases matching the filters, on every page.
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    /// The host's divisions, for the division filter.
    pub divisions: Vec<Named>,
    /// The placing authorities with a case here, by name, for their filter.
    pub placing_authorities: Vec<Named>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_query_asks_for_nothing_and_page_one() {
        let q = CaseQuery::default();
        assert_eq!(q.query_string(), "");
        assert_eq!(q.page(), 1);
        assert!(!q.filtered());
    }

    #[test]
    fn a_query_string_carries_each_part_encoded() {
        let q = CaseQuery {
            status: Some(CaseStatus::AwaitingOutcome),
            division: Some("north kent".into()),
            due: Some(Due::DueSoon),
            received_from: Date::from_ymd(2026, 11, 1),
            reference: Some("OLA-7K3M".into()),
            sort: Some(Sort::OldestFirst),
            page: Some(3),
            ..CaseQuery::default()
        };
        assert_eq!(
            q.query_string(),
            "status=awaiting-outcome&division=north%20kent&due=due-soon&received_from=2026-11-01&reference=OLA-7K3M&sort=oldest-first&page=3"
        );
        assert!(q.filtered());
    }
}
