//! After sending: the confirmation (reference at once when online; "saved on this device, waiting
//! to send" when not, updated and announced when it goes) and the receipt of exactly what was sent,
//! ready to print.

use leptos::prelude::*;

use crate::components::page_title::set_page_title;
use crate::journeys::Journey;
use crate::outbox::SendState;
use crate::pages::journey::AnswersSummary;
use crate::router::Route;
use crate::shared::shared;

#[component]
pub fn SentPage(id: String) -> impl IntoView {
    let s = shared();
    let sending = {
        let id = id.clone();
        Memo::new(move |_| s.outbox.items.with(|all| all.iter().find(|x| x.id == id).cloned()))
    };
    Effect::new(move |_| {
        let title = match sending.get().map(|x| x.state) {
            Some(SendState::Sent { .. }) => "Sent",
            Some(SendState::Refused { .. }) => "Not sent",
            _ => "Saved on this device",
        };
        set_page_title(title, false);
    });
    let retry_id = id.clone();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                // One live region, so the change from waiting to sent is announced.
                <div role="status" aria-live="polite">
                    {move || match sending.get() {
                        None => view! {
                            <h1 class="govuk-heading-l">"Checking this device…"</h1>
                        }.into_any(),
                        Some(x) => match &x.state {
                            SendState::Sent { .. } => view! {
                                <div class="govuk-panel govuk-panel--confirmation">
                                    <h1 class="govuk-panel__title">{Journey::by_slug(&x.journey).map_or("Sent", |j| j.closing().sent_title)}</h1>
                                    <div class="govuk-panel__body">"Case reference"<br/><strong>{x.reference().unwrap_or_default()}</strong></div>
                                </div>
                            }.into_any(),
                            SendState::Waiting => view! {
                                <h1 class="govuk-heading-l">"Saved on this device, waiting to send"</h1>
                                <p class="govuk-body">"There is no connection to the service at the moment. Your submission is kept safely on this device and will be sent as soon as there is. You do not need to send it again."</p>
                                <p class="govuk-body">"Keep this page or the start page open, or come back to this service when you are online. This page will show the reference when it has gone."</p>
                            }.into_any(),
                            SendState::Refused { messages } => {
                                let again = x.clone();
                                view! {
                                    <h1 class="govuk-heading-l">"Not sent: it needs changes"</h1>
                                    <p class="govuk-body">"The service checked it and found:"</p>
                                    <ul class="govuk-list govuk-list--bullet">{messages.iter().map(|m| view! { <li>{m.clone()}</li> }).collect_view()}</ul>
                                    <button type="button" class="govuk-button" on:click=move |_| s.change_refused(&again)>"Change your answers"</button>
                                }.into_any()
                            }
                        },
                    }}
                </div>
                {move || sending.get().map(|x| {
                    let journey = Journey::by_slug(&x.journey);
                    let received = match &x.state {
                        SendState::Sent { .. } => x.receipt().map(|receipt| (
                            receipt.received_on.long(),
                            receipt.rules_version.clone(),
                            receipt.reference.clone(),
                            receipt.warnings.iter().map(|f| f.message.clone()).collect::<Vec<_>>(),
                        )),
                        _ => None,
                    };
                    let answers = x.answers().clone();
                    let host = host_of(&answers, x.host.as_deref());
                    let id = retry_id.clone();
                    view! {
                        {journey.map(|j| view! {
                            <h2 class="govuk-heading-m">"What happens next"</h2>
                            {j.closing().next.iter().map(|n| view! { <p class="govuk-body">{*n}</p> }).collect_view()}
                        })}
                        {received.map(|(on, version, number, warnings)| view! {
                            <h2 class="govuk-heading-m">"Receipt"</h2>
                            <dl class="govuk-summary-list">
                                {host.as_ref().map(|h| view! {
                                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Host council"</dt><dd class="govuk-summary-list__value">{h.rules.name.clone()}</dd></div>
                                    <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Its Front Door"</dt><dd class="govuk-summary-list__value">{h.words.front_door.clone()}</dd></div>
                                })}
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Received"</dt><dd class="govuk-summary-list__value">{on}</dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Receipt number"</dt><dd class="govuk-summary-list__value">{number}</dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Checked with rules version"</dt><dd class="govuk-summary-list__value">{version}</dd></div>
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">"Submission id"</dt><dd class="govuk-summary-list__value">{id.clone()}</dd></div>
                            </dl>
                            {(!warnings.is_empty()).then(|| view! {
                                <p class="govuk-body">"The host council was told of these points:"</p>
                                <ul class="govuk-list govuk-list--bullet">{warnings.into_iter().map(|w| view! { <li>{w}</li> }).collect_view()}</ul>
                            })}
                        })}
                        <button type="button" class="govuk-button govuk-button--secondary app-no-print" on:click=|_| { let _ = window().print(); }>"Print this page"</button>
                        {journey.map(|j| view! {
                            <h2 class="govuk-heading-m">"What you sent"</h2>
                            <AnswersSummary journey=j answers=Signal::derive(move || answers.clone()) />
                        })}
                    }
                })}
                {move || sending.get().filter(|x| x.state != SendState::Waiting).map(|x| view! {
                    <p class="govuk-body app-no-print">
                        "This page is kept on this device so you can print it again. "
                        <button type="button" class="app-link-button govuk-link" on:click=move |_| {
                            s.outbox.forget(x.id.clone());
                            s.router.go(Route::Start);
                        }>"Remove it from this device"</button>
                    </p>
                })}
                <p class="govuk-body app-no-print">
                    <a class="govuk-link" href="/" on:click=move |ev| { ev.prevent_default(); s.router.go(Route::Start); }>"Back to the start page"</a>
                </p>
            </div>
        </div>
    }
}

/// The host council as the relay describes it: the case's, or the one the placement postcode is in.
fn host_of(answers: &serde_json::Value, case_host: Option<&str>) -> Option<contract::hosts::Host> {
    let s = shared();
    let code = match case_host {
        Some(code) => code.to_owned(),
        None => {
            let geo = s.hosts.geography(None);
            let postcode = crate::answers::text(answers, "placement.postcode");
            placement_rules::locate::locate(&postcode, &geo.context(s.today)).ok()?.host?.authority.clone()
        }
    };
    s.hosts.host(&code)
}
