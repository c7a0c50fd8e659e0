//! Least privilege, checked whole: every guarded endpoint against every kind of caller (no one,
//! each emailed link, each staff role, a service manager of another division, another host's
//! Front Door) gives the answer `relay::access` promises. Then what Management Information reads
//! carries no child's details, and an expired code does not sign in.

mod support;

use axum::http::{Method, StatusCode};
use serde_json::{Value, json};
use support::*;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Caller {
    NoOne,
    PlacingLink,
    ManagerLink,
    FrontDoor,
    Manager,
    OtherDivisionManager,
    Mi,
    Auditor,
    Administrator,
    OtherHostFrontDoor,
}

use Caller::*;

const CALLERS: [Caller; 10] = [
    NoOne,
    PlacingLink,
    ManagerLink,
    FrontDoor,
    Manager,
    OtherDivisionManager,
    Mi,
    Auditor,
    Administrator,
    OtherHostFrontDoor,
];

/// What a caller gets: let in (any answer but a refusal), or refused with this status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Answer {
    In,
    Unauthorised,
    Forbidden,
    NotFound,
}

use Answer::*;

struct Endpoint {
    name: &'static str,
    method: Method,
    path: String,
    body: Option<Value>,
    /// The answer for each caller, in `CALLERS` order.
    expect: [Answer; 10],
}

fn status_answer(status: StatusCode) -> Answer {
    match status {
        StatusCode::UNAUTHORIZED => Unauthorised,
        StatusCode::FORBIDDEN => Forbidden,
        StatusCode::NOT_FOUND => NotFound,
        _ => In,
    }
}

#[tokio::test]
async fn every_endpoint_answers_every_role_and_link_as_the_access_rules_say() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-000000000901").await;
    let case = relay.state.store.case(&reference).await.unwrap().unwrap();
    assert_eq!(case.division.as_deref(), Some("north-west"), "the case is North/West's");
    let document = relay.state.store.attachments_of(&reference).await.unwrap()[0].id.clone();
    let links = relay.state.store.case_links(&reference).await.unwrap();
    let placing_link_id = links.iter().find(|l| l.scope == "placing").unwrap().id.clone();

    let outbox = relay.state.store.outbox(KENT).await.unwrap();
    let token_in = |to: &str| {
        let body = &outbox.iter().find(|e| e.to_addr == to).unwrap().body;
        body.split("#token=").nth(1).and_then(|t| t.split_whitespace().next()).unwrap().to_owned()
    };
    let placing_link = token_in("alex.example@leeds.gov.uk");
    let manager_link = token_in("ola.northwest.sm@kent.invalid");
    let mut cookies = std::collections::HashMap::new();
    for (caller, code) in [
        (FrontDoor, STAFF_TOKEN),
        (Manager, SM_STAFF_TOKEN),
        (OtherDivisionManager, SE_MANAGER_TOKEN),
        (Mi, MI_STAFF_TOKEN),
        (Auditor, AUDITOR_TOKEN),
        (Administrator, ADMINISTRATOR_TOKEN),
        (OtherHostFrontDoor, MEDWAY_STAFF_TOKEN),
    ] {
        cookies.insert(caller, sign_in_with(&relay, code).await);
    }

    let mut n = 0;
    let mut outcome_body = || {
        n += 1;
        envelope(&format!("0190f3a2-7c1e-7d33-9a4e-0000000009{n:02}"), outcome(&reference, "agreed"))
    };
    let withdrawal_sent =
        |n: u32| envelope(&format!("0190f3a2-7c1e-7d33-9a4e-0000000008{n:02}"), withdrawal(&reference));
    let get = |name, path: String, expect| Endpoint { name, method: Method::GET, path, body: None, expect };
    //                                      no one       placing      manager link front door   manager     other div.   MI          auditor     admin       other host
    let case_view = [Unauthorised, In, In, In, In, NotFound, Forbidden, Forbidden, Forbidden, NotFound];
    let staff_only = |allowed: &[Caller]| {
        CALLERS.map(|c| match c {
            NoOne | PlacingLink | ManagerLink => Unauthorised,
            c if allowed.contains(&c) => In,
            _ => Forbidden,
        })
    };
    let mut endpoints = vec![
        get("the case", contract::paths::case(&reference), case_view),
        get("a document", contract::paths::attachment(&document), case_view),
        get(
            "who is signed in",
            contract::paths::STAFF_ME.into(),
            staff_only(&[FrontDoor, Manager, OtherDivisionManager, Mi, Auditor, Administrator, OtherHostFrontDoor]),
        ),
        get(
            "the case list",
            contract::paths::STAFF_CASES.into(),
            staff_only(&[FrontDoor, Manager, OtherDivisionManager, Mi, OtherHostFrontDoor]),
        ),
        get(
            "children placed here",
            contract::paths::STAFF_PLACED.into(),
            staff_only(&[FrontDoor, Mi, OtherHostFrontDoor]),
        ),
        get(
            "children placed here, CSV",
            contract::paths::STAFF_PLACED_CSV.into(),
            staff_only(&[FrontDoor, Mi, OtherHostFrontDoor]),
        ),
        get("the outbox", contract::paths::STAFF_OUTBOX.into(), staff_only(&[FrontDoor, OtherHostFrontDoor])),
        get("the report", contract::paths::STAFF_REPORT.into(), staff_only(&[FrontDoor, Mi, OtherHostFrontDoor])),
        get(
            "the report, CSV",
            contract::paths::STAFF_REPORT_CSV.into(),
            staff_only(&[FrontDoor, Mi, OtherHostFrontDoor]),
        ),
        get(
            "the report, workbook",
            contract::paths::STAFF_REPORT_XLSX.into(),
            staff_only(&[FrontDoor, Mi, OtherHostFrontDoor]),
        ),
        get("the access log", contract::paths::STAFF_ACCESS_LOG.into(), staff_only(&[Auditor])),
        get("the access log, CSV", contract::paths::STAFF_ACCESS_LOG_CSV.into(), staff_only(&[Auditor])),
        get("accounts and checks", contract::paths::STAFF_ADMINISTRATION.into(), staff_only(&[Administrator])),
    ];
    let outcome_expect = [Unauthorised, Forbidden, In, In, In, NotFound, Forbidden, Forbidden, Forbidden, NotFound];
    let placing_expect =
        [Unauthorised, In, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden];
    let links_expect =
        [Unauthorised, Unauthorised, Unauthorised, In, Forbidden, Forbidden, Forbidden, Forbidden, Forbidden, NotFound];

    let mut refusals = Vec::new();
    let mut check = |endpoint: &str, caller: Caller, got: StatusCode, body: &[u8], expected: Answer| {
        if status_answer(got) != expected {
            refusals.push(format!(
                "{endpoint} for {caller:?}: {got} ({}), expected {expected:?}",
                String::from_utf8_lossy(body)
            ));
        }
    };
    let headers_of = |caller: Caller| -> Vec<(&'static str, String)> {
        match caller {
            NoOne => vec![],
            PlacingLink => vec![("authorization", format!("Bearer {placing_link}"))],
            ManagerLink => vec![("authorization", format!("Bearer {manager_link}"))],
            c => vec![("cookie", cookies[&c].clone())],
        }
    };
    // Reads first, then the writes (which change the case), the link change last of all.
    for e in endpoints.drain(..) {
        for (i, caller) in CALLERS.into_iter().enumerate() {
            let h = headers_of(caller);
            let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
            let r = relay.call(e.method.clone(), &e.path, &h, Vec::new()).await;
            assert!(e.body.is_none());
            check(e.name, caller, r.status, &r.bytes, e.expect[i]);
        }
    }
    for (i, caller) in CALLERS.into_iter().enumerate() {
        let mut h = headers_of(caller);
        h.push(("content-type", "application/json".into()));
        let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r =
            relay.call(Method::POST, contract::paths::OUTCOMES, &h, serde_json::to_vec(&outcome_body()).unwrap()).await;
        check("recording the outcome", caller, r.status, &r.bytes, outcome_expect[i]);
    }
    for (i, caller) in CALLERS.into_iter().enumerate() {
        let mut h = headers_of(caller);
        h.push(("content-type", "application/json".into()));
        let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let r = relay
            .call(
                Method::POST,
                contract::paths::WITHDRAWALS,
                &h,
                serde_json::to_vec(&withdrawal_sent(i as u32)).unwrap(),
            )
            .await;
        check("withdrawing the consultation", caller, r.status, &r.bytes, placing_expect[i]);
    }
    for (i, caller) in CALLERS.into_iter().enumerate() {
        let mut h = headers_of(caller);
        h.push(("content-type", "application/json".into()));
        let h: Vec<(&str, &str)> = h.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let path = contract::paths::case_link(&reference, &placing_link_id);
        let r = relay.call(Method::POST, &path, &h, serde_json::to_vec(&json!("withdraw")).unwrap()).await;
        check("withdrawing a link", caller, r.status, &r.bytes, links_expect[i]);
    }
    assert!(refusals.is_empty(), "answers the access rules do not give:\n{}", refusals.join("\n"));
}

#[tokio::test]
async fn management_information_reads_case_rows_and_the_report_without_any_child_s_details() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-000000000951").await;
    let mi = sign_in_with(&relay, MI_STAFF_TOKEN).await;
    let as_mi = |path: String| {
        let mi = mi.clone();
        let relay = &relay;
        async move {
            let r = relay.call(Method::GET, &path, &[("cookie", &mi)], Vec::new()).await;
            assert_eq!(r.status, StatusCode::OK, "{path}");
            String::from_utf8_lossy(&r.bytes).into_owned()
        }
    };
    let cases = as_mi(contract::paths::STAFF_CASES.into()).await;
    let rows: contract::queue::CaseQueue = serde_json::from_str(&cases).unwrap();
    assert!(rows.cases.iter().any(|c| c.reference == reference), "MI reads the case's row");
    let child = consultation("x")["child"].clone();
    let placement = consultation("x")["placement"].clone();
    let secrets = [
        child["first_name"].as_str().unwrap(),
        child["surname"].as_str().unwrap(),
        child["date_of_birth"].as_str().unwrap(),
        child["case_id"].as_str().unwrap(),
        child["home_postcode"].as_str().unwrap(),
        placement["address"].as_str().unwrap(),
        placement["postcode"].as_str().unwrap(),
        "care plan.pdf",
    ];
    let dob = placement_rules::Date::parse_iso(child["date_of_birth"].as_str().unwrap()).unwrap().long();
    for (what, text) in [
        ("the case rows", cases),
        ("the report", as_mi(contract::paths::STAFF_REPORT.into()).await),
        ("the report's CSV", as_mi(contract::paths::STAFF_REPORT_CSV.into()).await),
        ("the children placed here", as_mi(contract::paths::STAFF_PLACED.into()).await),
    ] {
        for secret in secrets.iter().copied().chain([dob.as_str()]) {
            assert!(!text.contains(secret), "{what} carry the child's {secret:?}: {text}");
        }
    }
    // The case itself, and its documents, are not MI's.
    let r = relay.call(Method::GET, &contract::paths::case(&reference), &[("cookie", &mi)], Vec::new()).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(String::from_utf8_lossy(&r.bytes).contains("Management Information"), "says which role");
}

#[tokio::test]
async fn an_expired_code_does_not_sign_in_and_says_so() {
    let relay = relay().await;
    let r = relay
        .call(
            Method::POST,
            contract::paths::STAFF_SIGN_IN,
            &[("content-type", "application/json")],
            serde_json::to_vec(&json!({ "token": EXPIRED_STAFF_TOKEN })).unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let yesterday = relay::clock::uk_date(relay::clock::now() - time::Duration::days(1)).long();
    let said = String::from_utf8_lossy(&r.bytes);
    assert!(said.contains(&format!("stopped working on {yesterday}")), "{said}");
    assert!(r.headers.get("set-cookie").is_none(), "no session");
}

#[tokio::test]
async fn a_host_with_single_sign_on_takes_no_codes_and_says_how_its_staff_sign_in() {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let mut config = config(dir.path(), &url);
    let sso: relay::config::SingleSignOn = toml::from_str(
        "issuer = \"https://login.microsoftonline.com/t/v2.0\"\nclient_id = \"app\"\n\
         [[role]]\nclaim = \"OLA.FrontDoor\"\nrole = \"front-door\"\n",
    )
    .unwrap();
    config.hosts.iter_mut().find(|h| h.authority == KENT).unwrap().single_sign_on = Some(sso);
    let relay = relay_with(config, dir).await;
    let r = relay
        .call(
            Method::POST,
            contract::paths::STAFF_SIGN_IN,
            &[("content-type", "application/json")],
            serde_json::to_vec(&json!({ "token": STAFF_TOKEN })).unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let said = String::from_utf8_lossy(&r.bytes);
    assert!(said.contains("Kent staff sign in with their council account"), "{said}");
    // Medway has no single sign-on: its codes work.
    sign_in_with(&relay, MEDWAY_STAFF_TOKEN).await;
    let methods: contract::staff::SignInMethods =
        serde_json::from_slice(&relay.get(contract::paths::STAFF_SIGN_IN, None).await.bytes).unwrap();
    assert_eq!(methods.single_sign_on.iter().map(|s| s.host.name.as_str()).collect::<Vec<_>>(), ["Kent"]);
    assert_eq!(methods.single_sign_on[0].start, "/api/sso/E10000016/start");
    assert!(methods.codes, "for Medway and Surrey");
}
