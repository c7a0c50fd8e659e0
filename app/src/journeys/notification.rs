//! The placement notification (CPPCR Regulations 2010, reg 13): sent before an out-of-area placement
//! starts, or within 5 working days of an emergency one. It may start from a consultation (its
//! answers copied in, and what has changed since shown) or stand alone.

use placement_rules::forms::placement_notification::{AgenciesInformed, NotificationType, RisksKnown, Sender};
use placement_rules::forms::recipients::RECIPIENTS;
use placement_rules::{Form, PlacementNotification};

use super::{
    Choice, Closing, Control, Explainer, Field, Journey, Options, Page, area, date, email, field, page, phone, radios,
    short, text, yes_no,
};

const TYPES: &[Choice] = NotificationType::CHOICES;
const SENDERS: &[Choice] = Sender::CHOICES;
const AGENCIES: &[Choice] = AgenciesInformed::CHOICES;
const RISKS: &[Choice] = RisksKnown::CHOICES;

const PAGES: &[Page] = &[
    page(
        "about",
        "about-the-notification",
        "About the notification",
        &[
            short("consultation_reference", "govuk-input--width-20")
                .label("Consultation reference, if the host council was consulted"),
            short("follows_case", "govuk-input--width-20").label(
                "If this placement follows one in the same council's area that has ended, its case reference (optional)",
            ),
            radios("sent_by", SENDERS).label("Who are you?"),
            email("placing_social_worker_email")
                .label("The child's social worker's email address at the placing authority")
                .when("sent_by", "provider"),
            field("placing_authority", Control::Select(Options::Authorities)).label("The child's placing authority"),
            text("notifier.name").label("Your full name"),
            text("notifier.team"),
            email("notifier.email"),
            phone("notifier.phone"),
            radios("notification_type", TYPES).label("What are you notifying the host council about?"),
            yes_no("short_breaks.short_breaks").label("Is this a series of short breaks?"),
            short("short_breaks.longest_stay_days", "govuk-input--width-3").when("short_breaks.short_breaks", "yes"),
            short("short_breaks.days_in_12_months", "govuk-input--width-3").when("short_breaks.short_breaks", "yes"),
            yes_no("short_breaks.same_carer")
                .label("Is every stay with the same carer?")
                .when("short_breaks.short_breaks", "yes"),
        ],
    ),
    page(
        "child",
        "child-and-placement",
        "The child",
        &[
            short("child.case_id", "govuk-input--width-20").label("Your authority's case ID for the child"),
            text("child.first_name"),
            text("child.surname"),
            date("child.date_of_birth"),
            short("child.nhs_number", "govuk-input--width-10").label("NHS number (optional)"),
            short("child.upn", "govuk-input--width-20").label("Unique pupil number (UPN) (optional)"),
        ],
    ),
    page(
        "start",
        "child-and-placement",
        "When does the placement start?",
        &[
            date("start_date").label("Start date"),
            date("planned_end_date").label("When is the placement planned to end? (optional)"),
            area("lateness_reason")
                .label("If this notification is late, why was it not reasonably practicable to send it sooner?"),
        ],
    )
    .explain(Explainer::NotificationTiming),
    page(
        "placement",
        "child-and-placement",
        "The placement",
        &[
            field("placement.placement_type", Control::RadiosFrom(Options::PlacementTypes)),
            text("placement.provider_name").label("Provider or carer's name"),
            short("placement.ofsted_urn", "govuk-input--width-10").label("Ofsted unique reference number (URN)"),
            area("placement.address").label("Address of the placement"),
            field(
                "placement.postcode",
                Control::Text { kind: "text", autocomplete: "postal-code", width: "govuk-input--width-10" },
            )
            .label("Postcode of the placement"),
        ],
    )
    .explain(Explainer::PlacementArea),
    page(
        "needs",
        "needs-and-documents",
        "Needs and documents",
        &[
            area("needs_assessment").label("The child's assessed needs"),
            area("why_most_suitable"),
            yes_no("care_plan_sent_with_consultation").label("Did you send the care plan with the consultation?"),
            yes_no("care_plan_to_follow").label("Is the care plan still being written?"),
            yes_no("first_placement").label("Is this the child's first placement?").when("care_plan_to_follow", "yes"),
            field("documents", Control::Documents).label("Upload documents"),
            yes_no("ehcp").label("Does the child have an education, health and care plan (EHCP)?"),
            field("ehcp_authority", Control::Select(Options::Authorities)).when("ehcp", "yes"),
        ],
    ),
    page(
        "agencies",
        "needs-and-documents",
        "Reviewing officer and local agencies",
        &[
            text("iro.name").label("Independent reviewing officer's name"),
            text("iro.team"),
            email("iro.email"),
            phone("iro.phone"),
            field("risks_known", Control::Checkboxes(RISKS)).label("Which of these risks are known? (optional)"),
            field("agencies_informed", Control::Checkboxes(AGENCIES)).label("Which local agencies have you told?"),
        ],
    ),
    page("told-family", TOLD, "Who else you have told: the child and their family", &FAMILY),
    page("told-health", TOLD, "Who else you have told: health", &HEALTH),
    page("told-education-and-review", TOLD, "Who else you have told: education and review", &EDUCATION_AND_REVIEW),
];

const TOLD: &str = "who-else-was-told";

/// One statutory recipient's questions: told or not, when, and why not (reg 13(2), (3)).
macro_rules! told {
    ($i:expr, $key:literal) => {
        [
            radios(concat!("recipients.", $key, ".answer"), RECIPIENTS[$i].choices),
            date(concat!("recipients.", $key, ".on")).when(concat!("recipients.", $key, ".answer"), "told"),
            area(concat!("recipients.", $key, ".why_not")).when(concat!("recipients.", $key, ".answer"), "not-told"),
        ]
    };
}

const FAMILY: [Field; 15] = flat([
    told!(0, "child"),
    told!(1, "parents"),
    told!(2, "s34_contact"),
    told!(3, "s8_contact"),
    told!(4, "previous_carer"),
]);
const HEALTH: [Field; 12] = flat([told!(5, "icb_home"), told!(6, "icb_placed"), told!(7, "gp"), told!(8, "new_gp")]);
const EDUCATION_AND_REVIEW: [Field; 6] = flat([told!(9, "education"), told!(10, "iro")]);

/// The recipients' fields in one list, as a page takes them.
const fn flat<const G: usize, const N: usize>(groups: [[Field; 3]; G]) -> [Field; N] {
    let mut out = [groups[0][0]; N];
    let mut i = 0;
    while i < N {
        out[i] = groups[i / 3][i % 3];
        i += 1;
    }
    out
}

pub static JOURNEY: Journey = Journey {
    slug: "notification",
    title: PlacementNotification::TITLE,
    endpoint: contract::paths::NOTIFICATIONS,
    sections: PlacementNotification::SECTIONS,
    questions: PlacementNotification::QUESTIONS,
    pages: PAGES,
    form: super::FormKind::PlacementNotification,
};

/// What its last pages say (see [`super::Closing`]).
pub fn closing() -> Closing {
    Closing {
        declaration: "By sending this notification you confirm that the information is correct to the best of your knowledge and that you are authorised to share it with the host council.",
        send_label: "Accept and send",
        sent_title: "Notification sent",
        next: &[
            "The host council's Front Door Service and the service manager for the placement's area receive your notification now.",
            "Tell the host council if the placement changes or ends.",
        ],
    }
}

/// Each question's hint, by its path (see [`super::Journey::hint`]).
pub fn hint(path: &str) -> Option<&'static str> {
    match path {
        "short_breaks.short_breaks" => Some(
            "For a child not otherwise in care. Short breaks with the same carer, none over 17 days and 75 days or fewer in 12 months, need no notification (regulation 48(3)(b))",
        ),
        "consultation_reference" => Some(
            "For example, OLA-7K3M-Q2XD. Leave it empty if there was no consultation. If there was, send this from the link in the host council's acknowledgement email",
        ),
        "placing_social_worker_email" => Some(
            "They are asked to confirm your notification: until they do, the host council treats it as unconfirmed",
        ),
        "notifier.email" => {
            Some("Placing authority staff: use your secure work email, for example one ending in .gov.uk")
        }
        "child.date_of_birth" => Some("For example, 27 3 2012"),
        "child.nhs_number" => Some("10 digits, for example 943 476 5919"),
        "child.upn" => Some("13 characters from the child's school records, for example B801200005001"),
        "start_date" => Some("For example, 14 1 2027"),
        "care_plan_to_follow" => {
            Some("A first placement may start first: send the plan within 10 working days (regulation 4(2))")
        }
        "documents" => {
            Some("PDF, Word or image files up to 10 MB: the care plan, unless you sent it with the consultation")
        }
        _ => None,
    }
}

/// Each page's introduction, by its slug (see [`super::Journey::intro`]).
pub fn intro(page: &str) -> Option<&'static str> {
    match page {
        "told-family" => Some(
            "Regulation 13(2) names who else must be told of the placement. The host council sees these answers. Say why anyone has not been told.",
        ),
        _ => None,
    }
}
