//! The auditor's access log: who opened, downloaded, exported, sent or signed in, when, to which
//! case, from where; filtered by period, case and person, a page at a time, and as CSV.

use contract::paths;
use contract::staff::{AccessLog, AccessLogQuery};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

use crate::components::page_title::set_page_title;
use crate::fetch::{self, Failure};
use crate::pages::filters::{ErrorSummary, FieldErrors, TextFilter, applied, chosen, day, in_order};
use crate::pages::staff::{StaffNav, signed_in};
use crate::pages::work_queue::Pages;

const TITLE: &str = "Access log";

/// The filter form as typed.
#[derive(Debug, Clone, Default)]
struct Draft {
    from: String,
    to: String,
    case: String,
    who: String,
}

impl Draft {
    fn query(&self) -> Result<AccessLogQuery, FieldErrors> {
        let mut errors = Vec::new();
        let from = day(&mut errors, "log-from", &self.from, "From", false);
        let to = day(&mut errors, "log-to", &self.to, "To", false);
        in_order(&mut errors, from, ("log-to", to), "To must be the same as or after from");
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(AccessLogQuery { from, to, case: chosen(&self.case), who: chosen(&self.who), page: None })
    }
}

fn url(base: &str, q: &AccessLogQuery) -> String {
    match q.query_string() {
        s if s.is_empty() => base.to_owned(),
        s => format!("{base}?{s}"),
    }
}

#[component]
pub fn StaffAccessLog() -> impl IntoView {
    set_page_title(TITLE, false);
    signed_in(move |who| {
        let query = RwSignal::new(AccessLogQuery::default());
        let draft = RwSignal::new(Draft::default());
        let errors = RwSignal::new(Vec::<(&'static str, String)>::new());
        let result = RwSignal::new(None::<Result<AccessLog, Failure>>);
        Effect::new(move |_| {
            let q = query.get();
            leptos::task::spawn_local(async move {
                result.set(Some(fetch::get::<AccessLog>(&url(paths::STAFF_ACCESS_LOG, &q), None).await));
            });
        });
        let apply = move |ev: SubmitEvent| {
            ev.prevent_default();
            if let Some(q) = applied(draft.get_untracked().query(), errors, TITLE) {
                query.set(q);
            }
        };
        let field = |get: fn(&Draft) -> String| Signal::derive(move || get(&draft.get()));
        view! {
            <StaffNav who=who />
            <ErrorSummary errors=errors />
            <h1 class="govuk-heading-l">{TITLE}</h1>
            <p class="govuk-body">"Every time someone opened a case, downloaded a document or a report, sent a form, signed in or out, or a link was emailed, sent again or withdrawn. Nothing here names a child."</p>
            <form novalidate on:submit=apply class="app-filters">
                <TextFilter id="log-from" label="From" hint="For example, 1/11/2026" value=field(|d| d.from.clone()) errors=errors
                    set=move |v| draft.update(|d| d.from = v) />
                <TextFilter id="log-to" label="To" hint="For example, 30/11/2026" value=field(|d| d.to.clone()) errors=errors
                    set=move |v| draft.update(|d| d.to = v) />
                <TextFilter id="log-case" label="Case reference" hint="All of it, or its start" value=field(|d| d.case.clone()) errors=errors
                    set=move |v| draft.update(|d| d.case = v) />
                <TextFilter id="log-who" label="Who" hint="Part of a person's name or an account" value=field(|d| d.who.clone()) errors=errors
                    set=move |v| draft.update(|d| d.who = v) />
                <button type="submit" class="govuk-button">"Apply filters"</button>
            </form>
            <p class="govuk-body">
                <a class="govuk-link" href=move || url(paths::STAFF_ACCESS_LOG_CSV, &query.get()) download="ola-access-log.csv">"Download this log as CSV"</a>
            </p>
            {move || match result.get() {
                None => view! { <p class="govuk-body" role="status">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
                Some(Ok(log)) if log.entries.is_empty() => view! {
                    <p class="govuk-body" role="status">"Nothing in the log matches these filters."</p>
                }.into_any(),
                Some(Ok(log)) => {
                    let kept = log.kept_days;
                    let page = log.page;
                    let pages = log.pages;
                    view! {
                        <table class="govuk-table" id="access-log">
                            <caption class="govuk-table__caption govuk-table__caption--m">
                                {format!("{} {}, oldest first", log.total, if log.total == 1 { "entry" } else { "entries" })}
                            </caption>
                            <thead class="govuk-table__head">
                                <tr class="govuk-table__row">
                                    {["When", "Who", "What", "Case", "Details", "From address"].map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })}
                                </tr>
                            </thead>
                            <tbody class="govuk-table__body">
                                {log.entries.into_iter().map(|e| view! {
                                    <tr class="govuk-table__row">
                                        <td class="govuk-table__cell">{contract::time::uk_time(&e.at).unwrap_or(e.at)}</td>
                                        <td class="govuk-table__cell">{e.who}<br /><span class="govuk-body-s">{e.account}</span></td>
                                        <td class="govuk-table__cell">{e.action.words()}</td>
                                        <td class="govuk-table__cell">{e.case_reference.unwrap_or_default()}</td>
                                        <td class="govuk-table__cell">{e.detail.unwrap_or_default()}</td>
                                        <td class="govuk-table__cell">{e.address}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                        {(pages > 1).then(|| view! {
                            <Pages number=page pages=pages go_to=move |p| query.update(|q| q.page = Some(p))
                                label="Pages of the access log" />
                        })}
                        <p class="govuk-body-s">{format!("Each entry is kept for {kept} days, after the case itself is deleted.")}</p>
                    }.into_any()
                }
            }}
        }
    })
}
