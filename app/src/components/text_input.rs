//! A GOV.UK text input with its label, hint and inline error, bound to one answer.

use leptos::prelude::*;

use crate::field_id::field_id;

#[component]
pub fn TextInput(
    /// The rules' field path, which also gives the input its id.
    path: &'static str,
    label: &'static str,
    #[prop(optional)] hint: Option<&'static str>,
    #[prop(default = "text")] input_type: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
    #[prop(default = "")] width_class: &'static str,
    value: Signal<String>,
    on_input: Callback<String>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let id = field_id(path);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(hint_id.clone());
            }
            if error.get().is_some() {
                ids.push(error_id.clone());
            }
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    };
    let group_class = move || {
        if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }
    };
    let input_class = move || {
        let base = format!("govuk-input {width_class}");
        if error.get().is_some() { format!("{base} govuk-input--error") } else { base }
    };
    view! {
        <div class=group_class>
            <label class="govuk-label govuk-label--s" for=id.clone()>{label}</label>
            {hint.map(|h| view! { <div class="govuk-hint" id=hint_id.clone()>{h}</div> })}
            {move || {
                error
                    .get()
                    .map(|e| {
                        view! {
                            <p class="govuk-error-message" id=error_id.clone()>
                                <span class="govuk-visually-hidden">"Error: "</span>
                                {e}
                            </p>
                        }
                    })
            }}
            <input
                class=input_class
                id=id.clone()
                name=id.clone()
                type=input_type
                autocomplete=autocomplete
                spellcheck="false"
                aria-describedby=described_by
                prop:value=move || value.get()
                on:input:target=move |ev| on_input.run(ev.target().value())
            />
        </div>
    }
}
