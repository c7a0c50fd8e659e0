//! How the service works and the rules it follows, including the rules' amendments log
//! (domain.md §6), and the page for an address that does not exist.

use leptos::prelude::*;
use placement_rules::version::AMENDMENTS;

use crate::app::shared;
use crate::components::page_title::set_page_title;
use crate::router::Route;

#[component]
pub fn HelpPage() -> impl IntoView {
    set_page_title("How this service works", false);
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"How this service works"</h1>
                <h2 class="govuk-heading-m">"For placing social workers"</h2>
                <p class="govuk-body">"Consult Kent before a distant placement is approved (regulation 11), and notify Kent before any placement in Kent starts, or within 5 working days of an emergency placement (regulation 13)."</p>
                <p class="govuk-body">"A placement is distant when it is outside your authority and not in an authority next to yours. The form tells you, from the placement's postcode, whether yours is, which Kent division it is in, and what that requires."</p>
                <p class="govuk-body">"Your answers stay on this device until you send them. You get a reference at once, or, with no connection, your submission waits on this device and is sent when the connection returns."</p>
                <h2 class="govuk-heading-m">"For Kent staff"</h2>
                <p class="govuk-body">"The Front Door Service receives every request and notification. The service manager for the placement's division gets an email with a link to record Kent's view: the case discussion, three professional views, and whether Kent agrees or challenges (with the reason). Kent cannot veto a placement. The outcome goes to Management Information and to the placing social worker."</p>
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
                                <td class="govuk-table__cell">{a.effective}</td>
                                <td class="govuk-table__cell">{format!("{}: {}", a.area, a.details)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
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
