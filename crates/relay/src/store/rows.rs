//! What the store reads and writes: submissions as stored, a case's record and its changes, the
//! timeline, the outbox and attachments. Rows read back are mapped by `sqlx::FromRow`, by column
//! name.

use placement_rules::CaseAction;

use crate::routing::{Email, EmailPlan};

/// A submission as stored.
#[derive(Debug, Clone)]
pub struct NewSubmission {
    pub id: String,
    pub kind: &'static str,
    /// The consultation this follows; `None` when the submission opens its own case.
    pub case_reference: Option<String>,
    pub body_sha256: String,
    pub data: String,
    pub rules_version: String,
    pub client_rules_version: String,
    pub warnings: String,
    pub received_at: String,
    pub received_on: String,
    /// A notification's changes since its consultation: a JSON list of the rules' answer paths.
    pub changes: Option<String>,
    /// The division a notification moved the case away from.
    pub moved_from: Option<String>,
}

/// A stored submission of a case, for its case page.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredSubmission {
    pub kind: String,
    pub reference: String,
    pub data: String,
    pub received_on: String,
    pub changes: Option<String>,
    pub moved_from: Option<String>,
}

/// What a case record learns when a case opens.
#[derive(Debug, Clone, Default)]
pub struct CaseOpen {
    /// The code of the host the placement is in.
    pub host: String,
    pub placing_authority: String,
    pub division: Option<String>,
    pub district: Option<String>,
    pub distance: Option<String>,
    pub distance_miles: Option<f64>,
    pub requested_on: Option<String>,
    pub reply_due_on: Option<String>,
    pub social_worker_email: Option<String>,
    /// The ended placement in the same host's area this one follows.
    pub follows: Option<String>,
}

#[derive(Debug, Clone)]
pub enum CaseChange {
    Consultation(CaseOpen),
    Outcome {
        outcome_on: String,
        decision: String,
        challenge_reason: Option<String>,
        working_days_to_outcome: i64,
    },
    Notification {
        notified_on: String,
        start_date: String,
        notification_type: String,
        notified_before_start: bool,
        late_emergency: bool,
        /// Set when there was no consultation, so the notification opens the case.
        opens: Option<CaseOpen>,
        /// The division where the placement now is, when it differs from the case's.
        moves_to: Option<String>,
        /// `notified`, or `awaiting-confirmation` for a provider's notice.
        status: &'static str,
        /// When the care plan that is to follow is due (reg 4(2)).
        care_plan_due_on: Option<String>,
        /// When the placement is planned to end, if the notification says.
        planned_end_on: Option<String>,
    },
    /// Documents sent after the notification; `care_plan_on` when one is the care plan.
    Documents {
        care_plan_on: Option<String>,
    },
    Confirmation,
    Withdrawal {
        withdrawn_on: String,
    },
    Ending {
        ended_on: String,
        end_date: String,
        reason: String,
        told_late: bool,
    },
}

/// Everything one submission writes, in one transaction.
#[derive(Debug, Clone)]
pub struct Write {
    /// The code of the host whose case this is: its mailboxes get the emails.
    pub host: String,
    pub submission: NewSubmission,
    pub change: CaseChange,
    /// Timeline entry: kind and a detail with no personal data.
    pub event: (String, String),
    pub emails: EmailPlan,
    /// Uploaded files the submission names, to link to its case.
    pub attachments: Vec<String>,
    /// Who sent it, for the access log: their line is written in the submission's transaction,
    /// before the links its emails carry, at the submission's time and with its case.
    pub sent_by: Option<SentBy>,
}

/// A write with what is settled before its transaction begins: the new reference it takes and its
/// emails, rendered for that reference, so the transaction holds its locks for its statements only.
#[derive(Debug, Clone)]
pub struct Ready {
    pub write: Write,
    pub reference: String,
    pub emails: Vec<Email>,
}

impl Ready {
    /// `render` writes the emails of a plan, for a host, for a submission's reference and its case's.
    pub fn new(write: Write, render: impl Fn(&str, &EmailPlan, &str, &str) -> Vec<Email>) -> Result<Self, sqlx::Error> {
        let reference = super::new_reference()?;
        let case_reference = write.submission.case_reference.as_deref().unwrap_or(&reference);
        let emails = render(&write.host, &write.emails, &reference, case_reference);
        Ok(Self { write, reference, emails })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WriteOutcome {
    Created {
        reference: String,
        case_reference: String,
    },
    /// The same id with the same content: nothing new was written.
    Existing {
        reference: String,
        case_reference: String,
    },
    /// The same id with different content.
    Conflict,
    /// The case's state does not allow this submission (the rules' sentence says why): nothing
    /// was written.
    Refused(&'static str),
    /// Another submission already has the reference drawn for this one (about one chance in a
    /// trillion): nothing was written; draw another and write it again.
    ReferenceTaken,
}

#[derive(Debug, Clone, Default, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct CaseRow {
    pub reference: String,
    /// The code of the host whose case it is.
    pub host: String,
    pub status: String,
    pub placing_authority: String,
    pub division: Option<String>,
    pub district: Option<String>,
    pub distance: Option<String>,
    pub distance_miles: Option<f64>,
    pub requested_on: Option<String>,
    pub reply_due_on: Option<String>,
    pub outcome_on: Option<String>,
    pub decision: Option<String>,
    pub challenge_reason: Option<String>,
    pub working_days_to_outcome: Option<i64>,
    pub notified_on: Option<String>,
    pub start_date: Option<String>,
    pub notification_type: Option<String>,
    pub notified_before_start: Option<bool>,
    pub late_emergency: Option<bool>,
    pub withdrawn_on: Option<String>,
    pub ended_on: Option<String>,
    pub end_date: Option<String>,
    pub end_reason: Option<String>,
    pub end_told_late: Option<bool>,
    pub care_plan_due_on: Option<String>,
    pub care_plan_received_on: Option<String>,
    pub follows: Option<String>,
    pub planned_end_on: Option<String>,
    #[serde(skip)]
    pub social_worker_email: Option<String>,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct EventRow {
    pub at: String,
    pub kind: String,
    pub detail: String,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: i64,
    pub case_reference: String,
    pub to_addr: String,
    pub subject: String,
    #[serde(skip)]
    pub body: String,
    pub attempts: i64,
    pub sent_at: Option<String>,
    pub parked_at: Option<String>,
    pub last_error: Option<String>,
}

/// A link to a case that an email carried: to whom, for what, and whether it still opens.
#[derive(Debug, Clone, PartialEq, sqlx::FromRow)]
pub struct LinkRow {
    pub id: String,
    /// `service-manager` or `placing` (`Scope::name`).
    pub scope: String,
    pub recipient: String,
    pub issued_at: String,
    pub expires_at: String,
    pub withdrawn_at: Option<String>,
    pub withdrawn_by: Option<String>,
    /// The link sent in its place.
    pub replaced_by: Option<String>,
}

/// Who sent a submission, and which form, for its access-log line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentBy {
    pub who: String,
    pub account: String,
    /// The form's title.
    pub form: &'static str,
    pub address: String,
}

/// One line of the access log, as stored (see migration 0013).
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct AccessRow {
    /// RFC 3339, UTC.
    pub at: String,
    pub host: Option<String>,
    pub who: String,
    pub account: String,
    /// `AccessAction::id`.
    pub action: String,
    pub case_reference: Option<String>,
    pub detail: Option<String>,
    pub address: String,
}

/// The auditor's question in the store's terms: a host's lines (with the unmatched failed
/// sign-ins), between two times, for a case (or its start), by a person or account.
#[derive(Debug, Clone, Default)]
pub struct AccessFilter {
    pub host: String,
    /// RFC 3339 bounds, inclusive from, exclusive to.
    pub from: Option<String>,
    pub to: Option<String>,
    pub case_prefix: Option<String>,
    /// Lower case; matched anywhere in the name or account.
    pub who: Option<String>,
    pub limit: i64,
    pub offset: i64,
}

#[derive(Debug, Clone, PartialEq, serde::Serialize, sqlx::FromRow)]
pub struct AttachmentMeta {
    pub id: String,
    pub case_reference: Option<String>,
    pub content_type: String,
    pub file_name: String,
    pub size: i64,
}

impl CaseChange {
    /// What this change does to an existing case; `None` when it opens one.
    pub(super) fn action(&self) -> Option<CaseAction> {
        match self {
            CaseChange::Consultation(_) => None,
            CaseChange::Outcome { .. } => Some(CaseAction::RecordOutcome),
            CaseChange::Notification { opens: Some(_), .. } => None,
            CaseChange::Notification { opens: None, .. } => Some(CaseAction::Notify),
            CaseChange::Withdrawal { .. } => Some(CaseAction::Withdraw),
            CaseChange::Ending { .. } => Some(CaseAction::End),
            CaseChange::Confirmation => Some(CaseAction::Confirm),
            CaseChange::Documents { .. } => Some(CaseAction::SendDocuments),
        }
    }
}

pub(super) const CASE_COLUMNS: &str = "reference, host, status, placing_authority, division, district, distance, distance_miles, \
    requested_on, reply_due_on, outcome_on, decision, challenge_reason, working_days_to_outcome, notified_on, \
    start_date, notification_type, notified_before_start, late_emergency, withdrawn_on, ended_on, end_date, end_reason, end_told_late, care_plan_due_on, care_plan_received_on, follows, planned_end_on, social_worker_email, updated_at";

pub(super) const OUTBOX_COLUMNS: &str =
    "id, case_reference, to_addr, subject, body, attempts, sent_at, parked_at, last_error";

/// The work queue's question in the store's terms: codes, ISO dates and a `LIKE` prefix.
#[derive(Debug, Clone)]
pub struct QueueFilter {
    pub host: String,
    pub status: Option<&'static str>,
    pub division: Option<String>,
    pub placing_authority: Option<String>,
    /// Awaiting an outcome with its reply due in this span.
    pub reply_due: Option<ReplyDue>,
    pub received_from: Option<String>,
    pub received_to: Option<String>,
    /// References starting with this (a reference's own characters only).
    pub reference_prefix: Option<String>,
    pub sort: contract::queue::Sort,
    pub limit: i64,
    pub offset: i64,
}

/// When an awaited reply is due, as ISO dates.
#[derive(Debug, Clone)]
pub enum ReplyDue {
    /// Before this day: overdue on it.
    Before(String),
    /// From the first day to the second, both included.
    Between(String, String),
}

impl QueueFilter {
    pub(super) fn order_by(&self) -> &'static str {
        use contract::queue::Sort;
        match self.sort {
            Sort::ActionFirst => {
                " ORDER BY CASE WHEN status = 'awaiting-outcome' THEN 0 ELSE 1 END, \
                 CASE WHEN status = 'awaiting-outcome' THEN reply_due_on END, \
                 COALESCE(requested_on, notified_on) DESC, reference"
            }
            Sort::NewestFirst => " ORDER BY COALESCE(requested_on, notified_on) DESC, reference DESC",
            Sort::OldestFirst => " ORDER BY COALESCE(requested_on, notified_on), reference",
        }
    }
}
