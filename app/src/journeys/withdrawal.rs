//! Withdrawing a consultation: the child is not being placed in the host council's area after all.

use placement_rules::{Form, Withdrawal};

use super::{Closing, Control, Journey, Options, Page, area, email, field, page, phone, short, text};

const PAGES: &[Page] = &[page(
    "withdraw",
    "withdraw",
    "Withdraw a consultation",
    &[
        short("consultation_reference", "govuk-input--width-20"),
        field("reason", Control::RadiosFrom(Options::WithdrawalReasons))
            .label("Why is the child not being placed as consulted on?"),
        area("details").label("Details"),
        text("withdrawn_by.name").label("Your full name"),
        text("withdrawn_by.team"),
        email("withdrawn_by.email"),
        phone("withdrawn_by.phone"),
    ],
)];

pub static JOURNEY: Journey = Journey {
    slug: "withdrawal",
    title: Withdrawal::TITLE,
    endpoint: contract::paths::WITHDRAWALS,
    sections: Withdrawal::SECTIONS,
    questions: Withdrawal::QUESTIONS,
    pages: PAGES,
    form: super::FormKind::Withdrawal,
};

/// What its last pages say (see [`super::Closing`]).
pub fn closing() -> Closing {
    Closing {
        declaration: "By sending this you confirm that the child is not being placed as consulted on.",
        send_label: "Withdraw the consultation",
        sent_title: "Withdrawal sent",
        next: &[
            "The host council's Front Door Service and the service manager for the placement's area are told now, and the case is closed.",
        ],
    }
}

/// Each question's hint, by its path (see [`super::Journey::hint`]).
pub fn hint(path: &str) -> Option<&'static str> {
    match path {
        "consultation_reference" => Some("For example, OLA-7K3M-Q2XD"),
        _ => None,
    }
}

/// Each page's introduction, by its slug (see [`super::Journey::intro`]).
pub fn intro(_page: &str) -> Option<&'static str> {
    None
}
