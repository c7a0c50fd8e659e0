//! Clocks that chase: the host's service manager is reminded two working days before the host's
//! own reply target and once it has passed; a care plan that was to follow a first placement
//! (reg 4(2)) is asked for on the day it is due and again once it is late; a placement planned to
//! end more than 10 working days ago with no end notice is asked about (reg 14). Each reminder is sent once (the `reminders` table
//! records it), from the outbox, with the case reference and a link only. "Today" is an argument,
//! so tests and `relay remind --as-of` move the date instead of waiting for it.

use std::time::Duration;

use placement_rules::Date;
use placement_rules::calendar::Calendar;
use placement_rules::forms::placement_ending::end_notice_deadline;

use crate::clock;
use crate::routing::{EmailPlan, Routing};
use crate::store::Store;

/// Sends every reminder due on `today` and not sent before; returns how many were sent.
pub async fn sweep(store: &Store, routing: &Routing, today: Date) -> sqlx::Result<usize> {
    let mut sent = 0;
    let calendar = Calendar::england_and_wales();
    let awaited = store.outcomes_awaited().await?;
    sent += front_door_digests(store, routing, today, calendar, &awaited).await?;
    for case in awaited {
        let Some(due) = case.reply_due_on.as_deref().and_then(Date::parse_iso) else { continue };
        for (kind, late) in [("reply-due-soon", false), ("reply-overdue", true)] {
            let owed = if late { today > due } else { today >= calendar.working_days_before(due, 2) && today <= due };
            if !owed {
                continue;
            }
            let plan = EmailPlan::OutcomeReminder { division: case.division.clone(), due: due.long(), late };
            let emails = routing.render(&case.host, &plan, &case.reference, &case.reference);
            let detail = if late {
                format!("Reminder sent: the reply was due by {}", due.long())
            } else {
                format!("Reminder sent: the reply is due by {}", due.long())
            };
            if store.remind(&case.reference, kind, &today.to_string(), &emails, &detail).await? {
                sent += 1;
            }
        }
    }
    for case in store.ends_awaited().await? {
        let (Some(planned), Some(worker)) =
            (case.planned_end_on.as_deref().and_then(Date::parse_iso), &case.social_worker_email)
        else {
            continue;
        };
        if today <= end_notice_deadline(planned, calendar) {
            continue;
        }
        let plan = EmailPlan::EndNoticeReminder {
            division: case.division.clone(),
            social_worker: worker.clone(),
            planned: planned.long(),
        };
        let emails = routing.render(&case.host, &plan, &case.reference, &case.reference);
        let detail =
            format!("Reminder sent: the placement was planned to end on {}, with no end notice", planned.long());
        if store.remind(&case.reference, "end-notice-overdue", &today.to_string(), &emails, &detail).await? {
            sent += 1;
        }
    }
    for case in store.care_plans_awaited().await? {
        let (Some(due), Some(worker)) =
            (case.care_plan_due_on.as_deref().and_then(Date::parse_iso), &case.social_worker_email)
        else {
            continue;
        };
        for (kind, late) in [("care-plan-due", false), ("care-plan-late", true)] {
            let owed = if late { today > due } else { today >= due };
            if !owed {
                continue;
            }
            let plan = EmailPlan::CarePlanReminder {
                division: case.division.clone(),
                social_worker: worker.clone(),
                due: due.long(),
                late,
            };
            let emails = routing.render(&case.host, &plan, &case.reference, &case.reference);
            let detail = if late {
                format!("Reminder sent: the care plan was due by {} and has not arrived", due.long())
            } else {
                format!("Reminder sent: the care plan is due today, {}", due.long())
            };
            if store.remind(&case.reference, kind, &today.to_string(), &emails, &detail).await? {
                sent += 1;
            }
        }
    }
    Ok(sent)
}

/// Each host's Front Door gets one list a working day of the consultations whose reply is overdue.
async fn front_door_digests(
    store: &Store,
    routing: &Routing,
    today: Date,
    calendar: &Calendar,
    awaited: &[crate::store::CaseRow],
) -> sqlx::Result<usize> {
    if !calendar.is_working_day(today) {
        return Ok(0);
    }
    let mut by_host: std::collections::BTreeMap<&str, Vec<(String, String)>> = std::collections::BTreeMap::new();
    for case in awaited {
        if let Some(due) = case.reply_due_on.as_deref().and_then(Date::parse_iso)
            && today > due
        {
            by_host.entry(case.host.as_str()).or_default().push((case.reference.clone(), due.long()));
        }
    }
    let mut sent = 0;
    for (host, overdue) in by_host {
        let Some(email) = routing.front_door_digest(host, &overdue) else { continue };
        if store.digest(host, &format!("front-door-digest-{today}"), &today.to_string(), &email).await? {
            sent += 1;
        }
    }
    Ok(sent)
}

/// Sweeps at start and then hourly, as of the UK date.
pub async fn run(store: Store, routing: Routing) {
    loop {
        match sweep(&store, &routing, clock::uk_today()).await {
            Ok(0) => {}
            Ok(n) => tracing::info!(reminders = n, "reminders sent"),
            Err(e) => tracing::warn!(error = %e, "reminder sweep failed; it will run again in an hour"),
        }
        tokio::time::sleep(Duration::from_secs(3600)).await;
    }
}
