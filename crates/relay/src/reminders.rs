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
use crate::store::{CaseRow, Store};

/// Sends every reminder due on `today` and not sent before; returns how many were sent.
pub async fn sweep(store: &Store, routing: &Routing, today: Date) -> sqlx::Result<usize> {
    let calendar = Calendar::england_and_wales();
    let remind = Reminder { store, routing, today };
    let awaited = store.outcomes_awaited().await?;
    let mut sent = front_door_digests(store, routing, today, calendar, &awaited).await?;
    for case in &awaited {
        let Some(due) = date(&case.reply_due_on) else { continue };
        if today >= calendar.working_days_before(due, 2) && today <= due {
            let plan = EmailPlan::OutcomeReminder { division: case.division.clone(), due: due.long(), late: false };
            sent += remind.once(case, "reply-due-soon", &plan, format!("the reply is due by {}", due.long())).await?;
        }
        if today > due {
            let plan = EmailPlan::OutcomeReminder { division: case.division.clone(), due: due.long(), late: true };
            sent += remind.once(case, "reply-overdue", &plan, format!("the reply was due by {}", due.long())).await?;
        }
    }
    for case in &store.ends_awaited().await? {
        let (Some(planned), Some(worker)) = (date(&case.planned_end_on), &case.social_worker_email) else { continue };
        if today > end_notice_deadline(planned, calendar) {
            let plan = EmailPlan::EndNoticeReminder {
                division: case.division.clone(),
                social_worker: worker.clone(),
                planned: planned.long(),
            };
            let detail = format!("the placement was planned to end on {}, with no end notice", planned.long());
            sent += remind.once(case, "end-notice-overdue", &plan, detail).await?;
        }
    }
    for case in &store.care_plans_awaited().await? {
        let (Some(due), Some(worker)) = (date(&case.care_plan_due_on), &case.social_worker_email) else { continue };
        let plan = |late| EmailPlan::CarePlanReminder {
            division: case.division.clone(),
            social_worker: worker.clone(),
            due: due.long(),
            late,
        };
        if today >= due {
            let detail = format!("the care plan is due today, {}", due.long());
            sent += remind.once(case, "care-plan-due", &plan(false), detail).await?;
        }
        if today > due {
            let detail = format!("the care plan was due by {} and has not arrived", due.long());
            sent += remind.once(case, "care-plan-late", &plan(true), detail).await?;
        }
    }
    Ok(sent)
}

fn date(text: &Option<String>) -> Option<Date> {
    text.as_deref().and_then(Date::parse_iso)
}

/// One sweep's way of sending a case's reminder once: rendered for its host, recorded, and said on
/// the case's timeline ("Reminder sent: …").
struct Reminder<'a> {
    store: &'a Store,
    routing: &'a Routing,
    today: Date,
}

impl Reminder<'_> {
    /// 1 when sent now, 0 when it was sent before.
    async fn once(&self, case: &CaseRow, kind: &str, plan: &EmailPlan, what: String) -> sqlx::Result<usize> {
        let emails = self.routing.render(&case.host, plan, &case.reference, &case.reference);
        let detail = format!("Reminder sent: {what}");
        Ok(usize::from(self.store.remind(&case.reference, kind, &self.today.to_string(), &emails, &detail).await?))
    }
}

/// Each host's Front Door gets one list a working day of the consultations whose reply is overdue.
async fn front_door_digests(
    store: &Store,
    routing: &Routing,
    today: Date,
    calendar: &Calendar,
    awaited: &[CaseRow],
) -> sqlx::Result<usize> {
    if !calendar.is_working_day(today) {
        return Ok(0);
    }
    let mut by_host: std::collections::BTreeMap<&str, Vec<(String, String)>> = std::collections::BTreeMap::new();
    for case in awaited {
        if let Some(due) = date(&case.reply_due_on)
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
