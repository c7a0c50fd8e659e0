//! The consultation outcome: the host's service manager records the case discussion, the three
//! professional views and whether the host agrees or challenges. The host cannot veto a placement; a
//! challenge must give its reason.

use placement_rules::forms::consultation_outcome::{Decision, DiscussionMethod};
use placement_rules::{ConsultationOutcome, Form};

use super::{Choice, Closing, Control, Journey, Options, Page, area, date, email, field, page, radios, text};

const METHODS: &[Choice] = DiscussionMethod::CHOICES;
const DECISIONS: &[Choice] = Decision::CHOICES;

const PAGES: &[Page] = &[
    page(
        "responder",
        "discussion",
        "About you",
        &[
            field("consultation_reference", Control::Fixed),
            text("responder.name").label("Your full name"),
            text("responder.role"),
            field("responder.division", Control::RadiosFrom(Options::Divisions)).label("Your division"),
            email("responder.email"),
        ],
    ),
    page(
        "discussion",
        "discussion",
        "The case discussion",
        &[
            date("discussion.date"),
            radios("discussion.method", METHODS),
            area("discussion.participants"),
            area("discussion.evidence"),
        ],
    ),
    page(
        "views",
        "views",
        "Professional views",
        &[
            area("views.placement").label("Your view of the planned placement"),
            area("views.neighbourhood").label("Your view of the neighbourhood"),
            area("views.local_services").label("Your view of local services for this child"),
        ],
    ),
    page(
        "decision",
        "decision",
        "Your council's view",
        &[
            radios("decision", DECISIONS).label("Does your council agree the placement is suitable?"),
            field("challenge_reason", Control::RadiosFrom(Options::ChallengeReasons)).when("decision", "challenged"),
            area("challenge_details").when("decision", "challenged"),
            date("completed_date"),
        ],
    ),
];

pub static JOURNEY: Journey = Journey {
    slug: "record-outcome",
    title: ConsultationOutcome::TITLE,
    endpoint: contract::paths::OUTCOMES,
    sections: ConsultationOutcome::SECTIONS,
    questions: ConsultationOutcome::QUESTIONS,
    pages: PAGES,
    form: super::FormKind::ConsultationOutcome,
};

/// What its last pages say (see [`super::Closing`]).
pub fn closing() -> Closing {
    Closing {
        declaration: "By sending this outcome you confirm it records the case discussion and your council's view.",
        send_label: "Send the outcome",
        sent_title: "Outcome sent",
        next: &[
            "Management Information and the placing social worker receive the outcome now.",
            "The placing authority decides whether to go ahead. If it does, it sends your council the placement notification.",
        ],
    }
}

/// Each question's hint, by its path (see [`super::Journey::hint`]).
pub fn hint(path: &str) -> Option<&'static str> {
    match path {
        "discussion.date" => Some("For example, 20 11 2026"),
        "discussion.participants" => Some("Names and roles, from your council and from the placing authority"),
        "discussion.evidence" => Some("What was discussed and agreed, and where the record is kept"),
        "decision" => {
            Some("Your council cannot stop the placement. A challenge asks the placing authority to think again")
        }
        "completed_date" => Some("For example, 23 11 2026"),
        _ => None,
    }
}

/// Each page's introduction, by its slug (see [`super::Journey::intro`]).
pub fn intro(_page: &str) -> Option<&'static str> {
    None
}
