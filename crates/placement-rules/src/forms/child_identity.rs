//! The child's identity, which the consultation (reg 11(2)(d)) and the notification (reg 13(4))
//! both ask: the placing authority's case ID for the child, the child's names and date of birth,
//! and, when known, the NHS number and unique pupil number (domain brief §8.8).
//! Its questions and its checks are written here once, for both forms.

use super::{Checks, Question, q};
use crate::date::Date;
use crate::finding::Kind;
use crate::identifiers::{self, NhsNumberProblem, UpnProblem};
use crate::text;

/// The identity's questions, in page order: case ID, first name, last name, date of birth, NHS
/// number, UPN.
pub(crate) const fn questions(section: &'static str) -> [Question; 6] {
    [
        q("child.case_id", section, "Case ID"),
        q("child.first_name", section, "First name"),
        q("child.surname", section, "Last name"),
        q("child.date_of_birth", section, "Date of birth"),
        q("child.nhs_number", section, "NHS number"),
        q("child.upn", section, "Unique pupil number (UPN)"),
    ]
}

/// The child's identity as a form holds it.
pub(crate) struct Identity<'f> {
    pub case_id: &'f str,
    pub first_name: &'f str,
    pub surname: &'f str,
    pub date_of_birth: &'f str,
    pub nhs_number: &'f str,
    pub upn: &'f str,
}

/// Every part given, none too long, and a real date of birth in the past (rule 11). Returns the date of
/// birth, for the rules that depend on the child's age.
pub(crate) fn check(child: &Identity<'_>, c: &mut Checks<'_, '_>) -> Option<Date> {
    given_within(c, "child.case_id", child.case_id, "Enter your authority's case ID for the child", 50, "Case ID");
    given_within(c, "child.first_name", child.first_name, "Enter the child's first name", 100, "First name");
    given_within(c, "child.surname", child.surname, "Enter the child's last name", 100, "Last name");
    let dob =
        c.required_date("child.date_of_birth", child.date_of_birth, "Date of birth", "Enter the child's date of birth");
    if dob.is_some_and(|d| d >= c.ctx.today) {
        c.error("child.date_of_birth", Kind::NotInPast, "Date of birth must be in the past");
    }
    identifiers(child, c);
    dob
}

/// The NHS number and UPN: optional, and real when given (domain brief §8.8).
fn identifiers(child: &Identity<'_>, c: &mut Checks<'_, '_>) {
    if text::is_filled(child.nhs_number) {
        match identifiers::nhs_number(child.nhs_number) {
            Ok(_) => {}
            Err(NhsNumberProblem::Shape) => {
                c.error("child.nhs_number", Kind::Format, "Enter the NHS number as 10 digits, like 943 476 5919");
            }
            Err(NhsNumberProblem::CheckDigit) => c.error(
                "child.nhs_number",
                Kind::NotReal,
                "This is not a real NHS number: check it against the child's health records",
            ),
        }
    }
    if text::is_filled(child.upn) {
        match identifiers::upn(child.upn, c.ctx.register) {
            Ok(_) => {}
            Err(UpnProblem::Shape) => c.error(
                "child.upn",
                Kind::Format,
                "Enter the UPN as a letter followed by 12 digits (or 11 digits and a letter), like B801200005001",
            ),
            Err(UpnProblem::CheckLetter) => c.error(
                "child.upn",
                Kind::NotReal,
                "This is not a real UPN: its first letter does not match the rest. Check it against the child's school records",
            ),
            // The message does not repeat any part of the child's UPN (domain brief §7).
            Err(UpnProblem::UnknownAuthority(_)) => c.error(
                "child.upn",
                Kind::UnknownCode,
                "This is not a real UPN: characters 2 to 4 are not a local authority's number. Check it against the child's school records",
            ),
        }
    }
}

fn given_within(c: &mut Checks<'_, '_>, path: &str, value: &str, missing: &str, max: usize, name: &str) {
    if !text::is_filled(value) {
        c.error(path, Kind::Required, missing);
    } else if value.chars().count() > max {
        c.error(path, Kind::TooLong, format!("{name} must be {max} characters or fewer"));
    }
}
