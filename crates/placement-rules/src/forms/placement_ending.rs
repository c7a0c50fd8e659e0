//! The end of a placement (reg 14): the placing authority tells the host before the placement
//! ends or, when that is not practicable, within 10 working days after it ends. A move to another
//! placement in the same host's area is an ending and a new placement (domain brief §8.3).

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::common::StaffContact;
use super::{Checks, Form, Question, Section, in_page_order, q};
use crate::calendar::Calendar;
use crate::context::Context;
use crate::date::Date;
use crate::finding::{Finding, Kind};

/// Working days after the end within which the host must be told, when it could not be before
/// (reg 14(3)).
pub const END_NOTICE_WORKING_DAYS: u32 = 10;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct PlacementEnding {
    /// The case's reference: the consultation's, or the notification's when there was none.
    pub case_reference: String,
    /// `YYYY-MM-DD`: the day the placement ends or ended.
    pub end_date: String,
    #[validate(required(message = "Select why the placement is ending"))]
    pub reason: Option<EndingReason>,
    #[validate(required(message = "Select where the child is going"))]
    pub next: Option<WhereNext>,
    #[validate(length(max = 4000, message = "Details must be 4000 characters or fewer"))]
    pub details: String,
    /// Required when the host is told more than 10 working days after the end (reg 14(3)).
    #[validate(length(max = 4000, message = "Your answer must be 4000 characters or fewer"))]
    pub lateness_reason: String,
    #[validate(nested)]
    pub ended_by: StaffContact,
}

/// Why a placement ends, as a host's Front Door needs to know it: an unplanned ending says the
/// child may need local services at short notice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum EndingReason {
    PlannedMove,
    Unplanned,
    ReturnedHome,
    PermanenceOrder,
    LeftCare,
    Custody,
    Other,
}

impl EndingReason {
    pub const ALL: [EndingReason; 7] = [
        Self::PlannedMove,
        Self::Unplanned,
        Self::ReturnedHome,
        Self::PermanenceOrder,
        Self::LeftCare,
        Self::Custody,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::PlannedMove => "A planned move, as the care plan says",
            Self::Unplanned => "The placement broke down or ended without being planned",
            Self::ReturnedHome => "The child is returning home to their family",
            Self::PermanenceOrder => "Adoption, a special guardianship order or a child arrangements order",
            Self::LeftCare => "The child is leaving care (for example, turning 18)",
            Self::Custody => "The child is remanded or sentenced to custody",
            Self::Other => "Another reason",
        }
    }
}

/// Where the child goes next. A new placement in the same host's area is a new notification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum WhereNext {
    PlacementInHostArea,
    PlacementElsewhere,
    Home,
    OwnAccommodation,
    Custody,
    Other,
}

impl WhereNext {
    pub const ALL: [WhereNext; 6] = [
        Self::PlacementInHostArea,
        Self::PlacementElsewhere,
        Self::Home,
        Self::OwnAccommodation,
        Self::Custody,
        Self::Other,
    ];

    /// As the person reads it.
    pub fn label(self) -> &'static str {
        match self {
            Self::PlacementInHostArea => "Another placement in the same council's area",
            Self::PlacementElsewhere => "A placement in another council's area",
            Self::Home => "Home to their parents or family",
            Self::OwnAccommodation => "Their own accommodation",
            Self::Custody => "Custody",
            Self::Other => "Somewhere else",
        }
    }

    /// A new placement in the host's area must be notified to the host too (reg 13, §8.3).
    pub fn needs_a_new_notification(self) -> bool {
        self == Self::PlacementInHostArea
    }
}

/// What the case knows that the form does not: when the placement started.
#[derive(Debug, Clone, Copy, Default)]
pub struct EndingFacts {
    pub start_date: Option<Date>,
}

const END: &str = "end";

impl Form for PlacementEnding {
    const KIND: &'static str = "placement-ending";
    const TITLE: &'static str = "Placement ended";
    const SECTIONS: &'static [Section] =
        &[Section { id: END, title: "The end of the placement", title_for_others: None }];
    const QUESTIONS: &'static [Question] = &[
        q("case_reference", END, "Case reference"),
        q("end_date", END, "End date"),
        q("lateness_reason", END, "Why the host was not told sooner"),
        q("reason", END, "Why the placement is ending"),
        q("next", END, "Where the child is going"),
        q("details", END, "Details"),
        q("ended_by.name", END, "Your name").others("Social worker's name"),
        q("ended_by.team", END, "Your team").others("Social worker's team"),
        q("ended_by.email", END, "Your email address").others("Social worker's email address"),
        q("ended_by.phone", END, "Your telephone number").others("Social worker's telephone number"),
    ];

    fn check(&self, ctx: &Context<'_>) -> Vec<Finding> {
        self.check_with(ctx, EndingFacts::default())
    }
}

impl PlacementEnding {
    /// Every finding, with what the case knows.
    pub fn check_with(&self, ctx: &Context<'_>, facts: EndingFacts) -> Vec<Finding> {
        let mut c = Checks::new(ctx);
        c.validated("", self.validate());
        c.reference("case_reference", &self.case_reference, "case reference", true);
        let end = c.required_date("end_date", &self.end_date, "End date", "Enter the date the placement ends or ended");
        if let (Some(end), Some(start)) = (end, facts.start_date)
            && end < start
        {
            c.error(
                "end_date",
                Kind::TooEarly,
                format!("The end date must be on or after the day the placement started, {}", start.long()),
            );
        }
        told_in_time(self, end, &mut c);
        if self.reason == Some(EndingReason::Other) || self.next == Some(WhereNext::Other) {
            c.required_text(
                "details",
                &self.details,
                "Explain why the placement is ending and where the child is going",
            );
        }
        c.sender("ended_by", &self.ended_by, true);
        in_page_order(Self::QUESTIONS, c.out)
    }
}

/// The last day the host can be told of an ending on `end` in time (reg 14(3)).
pub fn end_notice_deadline(end: Date, calendar: &Calendar) -> Date {
    calendar.add_working_days(end, END_NOTICE_WORKING_DAYS)
}

/// Reg 14(3): before the end or, when not practicable, within 10 working days after it; later is a
/// warning, with the reason it was not practicable required.
fn told_in_time(e: &PlacementEnding, end: Option<Date>, c: &mut Checks<'_, '_>) {
    let Some(end) = end else { return };
    let deadline = end_notice_deadline(end, c.ctx.calendar);
    if c.ctx.today > deadline {
        let host = c.ctx.host_name();
        c.warning(
            "end_date",
            Kind::Timing,
            format!(
                "This is late: {host} had to be told within {END_NOTICE_WORKING_DAYS} working days of the end, by {} (regulation 14)",
                deadline.long()
            ),
        );
        c.required_text(
            "lateness_reason",
            &e.lateness_reason,
            &format!("Explain why it was not reasonably practicable to tell {host} within {END_NOTICE_WORKING_DAYS} working days"),
        );
    }
}
