//! What follows from the answers so far, said on the page as the person answers: where the
//! placement is and what its distance requires, and which notification timing applies. Every
//! sentence is the rules crate's; this only picks which to say.

use contract::{PlacementCheck, PlacementQuestion};
use leptos::prelude::*;
use placement_rules::Context;
use placement_rules::forms::consultation_request::ConsultationRequest;
use placement_rules::forms::placement_notification::{NotificationType, PlacementNotification, timing_advice};
use serde_json::Value;

use crate::answers;
use crate::hosts::HostsState;
use crate::journeys;
use crate::shared::shared;

/// Where the placement postcode is and what follows, once the rules can tell. Both the request
/// and the notification ask the placing authority and the postcode at the same paths.
pub fn placement_area(answers: &Value, ctx: &Context<'_>) -> Option<String> {
    let mut r =
        ConsultationRequest { placing_authority: answers::text(answers, "placing_authority"), ..Default::default() };
    r.placement.postcode = answers::text(answers, "placement.postcode");
    r.child.home_postcode = answers::text(answers, "child.home_postcode");
    r.assessment(ctx).map(|a| a.said())
}

/// The notification's timing rule, said before it bites.
pub fn notification_timing(answers: &Value, ctx: &Context<'_>) -> Option<String> {
    let kind: NotificationType = serde_json::from_value(answers::get(answers, "notification_type").clone()).ok()?;
    let start =
        placement_rules::date::parse_answer(&answers::text(answers, "start_date"), "start_date", "").ok().flatten()?;
    let postcode = answers::text(answers, "placement.postcode");
    let host = placement_rules::locate::locate(&postcode, ctx).ok().and_then(|w| w.host);
    Some(timing_advice(
        kind,
        start,
        ctx.today,
        ctx.calendar,
        host.map_or("the host council", |h| h.short_name.as_str()),
    ))
}

/// A postcode outside the served hosts, with the placing authority: the question to ask the relay,
/// which holds every UK postcode (the browser holds only the served hosts').
pub fn elsewhere_question(answers: &Value, ctx: &Context<'_>) -> Option<PlacementQuestion> {
    let postcode = answers::text(answers, "placement.postcode");
    let placing = answers::text(answers, "placing_authority");
    let outside = matches!(
        placement_rules::locate::locate(&postcode, ctx),
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
    // A postcode outside the served hosts is the relay's to place: the question, and its answer.
    let question = Memo::new(move |_| {
        let geo = s.geography();
        let ctx = geo.context(s.today);
        (which == journeys::Explainer::PlacementArea).then(|| s.answers.with(|a| elsewhere_question(a, &ctx))).flatten()
    });
    let elsewhere: RwSignal<Option<String>> = RwSignal::new(None);
    Effect::new(move |_| {
        elsewhere.set(None);
        let Some(asked) = question.get() else { return };
        leptos::task::spawn_local(async move {
            let said = ask_elsewhere(&asked).await;
            // Only if the person has not changed the answers meanwhile.
            if question.get_untracked().as_ref() == Some(&asked) {
                elsewhere.set(said);
            }
        });
    });
    let said = Memo::new(move |_| {
        if question.get().is_some() {
            return elsewhere.get();
        }
        let geo = s.geography();
        let ctx = geo.context(s.today);
        s.answers.with(|a| match which {
            journeys::Explainer::PlacementArea => placement_area(a, &ctx).or_else(|| match s.hosts.0.get() {
                HostsState::Loading | HostsState::NotLoaded | HostsState::Ready(_, None) => {
                    Some("Checking the postcodes this service covers…".to_owned())
                }
                HostsState::Failed => Some(
                    "We could not load the postcodes this service covers on this device. We will check the postcode when you send this."
                        .to_owned(),
                ),
                HostsState::Ready(_, Some(_)) => None,
            }),
            journeys::Explainer::NotificationTiming => notification_timing(a, &ctx),
        })
    });
    view! {
        <div class="govuk-inset-text" aria-live="polite" id="what-follows">{move || said.get()}</div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use placement_rules::adjacency::Adjacency;
    use placement_rules::calendar::Calendar;
    use placement_rules::context::DEFAULT_SECURE_EMAIL_DOMAINS;
    use placement_rules::geography::TableGeography;
    use placement_rules::host::{District, Division, HostConfig};
    use placement_rules::{Date, Register};

    // Fictional councils: the app's code, its tests included, names no real one. Southshire is a
    // county with two divisions; Riverton adjoins it; Northshire is far away.
    const NORTHSHIRE: &str = "E10000901";
    const SOUTHSHIRE: &str = "E10000902";
    const RIVERTON: &str = "E06000903";

    struct World {
        register: Register,
        adjacency: Adjacency,
        hosts: Vec<HostConfig>,
        geography: TableGeography,
    }

    fn world() -> World {
        let register = Register::from_csv(
            &format!(
                "gss_code,dfe_code,name,country,region_name\n{NORTHSHIRE},901,Northshire,England,\n\
                 {SOUTHSHIRE},902,Southshire,England,\n{RIVERTON},903,Riverton,England,"
            ),
            "former,current\n",
        )
        .unwrap();
        let adjacency = Adjacency::from_csv(
            &format!("authority_a,authority_b,state,basis,close_pairs,nearest_m,note\n{SOUTHSHIRE},{RIVERTON},adjoining,derived,10,100,"),
            &[NORTHSHIRE, SOUTHSHIRE, RIVERTON],
        )
        .unwrap();
        let division = |id: &str, name: &str| Division { id: id.into(), name: name.into() };
        let district = |gss: &str, name: &str, division: &str| District {
            gss: gss.into(),
            name: name.into(),
            division: division.into(),
        };
        let hosts = vec![HostConfig {
            authority: SOUTHSHIRE.into(),
            name: "Southshire County Council".into(),
            short_name: "Southshire".into(),
            divisions: vec![division("north", "North"), division("south", "South")],
            districts: vec![district("E07000901", "Hillford", "north"), district("E07000902", "Seaborough", "south")],
            accepts_provider_notices: false,
        }];
        let geography =
            TableGeography::new(true).with("AB1 1AA", SOUTHSHIRE, "E07000901").with("AB2 2BB", SOUTHSHIRE, "E07000902");
        World { register, adjacency, hosts, geography }
    }

    fn ctx(w: &World) -> Context<'_> {
        Context {
            today: Date::from_ymd(2026, 11, 23).unwrap(),
            register: &w.register,
            adjacency: &w.adjacency,
            calendar: Calendar::england_and_wales(),
            hosts: &w.hosts,
            geography: &w.geography,
            secure_email_domains: &DEFAULT_SECURE_EMAIL_DOMAINS,
        }
    }

    fn answers(placing: &str, postcode: &str) -> Value {
        serde_json::json!({"placing_authority": placing, "placement": {"postcode": postcode}})
    }

    #[test]
    fn the_rules_say_where_the_placement_is_and_what_follows() {
        let w = world();
        let said = placement_area(&answers(NORTHSHIRE, "ab1 1aa"), &ctx(&w)).unwrap();
        assert!(
            said.starts_with(
                "This postcode is in Hillford, in Southshire's North division. Northshire does not adjoin Southshire"
            ),
            "{said}"
        );
        let said = placement_area(&answers(RIVERTON, "AB2 2BB"), &ctx(&w)).unwrap();
        assert!(
            said.contains("Seaborough, in Southshire's South division") && said.contains("Riverton adjoins Southshire"),
            "{said}"
        );
        assert!(placement_area(&answers("", "AB2 2BB"), &ctx(&w)).is_none(), "no placing authority yet");
    }

    #[test]
    fn a_postcode_outside_the_served_hosts_is_asked_of_the_relay() {
        let w = world();
        let asked = elsewhere_question(&answers(NORTHSHIRE, "ZZ1 1ZZ"), &ctx(&w)).unwrap();
        assert_eq!((asked.placing.as_str(), asked.postcode.as_str()), (NORTHSHIRE, "ZZ1 1ZZ"));
        assert!(
            elsewhere_question(&answers(NORTHSHIRE, "AB1 1AA"), &ctx(&w)).is_none(),
            "a served host's is known here"
        );
        assert!(elsewhere_question(&answers("", "ZZ1 1ZZ"), &ctx(&w)).is_none(), "no placing authority yet");
    }

    #[test]
    fn the_notification_timing_is_said_before_it_bites() {
        let w = world();
        let a = serde_json::json!({"notification_type": "emergency", "start_date": "2026-11-20", "placement": {"postcode": "AB1 1AA"}});
        let said = notification_timing(&a, &ctx(&w)).unwrap();
        assert!(said.starts_with("For an emergency placement, notify Southshire within 5 working days"), "{said}");
        let a = serde_json::json!({"notification_type": "emergency", "start_date": "2026-11-20"});
        let said = notification_timing(&a, &ctx(&w)).unwrap();
        assert!(said.starts_with("For an emergency placement, notify the host council within 5"), "{said}");
        let a = serde_json::json!({"notification_type": "new", "start_date": "2027-1-14"});
        assert_eq!(
            notification_timing(&a, &ctx(&w)).unwrap(),
            "Send this notification before the placement starts on 14 January 2027."
        );
        assert!(notification_timing(&serde_json::json!({}), &ctx(&w)).is_none());
    }
}
