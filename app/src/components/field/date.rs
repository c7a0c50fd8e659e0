//! A date asked as GOV.UK asks it: day, month and year in three boxes, kept as typed (the rules
//! read `YYYY-MM-DD` and say what is wrong with a part).

use leptos::prelude::*;
use placement_rules::date::DateParts;

use super::{Binding, Frame};

#[component]
pub(crate) fn DateInput(frame: Frame, bound: Binding) -> impl IntoView {
    let part = move |which: usize| {
        move || {
            let parts = DateParts::split(&bound.value()()).unwrap_or_default();
            [parts.day, parts.month, parts.year].into_iter().nth(which).unwrap_or_default()
        }
    };
    let set_part = move |which: usize, v: String| {
        let mut parts = DateParts::split(&bound.value()()).unwrap_or_default();
        match which {
            0 => parts.day = v,
            1 => parts.month = v,
            _ => parts.year = v,
        }
        bound.set(parts.join());
    };
    let ids = [frame.id.clone(), format!("{}-month", frame.id), format!("{}-year", frame.id)];
    let boxes = [("Day", "govuk-input--width-2"), ("Month", "govuk-input--width-2"), ("Year", "govuk-input--width-4")];
    view! {
        <fieldset class="govuk-fieldset" role="group" aria-describedby=frame.described_by()>
            {frame.legend()}
            <div class="govuk-date-input">
                {boxes
                    .into_iter()
                    .zip(ids)
                    .enumerate()
                    .map(|(i, ((name, width), pid))| {
                        view! {
                            <div class="govuk-date-input__item">
                                <div class="govuk-form-group">
                                    <label class="govuk-label govuk-date-input__label" for=pid.clone()>{name}</label>
                                    <input
                                        class=frame.class(format!("govuk-input govuk-date-input__input {width}"), "govuk-input--error")
                                        id=pid
                                        type="text"
                                        inputmode="numeric"
                                        prop:value=part(i)
                                        on:input:target=move |ev| set_part(i, ev.target().value())
                                    />
                                </div>
                            </div>
                        }
                    })
                    .collect_view()}
            </div>
        </fieldset>
    }
}
