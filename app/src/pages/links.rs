//! The pages an emailed link opens. The link's token is in the URL fragment, which browsers never
//! send to a server; it is read once, kept for this tab only, and taken out of the address bar.

use contract::CaseView;
use leptos::prelude::*;
use placement_rules::forms::placement_notification::PlacementNotification;
use serde_json::json;

use crate::components::page_title::set_page_title;
use crate::fetch::{self, Failure};
use crate::journeys::{confirmation, documents, ending, notification, outcome, withdrawal};
use crate::pages::case_record::CaseRecord;
use crate::shared::shared;

/// The token from `#token=…`, or the one this tab already read for this case.
pub fn link_token(reference: &str) -> Option<String> {
    let key = format!("ola-token-{reference}");
    let storage = window().session_storage().ok().flatten();
    let hash = window().location().hash().unwrap_or_default();
    if let Some(token) = hash.strip_prefix("#token=").filter(|t| !t.is_empty()) {
        if let Some(s) = &storage {
            let _ = s.set_item(&key, token);
        }
        let path = window().location().pathname().unwrap_or_default();
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
        return Some(token.to_owned());
    }
    storage.and_then(|s| s.get_item(&key).ok().flatten())
}

/// Loads a case and shows `page` with it, or says why it cannot.
fn with_case<V: IntoView + 'static>(
    reference: String,
    token: Option<String>,
    page: impl Fn(CaseView) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<CaseView, Failure>>);
    let url = contract::paths::case(&reference);
    leptos::task::spawn_local(async move {
        loaded.set(Some(fetch::get::<CaseView>(&url, token.as_deref()).await));
    });
    move || match loaded.get() {
        None => view! { <p class="govuk-body" role="status">"Loading the case…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <h1 class="govuk-heading-l">"This case cannot be opened"</h1>
            <p class="govuk-body">{e.message()}</p>
        }
        .into_any(),
        Some(Ok(case)) => page(case).into_any(),
    }
}

/// The service manager's link: the whole case; "Record the outcome" only while one is owed.
#[component]
pub fn OutcomeLink(reference: String) -> impl IntoView {
    let s = shared();
    set_page_title("Consultation", false);
    let token = link_token(&reference);
    let page_token = token.clone();
    with_case(reference.clone(), token, move |case| {
        let reference = reference.clone();
        let token = page_token.clone();
        let division = case.summary.division.as_ref().map(|d| d.code.clone()).unwrap_or_default();
        let caption = format!("Consultation from {}", case.summary.placing_authority.name);
        let owed = case.may.record_outcome;
        let host_code = case.host_code.clone();
        let r = reference.clone();
        let record_token = token.clone();
        view! {
            <span class="govuk-caption-l">{caption}</span>
            <h1 class="govuk-heading-l">{format!("Consultation {reference}")}</h1>
            {owed.then(|| view! {
                <p class="govuk-body">"Contact the placing social worker, discuss the placement, then record the outcome."</p>
                <button type="button" class="govuk-button" on:click=move |_| {
                    let answers = json!({"consultation_reference": r, "responder": {"division": division}});
                    s.begin(&outcome::JOURNEY, answers, record_token.clone(), None, Some(host_code.clone()));
                }>"Record the outcome"</button>
            })}
            <CaseRecord view=case token=token />
        }
    })
}

/// The placing social worker's link: the whole case, with the host's outcome in full, and what
/// the case's state allows next (notify, withdraw, end).
#[component]
pub fn CaseLink(reference: String) -> impl IntoView {
    let s = shared();
    set_page_title("Your case", false);
    let token = link_token(&reference);
    let page_token = token.clone();
    with_case(reference.clone(), token, move |case| {
        let reference = reference.clone();
        let (t1, t2) = (page_token.clone(), page_token.clone());
        let request = case.request.as_ref().map(|r| r.answers.clone());
        let consulted = request.is_some();
        let origin = request.as_ref().and_then(|r| serde_json::to_value(r).ok());
        let withdrawn_by = request.as_ref().and_then(|r| serde_json::to_value(&r.social_worker).ok());
        // Whoever last wrote to the host for the placing authority is most likely ending it.
        let ended_by = case
            .notifications
            .last()
            .and_then(|n| serde_json::to_value(&n.sent.answers.notifier).ok())
            .or_else(|| withdrawn_by.clone());
        let (r1, r2, r3, r3b) = (reference.clone(), reference.clone(), reference.clone(), reference.clone());
        let t3 = page_token.clone();
        let t4 = page_token.clone();
        let r4 = reference.clone();
        let host_code_for_confirm = case.host_code.clone();
        let confirmer = case
            .notifications
            .first()
            .map(|n| json!({"email": n.sent.answers.placing_social_worker_email}))
            .unwrap_or_else(|| json!({}));
        let host_code_for_end = case.host_code.clone();
        let (t5, r5, host_code_for_documents) = (page_token.clone(), reference.clone(), case.host_code.clone());
        let sender = ended_by.clone();
        // A move within the host's area: the ended placement's notification starts the new one.
        let moved_within = case.summary.followed_by.is_none()
            && case.ending.as_ref().and_then(|e| e.answers.next).is_some_and(|n| n.needs_a_new_notification());
        let next_placement = case.notifications.last().map(|n| {
            let earlier = &n.sent.answers;
            json!({
                "follows_case": reference,
                "placing_authority": earlier.placing_authority,
                "sent_by": "placing-authority",
                "notifier": earlier.notifier,
                "child": earlier.child,
            })
        });
        let (t6, host_code_for_move) = (page_token.clone(), case.host_code.clone());
        let may = case.may;
        let host = case.host.clone();
        let host_code = case.host_code.clone();
        view! {
            {if consulted {
                view! {
                    <span class="govuk-caption-l">{format!("Your consultation with {host}")}</span>
                    <h1 class="govuk-heading-l">{format!("Consultation {reference}")}</h1>
                }.into_any()
            } else {
                view! {
                    <span class="govuk-caption-l">{format!("Your placement in {host}")}</span>
                    <h1 class="govuk-heading-l">{format!("Placement {reference}")}</h1>
                }.into_any()
            }}
            {may.confirm.then(|| view! {
                <div class="govuk-inset-text">
                    {format!("A provider sent this notification for your authority. {host} treats it as unconfirmed until you confirm it.")}
                </div>
                <button type="button" class="govuk-button" on:click=move |_| {
                    let answers = json!({"case_reference": r4, "confirmed_by": confirmer});
                    s.begin(&confirmation::JOURNEY, answers, t4.clone(), None, Some(host_code_for_confirm.clone()));
                }>"Confirm the notification"</button>
            })}
            {moved_within.then(|| view! {
                <button type="button" class="govuk-button" on:click=move |_| {
                    let answers = next_placement.clone().unwrap_or_else(|| json!({"follows_case": r3b}));
                    s.begin(&notification::JOURNEY, answers, t6.clone(), None, Some(host_code_for_move.clone()));
                }>{format!("Notify {host} of the new placement")}</button>
            })}
            {may.send_documents.then(|| view! {
                <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| {
                    let answers = json!({"case_reference": r5, "sent_by": sender});
                    s.begin(&documents::JOURNEY, answers, t5.clone(), None, Some(host_code_for_documents.clone()));
                }>{format!("Send documents to {host}")}</button>
            })}
            {may.end.then(|| view! {
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button" on:click=move |_| {
                        let answers = json!({"case_reference": r3, "ended_by": ended_by});
                        s.begin(&ending::JOURNEY, answers, t3.clone(), None, Some(host_code_for_end.clone()));
                    }>{format!("Tell {host} the placement has ended")}</button>
                </div>
            })}
            {(may.notify || may.withdraw).then(|| view! {
                <div class="govuk-button-group">
                    {may.notify.then(|| view! {
                        <button type="button" class="govuk-button" on:click=move |_| {
                            let answers = request
                                .as_ref()
                                .and_then(|r| serde_json::to_value(PlacementNotification::from_consultation(r, &r1)).ok())
                                .unwrap_or_else(|| json!({"consultation_reference": r1}));
                            s.begin(&notification::JOURNEY, answers, t1.clone(), origin.clone(), None);
                        }>{format!("Notify {host} of the placement")}</button>
                    })}
                    {may.withdraw.then(|| view! {
                        <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| {
                            let answers = json!({"consultation_reference": r2, "withdrawn_by": withdrawn_by});
                            s.begin(&withdrawal::JOURNEY, answers, t2.clone(), None, Some(host_code.clone()));
                        }>"Withdraw the consultation"</button>
                    })}
                </div>
            })}
            <CaseRecord view=case token=page_token.clone() />
        }
    })
}
