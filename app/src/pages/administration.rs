//! The administrator's page: the host's staff accounts (name, role, division, when each code
//! stops working) and the service's checks, each passed or not.

use contract::paths;
use contract::staff::Administration;
use leptos::prelude::*;

use crate::components::page_title::set_page_title;
use crate::fetch::{self, Failure};
use crate::pages::staff::{StaffNav, signed_in};

const TITLE: &str = "Accounts and checks";

#[component]
pub fn StaffAdministration() -> impl IntoView {
    set_page_title(TITLE, false);
    signed_in(move |who| {
        let result = RwSignal::new(None::<Result<Administration, Failure>>);
        leptos::task::spawn_local(async move {
            result.set(Some(fetch::get::<Administration>(paths::STAFF_ADMINISTRATION, None).await));
        });
        view! {
            <StaffNav who=who />
            <h1 class="govuk-heading-l">{TITLE}</h1>
            {move || match result.get() {
                None => view! { <p class="govuk-body" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
                Some(Ok(admin)) => view! {
                    <h2 class="govuk-heading-m">"Checks"</h2>
                    <dl class="govuk-summary-list" id="checks">
                        {admin.checks.into_iter().map(|c| view! {
                            <div class="govuk-summary-list__row">
                                <dt class="govuk-summary-list__key">{c.what}</dt>
                                <dd class="govuk-summary-list__value">
                                    {if c.passed {
                                        view! { <strong class="govuk-tag govuk-tag--green">"Passed"</strong> }
                                    } else {
                                        view! { <strong class="govuk-tag govuk-tag--red">"Needs attention"</strong> }
                                    }}
                                </dd>
                            </div>
                        }).collect_view()}
                    </dl>
                    <table class="govuk-table" id="accounts">
                        <caption class="govuk-table__caption govuk-table__caption--m">"Accounts with sign-in codes"</caption>
                        <thead class="govuk-table__head">
                            <tr class="govuk-table__row">
                                {["Name", "Role", "Division", "Code works until"].map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })}
                            </tr>
                        </thead>
                        <tbody class="govuk-table__body">
                            {admin.accounts.into_iter().map(|a| view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">{a.name}</td>
                                    <td class="govuk-table__cell">{a.role.name()}</td>
                                    <td class="govuk-table__cell">{a.division.map(|d| d.name).unwrap_or_default()}</td>
                                    <td class="govuk-table__cell">
                                        {a.expires_on.map_or_else(|| "No end date".to_owned(), |d| d.long())}
                                        {a.expired.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Expired"</strong> })}
                                    </td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                    <p class="govuk-body">"To add an account, run "<code>"relay add-staff"</code>" on the server (docs/operating.md). With single sign-on on, people get their role in Entra ID instead."</p>
                }.into_any(),
            }}
        }
    })
}
