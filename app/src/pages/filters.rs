//! The parts of a staff page's filter form (the MOJ "filter a list" pattern): text and select
//! fields, the error summary, and dates read as people type them.

use contract::Named;
use leptos::prelude::*;
use placement_rules::Date;

/// "1/11/2026" (or with spaces, dots or hyphens) as the rules' answer form, "2026-11-1"; anything
/// else as typed, which the rules call not a date.
pub(crate) fn wire_date(text: &str) -> String {
    let parts: Vec<&str> = text.split(['/', ' ', '.', '-']).filter(|p| !p.is_empty()).collect();
    match parts.as_slice() {
        [day, month, year] => format!("{year}-{month}-{day}"),
        _ if text.trim().is_empty() => String::new(),
        _ => "x-x-x".to_owned(),
    }
}

/// Errors found in a filter form, each addressed to its field's id.
pub(crate) type FieldErrors = Vec<(&'static str, String)>;

/// A typed day, read as the rules read a date ("1/11/2026"); its error, addressed to field `id`, is
/// added to `errors`. An empty field is no day, or, when `required`, an error of its own.
pub(crate) fn day(errors: &mut FieldErrors, id: &'static str, text: &str, label: &str, required: bool) -> Option<Date> {
    match placement_rules::date::parse_answer(&wire_date(text), id, label) {
        Ok(Some(d)) => return Some(d),
        Ok(None) if required => errors.push((id, format!("Enter the {}", label.to_lowercase()))),
        Ok(None) => {}
        Err(finding) => errors.push((id, finding.message)),
    }
    None
}

/// A period's two days must not run backwards: else `message`, addressed to the second's field.
pub(crate) fn in_order(errors: &mut FieldErrors, from: Option<Date>, to: (&'static str, Option<Date>), message: &str) {
    if let (Some(from), (id, Some(to))) = (from, to)
        && to < from
    {
        errors.push((id, message.to_owned()));
    }
}

/// What a person typed or chose, or nothing if they left it empty.
pub(crate) fn chosen(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

pub(crate) fn named_options(any: &str, named: &[Named]) -> Vec<(String, String)> {
    std::iter::once((String::new(), any.to_owned()))
        .chain(named.iter().map(|n| (n.code.clone(), n.name.clone())))
        .collect()
}

/// The filters a person applied, or None with their errors shown: in the summary (which takes
/// focus), on each field, and first in the page's title.
pub(crate) fn applied<Q>(
    result: Result<Q, Vec<(&'static str, String)>>,
    errors: RwSignal<Vec<(&'static str, String)>>,
    title: &str,
) -> Option<Q> {
    let set_title = crate::components::page_title::set_page_title;
    match result {
        Ok(q) => {
            errors.set(Vec::new());
            set_title(title, false);
            Some(q)
        }
        Err(found) => {
            errors.set(found);
            set_title(title, true);
            focus("filter-errors");
            None
        }
    }
}

/// Moves focus to an element once it is on the page (after this turn's render).
pub(crate) fn focus(id: &'static str) {
    leptos::prelude::request_animation_frame(move || {
        if let Some(el) = leptos::prelude::document().get_element_by_id(id)
            && let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el)
        {
            let _ = el.focus();
        }
    });
}

#[component]
pub(crate) fn ErrorSummary(errors: RwSignal<Vec<(&'static str, String)>>) -> impl IntoView {
    move || {
        let list = errors.get();
        (!list.is_empty()).then(|| view! {
            <div class="govuk-error-summary" id="filter-errors" tabindex="-1">
                <div role="alert">
                    <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                    <div class="govuk-error-summary__body">
                        <ul class="govuk-list govuk-error-summary__list">
                            {list.into_iter().map(|(id, message)| view! { <li><a href=format!("#{id}")>{message}</a></li> }).collect_view()}
                        </ul>
                    </div>
                </div>
            </div>
        })
    }
}

#[component]
pub(crate) fn TextFilter(
    id: &'static str,
    label: &'static str,
    hint: &'static str,
    value: Signal<String>,
    errors: RwSignal<Vec<(&'static str, String)>>,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    // Only this field's own changes reach the input, never another field's: what is typed here
    // is not overwritten while the person moves on.
    let value = Memo::new(move |_| value.get());
    let error = move || errors.get().into_iter().find(|(field, _)| *field == id).map(|(_, m)| m);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let described = move || if error().is_some() { format!("{id}-hint {id}-error") } else { format!("{id}-hint") };
    view! {
        <div class=move || if error().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
            <label class="govuk-label" for=id>{label}</label>
            <div class="govuk-hint" id=hint_id>{hint}</div>
            {move || error().map(|m| view! {
                <p class="govuk-error-message" id=error_id.clone()><span class="govuk-visually-hidden">"Error: "</span>{m}</p>
            })}
            <input class=move || if error().is_some() { "govuk-input govuk-input--error" } else { "govuk-input" }
                id=id name=id type="text" spellcheck="false" autocomplete="off" aria-describedby=described
                prop:value=value on:input:target=move |ev| set(ev.target().value()) />
        </div>
    }
}

#[component]
pub(crate) fn SelectFilter(
    id: &'static str,
    label: &'static str,
    value: Signal<String>,
    options: Signal<Vec<(String, String)>>,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    view! {
        <div class="govuk-form-group">
            <label class="govuk-label" for=id>{label}</label>
            <select class="govuk-select" id=id name=id on:change:target=move |ev| set(ev.target().value())>
                {move || {
                    let chosen = value.get();
                    options.get().into_iter().map(|(code, name)| {
                        let selected = code == chosen;
                        view! { <option value=code selected=selected>{name}</option> }
                    }).collect_view()
                }}
            </select>
        </div>
    }
}
