//! One test per rule of the domain brief §4, each a table of cases for the valid and the invalid
//! side. A case mutates a complete, valid submission and says which finding (field, kind,
//! severity) must appear, or that none must.

mod support;

use placement_rules::forms::common::{DocumentKind, DocumentRef, PlacementType, YesNo};
use placement_rules::forms::consultation_outcome::{ChallengeReason, ConsultationOutcome, Decision, OutcomeFacts};
use placement_rules::forms::consultation_request::{ApprovalStatus, ApproverRole, ConsultationRequest, RiskLevel};
use placement_rules::forms::placement_notification::{NotificationType, PlacementNotification};
use placement_rules::geography::TableGeography;
use placement_rules::{Context, Date, Finding, Form, Kind, Severity};
use support::*;

type Expect = Option<(&'static str, Kind, Severity)>;
/// A case: its name, how it changes a valid form, and the finding it must produce (or none).
type Case<F> = (&'static str, fn(&mut F), Expect);
const E: Severity = Severity::Error;
const W: Severity = Severity::Warning;

fn run<F: Form + Clone>(base: &F, cases: &[Case<F>], check: impl Fn(&F) -> Vec<Finding>) {
    for (name, mutate, expect) in cases {
        let mut form = base.clone();
        mutate(&mut form);
        let findings = check(&form);
        match expect {
            Some((field, kind, severity)) => assert!(
                findings.iter().any(|f| f.field == *field && f.kind == *kind && f.severity == *severity),
                "case '{name}': expected {severity:?} {kind:?} on {field}, got {findings:#?}"
            ),
            None => assert!(
                findings.iter().all(|f| f.severity != Severity::Error),
                "case '{name}': expected no error, got {findings:#?}"
            ),
        }
    }
}

fn request_cases(cases: &[Case<ConsultationRequest>]) {
    let geo = geography();
    run(&valid_request(), cases, |r| r.check(&ctx(&geo)));
}

fn notification_cases(cases: &[Case<PlacementNotification>]) {
    let geo = geography();
    run(&valid_notification(), cases, |n| n.check(&ctx(&geo)));
}

#[test]
fn complete_submissions_have_no_findings() {
    let geo = geography();
    let c = ctx(&geo);
    assert_eq!(valid_request().check(&c), vec![]);
    assert_eq!(valid_outcome().check(&c), vec![]);
    assert_eq!(valid_notification().check(&c), vec![]);
    assert_eq!(valid_withdrawal().check(&c), vec![]);
}

#[test]
fn rule_01_host_comes_from_the_postcode_directory_not_its_letters() {
    request_cases(&[
        ("ME postcode in Kent", |r| r.placement.postcode = "me141zz".into(), None),
        (
            "ME postcode in Medway is not Kent",
            |r| r.placement.postcode = MEDWAY_PC.into(),
            Some(("placement.postcode", Kind::OutsideHost, E)),
        ),
        (
            "TN postcode in East Sussex",
            |r| r.placement.postcode = EAST_SUSSEX_PC.into(),
            Some(("placement.postcode", Kind::OutsideHost, E)),
        ),
        (
            "unknown postcode",
            |r| r.placement.postcode = "ME14 9QQ".into(),
            Some(("placement.postcode", Kind::NotReal, E)),
        ),
        ("malformed postcode", |r| r.placement.postcode = "ME14".into(), Some(("placement.postcode", Kind::Format, E))),
        ("missing postcode", |r| r.placement.postcode = " ".into(), Some(("placement.postcode", Kind::Required, E))),
    ]);
    let geo = geography();
    let a = valid_request().assessment(&ctx(&geo)).unwrap();
    assert_eq!(a.area.name, "Kent");
    assert_eq!(a.district.as_deref(), Some("Maidstone"));
    assert_eq!(a.division.unwrap().name, "North/West");
    let mut r = valid_request();
    r.placement.postcode = THANET_PC.into();
    assert_eq!(r.assessment(&ctx(&geo)).unwrap().division.unwrap().name, "South/East");
}

#[test]
fn rule_01_browser_table_outside_coverage_is_outside_the_host() {
    let geo = TableGeography::new(true).with(MAIDSTONE_PC, KENT, "E07000110");
    let mut r = valid_request();
    r.placement.postcode = "SW1A 1ZZ".into();
    let findings = r.check(&ctx(&geo));
    assert!(findings.iter().any(|f| f.field == "placement.postcode" && f.kind == Kind::OutsideHost));
}

#[test]
fn rule_02_placing_authority_equal_to_host_is_not_out_of_area() {
    request_cases(&[
        (
            "Kent placing in Kent",
            |r| r.placing_authority = KENT.into(),
            Some(("placement.postcode", Kind::NotOutOfArea, E)),
        ),
        (
            "Kent by DfE code",
            |r| r.placing_authority = "886".into(),
            Some(("placement.postcode", Kind::NotOutOfArea, E)),
        ),
        ("Leeds placing in Kent", |r| r.placing_authority = LEEDS.into(), None),
        (
            "unknown authority",
            |r| r.placing_authority = "E99999999".into(),
            Some(("placing_authority", Kind::UnknownCode, E)),
        ),
        ("no authority", |r| r.placing_authority.clear(), Some(("placing_authority", Kind::Required, E))),
    ]);
    let geo = geography();
    let mut r = valid_request();
    r.placing_authority = KENT.into();
    let f = r.check(&ctx(&geo));
    let m = &f.iter().find(|f| f.kind == Kind::NotOutOfArea).unwrap().message;
    assert_eq!(
        m,
        "This placement is in Kent, your own authority's area. You do not need to consult on a placement in your own area"
    );
}

#[test]
fn rule_03_distance_is_derived_never_asked() {
    use placement_rules::distance::Distance;
    let geo = geography();
    let c = ctx(&geo);
    for (placing, expected) in [
        (LEEDS, Distance::Distant),
        (MEDWAY, Distance::Adjoining),
        ("E09000006", Distance::Adjoining),
        (ESSEX, Distance::Unconfirmed),
        ("E09000011", Distance::Distant),
    ] {
        let mut r = valid_request();
        r.placing_authority = placing.into();
        assert_eq!(r.assessment(&c).unwrap().distance, expected, "{placing}");
    }
}

#[test]
fn rule_04_distant_needs_care_plan_dcs_or_delegate_and_a_reason() {
    request_cases(&[
        ("no care plan", |r| r.documents.clear(), Some(("documents", Kind::Required, E))),
        (
            "only a risk assessment",
            |r| r.documents[0].kind = DocumentKind::RiskAssessment,
            Some(("documents", Kind::Required, E)),
        ),
        (
            "nominated officer approving a distant placement",
            |r| r.approver.role = Some(ApproverRole::NominatedOfficer),
            Some(("approver.role", Kind::NotAllowed, E)),
        ),
        ("named delegate", |r| r.approver.role = Some(ApproverRole::DcsDelegate), None),
        ("no reason for distance", |r| r.reasons.why_distant.clear(), Some(("reasons.why_distant", Kind::Required, E))),
        (
            "approved before consultation",
            |r| {
                r.approver.status = Some(ApprovalStatus::Approved);
                r.approver.date = "2026-11-20".into();
            },
            Some(("approver.status", Kind::Timing, W)),
        ),
        (
            "unconfirmed (Essex) treated as distant",
            |r| {
                r.placing_authority = ESSEX.into();
                r.documents.clear();
            },
            Some(("documents", Kind::Required, E)),
        ),
        // Not distant: consultation optional, so none of the distant requirements apply.
        (
            "adjoining needs no care plan",
            |r| {
                r.placing_authority = MEDWAY.into();
                r.documents.clear();
                r.reasons.why_distant.clear();
                r.approver.role = Some(ApproverRole::NominatedOfficer);
            },
            None,
        ),
    ]);
}

#[test]
fn rule_05_regulation_11_3_types_need_no_consultation_but_are_allowed() {
    request_cases(&[
        (
            "own foster carers",
            |r| {
                r.placement.placement_type = Some(PlacementType::FosterInHouse);
                r.placement.ofsted_urn.clear();
                r.documents.clear();
                r.reasons.why_distant.clear();
            },
            Some(("placement.placement_type", Kind::NotAllowed, W)),
        ),
        (
            "connected person, allowed without care plan",
            |r| {
                r.placement.placement_type = Some(PlacementType::FosterConnectedPerson);
                r.placement.ofsted_urn.clear();
                r.documents.clear();
            },
            None,
        ),
    ]);
    // Notification still applies: a distant connected-person placement without a consultation
    // reference is fine, but it still needs its notification (the notification form itself).
    notification_cases(&[(
        "connected person without consultation",
        |n| {
            n.consultation_reference.clear();
            n.placement.placement_type = Some(PlacementType::FosterConnectedPerson);
            n.placement.ofsted_urn.clear();
            n.documents.push(care_plan());
        },
        None,
    )]);
}

fn care_plan() -> DocumentRef {
    DocumentRef { kind: DocumentKind::CarePlan, attachment_id: "att-9".into(), file_name: "plan.pdf".into() }
}

#[test]
fn rule_06_outcome_needs_evidence_three_views_and_a_reasoned_challenge() {
    let geo = geography();
    let cases: &[Case<ConsultationOutcome>] = &[
        ("no evidence", |o| o.discussion.evidence.clear(), Some(("discussion.evidence", Kind::Required, E))),
        ("no placement view", |o| o.views.placement.clear(), Some(("views.placement", Kind::Required, E))),
        (
            "no neighbourhood view",
            |o| o.views.neighbourhood = "  ".into(),
            Some(("views.neighbourhood", Kind::Required, E)),
        ),
        (
            "no local services view",
            |o| o.views.local_services.clear(),
            Some(("views.local_services", Kind::Required, E)),
        ),
        ("no decision", |o| o.decision = None, Some(("decision", Kind::Required, E))),
        (
            "challenge without reason",
            |o| o.decision = Some(Decision::Challenged),
            Some(("challenge_reason", Kind::Required, E)),
        ),
        (
            "challenge without text",
            |o| {
                o.decision = Some(Decision::Challenged);
                o.challenge_reason = Some(ChallengeReason::NoSuitableSchoolPlace);
            },
            Some(("challenge_details", Kind::Required, E)),
        ),
        (
            "reasoned challenge",
            |o| {
                o.decision = Some(Decision::Challenged);
                o.challenge_reason = Some(ChallengeReason::LocalExploitationRisk);
                o.challenge_details = "Known county lines activity near the home.".into();
            },
            None,
        ),
        (
            "unknown division",
            |o| o.responder.division = "east".into(),
            Some(("responder.division", Kind::UnknownCode, E)),
        ),
        (
            "bad reference",
            |o| o.consultation_reference = "12345".into(),
            Some(("consultation_reference", Kind::Format, E)),
        ),
    ];
    run(&valid_outcome(), cases, |o| o.check(&ctx(&geo)));
    // The view messages name the host.
    let mut o = valid_outcome();
    o.views.placement.clear();
    let m = o.check(&ctx(&geo)).remove(0).message;
    assert_eq!(m, "Enter Kent's view of the benefits and difficulties of the planned placement");
}

#[test]
fn rule_06_a_challenge_never_blocks_the_notification() {
    // The notification form has no notion of the outcome: nothing a challenge records can stop it.
    let geo = geography();
    assert!(valid_notification().check(&ctx(&geo)).is_empty());
}

#[test]
fn rule_07_planned_before_start_emergency_within_five_working_days() {
    notification_cases(&[
        ("planned, starts tomorrow", |n| n.start_date = "2026-11-24".into(), None),
        ("planned, starts today", |n| n.start_date = "2026-11-23".into(), Some(("start_date", Kind::Timing, E))),
        ("planned, started last week", |n| n.start_date = "2026-11-16".into(), Some(("start_date", Kind::Timing, E))),
        (
            "change, already started",
            |n| {
                n.notification_type = Some(NotificationType::Change);
                n.start_date = "2026-11-20".into();
            },
            Some(("start_date", Kind::Timing, E)),
        ),
        // Monday 16 Nov + 5 working days = Monday 23 Nov: today is still in time.
        (
            "emergency, 5th working day",
            |n| {
                n.notification_type = Some(NotificationType::Emergency);
                n.start_date = "2026-11-16".into();
            },
            None,
        ),
        (
            "emergency, 6th working day: warned",
            |n| {
                n.notification_type = Some(NotificationType::Emergency);
                n.start_date = "2026-11-13".into();
                n.lateness_reason = "Out-of-hours placement; the host's mailbox was down.".into();
            },
            Some(("start_date", Kind::Timing, W)),
        ),
        (
            "emergency, late without a reason",
            |n| {
                n.notification_type = Some(NotificationType::Emergency);
                n.start_date = "2026-11-13".into();
            },
            Some(("lateness_reason", Kind::Required, E)),
        ),
        (
            "emergency in the future",
            |n| {
                n.notification_type = Some(NotificationType::Emergency);
                n.start_date = "2026-11-30".into();
            },
            Some(("start_date", Kind::InFuture, E)),
        ),
    ]);
}

#[test]
fn rule_07_working_days_skip_bank_holidays() {
    use placement_rules::calendar::Calendar;
    use placement_rules::forms::placement_notification::emergency_deadline;
    let d = |y, m, day| Date::from_ymd(y, m, day).unwrap();
    // Emergency placement on Thursday 24 December 2026: Christmas, the weekend and the Boxing
    // Day substitute do not count, so it is due by Tuesday 5 January 2027.
    assert_eq!(emergency_deadline(d(2026, 12, 24), Calendar::england_and_wales()), d(2027, 1, 5));
    let geo = geography();
    let mut c = ctx(&geo);
    c.today = d(2027, 1, 5);
    let mut n = valid_notification();
    n.notification_type = Some(NotificationType::Emergency);
    n.start_date = "2026-12-24".into();
    n.child.date_of_birth = "2012-04-15".into();
    assert!(n.check(&c).is_empty(), "{:#?}", n.check(&c));
    c.today = d(2027, 1, 6);
    assert!(n.check(&c).iter().any(|f| f.field == "start_date" && f.severity == W));
}

#[test]
fn rule_08_age_at_start_date() {
    request_cases(&[
        (
            "18 on the start date",
            |r| r.child.date_of_birth = "2009-01-11".into(),
            Some(("child.date_of_birth", Kind::Age, E)),
        ),
        ("17 the day before their 18th birthday", |r| r.child.date_of_birth = "2009-01-12".into(), None),
        (
            "15 in supported accommodation",
            |r| {
                r.child.date_of_birth = "2011-06-01".into();
                r.placement.placement_type = Some(PlacementType::SupportedAccommodation);
            },
            Some(("placement.placement_type", Kind::Age, E)),
        ),
        (
            "15 in independent accommodation",
            |r| {
                r.child.date_of_birth = "2011-06-01".into();
                r.placement.placement_type = Some(PlacementType::IndependentAccommodation);
                r.placement.ofsted_urn.clear();
            },
            Some(("placement.placement_type", Kind::Age, E)),
        ),
        (
            "16 in supported accommodation with a URN",
            |r| {
                r.child.date_of_birth = "2010-06-01".into();
                r.placement.placement_type = Some(PlacementType::SupportedAccommodation);
            },
            None,
        ),
        (
            "16 in supported accommodation without a URN",
            |r| {
                r.child.date_of_birth = "2010-06-01".into();
                r.placement.placement_type = Some(PlacementType::SupportedAccommodation);
                r.placement.ofsted_urn.clear();
            },
            Some(("placement.ofsted_urn", Kind::Required, E)),
        ),
    ]);
}

#[test]
fn rule_09_ofsted_urn_by_placement_type() {
    request_cases(&[
        (
            "children's home without URN",
            |r| r.placement.ofsted_urn.clear(),
            Some(("placement.ofsted_urn", Kind::Required, E)),
        ),
        (
            "secure home without URN",
            |r| {
                r.placement.placement_type = Some(PlacementType::SecureChildrensHome);
                r.placement.ofsted_urn.clear();
            },
            Some(("placement.ofsted_urn", Kind::Required, E)),
        ),
        (
            "residential school without URN",
            |r| {
                r.placement.placement_type = Some(PlacementType::ResidentialSchool);
                r.placement.ofsted_urn.clear();
            },
            Some(("placement.ofsted_urn", Kind::Required, E)),
        ),
        ("URN of 7 digits", |r| r.placement.ofsted_urn = "1234567".into(), None),
        ("URN in lower case with a space", |r| r.placement.ofsted_urn = "sc 123456".into(), None),
        ("URN malformed", |r| r.placement.ofsted_urn = "SC12".into(), Some(("placement.ofsted_urn", Kind::Format, E))),
        (
            "placed with parent records no URN",
            |r| r.placement.placement_type = Some(PlacementType::PlacedWithParent),
            Some(("placement.ofsted_urn", Kind::NotAllowed, E)),
        ),
        (
            "agency foster care, URN optional",
            |r| {
                r.placement.placement_type = Some(PlacementType::FosterAgency);
                r.placement.ofsted_urn.clear();
            },
            None,
        ),
    ]);
}

#[test]
fn rule_10_ehcp_needs_its_authority_and_risks_need_details() {
    request_cases(&[
        (
            "EHCP without authority",
            |r| r.education.ehcp = Some(YesNo::Yes),
            Some(("education.ehcp_authority", Kind::Required, E)),
        ),
        (
            "EHCP with unknown authority",
            |r| {
                r.education.ehcp = Some(YesNo::Yes);
                r.education.ehcp_authority = "nowhere".into();
            },
            Some(("education.ehcp_authority", Kind::UnknownCode, E)),
        ),
        (
            "EHCP maintained by Leeds (DfE code)",
            |r| {
                r.education.ehcp = Some(YesNo::Yes);
                r.education.ehcp_authority = "383".into();
            },
            None,
        ),
        (
            "self-harm present without details",
            |r| r.risks.self_harm.level = Some(RiskLevel::RiskPresent),
            Some(("risks.self_harm.details", Kind::Required, E)),
        ),
        (
            "missing present with details",
            |r| {
                r.risks.going_missing.level = Some(RiskLevel::RiskPresent);
                r.risks.going_missing.details = "Went missing twice in October.".into();
            },
            None,
        ),
        ("risk unanswered", |r| r.risks.trafficking.level = None, Some(("risks.trafficking.level", Kind::Required, E))),
    ]);
    notification_cases(&[(
        "notification EHCP without authority",
        |n| {
            n.ehcp = Some(YesNo::Yes);
            n.ehcp_authority.clear();
        },
        Some(("ehcp_authority", Kind::Required, E)),
    )]);
}

#[test]
fn rule_11_dates_are_real_and_in_order() {
    request_cases(&[
        (
            "date of birth today",
            |r| r.child.date_of_birth = "2026-11-23".into(),
            Some(("child.date_of_birth", Kind::NotInPast, E)),
        ),
        (
            "date of birth not real",
            |r| r.child.date_of_birth = "2012-02-30".into(),
            Some(("child.date_of_birth", Kind::NotReal, E)),
        ),
        (
            "date of birth missing a month",
            |r| r.child.date_of_birth = "2012--30".into(),
            Some(("child.date_of_birth", Kind::Format, E)),
        ),
        (
            "start before birth",
            |r| {
                r.child.date_of_birth = "2026-11-01".into();
                r.placement.start_date = "2026-10-01".into();
            },
            Some(("placement.start_date", Kind::TooEarly, E)),
        ),
        (
            "approval date in the future",
            |r| {
                r.approver.status = Some(ApprovalStatus::Approved);
                r.approver.date = "2026-12-01".into();
            },
            Some(("approver.date", Kind::InFuture, E)),
        ),
    ]);
    let geo = geography();
    let request_date = Date::from_ymd(2026, 11, 18);
    let cases: &[Case<ConsultationOutcome>] = &[
        (
            "discussion before the request",
            |o| o.discussion.date = "2026-11-17".into(),
            Some(("discussion.date", Kind::TooEarly, E)),
        ),
        ("discussion on the request day", |o| o.discussion.date = "2026-11-18".into(), None),
        (
            "discussion tomorrow",
            |o| o.discussion.date = "2026-11-24".into(),
            Some(("discussion.date", Kind::InFuture, E)),
        ),
        (
            "completed before discussion",
            |o| o.completed_date = "2026-11-19".into(),
            Some(("completed_date", Kind::TooEarly, E)),
        ),
    ];
    run(&valid_outcome(), cases, |o| o.check_with(&ctx(&geo), OutcomeFacts { request_date }));
}

#[test]
fn rule_12_staff_emails_are_on_a_secure_public_sector_domain() {
    request_cases(&[
        (
            "gmail",
            |r| r.social_worker.email = "alex@gmail.com".into(),
            Some(("social_worker.email", Kind::NotAllowed, E)),
        ),
        (
            "lookalike domain",
            |r| r.social_worker.email = "alex@notgov.uk".into(),
            Some(("social_worker.email", Kind::NotAllowed, E)),
        ),
        ("nhs.net", |r| r.team_manager.email = "jo.sample@nhs.net".into(), None),
        ("cjsm.net subdomain", |r| r.team_manager.email = "jo.sample@leeds.gov.uk.cjsm.net".into(), None),
        (
            "not an email",
            |r| r.social_worker.email = "alex at leeds".into(),
            Some(("social_worker.email", Kind::Format, E)),
        ),
        ("missing", |r| r.team_manager.email.clear(), Some(("team_manager.email", Kind::Required, E))),
        (
            "GCSx, closed in 2019, though under gov.uk",
            |r| r.social_worker.email = "alex.example@leeds.gcsx.gov.uk".into(),
            Some(("social_worker.email", Kind::NotAllowed, E)),
        ),
    ]);
    notification_cases(&[(
        "GCSx on the notification",
        |n| n.notifier.email = "alex.example@leeds.gcsx.gov.uk".into(),
        Some(("notifier.email", Kind::NotAllowed, E)),
    )]);
    // The allow-list is configuration: a trust on its own domain is accepted once listed.
    let geo = geography();
    let domains = vec!["gov.uk".to_owned(), "childrenstrust.example.org.uk".to_owned()];
    let c = Context { secure_email_domains: &domains, ..ctx(&geo) };
    let mut r = valid_request();
    r.social_worker.email = "alex@childrenstrust.example.org.uk".into();
    assert!(r.check(&c).is_empty());
}

/// Domain brief §8.9: children's services run by a trust write from the trust's own domain; its
/// address is accepted for the trust's own councils' children, and no other's.
#[test]
fn s8_9_a_childrens_trust_writes_for_its_own_councils_only() {
    const BIRMINGHAM: &str = "E08000025";
    const RICHMOND: &str = "E09000027";
    fn trust_email(r: &mut ConsultationRequest, authority: &str, email: &str) {
        r.placing_authority = authority.into();
        r.social_worker.email = email.into();
    }
    request_cases(&[
        (
            "Birmingham's trust, for Birmingham",
            |r| trust_email(r, BIRMINGHAM, "sam.example@birminghamchildrenstrust.co.uk"),
            None,
        ),
        (
            "Achieving for Children, for Richmond",
            |r| trust_email(r, RICHMOND, "sam.example@achievingforchildren.org.uk"),
            None,
        ),
        (
            "Birmingham's trust, for Leeds",
            |r| r.social_worker.email = "sam.example@birminghamchildrenstrust.co.uk".into(),
            Some(("social_worker.email", Kind::NotAllowed, E)),
        ),
        (
            "a lookalike of a trust's domain",
            |r| trust_email(r, BIRMINGHAM, "sam.example@not-birminghamchildrenstrust.co.uk"),
            Some(("social_worker.email", Kind::NotAllowed, E)),
        ),
    ]);
    notification_cases(&[(
        "Northamptonshire's trust, for Leeds",
        |n| n.notifier.email = "sam.example@nctrust.co.uk".into(),
        Some(("notifier.email", Kind::NotAllowed, E)),
    )]);
    let geo = geography();
    let mut r = valid_request();
    r.social_worker.email = "sam.example@birminghamchildrenstrust.co.uk".into();
    let message = r.check(&ctx(&geo)).into_iter().find(|f| f.field == "social_worker.email").unwrap().message;
    assert_eq!(
        message,
        "Birmingham Children's Trust runs children's services for another council, not Leeds: enter an email address at Leeds"
    );
}

/// Reg 14(3): the host is told before the placement ends or within 10 working days after it;
/// later is a warning with the reason required. Across Christmas 2026 and New Year (Boxing Day's
/// substitute on 28 December), 10 working days from Friday 18 December end on 6 January 2027.
#[test]
fn reg_14_an_ending_is_told_before_or_within_10_working_days_after() {
    use placement_rules::forms::placement_ending::{EndingFacts, EndingReason, WhereNext};
    let geo = geography();
    let on = |y, m, d| Context { today: Date::from_ymd(y, m, d).unwrap(), ..ctx(&geo) };
    let ended_18_december = |e: &mut placement_rules::PlacementEnding| e.end_date = "2026-12-18".into();
    type EndingCase<'c> = (&'static str, Context<'c>, fn(&mut placement_rules::PlacementEnding), Expect);
    let table: [EndingCase<'_>; 8] = [
        ("told before the end", on(2026, 11, 23), |_| {}, None),
        ("told on the tenth working day, across Christmas", on(2027, 1, 6), ended_18_december, None),
        (
            "told on the eleventh, without a reason",
            on(2027, 1, 7),
            ended_18_december,
            Some(("lateness_reason", Kind::Required, E)),
        ),
        (
            "told on the eleventh: a warning on the date",
            on(2027, 1, 7),
            ended_18_december,
            Some(("end_date", Kind::Timing, W)),
        ),
        (
            "told on the eleventh with the reason",
            on(2027, 1, 7),
            |e| {
                (
                    e.end_date = "2026-12-18".into(),
                    e.lateness_reason = "The move was not known to us until the carer told us".into(),
                )
                    .1
            },
            None,
        ),
        ("no end date", on(2026, 11, 23), |e| e.end_date.clear(), Some(("end_date", Kind::Required, E))),
        (
            "another reason needs its words",
            on(2026, 11, 23),
            |e| e.reason = Some(EndingReason::Other),
            Some(("details", Kind::Required, E)),
        ),
        (
            "somewhere else needs its words",
            on(2026, 11, 23),
            |e| e.next = Some(WhereNext::Other),
            Some(("details", Kind::Required, E)),
        ),
    ];
    for (name, c, mutate, expect) in table {
        let mut e = valid_ending();
        mutate(&mut e);
        let findings = e.check(&c);
        match expect {
            Some((field, kind, severity)) => assert!(
                findings.iter().any(|f| f.field == field && f.kind == kind && f.severity == severity),
                "{name}: expected {severity:?} {kind:?} on {field}, got {findings:#?}"
            ),
            None => assert!(findings.iter().all(|f| f.severity == W), "{name}: {findings:#?}"),
        }
    }
    // The notification's planned end, when given, is a real date on or after the start.
    notification_cases(&[
        ("planned end after the start", |n| n.planned_end_date = "2027-06-30".into(), None),
        (
            "planned end before the start",
            |n| n.planned_end_date = "2026-01-05".into(),
            Some(("planned_end_date", Kind::TooEarly, E)),
        ),
        (
            "planned end not a date",
            |n| n.planned_end_date = "2027-02-30".into(),
            Some(("planned_end_date", Kind::NotReal, E)),
        ),
    ]);
    let mut tenth = valid_ending();
    ended_18_december(&mut tenth);
    assert!(tenth.check(&on(2027, 1, 6)).is_empty(), "on the tenth working day nothing is late");
    // The end is on or after the start the case knows; the same day is a placement of one day.
    let started = |d| EndingFacts { start_date: Date::from_ymd(2026, 11, d) };
    let c = ctx(&geo);
    let e = valid_ending();
    assert!(e.check_with(&c, started(24)).is_empty());
    let early = e.check_with(&c, started(25));
    assert!(early.iter().any(|f| f.field == "end_date" && f.kind == Kind::TooEarly), "{early:#?}");
}

/// Reg 13(2) and (3): each statutory recipient told on a date, or not told with the reason; the
/// withholding of (b) to (e) for risk of significant harm is recorded with its reason.
#[test]
fn reg_13_2_every_recipient_told_or_the_reason_recorded() {
    use placement_rules::forms::recipients::{TellAnswer, Told};
    notification_cases(&[
        ("everyone told", |_| {}, None),
        (
            "the child not asked about",
            |n| n.recipients.child = Told::default(),
            Some(("recipients.child.answer", Kind::Required, E)),
        ),
        (
            "parents told with no date",
            |n| n.recipients.parents.on.clear(),
            Some(("recipients.parents.on", Kind::Required, E)),
        ),
        ("told tomorrow", |n| n.recipients.gp.on = "2026-11-24".into(), Some(("recipients.gp.on", Kind::InFuture, E))),
        (
            "parents withheld without the reason (reg 13(3))",
            |n| n.recipients.parents = Told { answer: Some(TellAnswer::NotTold), ..Told::default() },
            Some(("recipients.parents.why_not", Kind::Required, E)),
        ),
        (
            "parents withheld with the reason (reg 13(3))",
            |n| {
                n.recipients.parents = Told {
                    answer: Some(TellAnswer::NotTold),
                    on: String::new(),
                    why_not: "Father's whereabouts would put the child at risk of significant harm.".into(),
                }
            },
            None,
        ),
        (
            "the child not told: not appropriate for age",
            |n| {
                n.recipients.child =
                    Told { answer: Some(TellAnswer::NotTold), on: String::new(), why_not: "The child is two.".into() }
            },
            None,
        ),
        ("no school: not in education", |n| n.recipients.education.answer = Some(TellAnswer::NoOne), None),
        (
            "the IRO always exists",
            |n| n.recipients.iro.answer = Some(TellAnswer::NoOne),
            Some(("recipients.iro.answer", Kind::NotAllowed, E)),
        ),
        (
            "the ICB where the child lives always exists",
            |n| n.recipients.icb_home.answer = Some(TellAnswer::NoOne),
            Some(("recipients.icb_home.answer", Kind::NotAllowed, E)),
        ),
    ]);
}

/// Domain brief §8.10: a provider may send the notice for the placing authority, where the host
/// takes such notices; it names the placing social worker who confirms it, on a secure address,
/// and writes from its own domain.
#[test]
fn s8_10_a_provider_sends_the_notice_for_the_placing_authority_where_the_host_takes_it() {
    use placement_rules::forms::placement_notification::Sender;
    let geo = geography();
    let mut taking = placement_rules::host::HostConfig::kent().clone();
    taking.accepts_provider_notices = true;
    let hosts = [taking];
    let takes = Context { hosts: &hosts, ..ctx(&geo) };
    let by_provider = |n: &mut PlacementNotification| {
        n.sent_by = Some(Sender::Provider);
        n.consultation_reference.clear();
        n.notifier.email = "placements@example-fostering.co.uk".into();
        n.placing_social_worker_email = "alex.example@leeds.gov.uk".into();
        n.care_plan_sent_with_consultation = None;
        n.documents = vec![care_plan()];
        n.notification_type = Some(placement_rules::forms::placement_notification::NotificationType::Emergency);
        n.start_date = "2026-11-20".into();
        n.placement.placement_type = Some(PlacementType::FosterAgency);
        n.placement.ofsted_urn.clear();
    };
    let errors = |n: &PlacementNotification, c: &Context<'_>| -> Vec<(String, Kind)> {
        n.check(c).into_iter().filter(|f| f.severity == E).map(|f| (f.field, f.kind)).collect()
    };
    let mut n = valid_notification();
    by_provider(&mut n);
    assert_eq!(errors(&n, &takes), [], "a fostering agency's notice, from its own domain, to a host that takes them");
    assert_eq!(
        errors(&n, &ctx(&geo)),
        [("sent_by".to_owned(), Kind::NotAllowed)],
        "a host that takes notices from placing authorities only says so"
    );
    let mut no_worker = n.clone();
    no_worker.placing_social_worker_email.clear();
    assert_eq!(errors(&no_worker, &takes), [("placing_social_worker_email".to_owned(), Kind::Required)]);
    let mut unsafe_worker = n.clone();
    unsafe_worker.placing_social_worker_email = "alex@gmail.com".into();
    assert_eq!(errors(&unsafe_worker, &takes), [("placing_social_worker_email".to_owned(), Kind::NotAllowed)]);
    let mut answering = n.clone();
    answering.consultation_reference = "OLA-7K3M-Q2XD".into();
    assert!(errors(&answering, &takes).contains(&("consultation_reference".to_owned(), Kind::NotAllowed)));
    // The placing authority's own staff still write from a secure address.
    let mut own = n.clone();
    own.sent_by = Some(Sender::PlacingAuthority);
    assert!(errors(&own, &takes).contains(&("notifier.email".to_owned(), Kind::NotAllowed)));
    let mut unsaid = valid_notification();
    unsaid.sent_by = None;
    assert!(errors(&unsaid, &takes).contains(&("sent_by".to_owned(), Kind::Required)));
}

/// Reg 4(2): a child's first placement may start before the care plan is written; it follows
/// within 10 working days of the start, here across the Christmas bank holidays. Any other
/// placement attaches its care plan.
#[test]
fn reg_4_2_the_care_plan_may_follow_a_first_placement_within_10_working_days() {
    use placement_rules::forms::placement_notification::care_plan_due;
    /// An emergency placement made three days ago, notified with no consultation and no documents.
    fn emergency_first(n: &mut PlacementNotification) {
        n.consultation_reference.clear();
        n.care_plan_sent_with_consultation = None;
        n.documents.clear();
        n.notification_type = Some(NotificationType::Emergency);
        n.start_date = "2026-11-20".into();
    }
    notification_cases(&[
        (
            "first placement, care plan to follow",
            |n| {
                emergency_first(n);
                n.care_plan_to_follow = Some(YesNo::Yes);
                n.first_placement = Some(YesNo::Yes);
            },
            None,
        ),
        (
            "not a first placement: the care plan is attached",
            |n| {
                emergency_first(n);
                n.care_plan_to_follow = Some(YesNo::Yes);
                n.first_placement = Some(YesNo::No);
            },
            Some(("documents", Kind::Required, E)),
        ),
        (
            "to follow, first placement not said",
            |n| {
                n.care_plan_to_follow = Some(YesNo::Yes);
                n.first_placement = None;
            },
            Some(("first_placement", Kind::Required, E)),
        ),
        (
            "not to follow, none attached",
            |n| {
                emergency_first(n);
                n.care_plan_to_follow = Some(YesNo::No);
            },
            Some(("documents", Kind::Required, E)),
        ),
    ]);
    let cal = placement_rules::calendar::Calendar::england_and_wales();
    let d = |y, m, day| Date::from_ymd(y, m, day).unwrap();
    // Friday 18 December 2026: Christmas Day, Boxing Day's substitute (28th) and New Year's Day skipped.
    assert_eq!(care_plan_due(d(2026, 12, 18), cal), d(2027, 1, 6));
    assert_eq!(care_plan_due(d(2026, 11, 23), cal), d(2026, 12, 7), "two ordinary weeks");
}

/// Reg 48(3)(b): qualifying short breaks (the same carer, no stay over 17 days, at most 75 days in
/// 12 months) owe no notification; the form says so and never blocks. Both sides of each boundary.
#[test]
fn reg_48_3_b_qualifying_short_breaks_owe_no_notification() {
    use placement_rules::forms::short_breaks::why_not_qualifying;
    let table = [
        (17, 75, true, None),
        (18, 75, true, Some("a stay of 18 days is longer than 17")),
        (17, 76, true, Some("76 days in 12 months is more than 75")),
        (1, 1, false, Some("the stays are not all with the same carer")),
    ];
    for (longest, total, same, why) in table {
        assert_eq!(why_not_qualifying(longest, total, same).as_deref(), why, "{longest} {total} {same}");
    }
    let breaks = |longest: &str, total: &str| placement_rules::forms::short_breaks::ShortBreaks {
        short_breaks: Some(YesNo::Yes),
        longest_stay_days: longest.into(),
        days_in_12_months: total.into(),
        same_carer: Some(YesNo::Yes),
    };
    let geo = geography();
    let c = ctx(&geo);
    let mut n = valid_notification();
    n.short_breaks = breaks("17", "75");
    let f = n.check(&c);
    assert!(f.iter().all(|f| f.severity == W), "never a block: {f:#?}");
    assert!(
        f.iter().any(|f| f.field == "short_breaks.short_breaks"
            && f.message.starts_with("These short breaks need no notification"))
    );
    n.short_breaks = breaks("18", "75");
    let f = n.check(&c);
    assert!(
        f.iter().any(
            |f| f.field == "short_breaks.short_breaks" && f.message.contains("a stay of 18 days is longer than 17")
        )
    );
    n.short_breaks = breaks("two", "");
    let f = n.check(&c);
    assert!(f.iter().any(|f| f.field == "short_breaks.longest_stay_days" && f.kind == Kind::Format));
    assert!(f.iter().any(|f| f.field == "short_breaks.days_in_12_months" && f.kind == Kind::Required));
}

/// Domain brief §8.6: a court-authorised deprivation of liberty in an unregistered setting: no
/// Ofsted URN to give, and Ofsted told of the order (its date recorded; missing, a warning only).
#[test]
fn s8_6_court_authorised_unregistered_setting_needs_no_urn_and_ofsted_told() {
    fn ordered(r: &mut ConsultationRequest) {
        r.deprivation_of_liberty.order = Some(YesNo::Yes);
        r.deprivation_of_liberty.court = "High Court, Family Division".into();
        r.deprivation_of_liberty.date = "2026-11-20".into();
        r.deprivation_of_liberty.expiry = "2027-02-20".into();
        r.deprivation_of_liberty.unregistered = Some(YesNo::Yes);
        r.placement.ofsted_urn.clear();
    }
    request_cases(&[
        (
            "authorised and Ofsted told: no URN needed",
            |r| (ordered(r), r.deprivation_of_liberty.ofsted_notified_on = "2026-11-20".into()).1,
            None,
        ),
        (
            "Ofsted not yet told: a warning, never a block",
            ordered,
            Some(("deprivation_of_liberty.ofsted_notified_on", Kind::Required, W)),
        ),
        (
            "told tomorrow",
            |r| (ordered(r), r.deprivation_of_liberty.ofsted_notified_on = "2026-11-24".into()).1,
            Some(("deprivation_of_liberty.ofsted_notified_on", Kind::InFuture, E)),
        ),
        (
            "a registered setting under an order still gives its URN",
            |r| (ordered(r), r.deprivation_of_liberty.unregistered = Some(YesNo::No)).1,
            Some(("placement.ofsted_urn", Kind::Required, E)),
        ),
        (
            "whether the setting is registered is asked",
            |r| (ordered(r), r.deprivation_of_liberty.unregistered = None).1,
            Some(("deprivation_of_liberty.unregistered", Kind::Required, E)),
        ),
    ]);
}

/// Domain brief §8.1, good practice (not law): where the child may go missing, be exploited or
/// has youth justice contact, the host's police, missing-person coordinator, MASH and youth justice
/// service should be told too. Said as a warning; the risks come over from the consultation.
#[test]
fn s8_1_good_practice_asks_for_the_hosts_agencies_the_risks_call_for() {
    use placement_rules::forms::consultation_request::RiskLevel;
    let geo = geography();
    let c = ctx(&geo);
    let mut n = valid_notification();
    assert!(!n.risks_known.going_missing, "the valid request has no risks");
    n.risks_known.going_missing = true;
    n.risks_known.exploitation = true;
    n.agencies_informed.police = true;
    let f = n.check(&c);
    let said: Vec<&str> = f.iter().filter(|f| f.field == "agencies_informed").map(|f| f.message.as_str()).collect();
    assert_eq!(
        said,
        [
            "For the risks you noted, good practice is to tell Kent's missing-person coordinator and Kent's multi-agency safeguarding hub (MASH) as well"
        ]
    );
    assert!(f.iter().all(|f| f.severity == W), "never a block: {f:#?}");
    n.agencies_informed.missing_coordinator = true;
    n.agencies_informed.mash = true;
    assert!(n.check(&c).iter().all(|f| f.field != "agencies_informed"));
    // Copied from the consultation's risks.
    let mut req = valid_request();
    req.risks.criminal_exploitation.level = Some(RiskLevel::RiskPresent);
    req.risks.offending.level = Some(RiskLevel::RiskPresent);
    let from = PlacementNotification::from_consultation(&req, "OLA-7K3M-Q2XD");
    assert!(from.risks_known.exploitation && from.risks_known.youth_justice && !from.risks_known.going_missing);
}

/// Domain brief §8.8: the NHS number (modulus 11) and the UPN (check letter, a real authority's
/// number) are optional, and checked when given, on the consultation and the notification alike.
#[test]
fn s8_8_nhs_number_and_upn_are_optional_and_real_when_given() {
    request_cases(&[
        ("neither given", |r| (r.child.nhs_number.clear(), r.child.upn.clear()).1, None),
        ("NHS number spaced as on a letter", |r| r.child.nhs_number = "943 476 5919".into(), None),
        (
            "NHS number one digit wrong",
            |r| r.child.nhs_number = "943 476 5918".into(),
            Some(("child.nhs_number", Kind::NotReal, E)),
        ),
        (
            "NHS number too short",
            |r| r.child.nhs_number = "943 476 591".into(),
            Some(("child.nhs_number", Kind::Format, E)),
        ),
        ("UPN lower case with spaces", |r| r.child.upn = "d383 2123 10001".into(), None),
        ("UPN check letter wrong", |r| r.child.upn = "E383212310001".into(), Some(("child.upn", Kind::NotReal, E))),
        ("UPN of no authority", |r| r.child.upn = "W999212310001".into(), Some(("child.upn", Kind::UnknownCode, E))),
        ("UPN a letter short", |r| r.child.upn = "383212310001".into(), Some(("child.upn", Kind::Format, E))),
    ]);
    // No message repeats any part of the identifier it is about.
    let geo = geography();
    let mut r = valid_request();
    r.child.nhs_number = "943 476 5918".into();
    r.child.upn = "W999212310001".into();
    let said: Vec<String> = r.check(&ctx(&geo)).into_iter().map(|f| f.message).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(said.iter().all(|m| !m.contains("999") && !m.contains("5918") && !m.contains("W9")), "{said:?}");
    notification_cases(&[
        ("neither given", |n| (n.child.nhs_number.clear(), n.child.upn.clear()).1, None),
        ("NHS number", |n| n.child.nhs_number = "9434765919".into(), None),
        (
            "NHS number wrong",
            |n| n.child.nhs_number = "9434765910".into(),
            Some(("child.nhs_number", Kind::NotReal, E)),
        ),
        ("UPN wrong", |n| n.child.upn = "D383212310002".into(), Some(("child.upn", Kind::NotReal, E))),
    ]);
}

#[test]
fn rule_13_every_finding_is_addressed_to_a_field_on_a_page_and_worded_for_people() {
    let geo = geography();
    let c = ctx(&geo);
    let mut findings = ConsultationRequest::default().check(&c);
    findings.extend(ConsultationOutcome::default().check(&c));
    findings.extend(PlacementNotification::default().check(&c));
    findings.extend(placement_rules::Withdrawal::default().check(&c));
    findings.extend(placement_rules::PlacementEnding::default().check(&c));
    findings.extend(placement_rules::PlacementConfirmation::default().check(&c));
    findings.extend(placement_rules::DocumentsSent::default().check(&c));
    assert!(findings.len() > 40, "an empty form has many findings");
    for f in &findings {
        let registered = ConsultationRequest::question(&f.field).is_some()
            || ConsultationOutcome::question(&f.field).is_some()
            || PlacementNotification::question(&f.field).is_some()
            || placement_rules::Withdrawal::question(&f.field).is_some()
            || placement_rules::PlacementEnding::question(&f.field).is_some()
            || placement_rules::PlacementConfirmation::question(&f.field).is_some()
            || placement_rules::DocumentsSent::question(&f.field).is_some();
        assert!(registered, "{} is not a question on any page", f.field);
        let first = f.message.chars().next().unwrap();
        assert!(first.is_uppercase(), "{:?} starts with a capital", f.message);
        assert!(!f.message.ends_with('.'), "GOV.UK error messages have no full stop: {:?}", f.message);
        assert!(!f.message.contains('_'), "no internal names in {:?}", f.message);
    }
    // An empty request's first finding is its first question's, so the summary follows the page.
    let first = ConsultationRequest::default().check(&c).remove(0);
    assert_eq!(first.field, "placing_authority");
    assert_eq!(first.message, "Select your authority");
}

#[test]
fn one_section_at_a_time() {
    let geo = geography();
    let c = ctx(&geo);
    let empty = ConsultationRequest::default();
    let about = empty.check_section("about-you", &c);
    assert!(!about.is_empty());
    assert!(about.iter().all(|f| ConsultationRequest::question(&f.field).unwrap().section == "about-you"));
    assert!(valid_request().check_section("child", &c).is_empty());
    // Every question of every form belongs to one of its sections, and every section has questions:
    // no page without questions, no question without a page.
    fn sections_and_questions_agree<F: Form>() {
        for q in F::QUESTIONS {
            assert!(F::SECTIONS.iter().any(|s| s.id == q.section), "{}: {} has no section", F::KIND, q.path);
        }
        for s in F::SECTIONS {
            assert!(F::QUESTIONS.iter().any(|q| q.section == s.id), "{}: section {} has no questions", F::KIND, s.id);
        }
        let mut paths: Vec<&str> = F::QUESTIONS.iter().map(|q| q.path).collect();
        paths.sort_unstable();
        let before = paths.len();
        paths.dedup();
        assert_eq!(paths.len(), before, "{}: a question path is used twice", F::KIND);
    }
    sections_and_questions_agree::<ConsultationRequest>();
    sections_and_questions_agree::<ConsultationOutcome>();
    sections_and_questions_agree::<PlacementNotification>();
    sections_and_questions_agree::<placement_rules::Withdrawal>();
}

#[test]
fn a_notification_from_a_consultation_asks_its_type_and_start_date_afresh() {
    let req = valid_request();
    let n = PlacementNotification::from_consultation(&req, "OLA-7K3M-Q2XD");
    assert_eq!(n.notification_type, None);
    assert_eq!(n.start_date, "");
    assert_eq!(n.placement.postcode, req.placement.postcode);
    assert_eq!(n.consultation_reference, "OLA-7K3M-Q2XD");
}

#[test]
fn notification_flags_changes_from_the_consultation() {
    let req = valid_request();
    let mut n = PlacementNotification::from_consultation(&req, "OLA-7K3M-Q2XD");
    assert!(n.changes_from(&req).is_empty(), "a start date not yet given is not a change");
    n.start_date = req.placement.start_date.clone();
    assert!(n.changes_from(&req).is_empty());
    n.placement.postcode = "me14 1zz".into();
    assert!(n.changes_from(&req).is_empty(), "same postcode, other spacing");
    n.placement.postcode = THANET_PC.into();
    n.start_date = "2027-01-18".into();
    assert_eq!(n.changes_from(&req), vec!["placement.postcode", "start_date"]);
}

#[test]
fn notification_of_a_distant_placement_needs_its_consultation() {
    notification_cases(&[
        (
            "no reference",
            |n| {
                n.consultation_reference.clear();
                n.documents.push(care_plan());
            },
            Some(("consultation_reference", Kind::Required, E)),
        ),
        (
            "emergency, consultation may follow",
            |n| {
                n.consultation_reference.clear();
                n.documents.push(care_plan());
                n.notification_type = Some(NotificationType::Emergency);
                n.start_date = "2026-11-20".into();
            },
            Some(("consultation_reference", Kind::Required, W)),
        ),
        (
            "care plan not sent before and not attached",
            |n| n.care_plan_sent_with_consultation = Some(YesNo::No),
            Some(("documents", Kind::Required, E)),
        ),
    ]);
}

#[test]
fn a_question_in_the_second_person_has_words_for_whoever_else_reads_it() {
    fn check<F: Form>() {
        for q in F::QUESTIONS {
            if q.label.starts_with("Your ") {
                let others = q.read_by_others();
                assert!(!others.starts_with("Your "), "{}: {} reads as '{others}' to others", F::KIND, q.path);
            }
        }
        for s in F::SECTIONS {
            assert!(!s.read_by_others().contains("you"), "{}: section {}", F::KIND, s.id);
        }
    }
    check::<ConsultationRequest>();
    check::<ConsultationOutcome>();
    check::<PlacementNotification>();
    check::<placement_rules::Withdrawal>();
}

#[test]
fn every_choice_list_is_the_rules_own_and_names_each_answer_once() {
    use placement_rules::forms::common::{DocumentKind, YesNo};
    use placement_rules::forms::consultation_outcome::{Decision, DiscussionMethod};
    use placement_rules::forms::consultation_request::{ApprovalStatus, ApproverRole, RiskLevel, Sex, Siblings};
    use placement_rules::forms::placement_notification::{AgenciesInformed, NotificationType};
    fn each<T: serde::de::DeserializeOwned>(choices: &[(&str, &str)], variants: usize) {
        assert_eq!(choices.len(), variants, "every answer has a choice");
        for (i, (id, label)) in choices.iter().enumerate() {
            assert!(serde_json::from_value::<T>(serde_json::json!(id)).is_ok(), "{id} is not an answer the rules read");
            assert!(!label.is_empty() && !choices[..i].iter().any(|(other, _)| other == id), "{id}");
        }
    }
    each::<YesNo>(YesNo::CHOICES, 2);
    each::<Sex>(Sex::CHOICES, 2);
    each::<Siblings>(Siblings::CHOICES, 3);
    each::<RiskLevel>(RiskLevel::CHOICES, 2);
    each::<ApproverRole>(ApproverRole::CHOICES, 3);
    each::<ApprovalStatus>(ApprovalStatus::CHOICES, 2);
    each::<NotificationType>(NotificationType::CHOICES, 3);
    each::<DiscussionMethod>(DiscussionMethod::CHOICES, 4);
    each::<Decision>(Decision::CHOICES, 2);
    for (i, (id, label)) in ApproverRole::CHOICES.iter().enumerate() {
        let role: ApproverRole = serde_json::from_value(serde_json::json!(id)).unwrap();
        assert_eq!((role as usize, role.label()), (i, *label), "an approver role's label is its own");
    }
    each::<DocumentKind>(DocumentKind::CHOICES, 6);
    for (i, (id, label)) in DocumentKind::CHOICES.iter().enumerate() {
        let kind: DocumentKind = serde_json::from_value(serde_json::json!(id)).unwrap();
        assert_eq!((kind as usize, kind.label()), (i, *label), "a document kind's label is its own");
    }
    for (field, _) in AgenciesInformed::CHOICES {
        let answer = serde_json::json!({ *field: true });
        assert!(serde_json::from_value::<AgenciesInformed>(answer).is_ok(), "{field} is an agency the rules record");
    }
}

#[test]
fn the_risk_list_names_every_risk_the_form_holds_in_order_with_its_questions() {
    use placement_rules::forms::consultation_request::{RISK_KINDS, Risks};
    let held: Vec<String> = match serde_json::to_value(Risks::default()).unwrap() {
        serde_json::Value::Object(fields) => fields.keys().cloned().collect(),
        other => panic!("{other}"),
    };
    let listed: Vec<&str> = RISK_KINDS.iter().map(|k| k.id).collect();
    let mut sorted = listed.clone();
    sorted.sort_unstable();
    assert_eq!(held, sorted, "every field of Risks is in the list, once");
    let entries: Vec<&str> = Risks::default().entries().iter().map(|(id, _)| *id).collect();
    assert_eq!(entries, listed, "each risk is paired with its own field, in page order");
    let questions: Vec<&str> = placement_rules::ConsultationRequest::QUESTIONS.iter().map(|q| q.path).collect();
    for k in RISK_KINDS {
        assert_eq!((k.level, k.details), (&*format!("risks.{}.level", k.id), &*format!("risks.{}.details", k.id)));
        let at = questions.iter().position(|p| *p == k.level).expect(k.level);
        assert_eq!(questions.get(at + 1), Some(&k.details), "{}: details follow the level", k.id);
    }
}

#[test]
fn rules_that_span_pages_say_which_answers_set_them_off_and_name_options_by_their_labels() {
    let mut req = valid_request();
    req.approver.role = Some(ApproverRole::NominatedOfficer);
    req.documents.clear();
    let geo = geography();
    let found = req.check(&ctx(&geo));
    let role = found.iter().find(|f| f.field == "approver.role").expect("the approver's role");
    assert_eq!(role.because, ["placing_authority", "placement.postcode"], "distance comes from these");
    for label in [ApproverRole::DirectorOfChildrensServices.label(), ApproverRole::DcsDelegate.label()] {
        assert!(role.message.contains(&format!("\"{label}\"")), "{} names {label}", role.message);
    }
    let care_plan = found.iter().find(|f| f.field == "documents").expect("the care plan");
    assert!(care_plan.message.contains("\"Care plan\""), "{}", care_plan.message);
    assert!(
        found.iter().filter(|f| f.field.starts_with("child.")).all(|f| f.because.is_empty()),
        "own-page rules say nothing more"
    );
}

#[test]
fn the_childs_identity_is_asked_and_checked_the_same_way_by_both_forms() {
    let geo = geography();
    let c = ctx(&geo);
    let label =
        |qs: &[placement_rules::forms::Question], path: &str| qs.iter().find(|q| q.path == path).map(|q| q.label);
    for path in ["child.case_id", "child.first_name", "child.surname", "child.date_of_birth"] {
        assert_eq!(
            label(ConsultationRequest::QUESTIONS, path),
            label(PlacementNotification::QUESTIONS, path),
            "{path} is asked in the same words"
        );
    }
    let said =
        |found: Vec<Finding>, path: &str| found.into_iter().find(|f| f.field == path).map(|f| (f.kind, f.message));
    for (first_name, kind) in [("", Kind::Required), (&*"x".repeat(101), Kind::TooLong)] {
        let mut request = valid_request();
        request.child.first_name = first_name.into();
        let mut notification = valid_notification();
        notification.child.first_name = first_name.into();
        let (a, b) = (said(request.check(&c), "child.first_name"), said(notification.check(&c), "child.first_name"));
        assert_eq!(a, b, "the same finding from both forms");
        assert_eq!(a.map(|(k, _)| k), Some(kind));
    }
}
