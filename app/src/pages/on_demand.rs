//! The pages downloaded when they are first opened, not with the first page.
//!
//! Each function marked `wasm_split` is a split point: after the build, `wasm-split`
//! (scripts/split-wasm.mjs) moves it, with the code only it reaches, into a WebAssembly file of its own,
//! fetched the first time it is called. So the first download carries the start page, drafts, the
//! outbox and the router, and the rules' checks for four forms arrive with the form
//! (docs/performance.md). On any other target these are plain calls.
//!
//! The service worker keeps every file, so a page opens with no network once the app has been
//! visited; if a file cannot be fetched (the very first visit, then the network goes), the person
//! is told and can try again, and nothing they entered is lost.

use leptos::prelude::*;
use leptos::wasm_split::{SplitLoaderError, wasm_split};

use crate::components::page_title::set_page_title;
use crate::pages;
use crate::router::Route;
use crate::shared::shared;

/// A page's file could not be fetched.
#[derive(Debug)]
pub struct NotLoaded;

impl From<SplitLoaderError> for NotLoaded {
    fn from(_: SplitLoaderError) -> Self {
        NotLoaded
    }
}

/// The journeys' pages, the confirmation and receipt: everything that runs the rules.
#[wasm_split(forms, wasm_split_path = ::leptos::wasm_split, fallible)]
fn form_page(route: Route) -> Result<AnyView, NotLoaded> {
    Ok(match route {
        Route::Tasks(j) => view! { <pages::journey::TaskList journey=j /> }.into_any(),
        Route::Question(j, p) => view! { <pages::journey::QuestionPage journey=j page=p /> }.into_any(),
        Route::Check(j) => view! { <pages::journey::CheckAnswers journey=j /> }.into_any(),
        Route::Sent(id) => view! { <pages::sent::SentPage id=id /> }.into_any(),
        other => unreachable!("{other:?} is not a form page"),
    })
}

/// What the emailed links open: the request for the service manager, the case for the placing
/// social worker.
#[wasm_split(links, wasm_split_path = ::leptos::wasm_split, fallible)]
fn link_page(route: Route) -> Result<AnyView, NotLoaded> {
    Ok(match route {
        Route::Outcome(reference) => view! { <pages::links::OutcomeLink reference=reference /> }.into_any(),
        Route::Case(reference) => view! { <pages::links::CaseLink reference=reference /> }.into_any(),
        other => unreachable!("{other:?} is not a link page"),
    })
}

/// The host's staff's pages: Front Door, service managers, Management Information, auditors and
/// administrators.
#[wasm_split(staff, wasm_split_path = ::leptos::wasm_split, fallible)]
fn staff_page(route: Route) -> Result<AnyView, NotLoaded> {
    Ok(match route {
        Route::Staff => view! { <pages::work_queue::StaffCases /> }.into_any(),
        Route::StaffCase(reference) => view! { <pages::staff::StaffCase reference=reference /> }.into_any(),
        Route::StaffReport => view! { <pages::mi_report::StaffReport /> }.into_any(),
        Route::StaffPlaced => view! { <pages::staff::StaffPlaced /> }.into_any(),
        Route::StaffAccessLog => view! { <pages::access_log::StaffAccessLog /> }.into_any(),
        Route::StaffAdministration => view! { <pages::administration::StaffAdministration /> }.into_any(),
        Route::StaffSignInProblem(reason) => view! { <pages::staff::SignInProblem reason=reason /> }.into_any(),
        other => unreachable!("{other:?} is not a staff page"),
    })
}

/// The guides, written out from every journey's questions.
#[wasm_split(guides, wasm_split_path = ::leptos::wasm_split, fallible)]
fn help_page() -> Result<AnyView, NotLoaded> {
    Ok(view! { <pages::help::HelpPage /> }.into_any())
}

async fn load(route: Route) -> Result<AnyView, NotLoaded> {
    match route {
        Route::Tasks(_) | Route::Question(..) | Route::Check(_) | Route::Sent(_) => form_page(route).await,
        Route::Outcome(_) | Route::Case(_) => link_page(route).await,
        Route::Staff
        | Route::StaffCase(_)
        | Route::StaffReport
        | Route::StaffPlaced
        | Route::StaffAccessLog
        | Route::StaffAdministration
        | Route::StaffSignInProblem(_) => staff_page(route).await,
        Route::Help => help_page().await,
        other => unreachable!("{other:?} is in the first download"),
    }
}

/// A page from one of the files above, once it has arrived (a few milliseconds from the service
/// worker's copy), or a way to try again.
#[component]
pub fn OnDemand(route: Route) -> impl IntoView {
    view! {
        <Suspense fallback=Opening>
            {move || {
                let route = route.clone();
                Suspend::new(async move {
                    match load(route.clone()).await {
                        Ok(page) => page,
                        Err(NotLoaded) => view! { <NotLoadedPage route=route /> }.into_any(),
                    }
                })
            }}
        </Suspense>
    }
}

/// Said only if the page takes long enough to notice (a slow network, no service worker yet), so
/// a quick page does not flash a message.
#[component]
fn Opening() -> impl IntoView {
    let slow = RwSignal::new(false);
    set_timeout(move || _ = slow.try_set(true), std::time::Duration::from_millis(400));
    view! { <p class="govuk-body" role="status">{move || slow.get().then_some("Opening the page…")}</p> }
}

#[component]
fn NotLoadedPage(route: Route) -> impl IntoView {
    let s = shared();
    set_page_title("This page could not be opened", false);
    view! {
        <h1 class="govuk-heading-l">"This page could not be opened"</h1>
        <p class="govuk-body">"There is no connection at the moment, and this device has not kept a copy of this page yet."</p>
        <p class="govuk-body">"Anything you have entered is saved on this device."</p>
        <button type="button" class="govuk-button" data-module="govuk-button"
            on:click=move |_| s.router.0.set(route.clone())>"Try again"</button>
    }
}
