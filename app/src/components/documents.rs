//! Uploading documents (the care plan above all: a distant placement needs it, reg 11(2)(d)(ii)
//! and 13(4)(b)). Online, a file goes to the relay at once; offline it is kept on the device and
//! sent with its submission. Either way the form holds its id, name and kind.

use leptos::prelude::*;
use serde_json::{Value, json};

use placement_rules::forms::common::{DocumentKind, DocumentRef};

use crate::answers;
use crate::outbox;

const KINDS: &[(&str, &str)] = DocumentKind::CHOICES;

/// The start of the id of a file kept on this device until its submission goes.
pub const LOCAL: &str = "local-";

/// The documents a form holds, as the rules read them.
pub fn documents_in(list: &Value) -> Vec<DocumentRef> {
    list.as_array().into_iter().flatten().filter_map(document_in).collect()
}

/// One document of a form's list, if it reads as one.
pub fn document_in(item: &Value) -> Option<DocumentRef> {
    serde_json::from_value(item.clone()).ok()
}

#[component]
pub fn Documents(
    id: String,
    label: &'static str,
    hint: Option<&'static str>,
    path: &'static str,
    answers: RwSignal<Value>,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let kind = RwSignal::new("care-plan".to_owned());
    let status = RwSignal::new(String::new());
    // A file the relay refused: a GOV.UK error on this question until a file is accepted.
    let refused = RwSignal::new(None::<String>);
    let error = Signal::derive(move || refused.get().or_else(|| error.get()));
    let docs = move || answers.with(|a| documents_in(answers::get(a, path)));
    let add = move |doc: DocumentRef| {
        answers.update(|a| {
            let mut list = answers::get(a, path).as_array().cloned().unwrap_or_default();
            list.push(serde_json::to_value(doc).unwrap_or_default());
            answers::set(a, path, Value::Array(list));
        });
    };
    let remove = move |i: usize| {
        answers.update(|a| {
            let mut list = answers::get(a, path).as_array().cloned().unwrap_or_default();
            if i < list.len() {
                let gone = document_in(&list.remove(i));
                status.set(format!("{} removed", gone.as_ref().map_or("Document", |d| d.file_name.as_str())));
            }
            answers::set(a, path, Value::Array(list));
        });
    };
    let on_file = move |input: web_sys::HtmlInputElement| {
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let name = file.name();
        let kind = serde_json::from_value::<DocumentKind>(json!(kind.get_untracked())).unwrap_or(DocumentKind::Other);
        status.set(format!("Uploading {name}…"));
        leptos::task::spawn_local(async move {
            match outbox::upload(&file, &name).await {
                Ok(Some(id)) => {
                    refused.set(None);
                    add(DocumentRef { kind, attachment_id: id, file_name: name.clone() });
                    status.set(format!("{name} uploaded"));
                }
                Ok(None) => {
                    let local = format!("{LOCAL}{}", crate::drafts::new_id());
                    if outbox::keep_file(&local, &file).await {
                        add(DocumentRef { kind, attachment_id: local, file_name: name.clone() });
                        status.set(format!("{name} is saved on this device and will be sent with your request"));
                    } else {
                        status.set(format!("{name} could not be saved on this device. Try again when you are online"));
                    }
                }
                Err(message) => {
                    status.set(String::new());
                    refused.set(Some(format!("{name} was not uploaded: {message}")));
                }
            }
        });
    };
    let kind_id = format!("{id}-kind");
    view! {
        <fieldset class="govuk-fieldset">
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{label}</legend>
            {hint.map(|h| view! { <div class="govuk-hint">{h}</div> })}
            {move || error.get().map(|e| view! {
                <p class="govuk-error-message"><span class="govuk-visually-hidden">"Error: "</span>{e}</p>
            })}
            <Show when=move || !docs().is_empty()>
                <dl class="govuk-summary-list">
                    {move || docs().into_iter().enumerate().map(|(i, d)| {
                        let name = d.file_name.clone();
                        let waiting = d.attachment_id.starts_with(LOCAL);
                        view! {
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{d.kind.label()}</dt>
                                <dd class="govuk-summary-list__value">
                                    {name.clone()}
                                    {waiting.then(|| view! { <br/><span class="govuk-hint">"Saved on this device, waiting to send"</span> })}
                                </dd>
                                <dd class="govuk-summary-list__actions">
                                    <button type="button" class="govuk-button govuk-button--secondary app-button--inline" on:click=move |_| remove(i)>
                                        "Remove" <span class="govuk-visually-hidden">" " {name}</span>
                                    </button>
                                </dd>
                            </div>
                        }
                    }).collect_view()}
                </dl>
            </Show>
            <div class="govuk-form-group">
                <label class="govuk-label" for=kind_id.clone()>"What is the document?"</label>
                <select class="govuk-select" id=kind_id prop:value=move || kind.get() on:change:target=move |ev| kind.set(ev.target().value())>
                    {KINDS.iter().map(|(v, l)| view! { <option value=*v>{*l}</option> }).collect_view()}
                </select>
            </div>
            <label class="govuk-label" for=id.clone()>"Choose a file"</label>
            <input
                class=move || if error.get().is_some() { "govuk-file-upload govuk-file-upload--error" } else { "govuk-file-upload" }
                id=id.clone()
                type="file"
                accept=".pdf,.doc,.docx,.png,.jpg,.jpeg,application/pdf,image/*"
                on:change:target=move |ev| on_file(ev.target())
            />
            <p class="govuk-body" role="status" aria-live="polite">{move || status.get()}</p>
        </fieldset>
    }
}
