//! The consultation request: the placing social worker asks the host authority's view before a
//! placement is approved (CPPCR Regulations 2010, reg 11(2)(d)(ii) for distant placements).

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::child_identity::{self, Identity};
use super::common::{DocumentKind, DocumentRef, PlacementType, StaffContact, YesNo, has_care_plan, said_yes};
use super::{Checks, Form, Question, Section, in_page_order, joined, q};
use crate::context::Context;
use crate::date::Date;
use crate::distance::{self, Approver, Distance, Need, Requirements};
use crate::finding::{Finding, Kind};
use crate::host::Division;
use crate::locate::{Purpose, Whereabouts, locate};
use crate::register::Authority;
use crate::text::{self, Postcode, not_blank};

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct ConsultationRequest {
    /// GSS or DfE code of the placing (responsible) authority.
    pub placing_authority: String,
    #[validate(nested)]
    pub social_worker: StaffContact,
    #[validate(nested)]
    pub team_manager: StaffContact,
    #[validate(nested)]
    pub child: Child,
    pub legal_status: Option<LegalStatus>,
    #[validate(nested)]
    pub placement: ProposedPlacement,
    #[validate(nested)]
    pub education: Education,
    #[validate(nested)]
    pub health: Health,
    #[validate(nested)]
    pub risks: Risks,
    #[validate(nested)]
    pub deprivation_of_liberty: DeprivationOfLiberty,
    #[validate(nested)]
    pub reasons: Reasons,
    #[validate(nested)]
    pub approver: Approval,
    #[validate(nested, length(max = 20, message = "You can upload up to 20 documents"))]
    pub documents: Vec<DocumentRef>,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Child {
    /// The identity's answers are checked by `child_identity`, as the notification's are.
    pub case_id: String,
    pub first_name: String,
    pub surname: String,
    #[validate(length(max = 200, message = "Other names must be 200 characters or fewer"))]
    pub other_names: String,
    /// `YYYY-MM-DD`; parts may be empty while a draft.
    pub date_of_birth: String,
    /// Optional; checked when given.
    #[validate(length(max = 20, message = "NHS number must be 20 characters or fewer"))]
    pub nhs_number: String,
    /// Optional; checked when given.
    #[validate(length(max = 20, message = "UPN must be 20 characters or fewer"))]
    pub upn: String,
    #[validate(required(message = "Select the child's sex"))]
    pub sex: Option<Sex>,
    /// How the child describes their gender, if different.
    #[validate(length(max = 100, message = "Gender must be 100 characters or fewer"))]
    pub gender: String,
    /// A DfE ethnicity code: see [`ETHNICITIES`].
    pub ethnicity: String,
    #[validate(required(message = "Select yes if the child is an unaccompanied asylum-seeking child"))]
    pub uasc: Option<YesNo>,
    #[validate(required(message = "Select yes if the child has a disability"))]
    pub disability: Option<YesNo>,
    #[validate(length(max = 2000, message = "Details must be 2000 characters or fewer"))]
    pub disability_details: String,
    #[validate(
        custom(function = "not_blank", message = "Enter the child's first language"),
        length(max = 60, message = "First language must be 60 characters or fewer")
    )]
    pub first_language: String,
    #[validate(required(message = "Select yes if the child needs an interpreter"))]
    pub interpreter_needed: Option<YesNo>,
    /// The child's home postcode, for the distance from home (optional).
    #[validate(length(max = 10, message = "Enter a real postcode, like AA1 1AA"))]
    pub home_postcode: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Sex {
    Female,
    Male,
}

impl Sex {
    /// Each answer's wire id and what the person reads: the one list the app asks from.
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[("female", "Female"), ("male", "Male")];
}

/// Legal status, as the DfE's SSDA903 return codes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LegalStatus {
    C1,
    C2,
    D1,
    E1,
    V2,
    V3,
    V4,
    L1,
    L2,
    L3,
    J1,
    J2,
    J3,
}

impl LegalStatus {
    pub const ALL: [LegalStatus; 13] = [
        Self::C1,
        Self::C2,
        Self::D1,
        Self::E1,
        Self::V2,
        Self::V3,
        Self::V4,
        Self::L1,
        Self::L2,
        Self::L3,
        Self::J1,
        Self::J2,
        Self::J3,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::C1 => "Interim care order (C1)",
            Self::C2 => "Full care order (C2)",
            Self::D1 => "Freeing order granted (D1)",
            Self::E1 => "Placement order granted (E1)",
            Self::V2 => "Accommodated under section 20: single placement (V2)",
            Self::V3 => "Short breaks: individual episodes recorded (V3)",
            Self::V4 => "Short breaks: agreed series recorded (V4)",
            Self::L1 => "Under police protection (L1)",
            Self::L2 => "Emergency protection order (L2)",
            Self::L3 => "Child assessment order (L3)",
            Self::J1 => "Remanded to local authority or youth detention accommodation (J1)",
            Self::J2 => "Placed under the Police and Criminal Evidence Act 1984 (J2)",
            Self::J3 => "Youth rehabilitation order with residence requirement (J3)",
        }
    }
}

/// DfE ethnicity codes (CIN census and SSDA903) with their labels.
pub const ETHNICITIES: &[(&str, &str)] = &[
    ("WBRI", "White: English, Welsh, Scottish, Northern Irish or British"),
    ("WIRI", "White: Irish"),
    ("WIRT", "White: Traveller of Irish heritage"),
    ("WROM", "White: Gypsy or Roma"),
    ("WOTH", "White: any other White background"),
    ("MWBC", "Mixed: White and Black Caribbean"),
    ("MWBA", "Mixed: White and Black African"),
    ("MWAS", "Mixed: White and Asian"),
    ("MOTH", "Mixed: any other mixed background"),
    ("AIND", "Asian or Asian British: Indian"),
    ("APKN", "Asian or Asian British: Pakistani"),
    ("ABAN", "Asian or Asian British: Bangladeshi"),
    ("AOTH", "Asian or Asian British: any other Asian background"),
    ("BCRB", "Black or Black British: Caribbean"),
    ("BAFR", "Black or Black British: African"),
    ("BOTH", "Black or Black British: any other Black background"),
    ("CHNE", "Chinese"),
    ("OOTH", "Any other ethnic group"),
    ("REFU", "Refused"),
    ("NOBT", "Information not yet obtained"),
];

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct ProposedPlacement {
    #[validate(required(message = "Select the type of placement"))]
    pub placement_type: Option<PlacementType>,
    #[validate(length(max = 200, message = "Provider name must be 200 characters or fewer"))]
    pub provider_name: String,
    #[validate(length(max = 12, message = "Enter a URN like SC123456 or 1234567"))]
    pub ofsted_urn: String,
    #[validate(
        custom(function = "not_blank", message = "Enter the address of the placement"),
        length(max = 500, message = "Address must be 500 characters or fewer")
    )]
    pub address: String,
    #[validate(length(max = 10, message = "Enter a real postcode, like AA1 1AA"))]
    pub postcode: String,
    pub start_date: String,
    #[validate(
        custom(function = "not_blank", message = "Enter how long the placement is planned to last"),
        length(max = 200, message = "Planned duration must be 200 characters or fewer")
    )]
    pub planned_duration: String,
    #[validate(required(message = "Select yes if this is an emergency placement"))]
    pub emergency: Option<YesNo>,
    #[validate(required(message = "Select whether the child will live with their brothers or sisters"))]
    pub siblings: Option<Siblings>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Siblings {
    NoSiblingsInCare,
    PlacedTogether,
    PlacedApart,
}

impl Siblings {
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[
        ("no-siblings-in-care", "The child has no brothers or sisters in care"),
        ("placed-together", "Placed together with their brothers or sisters"),
        ("placed-apart", "Placed apart from their brothers or sisters"),
    ];
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Education {
    #[validate(length(max = 200, message = "School name must be 200 characters or fewer"))]
    pub current_school: String,
    #[validate(length(max = 20, message = "Year group must be 20 characters or fewer"))]
    pub year_group: String,
    #[validate(required(message = "Select yes if the child has an education, health and care plan (EHCP)"))]
    pub ehcp: Option<YesNo>,
    /// GSS or DfE code of the authority that maintains the EHCP.
    pub ehcp_authority: String,
    #[validate(length(max = 200, message = "School name must be 200 characters or fewer"))]
    pub proposed_school: String,
    pub school_place_confirmed: Option<YesNo>,
    #[validate(length(max = 300, message = "Virtual school contact must be 300 characters or fewer"))]
    pub virtual_school_contact: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Health {
    #[validate(length(max = 300, message = "GP details must be 300 characters or fewer"))]
    pub gp: String,
    #[validate(length(max = 4000, message = "Physical health needs must be 4000 characters or fewer"))]
    pub physical_health_needs: String,
    #[validate(length(max = 4000, message = "Mental health needs must be 4000 characters or fewer"))]
    pub mental_health_needs: String,
    #[validate(required(message = "Select yes if the child is involved with CAMHS"))]
    pub camhs: Option<YesNo>,
    #[validate(length(max = 2000, message = "Medication must be 2000 characters or fewer"))]
    pub medication: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum RiskLevel {
    NoKnownRisk,
    RiskPresent,
}

impl RiskLevel {
    pub const CHOICES: &'static [(&'static str, &'static str)] =
        &[("no-known-risk", "No known risk"), ("risk-present", "There is a risk")];
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Risk {
    pub level: Option<RiskLevel>,
    #[validate(length(max = 4000, message = "Details must be 4000 characters or fewer"))]
    pub details: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Risks {
    #[validate(nested)]
    pub self_harm: Risk,
    #[validate(nested)]
    pub sexual_exploitation: Risk,
    #[validate(nested)]
    pub criminal_exploitation: Risk,
    #[validate(nested)]
    pub going_missing: Risk,
    #[validate(nested)]
    pub substance_misuse: Risk,
    #[validate(nested)]
    pub offending: Risk,
    #[validate(nested)]
    pub harm_to_others: Risk,
    #[validate(nested)]
    pub fire_setting: Risk,
    #[validate(nested)]
    pub trafficking: Risk,
    #[validate(nested)]
    pub radicalisation: Risk,
    #[validate(nested)]
    pub other: Risk,
}

/// One of the risks the consultation asks about (Kent's form, section 4; domain.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RiskKind {
    /// The field of [`Risks`] that holds it.
    pub id: &'static str,
    /// Its question: the level's path and label, then the details' path and label.
    pub level: &'static str,
    pub label: &'static str,
    pub details: &'static str,
    pub details_label: &'static str,
    /// How a sentence names it: "Select whether there is a known risk of going missing".
    pub in_a_sentence: &'static str,
}

const fn risk(
    id: &'static str,
    [level, details]: [&'static str; 2],
    [label, details_label]: [&'static str; 2],
    in_a_sentence: &'static str,
) -> RiskKind {
    RiskKind { id, level, label, details, details_label, in_a_sentence }
}

/// The risks in page order: the one list the questions, the checks and the app's page are made
/// from. (`Risks::entries` pairs each with its field; a test holds the two together.)
pub const RISK_KINDS: [RiskKind; 11] = [
    risk(
        "self_harm",
        ["risks.self_harm.level", "risks.self_harm.details"],
        ["Self-harm", "Self-harm: details"],
        "self-harm",
    ),
    risk(
        "sexual_exploitation",
        ["risks.sexual_exploitation.level", "risks.sexual_exploitation.details"],
        ["Child sexual exploitation", "Child sexual exploitation: details"],
        "child sexual exploitation",
    ),
    risk(
        "criminal_exploitation",
        ["risks.criminal_exploitation.level", "risks.criminal_exploitation.details"],
        ["Child criminal exploitation or county lines", "Child criminal exploitation: details"],
        "child criminal exploitation or county lines",
    ),
    risk(
        "going_missing",
        ["risks.going_missing.level", "risks.going_missing.details"],
        ["Going missing", "Going missing: details"],
        "going missing",
    ),
    risk(
        "substance_misuse",
        ["risks.substance_misuse.level", "risks.substance_misuse.details"],
        ["Substance misuse", "Substance misuse: details"],
        "substance misuse",
    ),
    risk(
        "offending",
        ["risks.offending.level", "risks.offending.details"],
        ["Offending", "Offending: details"],
        "offending",
    ),
    risk(
        "harm_to_others",
        ["risks.harm_to_others.level", "risks.harm_to_others.details"],
        ["Harm to others", "Harm to others: details"],
        "harm to others",
    ),
    risk(
        "fire_setting",
        ["risks.fire_setting.level", "risks.fire_setting.details"],
        ["Fire-setting", "Fire-setting: details"],
        "fire-setting",
    ),
    risk(
        "trafficking",
        ["risks.trafficking.level", "risks.trafficking.details"],
        ["Trafficking", "Trafficking: details"],
        "trafficking",
    ),
    risk(
        "radicalisation",
        ["risks.radicalisation.level", "risks.radicalisation.details"],
        ["Radicalisation", "Radicalisation: details"],
        "radicalisation",
    ),
    risk(
        "other",
        ["risks.other.level", "risks.other.details"],
        ["Other risk", "Other risk: details"],
        "any other risk",
    ),
];

/// The risks' questions, two each, in page order.
#[allow(clippy::indexing_slicing)] // evaluated by the compiler
const RISK_QUESTIONS: [Question; 22] = {
    let mut out = [q("", NEEDS, ""); 22];
    let mut i = 0;
    while i < RISK_KINDS.len() {
        out[2 * i] = q(RISK_KINDS[i].level, NEEDS, RISK_KINDS[i].label);
        out[2 * i + 1] = q(RISK_KINDS[i].details, NEEDS, RISK_KINDS[i].details_label);
        i += 1;
    }
    out
};

impl Risks {
    /// The risks in page order, with their wire ids.
    pub fn entries(&self) -> [(&'static str, &Risk); 11] {
        [
            ("self_harm", &self.self_harm),
            ("sexual_exploitation", &self.sexual_exploitation),
            ("criminal_exploitation", &self.criminal_exploitation),
            ("going_missing", &self.going_missing),
            ("substance_misuse", &self.substance_misuse),
            ("offending", &self.offending),
            ("harm_to_others", &self.harm_to_others),
            ("fire_setting", &self.fire_setting),
            ("trafficking", &self.trafficking),
            ("radicalisation", &self.radicalisation),
            ("other", &self.other),
        ]
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct DeprivationOfLiberty {
    #[validate(required(message = "Select yes if a court has authorised depriving the child of their liberty"))]
    pub order: Option<YesNo>,
    #[validate(length(max = 200, message = "Court must be 200 characters or fewer"))]
    pub court: String,
    pub date: String,
    pub expiry: String,
    /// The court authorised the placement in a setting not registered with Ofsted (domain brief §8.6).
    pub unregistered: Option<YesNo>,
    /// `YYYY-MM-DD`: when the placing authority told Ofsted of the order, as the court requires.
    pub ofsted_notified_on: String,
}

impl DeprivationOfLiberty {
    /// A court has authorised depriving the child of liberty in an unregistered setting, which has
    /// no Ofsted URN to give.
    pub fn court_authorised_unregistered(&self) -> bool {
        said_yes(self.order) && said_yes(self.unregistered)
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Reasons {
    #[validate(
        custom(function = "not_blank", message = "Describe the child's assessed needs"),
        length(max = 8000, message = "Needs assessment must be 8000 characters or fewer")
    )]
    pub needs_assessment: String,
    #[validate(
        custom(function = "not_blank", message = "Explain why this placement is the most suitable"),
        length(max = 8000, message = "Your answer must be 8000 characters or fewer")
    )]
    pub why_most_suitable: String,
    #[validate(
        custom(function = "not_blank", message = "Explain why the child is being placed outside your area"),
        length(max = 8000, message = "Your answer must be 8000 characters or fewer")
    )]
    pub why_out_of_area: String,
    #[validate(length(max = 8000, message = "Your answer must be 8000 characters or fewer"))]
    pub why_distant: String,
    #[validate(required(message = "Select yes if you have obtained the child's wishes and feelings"))]
    pub wishes_and_feelings: Option<YesNo>,
    #[validate(length(max = 4000, message = "Your answer must be 4000 characters or fewer"))]
    pub wishes_and_feelings_details: String,
    #[validate(required(message = "Select yes if the child's relatives have been consulted"))]
    pub relatives_consulted: Option<YesNo>,
    #[validate(required(message = "Select yes if the independent reviewing officer has been consulted"))]
    pub iro_consulted: Option<YesNo>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApproverRole {
    DirectorOfChildrensServices,
    DcsDelegate,
    NominatedOfficer,
}

impl ApproverRole {
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[
        ("director-of-childrens-services", "Director of children's services"),
        ("dcs-delegate", "Delegate of the director of children's services"),
        ("nominated-officer", "Nominated officer"),
    ];

    /// As the form's option reads (`CHOICES` is in the enum's order; a test holds them together).
    pub fn label(self) -> &'static str {
        Self::CHOICES.get(self as usize).map_or("", |(_, label)| label)
    }
}

/// What decides whether a placement is distant: the placing authority and where the placement is.
const DISTANCE_DEPENDS_ON: &[&str] = &["placing_authority", "placement.postcode"];

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ApprovalStatus {
    /// Approval will be decided after this consultation.
    AwaitingConsultation,
    Approved,
}

impl ApprovalStatus {
    pub const CHOICES: &'static [(&'static str, &'static str)] =
        &[("awaiting-consultation", "Not yet: approval will follow this consultation"), ("approved", "Approved")];
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Approval {
    #[validate(
        custom(function = "not_blank", message = "Enter the name of the person who will approve the placement"),
        length(max = 100, message = "Name must be 100 characters or fewer")
    )]
    pub name: String,
    #[validate(required(message = "Select the approver's role"))]
    pub role: Option<ApproverRole>,
    #[validate(length(max = 100, message = "Job title must be 100 characters or fewer"))]
    pub job_title: String,
    #[validate(required(message = "Select whether the placement has been approved"))]
    pub status: Option<ApprovalStatus>,
    pub date: String,
}

const ABOUT_YOU: &str = "about-you";
const CHILD: &str = "child";
const PLACEMENT: &str = "placement";
const NEEDS: &str = "needs-and-risks";
const REASONS: &str = "reasons-and-approval";

/// The child's identity, as the notification asks it too.
const IDENTITY: [Question; 6] = child_identity::questions(CHILD);

const QUESTIONS_BEFORE_RISKS: &[Question] = &[
    q("placing_authority", ABOUT_YOU, "Placing authority"),
    q("social_worker.name", ABOUT_YOU, "Your name").others("Social worker's name"),
    q("social_worker.team", ABOUT_YOU, "Your team").others("Social worker's team"),
    q("social_worker.email", ABOUT_YOU, "Your email address").others("Social worker's email address"),
    q("social_worker.phone", ABOUT_YOU, "Your telephone number").others("Social worker's telephone number"),
    q("team_manager.name", ABOUT_YOU, "Team manager's name"),
    q("team_manager.team", ABOUT_YOU, "Team manager's team"),
    q("team_manager.email", ABOUT_YOU, "Team manager's email address"),
    q("team_manager.phone", ABOUT_YOU, "Team manager's telephone number"),
    IDENTITY[0],
    IDENTITY[1],
    IDENTITY[2],
    q("child.other_names", CHILD, "Other names"),
    IDENTITY[3],
    IDENTITY[4],
    IDENTITY[5],
    q("child.sex", CHILD, "Sex"),
    q("child.gender", CHILD, "Gender"),
    q("child.ethnicity", CHILD, "Ethnicity"),
    q("child.uasc", CHILD, "Unaccompanied asylum-seeking child"),
    q("child.disability", CHILD, "Disability"),
    q("child.disability_details", CHILD, "Disability details"),
    q("child.first_language", CHILD, "First language"),
    q("child.interpreter_needed", CHILD, "Needs an interpreter"),
    q("child.home_postcode", CHILD, "Home postcode"),
    q("legal_status", CHILD, "Legal status"),
    q("placement.placement_type", PLACEMENT, "Type of placement"),
    q("placement.provider_name", PLACEMENT, "Provider or carer"),
    q("placement.ofsted_urn", PLACEMENT, "Ofsted URN"),
    q("placement.address", PLACEMENT, "Address"),
    q("placement.postcode", PLACEMENT, "Postcode"),
    q("placement.start_date", PLACEMENT, "Proposed start date"),
    q("placement.planned_duration", PLACEMENT, "Planned duration"),
    q("placement.emergency", PLACEMENT, "Emergency placement"),
    q("placement.siblings", PLACEMENT, "Brothers and sisters"),
    q("education.current_school", NEEDS, "Current school"),
    q("education.year_group", NEEDS, "Year group"),
    q("education.ehcp", NEEDS, "Education, health and care plan"),
    q("education.ehcp_authority", NEEDS, "Authority maintaining the EHCP"),
    q("education.proposed_school", NEEDS, "Proposed school"),
    q("education.school_place_confirmed", NEEDS, "School place confirmed"),
    q("education.virtual_school_contact", NEEDS, "Virtual school contact"),
    q("health.gp", NEEDS, "GP"),
    q("health.physical_health_needs", NEEDS, "Physical health needs"),
    q("health.mental_health_needs", NEEDS, "Mental health needs"),
    q("health.camhs", NEEDS, "Involved with CAMHS"),
    q("health.medication", NEEDS, "Medication"),
];

const QUESTIONS_AFTER_RISKS: &[Question] = &[
    q("deprivation_of_liberty.order", NEEDS, "Deprivation of liberty order"),
    q("deprivation_of_liberty.court", NEEDS, "Court"),
    q("deprivation_of_liberty.date", NEEDS, "Date of order"),
    q("deprivation_of_liberty.expiry", NEEDS, "Order expires"),
    q("deprivation_of_liberty.unregistered", NEEDS, "Authorised in an unregistered setting"),
    q("deprivation_of_liberty.ofsted_notified_on", NEEDS, "Date Ofsted was told of the order"),
    q("reasons.needs_assessment", REASONS, "Needs assessment"),
    q("reasons.why_most_suitable", REASONS, "Why this placement is the most suitable"),
    q("reasons.why_out_of_area", REASONS, "Why out of area"),
    q("reasons.why_distant", REASONS, "Why at a distance"),
    q("reasons.wishes_and_feelings", REASONS, "Child's wishes and feelings obtained"),
    q("reasons.wishes_and_feelings_details", REASONS, "Child's wishes and feelings"),
    q("reasons.relatives_consulted", REASONS, "Relatives consulted"),
    q("reasons.iro_consulted", REASONS, "Independent reviewing officer consulted"),
    q("approver.name", REASONS, "Approver's name"),
    q("approver.role", REASONS, "Approver's role"),
    q("approver.job_title", REASONS, "Approver's job title"),
    q("approver.status", REASONS, "Approval"),
    q("approver.date", REASONS, "Date approved"),
    q("documents", REASONS, "Documents"),
];

impl Form for ConsultationRequest {
    const KIND: &'static str = "consultation-request";
    const TITLE: &'static str = "Consultation request";
    const SECTIONS: &'static [Section] = &[
        Section { id: ABOUT_YOU, title: "About you", title_for_others: Some("Placing social worker") },
        Section { id: CHILD, title: "The child", title_for_others: None },
        Section { id: PLACEMENT, title: "The proposed placement", title_for_others: None },
        Section { id: NEEDS, title: "Needs and risks", title_for_others: None },
        Section { id: REASONS, title: "Reasons and approval", title_for_others: None },
    ];
    const QUESTIONS: &'static [Question] =
        &joined::<{ QUESTIONS_BEFORE_RISKS.len() + 22 + QUESTIONS_AFTER_RISKS.len() }>(&[
            QUESTIONS_BEFORE_RISKS,
            &RISK_QUESTIONS,
            QUESTIONS_AFTER_RISKS,
        ]);

    fn check(&self, ctx: &Context<'_>) -> Vec<Finding> {
        let mut c = Checks::new(ctx);
        c.validated("", self.validate());
        let placing = c.authority("placing_authority", &self.placing_authority, "Select your authority");
        c.placing_authority(placing);
        about_you_contacts(self, &mut c);
        let dob = child_details(self, &mut c);
        let placement = placement_details(self, &mut c, dob);
        let assessment = placing.and_then(|p| placement.area.as_ref().map(|a| assess(p, a, self, ctx)));
        if let Some(a) = &assessment {
            placing_authority_is_not_host(a, &mut c);
            distant_needs_reason_for_distance(self, a, &mut c);
            distant_needs_dcs_or_delegate(self, a, &mut c);
            distant_needs_care_plan(self, a, &mut c);
            distant_approval_follows_consultation(self, a, &mut c);
            exempt_types_need_no_consultation(a, &mut c);
        }
        age_at_start_date(self, dob, placement.start, &mut c);
        if !self.deprivation_of_liberty.court_authorised_unregistered() {
            ofsted_urn_for_registered_types(
                self.placement.placement_type,
                &self.placement.ofsted_urn,
                "placement.ofsted_urn",
                &mut c,
            );
        }
        ehcp_needs_maintaining_authority(
            self.education.ehcp,
            &self.education.ehcp_authority,
            "education.ehcp_authority",
            &mut c,
        );
        risk_present_needs_details(&self.risks, &mut c);
        needs_and_reasons_answers(self, &mut c);
        in_page_order(Self::QUESTIONS, c.out)
    }
}

/// The placement's place in the host's geography, and what its distance requires: what the app
/// tells the user as they answer, and what the rules below rely on.
#[derive(Debug, Clone)]
pub struct Assessment<'a> {
    pub placing: &'a Authority,
    /// The upper-tier authority the placement postcode lies in.
    pub area: &'a Authority,
    /// The host's district the postcode lies in, when the area is the host.
    pub district: Option<String>,
    pub division: Option<Division>,
    pub distance: Distance,
    pub requirements: Requirements,
    pub explanation: String,
}

impl Assessment<'_> {
    /// Where the placement is and what its distance means, as the form says it while the person
    /// answers: "This postcode is in Maidstone, in Kent's North/West division. Leeds does not adjoin…".
    pub fn said(&self) -> String {
        let place = match (&self.district, &self.division) {
            (Some(district), Some(division)) => {
                format!("This postcode is in {district}, in {}'s {} division.", self.area.name, division.name)
            }
            _ => format!("This postcode is in {}.", self.area.name),
        };
        format!("{place} {}", self.explanation)
    }
}

/// Where the placement postcode resolved to.
struct PlacementFacts<'a> {
    area: Option<Whereabouts<'a>>,
    start: Option<Date>,
}

impl ConsultationRequest {
    /// Works out host, district, division and distance from what has been answered so far.
    /// `None` until the placing authority and a locatable placement postcode are known.
    pub fn assessment<'a>(&self, ctx: &Context<'a>) -> Option<Assessment<'a>> {
        let placing = ctx.register.find(&self.placing_authority)?;
        let whereabouts = locate(&self.placement.postcode, ctx).ok()?;
        Some(assess(placing, &whereabouts, self, ctx))
    }
}

fn assess<'a>(
    placing: &'a Authority,
    area: &Whereabouts<'a>,
    req: &ConsultationRequest,
    ctx: &Context<'a>,
) -> Assessment<'a> {
    let distance = distance::determine_distance(placing, area.authority, ctx.adjacency);
    let kind = req.placement.placement_type;
    Assessment {
        placing,
        area: area.authority,
        district: area.district.map(|d| d.name.clone()),
        division: area.division.cloned(),
        distance,
        requirements: distance::requirements(distance, kind),
        explanation: distance::explain(distance, kind, placing, area.authority),
    }
}

fn about_you_contacts(req: &ConsultationRequest, c: &mut Checks<'_, '_>) {
    c.required_text("social_worker.name", &req.social_worker.name, "Enter your full name");
    c.required_text("social_worker.team", &req.social_worker.team, "Enter the name of your team");
    c.email("social_worker.email", &req.social_worker.email, "Enter your email address", true);
    c.phone("social_worker.phone", &req.social_worker.phone, "Enter your telephone number");
    c.required_text("team_manager.name", &req.team_manager.name, "Enter your team manager's full name");
    c.email("team_manager.email", &req.team_manager.email, "Enter your team manager's email address", true);
    if text::is_filled(&req.team_manager.phone) && !text::is_uk_phone(&req.team_manager.phone) {
        c.error("team_manager.phone", Kind::Format, "Enter a telephone number, like 01632 960 001 or +44 808 157 0192");
    }
}

fn child_details(req: &ConsultationRequest, c: &mut Checks<'_, '_>) -> Option<Date> {
    let child = &req.child;
    let identity = Identity {
        case_id: &child.case_id,
        first_name: &child.first_name,
        surname: &child.surname,
        date_of_birth: &child.date_of_birth,
        nhs_number: &child.nhs_number,
        upn: &child.upn,
    };
    let dob = child_identity::check(&identity, c);
    if text::is_filled(&child.ethnicity) {
        if !ETHNICITIES.iter().any(|(code, _)| *code == child.ethnicity) {
            c.error("child.ethnicity", Kind::UnknownCode, "Select the child's ethnicity from the list");
        }
    } else {
        c.error("child.ethnicity", Kind::Required, "Select the child's ethnicity");
    }
    if said_yes(child.disability) {
        c.required_text("child.disability_details", &child.disability_details, "Describe the child's disability");
    }
    if text::is_filled(&child.home_postcode) && Postcode::parse(&child.home_postcode).is_none() {
        c.error("child.home_postcode", Kind::Format, "Enter a real postcode, like AA1 1AA");
    }
    c.required("legal_status", &req.legal_status, "Select the child's legal status");
    dob
}

fn placement_details<'a>(req: &ConsultationRequest, c: &mut Checks<'_, 'a>, dob: Option<Date>) -> PlacementFacts<'a> {
    let p = &req.placement;
    if p.placement_type.is_some_and(|t| t != PlacementType::PlacedWithParent) {
        c.required_text("placement.provider_name", &p.provider_name, "Enter the name of the provider or carer");
    }
    let start =
        c.required_date("placement.start_date", &p.start_date, "Proposed start date", "Enter the proposed start date");
    start_on_or_after_birth(dob, start, "placement.start_date", c);
    if start.is_some_and(|s| s < c.ctx.today) && !said_yes(p.emergency) {
        c.warning(
            "placement.start_date",
            Kind::Timing,
            "The proposed start date has passed. If the child has already moved, this is an emergency placement: select yes to 'emergency placement'",
        );
    }
    let area = host_from_placement_postcode(&p.postcode, "placement.postcode", c);
    PlacementFacts { area, start }
}

/// Rule 11: a placement cannot start before the child was born.
pub(crate) fn start_on_or_after_birth(dob: Option<Date>, start: Option<Date>, path: &str, c: &mut Checks<'_, '_>) {
    if let (Some(dob), Some(start)) = (dob, start)
        && start < dob
    {
        c.error(path, Kind::TooEarly, "Start date must be on or after the child's date of birth");
    }
}

/// Rule 1: the host authority is the upper-tier authority the placement postcode lies in
/// (`locate`, which words every answer). This service takes placements in the host's area only.
fn host_from_placement_postcode<'a>(postcode: &str, path: &str, c: &mut Checks<'_, 'a>) -> Option<Whereabouts<'a>> {
    let host = c.ctx.served();
    match locate(postcode, c.ctx) {
        Ok(w) => {
            c.push(w.outside_host(path, Purpose::Consult, c.ctx.register));
            Some(w)
        }
        Err(why) => {
            c.push(why.finding(path, &host, Purpose::Consult));
            None
        }
    }
}

/// Rule 2: placing in your own area is not an out-of-area placement, so there is nothing to
/// consult on or notify (regulation 11(1) and 13(4) concern the "area authority").
fn placing_authority_is_not_host(a: &Assessment<'_>, c: &mut Checks<'_, '_>) {
    if a.distance == Distance::NotOutOfArea {
        c.error(
            "placement.postcode",
            Kind::NotOutOfArea,
            format!("This placement is in {}, your own authority's area. You do not need to consult on a placement in your own area", a.area.name),
        );
    }
}

/// Rule 4, regulation 11(5) and guidance: a distant placement says why it must be at a distance.
fn distant_needs_reason_for_distance(req: &ConsultationRequest, a: &Assessment<'_>, c: &mut Checks<'_, '_>) {
    if a.requirements.consultation == Need::Required && !text::is_filled(&req.reasons.why_distant) {
        c.error_because(
            "reasons.why_distant",
            DISTANCE_DEPENDS_ON,
            Kind::Required,
            "Explain why the child needs to be placed at a distance",
        );
    }
}

/// Rule 4, regulation 11(1)(b): a distant placement is approved by the Director of Children's
/// Services or a named delegate, not by any nominated officer.
fn distant_needs_dcs_or_delegate(req: &ConsultationRequest, a: &Assessment<'_>, c: &mut Checks<'_, '_>) {
    if a.requirements.approver == Approver::DcsOrDelegate && req.approver.role == Some(ApproverRole::NominatedOfficer) {
        c.error_because(
            "approver.role",
            DISTANCE_DEPENDS_ON,
            Kind::NotAllowed,
            format!(
                "Select \"{}\" or \"{}\": a distant placement must be approved by your Director of Children's Services or their named delegate",
                ApproverRole::DirectorOfChildrensServices.label(),
                ApproverRole::DcsDelegate.label(),
            ),
        );
    }
}

/// Rule 4, regulation 11(2)(d)(ii): for a distant placement the host is given a copy of the care
/// plan with the consultation.
fn distant_needs_care_plan(req: &ConsultationRequest, a: &Assessment<'_>, c: &mut Checks<'_, '_>) {
    if a.requirements.care_plan == Need::Required && !has_care_plan(&req.documents) {
        c.error_because(
            "documents",
            DISTANCE_DEPENDS_ON,
            Kind::Required,
            format!(
                "Upload a copy of the child's care plan as \"{}\": it is required for a distant placement",
                DocumentKind::CarePlan.label()
            ),
        );
    }
}

/// Rule 4, regulation 11(2)(d): the approver must be satisfied the host was consulted before
/// approving a distant placement, so approval given already is flagged (emergencies excepted:
/// regulation 11(4) lets the steps follow).
fn distant_approval_follows_consultation(req: &ConsultationRequest, a: &Assessment<'_>, c: &mut Checks<'_, '_>) {
    if a.requirements.consultation == Need::Required
        && req.approver.status == Some(ApprovalStatus::Approved)
        && !said_yes(req.placement.emergency)
    {
        c.warning(
            "approver.status",
            Kind::Timing,
            format!(
                "A distant placement should be approved only after {} has been consulted (regulation 11(2)(d))",
                a.area.name
            ),
        );
    }
}

/// Rule 5, regulation 11(3): placements with a connected person or the placing authority's own
/// foster carers need no consultation. The request is allowed; the user is told.
fn exempt_types_need_no_consultation(a: &Assessment<'_>, c: &mut Checks<'_, '_>) {
    if a.distance != Distance::NotOutOfArea && a.requirements.consultation == Need::NotRequired {
        c.warning(
            "placement.placement_type",
            Kind::NotAllowed,
            format!(
                "You do not need to consult {} on a placement with a connected person or your own foster carers (regulation 11(3)). You must still notify {} before it starts",
                a.area.name, a.area.name
            ),
        );
    }
}

/// Rule 8: a person of 18 or over is not a looked-after child; under-16s may not be placed in
/// "other arrangements" (reg 27A, from 9 September 2021).
pub(crate) fn age_at_start_date(
    req: &ConsultationRequest,
    dob: Option<Date>,
    start: Option<Date>,
    c: &mut Checks<'_, '_>,
) {
    age_rules(dob, start, req.placement.placement_type, "child.date_of_birth", "placement.placement_type", c);
}

pub(crate) fn age_rules(
    dob: Option<Date>,
    start: Option<Date>,
    kind: Option<PlacementType>,
    dob_path: &str,
    type_path: &str,
    c: &mut Checks<'_, '_>,
) {
    let (Some(dob), Some(start)) = (dob, start) else { return };
    if start < dob {
        return;
    }
    let age = dob.age_on(start);
    if age >= 18 {
        c.error(
            dob_path,
            Kind::Age,
            "The child will be 18 or over on the start date. A person aged 18 or over is not a looked-after child",
        );
    } else if age < 16 && kind.is_some_and(PlacementType::is_other_arrangement) {
        c.error_because(
            type_path,
            &[dob_path],
            Kind::Age,
            format!(
                "A child under 16 cannot be placed in \"{}\" or \"{}\" (regulation 27A)",
                PlacementType::SupportedAccommodation.label(),
                PlacementType::IndependentAccommodation.label()
            ),
        );
    }
}

/// Rule 9: Ofsted-registered types need their URN (supported accommodation too, registered since
/// 28 October 2023); placed-with-parent and "other" record none. The format is checked leniently.
pub(crate) fn ofsted_urn_for_registered_types(
    kind: Option<PlacementType>,
    urn: &str,
    path: &str,
    c: &mut Checks<'_, '_>,
) {
    let Some(kind) = kind else { return };
    let filled = text::is_filled(urn);
    if kind.needs_urn() && !filled {
        let message = if kind == PlacementType::SupportedAccommodation {
            "Enter the provider's Ofsted URN: supported accommodation must be registered with Ofsted"
        } else {
            "Enter the provider's Ofsted URN"
        };
        c.error(path, Kind::Required, message);
    } else if filled && kind.takes_no_urn() {
        c.error(path, Kind::NotAllowed, "Remove the Ofsted URN: this type of placement does not have one");
    } else if filled && !text::is_ofsted_urn(urn) {
        c.error(path, Kind::Format, "Enter a URN like SC123456 or 1234567");
    }
}

/// Domain brief §8.6: a court authorising deprivation of liberty in an unregistered setting requires
/// the placing authority to tell Ofsted at once, with the order and judgment. The date is
/// recorded; a missing one is a warning, never a block.
fn unregistered_setting_told_to_ofsted(dol: &DeprivationOfLiberty, c: &mut Checks<'_, '_>) {
    c.required(
        "deprivation_of_liberty.unregistered",
        &dol.unregistered,
        "Select yes if the court authorised a setting not registered with Ofsted",
    );
    if !dol.court_authorised_unregistered() {
        return;
    }
    if text::is_filled(&dol.ofsted_notified_on) {
        let told = c.required_date(
            "deprivation_of_liberty.ofsted_notified_on",
            &dol.ofsted_notified_on,
            "Date Ofsted was told",
            "Enter the date Ofsted was told",
        );
        c.not_future("deprivation_of_liberty.ofsted_notified_on", told, "Date Ofsted was told");
    } else {
        c.warning(
            "deprivation_of_liberty.ofsted_notified_on",
            Kind::Required,
            "The court requires Ofsted to be told of the order now, with the order and judgment. Enter the date it was",
        );
    }
}

/// Rule 10: an EHCP names the authority that maintains it.
pub(crate) fn ehcp_needs_maintaining_authority(
    ehcp: Option<YesNo>,
    authority: &str,
    path: &str,
    c: &mut Checks<'_, '_>,
) {
    if said_yes(ehcp) {
        c.authority(path, authority, "Select the authority that maintains the EHCP");
    }
}

/// Rule 10: every risk is answered, and a risk present is described.
fn risk_present_needs_details(risks: &Risks, c: &mut Checks<'_, '_>) {
    for ((_, risk), kind) in risks.entries().into_iter().zip(RISK_KINDS) {
        let name = kind.in_a_sentence;
        match risk.level {
            None => c.error(kind.level, Kind::Required, format!("Select whether there is a known risk of {name}")),
            Some(RiskLevel::RiskPresent) => {
                c.required_text(kind.details, &risk.details, &format!("Describe the risk of {name}"));
            }
            Some(RiskLevel::NoKnownRisk) => {}
        }
    }
}

fn needs_and_reasons_answers(req: &ConsultationRequest, c: &mut Checks<'_, '_>) {
    let e = &req.education;
    if text::is_filled(&e.proposed_school) {
        c.required(
            "education.school_place_confirmed",
            &e.school_place_confirmed,
            "Select yes if a place at the proposed school is confirmed",
        );
    }
    let dol = &req.deprivation_of_liberty;
    if said_yes(dol.order) {
        c.required_text("deprivation_of_liberty.court", &dol.court, "Enter the court that made the order");
        let made =
            c.required_date("deprivation_of_liberty.date", &dol.date, "Date of order", "Enter the date of the order");
        c.not_future("deprivation_of_liberty.date", made, "Date of order");
        let expiry = c.required_date(
            "deprivation_of_liberty.expiry",
            &dol.expiry,
            "Expiry date",
            "Enter the date the order expires",
        );
        if let (Some(made), Some(expiry)) = (made, expiry)
            && expiry < made
        {
            c.error("deprivation_of_liberty.expiry", Kind::TooEarly, "Expiry date must be after the date of the order");
        }
        unregistered_setting_told_to_ofsted(dol, c);
    }
    let r = &req.reasons;
    match r.wishes_and_feelings {
        Some(YesNo::Yes) => {
            c.required_text(
                "reasons.wishes_and_feelings_details",
                &r.wishes_and_feelings_details,
                "Summarise the child's wishes and feelings",
            );
        }
        Some(YesNo::No) => {
            c.required_text(
                "reasons.wishes_and_feelings_details",
                &r.wishes_and_feelings_details,
                "Explain why the child's wishes and feelings have not been obtained",
            );
        }
        None => {}
    }
    if r.iro_consulted == Some(YesNo::No) {
        c.warning(
            "reasons.iro_consulted",
            Kind::Timing,
            "The independent reviewing officer must be consulted before the placement is approved (regulation 11(2))",
        );
    }
    let a = &req.approver;
    if a.status == Some(ApprovalStatus::Approved) {
        let date =
            c.required_date("approver.date", &a.date, "Date approved", "Enter the date the placement was approved");
        c.not_future("approver.date", date, "Date approved");
    }
}
