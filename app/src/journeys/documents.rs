//! Documents sent to the host after the notification: a care plan that followed a first placement
//! (reg 4(2)), or a placement plan.

use placement_rules::{DocumentsSent, Form};

use super::{Closing, Control, Journey, Page, area, email, field, page, phone, text};

const PAGES: &[Page] = &[page(
    "documents",
    "send",
    "Send documents",
    &[
        field("case_reference", Control::Fixed),
        field("documents", Control::Documents).label("Upload documents"),
        area("note"),
        text("sent_by.name").label("Your full name"),
        text("sent_by.team"),
        email("sent_by.email"),
        phone("sent_by.phone"),
    ],
)];

pub static JOURNEY: Journey = Journey {
    slug: "documents",
    title: DocumentsSent::TITLE,
    endpoint: contract::paths::DOCUMENTS,
    sections: DocumentsSent::SECTIONS,
    questions: DocumentsSent::QUESTIONS,
    pages: PAGES,
    form: super::FormKind::DocumentsSent,
};

/// What its last pages say (see [`super::Closing`]).
pub fn closing() -> Closing {
    Closing {
        declaration: "By sending these you confirm they are the placing authority's documents for this child.",
        send_label: "Send the documents",
        sent_title: "Documents sent",
        next: &["The host council's Front Door Service and the service manager for the placement's area are told now."],
    }
}

/// Each question's hint, by its path (see [`super::Journey::hint`]).
pub fn hint(_path: &str) -> Option<&'static str> {
    None
}

/// Each page's introduction, by its slug (see [`super::Journey::intro`]).
pub fn intro(_page: &str) -> Option<&'static str> {
    None
}
