//! Withdrawal: the child is not being placed in the host's area after all, and the case closes.

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::common::StaffContact;
use super::{Checks, Form, Question, Section, in_page_order, q};
use crate::context::Context;
use crate::finding::Finding;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Withdrawal {
    pub consultation_reference: String,
    #[validate(required(message = "Select why the child is not being placed"))]
    pub reason: Option<WithdrawalReason>,
    #[validate(length(max = 4000, message = "Your answer must be 4000 characters or fewer"))]
    pub details: String,
    #[validate(nested)]
    pub withdrawn_by: StaffContact,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WithdrawalReason {
    PlacementNoLongerAvailable,
    AnotherPlacementChosen,
    CarePlanChanged,
    ChildReturnedHome,
    HostConcerns,
    Other,
}

impl WithdrawalReason {
    pub const ALL: [WithdrawalReason; 6] = [
        Self::PlacementNoLongerAvailable,
        Self::AnotherPlacementChosen,
        Self::CarePlanChanged,
        Self::ChildReturnedHome,
        Self::HostConcerns,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::PlacementNoLongerAvailable => "The placement is no longer available",
            Self::AnotherPlacementChosen => "Another placement has been chosen",
            Self::CarePlanChanged => "The care plan has changed",
            Self::ChildReturnedHome => "The child is returning home",
            Self::HostConcerns => "Because of the host authority's concerns",
            Self::Other => "Another reason",
        }
    }
}

const WITHDRAW: &str = "withdraw";

impl Form for Withdrawal {
    const KIND: &'static str = "withdrawal";
    const TITLE: &'static str = "Child not placed";
    const SECTIONS: &'static [Section] =
        &[Section { id: WITHDRAW, title: "Withdraw the consultation", title_for_others: None }];
    const QUESTIONS: &'static [Question] = &[
        q("consultation_reference", WITHDRAW, "Consultation reference"),
        q("reason", WITHDRAW, "Reason"),
        q("details", WITHDRAW, "Details"),
        q("withdrawn_by.name", WITHDRAW, "Your name").others("Social worker's name"),
        q("withdrawn_by.team", WITHDRAW, "Your team").others("Social worker's team"),
        q("withdrawn_by.email", WITHDRAW, "Your email address").others("Social worker's email address"),
        q("withdrawn_by.phone", WITHDRAW, "Your telephone number").others("Social worker's telephone number"),
    ];

    fn check(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let mut c = Checks::new(ctx);
        c.validated("", self.validate());
        c.reference("consultation_reference", &self.consultation_reference, "consultation reference", true);
        if self.reason == Some(WithdrawalReason::Other) {
            c.required_text("details", &self.details, "Explain why the child is not being placed");
        }
        c.required_text("withdrawn_by.name", &self.withdrawn_by.name, "Enter your full name");
        c.email("withdrawn_by.email", &self.withdrawn_by.email, "Enter your email address", true);
        in_page_order(Self::QUESTIONS, c.out)
    }
}
