//! Synthetic test data: no real child, no real person, no real address. Postcodes here are
//! shaped like real ones and mapped by hand to the authorities the tests need.

#![allow(dead_code, reason = "each test file uses a different part")]

use placement_rules::forms::common::{DocumentKind, DocumentRef, PlacementType, StaffContact, YesNo};
use placement_rules::forms::consultation_outcome::{ConsultationOutcome, Decision, DiscussionMethod};
use placement_rules::forms::consultation_request::*;
use placement_rules::forms::placement_notification::{NotificationType, PlacementNotification};
use placement_rules::forms::withdrawal::{Withdrawal, WithdrawalReason};
use placement_rules::geography::TableGeography;
use placement_rules::host::HostConfig;
use placement_rules::{Context, Date};

pub const KENT: &str = "E10000016";
pub const LEEDS: &str = "E08000035";
pub const MEDWAY: &str = "E06000035";
pub const ESSEX: &str = "E10000012";

/// Maidstone (North/West), Thanet (South/East), Medway, East Sussex.
pub const MAIDSTONE_PC: &str = "ME14 1ZZ";
pub const THANET_PC: &str = "CT9 1ZZ";
pub const MEDWAY_PC: &str = "ME4 4ZZ";
pub const EAST_SUSSEX_PC: &str = "TN22 1ZZ";

pub fn geography() -> TableGeography {
    TableGeography::new(false)
        .with(MAIDSTONE_PC, KENT, "E07000110")
        .with(THANET_PC, KENT, "E07000114")
        .with(MEDWAY_PC, MEDWAY, MEDWAY)
        .with(EAST_SUSSEX_PC, "E10000011", "E07000065")
}

pub fn today() -> Date {
    Date::from_ymd(2026, 11, 23).unwrap()
}

/// Kent as the one host, as most tests need.
pub fn kent() -> &'static [HostConfig] {
    std::slice::from_ref(HostConfig::kent())
}

pub fn ctx(geo: &TableGeography) -> Context<'_> {
    Context::builtin(today(), kent(), geo)
}

fn contact(name: &str, email: &str) -> StaffContact {
    StaffContact {
        name: name.into(),
        team: "Children in Care Team 2".into(),
        email: email.into(),
        phone: "0113 496 0000".into(),
    }
}

fn no_risk() -> Risk {
    Risk { level: Some(RiskLevel::NoKnownRisk), details: String::new() }
}

/// A complete request from Leeds for a distant children's home placement in Maidstone.
pub fn valid_request() -> ConsultationRequest {
    ConsultationRequest {
        placing_authority: LEEDS.into(),
        social_worker: contact("Alex Example", "alex.example@leeds.gov.uk"),
        team_manager: contact("Jo Sample", "jo.sample@leeds.gov.uk"),
        child: Child {
            case_id: "LCC-000123".into(),
            first_name: "Sam".into(),
            surname: "Testchild".into(),
            other_names: String::new(),
            date_of_birth: "2012-04-15".into(),
            nhs_number: "943 476 5919".into(),
            upn: "D383212310001".into(),
            sex: Some(Sex::Female),
            gender: String::new(),
            ethnicity: "WBRI".into(),
            uasc: Some(YesNo::No),
            disability: Some(YesNo::No),
            disability_details: String::new(),
            first_language: "English".into(),
            interpreter_needed: Some(YesNo::No),
            home_postcode: "LS1 1ZZ".into(),
        },
        legal_status: Some(LegalStatus::C2),
        placement: ProposedPlacement {
            placement_type: Some(PlacementType::ChildrensHome),
            provider_name: "Example Care Ltd".into(),
            ofsted_urn: "SC123456".into(),
            address: "1 Example Road, Maidstone".into(),
            postcode: MAIDSTONE_PC.into(),
            start_date: "2027-01-11".into(),
            planned_duration: "Long term".into(),
            emergency: Some(YesNo::No),
            siblings: Some(Siblings::NoSiblingsInCare),
        },
        education: Education {
            current_school: "Example Academy".into(),
            year_group: "Year 9".into(),
            ehcp: Some(YesNo::No),
            ehcp_authority: String::new(),
            proposed_school: String::new(),
            school_place_confirmed: None,
            virtual_school_contact: String::new(),
        },
        health: Health { camhs: Some(YesNo::No), ..Health::default() },
        risks: Risks {
            self_harm: no_risk(),
            sexual_exploitation: no_risk(),
            criminal_exploitation: no_risk(),
            going_missing: no_risk(),
            substance_misuse: no_risk(),
            offending: no_risk(),
            harm_to_others: no_risk(),
            fire_setting: no_risk(),
            trafficking: no_risk(),
            radicalisation: no_risk(),
            other: no_risk(),
        },
        deprivation_of_liberty: DeprivationOfLiberty { order: Some(YesNo::No), ..Default::default() },
        reasons: Reasons {
            needs_assessment: "Needs a small, stable home with therapeutic support.".into(),
            why_most_suitable: "The home matches the assessed needs.".into(),
            why_out_of_area: "No suitable home in Leeds.".into(),
            why_distant: "Distance from exploitation risks at home.".into(),
            wishes_and_feelings: Some(YesNo::Yes),
            wishes_and_feelings_details: "Wants a fresh start.".into(),
            relatives_consulted: Some(YesNo::Yes),
            iro_consulted: Some(YesNo::Yes),
        },
        approver: Approval {
            name: "Pat Director".into(),
            role: Some(ApproverRole::DirectorOfChildrensServices),
            job_title: "Director of Children's Services".into(),
            status: Some(ApprovalStatus::AwaitingConsultation),
            date: String::new(),
        },
        documents: vec![DocumentRef {
            kind: DocumentKind::CarePlan,
            attachment_id: "att-0001".into(),
            file_name: "care-plan.pdf".into(),
        }],
    }
}

pub fn valid_outcome() -> ConsultationOutcome {
    use placement_rules::forms::consultation_outcome::{Discussion, Responder, Views};
    ConsultationOutcome {
        consultation_reference: "OLA-7K3M-Q2XD".into(),
        responder: Responder {
            name: "Chris Manager".into(),
            role: "Service manager".into(),
            division: "north-west".into(),
            email: "chris.manager@kent.gov.uk".into(),
        },
        discussion: Discussion {
            date: "2026-11-20".into(),
            method: Some(DiscussionMethod::Telephone),
            participants: "Chris Manager (Kent), Alex Example (Leeds)".into(),
            evidence: "Discussed the home, school options and local risks.".into(),
        },
        views: Views {
            placement: "The home is experienced with similar needs.".into(),
            neighbourhood: "Quiet residential area.".into(),
            local_services: "CAMHS capacity is available.".into(),
        },
        decision: Some(Decision::Agreed),
        challenge_reason: None,
        challenge_details: String::new(),
        completed_date: "2026-11-23".into(),
    }
}

pub fn valid_notification() -> PlacementNotification {
    let mut n = PlacementNotification::from_consultation(&valid_request(), "OLA-7K3M-Q2XD");
    n.iro = StaffContact { name: "Robin Reviewer".into(), ..Default::default() };
    n.notification_type = Some(NotificationType::New);
    n.start_date = valid_request().placement.start_date;
    n.recipients = told_everyone();
    n
}

/// Reg 13(2): everyone told the day before today, but the s8 contact (there is none).
pub fn told_everyone() -> placement_rules::forms::recipients::Recipients {
    use placement_rules::forms::recipients::{Recipients, TellAnswer, Told};
    let told = || Told { answer: Some(TellAnswer::Told), on: "2026-11-22".into(), why_not: String::new() };
    Recipients {
        s8_contact: Told { answer: Some(TellAnswer::NoOne), ..Told::default() },
        ..Recipients {
            child: told(),
            parents: told(),
            s34_contact: told(),
            s8_contact: told(),
            previous_carer: told(),
            icb_home: told(),
            icb_placed: told(),
            gp: told(),
            new_gp: told(),
            education: told(),
            iro: told(),
        }
    }
}

pub fn valid_withdrawal() -> Withdrawal {
    Withdrawal {
        consultation_reference: "OLA-7K3M-Q2XD".into(),
        reason: Some(WithdrawalReason::AnotherPlacementChosen),
        details: String::new(),
        withdrawn_by: contact("Alex Example", "alex.example@leeds.gov.uk"),
    }
}

/// A complete end notice, told on the day before the end.
pub fn valid_ending() -> placement_rules::PlacementEnding {
    use placement_rules::forms::placement_ending::{EndingReason, PlacementEnding, WhereNext};
    PlacementEnding {
        case_reference: "OLA-7K3M-Q2XD".into(),
        end_date: "2026-11-24".into(),
        reason: Some(EndingReason::PlannedMove),
        next: Some(WhereNext::PlacementElsewhere),
        details: String::new(),
        lateness_reason: String::new(),
        ended_by: contact("Alex Example", "alex.example@leeds.gov.uk"),
    }
}
