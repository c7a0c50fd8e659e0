//! The placing authority confirms a notification a provider sent for it (domain brief §8.10).

use placement_rules::{Form, PlacementConfirmation};

use super::{Closing, Control, Journey, Page, email, field, page, phone, text};

const PAGES: &[Page] = &[page(
    "confirm",
    "confirm",
    "Confirm the provider's notification",
    &[
        field("case_reference", Control::Fixed),
        text("confirmed_by.name").label("Your full name"),
        text("confirmed_by.team"),
        email("confirmed_by.email"),
        phone("confirmed_by.phone"),
    ],
)];

pub static JOURNEY: Journey = Journey {
    slug: "confirmation",
    title: PlacementConfirmation::TITLE,
    endpoint: contract::paths::CONFIRMATIONS,
    sections: PlacementConfirmation::SECTIONS,
    questions: PlacementConfirmation::QUESTIONS,
    pages: PAGES,
    form: super::FormKind::PlacementConfirmation,
};

/// What its last pages say (see [`super::Closing`]).
pub fn closing() -> Closing {
    Closing {
        declaration: "By sending this you confirm, for your authority, the notification the provider sent.",
        send_label: "Confirm the notification",
        sent_title: "Notification confirmed",
        next: &["The host council's Front Door Service and the service manager for the placement's area are told now."],
    }
}

/// Each question's hint, by its path (see [`super::Journey::hint`]).
pub fn hint(_path: &str) -> Option<&'static str> {
    None
}

/// Each page's introduction, by its slug (see [`super::Journey::intro`]).
pub fn intro(page: &str) -> Option<&'static str> {
    match page {
        "confirm" => Some(
            "Confirming makes the provider's notification your authority's own (regulation 13). If it is wrong, send your own notification instead.",
        ),
        _ => None,
    }
}
