//! The consultation request's pages (CPPCR Regulations 2010, reg 11(2)(d)(ii)): what the placing
//! social worker is asked, in the order they are asked it.

use placement_rules::forms::consultation_request::{
    ApprovalStatus, ApproverRole, RISK_KINDS, RiskLevel, Sex, Siblings,
};
use placement_rules::{ConsultationRequest, Form};

use super::{
    Choice, Closing, Control, Explainer, Field, Journey, Options, Page, area, date, email, field, page, phone, radios,
    short, text, yes_no,
};

const SEX: &[Choice] = Sex::CHOICES;
const SIBLINGS: &[Choice] = Siblings::CHOICES;
const RISK: &[Choice] = RiskLevel::CHOICES;
const APPROVER_ROLES: &[Choice] = ApproverRole::CHOICES;
const APPROVAL: &[Choice] = ApprovalStatus::CHOICES;

/// Two questions a risk, from the rules' one list: the level, then its details when present.
const RISKS: [Field; 22] = {
    let mut out = [field("", Control::Fixed); 22];
    let mut i = 0;
    while i < RISK_KINDS.len() {
        let kind = RISK_KINDS[i];
        out[2 * i] = field(kind.level, Control::InlineRadios(RISK));
        out[2 * i + 1] =
            area(kind.details).label("Describe the risk and how it will be managed").when(kind.level, "risk-present");
        i += 1;
    }
    out
};

const PAGES: &[Page] = &[
    page(
        "about-you",
        "about-you",
        "About you",
        &[
            field("placing_authority", Control::Select(Options::Authorities)).label("Your authority"),
            text("social_worker.name").label("Your full name"),
            text("social_worker.team"),
            email("social_worker.email"),
            phone("social_worker.phone"),
            text("team_manager.name").label("Team manager's full name"),
            text("team_manager.team"),
            email("team_manager.email"),
            phone("team_manager.phone"),
        ],
    ),
    page(
        "child",
        "child",
        "The child",
        &[
            short("child.case_id", "govuk-input--width-20").label("Your authority's case ID for the child"),
            text("child.first_name"),
            text("child.surname"),
            text("child.other_names"),
            date("child.date_of_birth"),
            short("child.nhs_number", "govuk-input--width-10").label("NHS number (optional)"),
            short("child.upn", "govuk-input--width-20").label("Unique pupil number (UPN) (optional)"),
            radios("child.sex", SEX),
            text("child.gender").label("Gender, if different from sex (optional)"),
            field("child.ethnicity", Control::Select(Options::Ethnicities)),
        ],
    ),
    page(
        "child-needs",
        "child",
        "The child's status and language",
        &[
            field("legal_status", Control::Select(Options::LegalStatuses)),
            yes_no("child.uasc").label("Is the child an unaccompanied asylum-seeking child?"),
            yes_no("child.disability").label("Does the child have a disability?"),
            area("child.disability_details").label("Describe the disability").when("child.disability", "yes"),
            short("child.first_language", "govuk-input--width-20"),
            yes_no("child.interpreter_needed").label("Does the child need an interpreter?"),
            short("child.home_postcode", "govuk-input--width-10").label("The child's home postcode (optional)"),
        ],
    ),
    page(
        "placement-postcode",
        "placement",
        "Where is the proposed placement?",
        &[field(
            "placement.postcode",
            Control::Text { kind: "text", autocomplete: "postal-code", width: "govuk-input--width-10" },
        )
        .label("Postcode of the placement")],
    )
    .explain(Explainer::PlacementArea),
    page(
        "placement",
        "placement",
        "The proposed placement",
        &[
            field("placement.placement_type", Control::RadiosFrom(Options::PlacementTypes)),
            text("placement.provider_name").label("Provider or carer's name"),
            short("placement.ofsted_urn", "govuk-input--width-10").label("Ofsted unique reference number (URN)"),
            area("placement.address").label("Address of the placement"),
            date("placement.start_date"),
            text("placement.planned_duration"),
            yes_no("placement.emergency").label("Is this an emergency placement?"),
            radios("placement.siblings", SIBLINGS).label("Will the child live with their brothers or sisters?"),
        ],
    ),
    page(
        "education",
        "needs-and-risks",
        "Education",
        &[
            text("education.current_school"),
            short("education.year_group", "govuk-input--width-10"),
            yes_no("education.ehcp").label("Does the child have an education, health and care plan (EHCP)?"),
            field("education.ehcp_authority", Control::Select(Options::Authorities)).when("education.ehcp", "yes"),
            text("education.proposed_school"),
            yes_no("education.school_place_confirmed").label("Is the school place confirmed?"),
            text("education.virtual_school_contact"),
        ],
    ),
    page(
        "health",
        "needs-and-risks",
        "Health",
        &[
            text("health.gp").label("GP practice"),
            area("health.physical_health_needs"),
            area("health.mental_health_needs"),
            yes_no("health.camhs")
                .label("Is the child involved with child and adolescent mental health services (CAMHS)?"),
            area("health.medication"),
        ],
    ),
    page("risks", "needs-and-risks", "Risks", &RISKS),
    page(
        "deprivation-of-liberty",
        "needs-and-risks",
        "Deprivation of liberty",
        &[
            yes_no("deprivation_of_liberty.order")
                .label("Has a court authorised depriving the child of their liberty?"),
            text("deprivation_of_liberty.court").when("deprivation_of_liberty.order", "yes"),
            date("deprivation_of_liberty.date").when("deprivation_of_liberty.order", "yes"),
            date("deprivation_of_liberty.expiry").when("deprivation_of_liberty.order", "yes"),
            yes_no("deprivation_of_liberty.unregistered")
                .label("Did the court authorise a setting not registered with Ofsted?")
                .when("deprivation_of_liberty.order", "yes"),
            date("deprivation_of_liberty.ofsted_notified_on")
                .label("Date you told Ofsted of the order")
                .when("deprivation_of_liberty.unregistered", "yes"),
        ],
    ),
    page(
        "reasons",
        "reasons-and-approval",
        "Reasons for the placement",
        &[
            area("reasons.needs_assessment").label("The child's assessed needs"),
            area("reasons.why_most_suitable"),
            area("reasons.why_out_of_area").label("Why the child is being placed outside your area"),
            area("reasons.why_distant").label("Why the child is being placed at a distance"),
            yes_no("reasons.wishes_and_feelings").label("Have you obtained the child's wishes and feelings?"),
            area("reasons.wishes_and_feelings_details"),
            yes_no("reasons.relatives_consulted").label("Have the child's relatives been consulted?"),
            yes_no("reasons.iro_consulted").label("Has the independent reviewing officer been consulted?"),
        ],
    ),
    page(
        "approval",
        "reasons-and-approval",
        "Approval of the placement",
        &[
            text("approver.name").label("Name of the person who will approve the placement"),
            radios("approver.role", APPROVER_ROLES),
            text("approver.job_title"),
            radios("approver.status", APPROVAL).label("Has the placement been approved?"),
            date("approver.date").when("approver.status", "approved"),
        ],
    ),
    page(
        "documents",
        "reasons-and-approval",
        "Documents",
        &[field("documents", Control::Documents).label("Upload documents")],
    ),
];

pub static JOURNEY: Journey = Journey {
    slug: "request",
    title: ConsultationRequest::TITLE,
    endpoint: contract::paths::CONSULTATIONS,
    sections: ConsultationRequest::SECTIONS,
    questions: ConsultationRequest::QUESTIONS,
    pages: PAGES,
    form: super::FormKind::ConsultationRequest,
};

/// What its last pages say (see [`super::Closing`]).
pub fn closing() -> Closing {
    Closing {
        declaration: "By sending this request you confirm that the information is correct to the best of your knowledge and that you are authorised by your authority to share it with the host council for this consultation.",
        send_label: "Accept and send",
        sent_title: "Consultation request sent",
        next: &[
            "The host council's Front Door Service receives your request now, and the service manager for the placement's area gets a link to record the host council's view.",
            "The host council aims to reply within its target, shown on your receipt. We will email you when the outcome is recorded, with a link to the case.",
            "If the placement goes ahead, send the placement notification before it starts. For an emergency placement, send it within 5 working days.",
        ],
    }
}

/// Each question's hint, by its path (see [`super::Journey::hint`]).
pub fn hint(path: &str) -> Option<&'static str> {
    match path {
        "placing_authority" => Some("The local authority responsible for the child"),
        "social_worker.email" => Some("Use your secure work email, for example one ending in .gov.uk"),
        "child.case_id" => {
            Some("The ID in your case management system. The host council uses it with the reference to find the case")
        }
        "child.other_names" => Some("Any other names the child has been known by"),
        "child.date_of_birth" => Some("For example, 27 3 2012"),
        "child.nhs_number" => Some("10 digits, for example 943 476 5919"),
        "child.upn" => Some("13 characters from the child's school records, for example B801200005001"),
        "child.home_postcode" => {
            Some("Where the child lived before coming into care, to show how far the placement is from home")
        }
        "placement.postcode" => {
            Some("We use it to find the host council, its district and division, and whether the placement is distant")
        }
        "placement.ofsted_urn" => Some(
            "Needed for children's homes, secure children's homes, residential schools and supported accommodation",
        ),
        "placement.start_date" => Some("For example, 14 1 2027"),
        "placement.planned_duration" => Some("For example, until the child is 18, or 6 months"),
        "reasons.why_distant" => {
            Some("Needed when the placement is distant: not in your area and not in an authority next to it")
        }
        "documents" => Some("PDF, Word or image files up to 10 MB. A distant placement needs the child's care plan"),
        _ => None,
    }
}

/// Each page's introduction, by its slug (see [`super::Journey::intro`]).
pub fn intro(page: &str) -> Option<&'static str> {
    match page {
        "risks" => {
            Some("For each, say whether there is a known risk. If there is, describe it and how it will be managed.")
        }
        "approval" => Some(
            "A distant placement must be approved by the director of children's services or their delegate, after this consultation.",
        ),
        _ => None,
    }
}
