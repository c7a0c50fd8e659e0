//! Documents sent to the host after the placement was notified: above all a care plan that
//! followed a first placement (reg 4(2), within 10 working days of the start), or a placement plan
//! (reg 9(2), within 5). The host sees them arrive on the case.

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::common::{DocumentRef, StaffContact, has_care_plan};
use super::{Checks, Form, Question, Section, in_page_order, q};
use crate::context::Context;
use crate::finding::{Finding, Kind};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct DocumentsSent {
    pub case_reference: String,
    #[validate(nested, length(max = 20, message = "You can upload up to 20 documents"))]
    pub documents: Vec<DocumentRef>,
    #[validate(length(max = 2000, message = "Your note must be 2000 characters or fewer"))]
    pub note: String,
    #[validate(nested)]
    pub sent_by: StaffContact,
}

impl DocumentsSent {
    /// Whether this brings the care plan that was to follow.
    pub fn brings_care_plan(&self) -> bool {
        has_care_plan(&self.documents)
    }
}

const SEND: &str = "send";

impl Form for DocumentsSent {
    const KIND: &'static str = "documents-sent";
    const TITLE: &'static str = "Send documents to the host";
    const SECTIONS: &'static [Section] = &[Section { id: SEND, title: "The documents", title_for_others: None }];
    const QUESTIONS: &'static [Question] = &[
        q("case_reference", SEND, "Case reference"),
        q("documents", SEND, "Documents"),
        q("note", SEND, "Note for the host"),
        q("sent_by.name", SEND, "Your name").others("Sent by"),
        q("sent_by.team", SEND, "Your team").others("Their team"),
        q("sent_by.email", SEND, "Your email address").others("Their email address"),
        q("sent_by.phone", SEND, "Your telephone number").others("Their telephone number"),
    ];

    fn check(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let mut c = Checks::new(ctx);
        c.validated("", self.validate());
        c.reference_from_link("case_reference", &self.case_reference);
        if self.documents.is_empty() {
            c.error("documents", Kind::Required, "Upload at least one document");
        }
        c.sender("sent_by", &self.sent_by, true);
        in_page_order(Self::QUESTIONS, c.out)
    }
}
