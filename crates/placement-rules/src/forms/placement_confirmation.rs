//! The placing authority confirms a notification a provider sent for it (domain brief §8.10): the
//! duty to notify (reg 13) is the placing authority's, so the host treats the provider's notice as
//! unconfirmed until this arrives.

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::common::StaffContact;
use super::{Checks, Form, Question, Section, in_page_order, q};
use crate::context::Context;
use crate::finding::Finding;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct PlacementConfirmation {
    pub case_reference: String,
    #[validate(nested)]
    pub confirmed_by: StaffContact,
}

const CONFIRM: &str = "confirm";

impl Form for PlacementConfirmation {
    const KIND: &'static str = "placement-confirmation";
    const TITLE: &'static str = "Confirm a provider's notification";
    const SECTIONS: &'static [Section] =
        &[Section { id: CONFIRM, title: "Confirm the notification", title_for_others: None }];
    const QUESTIONS: &'static [Question] = &[
        q("case_reference", CONFIRM, "Case reference"),
        q("confirmed_by.name", CONFIRM, "Your name").others("Confirmed by"),
        q("confirmed_by.team", CONFIRM, "Your team").others("Their team"),
        q("confirmed_by.email", CONFIRM, "Your email address").others("Their email address"),
        q("confirmed_by.phone", CONFIRM, "Your telephone number").others("Their telephone number"),
    ];

    fn check(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let mut c = Checks::new(ctx);
        c.validated("", self.validate());
        c.reference_from_link("case_reference", &self.case_reference);
        c.sender("confirmed_by", &self.confirmed_by, true);
        in_page_order(Self::QUESTIONS, c.out)
    }
}
