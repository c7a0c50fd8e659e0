//! A host council's staff pages (Front Door and Management Information): cases with their status and reply
//! deadline, one case's timeline, and the Management Information report with its CSV download.
//! Signed in with the code the relay issued; the session is an HttpOnly cookie the app never sees.

use contract::staff::{SignInMethods, StaffRole};
use contract::{CaseView, Me, SignIn, StaffCaseList, paths};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use serde_json::json;

use crate::components::page_title::set_page_title;
use crate::fetch::{self, Failure};
use crate::pages::case_links::CaseLinks;
use crate::pages::case_record::CaseRecord;
use crate::pages::journey::BackLink;
use crate::router::Route;
use crate::shared::shared;

/// Shows `page` to a signed-in member of staff, or the sign-in form.
pub(crate) fn signed_in<V: IntoView + 'static>(
    page: impl Fn(Me) -> V + Send + Sync + Clone + 'static,
) -> impl IntoView {
    let me = RwSignal::new(None::<Result<Me, Failure>>);
    let check =
        move || leptos::task::spawn_local(async move { me.set(Some(fetch::get::<Me>(paths::STAFF_ME, None).await)) });
    check();
    move || match me.get() {
        None => view! { <p class="govuk-body" role="status">"Loading…"</p> }.into_any(),
        Some(Ok(who)) => page(who).into_any(),
        Some(Err(Failure::NotAllowed)) => view! { <SignIn on_done=Callback::new(move |()| check()) /> }.into_any(),
        Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
    }
}

/// The relay's sentence for a refused sign-in (a wrong code, an expired one, single sign-on only);
/// ours only if its answer cannot be read.
async fn sign_in_with_code(token: String) -> Result<(), String> {
    let fallback = "The sign-in code is not right. Check it and enter it again";
    let request =
        gloo_net::http::Request::post(paths::STAFF_SIGN_IN).json(&SignIn { token }).map_err(|_| fallback.to_owned())?;
    let response = request.send().await.map_err(|_| Failure::Offline.message().to_owned())?;
    match response.status() {
        200 => Ok(()),
        401 | 403 => {
            let said = response.json::<contract::Refusal>().await.ok().and_then(|r| r.messages().into_iter().next());
            Err(said.unwrap_or_else(|| fallback.into()))
        }
        _ => Err(Failure::Other(0).message().into()),
    }
}

#[component]
fn SignIn(on_done: Callback<()>) -> impl IntoView {
    set_page_title("Sign in", false);
    let code = RwSignal::new(String::new());
    let error = RwSignal::new(None::<String>);
    let methods = RwSignal::new(None::<SignInMethods>);
    leptos::task::spawn_local(async move {
        methods.set(Some(fetch::get::<SignInMethods>(paths::STAFF_SIGN_IN, None).await.unwrap_or_default()))
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let token = code.get_untracked().trim().to_owned();
        if token.is_empty() {
            set_page_title("Sign in", true);
            error.set(Some("Enter your sign-in code".into()));
            return;
        }
        leptos::task::spawn_local(async move {
            match sign_in_with_code(token).await {
                Ok(()) => on_done.run(()),
                Err(e) => {
                    set_page_title("Sign in", true);
                    error.set(Some(e));
                }
            }
        });
    };
    let single_sign_on = move || {
        methods.get().map(|m| {
            m.single_sign_on
                .into_iter()
                .map(|sso| {
                    view! {
                        <p class="govuk-body">
                            <a class="govuk-button" role="button" href=sso.start.clone()>{format!("Sign in with your {} account", sso.host.name)}</a>
                        </p>
                    }
                })
                .collect_view()
        })
    };
    let codes = move || methods.get().is_none_or(|m| m.codes);
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
                <h1 class="govuk-heading-l">"Sign in: host council staff"</h1>
                {single_sign_on}
                {move || codes().then(|| view! {
                    <form novalidate on:submit=on_submit>
                        <div class=move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" }>
                            <label class="govuk-label govuk-label--s" for="sign-in-code">"Sign-in code"</label>
                            <div class="govuk-hint" id="sign-in-code-hint">"The personal code you were given when your account was made"</div>
                            {move || error.get().map(|e| view! {
                                <p class="govuk-error-message" id="sign-in-code-error"><span class="govuk-visually-hidden">"Error: "</span>{e}</p>
                            })}
                            <input class=move || if error.get().is_some() { "govuk-input govuk-input--width-30 govuk-input--error" } else { "govuk-input govuk-input--width-30" }
                                id="sign-in-code" name="sign-in-code" type="password"
                                autocomplete="current-password"
                                aria-describedby=move || if error.get().is_some() { "sign-in-code-hint sign-in-code-error" } else { "sign-in-code-hint" }
                                on:input:target=move |ev| code.set(ev.target().value()) />
                        </div>
                        <button type="submit" class="govuk-button">"Sign in"</button>
                    </form>
                })}
            </div>
        </div>
    }
}

/// Why single sign-on did not sign the person in, and what to do.
#[component]
pub fn SignInProblem(reason: String) -> impl IntoView {
    let (title, said) = match reason.as_str() {
        "no-role" => (
            "Your account has no role in this service",
            "You signed in with your council account, but it has not been given a role here. Ask your administrator to give you one (Front Door, service manager, Management Information, auditor or administrator).",
        ),
        "unavailable" => (
            "Sign in is not available at the moment",
            "The council's sign-in service could not be reached, or is not set up for this service yet. Try again in a few minutes. If it keeps happening, tell your administrator.",
        ),
        _ => ("You could not be signed in", "The sign-in did not complete, or took longer than 10 minutes. Try again."),
    };
    set_page_title(title, false);
    view! {
        <h1 class="govuk-heading-l">{title}</h1>
        <p class="govuk-body">{said}</p>
        <p class="govuk-body"><a class="govuk-link" href="/staff">"Go to the sign-in page"</a></p>
    }
}

/// Which staff pages a role opens, with the route of each.
fn pages_for(role: StaffRole) -> Vec<(&'static str, Route)> {
    let mut pages = Vec::new();
    if matches!(role, StaffRole::FrontDoor | StaffRole::ServiceManager | StaffRole::ManagementInformation) {
        pages.push(("Cases", Route::Staff));
    }
    if matches!(role, StaffRole::FrontDoor | StaffRole::ManagementInformation) {
        pages.push(("Children placed here now", Route::StaffPlaced));
        pages.push(("Management information report", Route::StaffReport));
    }
    if role == StaffRole::Auditor {
        pages.push(("Access log", Route::StaffAccessLog));
    }
    if role == StaffRole::Administrator {
        pages.push(("Accounts and checks", Route::StaffAdministration));
    }
    pages
}

/// The page a role starts on.
pub(crate) fn home_of(role: StaffRole) -> Route {
    pages_for(role).into_iter().next().map_or(Route::Staff, |(_, r)| r)
}

#[component]
pub(crate) fn StaffNav(who: Me) -> impl IntoView {
    let s = shared();
    let name = who.name;
    let host = who.host.name;
    let role = match &who.division {
        Some(d) => format!("{}, {}", who.role.name(), d.name),
        None => who.role.name().to_owned(),
    };
    let go = move |r: Route| {
        move |ev: leptos::ev::MouseEvent| {
            ev.prevent_default();
            s.router.go(r.clone());
        }
    };
    view! {
        <nav class="app-staff-nav" aria-label="Staff pages">
            <p class="govuk-body-s">{format!("Signed in as {name} ({role}), {host}")}</p>
            <ul class="govuk-list app-inline-list">
                {pages_for(who.role).into_iter().map(|(label, route)| view! {
                    <li><a class="govuk-link" href=route.path() on:click=go(route.clone())>{label}</a></li>
                }).collect_view()}
                <li><button type="button" class="app-link-button govuk-link" on:click=move |_| {
                    leptos::task::spawn_local(async move {
                        let _ = fetch::post_json(paths::STAFF_SIGN_OUT, &json!({})).await;
                        s.router.go(Route::Start);
                    });
                }>"Sign out"</button></li>
            </ul>
        </nav>
    }
}

#[component]
pub fn StaffCase(reference: String) -> impl IntoView {
    set_page_title(&format!("Case {reference}"), false);
    // Outlives the page's redraw after a link changes, so its banner stays.
    let links_done = RwSignal::new(None::<crate::pages::case_links::Done>);
    signed_in(move |who| {
        let reference = reference.clone();
        // A service manager records their own outcome; Front Door records one for them.
        let own_outcome = who.role == StaffRole::ServiceManager;
        let case = RwSignal::new(None::<Result<CaseView, Failure>>);
        let url = paths::case(&reference);
        leptos::task::spawn_local(async move { case.set(Some(fetch::get::<CaseView>(&url, None).await)) });
        view! {
            <BackLink to=Route::Staff />
            <StaffNav who=who />
            <h1 class="govuk-heading-l">{format!("Case {reference}")}</h1>
            {move || match case.get() {
                None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
                Some(Ok(c)) => {
                    // Front Door may record the outcome for a service manager (from their notes of the
                    // discussion), and a signed-in service manager their own; the staff session is
                    // its authority, so no link is needed.
                    let division = c.summary.division.as_ref().map(|d| d.code.clone());
                    let prefill = json!({"consultation_reference": reference, "responder": {"division": division}});
                    let host_code = c.host_code.clone();
                    let record = if own_outcome { "Record the outcome" } else { "Record the outcome for the service manager" };
                    let links = c.links.clone().map(|links| view! {
                        <CaseLinks reference=reference.clone() links=links done=links_done
                            on_changed=Callback::new(move |view| case.set(Some(Ok(view)))) />
                    });
                    view! {
                        {c.may.record_outcome.then(|| view! {
                            <button type="button" class="govuk-button" on:click=move |_| {
                                shared().begin(&crate::journeys::outcome::JOURNEY, prefill.clone(), None, None, Some(host_code.clone()));
                            }>{record}</button>
                        })}
                        <CaseRecord view=c token=None />
                        {links}
                    }.into_any()
                }
            }}
        }
    })
}

/// The children placed in the host's area now: notified and not ended (reg 13 and 14), earliest
/// start first. No child's details: the case has them.
#[component]
pub fn StaffPlaced() -> impl IntoView {
    set_page_title("Children placed here now", false);
    signed_in(move |who| {
        let host = who.host.name.clone();
        let cases = RwSignal::new(None::<Result<StaffCaseList, Failure>>);
        leptos::task::spawn_local(async move {
            cases.set(Some(fetch::get::<StaffCaseList>(paths::STAFF_PLACED, None).await))
        });
        view! {
            <StaffNav who=who />
            <h1 class="govuk-heading-l">{format!("Children placed in {host}'s area now")}</h1>
            <p class="govuk-body">"Placements other councils have notified and not yet ended. A placement leaves this list when the placing council says it has ended."</p>
            <p class="govuk-body"><a class="govuk-link" href=paths::STAFF_PLACED_CSV download="ola-placed.csv">"Download this list as CSV"</a></p>
            {move || match cases.get() {
                None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
                Some(Ok(StaffCaseList { cases, .. })) if cases.is_empty() => {
                    view! { <p class="govuk-body">"No placements are notified and open."</p> }.into_any()
                }
                Some(Ok(StaffCaseList { cases, .. })) => view! {
                    <table class="govuk-table">
                        <caption class="govuk-table__caption govuk-table__caption--m">{format!("{} placements, earliest start first", cases.len())}</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                {["Reference", "Placing authority", "Division", "Placement starts", "Notified"].map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })}
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {cases.into_iter().map(|c| {
                                let long = |d: Option<placement_rules::Date>| d.map(|d| d.long()).unwrap_or_default();
                                view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell"><CaseReference reference=c.reference.clone() /></td>
                                        <td class="govuk-table__cell">{c.placing_authority.name.clone()}</td>
                                        <td class="govuk-table__cell">{c.division.as_ref().map(|d| d.name.clone()).unwrap_or_default()}</td>
                                        <td class="govuk-table__cell">{long(c.start_date)}</td>
                                        <td class="govuk-table__cell">{long(c.notified_on)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any(),
            }}
        }
    })
}

/// A case's reference in a staff list, opening its page.
#[component]
pub(crate) fn CaseReference(reference: String) -> impl IntoView {
    let s = shared();
    let route = Route::StaffCase(reference.clone());
    view! {
        <a class="govuk-link" href=route.path() on:click=move |ev| { ev.prevent_default(); s.router.go(route.clone()); }>{reference}</a>
    }
}
