//! The start page: what the service is for, who should use it, and what they will need.

use leptos::prelude::*;

#[component]
pub fn StartPage(on_start: Callback<()>) -> impl IntoView {
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">"Consult Kent about placing a looked-after child"</h1>
                <p class="govuk-body">
                    "Use this service if you are a social worker in another authority planning to place a looked-after child in Kent."
                </p>
                <p class="govuk-body">
                    "You must consult Kent before a distant placement is approved, and notify Kent before any placement starts "
                    "(Care Planning, Placement and Case Review (England) Regulations 2010, regulations 11 and 13)."
                </p>
                <p class="govuk-body">"You will need:"</p>
                <ul class="govuk-list govuk-list--bullet">
                    <li>"the child's details and legal status"</li>
                    <li>"the proposed placement's address, postcode and provider"</li>
                    <li>"the child's needs assessment and care plan"</li>
                    <li>"who will approve the placement"</li>
                </ul>
                <p class="govuk-body">"Your answers are saved on this device as you go."</p>
                <button type="button" class="govuk-button govuk-button--start" on:click=move |_| on_start.run(())>
                    "Start now"
                </button>
            </div>
        </div>
    }
}
