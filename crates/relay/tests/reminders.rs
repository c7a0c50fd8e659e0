//! Clocks that chase, with the date moved rather than waited for, each reminder sent once:
//! - the host's reply target: the division's service manager two working days before it and once
//!   it has passed (Front Door then too);
//! - reg 4(2): a first placement's care plan follows within 10 working days; the placing social
//!   worker is chased on the day and once it is late, and the host sees the plan arrive.

mod support;

use axum::http::{Method, StatusCode};
use contract::CaseView;
use placement_rules::Date;
use placement_rules::calendar::Calendar;
use placement_rules::forms::placement_notification::care_plan_due;
use relay::reminders::sweep;
use relay::tokens::Scope;
use serde_json::json;
use support::*;

/// The emails about `reference` to `to` whose subject says `what`.
async fn emails(relay: &Relay, reference: &str, to: &str, what: &str) -> Vec<relay::store::OutboxRow> {
    let all = relay.state.store.outbox(KENT).await.unwrap();
    all.into_iter().filter(|e| e.case_reference == reference && e.to_addr == to && e.subject.contains(what)).collect()
}

#[tokio::test]
async fn a_care_plan_to_follow_is_due_chased_once_on_the_day_and_once_late_then_seen_arriving() {
    let relay = relay().await;
    let mut n = notification("", false);
    n["notification_type"] = json!("emergency");
    n["start_date"] = json!(in_days(-3));
    n["care_plan_to_follow"] = json!("yes");
    n["first_placement"] = json!("yes");
    let r = relay.post("/api/notifications", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000c0001", n), None).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let reference = r.json()["case_reference"].as_str().unwrap().to_owned();
    let start = Date::parse_iso(&in_days(-3)).unwrap();
    let due = care_plan_due(start, Calendar::england_and_wales());
    let placing = relay.token(Scope::Placing, &reference);
    let seen: CaseView =
        serde_json::from_slice(&relay.get(&format!("/api/cases/{reference}"), Some(&placing)).await.bytes).unwrap();
    assert_eq!(seen.summary.care_plan_due_on, Some(due));
    assert!(seen.may.send_documents);

    let store = &relay.state.store;
    let routing = &relay.state.routing;
    assert_eq!(sweep(store, routing, due.previous_day().unwrap()).await.unwrap(), 0, "nothing before the day");
    assert_eq!(sweep(store, routing, due).await.unwrap(), 1, "on the day it is due");
    assert_eq!(sweep(store, routing, due).await.unwrap(), 0, "once");
    let due_today = emails(&relay, &reference, "alex.example@leeds.gov.uk", "care plan due today").await;
    assert_eq!(due_today.len(), 1);
    assert!(due_today[0].body.contains(&format!("/case/{reference}#token=")), "{}", due_today[0].body);
    assert!(due_today[0].body.contains(&due.long()), "the date in words: {}", due_today[0].body);
    assert!(!due_today[0].body.contains("Samira"), "no child's details");

    let next = due.next_day().unwrap();
    assert_eq!(sweep(store, routing, next).await.unwrap(), 1, "the day after, it is late");
    assert_eq!(sweep(store, routing, next.next_day().unwrap()).await.unwrap(), 0, "once");
    assert_eq!(emails(&relay, &reference, "alex.example@leeds.gov.uk", "care plan overdue").await.len(), 1);
    assert_eq!(
        emails(&relay, &reference, "frontdoor@kent.invalid", "care plan overdue").await.len(),
        1,
        "Front Door hears"
    );

    // The social worker sends the care plan from their link; the host sees it arrive.
    let care_plan = relay.upload_pdf().await;
    let sent = json!({
        "case_reference": reference,
        "documents": [{ "kind": "care-plan", "attachment_id": care_plan, "file_name": "care plan.pdf" }],
        "note": "Agreed at the care planning meeting.",
        "sent_by": { "name": "Alex Example", "team": "", "email": "alex.example@leeds.gov.uk", "phone": "0113 496 0000" }
    });
    let r = relay.post("/api/documents", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000c0002", sent), Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let cookie = sign_in(&relay).await;
    let host: CaseView = serde_json::from_slice(
        &relay
            .call(Method::GET, &format!("/api/cases/{reference}"), &[("cookie", cookie.as_str())], Vec::new())
            .await
            .bytes,
    )
    .unwrap();
    assert_eq!(host.summary.care_plan_received_on, Some(today()));
    assert_eq!(host.documents_sent[0].answers.note, "Agreed at the care planning meeting.");
    assert!(host.documents.iter().any(|d| d.id == care_plan), "the file is on the case");
    let timeline = host.timeline.unwrap();
    assert!(timeline.iter().any(|t| t.what.starts_with("Reminder sent: the care plan is due today")), "{timeline:?}");
    assert!(
        timeline.iter().any(|t| t.what == "Documents received from the placing authority: Care plan"),
        "{timeline:?}"
    );
    let subjects: Vec<String> = store.outbox(KENT).await.unwrap().into_iter().map(|e| e.subject).collect();
    assert!(subjects.iter().any(|s| s.contains(&reference) && s.contains("care plan received")), "{subjects:?}");
    // Received: nothing more is chased.
    assert_eq!(sweep(store, routing, next.next_day().unwrap().next_day().unwrap()).await.unwrap(), 0);
}

#[tokio::test]
async fn the_service_manager_is_reminded_before_the_reply_date_and_once_it_has_passed() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-0000000c0101").await;
    let case = relay.state.store.case(&reference).await.unwrap().unwrap();
    let due = Date::parse_iso(case.reply_due_on.as_deref().unwrap()).unwrap();
    let calendar = Calendar::england_and_wales();
    let soon = calendar.working_days_before(due, 2);
    let (store, routing) = (&relay.state.store, &relay.state.routing);
    let manager = "ola.northwest.sm@kent.invalid";

    assert_eq!(sweep(store, routing, soon.previous_day().unwrap()).await.unwrap(), 0, "not yet");
    assert_eq!(sweep(store, routing, soon).await.unwrap(), 1, "two working days before");
    assert_eq!(sweep(store, routing, due).await.unwrap(), 0, "once");
    let reminded = emails(&relay, &reference, manager, "consultation reply due in 2 working days").await;
    assert_eq!(reminded.len(), 1);
    assert!(reminded[0].body.contains(&format!("/outcome/{reference}#token=")), "the manager's own link");
    assert!(reminded[0].body.contains(&due.long()));

    // The next working day: the overdue reminder, and Front Door's daily list.
    let after = calendar.add_working_days(due, 1);
    assert_eq!(sweep(store, routing, after).await.unwrap(), 2, "overdue, and the day's list");
    assert_eq!(sweep(store, routing, after).await.unwrap(), 0, "once each");
    assert_eq!(emails(&relay, &reference, manager, "consultation reply overdue").await.len(), 1);
    assert_eq!(emails(&relay, &reference, "frontdoor@kent.invalid", "consultation reply overdue").await.len(), 1);
    // Filed under the host's code, not a case: the host's staff see it in their outbox.
    let digest: Vec<_> =
        store.outbox(KENT).await.unwrap().into_iter().filter(|e| e.subject.contains("replies overdue")).collect();
    assert_eq!(digest.len(), 1);
    assert_eq!(digest[0].to_addr, "frontdoor@kent.invalid");
    assert!(digest[0].subject.ends_with("Kent OLA: 1 consultation replies overdue"), "{}", digest[0].subject);
    assert!(digest[0].body.contains(&format!("{reference}: reply was due by {}", due.long())), "{}", digest[0].body);
    assert!(digest[0].body.contains(&format!("/staff/cases/{reference}")));

    // An answered consultation is not chased; the list goes again the next working day while one is overdue.
    let other = relay.consult("0190f3a2-7c1e-7d33-9a4e-0000000c0102").await;
    let r = relay.record_outcome(&other, "0190f3a2-7c1e-7d33-9a4e-0000000c0103", "agreed").await;
    assert_eq!(r.status, StatusCode::CREATED);
    assert_eq!(sweep(store, routing, calendar.add_working_days(due, 2)).await.unwrap(), 1, "only the next day's list");
}

/// Reg 14: a placement planned to end, with no end notice 10 working days after the planned end,
/// is asked about once; an ended one is not.
#[tokio::test]
async fn a_planned_end_with_no_end_notice_is_asked_about_once() {
    let relay = relay().await;
    let reference = relay.consult("0190f3a2-7c1e-7d33-9a4e-0000000c0201").await;
    let placing = relay.token(Scope::Placing, &reference);
    let mut n = notification(&reference, true);
    n["planned_end_date"] = json!(in_days(60));
    let r =
        relay.post("/api/notifications", &envelope("0190f3a2-7c1e-7d33-9a4e-0000000c0202", n), Some(&placing)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", String::from_utf8_lossy(&r.bytes));
    let planned = Date::parse_iso(&in_days(60)).unwrap();
    let calendar = Calendar::england_and_wales();
    let deadline = placement_rules::forms::placement_ending::end_notice_deadline(planned, calendar);
    let (store, routing) = (&relay.state.store, &relay.state.routing);
    // Sweeps far enough on also send Front Door's list and the service manager's reminders for
    // other cases; this case's end-notice email is what is counted.
    let asked = || emails(&relay, &reference, "alex.example@leeds.gov.uk", "has the placement ended?");
    sweep(store, routing, deadline).await.unwrap();
    assert!(asked().await.is_empty(), "not before 10 working days have passed");
    sweep(store, routing, deadline.next_day().unwrap()).await.unwrap();
    sweep(store, routing, deadline.next_day().unwrap().next_day().unwrap()).await.unwrap();
    let sent = asked().await;
    assert_eq!(sent.len(), 1, "once");
    assert!(sent[0].body.contains(&planned.long()) && sent[0].body.contains(&format!("/case/{reference}#token=")));
}
