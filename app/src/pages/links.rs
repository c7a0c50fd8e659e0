//! The pages an emailed link opens. The link's token is in the URL fragment, which browsers never
//! send to a server; it is read once, kept for this tab only, and taken out of the address bar.

use leptos::prelude::*;
use placement_rules::forms::placement_notification::PlacementNotification;
use placement_rules::{ConsultationRequest, Register};
use serde_json::{Value, json};

use crate::app::shared;
use crate::components::page_title::set_page_title;
use crate::fetch::{self, Failure};
use crate::journeys::{consultation, notification, outcome, withdrawal};
use crate::pages::journey::AnswersSummary;

/// The token from `#token=…`, or the one this tab already read for this case.
pub fn link_token(reference: &str) -> Option<String> {
    let key = format!("ola-token-{reference}");
    let storage = window().session_storage().ok().flatten();
    let hash = window().location().hash().unwrap_or_default();
    if let Some(token) = hash.strip_prefix("#token=").filter(|t| !t.is_empty()) {
        if let Some(s) = &storage {
            let _ = s.set_item(&key, token);
        }
        let path = window().location().pathname().unwrap_or_default();
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path));
        }
        return Some(token.to_owned());
    }
    storage.and_then(|s| s.get_item(&key).ok().flatten())
}

fn case_text(case: &Value, key: &str) -> String {
    case["case"][key].as_str().unwrap_or("").to_owned()
}

/// A measure to the nearest whole number, as text. (Formatting an f64 directly would pull Rust's
/// float formatting, about 5 KB, into the WebAssembly for two numbers.)
pub fn whole(x: f64) -> String {
    (x.round() as i64).to_string()
}

/// A measure to one decimal place, as text, the same way.
pub fn one_place(x: f64) -> String {
    let tenths = (x * 10.0).round() as i64;
    let sign = if tenths < 0 { "-" } else { "" };
    format!("{sign}{}.{}", (tenths / 10).abs(), (tenths % 10).abs())
}

/// The case's facts, as the relay holds them.
#[component]
pub fn CaseFacts(case: Value) -> impl IntoView {
    let c = &case["case"];
    let placing = Register::builtin().name_of(c["placing_authority"].as_str().unwrap_or("")).to_owned();
    let division = c["division"].as_str().and_then(|d| {
        placement_rules::host::HostConfig::kent().divisions.iter().find(|x| x.id == d).map(|x| x.name.clone())
    });
    let miles = c["distance_miles"].as_f64().map(|m| format!("{} miles from the placing authority", whole(m)));
    let rows: Vec<(&str, String)> = vec![
        ("Status", c["status"].as_str().unwrap_or("").replace('-', " ")),
        ("Placing authority", placing),
        ("Division", division.unwrap_or_default()),
        ("District", c["district"].as_str().unwrap_or("").to_owned()),
        (
            "Distance",
            [c["distance"].as_str().map(str::to_owned), miles].into_iter().flatten().collect::<Vec<_>>().join(", "),
        ),
        ("Received", c["requested_on"].as_str().unwrap_or("").to_owned()),
        ("Reply due", c["reply_due_on"].as_str().unwrap_or("").to_owned()),
        (
            "Outcome",
            [c["decision"].as_str(), c["outcome_on"].as_str()].into_iter().flatten().collect::<Vec<_>>().join(" on "),
        ),
        ("Working days to outcome", c["working_days_to_outcome"].as_i64().map(|d| d.to_string()).unwrap_or_default()),
        ("Notified", c["notified_on"].as_str().unwrap_or("").to_owned()),
        ("Placement starts", c["start_date"].as_str().unwrap_or("").to_owned()),
    ];
    view! {
        <dl class="govuk-summary-list">
            {rows.into_iter().filter(|(_, v)| !v.is_empty()).map(|(k, v)| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{k}</dt>
                    <dd class="govuk-summary-list__value">{v}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// The case's documents, each downloaded with the link's token.
#[component]
pub fn CaseDocuments(case: Value, token: Option<String>) -> impl IntoView {
    let docs = case["attachments"].as_array().cloned().unwrap_or_default();
    let status = RwSignal::new(String::new());
    (!docs.is_empty()).then(|| {
        view! {
            <h2 class="govuk-heading-m">"Documents"</h2>
            <ul class="govuk-list">
                {docs.into_iter().map(|d| {
                    let id = d["id"].as_str().unwrap_or("").to_owned();
                    let name = d["file_name"].as_str().unwrap_or("document").to_owned();
                    let token = token.clone();
                    let label = name.clone();
                    view! {
                        <li>
                            <button type="button" class="app-link-button govuk-link" on:click=move |_| {
                                let (id, name, token) = (id.clone(), name.clone(), token.clone());
                                leptos::task::spawn_local(async move {
                                    if let Err(e) = fetch::download(&id, &name, token.as_deref()).await {
                                        status.set(e.message().to_owned());
                                    }
                                });
                            }>{format!("Download {label}")}</button>
                        </li>
                    }
                }).collect_view()}
            </ul>
            <p class="govuk-body" role="status">{move || status.get()}</p>
        }
    })
}

/// Loads a case and shows `page` with it, or says why it cannot.
fn with_case<V: IntoView + 'static>(
    reference: String,
    token: Option<String>,
    page: impl Fn(Value) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let loaded = RwSignal::new(None::<Result<Value, Failure>>);
    let url = format!("/api/cases/{reference}");
    leptos::task::spawn_local(async move {
        loaded.set(Some(fetch::get_json(&url, token.as_deref()).await));
    });
    move || match loaded.get() {
        None => view! { <p class="govuk-body" role="status">"Loading the case…"</p> }.into_any(),
        Some(Err(e)) => view! {
            <h1 class="govuk-heading-l">"This case cannot be opened"</h1>
            <p class="govuk-body">{e.message()}</p>
        }
        .into_any(),
        Some(Ok(case)) => page(case).into_any(),
    }
}

/// The service manager's link: the request, read-only, then "Record the outcome".
#[component]
pub fn OutcomeLink(reference: String) -> impl IntoView {
    let s = shared();
    set_page_title("Consultation", false);
    let token = link_token(&reference);
    let page_token = token.clone();
    with_case(reference.clone(), token, move |case| {
        let decided = !case_text(&case, "decision").is_empty();
        let reference = reference.clone();
        let token = page_token.clone();
        let division = case_text(&case, "division");
        let request = case["consultation"].clone();
        let docs_token = token.clone();
        view! {
            <span class="govuk-caption-l">"Consultation from another authority"</span>
            <h1 class="govuk-heading-l">{format!("Consultation {reference}")}</h1>
            <CaseFacts case=case.clone() />
            {if decided {
                view! { <p class="govuk-body">"The outcome has been recorded. The placing authority and Management Information have it."</p> }.into_any()
            } else {
                let r = reference.clone();
                view! {
                    <button type="button" class="govuk-button" on:click=move |_| {
                        let answers = json!({"consultation_reference": r, "responder": {"division": division}});
                        s.begin(&outcome::JOURNEY, answers, token.clone(), None);
                    }>"Record the outcome"</button>
                }.into_any()
            }}
            <CaseDocuments case=case.clone() token=docs_token />
            <AnswersSummary journey=&consultation::JOURNEY answers=Signal::derive(move || request.clone()) />
        }
    })
}

/// The placing social worker's link: where the case is, and notify or withdraw from it.
#[component]
pub fn CaseLink(reference: String) -> impl IntoView {
    let s = shared();
    set_page_title("Your consultation", false);
    let token = link_token(&reference);
    let page_token = token.clone();
    with_case(reference.clone(), token, move |case| {
        let reference = reference.clone();
        let (t1, t2) = (page_token.clone(), page_token.clone());
        let request = case["consultation"].clone();
        let (r1, r2, q1, q2) = (reference.clone(), reference.clone(), request.clone(), request.clone());
        let open = case_text(&case, "status") != "withdrawn";
        view! {
            <span class="govuk-caption-l">"Your consultation with Kent"</span>
            <h1 class="govuk-heading-l">{format!("Consultation {reference}")}</h1>
            <CaseFacts case=case.clone() />
            {open.then(|| view! {
                <div class="govuk-button-group">
                    <button type="button" class="govuk-button" on:click=move |_| {
                        let answers = crate::answers::typed::<ConsultationRequest>(&q1)
                            .ok()
                            .and_then(|r| serde_json::to_value(PlacementNotification::from_consultation(&r, &r1)).ok())
                            .unwrap_or_else(|| json!({"consultation_reference": r1}));
                        s.begin(&notification::JOURNEY, answers, t1.clone(), Some(q1.clone()));
                    }>"Notify Kent of the placement"</button>
                    <button type="button" class="govuk-button govuk-button--secondary" on:click=move |_| {
                        let answers = json!({"consultation_reference": r2, "withdrawn_by": q2["social_worker"]});
                        s.begin(&withdrawal::JOURNEY, answers, t2.clone(), None);
                    }>"Withdraw the consultation"</button>
                </div>
            })}
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_read_as_people_write_them() {
        assert_eq!(whole(41.6), "42");
        assert_eq!(one_place(3.25), "3.3");
        assert_eq!(one_place(0.0), "0.0");
        assert_eq!(one_place(12.04), "12.0");
        assert_eq!(one_place(-0.5), "-0.5");
    }
}
