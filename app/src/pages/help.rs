//! How the service works: a guide for placing social workers and one for host councils' staff, each drawn
//! from the journeys themselves (so "what each page asks" is always what the pages ask), the
//! rules' amendments log (domain.md §6), and the pages of text in `public/content/`.

use leptos::prelude::*;
use placement_rules::version::AMENDMENTS;

use crate::components::page_title::set_page_title;
use crate::journeys::{Journey, consultation, notification, outcome, withdrawal};
use crate::router::Route;
use crate::shared::shared;

/// One journey's sections, pages and questions, and what happens after it is sent.
#[component]
fn WhatItAsks(journey: &'static Journey) -> impl IntoView {
    view! {
        <h3 class="govuk-heading-s">{journey.title}</h3>
        {journey.sections.iter().map(|sec| view! {
            <p class="govuk-body app-bold">{sec.title}</p>
            <ul class="govuk-list govuk-list--bullet">
                {journey.pages_in(sec.id).map(|p| {
                    let asks: Vec<&str> = p.fields.iter().map(|f| journey.question(f.path).map_or(f.path, |q| q.label)).collect();
                    view! { <li>{format!("{}: {}", p.title, asks.join("; "))}</li> }
                }).collect_view()}
            </ul>
        }).collect_view()}
        <p class="govuk-body">"After you send it:"</p>
        <ul class="govuk-list govuk-list--bullet">{journey.closing().next.iter().map(|n| view! { <li>{*n}</li> }).collect_view()}</ul>
    }
}

#[component]
pub fn HelpPage() -> impl IntoView {
    set_page_title("How this service works", false);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"How this service works"</h1>
                <h2 class="govuk-heading-m">"For placing social workers"</h2>
                <p class="govuk-body">"Consult the host council before a distant placement is approved (regulation 11), and notify it before any placement in its area starts, or within 5 working days of an emergency placement (regulation 13)."</p>
                <p class="govuk-body">"A placement is distant when it is outside your authority and not in an authority next to yours. As you enter the placement's postcode, the form tells you which council is the host, which of its districts and divisions it is in, whether it is distant, and what that requires: the care plan, and approval by your director of children's services or their delegate after this consultation."</p>
                <p class="govuk-body">"Your answers are saved on this device as you type, and kept for 30 days. You get a reference as soon as you send. With no connection, what you send waits on this device and goes when the connection returns: the start page shows where each submission is."</p>
                <p class="govuk-body">"The host council's acknowledgement email has a link to your case. Use it to see the host council's view, to send the placement notification (it copies in your consultation's answers and shows what has changed) or to withdraw the consultation."</p>
                <WhatItAsks journey=&consultation::JOURNEY />
                <WhatItAsks journey=&notification::JOURNEY />
                <WhatItAsks journey=&withdrawal::JOURNEY />
                <h2 class="govuk-heading-m">"For host councils' staff"</h2>
                <p class="govuk-body">"The Front Door Service receives every consultation and notification by email, with its reference and a link, never the child's details. The service manager for the placement's division (from the postcode) gets a link to the consultation: it shows the request and its documents, and leads to the outcome form."</p>
                <p class="govuk-body">"The host council cannot veto a placement. The outcome records the case discussion, three professional views (the placement, the neighbourhood, local services) and whether the host council agrees or challenges; a challenge must give its reason. The outcome goes to Management Information and to the placing social worker. The host council aims to reply within its own target, often 10 working days."</p>
                <p class="govuk-body">"Front Door and Management Information staff sign in with the code they were given to see every case with its status and reply date, each case's timeline, and the Management Information report with its CSV download."</p>
                <WhatItAsks journey=&outcome::JOURNEY />
                <h2 class="govuk-heading-m">{format!("Rules version {}", placement_rules::RULES_VERSION)}</h2>
                <table class="govuk-table">
                    <caption class="govuk-table__caption govuk-table__caption--s">"Changes to the rules"</caption>
                    <thead class="govuk-table__head"><tr class="govuk-table__row">
                        <th scope="col" class="govuk-table__header">"Version"</th>
                        <th scope="col" class="govuk-table__header">"From"</th>
                        <th scope="col" class="govuk-table__header">"What changed"</th>
                    </tr></thead>
                    <tbody class="govuk-table__body">
                        {AMENDMENTS.iter().map(|a| view! {
                            <tr class="govuk-table__row">
                                <td class="govuk-table__cell">{a.version}</td>
                                <td class="govuk-table__cell">{a.effective_long()}</td>
                                <td class="govuk-table__cell">{format!("{}: {} ({})", a.area, a.details, a.authority)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// A page of text from `public/content/`, which a council edits without rebuilding the app.
#[component]
pub fn ContentPage(name: &'static str) -> impl IntoView {
    set_page_title(if name == "privacy" { "Privacy notice" } else { "Accessibility statement" }, false);
    let html = RwSignal::new(None::<String>);
    leptos::task::spawn_local(async move {
        let text = match gloo_net::http::Request::get(&format!("/content/{name}.html")).send().await {
            Ok(r) if r.ok() => r.text().await.ok(),
            _ => None,
        };
        html.set(Some(text.unwrap_or_else(|| {
            "<p class=\"govuk-body\">This page could not be loaded. Try again when you are online.</p>".into()
        })));
    });
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds" inner_html=move || html.get().unwrap_or_default()></div>
        </div>
    }
}

#[component]
pub fn NotFound() -> impl IntoView {
    let s = shared();
    set_page_title("Page not found", false);
    view! {
        <h1 class="govuk-heading-l">"Page not found"</h1>
        <p class="govuk-body">"If you typed the web address, check it is correct."</p>
        <p class="govuk-body"><a class="govuk-link" href="/" on:click=move |ev| { ev.prevent_default(); s.router.go(Route::Start); }>"Go to the start page"</a></p>
    }
}
