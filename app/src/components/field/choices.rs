//! Questions answered by choosing: GOV.UK radios (with the questions a choice reveals asked under
//! it) and checkboxes.

use leptos::prelude::*;
use placement_rules::Finding;
use serde_json::Value;

use super::answer_text::{fixed, options};
use super::{Binding, FieldView, Frame};
use crate::answers;
use crate::journeys::{Choice, Control, Field, Journey};

#[component]
pub(crate) fn Radios(
    journey: &'static Journey,
    field: &'static Field,
    frame: Frame,
    bound: Binding,
    findings: RwSignal<Vec<Finding>>,
    page_fields: &'static [Field],
) -> impl IntoView {
    let (choices, inline) = match field.control {
        Control::Radios(c) => (fixed(c), false),
        Control::InlineRadios(c) => (fixed(c), true),
        Control::RadiosFrom(o) => (options(o), false),
        _ => (Vec::new(), false),
    };
    let path = field.path;
    let reveals = |v: &str| -> Vec<&'static Field> {
        page_fields.iter().filter(|f| f.when.is_some_and(|(p, w)| p == path && w == v)).collect()
    };
    // GOV.UK: radios that reveal questions are stacked, never inline.
    let any_reveal = choices.iter().any(|(v, _)| !reveals(v).is_empty());
    let radios_class = if inline && !any_reveal { "govuk-radios govuk-radios--inline" } else { "govuk-radios" };
    let value = bound.value();
    let id = frame.id.clone();
    view! {
        <fieldset class="govuk-fieldset" aria-describedby=frame.described_by()>
            {frame.legend()}
            <div class=radios_class>
                {choices
                    .into_iter()
                    .enumerate()
                    .map(|(i, (v, l))| {
                        // The first radio takes the question's id, so the error summary lands on it.
                        let rid = if i == 0 { id.clone() } else { format!("{id}-{}", i + 1) };
                        let checked = {
                            let v = v.clone();
                            move || value() == v
                        };
                        let revealed = reveals(&v);
                        let conditional_id = format!("{rid}-conditional");
                        let controls = (!revealed.is_empty()).then(|| conditional_id.clone());
                        let (shown, hide) = (checked.clone(), checked.clone());
                        view! {
                            <div class="govuk-radios__item">
                                <input
                                    class="govuk-radios__input"
                                    id=rid.clone()
                                    name=id.clone()
                                    type="radio"
                                    value=v.clone()
                                    aria-controls=controls
                                    prop:checked=checked
                                    on:change=move |_| bound.set(v.clone())
                                />
                                <label class="govuk-label govuk-radios__label" for=rid>{l}</label>
                            </div>
                            {(!revealed.is_empty()).then(|| view! {
                                <div class="govuk-radios__conditional" id=conditional_id class:govuk-radios__conditional--hidden=move || !hide()>
                                    {move || shown().then(|| revealed.iter().map(|f| view! {
                                        <FieldView journey=journey field=f answers=bound.answers findings=findings page_fields=page_fields />
                                    }.into_any()).collect::<Vec<_>>())}
                                </div>
                            })}
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}

/// Each box is its own yes or no, at `path.choice`.
#[component]
pub(crate) fn Checkboxes(frame: Frame, bound: Binding, list: &'static [Choice]) -> impl IntoView {
    let id = frame.id.clone();
    view! {
        <fieldset class="govuk-fieldset" aria-describedby=frame.described_by()>
            {frame.legend()}
            <div class="govuk-checkboxes govuk-checkboxes--small">
                {list
                    .iter()
                    .enumerate()
                    .map(|(i, (v, l))| {
                        let sub = format!("{}.{v}", bound.path);
                        let cid = if i == 0 { id.clone() } else { format!("{id}-{v}").replace('_', "-") };
                        let checked = {
                            let sub = sub.clone();
                            move || bound.answers.with(|a| answers::is_true(a, &sub))
                        };
                        view! {
                            <div class="govuk-checkboxes__item">
                                <input
                                    class="govuk-checkboxes__input"
                                    id=cid.clone()
                                    type="checkbox"
                                    prop:checked=checked
                                    on:change:target=move |ev| {
                                        let on = ev.target().checked();
                                        bound.answers.update(|a| answers::set(a, &sub, Value::Bool(on)));
                                    }
                                />
                                <label class="govuk-label govuk-checkboxes__label" for=cid>{*l}</label>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
