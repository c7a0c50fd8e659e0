//! One question, asked with the GOV.UK component its control names: label or legend, hint, inline
//! error, and the answer bound to its path in the draft's answers.

use leptos::prelude::*;
use placement_rules::forms::common::PlacementType;
use placement_rules::forms::consultation_outcome::ChallengeReason;
use placement_rules::forms::consultation_request::{ETHNICITIES, LegalStatus};
use placement_rules::forms::withdrawal::WithdrawalReason;
use placement_rules::host::HostConfig;
use placement_rules::{Finding, Register, Severity};
use serde_json::Value;

use crate::answers;
use crate::components::documents::Documents;
use crate::field_id::field_id;
use crate::journeys::{Choice, Control, Field, Journey, Options, is_within};

/// The first error about this question (or an item within it), for its inline message.
pub fn error_within(findings: &[Finding], path: &str) -> Option<String> {
    findings.iter().find(|f| f.severity == Severity::Error && is_within(&f.field, path)).map(|f| f.message.clone())
}

/// The wire name serde gives one of the rules' choices.
fn wire<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A long list's choices, read from the rules crate.
pub fn options(which: Options) -> Vec<(String, String)> {
    let pair = |v: String, l: &str| (v, l.to_owned());
    match which {
        Options::Authorities => {
            let mut all: Vec<_> = Register::builtin().all().iter().map(|a| (a.gss.clone(), a.name.clone())).collect();
            all.sort_by(|a, b| a.1.cmp(&b.1));
            all
        }
        Options::Ethnicities => ETHNICITIES.iter().map(|(c, l)| pair((*c).to_owned(), l)).collect(),
        Options::LegalStatuses => LegalStatus::ALL.iter().map(|s| pair(wire(s), s.label())).collect(),
        Options::PlacementTypes => PlacementType::ALL.iter().map(|t| pair(wire(t), t.label())).collect(),
        Options::ChallengeReasons => ChallengeReason::ALL.iter().map(|r| pair(wire(r), r.label())).collect(),
        Options::WithdrawalReasons => WithdrawalReason::ALL.iter().map(|r| pair(wire(r), r.label())).collect(),
        Options::Divisions => HostConfig::kent().divisions.iter().map(|d| (d.id.clone(), d.name.clone())).collect(),
    }
}

fn fixed(choices: &[Choice]) -> Vec<(String, String)> {
    choices.iter().map(|(v, l)| ((*v).to_owned(), (*l).to_owned())).collect()
}

/// How an answer reads on check your answers and on the receipt.
pub fn display(field: &Field, answers: &Value) -> String {
    let text = answers::text(answers, field.path);
    let label_of = |list: Vec<(String, String)>| list.into_iter().find(|(v, _)| *v == text).map(|(_, l)| l);
    let shown = match field.control {
        Control::Radios(c) | Control::InlineRadios(c) => label_of(fixed(c)),
        Control::RadiosFrom(o) | Control::Select(o) => label_of(options(o)),
        Control::Date => placement_rules::date::parse_answer(&text, field.path, "").ok().flatten().map(|d| d.long()),
        Control::Checkboxes(c) => Some(
            c.iter()
                .filter(|(v, _)| answers::is_true(answers, &format!("{}.{v}", field.path)))
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Control::Documents => Some(
            crate::components::documents::documents_in(answers::get(answers, field.path))
                .into_iter()
                .map(|d| d.file_name)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Control::Text { .. } | Control::TextArea | Control::Fixed => None,
    };
    let shown = shown.unwrap_or(text);
    if shown.trim().is_empty() { "Not given".to_owned() } else { shown }
}

#[component]
pub fn FieldView(
    journey: &'static Journey,
    field: &'static Field,
    answers: RwSignal<Value>,
    findings: RwSignal<Vec<Finding>>,
    /// The questions on the same page, for those a radio reveals (asked under it, as GOV.UK's
    /// conditional reveals are).
    #[prop(default = &[])]
    page_fields: &'static [Field],
) -> impl IntoView {
    let path = field.path;
    let label = journey.label(field);
    let id = field_id(path);
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    let error = Memo::new(move |_| findings.with(|f| error_within(f, path)));
    let described_by = {
        let (hint_id, error_id) = (hint_id.clone(), error_id.clone());
        move || {
            let mut ids = Vec::new();
            if field.hint.is_some() {
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
    let hint = field.hint.map(|h| view! { <div class="govuk-hint" id=hint_id.clone()>{h}</div> });
    let error_message = {
        let error_id = error_id.clone();
        move || {
            error.get().map(|e| {
                view! {
                    <p class="govuk-error-message" id=error_id.clone()>
                        <span class="govuk-visually-hidden">"Error: "</span>
                        {e}
                    </p>
                }
            })
        }
    };
    let value = move || answers.with(|a| answers::text(a, path));
    let set = move |v: String| answers.update(|a| answers::set_text(a, path, v));
    let with_error = move |base: &'static str, err_class: &'static str| {
        move || if error.get().is_some() { format!("{base} {err_class}") } else { base.to_owned() }
    };

    let control = match field.control {
        Control::Text { kind, autocomplete, width } => view! {
            <label class="govuk-label govuk-label--s" for=id.clone()>{label}</label>
            {hint}
            {error_message}
            <input
                class=move || {
                    let base = format!("govuk-input {width}");
                    if error.get().is_some() { format!("{base} govuk-input--error") } else { base }
                }
                id=id.clone()
                name=id.clone()
                type=kind
                autocomplete=autocomplete
                spellcheck="false"
                aria-describedby=described_by
                prop:value=value
                on:input:target=move |ev| set(ev.target().value())
            />
        }
        .into_any(),
        Control::TextArea => view! {
            <label class="govuk-label govuk-label--s" for=id.clone()>{label}</label>
            {hint}
            {error_message}
            <textarea
                class=with_error("govuk-textarea", "govuk-textarea--error")
                id=id.clone()
                name=id.clone()
                rows="5"
                aria-describedby=described_by
                prop:value=value
                on:input:target=move |ev| set(ev.target().value())
            ></textarea>
        }
        .into_any(),
        Control::Select(which) => view! {
            <label class="govuk-label govuk-label--s" for=id.clone()>{label}</label>
            {hint}
            {error_message}
            <select
                class=with_error("govuk-select", "govuk-select--error")
                id=id.clone()
                name=id.clone()
                aria-describedby=described_by
                prop:value=value
                on:change:target=move |ev| set(ev.target().value())
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
        .into_any(),
        Control::Radios(_) | Control::InlineRadios(_) | Control::RadiosFrom(_) => {
            let (choices, inline) = match field.control {
                Control::Radios(c) => (fixed(c), false),
                Control::InlineRadios(c) => (fixed(c), true),
                Control::RadiosFrom(o) => (options(o), false),
                _ => unreachable!(),
            };
            // GOV.UK: radios that reveal questions are stacked, never inline.
            let reveals = |v: &str| -> Vec<&'static Field> {
                page_fields.iter().filter(|f| f.when.is_some_and(|(p, w)| p == path && w == v)).collect()
            };
            let any_reveal = choices.iter().any(|(v, _)| !reveals(v).is_empty());
            let radios_class = if inline && !any_reveal { "govuk-radios govuk-radios--inline" } else { "govuk-radios" };
            view! {
                <fieldset class="govuk-fieldset" aria-describedby=described_by>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
                    {hint}
                    {error_message}
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
                                            on:change=move |_| set(v.clone())
                                        />
                                        <label class="govuk-label govuk-radios__label" for=rid>{l}</label>
                                    </div>
                                    {(!revealed.is_empty()).then(|| view! {
                                        <div class="govuk-radios__conditional" id=conditional_id class:govuk-radios__conditional--hidden=move || !hide()>
                                            {move || shown().then(|| revealed.iter().map(|f| view! {
                                                <FieldView journey=journey field=f answers=answers findings=findings page_fields=page_fields />
                                            }.into_any()).collect::<Vec<_>>())}
                                        </div>
                                    })}
                                }
                            })
                            .collect_view()}
                    </div>
                </fieldset>
            }
            .into_any()
        }
        Control::Checkboxes(choices) => view! {
            <fieldset class="govuk-fieldset" aria-describedby=described_by>
                <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
                {hint}
                {error_message}
                <div class="govuk-checkboxes govuk-checkboxes--small">
                    {choices
                        .iter()
                        .enumerate()
                        .map(|(i, (v, l))| {
                            let sub = format!("{path}.{v}");
                            let cid = if i == 0 { id.clone() } else { format!("{id}-{v}").replace('_', "-") };
                            let checked = {
                                let sub = sub.clone();
                                move || answers.with(|a| answers::is_true(a, &sub))
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
                                            answers.update(|a| answers::set(a, &sub, Value::Bool(on)));
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
        .into_any(),
        Control::Date => {
            let part = move |which: usize| {
                move || {
                    answers.with(|a| {
                        let parts =
                            placement_rules::date::DateParts::split(&answers::text(a, path)).unwrap_or_default();
                        [parts.day, parts.month, parts.year][which].clone()
                    })
                }
            };
            let set_part = move |which: usize, v: String| {
                answers.update(|a| {
                    let mut parts =
                        placement_rules::date::DateParts::split(&answers::text(a, path)).unwrap_or_default();
                    match which {
                        0 => parts.day = v,
                        1 => parts.month = v,
                        _ => parts.year = v,
                    }
                    answers::set_text(a, path, parts.join());
                });
            };
            let input_class = move |width: &'static str| {
                move || {
                    let base = format!("govuk-input govuk-date-input__input {width}");
                    if error.get().is_some() { format!("{base} govuk-input--error") } else { base }
                }
            };
            let ids = [id.clone(), format!("{id}-month"), format!("{id}-year")];
            view! {
                <fieldset class="govuk-fieldset" role="group" aria-describedby=described_by>
                    <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
                    {hint}
                    {error_message}
                    <div class="govuk-date-input">
                        {[("Day", "govuk-input--width-2"), ("Month", "govuk-input--width-2"), ("Year", "govuk-input--width-4")]
                            .into_iter()
                            .enumerate()
                            .map(|(i, (name, width))| {
                                let pid = ids[i].clone();
                                view! {
                                    <div class="govuk-date-input__item">
                                        <div class="govuk-form-group">
                                            <label class="govuk-label govuk-date-input__label" for=pid.clone()>{name}</label>
                                            <input
                                                class=input_class(width)
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
            .into_any()
        }
        Control::Fixed => view! {
            <h2 class="govuk-label govuk-label--s" id=id.clone()>{label}</h2>
            <p class="govuk-body">{value}</p>
        }
        .into_any(),
        Control::Documents => view! {
            <Documents id=id.clone() label=label hint=field.hint path=path answers=answers error=error.into() />
        }
        .into_any(),
    };
    view! { <div class=group_class>{control}</div> }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journeys::consultation;

    #[test]
    fn answers_read_back_as_the_person_chose_them() {
        let mut a = answers::empty();
        answers::set_text(&mut a, "placement.placement_type", "childrens-home".into());
        answers::set_text(&mut a, "child.date_of_birth", "2012-3-27".into());
        answers::set_text(&mut a, "placing_authority", "E08000035".into());
        let field = |path| consultation::JOURNEY.pages.iter().flat_map(|p| p.fields).find(|f| f.path == path).unwrap();
        assert_eq!(display(field("placement.placement_type"), &a), "Children's home");
        assert_eq!(display(field("child.date_of_birth"), &a), "27 March 2012");
        assert_eq!(display(field("placing_authority"), &a), "Leeds");
        assert_eq!(display(field("child.first_name"), &a), "Not given");
    }

    #[test]
    fn choices_from_the_rules_use_their_wire_names() {
        assert!(options(Options::PlacementTypes).contains(&("childrens-home".into(), "Children's home".into())));
        assert!(options(Options::LegalStatuses).iter().any(|(v, _)| v == "C2"));
        assert_eq!(options(Options::Divisions).len(), 2);
    }
}
