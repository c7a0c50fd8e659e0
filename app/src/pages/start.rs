//! The start page: what the service is for, who should use it, what they will need, and the drafts
//! kept on this device to continue or delete.

use leptos::prelude::*;

use crate::drafts::Draft;

#[component]
pub fn StartPage(
    drafts: RwSignal<Vec<Draft>>,
    on_start: Callback<()>,
    on_resume: Callback<String>,
    on_delete: Callback<String>,
) -> impl IntoView {
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
                <p class="govuk-body">
                    "Your answers are saved on this device as you go. Only you can see them here, and they are deleted 30 days after your last change."
                </p>
                <button type="button" class="govuk-button govuk-button--start" on:click=move |_| on_start.run(())>
                    "Start now"
                </button>
                <Show when=move || !drafts.get().is_empty()>
                    <h2 class="govuk-heading-m">"Your drafts on this device"</h2>
                    <ul class="govuk-list app-drafts">
                        {move || {
                            drafts
                                .get()
                                .into_iter()
                                .map(|d| {
                                    let (resume_id, delete_id) = (d.id.clone(), d.id.clone());
                                    let title = d.title();
                                    view! {
                                        <li class="app-drafts__item">
                                            <p class="govuk-body govuk-!-font-weight-bold">{title.clone()}</p>
                                            <p class="govuk-body-s">
                                                {format!("Last changed {}. Deleted after {} unless you change it.", d.updated.long(), d.expires_after().long())}
                                            </p>
                                            <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| on_resume.run(resume_id.clone())>
                                                "Continue" <span class="govuk-visually-hidden">{format!(" {title}")}</span>
                                            </button>
                                            " "
                                            <button type="button" class="govuk-button govuk-button--warning" on:click=move |_| on_delete.run(delete_id.clone())>
                                                "Delete" <span class="govuk-visually-hidden">{format!(" {}", d.title())}</span>
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()
                        }}
                    </ul>
                </Show>
            </div>
        </div>
    }
}
