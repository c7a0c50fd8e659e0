//! The relay through its router, without a socket: submissions re-checked with the rules, kept,
//! routed and acknowledged; retries recognised; links scoped to one case and purpose; staff
//! sign-in and the MI report; attachments; the placement check; limits and headers.

mod support;

use axum::http::{Method, StatusCode};
use placement_rules::Form;
use placement_rules::forms::consultation_request::ConsultationRequest;
use relay::tokens::Scope;
use serde_json::{Value, json};
use support::*;

const ID: &str = "0190f3a2-7c1e-7d33-9a4e-000000000001";

#[tokio::test]
async fn a_consultation_is_checked_stored_routed_and_acknowledged() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    assert!(placement_rules::reference::Reference::parse(&reference).is_some(), "{reference}");

    let case = relay.state.store.case(&reference).await.unwrap().unwrap();
    assert_eq!(case.status, "awaiting-outcome");
    assert_eq!(case.division.as_deref(), Some("north-west"), "County Hall, Maidstone is in North/West");
    assert_eq!(case.district.as_deref(), Some("Maidstone"));
    assert_eq!(case.distance.as_deref(), Some("distant"), "Leeds does not adjoin Kent");
    assert_eq!(case.distance_miles, Some(195.0), "Leeds Civic Hall to County Hall");
    assert_eq!(relay.state.store.attachments_of(&reference).await.unwrap().len(), 1, "the care plan is with the case");

    let outbox = relay.state.store.outbox(KENT).await.unwrap();
    let to: Vec<&str> = outbox.iter().map(|e| e.to_addr.as_str()).collect();
    assert_eq!(to, ["frontdoor@kent.invalid", "ola.northwest.sm@kent.invalid", "alex.example@leeds.gov.uk"]);
    for email in &outbox {
        assert!(email.body.contains(&reference));
        for personal in
            ["Samira", "Testchild", "LCC-000123", "Example Road", "ME14 1XQ", "LS1 1UR", &in_days(-14 * 365)]
        {
            assert!(
                !email.body.contains(personal) && !email.subject.contains(personal),
                "{personal} leaked into an email"
            );
        }
    }
}

#[tokio::test]
async fn the_same_id_again_gets_the_same_reference_and_creates_nothing() {
    let relay = relay().await;
    let care_plan = relay.upload_pdf().await;
    let body = envelope(ID, consultation(&care_plan));
    let first = relay.post("/api/consultations", &body, None).await;
    assert_eq!(first.status, StatusCode::CREATED);
    let again = relay.post("/api/consultations", &body, None).await;
    assert_eq!(again.status, StatusCode::OK);
    assert_eq!(again.json()["reference"], first.json()["reference"]);
    assert_eq!(relay.state.store.count_submissions().await.unwrap(), 1);
    assert_eq!(relay.state.store.outbox(KENT).await.unwrap().len(), 3, "no second set of emails");

    let mut changed = consultation(&care_plan);
    changed["child"]["first_name"] = json!("Someone else");
    let conflict = relay.post("/api/consultations", &envelope(ID, changed), None).await;
    assert_eq!(conflict.status, StatusCode::CONFLICT);
    assert_eq!(relay.state.store.count_submissions().await.unwrap(), 1);
}

#[tokio::test]
async fn an_invalid_submission_gets_the_same_findings_the_app_shows() {
    let relay = relay().await;
    let mut data = consultation("att-missing");
    data["child"]["date_of_birth"] = json!("2012--3");
    data["social_worker"]["email"] = json!("alex@gmail.com");
    data["placement"]["postcode"] = json!("TN34 3UY");
    let r = relay.post("/api/consultations", &envelope(ID, data.clone()), None).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    // The rules crate, run here with the relay's own context, gives exactly the same list.
    let form: ConsultationRequest = serde_json::from_value(data).unwrap();
    let ctx = relay.state.rules_context(today(), Some(KENT));
    let expected = serde_json::to_value(form.check(&ctx)).unwrap();
    assert_eq!(r.json()["findings"], expected);
    let fields: Vec<&str> = expected.as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert!(fields.contains(&"child.date_of_birth") && fields.contains(&"social_worker.email"));
    let postcode = expected.as_array().unwrap().iter().find(|f| f["field"] == "placement.postcode").unwrap();
    assert_eq!(
        postcode["message"],
        "This postcode is in East Sussex, which this service does not cover. Consult East Sussex directly. \
         Contact East Sussex's children's services"
    );
    assert_eq!(relay.state.store.count_submissions().await.unwrap(), 0);
}

#[tokio::test]
async fn malformed_bodies_get_a_400_naming_the_bad_value() {
    let relay = relay().await;
    let mut data = consultation("x");
    data["child"]["sex"] = json!("Samira Testchild");
    let r = relay.post("/api/consultations", &envelope(ID, data), None).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(r.json()["error"]["path"], "data.child.sex");
    assert!(
        !String::from_utf8_lossy(&r.bytes).contains("Samira"),
        "a child's name typed in the wrong place is not repeated"
    );
    let r =
        relay.call(Method::POST, "/api/consultations", &[("content-type", "application/json")], b"{".to_vec()).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = relay
        .post("/api/consultations", &json!({"format": 1, "id": "short", "rules_version": "x", "data": {}}), None)
        .await;
    assert_eq!(r.json()["error"]["path"], "id");
}

#[tokio::test]
async fn the_outcome_needs_the_service_managers_link_for_that_consultation() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let body = envelope("0190f3a2-7c1e-7d33-9a4e-000000000002", outcome(&reference, "challenged"));

    assert_eq!(relay.post("/api/outcomes", &body, None).await.status, StatusCode::UNAUTHORIZED);
    let placing = relay.token(Scope::Placing, &reference);
    assert_eq!(relay.post("/api/outcomes", &body, Some(&placing)).await.status, StatusCode::FORBIDDEN);
    let other_case = relay.token(Scope::ServiceManager, "OLA-0000-0000");
    assert_eq!(relay.post("/api/outcomes", &body, Some(&other_case)).await.status, StatusCode::FORBIDDEN);
    assert_eq!(relay.post("/api/outcomes", &body, Some("forged.token")).await.status, StatusCode::UNAUTHORIZED);

    let manager = relay.token(Scope::ServiceManager, &reference);
    let mut no_reason = outcome(&reference, "challenged");
    no_reason["challenge_details"] = json!("");
    let r =
        relay.post("/api/outcomes", &envelope("0190f3a2-7c1e-7d33-9a4e-000000000003", no_reason), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["findings"][0]["field"], "challenge_details");

    let r = relay.post("/api/outcomes", &body, Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    assert_eq!(r.json()["case_reference"], reference.as_str());
    let case = relay.state.store.case(&reference).await.unwrap().unwrap();
    assert_eq!((case.status.as_str(), case.decision.as_deref()), ("challenged", Some("challenged")));
    assert_eq!(case.working_days_to_outcome, Some(0));
    let outbox = relay.state.store.outbox(KENT).await.unwrap();
    let last_two: Vec<&str> = outbox[3..].iter().map(|e| e.to_addr.as_str()).collect();
    assert_eq!(last_two, ["ola.mi@kent.invalid", "alex.example@leeds.gov.uk"], "MI and the placing social worker");

    // The same outcome again is a retry; a different one is refused.
    assert_eq!(relay.post("/api/outcomes", &body, Some(&manager)).await.status, StatusCode::OK);
    let second = envelope("0190f3a2-7c1e-7d33-9a4e-000000000004", outcome(&reference, "agreed"));
    assert_eq!(relay.post("/api/outcomes", &second, Some(&manager)).await.status, StatusCode::CONFLICT);
}

#[tokio::test]
async fn the_service_manager_reads_the_request_and_its_documents_through_the_link() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let manager = relay.token(Scope::ServiceManager, &reference);
    let r = relay.get(&format!("/api/cases/{reference}"), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::OK);
    let view = r.json();
    assert_eq!(view["request"]["answers"]["child"]["first_name"], "Samira");
    assert!(view["summary"].get("social_worker_email").is_none(), "not part of the case view");
    let attachment = view["documents"][0]["id"].as_str().unwrap().to_owned();
    let file = relay.get(&format!("/api/attachments/{attachment}"), Some(&manager)).await;
    assert_eq!(file.status, StatusCode::OK);
    assert_eq!(file.headers["content-type"], "application/pdf");
    assert!(file.headers["content-disposition"].to_str().unwrap().starts_with("attachment;"));
    assert!(file.bytes.starts_with(b"%PDF"));
    assert_eq!(relay.get(&format!("/api/attachments/{attachment}"), None).await.status, StatusCode::UNAUTHORIZED);
    let other = relay.token(Scope::ServiceManager, "OLA-0000-0000");
    assert_eq!(relay.get(&format!("/api/cases/{reference}"), Some(&other)).await.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn attachments_are_typed_from_their_content_and_limited_in_size() {
    let relay = relay().await;
    let exe = relay
        .call(
            Method::POST,
            "/api/attachments",
            &[("x-file-name", "plan.pdf")],
            b"MZ\x90\x00\x03\x00\x00\x00\x04".to_vec(),
        )
        .await;
    assert_eq!(exe.status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "a program named .pdf");
    let mut big = b"%PDF-1.7\n".to_vec();
    big.resize(10 * 1024 * 1024 + 10, b' ');
    let r = relay.call(Method::POST, "/api/attachments", &[("x-file-name", "big.pdf")], big).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
    let png = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A, 0, 0, 0, 13, b'I', b'H', b'D', b'R'].to_vec();
    let r = relay.call(Method::POST, "/api/attachments", &[("x-file-name", "scan.png")], png).await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(r.json()["content_type"], "image/png");
}

#[tokio::test]
async fn notification_and_withdrawal_need_the_placing_link() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let placing = relay.token(Scope::Placing, &reference);
    let body = envelope("0190f3a2-7c1e-7d33-9a4e-000000000005", notification(&reference, true));
    assert_eq!(relay.post("/api/notifications", &body, None).await.status, StatusCode::UNAUTHORIZED);
    let r = relay.post("/api/notifications", &body, Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let case = relay.state.store.case(&reference).await.unwrap().unwrap();
    assert_eq!(case.status, "notified");
    assert_eq!(case.notified_before_start, Some(true));
    let to: Vec<String> =
        relay.state.store.outbox(KENT).await.unwrap()[3..].iter().map(|e| e.to_addr.clone()).collect();
    assert_eq!(to, ["frontdoor@kent.invalid", "ola.northwest.sm@kent.invalid"]);

    let reference2 = relay.consult("0190f3a2-7c1e-7d33-9a4e-000000000006").await;
    let withdraw = envelope("0190f3a2-7c1e-7d33-9a4e-000000000007", withdrawal(&reference2));
    assert_eq!(
        relay.post("/api/withdrawals", &withdraw, Some(&placing)).await.status,
        StatusCode::FORBIDDEN,
        "other case"
    );
    let placing2 = relay.token(Scope::Placing, &reference2);
    assert_eq!(relay.post("/api/withdrawals", &withdraw, Some(&placing2)).await.status, StatusCode::CREATED);
    assert_eq!(relay.state.store.case(&reference2).await.unwrap().unwrap().status, "withdrawn");
}

#[tokio::test]
async fn staff_sign_in_and_see_cases_the_timeline_and_the_report() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let r = relay.record_outcome(&reference, "0190f3a2-7c1e-7d33-9a4e-000000000002", "agreed").await;
    assert_eq!(r.status, StatusCode::CREATED);

    let wrong = relay
        .call(
            Method::POST,
            "/api/staff/sign-in",
            &[("content-type", "application/json")],
            br#"{"token":"guess"}"#.to_vec(),
        )
        .await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(relay.get("/api/staff/cases", None).await.status, StatusCode::UNAUTHORIZED);

    let cookie = sign_in(&relay).await;
    let headers = [("cookie", cookie.as_str())];
    let staff = |uri: &'static str| relay.call(Method::GET, uri, &headers, Vec::new());
    let cases = staff("/api/staff/cases").await.json();
    assert_eq!(cases["cases"][0]["reference"], reference.as_str());
    assert!(cases["cases"][0]["reply_due_on"].as_str().is_some());
    let view = relay
        .call(Method::GET, &format!("/api/cases/{reference}"), &[("cookie", cookie.as_str())], Vec::new())
        .await
        .json();
    let what: Vec<&str> = view["timeline"].as_array().unwrap().iter().map(|e| e["what"].as_str().unwrap()).collect();
    assert!(what[0].starts_with("Consultation request from Leeds"), "{what:?}");
    assert!(what[1].starts_with("Outcome recorded by the division's service manager: Agreed"), "{what:?}");

    let report = staff("/api/staff/report").await.json();
    assert_eq!(report["consultations"][0]["outcome"], "agreed");
    assert_eq!(report["working_days_to_outcome"]["outcomes"], 1);
    let csv = staff("/api/staff/report.csv").await;
    assert_eq!(csv.headers["content-type"], "text/csv; charset=utf-8");
    let text = String::from_utf8(csv.bytes).unwrap();
    assert!(text.lines().nth(1).unwrap().starts_with(&format!("{reference},")));
    assert!(!text.contains("Samira"), "no child's details in the report");
}

#[tokio::test]
async fn the_placement_check_answers_from_the_postcode_directory() {
    let relay = relay().await;
    let r = relay.get("/api/placement-check?placing=E08000035&postcode=me141xq&home=LS1%201UR", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(
        r.json(),
        json!({
            "placing": { "code": "E08000035", "name": "Leeds" },
            "host": { "code": "E10000016", "name": "Kent" },
            "district": { "code": "E07000110", "name": "Maidstone" },
            "division": { "code": "north-west", "name": "North/West" },
            "distant": "distant",
            "distance_miles": 195.0,
            "served": true,
            "said": "This postcode is in Maidstone, in Kent's North/West division. Leeds does not adjoin Kent, so \
                     this is a distant placement (regulation 11(5)). You must consult Kent and give it a copy of the \
                     care plan before the placement is approved, and your Director of Children's Services or their \
                     named delegate must approve it."
        })
    );
    let medway = relay.get("/api/placement-check?placing=383&postcode=ME4%204TR", None).await.json();
    assert_eq!(medway["host"]["name"], "Medway");
    assert_eq!(medway["district"], Value::Null);
    assert_eq!(medway["division"], Value::Null);
    let bromley = relay.get("/api/placement-check?placing=E09000006&postcode=BR8%207BU", None).await.json();
    assert_eq!(
        (bromley["district"]["name"].as_str(), bromley["distant"].as_str()),
        (Some("Sevenoaks"), Some("adjoining"))
    );
    let essex = relay.get("/api/placement-check?placing=E10000012&postcode=CT9%201XZ", None).await.json();
    assert_eq!(
        (essex["division"]["name"].as_str(), essex["distant"].as_str()),
        (Some("South/East"), Some("unconfirmed"))
    );

    for (query, status) in [
        ("placing=E08000035&postcode=ME14", StatusCode::BAD_REQUEST),
        ("placing=Leeds&postcode=ME14%201XQ", StatusCode::BAD_REQUEST),
        ("postcode=ME14%201XQ", StatusCode::BAD_REQUEST),
        ("placing=E99999999&postcode=ME14%201XQ", StatusCode::NOT_FOUND),
        ("placing=E08000035&postcode=ME14%201CK", StatusCode::NOT_FOUND),
    ] {
        let r = relay.get(&format!("/api/placement-check?{query}"), None).await;
        assert_eq!(r.status, status, "{query}");
        assert!(r.json()["error"]["message"].as_str().is_some_and(|m| !m.is_empty()), "{query}");
    }
}

#[tokio::test]
async fn every_response_carries_strict_security_headers() {
    let relay = relay().await;
    let page = relay.get("/", None).await;
    assert_eq!(page.status, StatusCode::OK);
    let csp = page.headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'self' 'wasm-unsafe-eval' 'sha256-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'") && !csp.contains("unsafe-inline"), "{csp}");
    assert_eq!(page.headers["x-content-type-options"], "nosniff");
    assert_eq!(page.headers["referrer-policy"], "no-referrer");
    assert_eq!(page.headers["cache-control"], "no-cache");
    let route = relay.get("/outcome/OLA-7K3M-Q2XD", None).await;
    assert_eq!(route.status, StatusCode::OK, "page paths get the app");
    let api = relay.get("/api/nothing-here", None).await;
    assert_eq!(api.status, StatusCode::NOT_FOUND);
    assert_eq!(api.headers["cache-control"], "no-store");
    assert_eq!(relay.get("/health/live", None).await.status, StatusCode::OK);
    assert_eq!(relay.get("/health/ready", None).await.status, StatusCode::OK);
}

/// RFC 9116: where to report a weakness, with an expiry under a year away; none without a contact.
#[tokio::test]
async fn security_txt_names_the_configured_contact() {
    let relay = relay().await;
    let r = relay.get("/.well-known/security.txt", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["content-type"], "text/plain; charset=utf-8");
    let text = String::from_utf8(r.bytes).unwrap();
    assert!(text.contains("Contact: mailto:security@placements.invalid\n"), "{text}");
    let expires = text.lines().find_map(|l| l.strip_prefix("Expires: ")).unwrap();
    let expires = time::OffsetDateTime::parse(expires, &time::format_description::well_known::Rfc3339).unwrap();
    let ahead = expires - relay::clock::now();
    assert!(ahead > time::Duration::days(300) && ahead <= time::Duration::days(366), "{ahead}");

    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let mut config = support::config(dir.path(), &url);
    config.server.security_contact = None;
    let without = relay_with(config, dir).await;
    assert_eq!(without.get("/.well-known/security.txt", None).await.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let relay = relay().await;
    let huge = vec![b' '; 300 * 1024];
    let r = relay.call(Method::POST, "/api/consultations", &[("content-type", "application/json")], huge).await;
    assert_eq!(r.status, StatusCode::PAYLOAD_TOO_LARGE);
}

#[tokio::test]
async fn clients_over_the_rate_limit_are_slowed() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let mut config = support::config(dir.path(), &url);
    config.server.rate_limit_per_second = 1;
    config.server.rate_limit_burst = 3;
    let relay = relay_with(config, dir).await;
    let mut replies = Vec::new();
    for _ in 0..5 {
        replies.push(relay.get("/api/placement-check?placing=E08000035&postcode=ME14%201XQ", None).await);
    }
    let statuses: Vec<StatusCode> = replies.iter().map(|r| r.status).collect();
    assert_eq!(&statuses[..3], [StatusCode::OK; 3]);
    assert_eq!(statuses[4], StatusCode::TOO_MANY_REQUESTS);
    let slowed = &replies[4];
    assert!(slowed.json()["error"]["message"].as_str().is_some_and(|m| m.starts_with("Too many requests")), "JSON");
    let wait: u64 = slowed.headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!(wait >= 1, "a true Retry-After, not 0");
}

#[tokio::test]
async fn one_error_shape_for_every_refusal_whoever_answers_it() {
    let relay = relay().await;
    let json = [("content-type", "application/json")];
    let cases = [
        (relay.call(Method::GET, "/api/consultations", &[], Vec::new()).await, StatusCode::METHOD_NOT_ALLOWED),
        (
            relay.call(Method::POST, "/api/consultations", &json, vec![b' '; 300 * 1024]).await,
            StatusCode::PAYLOAD_TOO_LARGE,
        ),
        (relay.call(Method::POST, "/api/staff/sign-in", &json, b"{not json".to_vec()).await, StatusCode::BAD_REQUEST),
        (
            relay.call(Method::POST, "/api/outcomes", &[("content-type", "text/plain")], b"{}".to_vec()).await,
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
        ),
        (relay.call(Method::GET, "/api/no-such-thing", &[], Vec::new()).await, StatusCode::NOT_FOUND),
    ];
    for (reply, status) in cases {
        assert_eq!(reply.status, status);
        assert_eq!(reply.headers["content-type"], "application/json", "{status}");
        let message = reply.json()["error"]["message"].as_str().map(str::to_owned).unwrap_or_default();
        assert!(message.ends_with('.'), "{status}: a sentence, got {message:?}");
    }
}

#[tokio::test]
async fn a_second_outcome_is_refused_in_the_transaction_even_past_the_handlers_check() {
    use relay::routing::EmailPlan;
    use relay::store::{CaseChange, NewSubmission, Ready, Write, WriteOutcome};
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let manager = relay.token(Scope::ServiceManager, &reference);
    let first = envelope("0190f3a2-7c1e-7d33-9a4e-000000000002", outcome(&reference, "agreed"));
    assert_eq!(relay.post("/api/outcomes", &first, Some(&manager)).await.status, StatusCode::CREATED);
    let emails_before = relay.state.store.outbox(KENT).await.unwrap().len();

    // As a second outcome racing on another writer lane would reach the store.
    let id = "0190f3a2-7c1e-7d33-9a4e-000000000099";
    let second = Write {
        host: KENT.into(),
        submission: NewSubmission {
            id: id.into(),
            kind: "consultation-outcome",
            case_reference: Some(reference.clone()),
            body_sha256: "another".into(),
            data: "{}".into(),
            rules_version: "t".into(),
            client_rules_version: "t".into(),
            warnings: "[]".into(),
            received_at: relay::clock::timestamp(relay::clock::now()),
            received_on: today().to_string(),
            changes: None,
            moved_from: None,
        },
        change: CaseChange::Outcome {
            outcome_on: today().to_string(),
            decision: "challenged".into(),
            challenge_reason: None,
            working_days_to_outcome: 0,
        },
        event: ("consultation-outcome".into(), "second".into()),
        emails: EmailPlan::Outcome {
            division: None,
            decision: placement_rules::CaseStatus::Challenged,
            reason: None,
            social_worker: None,
        },
        attachments: Vec::new(),
        sent_by: None,
    };
    let render =
        |host: &str, plan: &_, reference: &str, case: &str| relay.state.routing.render(host, plan, reference, case);
    // A drawn reference another submission already has: nothing is written, and the writer draws again.
    let mut clash = Ready::new(second.clone(), render).unwrap();
    clash.reference = reference.clone();
    assert_eq!(relay.state.store.commit(&[clash]).await.unwrap(), [WriteOutcome::ReferenceTaken]);
    assert!(relay.state.store.submission(id).await.unwrap().is_none(), "nothing stored under a taken reference");
    let outcomes = relay.state.store.commit(&[Ready::new(second, render).unwrap()]).await.unwrap();
    assert_eq!(outcomes, [WriteOutcome::Refused("An outcome has already been recorded for this consultation.")]);
    assert!(relay.state.store.submission(id).await.unwrap().is_none(), "its row was undone");
    let case = relay.state.store.case(&reference).await.unwrap().unwrap();
    assert_eq!(case.decision.as_deref(), Some("agreed"));
    assert_eq!(relay.state.store.outbox(KENT).await.unwrap().len(), emails_before, "no emails for it");
}

#[test]
fn the_sample_hosts_match_the_postcode_directory() {
    assert_eq!(relay::config::Config::sample().check_postcodes(&POSTCODES), Ok(()));
}

#[tokio::test]
async fn a_removed_staff_account_is_signed_out_when_the_staff_file_is_read_again() {
    let relay = relay().await;
    let cookie = sign_in(&relay).await;
    let me = |cookie: String| {
        let relay = &relay;
        async move { relay.call(Method::GET, "/api/staff/me", &[("cookie", cookie.as_str())], Vec::new()).await.status }
    };
    assert_eq!(me(cookie.clone()).await, StatusCode::OK);
    let accounts = relay.state.staff().as_ref().clone();
    relay.state.replace_staff(Vec::new());
    assert_eq!(me(cookie.clone()).await, StatusCode::UNAUTHORIZED, "the session ends with the account");
    relay.state.replace_staff(accounts);
    assert_eq!(me(cookie).await, StatusCode::OK, "and an account put back can sign in again");
}

#[tokio::test]
async fn sessions_end_on_sign_out_and_when_the_code_changes_and_no_name_can_break_them() {
    use relay::state::{StaffAccount, StaffRole};
    let relay = relay().await;
    let me = |cookie: String| {
        let relay = &relay;
        async move { relay.call(Method::GET, "/api/staff/me", &[("cookie", cookie.as_str())], Vec::new()).await }
    };

    // Signing out ends the session on the server: a copy of the cookie stops working too.
    let cookie = sign_in(&relay).await;
    assert_eq!(me(cookie.clone()).await.status, StatusCode::OK);
    let out = relay
        .call(
            Method::POST,
            "/api/staff/sign-out",
            &[("cookie", cookie.as_str()), ("content-type", "application/json")],
            b"{}".to_vec(),
        )
        .await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    assert_eq!(me(cookie).await.status, StatusCode::UNAUTHORIZED, "the signed-out cookie is refused");
    let again = sign_in(&relay).await;
    assert_eq!(me(again.clone()).await.status, StatusCode::OK, "signing in again makes a new session");

    // A new sign-in code for the same person ends the sessions made with the old one.
    let mut accounts = relay.state.staff().as_ref().clone();
    accounts[0].token_sha256 = relay::tokens::sha256_hex("a new code");
    relay.state.replace_staff(accounts.clone());
    assert_eq!(me(again).await.status, StatusCode::UNAUTHORIZED, "the old code's session ended");

    // A name holding the session's separators (from a hand-edited staff file) signs in and stays in.
    accounts.push(StaffAccount {
        name: "Eve|x:y".into(),
        role: StaffRole::FrontDoor,
        host: KENT.into(),
        division: None,
        expires_on: None,
        token_sha256: relay::tokens::sha256_hex("eve's code"),
    });
    relay.state.replace_staff(accounts);
    let r = relay
        .call(
            Method::POST,
            "/api/staff/sign-in",
            &[("content-type", "application/json")],
            br#"{"token":"eve's code"}"#.to_vec(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let eve = r.headers["set-cookie"].to_str().unwrap().split(';').next().unwrap().to_owned();
    let who = me(eve.clone()).await;
    assert_eq!(who.status, StatusCode::OK);
    assert_eq!(who.json()["name"], "Eve|x:y");
    assert_eq!(
        relay.call(Method::GET, "/api/staff/cases", &[("cookie", eve.as_str())], Vec::new()).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn a_trailing_garbage_body_is_refused_with_400() {
    let relay = relay().await;
    let care_plan = relay.upload_pdf().await;
    let mut body = serde_json::to_vec(&envelope(ID, consultation(&care_plan))).unwrap();
    body.extend_from_slice(b" GARBAGE <script>");
    let r = relay.call(Method::POST, "/api/consultations", &[("content-type", "application/json")], body).await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    assert_eq!(relay.state.store.count_submissions().await.unwrap(), 0, "nothing was kept");
}

#[tokio::test]
async fn csrf_a_state_change_must_be_json_from_this_origin() {
    let relay = relay().await;
    let reference = relay.consult(ID).await;
    let cookie = sign_in(&relay).await;
    let body =
        serde_json::to_vec(&envelope("0190f3a2-7c1e-7d33-9a4e-000000000002", outcome(&reference, "agreed"))).unwrap();
    let post = |headers: Vec<(&'static str, String)>| {
        let relay = &relay;
        let body = body.clone();
        let cookie = cookie.clone();
        async move {
            let mut h: Vec<(&str, &str)> = headers.iter().map(|(k, v)| (*k, v.as_str())).collect();
            h.push(("cookie", cookie.as_str()));
            relay.call(Method::POST, "/api/outcomes", &h, body).await.status
        }
    };
    let text_plain = vec![("content-type", "text/plain".to_owned()), ("origin", "http://evil.test".to_owned())];
    assert_eq!(post(text_plain).await, StatusCode::UNSUPPORTED_MEDIA_TYPE);
    let other_port =
        vec![("content-type", "application/json".to_owned()), ("origin", "http://ola.test:8081".to_owned())];
    assert_eq!(post(other_port).await, StatusCode::FORBIDDEN);
    let same_site = vec![("content-type", "application/json".to_owned()), ("sec-fetch-site", "same-site".to_owned())];
    assert_eq!(post(same_site).await, StatusCode::FORBIDDEN);
    assert_eq!(
        relay.state.store.case(&reference).await.unwrap().unwrap().status,
        "awaiting-outcome",
        "nothing recorded"
    );
    let own = vec![("content-type", "application/json".to_owned()), ("origin", "http://ola.test".to_owned())];
    assert_eq!(post(own).await, StatusCode::CREATED, "the app's own request");
}

#[tokio::test]
async fn a_consultation_cannot_claim_another_cases_upload() {
    let relay = relay().await;
    let first = relay.consult(ID).await;
    let manager = relay.token(Scope::ServiceManager, &first);
    let view = relay.get(&format!("/api/cases/{first}"), Some(&manager)).await.json();
    let theirs = view["documents"][0]["id"].as_str().unwrap().to_owned();
    let r = relay
        .post("/api/consultations", &envelope("0190f3a2-7c1e-7d33-9a4e-000000000077", consultation(&theirs)), None)
        .await;
    assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(r.json()["findings"][0]["field"], "documents");
    assert_eq!(
        r.json()["findings"][0]["message"],
        "One of your files belongs to another case. Upload your own copy of it"
    );
    assert_eq!(relay.state.store.count_submissions().await.unwrap(), 1, "nothing new was kept");
}

#[tokio::test]
async fn trusted_proxies_name_the_client_for_the_rate_limit_and_no_one_else_can() {
    let limited = |trusted: Vec<String>| async move {
        let dir = tempfile::tempdir().unwrap();
        let url = database_url(dir.path()).await;
        let mut config = support::config(dir.path(), &url);
        config.server.rate_limit_per_second = 1;
        config.server.rate_limit_burst = 2;
        config.server.trusted_proxies = trusted;
        relay_with(config, dir).await
    };
    // A placement check, as the client `who` behind the test's peer (127.0.0.1).
    async fn ask(relay: &Relay, who: &str) -> StatusCode {
        let check = "/api/placement-check?placing=E08000035&postcode=ME14%201XQ";
        relay.call(Method::GET, check, &[("x-forwarded-for", who)], Vec::new()).await.status
    }
    // Behind a trusted proxy (the test's peer is 127.0.0.1), each client has its own bucket.
    let relay = limited(vec!["127.0.0.0/8".into()]).await;
    assert_eq!(ask(&relay, "198.51.100.1").await, StatusCode::OK);
    assert_eq!(ask(&relay, "198.51.100.1").await, StatusCode::OK);
    assert_eq!(ask(&relay, "198.51.100.1").await, StatusCode::TOO_MANY_REQUESTS, "one client past its burst");
    assert_eq!(ask(&relay, "198.51.100.2").await, StatusCode::OK, "another client behind the proxy is not");
    // A peer that is not trusted cannot choose its bucket by writing the header.
    let relay = limited(Vec::new()).await;
    assert_eq!(ask(&relay, "198.51.100.1").await, StatusCode::OK);
    assert_eq!(ask(&relay, "198.51.100.2").await, StatusCode::OK);
    assert_eq!(ask(&relay, "198.51.100.3").await, StatusCode::TOO_MANY_REQUESTS, "the header is ignored");
}

#[tokio::test]
async fn uploads_not_yet_sent_are_capped_per_client_and_refused_before_the_body_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let mut config = support::config(dir.path(), &url);
    config.server.max_unattached_uploads_per_client = 2;
    let relay = relay_with(config, dir).await;
    let first = relay.upload_pdf().await;
    relay.upload_pdf().await;
    let pdf = b"%PDF-1.7\n1 0 obj << >> endobj\n%%EOF\n".to_vec();
    let third = relay.call(Method::POST, "/api/attachments", &[("x-file-name", "c.pdf")], pdf).await;
    assert_eq!(third.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(third.json()["error"]["message"].as_str().unwrap().starts_with("You have uploaded many files"));
    assert_eq!(third.headers["retry-after"], "3600");
    // Sending a submission with one of them frees a place.
    let r = relay.post("/api/consultations", &envelope(ID, consultation(&first)), None).await;
    assert_eq!(r.status, StatusCode::CREATED);
    relay.upload_pdf().await;
}
