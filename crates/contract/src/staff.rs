//! The host's staff: their roles, who is signed in, how they may sign in, the access log an
//! auditor reads and the accounts an administrator checks. The relay decides what each role may
//! do (`relay::access`); these are the words and shapes both sides share.

use placement_rules::Date;
use serde::{Deserialize, Serialize};

use crate::Named;

/// What a member of a host's staff does in this service. Least privilege: each role reaches only
/// what its work needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum StaffRole {
    /// All the host's cases; sends and withdraws links; records an outcome for a service manager.
    FrontDoor,
    /// Their division's cases, and the outcome.
    ServiceManager,
    /// The report and the case rows, without any child's details.
    ManagementInformation,
    /// The access log.
    Auditor,
    /// The accounts and the configuration's checks.
    Administrator,
}

impl StaffRole {
    pub const ALL: [StaffRole; 5] = [
        StaffRole::FrontDoor,
        StaffRole::ServiceManager,
        StaffRole::ManagementInformation,
        StaffRole::Auditor,
        StaffRole::Administrator,
    ];

    /// As configuration and the staff file write it.
    pub fn id(self) -> &'static str {
        match self {
            StaffRole::FrontDoor => "front-door",
            StaffRole::ServiceManager => "service-manager",
            StaffRole::ManagementInformation => "management-information",
            StaffRole::Auditor => "auditor",
            StaffRole::Administrator => "administrator",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|r| r.id() == id)
    }

    /// As people read it.
    pub fn name(self) -> &'static str {
        match self {
            StaffRole::FrontDoor => "Front Door",
            StaffRole::ServiceManager => "Service manager",
            StaffRole::ManagementInformation => "Management Information",
            StaffRole::Auditor => "Auditor",
            StaffRole::Administrator => "Administrator",
        }
    }
}

/// Who is signed in.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Me {
    pub name: String,
    pub role: StaffRole,
    /// The host whose staff they are: its code and full name.
    pub host: Named,
    /// A service manager's division.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub division: Option<Named>,
}

/// The sign-in form (a personal sign-in code).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub token: String,
}

/// How staff may sign in: `GET /api/staff/sign-in`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct SignInMethods {
    /// The hosts whose staff sign in with their council account (single sign-on), each with the
    /// path that starts it.
    pub single_sign_on: Vec<SingleSignOn>,
    /// Whether personal sign-in codes are taken (for the hosts without single sign-on).
    pub codes: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SingleSignOn {
    pub host: Named,
    /// Where the browser goes to sign in (the relay sends it on to the council's identity provider).
    pub start: String,
}

/// What an access-log line records someone doing.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AccessAction {
    ViewedCase,
    DownloadedDocument,
    ViewedReport,
    ExportedReport,
    ExportedPlaced,
    ViewedPlaced,
    ViewedAccessLog,
    ExportedAccessLog,
    ViewedAccounts,
    Submitted,
    SignedIn,
    SignedOut,
    SignInFailed,
    LinkIssued,
    LinkReissued,
    LinkWithdrawn,
}

impl AccessAction {
    pub const ALL: [AccessAction; 16] = [
        AccessAction::ViewedCase,
        AccessAction::DownloadedDocument,
        AccessAction::ViewedReport,
        AccessAction::ExportedReport,
        AccessAction::ExportedPlaced,
        AccessAction::ViewedPlaced,
        AccessAction::ViewedAccessLog,
        AccessAction::ExportedAccessLog,
        AccessAction::ViewedAccounts,
        AccessAction::Submitted,
        AccessAction::SignedIn,
        AccessAction::SignedOut,
        AccessAction::SignInFailed,
        AccessAction::LinkIssued,
        AccessAction::LinkReissued,
        AccessAction::LinkWithdrawn,
    ];

    /// As the database stores it.
    pub fn id(self) -> &'static str {
        match self {
            AccessAction::ViewedCase => "viewed-case",
            AccessAction::DownloadedDocument => "downloaded-document",
            AccessAction::ViewedReport => "viewed-report",
            AccessAction::ExportedReport => "exported-report",
            AccessAction::ExportedPlaced => "exported-placed",
            AccessAction::ViewedPlaced => "viewed-placed",
            AccessAction::ViewedAccessLog => "viewed-access-log",
            AccessAction::ExportedAccessLog => "exported-access-log",
            AccessAction::ViewedAccounts => "viewed-accounts",
            AccessAction::Submitted => "submitted",
            AccessAction::SignedIn => "signed-in",
            AccessAction::SignedOut => "signed-out",
            AccessAction::SignInFailed => "sign-in-failed",
            AccessAction::LinkIssued => "link-issued",
            AccessAction::LinkReissued => "link-reissued",
            AccessAction::LinkWithdrawn => "link-withdrawn",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|a| a.id() == id)
    }

    /// As the auditor reads it.
    pub fn words(self) -> &'static str {
        match self {
            AccessAction::ViewedCase => "Opened the case",
            AccessAction::DownloadedDocument => "Downloaded a document",
            AccessAction::ViewedReport => "Read the management information report",
            AccessAction::ExportedReport => "Downloaded the management information report",
            AccessAction::ExportedPlaced => "Downloaded the list of children placed here",
            AccessAction::ViewedPlaced => "Read the list of children placed here",
            AccessAction::ViewedAccessLog => "Read the access log",
            AccessAction::ExportedAccessLog => "Downloaded the access log",
            AccessAction::ViewedAccounts => "Read the staff accounts",
            AccessAction::Submitted => "Sent a form",
            AccessAction::SignedIn => "Signed in",
            AccessAction::SignedOut => "Signed out",
            AccessAction::SignInFailed => "Failed to sign in",
            AccessAction::LinkIssued => "A link was emailed",
            AccessAction::LinkReissued => "Sent a new link",
            AccessAction::LinkWithdrawn => "Withdrew a link",
        }
    }
}

/// One line of the access log: who did what, when, to which case, from where. Never a child's
/// details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessEntry {
    /// RFC 3339, UTC.
    pub at: String,
    /// The person in words: "Frankie Door (Front Door)", "The placing social worker's link".
    pub who: String,
    /// The account or link: `code:…`, `sso:…`, `link:…`; what to search by.
    pub account: String,
    pub action: AccessAction,
    pub case_reference: Option<String>,
    /// What else says which: a form's name, a document's number, a report's period.
    pub detail: Option<String>,
    /// The address the request came from.
    pub address: String,
}

/// The auditor's question: `GET /api/staff/access-log?from=&to=&case=&who=&page=`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AccessLogQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<Date>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<Date>,
    /// A case reference, or its start.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case: Option<String>,
    /// Part of a person's name or an account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub who: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
}

impl AccessLogQuery {
    pub const PAGE_SIZE: u32 = 50;

    pub fn page(&self) -> u32 {
        self.page.unwrap_or(1).max(1)
    }

    /// The query string the app asks with and links the CSV with.
    pub fn query_string(&self) -> String {
        crate::queue::query_string([
            ("from", self.from.map(|d| d.to_string())),
            ("to", self.to.map(|d| d.to_string())),
            ("case", self.case.clone()),
            ("who", self.who.clone()),
            ("page", self.page.filter(|p| *p > 1).map(|p| p.to_string())),
        ])
    }
}

/// One page of the access log, newest last within the period asked for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessLog {
    pub entries: Vec<AccessEntry>,
    pub total: u64,
    pub page: u32,
    pub pages: u32,
    /// How long the log is kept, in days (its own setting, longer than a case's).
    pub kept_days: u32,
}

/// A staff account as the administrator sees it: never its code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountView {
    pub name: String,
    pub role: StaffRole,
    pub division: Option<Named>,
    /// The day its sign-in code stops working.
    pub expires_on: Option<Date>,
    pub expired: bool,
}

/// What the administrator reads: the host's accounts and the configuration's checks.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Administration {
    pub accounts: Vec<AccountView>,
    /// Each check in words, and whether it passed.
    pub checks: Vec<Check>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    pub what: String,
    pub passed: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_role_and_action_reads_back_from_its_id() {
        for role in StaffRole::ALL {
            assert_eq!(StaffRole::from_id(role.id()), Some(role));
            assert_eq!(serde_json::to_value(role).unwrap(), serde_json::Value::String(role.id().into()));
        }
        for action in AccessAction::ALL {
            assert_eq!(AccessAction::from_id(action.id()), Some(action));
            assert_eq!(serde_json::to_value(action).unwrap(), serde_json::Value::String(action.id().into()));
        }
    }

    #[test]
    fn a_query_string_encodes_what_a_person_typed() {
        let q = AccessLogQuery { who: Some("Frankie O'Door & co".into()), page: Some(2), ..Default::default() };
        assert_eq!(q.query_string(), "who=Frankie%20O%27Door%20%26%20co&page=2");
    }
}
