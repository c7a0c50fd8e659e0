//! The start page: what the service is for, who should use it, what they will need; the drafts
//! kept on this device to continue or delete; and every submission from this device with where it is.

use leptos::prelude::*;

use crate::components::page_title::set_page_title;
use crate::journeys::{consultation, notification};
use crate::outbox::SendState;
use crate::router::Route;
use crate::shared::shared;

#[component]
pub fn StartPage() -> impl IntoView {
    let s = shared();
    set_page_title(&crate::components::page_title::service_name(), false);
    let begin = move |j: &'static crate::journeys::Journey| s.begin(j, crate::answers::empty(), None, None, None);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Consult the host council about placing a looked-after child"</h1>
                <p class="govuk-body">
                    "Use this service if you are a social worker planning to place a looked-after child in another council's area. Give the placement's postcode and the service finds the host council."
                </p>
                <p class="govuk-body">
                    "You must consult the host council before a distant placement is approved, and notify it before any placement starts "
                    "(Care Planning, Placement and Case Review (England) Regulations 2010, regulations 11 and 13)."
                </p>
                <p class="govuk-body">"You will need:"</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"the child's details and legal status"</li>
                    <li>"the proposed placement's address, postcode and provider"</li>
                    <li>"the child's needs assessment and care plan"</li>
                    <li>"who will approve the placement"</li>
                </ul>
                <p class="govuk-body">
                    "Your answers are saved on this device as you go. Only you can see them here, and they are deleted 30 days after your last change. "
                    "It works without a network too: what you send waits on this device until it can be sent."
                </p>
                <button type="button" class="govuk-button govuk-button--start" on:click=move |_| begin(&consultation::JOURNEY)>
                    "Start now"
                </button>
                <h2 class="govuk-heading-m">"Other things you can do"</h2>
                <ul class="govuk-list">
                    <li><button type="button" class="app-link-button govuk-link" on:click=move |_| begin(&notification::JOURNEY)>"Notify the host council of a placement you did not consult it on"</button></li>
                </ul>
                <p class="govuk-body">
                    "To notify the host council of a placement you consulted on, or to withdraw a consultation, open the link in the acknowledgement email it sent you. "
                    "It fills in the consultation's answers for you."
                </p>
                <ul class="govuk-list">
                    <li><a class="govuk-link" href="/help" on:click=move |ev| { ev.prevent_default(); s.router.go(Route::Help); }>"How this service works, and the rules it follows"</a></li>
                    <li><a class="govuk-link" href="/staff" on:click=move |ev| { ev.prevent_default(); s.router.go(Route::Staff); }>"Host council staff: sign in"</a></li>
                </ul>
                <Submissions />
                <Drafts />
            </div>
        </div>
    }
}

#[component]
fn Drafts() -> impl IntoView {
    let s = shared();
    view! {
        <Show when=move || !s.drafts.get().is_empty()>
            <h2 class="govuk-heading-m">"Your drafts on this device"</h2>
            <ul class="govuk-list app-drafts">
                {move || s.drafts.get().into_iter().map(|d| {
                    let (resume_id, delete_id) = (d.id.clone(), d.id.clone());
                    let title = d.title();
                    let kind = crate::journeys::Journey::by_slug(&d.journey).map_or("", |j| j.title);
                    view! {
                        <li class="app-drafts__item">
                            <p class="govuk-body app-bold">{format!("{kind}: {title}")}</p>
                            <p class="govuk-body-s">
                                {format!("Last changed {}. Deleted after {} unless you change it.", d.updated.long(), d.expires_after().long())}
                            </p>
                            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| s.resume(&resume_id)>
                                "Continue" <span class="govuk-visually-hidden">{format!(" {title}")}</span>
                            </button>
                            " "
                            <button type="button" class="govuk-button govuk-button--warning" on:click=move |_| s.delete_draft(&delete_id)>
                                "Delete" <span class="govuk-visually-hidden">{format!(" {}", d.title())}</span>
                            </button>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}

/// Each submission from this device and where it is, announced as it changes.
#[component]
fn Submissions() -> impl IntoView {
    let s = shared();
    view! {
        <Show when=move || !s.outbox.items.get().is_empty()>
            <h2 class="govuk-heading-m">"Sent from this device"</h2>
            <ul class="govuk-list" role="status" aria-live="polite">
                {move || s.outbox.items.get().into_iter().map(|x| {
                    let id = x.id.clone();
                    let kind = crate::journeys::Journey::by_slug(&x.journey).map_or("", |j| j.title);
                    let tag = match x.state {
                        SendState::Sent { .. } => "govuk-tag govuk-tag--green",
                        SendState::Waiting => "govuk-tag govuk-tag--yellow",
                        SendState::Refused { .. } => "govuk-tag govuk-tag--red",
                    };
                    view! {
                        <li>
                            <a class="govuk-link" href=Route::Sent(id.clone()).path()
                                on:click=move |ev| { ev.prevent_default(); s.router.go(Route::Sent(id.clone())); }>
                                {format!("{kind}: {}", x.title)}
                            </a>
                            " " <strong class=tag>{x.status()}</strong>
                        </li>
                    }
                }).collect_view()}
            </ul>
        </Show>
    }
}
