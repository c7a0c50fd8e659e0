//! Telling the host a placement has ended (reg 14): before the end, or within 10 working days
//! after it.

use placement_rules::{Form, PlacementEnding};

use super::{Closing, Control, Journey, Options, Page, area, date, email, field, page, phone, text};

const PAGES: &[Page] = &[
    page(
        "end",
        "end",
        "When and why the placement ends",
        &[
            field("case_reference", Control::Fixed),
            date("end_date")
                .label("When does the placement end, or when did it end?"),
            area("lateness_reason").label(
                "If this is more than 10 working days after the end, why was it not reasonably practicable to tell the host sooner?",
            ),
            field("reason", Control::RadiosFrom(Options::EndingReasons)).label("Why is the placement ending?"),
            field("next", Control::RadiosFrom(Options::WhereNext)).label("Where is the child going?"),
            area("details").label("Details"),
        ],
    ),
    page(
        "ended-by",
        "end",
        "Your details",
        &[
            text("ended_by.name").label("Your full name"),
            text("ended_by.team"),
            email("ended_by.email"),
            phone("ended_by.phone"),
        ],
    ),
];

pub static JOURNEY: Journey = Journey {
    slug: "ending",
    title: PlacementEnding::TITLE,
    endpoint: contract::paths::ENDINGS,
    sections: PlacementEnding::SECTIONS,
    questions: PlacementEnding::QUESTIONS,
    pages: PAGES,
    form: super::FormKind::PlacementEnding,
};

/// What its last pages say (see [`super::Closing`]).
pub fn closing() -> Closing {
    Closing {
        declaration: "By sending this you confirm that the placement ends, or has ended, on the date given.",
        send_label: "Tell the host the placement has ended",
        sent_title: "End of placement sent",
        next: &[
            "The host council's Front Door Service and the service manager for the placement's area are told now, and the case is closed.",
            "If the child is moving to another placement in the same council's area, notify the host of the new placement too: it is a new placement under regulation 13.",
        ],
    }
}

/// Each question's hint, by its path (see [`super::Journey::hint`]).
pub fn hint(path: &str) -> Option<&'static str> {
    match path {
        "end_date" => Some("The last night the child stays there. For example, 14 1 2027"),
        "details" => Some(
            "Anything the host needs to know, for example if the child may need local services. Needed if you chose another reason or somewhere else",
        ),
        _ => None,
    }
}

/// Each page's introduction, by its slug (see [`super::Journey::intro`]).
pub fn intro(_page: &str) -> Option<&'static str> {
    None
}
