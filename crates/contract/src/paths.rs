//! Where everything is: the relay routes these patterns, the app requests these paths, and the
//! emails link to these pages. Written once.

pub const CONSULTATIONS: &str = "/api/consultations";
pub const OUTCOMES: &str = "/api/outcomes";
pub const NOTIFICATIONS: &str = "/api/notifications";
pub const WITHDRAWALS: &str = "/api/withdrawals";
pub const ENDINGS: &str = "/api/endings";
pub const CONFIRMATIONS: &str = "/api/confirmations";
pub const DOCUMENTS: &str = "/api/documents";
pub const ATTACHMENTS: &str = "/api/attachments";
pub const PLACEMENT_CHECK: &str = "/api/placement-check";
pub const HOSTS: &str = "/api/hosts";
/// The served hosts' postcode table, named by its content's hash: `/api/hosts/postcodes-<hash>.bin`.
pub const HOSTS_POSTCODES_ROUTE: &str = "/api/hosts/{file}";
pub const HOSTS_POSTCODES_PREFIX: &str = "/api/hosts/postcodes-";
pub const STAFF_SIGN_IN: &str = "/api/staff/sign-in";
pub const STAFF_SIGN_OUT: &str = "/api/staff/sign-out";
pub const STAFF_ME: &str = "/api/staff/me";
pub const STAFF_CASES: &str = "/api/staff/cases";
pub const STAFF_OUTBOX: &str = "/api/staff/outbox";
/// The children placed in the host's area now: notified and not ended.
pub const STAFF_PLACED: &str = "/api/staff/placed";
pub const STAFF_PLACED_CSV: &str = "/api/staff/placed.csv";
pub const STAFF_REPORT: &str = "/api/staff/report";
pub const STAFF_REPORT_CSV: &str = "/api/staff/report.csv";
pub const STAFF_REPORT_XLSX: &str = "/api/staff/report.xlsx";
/// The auditor's access log, and the same as CSV.
pub const STAFF_ACCESS_LOG: &str = "/api/staff/access-log";
pub const STAFF_ACCESS_LOG_CSV: &str = "/api/staff/access-log.csv";
/// The administrator's page: accounts and configuration checks.
pub const STAFF_ADMINISTRATION: &str = "/api/staff/administration";
/// Single sign-on for a host's staff: the start sends the browser to the council's identity
/// provider, which sends it back to the callback.
pub const SSO_START_ROUTE: &str = "/api/sso/{host}/start";
pub const SSO_CALLBACK: &str = "/api/sso/callback";

pub fn sso_start(host: &str) -> String {
    format!("/api/sso/{host}/start")
}

/// The relay's route patterns for the paths with a part in them.
pub const CASE_ROUTE: &str = "/api/cases/{reference}";
pub const ATTACHMENT_ROUTE: &str = "/api/attachments/{id}";
/// Front Door acts on one of a case's links (a `LinkAction`, as JSON).
pub const CASE_LINK_ROUTE: &str = "/api/cases/{reference}/links/{id}";

pub fn case(reference: &str) -> String {
    format!("/api/cases/{reference}")
}

pub fn case_link(reference: &str, id: &str) -> String {
    format!("/api/cases/{reference}/links/{id}")
}

pub fn attachment(id: &str) -> String {
    format!("{ATTACHMENTS}/{id}")
}

/// The pages the emails link to (the app's routes).
pub mod pages {
    /// The service manager's page for a case.
    pub fn service_manager(reference: &str) -> String {
        format!("/outcome/{reference}")
    }

    /// The placing social worker's page for a case.
    pub fn placing(reference: &str) -> String {
        format!("/case/{reference}")
    }

    /// The host's staff page for a case.
    pub fn staff(reference: &str) -> String {
        format!("/staff/cases/{reference}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_pattern_and_its_path_agree() {
        assert_eq!(CASE_ROUTE.replace("{reference}", "OLA-7K3M-Q2XD"), case("OLA-7K3M-Q2XD"));
        assert_eq!(ATTACHMENT_ROUTE.replace("{id}", "abc"), attachment("abc"));
        assert_eq!(
            CASE_LINK_ROUTE.replace("{reference}", "OLA-7K3M-Q2XD").replace("{id}", "abc"),
            case_link("OLA-7K3M-Q2XD", "abc")
        );
    }
}
