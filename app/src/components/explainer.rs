//! What follows from the answers so far, said on the page as the person answers: where the
//! placement is and what its distance requires, and which notification timing applies. Every
//! sentence is the rules crate's; this only picks which to say.

use contract::{PlacementCheck, PlacementQuestion};
use leptos::prelude::*;
use placement_rules::Date;
use placement_rules::forms::consultation_request::ConsultationRequest;
use placement_rules::forms::placement_notification::{NotificationType, PlacementNotification, timing_advice};
use serde_json::Value;

use crate::answers;
use crate::hosts::{BrowserGeography, HostsState};
use crate::journeys;
use crate::shared::shared;

/// Where the placement postcode is and what follows, once the rules can tell. Both the request
/// and the notification ask the placing authority and the postcode at the same paths.
pub fn placement_area(answers: &Value, geography: &BrowserGeography, today: Date) -> Option<String> {
    let mut r =
        ConsultationRequest { placing_authority: answers::text(answers, "placing_authority"), ..Default::default() };
    r.placement.postcode = answers::text(answers, "placement.postcode");
    r.child.home_postcode = answers::text(answers, "child.home_postcode");
    let ctx = geography.context(today);
    r.assessment(&ctx).map(|a| a.said())
}

/// The notification's timing rule, said before it bites.
pub fn notification_timing(answers: &Value, geography: &BrowserGeography, today: Date) -> Option<String> {
    let kind: NotificationType = serde_json::from_value(answers::get(answers, "notification_type").clone()).ok()?;
    let start =
        placement_rules::date::parse_answer(&answers::text(answers, "start_date"), "start_date", "").ok().flatten()?;
    let ctx = geography.context(today);
    let postcode = answers::text(answers, "placement.postcode");
    let host = placement_rules::locate::locate(&postcode, &ctx).ok().and_then(|w| w.host);
    Some(timing_advice(kind, start, today, ctx.calendar, host.map_or("the host council", |h| h.short_name.as_str())))
}

/// A postcode outside the served hosts, with the placing authority: the question to ask the relay,
/// which holds every UK postcode (the browser holds only the served hosts').
pub fn elsewhere_question(answers: &Value, geography: &BrowserGeography, today: Date) -> Option<PlacementQuestion> {
    let ctx = geography.context(today);
    let postcode = answers::text(answers, "placement.postcode");
    let placing = answers::text(answers, "placing_authority");
    let outside = matches!(
        placement_rules::locate::locate(&postcode, &ctx),
        Err(placement_rules::locate::NotLocated::NotInHostTable)
    );
    (outside && !placing.is_empty()).then_some(PlacementQuestion { placing, postcode, home: None })
}

/// Asks the relay where a postcode outside the served hosts is; the answer, in words, or nothing
/// when offline (the form's own message says to contact that council directly).
async fn ask_elsewhere(question: &PlacementQuestion) -> Option<String> {
    let answer = crate::fetch::post_json(contract::paths::PLACEMENT_CHECK, question).await.ok()?;
    serde_json::from_value::<PlacementCheck>(answer).ok().map(|c| c.said)
}

/// What a notification says differently from the consultation it follows.
pub fn changes_since_consultation(answers: &Value, origin: &Value) -> Vec<&'static str> {
    match (answers::typed::<PlacementNotification>(answers), answers::typed::<ConsultationRequest>(origin)) {
        (Ok(n), Ok(r)) => n.changes_from(&r),
        _ => Vec::new(),
    }
}

#[component]
pub fn Explainer(which: journeys::Explainer) -> impl IntoView {
    let s = shared();
    // The relay's answer for a postcode in a council this service does not serve, with its question.
    let elsewhere: RwSignal<Option<(PlacementQuestion, Option<String>)>> = RwSignal::new(None);
    Effect::new(move |_| {
        let geo = s.geography();
        let question = s.answers.with(|a| elsewhere_question(a, &geo, s.today));
        let Some(question) = question else { return };
        if elsewhere.with_untracked(|e| e.as_ref().is_some_and(|(q, _)| *q == question)) {
            return;
        }
        elsewhere.set(Some((question.clone(), None)));
        leptos::task::spawn_local(async move {
            let said = ask_elsewhere(&question).await;
            elsewhere.update(|e| {
                if let Some((q, answer)) = e.as_mut()
                    && *q == question
                {
                    *answer = said;
                }
            });
        });
    });
    let said = Memo::new(move |_| {
        let geo = s.geography();
        let question = s.answers.with(|a| elsewhere_question(a, &geo, s.today));
        if let Some(question) = question {
            return elsewhere.with(|e| e.as_ref().filter(|(q, _)| *q == question).and_then(|(_, said)| said.clone()));
        }
        s.answers.with(|a| match which {
            journeys::Explainer::PlacementArea => placement_area(a, &geo, s.today).or_else(|| match s.hosts.0.get() {
                HostsState::Loading | HostsState::NotLoaded | HostsState::Ready(_, None) => {
                    Some("Checking the postcodes this service covers…".to_owned())
                }
                HostsState::Failed => Some(
                    "We could not load the postcodes this service covers on this device. We will check the postcode when you send this."
                        .to_owned(),
                ),
                HostsState::Ready(_, Some(_)) => None,
            }),
            journeys::Explainer::NotificationTiming => notification_timing(a, &geo, s.today),
        })
    });
    view! {
        <div class="govuk-inset-text" aria-live="polite" id="what-follows">{move || said.get()}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postcodes::{PostcodeTable, TableBuilder};
    use std::sync::Arc;

    fn kent() -> BrowserGeography {
        let mut b = TableBuilder::new();
        b.add("ME14 1XQ", "E07000110", "E10000016", None);
        b.add("CT9 1XZ", "E07000114", "E10000016", None);
        let table = PostcodeTable::from_bytes(b.build("test", false, true)).unwrap();
        crate::hosts::tests_support::geography(Arc::new(table), vec![placement_rules::host::HostConfig::kent().clone()])
    }

    fn answers(placing: &str, postcode: &str) -> Value {
        serde_json::json!({"placing_authority": placing, "placement": {"postcode": postcode}})
    }

    #[test]
    fn the_rules_say_where_the_placement_is_and_what_follows() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let said = placement_area(&answers("E08000035", "me14 1xq"), &kent(), today).unwrap();
        assert!(
            said.starts_with(
                "This postcode is in Maidstone, in Kent's North/West division. Leeds does not adjoin Kent"
            ),
            "{said}"
        );
        let said = placement_area(&answers("E06000035", "CT9 1XZ"), &kent(), today).unwrap();
        assert!(said.contains("South/East") && said.contains("Medway adjoins Kent"), "{said}");
        assert!(placement_area(&answers("", "CT9 1XZ"), &kent(), today).is_none(), "no placing authority yet");
    }

    #[test]
    fn the_notification_timing_is_said_before_it_bites() {
        let today = Date::from_ymd(2026, 11, 23).unwrap();
        let a = serde_json::json!({"notification_type": "emergency", "start_date": "2026-11-20", "placement": {"postcode": "ME14 1XQ"}});
        let said = notification_timing(&a, &kent(), today).unwrap();
        assert!(said.starts_with("For an emergency placement, notify Kent within 5 working days"), "{said}");
        let a = serde_json::json!({"notification_type": "new", "start_date": "2027-1-14"});
        assert_eq!(
            notification_timing(&a, &kent(), today).unwrap(),
            "Send this notification before the placement starts on 14 January 2027."
        );
        assert!(notification_timing(&serde_json::json!({}), &kent(), today).is_none());
    }
}
