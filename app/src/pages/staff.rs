//! Kent's staff pages (Front Door and Management Information): cases with their status and reply
//! deadline, one case's timeline, and the Management Information report with its CSV download.
//! Signed in with the code the relay issued; the session is an HttpOnly cookie the app never sees.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use placement_rules::Register;
use serde_json::{Value, json};

use crate::app::shared;
use crate::components::page_title::set_page_title;
use crate::fetch::{self, Failure};
use crate::journeys::consultation;
use crate::pages::journey::{AnswersSummary, BackLink};
use crate::pages::links::{CaseDocuments, CaseFacts};
use crate::router::Route;

/// Shows `page` to a signed-in member of staff, or the sign-in form.
fn signed_in<V: IntoView + 'static>(page: impl Fn(Value) -> V + Send + Sync + Clone + 'static) -> impl IntoView {
    let me = RwSignal::new(None::<Result<Value, Failure>>);
    let check =
        move || leptos::task::spawn_local(async move { me.set(Some(fetch::get_json("/api/staff/me", None).await)) });
    check();
    move || match me.get() {
        None => view! { <p class="govuk-body" role="status">"Loading…"</p> }.into_any(),
        Some(Ok(who)) => page(who).into_any(),
        Some(Err(Failure::NotAllowed)) => view! { <SignIn on_done=Callback::new(move |()| check()) /> }.into_any(),
        Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
    }
}

#[component]
fn SignIn(on_done: Callback<()>) -> impl IntoView {
    set_page_title("Sign in", false);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let token = code.get_untracked().trim().to_owned();
        if token.is_empty() {
            set_page_title("Sign in", true);
            error.set(Some("Enter your sign-in code".into()));
            return;
        }
        leptos::task::spawn_local(async move {
            match fetch::post_json("/api/staff/sign-in", &json!({"token": token})).await {
                Ok(_) => on_done.run(()),
                Err(Failure::NotAllowed) => {
                    set_page_title("Sign in", true);
                    error.set(Some("The sign-in code is not right. Check it and enter it again".into()));
                }
                Err(e) => error.set(Some(e.message().into())),
            }
        });
    };
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                {move || error.get().map(|e| view! {
                    <div class="govuk-error-summary" tabindex="-1">
                        <div role="alert">
                            <h2 class="govuk-error-summary__title">"There is a problem"</h2>
                            <div class="govuk-error-summary__body">
                                <ul class="govuk-list govuk-error-summary__list"><li><a href="#sign-in-code">{e}</a></li></ul>
                            </div>
                        </div>
                    </div>
                })}
                <h1 class="govuk-heading-l">"Sign in: Kent staff"</h1>
                <form novalidate on:submit=on_submit>
                    <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                        <label class="govuk-label govuk-label--s" for="sign-in-code">"Sign-in code"</label>
                        <div class="govuk-hint" id="sign-in-code-hint">"The code you were given when your account was made"</div>
                        <input class="govuk-input govuk-input--width-30" id="sign-in-code" name="sign-in-code" type="password"
                            autocomplete="current-password" aria-describedby="sign-in-code-hint"
                            on:input:target=move |ev| code.set(ev.target().value()) />
                    </div>
                    <button type="submit" class="govuk-button">"Sign in"</button>
                </form>
            </div>
        </div>
    }
}

#[component]
fn StaffNav(who: Value) -> impl IntoView {
    let s = shared();
    let name = who["name"].as_str().unwrap_or("").to_owned();
    let go = move |r: Route| {
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            s.router.go(r.clone());
        }
    };
    view! {
        <nav class="app-staff-nav" aria-label="Staff pages">
            <p class="govuk-body-s">{format!("Signed in as {name}")}</p>
            <ul class="govuk-list app-inline-list">
                <li><a class="govuk-link" href="/staff" on:click=go(Route::Staff)>"Cases"</a></li>
                <li><a class="govuk-link" href="/staff/report" on:click=go(Route::StaffReport)>"Management information report"</a></li>
                <li><button type="button" class="app-link-button govuk-link" on:click=move |_| {
                    leptos::task::spawn_local(async move {
                        let _ = fetch::post_json("/api/staff/sign-out", &json!({})).await;
                        s.router.go(Route::Start);
                    });
                }>"Sign out"</button></li>
            </ul>
        </nav>
    }
}

fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        _ => String::new(),
    }
}

/// A stored value as a person reads it: dates written out, ids as words, divisions by name.
fn shown(key: &str, v: &Value) -> String {
    let raw = text(v);
    match key {
        "requested_on" | "reply_due_on" | "notified_on" | "start_date" | "outcome_on" => {
            placement_rules::Date::parse_iso(&raw).map_or(raw, |d| d.long())
        }
        "division" => placement_rules::host::HostConfig::kent()
            .divisions
            .iter()
            .find(|d| d.id == raw)
            .map_or(raw, |d| d.name.clone()),
        "status" | "decision" | "outcome" => raw.replace('-', " "),
        _ => raw,
    }
}

#[component]
pub fn StaffCases() -> impl IntoView {
    let s = shared();
    set_page_title("Cases", false);
    signed_in(move |who| {
        let cases = RwSignal::new(None::<Result<Value, Failure>>);
        leptos::task::spawn_local(async move { cases.set(Some(fetch::get_json("/api/staff/cases", None).await)) });
        view! {
            <StaffNav who=who />
            <h1 class="govuk-heading-l">"Cases"</h1>
            {move || match cases.get() {
                None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
                Some(Ok(list)) => {
                    let today = list["today"].as_str().unwrap_or("").to_owned();
                    let rows = list["cases"].as_array().cloned().unwrap_or_default();
                    view! {
                        <table class="govuk-table">
                            <caption class="govuk-table__caption govuk-table__caption--m">{format!("{} cases, newest first", rows.len())}</caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    {["Reference", "Status", "Placing authority", "Division", "Received", "Reply due", "Outcome"].map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })}
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                {rows.into_iter().map(|c| {
                                    let reference = c["reference"].as_str().unwrap_or("").to_owned();
                                    let overdue = c["decision"].is_null() && c["reply_due_on"].as_str().is_some_and(|d| d < today.as_str());
                                    let r = reference.clone();
                                    view! {
                                        <tr class="govuk-table__row">
                                            <td class="govuk-table__cell"><a class="govuk-link" href=Route::StaffCase(reference.clone()).path()
                                                on:click=move |ev| { ev.prevent_default(); s.router.go(Route::StaffCase(r.clone())); }>{reference.clone()}</a></td>
                                            <td class="govuk-table__cell">{shown("status", &c["status"])}</td>
                                            <td class="govuk-table__cell">{Register::builtin().name_of(c["placing_authority"].as_str().unwrap_or("")).to_owned()}</td>
                                            <td class="govuk-table__cell">{shown("division", &c["division"])}</td>
                                            <td class="govuk-table__cell">{shown("requested_on", &c["requested_on"])}</td>
                                            <td class="govuk-table__cell">
                                                {shown("reply_due_on", &c["reply_due_on"])}
                                                {overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Overdue"</strong> })}
                                            </td>
                                            <td class="govuk-table__cell">{shown("decision", &c["decision"])}</td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        }
    })
}

#[component]
pub fn StaffCase(reference: String) -> impl IntoView {
    set_page_title(&format!("Case {reference}"), false);
    signed_in(move |who| {
        let reference = reference.clone();
        let case = RwSignal::new(None::<Result<Value, Failure>>);
        let url = format!("/api/cases/{reference}");
        leptos::task::spawn_local(async move { case.set(Some(fetch::get_json(&url, None).await)) });
        view! {
            <BackLink to=Route::Staff />
            <StaffNav who=who />
            <h1 class="govuk-heading-l">{format!("Case {reference}")}</h1>
            {move || match case.get() {
                None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
                Some(Ok(c)) => {
                    let request = c["consultation"].clone();
                    let events = c["timeline"].as_array().cloned().unwrap_or_default();
                    // Front Door may record the outcome for a service manager (from their notes of the
                    // discussion); the staff session is its authority, so no link is needed.
                    let awaiting = c["case"]["decision"].is_null() && !request.is_null()
                        && c["case"]["status"].as_str() != Some("withdrawn");
                    let prefill = json!({"consultation_reference": reference, "responder": {"division": c["case"]["division"]}});
                    view! {
                        <CaseFacts case=c.clone() />
                        {awaiting.then(|| view! {
                            <button type="button" class="govuk-button" on:click=move |_| {
                                shared().begin(&crate::journeys::outcome::JOURNEY, prefill.clone(), None, None);
                            }>"Record the outcome for the service manager"</button>
                        })}
                        <h2 class="govuk-heading-m">"Timeline"</h2>
                        <table class="govuk-table">
                            <thead class="govuk-table__head"><tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">"When"</th>
                                <th scope="col" class="govuk-table__header">"What happened"</th>
                            </tr></thead>
                            <tbody class="govuk-table__body">
                                {events.into_iter().map(|e| view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">{text(&e["at"])}</td>
                                        <td class="govuk-table__cell">{format!("{}: {}", shown("status", &e["kind"]), e["detail"].as_str().unwrap_or(""))}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <CaseDocuments case=c.clone() token=None />
                        {(!request.is_null()).then(|| view! {
                            <AnswersSummary journey=&consultation::JOURNEY answers=Signal::derive(move || request.clone()) />
                        })}
                    }.into_any()
                }
            }}
        }
    })
}

#[component]
pub fn StaffReport() -> impl IntoView {
    set_page_title("Management information report", false);
    signed_in(move |who| {
        let report = RwSignal::new(None::<Result<(Value, Value), Failure>>);
        leptos::task::spawn_local(async move {
            let both = match (
                fetch::get_json("/api/staff/report", None).await,
                fetch::get_json("/api/staff/cases", None).await,
            ) {
                (Ok(r), Ok(c)) => Ok((r, c)),
                (Err(e), _) | (_, Err(e)) => Err(e),
            };
            report.set(Some(both));
        });
        view! {
            <StaffNav who=who />
            <h1 class="govuk-heading-l">"Management information report"</h1>
            <p class="govuk-body"><a class="govuk-link" href="/api/staff/report.csv" download="ola-report.csv">"Download the report as CSV"</a></p>
            {move || match report.get() {
                None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
                Some(Ok((r, cases))) => {
                    let w = &r["working_days_to_outcome"];
                    let n = &r["notifications"];
                    let figures = [
                        ("Outcomes recorded", text(&w["outcomes"])),
                        ("Working days to outcome: median", w["median"].as_f64().map(crate::pages::links::one_place).unwrap_or_default()),
                        ("Working days to outcome: mean", w["mean"].as_f64().map(crate::pages::links::one_place).unwrap_or_default()),
                        ("Working days to outcome: longest", text(&w["max"])),
                        ("Open consultations past their reply date", text(&r["open_past_reply_due"])),
                        ("Notifications", text(&n["total"])),
                        ("Notified before the start", text(&n["before_start"])),
                        ("Late emergency notifications", text(&n["late_emergency"])),
                    ];
                    let rows = cases["cases"].as_array().cloned().unwrap_or_default();
                    view! {
                        <dl class="govuk-summary-list">
                            {figures.into_iter().map(|(k, v)| view! {
                                <div class="govuk-summary-list__row"><dt class="govuk-summary-list__key">{k}</dt><dd class="govuk-summary-list__value">{if v.is_empty() { "None yet".to_owned() } else { v }}</dd></div>
                            }).collect_view()}
                        </dl>
                        <table class="govuk-table">
                            <caption class="govuk-table__caption govuk-table__caption--m">"Consultations by month, division and outcome"</caption>
                            <thead class="govuk-table__head"><tr class="govuk-table__row">
                                {["Month", "Division", "Outcome", "Consultations"].map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })}
                            </tr></thead>
                            <tbody class="govuk-table__body">
                                {r["consultations"].as_array().cloned().unwrap_or_default().into_iter().map(|c| view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">{text(&c["month"])}</td>
                                        <td class="govuk-table__cell">{shown("division", &c["division"])}</td>
                                        <td class="govuk-table__cell">{shown("outcome", &c["outcome"])}</td>
                                        <td class="govuk-table__cell">{text(&c["consultations"])}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        <table class="govuk-table">
                            <caption class="govuk-table__caption govuk-table__caption--m">"Each case"</caption>
                            <thead class="govuk-table__head"><tr class="govuk-table__row">
                                {["Reference", "Division", "Received", "Outcome", "Working days to outcome", "Notified", "Starts"].map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })}
                            </tr></thead>
                            <tbody class="govuk-table__body">
                                {rows.into_iter().map(|c| view! {
                                    <tr class="govuk-table__row">
                                        {["reference", "division", "requested_on", "decision", "working_days_to_outcome", "notified_on", "start_date"]
                                            .map(|k| view! { <td class="govuk-table__cell">{shown(k, &c[k])}</td> })}
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }
            }}
        }
    })
}
