//! Answers shared by several forms. Every choice has a stable wire id (`serde` rename), never
//! its label, so a label can be reworded without breaking drafts, submissions or reports.

use serde::{Deserialize, Serialize};
use validator::Validate;

use crate::text::not_blank;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum YesNo {
    Yes,
    No,
}

impl YesNo {
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[("yes", "Yes"), ("no", "No")];

    pub fn is_yes(self) -> bool {
        self == YesNo::Yes
    }
}

/// True when the answer is "yes".
pub fn said_yes(answer: Option<YesNo>) -> bool {
    answer.is_some_and(YesNo::is_yes)
}

/// The type of the proposed placement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlacementType {
    /// Foster care with a connected person (family or friend), including temporary approval
    /// under regulation 24.
    FosterConnectedPerson,
    /// Foster care with the placing authority's own approved foster carers.
    FosterInHouse,
    /// Foster care through an independent fostering agency.
    FosterAgency,
    ChildrensHome,
    SecureChildrensHome,
    /// Supported accommodation (16 and 17 year olds; Ofsted-registered since 28 October 2023).
    SupportedAccommodation,
    /// Independent living: "other arrangements" (regulation 27A forbids it under 16).
    IndependentAccommodation,
    PlacedWithParent,
    ResidentialSchool,
    Other,
}

impl PlacementType {
    pub const ALL: [PlacementType; 10] = [
        Self::FosterConnectedPerson,
        Self::FosterInHouse,
        Self::FosterAgency,
        Self::ChildrensHome,
        Self::SecureChildrensHome,
        Self::SupportedAccommodation,
        Self::IndependentAccommodation,
        Self::PlacedWithParent,
        Self::ResidentialSchool,
        Self::Other,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Self::FosterConnectedPerson => "Foster care with a connected person (family or friends)",
            Self::FosterInHouse => "Foster care with your own authority's foster carers",
            Self::FosterAgency => "Foster care through an independent fostering agency",
            Self::ChildrensHome => "Children's home",
            Self::SecureChildrensHome => "Secure children's home",
            Self::SupportedAccommodation => "Supported accommodation",
            Self::IndependentAccommodation => "Independent living (other arrangements)",
            Self::PlacedWithParent => "Placed with parent",
            Self::ResidentialSchool => "Residential school",
            Self::Other => "Other",
        }
    }

    /// Rule 9: these types are Ofsted-registered and their URN is required.
    pub fn needs_urn(self) -> bool {
        matches!(
            self,
            Self::ChildrensHome | Self::SecureChildrensHome | Self::ResidentialSchool | Self::SupportedAccommodation
        )
    }

    /// Rule 9: a URN is not recorded for these.
    pub fn takes_no_urn(self) -> bool {
        matches!(self, Self::PlacedWithParent | Self::Other)
    }

    /// Rule 8: supported or independent accommodation ("other arrangements").
    pub fn is_other_arrangement(self) -> bool {
        matches!(self, Self::SupportedAccommodation | Self::IndependentAccommodation)
    }
}

/// A person and how to reach them. Which parts are required, and the wording of the message,
/// depend on who the person is, so the form that uses it checks those.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct StaffContact {
    #[validate(length(max = 100, message = "Name must be 100 characters or fewer"))]
    pub name: String,
    #[validate(length(max = 100, message = "Team must be 100 characters or fewer"))]
    pub team: String,
    #[validate(length(max = 254, message = "Email address must be 254 characters or fewer"))]
    pub email: String,
    #[validate(length(max = 40, message = "Telephone number must be 40 characters or fewer"))]
    pub phone: String,
}

/// What a document is, so the host can find the care plan among the uploads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum DocumentKind {
    CarePlan,
    PlacementPlan,
    RiskAssessment,
    /// A children's home's location assessment (Children's Homes Regulations 2015, reg 46).
    LocationAssessment,
    NeedsAssessment,
    Other,
}

impl DocumentKind {
    pub const CHOICES: &'static [(&'static str, &'static str)] = &[
        ("care-plan", "Care plan"),
        ("placement-plan", "Placement plan"),
        ("risk-assessment", "Risk assessment"),
        ("location-assessment", "Location assessment (children's homes)"),
        ("needs-assessment", "Needs assessment"),
        ("other", "Other document"),
    ];

    /// As people read it, beside the file's name. (`CHOICES` is in the enum's order; a test
    /// holds them together.)
    pub fn label(self) -> &'static str {
        Self::CHOICES.get(self as usize).map_or("Document", |(_, label)| label)
    }
}

/// A file uploaded with a submission. The file itself goes to the relay separately; the form
/// carries the id the relay gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Validate)]
#[serde(deny_unknown_fields)]
pub struct DocumentRef {
    pub kind: DocumentKind,
    #[validate(
        custom(function = "not_blank", message = "Upload the file again"),
        length(max = 100, message = "Upload the file again")
    )]
    pub attachment_id: String,
    #[validate(length(max = 255, message = "The file name must be 255 characters or fewer"))]
    pub file_name: String,
}

/// True when the uploads include a care plan.
pub fn has_care_plan(documents: &[DocumentRef]) -> bool {
    documents.iter().any(|d| d.kind == DocumentKind::CarePlan)
}
