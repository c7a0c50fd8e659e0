//! One relay, several hosts: the placement postcode's host decides where a consultation goes, and
//! each host's staff see their own cases only. The app learns the hosts from `GET /api/hosts`.

mod support;

use axum::http::{Method, StatusCode};
use contract::hosts::Hosts;
use contract::{Me, PlacementCheck};
use relay::tokens::Scope;
use serde_json::json;
use support::*;

async fn as_staff(relay: &Relay, cookie: &str, uri: &str) -> Reply {
    relay.call(Method::GET, uri, &[("cookie", cookie)], Vec::new()).await
}

/// A consultation into Medway (Gun Wharf, Chatham): a unitary with one team.
async fn consult_medway(relay: &Relay, id: &str) -> String {
    let care_plan = relay.upload_pdf().await;
    let mut data = consultation(&care_plan);
    data["placement"]["postcode"] = json!("ME4 4TR");
    let r = relay.post("/api/consultations", &envelope(id, data), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    r.json()["reference"].as_str().unwrap().to_owned()
}

#[tokio::test]
async fn each_consultation_reaches_its_own_hosts_front_door_and_service_manager() {
    let relay = relay().await;
    let kent = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000b001").await;
    let medway = consult_medway(&relay, "0190f3a2-7c1e-7d33-9a4e-00000000b002").await;
    let to = |rows: Vec<relay::store::OutboxRow>, case: &str| -> Vec<String> {
        rows.into_iter().filter(|e| e.case_reference == case).map(|e| e.to_addr).collect()
    };
    assert_eq!(
        to(relay.state.store.outbox(KENT).await.unwrap(), &kent),
        ["frontdoor@kent.invalid", "ola.northwest.sm@kent.invalid", "alex.example@leeds.gov.uk"]
    );
    let medway_emails = relay.state.store.outbox(MEDWAY).await.unwrap();
    assert_eq!(
        to(medway_emails.clone(), &medway),
        ["frontdoor@medway.invalid", "childrens.placements.sm@medway.invalid", "alex.example@leeds.gov.uk"]
    );
    assert!(medway_emails.iter().all(|e| e.case_reference != kent), "Kent's emails are not Medway's");
    assert!(medway_emails[0].subject.starts_with("Medway OLA"), "{}", medway_emails[0].subject);

    // The placing social worker's page names the host that has the case.
    let placing = relay.token(Scope::Placing, &medway);
    let view: contract::CaseView =
        serde_json::from_slice(&relay.get(&format!("/api/cases/{medway}"), Some(&placing)).await.bytes).unwrap();
    assert_eq!(view.host, "Medway");
    assert_eq!(view.host_code, MEDWAY);
}

#[tokio::test]
async fn a_hosts_staff_see_their_own_cases_only() {
    let relay = relay().await;
    let kent = relay.consult("0190f3a2-7c1e-7d33-9a4e-00000000b011").await;
    let medway = consult_medway(&relay, "0190f3a2-7c1e-7d33-9a4e-00000000b012").await;
    let kent_staff = sign_in_with(&relay, STAFF_TOKEN).await;
    let medway_staff = sign_in_with(&relay, MEDWAY_STAFF_TOKEN).await;

    let me: Me = serde_json::from_slice(&as_staff(&relay, &medway_staff, "/api/staff/me").await.bytes).unwrap();
    assert_eq!(me.host.name, "Medway Council");

    let listed = |bytes: &[u8]| -> Vec<String> {
        let list: contract::queue::CaseQueue = serde_json::from_slice(bytes).unwrap();
        list.cases.into_iter().map(|c| c.reference).collect()
    };
    assert_eq!(listed(&as_staff(&relay, &kent_staff, "/api/staff/cases").await.bytes), vec![kent.clone()]);
    assert_eq!(listed(&as_staff(&relay, &medway_staff, "/api/staff/cases").await.bytes), vec![medway.clone()]);

    // Another host's case is not there at all, by its page, its report or its emails.
    assert_eq!(as_staff(&relay, &medway_staff, &format!("/api/cases/{kent}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(as_staff(&relay, &kent_staff, &format!("/api/cases/{medway}")).await.status, StatusCode::NOT_FOUND);
    assert_eq!(as_staff(&relay, &medway_staff, &format!("/api/cases/{medway}")).await.status, StatusCode::OK);
    let csv = String::from_utf8(as_staff(&relay, &kent_staff, "/api/staff/report.csv").await.bytes).unwrap();
    assert!(csv.contains(&kent) && !csv.contains(&medway), "{csv}");
    let outbox = String::from_utf8(as_staff(&relay, &medway_staff, "/api/staff/outbox").await.bytes).unwrap();
    assert!(outbox.contains(&medway) && !outbox.contains(&kent), "{outbox}");
}

#[tokio::test]
async fn a_host_with_one_team_records_its_outcome_without_a_division() {
    let relay = relay().await;
    let medway = consult_medway(&relay, "0190f3a2-7c1e-7d33-9a4e-00000000b021").await;
    let manager = relay.token(Scope::ServiceManager, &medway);
    let mut answer = outcome(&medway, "agreed");
    // Medway has one team: its service manager names no division.
    answer["responder"]["division"] = json!("");
    let r =
        relay.post("/api/outcomes", &envelope("0190f3a2-7c1e-7d33-9a4e-00000000b022", answer), Some(&manager)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let sent: Vec<String> = relay.state.store.outbox(MEDWAY).await.unwrap().into_iter().map(|e| e.to_addr).collect();
    assert!(sent.contains(&"placements.mi@medway.invalid".to_owned()), "{sent:?}");
}

#[tokio::test]
async fn the_app_learns_the_hosts_and_their_postcodes_from_the_relay() {
    let relay = relay().await;
    let r = relay.get("/api/hosts", None).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.headers["cache-control"], "no-cache");
    let hosts: Hosts = serde_json::from_slice(&r.bytes).unwrap();
    let names: Vec<&str> = hosts.hosts.iter().map(|h| h.rules.short_name.as_str()).collect();
    assert_eq!(names, ["Kent", "Medway", "Surrey"]);
    assert!(!String::from_utf8_lossy(&r.bytes).contains("sm@"), "no staff mailbox reaches the app");

    let squeezed = relay.call(Method::GET, &hosts.postcodes, &[("accept-encoding", "br")], Vec::new()).await;
    assert_eq!(squeezed.headers["content-encoding"], "br", "sent compressed to a browser that takes it");
    let table = relay.get(&hosts.postcodes, None).await;
    assert_eq!(table.status, StatusCode::OK);
    assert!(squeezed.bytes.len() * 3 < table.bytes.len(), "{} of {} bytes", squeezed.bytes.len(), table.bytes.len());
    assert!(table.headers["cache-control"].to_str().unwrap().contains("immutable"));
    let table = postcodes::PostcodeTable::from_bytes(table.bytes).unwrap();
    let pc = |t: &str| placement_rules::text::Postcode::parse(t).unwrap();
    assert_eq!(table.get(&pc("ME4 4TR")).unwrap().upper_tier, MEDWAY);
    assert_eq!(table.get(&pc("ME14 1XQ")).unwrap().upper_tier, KENT);
    assert_eq!(table.get(&pc("GU1 4LH")).map(|e| e.upper_tier), Some("E10000030".to_owned()), "Guildford, Surrey");
    assert!(table.get(&pc("TN34 3UY")).is_none(), "East Sussex is not served");
    assert_eq!(table.upper_tiers().len(), 3);
    let stale = relay.get("/api/hosts/postcodes-0000000000000000.bin", None).await;
    assert_eq!(stale.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn a_postcode_in_a_council_not_served_is_named_with_how_to_reach_it() {
    let relay = relay().await;
    let ask = |postcode: &str| json!({ "placing": "E08000035", "postcode": postcode });
    let r = relay.post("/api/placement-check", &ask("TN34 3UY"), None).await;
    assert_eq!(r.status, StatusCode::OK, "{}", String::from_utf8_lossy(&r.bytes));
    let check: PlacementCheck = serde_json::from_slice(&r.bytes).unwrap();
    assert!(!check.served);
    assert_eq!(check.host.name, "East Sussex");
    assert!(
        check.said.starts_with("This postcode is in East Sussex, which this service does not cover."),
        "{}",
        check.said
    );
    assert!(check.said.contains("Contact East Sussex's children's services"), "{}", check.said);
    assert!(check.said.contains("Leeds does not adjoin East Sussex, so this is a distant placement"), "{}", check.said);

    let wales: PlacementCheck =
        serde_json::from_slice(&relay.post("/api/placement-check", &ask("CF10 4UW"), None).await.bytes).unwrap();
    assert!(
        wales.said.contains("in Wales") && wales.said.contains("Welsh out-of-area notification protocol"),
        "{}",
        wales.said
    );
    let scotland: PlacementCheck =
        serde_json::from_slice(&relay.post("/api/placement-check", &ask("G1 1DU"), None).await.bytes).unwrap();
    assert!(scotland.said.contains("in Scotland") && scotland.said.contains("undertaking"), "{}", scotland.said);

    let served: PlacementCheck =
        serde_json::from_slice(&relay.post("/api/placement-check", &ask("ME4 4TR"), None).await.bytes).unwrap();
    assert!(served.served && served.said.starts_with("This postcode is in Medway."), "{}", served.said);
}
