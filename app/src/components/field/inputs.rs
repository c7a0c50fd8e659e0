//! Questions answered by typing or by picking from a long list: GOV.UK text input, textarea and
//! select.

use leptos::prelude::*;

use super::answer_text::options;
use super::{Binding, Frame};
use crate::journeys::Options;

#[component]
pub(crate) fn TextInput(
    frame: Frame,
    bound: Binding,
    kind: &'static str,
    autocomplete: &'static str,
    width: &'static str,
) -> impl IntoView {
    view! {
        <label class="govuk-label govuk-label--s" for=frame.id.clone()>{frame.label}</label>
        {frame.hint()}
        {frame.error_message()}
        <input
            class=frame.class(format!("govuk-input {width}"), "govuk-input--error")
            id=frame.id.clone()
            name=frame.id.clone()
            type=kind
            autocomplete=autocomplete
            spellcheck="false"
            aria-describedby=frame.described_by()
            prop:value=bound.value()
            on:input:target=move |ev| bound.set(ev.target().value())
        />
    }
}

#[component]
pub(crate) fn TextArea(frame: Frame, bound: Binding) -> impl IntoView {
    view! {
        <label class="govuk-label govuk-label--s" for=frame.id.clone()>{frame.label}</label>
        {frame.hint()}
        {frame.error_message()}
        <textarea
            class=frame.class("govuk-textarea".into(), "govuk-textarea--error")
            id=frame.id.clone()
            name=frame.id.clone()
            rows="5"
            aria-describedby=frame.described_by()
            prop:value=bound.value()
            on:input:target=move |ev| bound.set(ev.target().value())
        ></textarea>
    }
}

#[component]
pub(crate) fn Select(frame: Frame, bound: Binding, which: Options) -> impl IntoView {
    let value = bound.value();
    view! {
        <label class="govuk-label govuk-label--s" for=frame.id.clone()>{frame.label}</label>
        {frame.hint()}
        {frame.error_message()}
        <select
            class=frame.class("govuk-select".into(), "govuk-select--error")
            id=frame.id.clone()
            name=frame.id.clone()
            aria-describedby=frame.described_by()
            prop:value=value
            on:change:target=move |ev| bound.set(ev.target().value())
        >
            <option value="">"Select one"</option>
            {options(which)
                .into_iter()
                .map(|(v, l)| {
                    let selected = value() == v;
                    view! { <option value=v selected=selected>{l}</option> }
                })
                .collect_view()}
        </select>
    }
}
