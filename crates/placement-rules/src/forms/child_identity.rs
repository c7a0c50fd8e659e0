//! The child's identity, which the consultation (reg 11(2)(d)) and the notification (reg 13(4))
//! both ask: the placing authority's case ID for the child, the child's names and date of birth.
//! Its questions and its checks are written here once, for both forms.

use super::{Checks, Question, q};
use crate::date::Date;
use crate::finding::Kind;
use crate::text;

/// The identity's questions, in page order: case ID, first name, last name, date of birth.
pub(crate) const fn questions(section: &'static str) -> [Question; 4] {
    [
        q("child.case_id", section, "Case ID"),
        q("child.first_name", section, "First name"),
        q("child.surname", section, "Last name"),
        q("child.date_of_birth", section, "Date of birth"),
    ]
}

/// The child's identity as a form holds it.
pub(crate) struct Identity<'f> {
    pub case_id: &'f str,
    pub first_name: &'f str,
    pub surname: &'f str,
    pub date_of_birth: &'f str,
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
    dob
}

fn given_within(c: &mut Checks<'_, '_>, path: &str, value: &str, missing: &str, max: usize, name: &str) {
    if !text::is_filled(value) {
        c.error(path, Kind::Required, missing);
    } else if value.chars().count() > max {
        c.error(path, Kind::TooLong, format!("{name} must be {max} characters or fewer"));
    }
}
