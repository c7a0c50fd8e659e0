//! The one contract between the browser app and the relay: where each endpoint is, how large an
//! upload may be, what a submission gets back, and what each person's case page carries. Both
//! sides compile these types, so a field renamed on one side is a compile error on the other, and
//! neither reads the other's JSON by string key.
//!
//! Like the rules crate it is pure: types and plain functions, no I/O.

use placement_rules::distance::Distance;
use placement_rules::forms::consultation_outcome::ChallengeReason;
use placement_rules::forms::placement_ending::EndingReason;
use placement_rules::forms::placement_notification::NotificationType;
use placement_rules::{
    CaseStatus, ConsultationOutcome, ConsultationRequest, Date, DocumentsSent, Finding, PlacementConfirmation,
    PlacementEnding, PlacementNotification, Withdrawal,
};
use serde::{Deserialize, Serialize};

pub mod hosts;
pub mod paths;
pub mod queue;
pub mod report;
pub mod staff;
pub mod time;

/// The largest document a person may upload (a scanned care plan fits).
pub const MAX_UPLOAD_BYTES: usize = 10 * 1024 * 1024;
/// The same, as people read it in hints and errors.
pub const MAX_UPLOAD_WORDS: &str = "10 MB";

/// What a submission gets back once it is on disk.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    /// This submission's own number.
    pub reference: String,
    /// The case it belongs to: the number everyone quotes.
    pub case_reference: String,
    pub kind: String,
    pub received_on: Date,
    pub rules_version: String,
    /// Warnings the sender accepted, recorded with the submission.
    #[serde(default)]
    pub warnings: Vec<Finding>,
}

/// The part of a receipt the device's list of sent submissions shows: the case's number. The
/// list is in the app's first download, where reading the whole receipt costs kilobytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReceiptReference {
    pub case_reference: String,
}

/// A refusal: the rules' findings (422), or one sentence. A plain struct rather than an untagged
/// enum: the app reads it in its first download, where serde's buffering for untagged enums
/// would cost kilobytes.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Refusal {
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub findings: Vec<Finding>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ErrorMessage>,
}

/// What a refusal says, read without the rest of each finding: the outbox, in the app's first
/// download, shows only the sentences.
#[derive(Debug, Clone, PartialEq, Eq, Default, Deserialize)]
pub struct RefusalSaid {
    #[serde(default)]
    findings: Vec<Said>,
    #[serde(default)]
    error: Option<Said>,
}

#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
struct Said {
    message: String,
}

impl RefusalSaid {
    /// Every sentence it says, for the page to show.
    pub fn messages(self) -> Vec<String> {
        self.findings.into_iter().chain(self.error).map(|s| s.message).collect()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ErrorMessage {
    /// Where the problem is, when it is one field of what was sent.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    pub message: String,
}

impl Refusal {
    /// Every sentence it says, for the page to show.
    pub fn messages(&self) -> Vec<String> {
        self.findings.iter().map(|f| f.message.clone()).chain(self.error.iter().map(|e| e.message.clone())).collect()
    }
}

/// Who is looking at a case. The relay decides what each may read ([`CaseView`] leaves the rest
/// out); the app shows what it is given.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Viewer {
    /// The placing social worker, through the link in their email.
    PlacingSocialWorker,
    /// The host division's service manager, through the link in theirs.
    ServiceManager,
    /// A signed-in member of the host's staff (Front Door).
    Staff,
}

/// A name with the code it is kept by.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named {
    pub code: String,
    pub name: String,
}

/// One case's facts, as every list and page shows them: names and dates, not codes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseSummary {
    pub reference: String,
    pub status: CaseStatus,
    pub placing_authority: Named,
    /// The host division the case is with now.
    pub division: Option<Named>,
    pub district: Option<String>,
    pub distance: Option<Distance>,
    pub distance_miles: Option<f64>,
    pub requested_on: Option<Date>,
    pub reply_due_on: Option<Date>,
    pub outcome_on: Option<Date>,
    /// The host's decision, once recorded (agreed or challenged), whatever has happened since.
    pub outcome: Option<CaseStatus>,
    pub challenge_reason: Option<ChallengeReason>,
    pub working_days_to_outcome: Option<i64>,
    pub notified_on: Option<Date>,
    pub start_date: Option<Date>,
    pub notification_type: Option<NotificationType>,
    pub notified_before_start: Option<bool>,
    pub late_emergency: Option<bool>,
    pub withdrawn_on: Option<Date>,
    /// When the placing authority told the host the placement ends, and the day it ends (reg 14).
    #[serde(default)]
    pub ended_on: Option<Date>,
    #[serde(default)]
    pub end_date: Option<Date>,
    #[serde(default)]
    pub end_reason: Option<EndingReason>,
    /// Told more than 10 working days after the end.
    #[serde(default)]
    pub end_told_late: Option<bool>,
    /// A care plan to follow a first placement (reg 4(2)): when it is due, and when it arrived.
    #[serde(default)]
    pub care_plan_due_on: Option<Date>,
    #[serde(default)]
    pub care_plan_received_on: Option<Date>,
    /// A move within the host's area (domain brief §8.3): the ended placement this one follows,
    /// and the one that followed it.
    #[serde(default)]
    pub follows: Option<String>,
    #[serde(default)]
    pub followed_by: Option<String>,
    /// When the notification said the placement is planned to end.
    #[serde(default)]
    pub planned_end_on: Option<Date>,
}

impl CaseSummary {
    /// An outcome is owed and its reply date has passed.
    pub fn overdue(&self, today: Date) -> bool {
        self.status.outcome_owed() && self.reply_due_on.is_some_and(|d| d < today)
    }
}

/// One submission as its sender wrote it, with when it arrived.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sent<T> {
    /// The submission's own number.
    pub reference: String,
    pub received_on: Date,
    pub answers: T,
}

/// A notification, with what the host must notice.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NotificationSent {
    #[serde(flatten)]
    pub sent: Sent<PlacementNotification>,
    /// The rules' paths of the answers that differ from the consultation (its `changes_from`),
    /// worked out by the relay when the notification arrived.
    pub changes: Vec<String>,
    /// The division the case was with before this notification moved the placement.
    pub moved_from: Option<Named>,
}

/// A document on the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Document {
    pub id: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
}

/// A line of the case's history, for the host's staff.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineEntry {
    /// RFC 3339, UTC.
    pub at: String,
    pub what: String,
}

/// A link to the case that an email carried, as the host's Front Door sees it: who holds it, and
/// whether it still opens the case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LinkSent {
    pub id: String,
    pub holder: LinkHolder,
    /// The address it was sent to.
    pub to: String,
    pub sent_on: Date,
    pub expires_on: Date,
    pub state: LinkState,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkHolder {
    /// Records the host's outcome.
    ServiceManager,
    /// Notifies, withdraws, ends, and reads the outcome.
    PlacingSocialWorker,
}

impl LinkHolder {
    pub fn label(self) -> &'static str {
        match self {
            LinkHolder::ServiceManager => "Service manager",
            LinkHolder::PlacingSocialWorker => "Placing social worker",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkState {
    Open,
    Expired,
    /// Withdrawn by Front Door.
    Withdrawn,
    /// Front Door sent its holder a new link in its place.
    Replaced,
}

impl LinkState {
    pub fn label(self) -> &'static str {
        match self {
            LinkState::Open => "Open",
            LinkState::Expired => "Expired",
            LinkState::Withdrawn => "Withdrawn",
            LinkState::Replaced => "Replaced",
        }
    }
}

/// What Front Door does with a link: send its holder a new one (the old one stops), or withdraw
/// it (nothing replaces it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum LinkAction {
    SendNew,
    Withdraw,
}

/// Everything one person may read about a case, in the order it happened.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CaseView {
    pub viewer: Viewer,
    /// The host authority, as people call it ("Kent").
    pub host: String,
    /// Its code: the app takes that host's divisions and words from the hosts document.
    pub host_code: String,
    pub summary: CaseSummary,
    /// The consultation request as sent (none when a notification opened the case).
    pub request: Option<Sent<ConsultationRequest>>,
    /// The host's outcome: the discussion, the three views and the decision with its reason.
    pub outcome: Option<Sent<ConsultationOutcome>>,
    pub notifications: Vec<NotificationSent>,
    pub withdrawal: Option<Sent<Withdrawal>>,
    /// The placing authority's notice that the placement ends (reg 14).
    #[serde(default)]
    pub ending: Option<Sent<PlacementEnding>>,
    /// The placing authority's confirmation of a provider's notification (domain brief §8.10).
    #[serde(default)]
    pub confirmation: Option<Sent<PlacementConfirmation>>,
    /// Documents sent after the notification, oldest first.
    #[serde(default)]
    pub documents_sent: Vec<Sent<DocumentsSent>>,
    pub documents: Vec<Document>,
    /// The host's own record of who was told what and when: its staff only.
    pub timeline: Option<Vec<TimelineEntry>>,
    /// The links to the case that emails carried: the host's Front Door only.
    #[serde(default)]
    pub links: Option<Vec<LinkSent>>,
    /// What this viewer may do next, as the case's state allows.
    pub may: Allowed,
}

/// The actions a viewer may take now. The relay works it out from the case's state
/// ([`CaseStatus::allows`]) and the viewer, so the page never offers what would be refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Allowed {
    pub record_outcome: bool,
    pub notify: bool,
    pub withdraw: bool,
    /// Tell the host the placement has ended.
    #[serde(default)]
    pub end: bool,
    /// Confirm a provider's notification.
    #[serde(default)]
    pub confirm: bool,
    /// Send documents after the notification (a care plan that was to follow).
    #[serde(default)]
    pub send_documents: bool,
}

/// `GET /api/placement-check`: where a placement postcode is, as the forms' own check sees it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlacementCheck {
    /// The placing authority, by its GSS code.
    pub placing: Named,
    /// The council whose area the postcode is in.
    pub host: Named,
    /// The district within a two-tier county; none for a unitary.
    pub district: Option<Named>,
    /// The host's division that takes it, when the host is one this service serves.
    pub division: Option<Named>,
    pub distant: Distance,
    /// From the child's home postcode, when it was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distance_miles: Option<f64>,
    /// Whether this service takes consultations for that council.
    pub served: bool,
    /// All of it in words, as the forms say it: where, what the distance requires, and, for a
    /// council this service does not serve, how to reach it.
    pub said: String,
}

/// `POST /api/placement-check`: the same question with the postcodes in the body, not the address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlacementQuestion {
    pub placing: String,
    pub postcode: String,
    #[serde(default)]
    pub home: Option<String>,
}

/// An email the relay has queued, for the host's staff to see what went and what is stuck. The
/// message itself is not shown.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueuedEmail {
    pub id: i64,
    /// The case it is about; for Front Door's daily list of overdue replies, the host's code.
    pub case_reference: String,
    pub to: String,
    pub subject: String,
    pub attempts: i64,
    /// RFC 3339, UTC.
    pub sent_at: Option<String>,
    /// Given up on after its last attempt; an operator resends it.
    pub parked_at: Option<String>,
    pub last_error: Option<String>,
}

pub use staff::{Me, SignIn};

/// The host's cases, for its staff.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct StaffCaseList {
    pub today: Date,
    pub cases: Vec<CaseSummary>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_refusal_reads_either_shape_the_relay_sends() {
        let findings: Refusal = serde_json::from_str(
            r#"{"findings":[{"field":"x","kind":"required","severity":"error","message":"Enter x"}]}"#,
        )
        .unwrap();
        assert_eq!(findings.messages(), ["Enter x"]);
        let one: Refusal = serde_json::from_str(r#"{"error":{"message":"Sign in to see this page."}}"#).unwrap();
        assert_eq!(one.messages(), ["Sign in to see this page."]);
        for whole in [findings, one] {
            let said: RefusalSaid = serde_json::from_value(serde_json::to_value(&whole).unwrap()).unwrap();
            assert_eq!(said.messages(), whole.messages(), "the first download's reading says the same");
        }
    }

    #[test]
    fn a_receipts_reference_reads_from_the_whole_receipt() {
        let receipt = Receipt {
            reference: "OLA-AAAA-BBBB".into(),
            case_reference: "OLA-7K3M-Q2XD".into(),
            kind: "consultation".into(),
            received_on: Date::from_ymd(2026, 11, 30).unwrap(),
            rules_version: "2026.3".into(),
            warnings: Vec::new(),
        };
        let headline: ReceiptReference = serde_json::from_value(serde_json::to_value(&receipt).unwrap()).unwrap();
        assert_eq!(headline.case_reference, receipt.case_reference);
    }

    #[test]
    fn overdue_only_while_an_outcome_is_owed() {
        let d = |day| Date::from_ymd(2026, 11, day).unwrap();
        let mut s = CaseSummary {
            reference: "OLA-7K3M-Q2XD".into(),
            status: CaseStatus::AwaitingOutcome,
            placing_authority: Named { code: "E08000035".into(), name: "Leeds".into() },
            division: None,
            district: None,
            distance: None,
            distance_miles: None,
            requested_on: Some(d(2)),
            reply_due_on: Some(d(16)),
            outcome_on: None,
            outcome: None,
            challenge_reason: None,
            working_days_to_outcome: None,
            notified_on: None,
            start_date: None,
            notification_type: None,
            notified_before_start: None,
            late_emergency: None,
            withdrawn_on: None,
            ended_on: None,
            end_date: None,
            end_reason: None,
            end_told_late: None,
            care_plan_due_on: None,
            care_plan_received_on: None,
            follows: None,
            followed_by: None,
            planned_end_on: None,
        };
        assert!(s.overdue(d(17)) && !s.overdue(d(16)));
        s.status = CaseStatus::Challenged;
        assert!(!s.overdue(d(30)));
    }
}
