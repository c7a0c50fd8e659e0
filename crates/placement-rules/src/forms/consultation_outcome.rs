//! The consultation outcome: the host's service manager records the case discussion, the host's
//! three professional views, and whether the placement's suitability is agreed or challenged.
//! The host cannot veto a placement; a challenge must be evidenced and its reason recorded.

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::{Checks, Form, Question, Section, in_page_order, q};
use crate::context::Context;
use crate::date::Date;
use crate::finding::{Finding, Kind};
use crate::text::not_blank;

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct ConsultationOutcome {
    pub consultation_reference: String,
    #[validate(nested)]
    pub responder: Responder,
    #[validate(nested)]
    pub discussion: Discussion,
    #[validate(nested)]
    pub views: Views,
    #[validate(required(message = "Select whether the suitability of the placement is agreed or challenged"))]
    pub decision: Option<Decision>,
    pub challenge_reason: Option<ChallengeReason>,
    #[validate(length(max = 8000, message = "Your answer must be 8000 characters or fewer"))]
    pub challenge_details: String,
    pub completed_date: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Responder {
    #[validate(
        custom(function = "not_blank", message = "Enter your full name"),
        length(max = 100, message = "Name must be 100 characters or fewer")
    )]
    pub name: String,
    #[validate(
        custom(function = "not_blank", message = "Enter your role"),
        length(max = 100, message = "Role must be 100 characters or fewer")
    )]
    pub role: String,
    /// The id of one of the host's divisions.
    pub division: String,
    #[validate(length(max = 254, message = "Email address must be 254 characters or fewer"))]
    pub email: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DiscussionMethod {
    Telephone,
    VideoCall,
    InPerson,
    Meeting,
}

impl DiscussionMethod {
    pub const CHOICES: &'static [(&'static str, &'static str)] =
        &[("telephone", "Telephone"), ("video-call", "Video call"), ("in-person", "In person"), ("meeting", "Meeting")];
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Discussion {
    /// The date of the (first) case discussion.
    pub date: String,
    #[validate(required(message = "Select how the case was discussed"))]
    pub method: Option<DiscussionMethod>,
    #[validate(
        custom(function = "not_blank", message = "Enter who took part in the discussion"),
        length(max = 1000, message = "Your answer must be 1000 characters or fewer")
    )]
    pub participants: String,
    #[validate(
        custom(function = "not_blank", message = "Enter the evidence of the case discussion"),
        length(max = 8000, message = "Your answer must be 8000 characters or fewer")
    )]
    pub evidence: String,
}

/// The three professional views the host gives on every consultation (seed 000).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Views {
    #[validate(length(max = 8000, message = "Your answer must be 8000 characters or fewer"))]
    pub placement: String,
    #[validate(length(max = 8000, message = "Your answer must be 8000 characters or fewer"))]
    pub neighbourhood: String,
    #[validate(length(max = 8000, message = "Your answer must be 8000 characters or fewer"))]
    pub local_services: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Decision {
    Agreed,
    Challenged,
}

impl Decision {
    /// The choice as the host's service manager makes it. The host may challenge, never veto.
    pub const CHOICES: &'static [(&'static str, &'static str)] =
        &[("agreed", "Agree that the placement is suitable"), ("challenged", "Challenge the placement")];
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChallengeReason {
    LocalExploitationRisk,
    NoSuitableSchoolPlace,
    LocalServicesCannotMeetNeeds,
    ProviderConcerns,
    ConcentrationOfPlacements,
    Other,
}

impl ChallengeReason {
    pub const ALL: [ChallengeReason; 6] = [
        Self::LocalExploitationRisk,
        Self::NoSuitableSchoolPlace,
        Self::LocalServicesCannotMeetNeeds,
        Self::ProviderConcerns,
        Self::ConcentrationOfPlacements,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::LocalExploitationRisk => "Risk of exploitation in the local area",
            Self::NoSuitableSchoolPlace => "No suitable school place",
            Self::LocalServicesCannotMeetNeeds => "Local services cannot meet the child's needs",
            Self::ProviderConcerns => "Concerns about the provider",
            Self::ConcentrationOfPlacements => "Concentration of placements in the area",
            Self::Other => "Another reason",
        }
    }
}

/// Facts about the consultation being answered, which the outcome is checked against.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OutcomeFacts {
    /// When the consultation request was received.
    pub request_date: Option<Date>,
}

const DISCUSSION: &str = "discussion";
const VIEWS: &str = "views";
const DECISION: &str = "decision";

impl Form for ConsultationOutcome {
    const KIND: &'static str = "consultation-outcome";
    const TITLE: &'static str = "Consultation outcome";
    const SECTIONS: &'static [Section] = &[
        Section { id: DISCUSSION, title: "The case discussion", title_for_others: None },
        Section { id: VIEWS, title: "Professional views", title_for_others: None },
        Section { id: DECISION, title: "Decision", title_for_others: None },
    ];
    const QUESTIONS: &'static [Question] = &[
        q("consultation_reference", DISCUSSION, "Consultation reference"),
        q("responder.name", DISCUSSION, "Your name").others("Service manager's name"),
        q("responder.role", DISCUSSION, "Your role").others("Service manager's role"),
        q("responder.division", DISCUSSION, "Division"),
        q("responder.email", DISCUSSION, "Your email address").others("Service manager's email address"),
        q("discussion.date", DISCUSSION, "Date of the discussion"),
        q("discussion.method", DISCUSSION, "How the case was discussed"),
        q("discussion.participants", DISCUSSION, "Who took part"),
        q("discussion.evidence", DISCUSSION, "Evidence of the discussion"),
        q("views.placement", VIEWS, "The planned placement"),
        q("views.neighbourhood", VIEWS, "The neighbourhood"),
        q("views.local_services", VIEWS, "Local services"),
        q("decision", DECISION, "Suitability"),
        q("challenge_reason", DECISION, "Reason for the challenge"),
        q("challenge_details", DECISION, "Details of the challenge"),
        q("completed_date", DECISION, "Date completed"),
    ];

    fn check(&self, ctx: &Context<'_>) -> Vec<Finding> {
        self.check_with(ctx, OutcomeFacts { request_date: None })
    }
}

impl ConsultationOutcome {
    /// Checks the outcome knowing when the request was received (rule 11's discussion date).
    pub fn check_with(&self, ctx: &Context<'_>, facts: OutcomeFacts) -> Vec<Finding> {
        let mut c = Checks::new(ctx);
        c.validated("", self.validate());
        c.reference("consultation_reference", &self.consultation_reference, "consultation reference", true);
        // A host with one team has no divisions, and the question is not asked.
        let divided = ctx.hosts.iter().any(|h| !h.divisions.is_empty());
        if divided
            && c.required_text("responder.division", &self.responder.division, "Select your division")
            && !ctx.hosts.iter().any(|h| h.division(&self.responder.division).is_some())
        {
            c.error("responder.division", Kind::UnknownCode, "Select your division from the list");
        }
        c.email("responder.email", &self.responder.email, "Enter your email address", true);
        let discussed = discussion_date_after_request_and_not_future(self, facts, &mut c);
        three_views_required(self, &mut c);
        challenge_needs_reason(self, &mut c);
        let completed = c.required_date(
            "completed_date",
            &self.completed_date,
            "Date completed",
            "Enter the date the outcome was completed",
        );
        c.not_future("completed_date", completed, "Date completed");
        if let (Some(d), Some(done)) = (discussed, completed)
            && done < d
        {
            c.error("completed_date", Kind::TooEarly, "Date completed must be on or after the date of the discussion");
        }
        in_page_order(Self::QUESTIONS, c.out)
    }
}

/// Rule 11: the discussion happens after the request arrives and is not in the future.
fn discussion_date_after_request_and_not_future(
    o: &ConsultationOutcome,
    facts: OutcomeFacts,
    c: &mut Checks<'_, '_>,
) -> Option<Date> {
    let d = c.required_date(
        "discussion.date",
        &o.discussion.date,
        "Date of the discussion",
        "Enter the date of the case discussion",
    );
    c.not_future("discussion.date", d, "Date of the discussion");
    if let (Some(d), Some(req)) = (d, facts.request_date)
        && d < req
    {
        c.error(
            "discussion.date",
            Kind::TooEarly,
            format!("Date of the discussion must be on or after the date of the request ({})", req.long()),
        );
    }
    d
}

/// Rule 6: each of the host's three professional views is required on every outcome.
fn three_views_required(o: &ConsultationOutcome, c: &mut Checks<'_, '_>) {
    let host = c.ctx.host_name().to_owned();
    c.required_text(
        "views.placement",
        &o.views.placement,
        &format!("Enter {host}'s view of the benefits and difficulties of the planned placement"),
    );
    c.required_text(
        "views.neighbourhood",
        &o.views.neighbourhood,
        &format!("Enter {host}'s view of the benefits and difficulties of living in the neighbourhood"),
    );
    c.required_text(
        "views.local_services",
        &o.views.local_services,
        &format!("Enter {host}'s view of whether local services can meet the child's needs"),
    );
}

/// Rule 6: a challenge is evidenced: a reason category and the reason in words. The host cannot
/// veto, so a challenge never blocks the placing authority's notification.
fn challenge_needs_reason(o: &ConsultationOutcome, c: &mut Checks<'_, '_>) {
    if o.decision == Some(Decision::Challenged) {
        c.required("challenge_reason", &o.challenge_reason, "Select the reason for the challenge");
        c.required_text(
            "challenge_details",
            &o.challenge_details,
            "Explain why the suitability of the placement is challenged",
        );
    }
}
