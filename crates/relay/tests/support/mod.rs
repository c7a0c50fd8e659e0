//! A relay for tests: a temporary database (SQLite, or PostgreSQL when given a URL), the real postcode
//! table, a signing key, a staff account whose token the test knows, and the router driven without a
//! socket. Test data is synthetic; postcodes are those of council and civic buildings.

#![allow(dead_code, reason = "each test file uses a different part")]

pub mod mail_peers;
pub mod process;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, LazyLock};

use axum::Extension;
use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::BodyExt;
use postcodes::PostcodeTable;
use relay::config::Config;
use relay::state::{AppState, StaffAccount, StaffRole};
use relay::store::Store;
use relay::tokens::{Keys, Scope, sha256_hex};
use serde_json::{Value, json};
use tower::ServiceExt;

pub const STAFF_TOKEN: &str = "test-staff-token-front-door";
/// Medway's Front Door: the same relay, another host.
pub const MEDWAY_STAFF_TOKEN: &str = "test-staff-token-medway-front-door";
pub const MI_STAFF_TOKEN: &str = "test-staff-token-kent-management-information";
/// Kent's North/West service manager.
pub const SM_STAFF_TOKEN: &str = "test-staff-token-kent-service-manager-north-west";
/// Kent's South/East service manager.
pub const SE_MANAGER_TOKEN: &str = "test-staff-token-kent-service-manager-south-east";
pub const AUDITOR_TOKEN: &str = "test-staff-token-kent-auditor";
pub const ADMINISTRATOR_TOKEN: &str = "test-staff-token-kent-administrator";
/// A Front Door account whose code stopped working yesterday.
pub const EXPIRED_STAFF_TOKEN: &str = "test-staff-token-kent-expired";
pub const KENT: &str = "E10000016";
pub const MEDWAY: &str = "E06000035";

pub static POSTCODES: LazyLock<Arc<PostcodeTable>> = LazyLock::new(|| {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../var/geodata/uk-postcodes.bin");
    let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}: run scripts/geodata first", path.display()));
    Arc::new(PostcodeTable::from_bytes(bytes).unwrap())
});

pub struct Relay {
    pub app: Router,
    pub state: AppState,
    pub dir: tempfile::TempDir,
}

pub fn config(dir: &std::path::Path, database_url: &str) -> Config {
    let mut config = Config::sample();
    config.database.url = database_url.to_owned();
    config.server.dist = dir.join("dist");
    config.mail.folder = dir.join("mail");
    config.server.public_url = "http://ola.test".into();
    config.server.rate_limit_per_second = 1000;
    config.server.rate_limit_burst = 10_000;
    std::fs::create_dir_all(&config.server.dist).unwrap();
    std::fs::write(
        config.server.dist.join("index.html"),
        "<!DOCTYPE html><title>OLA</title><script type=\"module\">import init from '/app.js';</script>",
    )
    .unwrap();
    config
}

pub async fn relay_with(config: Config, dir: tempfile::TempDir) -> Relay {
    let store = Store::open(&config.database.url).await.unwrap();
    let account = |name: &str, role, host: &str, token: &str| StaffAccount {
        name: name.into(),
        role,
        host: host.into(),
        division: None,
        expires_on: None,
        token_sha256: sha256_hex(token),
    };
    let yesterday = relay::clock::uk_date(relay::clock::now() - time::Duration::days(1)).to_string();
    let staff = vec![
        account("Front Door tester", StaffRole::FrontDoor, KENT, STAFF_TOKEN),
        account("Kent MI tester", StaffRole::ManagementInformation, KENT, MI_STAFF_TOKEN),
        account("Medway tester", StaffRole::FrontDoor, MEDWAY, MEDWAY_STAFF_TOKEN),
        StaffAccount {
            division: Some("north-west".into()),
            ..account("Sam Manager", StaffRole::ServiceManager, KENT, SM_STAFF_TOKEN)
        },
        StaffAccount {
            division: Some("south-east".into()),
            ..account("Sky Manager", StaffRole::ServiceManager, KENT, SE_MANAGER_TOKEN)
        },
        account("Ada Auditor", StaffRole::Auditor, KENT, AUDITOR_TOKEN),
        account("Ari Administrator", StaffRole::Administrator, KENT, ADMINISTRATOR_TOKEN),
        StaffAccount {
            expires_on: Some(yesterday),
            ..account("Old Door", StaffRole::FrontDoor, KENT, EXPIRED_STAFF_TOKEN)
        },
    ];
    let index = std::fs::read_to_string(config.server.dist.join("index.html")).unwrap();
    let templates = std::sync::Arc::new(relay::templates::Templates::load(config.mail.templates.as_deref()).unwrap());
    let state =
        AppState::new(config, store, POSTCODES.clone(), Keys::new(vec![42; 32]).unwrap(), staff, &index, templates);
    // The rate limiter reads the peer address as a socket would supply it.
    let app = relay::app(state.clone()).layer(Extension(ConnectInfo(SocketAddr::from(([127, 0, 0, 1], 40000)))));
    Relay { app, state, dir }
}

/// A new, empty database for one test: a SQLite file in `dir`, or, when OLA_TEST_POSTGRES_URL names
/// a PostgreSQL server (scripts/test starts one), a new database on it. The same tests run on both.
pub async fn database_url(dir: &std::path::Path) -> String {
    let Ok(admin) = std::env::var("OLA_TEST_POSTGRES_URL") else {
        return format!("sqlite://{}", dir.join("ola.sqlite3").display());
    };
    let name = format!("ola_test_{}", relay::tokens::random_secret().unwrap().to_lowercase().replace(['-', '_'], ""));
    let pool = sqlx::PgPool::connect(&admin).await.unwrap();
    sqlx::query(&format!("CREATE DATABASE {name}")).execute(&pool).await.unwrap();
    pool.close().await;
    let (base, _) = admin.rsplit_once('/').unwrap();
    format!("{base}/{name}")
}

/// A relay on a new database.
pub async fn relay() -> Relay {
    let dir = tempfile::tempdir().unwrap();
    let url = database_url(dir.path()).await;
    let config = config(dir.path(), &url);
    relay_with(config, dir).await
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes).unwrap_or(Value::Null)
    }
}

impl Relay {
    pub async fn call(&self, method: Method, uri: &str, headers: &[(&str, &str)], body: Vec<u8>) -> Reply {
        let mut request = Request::builder().method(method).uri(uri);
        for (k, v) in headers {
            request = request.header(*k, *v);
        }
        let response = self.app.clone().oneshot(request.body(Body::from(body)).unwrap()).await.unwrap();
        let status = response.status();
        let headers = response.headers().clone();
        let bytes = response.into_body().collect().await.unwrap().to_bytes().to_vec();
        Reply { status, headers, bytes }
    }

    pub async fn post(&self, uri: &str, body: &Value, token: Option<&str>) -> Reply {
        let auth = token.map(|t| format!("Bearer {t}"));
        let mut headers = vec![("content-type", "application/json")];
        if let Some(a) = &auth {
            headers.push(("authorization", a.as_str()));
        }
        self.call(Method::POST, uri, &headers, serde_json::to_vec(body).unwrap()).await
    }

    pub async fn get(&self, uri: &str, token: Option<&str>) -> Reply {
        let auth = token.map(|t| format!("Bearer {t}"));
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", a.as_str())).collect();
        self.call(Method::GET, uri, &headers, Vec::new()).await
    }

    /// A link token as the emails carry, for a case and purpose.
    pub fn token(&self, scope: Scope, reference: &str) -> String {
        self.state.keys.issue(scope, reference, relay::clock::now() + time::Duration::days(1))
    }

    pub async fn upload_pdf(&self) -> String {
        let pdf = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n".to_vec();
        let r = self
            .call(
                Method::POST,
                "/api/attachments",
                &[("x-file-name", "care%20plan.pdf"), ("content-type", "application/pdf")],
                pdf,
            )
            .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
        r.json()["id"].as_str().unwrap().to_owned()
    }

    /// Submits a valid consultation and returns its reference.
    /// The service manager's outcome for a case, through their link.
    pub async fn record_outcome(&self, reference: &str, id: &str, decision: &str) -> Reply {
        let manager = self.token(Scope::ServiceManager, reference);
        self.post("/api/outcomes", &envelope(id, outcome(reference, decision)), Some(&manager)).await
    }

    pub async fn consult(&self, id: &str) -> String {
        let care_plan = self.upload_pdf().await;
        let r = self.post("/api/consultations", &envelope(id, consultation(&care_plan)), None).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
        r.json()["reference"].as_str().unwrap().to_owned()
    }
}

/// Signs the test's Kent Front Door account in; the session cookie, as a `Cookie` header's value.
pub async fn sign_in(relay: &Relay) -> String {
    sign_in_with(relay, STAFF_TOKEN).await
}

/// Signs in with a staff account's code.
pub async fn sign_in_with(relay: &Relay, token: &str) -> String {
    let r = relay
        .call(
            Method::POST,
            "/api/staff/sign-in",
            &[("content-type", "application/json")],
            serde_json::to_vec(&json!({ "token": token })).unwrap(),
        )
        .await;
    assert_eq!(r.status, StatusCode::OK);
    let cookie = r.headers["set-cookie"].to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Strict"), "{cookie}");
    cookie.split(';').next().unwrap().to_owned()
}

pub fn envelope(id: &str, data: Value) -> Value {
    json!({ "format": 1, "id": id, "rules_version": placement_rules::RULES_VERSION, "data": data })
}

pub fn today() -> placement_rules::Date {
    relay::clock::uk_today()
}

/// A date `days` from today, as the form sends it.
pub fn in_days(days: i64) -> String {
    let mut d = today();
    for _ in 0..days.abs() {
        d = if days > 0 { d.next_day().unwrap() } else { d.previous_day().unwrap() };
    }
    d.to_string()
}

/// A complete consultation: Leeds placing a 14-year-old in a Maidstone children's home.
pub fn consultation(care_plan_id: &str) -> Value {
    let no_risk = json!({ "level": "no-known-risk", "details": "" });
    json!({
        "placing_authority": "E08000035",
        "social_worker": { "name": "Alex Example", "team": "Children in Care 2", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" },
        "team_manager": { "name": "Jo Sample", "team": "", "email": "jo.sample@leeds.gov.uk", "phone": "" },
        "child": {
            "case_id": "LCC-000123", "first_name": "Samira", "surname": "Testchild", "other_names": "",
            "date_of_birth": in_days(-14 * 365), "sex": "female", "gender": "", "ethnicity": "WBRI",
            "uasc": "no", "disability": "no", "disability_details": "", "first_language": "English",
            "interpreter_needed": "no", "home_postcode": "LS1 1UR"
        },
        "legal_status": "C2",
        "placement": {
            "placement_type": "childrens-home", "provider_name": "Example Care Ltd", "ofsted_urn": "SC123456",
            "address": "1 Example Road, Maidstone", "postcode": "ME14 1XQ", "start_date": in_days(30),
            "planned_duration": "Long term", "emergency": "no", "siblings": "no-siblings-in-care"
        },
        "education": { "ehcp": "no" },
        "health": { "camhs": "no" },
        "risks": {
            "self_harm": no_risk, "sexual_exploitation": no_risk, "criminal_exploitation": no_risk,
            "going_missing": no_risk, "substance_misuse": no_risk, "offending": no_risk, "harm_to_others": no_risk,
            "fire_setting": no_risk, "trafficking": no_risk, "radicalisation": no_risk, "other": no_risk
        },
        "deprivation_of_liberty": { "order": "no" },
        "reasons": {
            "needs_assessment": "Needs a small, stable home.", "why_most_suitable": "Matches the assessed needs.",
            "why_out_of_area": "No suitable home in Leeds.", "why_distant": "Away from exploitation risks at home.",
            "wishes_and_feelings": "yes", "wishes_and_feelings_details": "Wants a fresh start.",
            "relatives_consulted": "yes", "iro_consulted": "yes"
        },
        "approver": { "name": "Pat Director", "role": "director-of-childrens-services", "job_title": "", "status": "awaiting-consultation", "date": "" },
        "documents": [{ "kind": "care-plan", "attachment_id": care_plan_id, "file_name": "care plan.pdf" }]
    })
}

pub fn outcome(reference: &str, decision: &str) -> Value {
    let mut o = json!({
        "consultation_reference": reference,
        "responder": { "name": "Chris Manager", "role": "Service manager", "division": "north-west", "email": "chris.manager@kent.gov.uk" },
        "discussion": { "date": today().to_string(), "method": "telephone", "participants": "Chris Manager, Alex Example", "evidence": "Discussed the home and local risks." },
        "views": { "placement": "Experienced home.", "neighbourhood": "Known county lines activity nearby.", "local_services": "CAMHS has capacity." },
        "decision": decision,
        "completed_date": today().to_string()
    });
    if decision == "challenged" {
        o["challenge_reason"] = json!("local-exploitation-risk");
        o["challenge_details"] = json!("County lines activity within a mile of the home.");
    }
    o
}

/// The placing social worker withdraws the consultation: another placement was chosen.
pub fn withdrawal(reference: &str) -> Value {
    json!({
        "consultation_reference": reference, "reason": "another-placement-chosen", "details": "",
        "withdrawn_by": { "name": "Alex Example", "team": "", "email": "alex.example@leeds.gov.uk", "phone": "" }
    })
}

pub fn notification(reference: &str, care_plan_sent: bool) -> Value {
    json!({
        "consultation_reference": reference,
        "placing_authority": "E08000035",
        "sent_by": "placing-authority",
        "notifier": { "name": "Alex Example", "team": "Children in Care 2", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" },
        "child": { "case_id": "LCC-000123", "first_name": "Samira", "surname": "Testchild", "date_of_birth": in_days(-14 * 365) },
        "notification_type": "new",
        "start_date": in_days(30),
        "placement": { "placement_type": "childrens-home", "provider_name": "Example Care Ltd", "ofsted_urn": "SC123456", "address": "1 Example Road, Maidstone", "postcode": "ME14 1XQ" },
        "needs_assessment": "Needs a small, stable home.",
        "why_most_suitable": "Matches the assessed needs.",
        "care_plan_sent_with_consultation": if care_plan_sent { "yes" } else { "no" },
        "documents": [],
        "ehcp": "no",
        "iro": { "name": "Robin Reviewer", "team": "", "email": "", "phone": "" },
        "agencies_informed": { "police": true, "health": true, "virtual_school": true, "youth_justice": false },
        "recipients": told_everyone()
    })
}

/// Reg 13(2): everyone told today, but the s8 contact (there is none) and the parents (withheld
/// under reg 13(3), with the reason).
pub fn told_everyone() -> Value {
    let told = json!({ "answer": "told", "on": today().to_string() });
    json!({
        "child": told, "s34_contact": told, "previous_carer": told, "icb_home": told, "icb_placed": told,
        "gp": told, "new_gp": told, "education": told, "iro": told,
        "parents": { "answer": "not-told", "why_not": "Telling the father where the child lives would put her at risk of significant harm." },
        "s8_contact": { "answer": "no-one" }
    })
}
