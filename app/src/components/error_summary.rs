//! The GOV.UK error summary: lists every error at the top of the page, takes focus when it
//! appears so screen readers announce it, and links each message to its field.

use leptos::html;
use leptos::prelude::*;
use placement_rules::{Finding, Severity};

use crate::field_id::field_id;

#[component]
pub fn ErrorSummary(
    findings: Signal<Vec<Finding>>,
    /// Where a message's link goes when its field is on another page (check your answers).
    #[prop(optional)]
    link: Option<Callback<String>>,
) -> impl IntoView {
    let summary = NodeRef::<html::Div>::new();
    let errors = move || findings.get().into_iter().filter(|f| f.severity == Severity::Error).collect::<Vec<_>>();
    Effect::new(move |_| {
        if !errors().is_empty()
            && let Some(el) = summary.get()
        {
            let _ = el.focus();
        }
    });
    view! {
        <Show when=move || !errors().is_empty()>
            <div class="govuk-error-summary" tabindex="-1" node_ref=summary>
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        <ul class="govuk-list govuk-error-summary__list">
                            {move || {
                                errors()
                                    .into_iter()
                                    .map(|f| {
                                        let href = format!("#{}", field_id(&f.field));
                                        let field = f.field.clone();
                                        let on_click = move |ev: leptos::ev::MouseEvent| {
                                            if let Some(go) = link {
                                                ev.prevent_default();
                                                go.run(field.clone());
                                            }
                                        };
                                        view! { <li><a href=href on:click=on_click>{f.message}</a></li> }
                                    })
                                    .collect_view()
                            }}
                        </ul>
                    </div>
                </div>
            </div>
        </Show>
    }
}
