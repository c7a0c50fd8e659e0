//! The whole case, as each person reads it: its facts, then every submission in the order it
//! happened (the request, the host's outcome, each notification with what changed, the
//! withdrawal), then the documents and, for the host's people, the timeline. What a person may not
//! read never arrives: the relay leaves it out of their [`CaseView`].

use contract::{CaseSummary, CaseView, Sent, Viewer};
use leptos::prelude::*;
use serde::Serialize;
use serde_json::Value;

use crate::fetch;
use crate::journeys::{Journey, confirmation, consultation, documents, ending, notification, outcome, withdrawal};
use crate::pages::journey::AnswersSummary;

/// A measure to the nearest whole number, as text. (Formatting an f64 directly would pull Rust's
/// float formatting, about 5 KB, into the WebAssembly for two numbers.)
pub fn whole(x: f64) -> String {
    (x.round() as i64).to_string()
}

/// A measure to one decimal place, as text, the same way.
pub fn one_place(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", (tenths / 10).abs(), (tenths % 10).abs())
}

/// The case's status as a GOV.UK tag.
#[component]
pub fn StatusTag(status: placement_rules::CaseStatus) -> impl IntoView {
    view! { <strong class=format!("govuk-tag {}", status.tag_colour())>{status.label()}</strong> }
}

fn long(d: Option<placement_rules::Date>) -> String {
    d.map(|d| d.long()).unwrap_or_default()
}

/// The case's facts, in words.
#[component]
pub fn CaseFacts(summary: CaseSummary) -> impl IntoView {
    let s = &summary;
    let distance = [
        s.distance.map(|d| d.label().to_owned()),
        s.distance_miles.map(|m| format!("{} miles from the child's home", whole(m))),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(", ");
    let outcome = match (s.outcome, s.outcome_on) {
        (Some(decided), Some(on)) => format!("{} on {}", decided.label(), on.long()),
        _ => String::new(),
    };
    let rows: Vec<(&str, String)> = vec![
        ("Placing authority", s.placing_authority.name.clone()),
        ("Division", s.division.as_ref().map(|d| d.name.clone()).unwrap_or_default()),
        ("District", s.district.clone().unwrap_or_default()),
        ("Distance", distance),
        ("Consultation received", long(s.requested_on)),
        ("Reply due", long(s.reply_due_on)),
        ("Outcome", outcome),
        ("Reason for the challenge", s.challenge_reason.map(|r| r.label().to_owned()).unwrap_or_default()),
        ("Working days to outcome", s.working_days_to_outcome.map(|d| d.to_string()).unwrap_or_default()),
        ("Notified", long(s.notified_on)),
        ("Placement starts", long(s.start_date)),
        ("Withdrawn", long(s.withdrawn_on)),
        (
            "Confirmation",
            if s.status == placement_rules::CaseStatus::AwaitingConfirmation {
                format!("Sent by a provider: awaiting confirmation by {}", s.placing_authority.name)
            } else {
                String::new()
            },
        ),
        (
            "Care plan",
            match (s.care_plan_due_on, s.care_plan_received_on) {
                (Some(_), Some(on)) => format!("Received on {}", on.long()),
                (Some(due), None) => format!("To follow by {} (regulation 4(2))", due.long()),
                _ => String::new(),
            },
        ),
        ("Planned to end", long(s.planned_end_on)),
        ("Follows the placement", s.follows.clone().unwrap_or_default()),
        ("Followed by the placement", s.followed_by.clone().unwrap_or_default()),
        ("Placement ends", long(s.end_date)),
        ("Why it ends", s.end_reason.map(|r| r.label().to_owned()).unwrap_or_default()),
        (
            "Host told of the end",
            match (s.ended_on, s.end_told_late) {
                (Some(on), Some(true)) => format!("{}, more than 10 working days after the end", on.long()),
                (on, _) => long(on),
            },
        ),
    ];
    view! {
        <dl class="govuk-summary-list">
            <div class="govuk-summary-list__row">
                <dt class="govuk-summary-list__key">"Status"</dt>
                <dd class="govuk-summary-list__value"><StatusTag status=s.status /></dd>
            </div>
            {rows.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{k}</dt>
                    <dd class="govuk-summary-list__value">{v}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// One submission's answers as its journey's summary lists, under its own heading.
fn submission<T: Serialize>(
    heading: String,
    sent: &Sent<T>,
    journey: &'static Journey,
    changed: Vec<String>,
    before: Option<AnyView>,
) -> impl IntoView + use<T> {
    let answers = serde_json::to_value(&sent.answers).unwrap_or(Value::Null);
    let received = format!("Received on {}. Reference {}.", sent.received_on.long(), sent.reference);
    view! {
        <section class="app-case-part">
            <h2 class="govuk-heading-m">{heading}</h2>
            <p class="govuk-body-s">{received}</p>
            {before}
            <AnswersSummary journey=journey answers=Signal::derive(move || answers.clone()) nested=true changed=changed />
        </section>
    }
}

/// Everything in the case this person may read.
#[component]
pub fn CaseRecord(view: CaseView, token: Option<String>) -> impl IntoView {
    let CaseView {
        viewer,
        host,
        summary,
        request,
        outcome,
        notifications,
        withdrawal,
        ending,
        confirmation,
        documents_sent,
        documents,
        timeline,
        ..
    } = view;
    let host_reads = viewer != Viewer::PlacingSocialWorker;
    let outcome_part = outcome.map(|o| {
        let decided = match o.answers.decision {
            Some(placement_rules::forms::consultation_outcome::Decision::Challenged) => "challenged",
            _ => "agreed",
        };
        let reason = o.answers.challenge_reason.map(|r| r.label());
        let lead = view! {
            <div class="govuk-inset-text">
                <p class="govuk-body">
                    <strong>{format!("{host} {decided} the placement's suitability")}</strong>
                    {reason.map(|r| format!(": {r}."))}
                </p>
                {(decided == "challenged").then(|| view! {
                    <p class="govuk-body">{format!("A challenge is not a veto: the placing authority decides whether to go ahead, with {host}'s reasons in mind.")}</p>
                })}
            </div>
        }
        .into_any();
        submission(format!("{host}'s outcome"), &o, &outcome::JOURNEY, Vec::new(), Some(lead))
    });
    let notification_parts = notifications
        .into_iter()
        .enumerate()
        .map(|(i, n)| {
            let labels: Vec<&'static str> = n
                .changes
                .iter()
                .map(|path| notification::JOURNEY.question(path).map_or("An answer", |q| q.read_by_others()))
                .collect();
            let moved = n.moved_from.as_ref().map(|from| {
                format!(
                    "The placement has moved from {} to {}.",
                    from.name,
                    summary.division.as_ref().map_or("another division", |d| d.name.as_str())
                )
            });
            let lead = (!labels.is_empty() || moved.is_some()).then(|| {
                view! {
                    <div class="govuk-inset-text app-changes">
                        {(!labels.is_empty()).then(|| view! {
                            <p class="govuk-body"><strong>"Changed since the consultation:"</strong></p>
                            <ul class="govuk-list govuk-list--bullet">{labels.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        })}
                        {moved.map(|m| view! { <p class="govuk-body">{m}</p> })}
                    </div>
                }
                .into_any()
            });
            let heading = if i == 0 { "Placement notification".to_owned() } else { format!("Placement notification {}", i + 1) };
            submission(heading, &n.sent, &notification::JOURNEY, n.changes.clone(), lead)
        })
        .collect_view();
    let withdrawal_part = withdrawal
        .map(|w| submission("Withdrawn: the child is not placed".into(), &w, &withdrawal::JOURNEY, Vec::new(), None));
    let ending_part = ending.map(|e| {
        let next = e.answers.next.map(|n| n.label());
        let lead = view! {
            <div class="govuk-inset-text">
                <p class="govuk-body">
                    <strong>{summary.end_date.map(|d| format!("The placement ends on {}.", d.long()))}</strong>
                    {next.map(|n| format!(" Where the child is going: {}.", n.to_lowercase()))}
                </p>
            </div>
        }
        .into_any();
        submission("The placement has ended".into(), &e, &ending::JOURNEY, Vec::new(), Some(lead))
    });
    let confirmation_part = confirmation.map(|c| {
        submission(
            format!("Confirmed by {}", summary.placing_authority.name),
            &c,
            &confirmation::JOURNEY,
            Vec::new(),
            None,
        )
    });
    let documents_parts = documents_sent
        .into_iter()
        .map(|d| {
            submission(format!("Documents sent on {}", d.received_on.long()), &d, &documents::JOURNEY, Vec::new(), None)
        })
        .collect_view();
    let request_part = request.map(|r| {
        let heading = if host_reads { "The consultation request" } else { "Your consultation request" };
        submission(heading.into(), &r, &consultation::JOURNEY, Vec::new(), None)
    });
    view! {
        <CaseFacts summary=summary />
        {outcome_part}
        {notification_parts}
        {confirmation_part}
        {documents_parts}
        {withdrawal_part}
        {ending_part}
        <CaseDocuments documents=documents token=token />
        {timeline.map(|entries| view! {
            <h2 class="govuk-heading-m">"Timeline"</h2>
            <table class="govuk-table">
                <caption class="govuk-visually-hidden">"What happened, oldest first"</caption>
                <thead class="govuk-table__head"><tr class="govuk-table__row">
                    <th scope="col" class="govuk-table__header">"When"</th>
                    <th scope="col" class="govuk-table__header">"What happened"</th>
                </tr></thead>
                <tbody class="govuk-table__body">
                    {entries.into_iter().map(|e| view! {
                        <tr class="govuk-table__row">
                            <td class="govuk-table__cell">{contract::time::uk_time(&e.at).unwrap_or(e.at)}</td>
                            <td class="govuk-table__cell">{e.what}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        })}
        {request_part}
    }
}

/// The case's documents, each downloaded with the link's token.
#[component]
pub fn CaseDocuments(documents: Vec<contract::Document>, token: Option<String>) -> impl IntoView {
    let status = RwSignal::new(String::new());
    (!documents.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"Documents"</h2>
            <ul class="govuk-list">
                {documents.into_iter().map(|d| {
                    let token = token.clone();
                    let label = format!("Download {}", d.file_name);
                    view! {
                        <li>
                            <button type="button" class="app-link-button govuk-link" on:click=move |_| {
                                let (id, name, token) = (d.id.clone(), d.file_name.clone(), token.clone());
                                leptos::task::spawn_local(async move {
                                    if let Err(e) = fetch::download(&id, &name, token.as_deref()).await {
                                        status.set(e.message().to_owned());
                                    }
                                });
                            }>{label}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="govuk-body" role="status">{move || status.get()}</p>
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_read_as_people_write_them() {
        assert_eq!(whole(41.6), "42");
        assert_eq!(one_place(3.25), "3.3");
        assert_eq!(one_place(0.0), "0.0");
        assert_eq!(one_place(12.04), "12.0");
        assert_eq!(one_place(-0.5), "-0.5");
    }
}
