//! The placing authority confirms a notification a provider sent for it (domain brief §8.10): the
//! duty to notify (reg 13) is the placing authority's, so the host treats the provider's notice as
//! unconfirmed until this arrives.

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::common::StaffContact;
use super::{Checks, Form, Question, Section, in_page_order, q};
use crate::context::Context;
use crate::finding::{Finding, Kind};
use crate::reference::Reference;
use crate::text;

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
        if Reference::parse(&self.case_reference).is_none() || !text::is_filled(&self.case_reference) {
            c.error("case_reference", Kind::Format, "Open this from the link in the email the host council sent you");
        }
        c.required_text("confirmed_by.name", &self.confirmed_by.name, "Enter your full name");
        c.email("confirmed_by.email", &self.confirmed_by.email, "Enter your email address", true);
        c.phone("confirmed_by.phone", &self.confirmed_by.phone, "Enter your telephone number");
        in_page_order(Self::QUESTIONS, c.out)
    }
}
