//! How long one complete consultation request takes to check: decode from JSON and run every
//! rule, as the relay does per submission and the app does on the check-your-answers page.
//! Target: under 100 µs native.

use criterion::{Criterion, criterion_group, criterion_main};
use placement_rules::forms::common::{DocumentKind, DocumentRef, PlacementType, StaffContact, YesNo};
use placement_rules::forms::consultation_request::*;
use placement_rules::geography::TableGeography;
use placement_rules::wire::{Envelope, FORMAT_VERSION, decode};
use placement_rules::{Context, Date, Form};
use std::hint::black_box;

fn request() -> ConsultationRequest {
    let contact = |name: &str, email: &str| StaffContact {
        name: name.into(),
        team: "Children in Care".into(),
        email: email.into(),
        phone: "0113 496 0000".into(),
    };
    let no_risk = || Risk { level: Some(RiskLevel::NoKnownRisk), details: String::new() };
    let mut r = ConsultationRequest {
        placing_authority: "E08000035".into(),
        social_worker: contact("Alex Example", "alex.example@leeds.gov.uk"),
        team_manager: contact("Jo Sample", "jo.sample@leeds.gov.uk"),
        legal_status: Some(LegalStatus::C2),
        ..Default::default()
    };
    r.child = Child {
        case_id: "LCC-000123".into(),
        first_name: "Sam".into(),
        surname: "Testchild".into(),
        date_of_birth: "2012-04-15".into(),
        sex: Some(Sex::Female),
        ethnicity: "WBRI".into(),
        uasc: Some(YesNo::No),
        disability: Some(YesNo::No),
        first_language: "English".into(),
        interpreter_needed: Some(YesNo::No),
        ..Default::default()
    };
    r.placement = ProposedPlacement {
        placement_type: Some(PlacementType::ChildrensHome),
        provider_name: "Example Care Ltd".into(),
        ofsted_urn: "SC123456".into(),
        address: "1 Example Road, Maidstone".into(),
        postcode: "ME14 1ZZ".into(),
        start_date: "2027-01-11".into(),
        planned_duration: "Long term".into(),
        emergency: Some(YesNo::No),
        siblings: Some(Siblings::NoSiblingsInCare),
    };
    r.education.ehcp = Some(YesNo::No);
    r.health.camhs = Some(YesNo::No);
    r.risks = Risks {
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
        other: Risk { level: Some(RiskLevel::RiskPresent), details: "Described at length. ".repeat(50) },
    };
    r.deprivation_of_liberty.order = Some(YesNo::No);
    r.reasons = Reasons {
        needs_assessment: "Assessed needs. ".repeat(200),
        why_most_suitable: "Why this home. ".repeat(100),
        why_out_of_area: "Why out of area.".into(),
        why_distant: "Why distant.".into(),
        wishes_and_feelings: Some(YesNo::Yes),
        wishes_and_feelings_details: "Wants a fresh start.".into(),
        relatives_consulted: Some(YesNo::Yes),
        iro_consulted: Some(YesNo::Yes),
    };
    r.approver = Approval {
        name: "Pat Director".into(),
        role: Some(ApproverRole::DirectorOfChildrensServices),
        job_title: String::new(),
        status: Some(ApprovalStatus::AwaitingConsultation),
        date: String::new(),
    };
    r.documents =
        vec![DocumentRef { kind: DocumentKind::CarePlan, attachment_id: "a1".into(), file_name: "plan.pdf".into() }];
    r
}

fn bench(c: &mut Criterion) {
    let geo = TableGeography::new(false).with("ME14 1ZZ", "E10000016", "E07000110");
    let ctx = Context::builtin(Date::from_ymd(2026, 11, 23).expect("a real date"), &geo);
    let req = request();
    assert!(req.check(&ctx).is_empty(), "the benchmark's request is valid");
    let body = serde_json::to_vec(&Envelope {
        format: FORMAT_VERSION,
        id: "0190f3a2-7c1e-7d33-9a4e-2f1c5b6d7e8f".into(),
        rules_version: placement_rules::RULES_VERSION.into(),
        data: req.clone(),
    })
    .expect("serialises");

    c.bench_function("check complete consultation request", |b| b.iter(|| black_box(&req).check(&ctx)));
    c.bench_function("decode and check complete consultation request", |b| {
        b.iter(|| {
            let env = decode::<ConsultationRequest>(black_box(&body)).expect("decodes");
            env.data.check(&ctx)
        })
    });
    let empty = ConsultationRequest::default();
    c.bench_function("check empty consultation request (every finding)", |b| b.iter(|| black_box(&empty).check(&ctx)));
}

criterion_group!(benches, bench);
criterion_main!(benches);
