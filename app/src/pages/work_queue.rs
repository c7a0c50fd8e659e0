//! Front Door's work queue: the host's cases, filtered, searched, sorted and paged by the relay
//! (the MOJ "filter a list" pattern). The filters a person chose stay while they open a case and
//! come back to the list.

use std::cell::RefCell;

use contract::queue::{CaseQuery, CaseQueue, DUE_SOON_WORKING_DAYS, Due, PAGE_SIZE, Sort};
use contract::{Named, paths};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use placement_rules::calendar::Calendar;
use placement_rules::{CaseStatus, Date};

use crate::components::page_title::set_page_title;
use crate::fetch::{self, Failure};
use crate::pages::case_record::StatusTag;
use crate::pages::filters::{
    ErrorSummary, SelectFilter, TextFilter, applied, chosen, day, focus, in_order, named_options,
};
use crate::pages::staff::{CaseReference, StaffNav, home_of, signed_in};
use crate::shared::shared;
use contract::staff::StaffRole;

thread_local! {
    /// The last query, so "Back" from a case returns to the same page of the same list.
    static LAST: RefCell<CaseQuery> = RefCell::default();
}

/// What the filter form holds while a person changes it: text as typed, codes as chosen.
#[derive(Clone, Default)]
struct Draft {
    reference: String,
    status: String,
    division: String,
    placing_authority: String,
    due: String,
    received_from: String,
    received_to: String,
    sort: String,
}

impl Draft {
    fn of(q: &CaseQuery) -> Self {
        let day = |d: Option<Date>| d.map(|d| format!("{}/{}/{}", d.day(), d.month(), d.year())).unwrap_or_default();
        Self {
            reference: q.reference.clone().unwrap_or_default(),
            status: q.status.map(|s| s.id().to_owned()).unwrap_or_default(),
            division: q.division.clone().unwrap_or_default(),
            placing_authority: q.placing_authority.clone().unwrap_or_default(),
            due: q.due.map(due_id).unwrap_or_default().to_owned(),
            received_from: day(q.received_from),
            received_to: day(q.received_to),
            sort: q.sort.unwrap_or_default().id().to_owned(),
        }
    }

    /// The query, or each field's error as (field id, message).
    fn query(&self) -> Result<CaseQuery, Vec<(&'static str, String)>> {
        let mut errors = Vec::new();
        let received_from = day(&mut errors, "received-from", &self.received_from, "Received from", false);
        let received_to = day(&mut errors, "received-to", &self.received_to, "Received to", false);
        in_order(
            &mut errors,
            received_from,
            ("received-to", received_to),
            "Received to must be the same as or after received from",
        );
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(CaseQuery {
            status: CaseStatus::from_id(&self.status),
            division: chosen(&self.division),
            placing_authority: chosen(&self.placing_authority),
            due: Due::ALL.into_iter().find(|d| due_id(*d) == self.due),
            received_from,
            received_to,
            reference: chosen(&self.reference),
            sort: Sort::ALL.into_iter().find(|s| s.id() == self.sort).filter(|s| *s != Sort::ActionFirst),
            page: None,
        })
    }
}

fn due_id(due: Due) -> &'static str {
    match due {
        Due::Overdue => "overdue",
        Due::DueSoon => "due-soon",
    }
}

#[component]
pub fn StaffCases() -> impl IntoView {
    set_page_title("Cases", false);
    signed_in(move |who| {
        if !matches!(who.role, StaffRole::FrontDoor | StaffRole::ServiceManager | StaffRole::ManagementInformation) {
            // An auditor or administrator signing in lands here: their own page is elsewhere.
            let (home, router) = (home_of(who.role), shared().router);
            // After this draw, and in place of this page: Back does not return to it.
            request_animation_frame(move || router.replace(home));
            return ().into_any();
        }
        let opens_cases = who.role != StaffRole::ManagementInformation;
        let query = RwSignal::new(LAST.with(|q| q.borrow().clone()));
        let draft = RwSignal::new(Draft::of(&query.get_untracked()));
        let errors = RwSignal::new(Vec::<(&'static str, String)>::new());
        let result = RwSignal::new(None::<Result<CaseQueue, Failure>>);
        let facets = RwSignal::new((Vec::<Named>::new(), Vec::<Named>::new()));
        Effect::new(move |_| {
            let q = query.get();
            LAST.with(|last| *last.borrow_mut() = q.clone());
            let url = match q.query_string() {
                s if s.is_empty() => paths::STAFF_CASES.to_owned(),
                s => format!("{}?{s}", paths::STAFF_CASES),
            };
            leptos::task::spawn_local(async move {
                let page = fetch::get::<CaseQueue>(&url, None).await;
                if let Ok(p) = &page {
                    facets.set((p.divisions.clone(), p.placing_authorities.clone()));
                }
                result.set(Some(page));
            });
        });
        let apply = move |ev: SubmitEvent| {
            ev.prevent_default();
            if let Some(q) = applied(draft.get_untracked().query(), errors, "Cases") {
                query.set(q);
            }
        };
        let clear = move |_| {
            errors.set(Vec::new());
            set_page_title("Cases", false);
            draft.set(Draft::of(&CaseQuery::default()));
            query.set(CaseQuery::default());
        };
        let go_to = move |page: u32| {
            query.update(|q| q.page = Some(page));
            focus("queue-summary");
        };
        view! {
            <StaffNav who=who />
            <h1 class="govuk-heading-l">"Cases"</h1>
            <ErrorSummary errors=errors />
            <form class="app-filter" novalidate on:submit=apply aria-labelledby="filter-heading">
                <h2 class="govuk-heading-m" id="filter-heading">"Filter cases"</h2>
                <div class="app-filter__fields">
                    <TextFilter id="reference" label="Case reference" hint="All or the start of it, like OLA-7K3M"
                        value=Signal::derive(move || draft.get().reference) errors=errors
                        set=move |v| draft.update(|d| d.reference = v) />
                    <SelectFilter id="status" label="Status" value=Signal::derive(move || draft.get().status)
                        set=move |v| draft.update(|d| d.status = v)
                        options=Signal::derive(|| std::iter::once((String::new(), "Any status".to_owned()))
                            .chain(CaseStatus::ALL.iter().map(|s| (s.id().to_owned(), s.label().to_owned()))).collect()) />
                    <SelectFilter id="due" label="Reply due" value=Signal::derive(move || draft.get().due)
                        set=move |v| draft.update(|d| d.due = v)
                        options=Signal::derive(|| std::iter::once((String::new(), "Any time".to_owned()))
                            .chain(Due::ALL.iter().map(|d| (due_id(*d).to_owned(), d.label().to_owned()))).collect()) />
                    <SelectFilter id="division" label="Division" value=Signal::derive(move || draft.get().division)
                        set=move |v| draft.update(|d| d.division = v)
                        options=Signal::derive(move || named_options("Any division", &facets.get().0)) />
                    <SelectFilter id="placing-authority" label="Placing authority"
                        value=Signal::derive(move || draft.get().placing_authority)
                        set=move |v| draft.update(|d| d.placing_authority = v)
                        options=Signal::derive(move || named_options("Any placing authority", &facets.get().1)) />
                    <TextFilter id="received-from" label="Received from" hint="For example, 1/11/2026"
                        value=Signal::derive(move || draft.get().received_from) errors=errors
                        set=move |v| draft.update(|d| d.received_from = v) />
                    <TextFilter id="received-to" label="Received to" hint="For example, 30/11/2026"
                        value=Signal::derive(move || draft.get().received_to) errors=errors
                        set=move |v| draft.update(|d| d.received_to = v) />
                    <SelectFilter id="sort" label="Sort by" value=Signal::derive(move || draft.get().sort)
                        set=move |v| draft.update(|d| d.sort = v)
                        options=Signal::derive(|| Sort::ALL.iter().map(|s| (s.id().to_owned(), s.label().to_owned())).collect()) />
                </div>
                <div class="govuk-button-group">
                    <button type="submit" class="govuk-button app-button--inline">"Apply filters"</button>
                    <button type="button" class="app-link-button" on:click=clear>"Clear filters"</button>
                </div>
            </form>
            // One live region, kept while the pages change, so each new count is announced.
            <p class="govuk-body app-bold" id="queue-summary" role="status" tabindex="-1">
                {move || match result.get() {
                    None => "Loading…".to_owned(),
                    Some(Err(e)) => e.message().to_owned(),
                    Some(Ok(page)) => summary(&page, query.get_untracked().filtered()),
                }}
            </p>
            {move || result.get().and_then(Result::ok).map(|page| view! { <QueuePage page=page go_to=go_to opens_cases=opens_cases /> })}
        }.into_any()
    })
}

/// How many cases, in words: "Showing 51 to 100 of 121 cases".
fn summary(page: &CaseQueue, filtered: bool) -> String {
    let first = u64::from(page.page.max(1) - 1) * u64::from(PAGE_SIZE) + 1;
    match page.total {
        0 if filtered => "No cases match these filters.".to_owned(),
        0 => "There are no cases yet.".to_owned(),
        1 => "1 case".to_owned(),
        total if page.pages == 1 => format!("{total} cases"),
        total => format!("Showing {first} to {} of {total} cases", first + page.cases.len() as u64 - 1),
    }
}

/// One page of cases: the table (which scrolls inside its own region on a narrow
/// screen) and the pages.
#[component]
fn QueuePage(
    page: CaseQueue,
    go_to: impl Fn(u32) + Copy + Send + Sync + 'static,
    /// Whether a reference opens its case: not for Management Information, whose rows are all
    /// it reads.
    opens_cases: bool,
) -> impl IntoView {
    let CaseQueue { today, cases, page: number, pages, .. } = page;
    let due_soon_until = Calendar::england_and_wales().add_working_days(today, DUE_SOON_WORKING_DAYS);
    let long = |d: Option<Date>| d.map(|d| d.long()).unwrap_or_default();
    view! {
        {(!cases.is_empty()).then(|| view! {
            <div class="app-table-scroll" role="region" aria-labelledby="queue-summary" tabindex="0">
                <table class="govuk-table">
                    <caption class="govuk-visually-hidden">"Cases, with their status and when the host's reply is due"</caption>
                    <thead class="govuk-table__head">
                        <tr class="govuk-table__row">
                            {["Reference", "Status", "Placing authority", "Division", "Received", "Reply due"].map(|h| view! { <th scope="col" class="govuk-table__header">{h}</th> })}
                        </tr>
                    </thead>
                    <tbody class="govuk-table__body">
                        {cases.into_iter().map(|c| {
                            let overdue = c.overdue(today);
                            let soon = !overdue && c.status.outcome_owed() && c.reply_due_on.is_some_and(|d| d >= today && d <= due_soon_until);
                            view! {
                                <tr class="govuk-table__row">
                                    <td class="govuk-table__cell">{if opens_cases {
                                        view! { <CaseReference reference=c.reference.clone() /> }.into_any()
                                    } else {
                                        c.reference.clone().into_any()
                                    }}</td>
                                    <td class="govuk-table__cell"><StatusTag status=c.status /></td>
                                    <td class="govuk-table__cell">{c.placing_authority.name.clone()}</td>
                                    <td class="govuk-table__cell">{c.division.as_ref().map(|d| d.name.clone()).unwrap_or_default()}</td>
                                    <td class="govuk-table__cell">{long(c.requested_on.or(c.notified_on))}</td>
                                    <td class="govuk-table__cell">
                                        {c.status.outcome_owed().then(|| long(c.reply_due_on))}
                                        {overdue.then(|| view! { " " <strong class="govuk-tag govuk-tag--red">"Overdue"</strong> })}
                                        {soon.then(|| view! { " " <strong class="govuk-tag govuk-tag--yellow">"Due soon"</strong> })}
                                    </td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
        {(pages > 1).then(|| view! { <Pages number=number pages=pages go_to=go_to label="Pages of cases" /> })}
    }
}

/// Previous, the first and last pages and those beside this one, and Next; `label` names the
/// list for a screen reader.
#[component]
pub(crate) fn Pages(
    number: u32,
    pages: u32,
    go_to: impl Fn(u32) + Copy + Send + Sync + 'static,
    label: &'static str,
) -> impl IntoView {
    let shown: Vec<u32> = (1..=pages).filter(|p| *p == 1 || *p == pages || p.abs_diff(number) <= 1).collect();
    let mut items = Vec::new();
    let mut last = 0;
    for p in shown {
        if p > last + 1 {
            items.push(view! { <li aria-hidden="true">"…"</li> }.into_any());
        }
        last = p;
        items.push(if p == number {
            view! { <li><strong aria-current="page">{format!("Page {p}")}</strong></li> }.into_any()
        } else {
            view! { <li><button type="button" class="app-link-button" on:click=move |_| go_to(p)>{format!("Page {p}")}</button></li> }.into_any()
        });
    }
    view! {
        <nav aria-label=label>
            <ul class="govuk-list app-inline-list">
                {(number > 1).then(|| view! { <li><button type="button" class="app-link-button" on:click=move |_| go_to(number - 1)>"Previous page"</button></li> })}
                {items}
                {(number < pages).then(|| view! { <li><button type="button" class="app-link-button" on:click=move |_| go_to(number + 1)>"Next page"</button></li> })}
            </ul>
        </nav>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::filters::wire_date;

    #[test]
    fn dates_are_read_as_people_type_them() {
        assert_eq!(wire_date("1/11/2026"), "2026-11-1");
        assert_eq!(wire_date(" 30 11 2026 "), "2026-11-30");
        assert_eq!(wire_date(""), "");
        assert_eq!(wire_date("yesterday"), "x-x-x");
    }

    #[test]
    fn the_form_becomes_the_query_or_says_which_field_is_wrong() {
        let draft = Draft {
            reference: " ola-7k3m ".into(),
            status: "agreed".into(),
            due: "overdue".into(),
            received_from: "1/11/2026".into(),
            sort: "newest-first".into(),
            ..Draft::default()
        };
        let q = draft.query().unwrap();
        assert_eq!(q.status, Some(CaseStatus::Agreed));
        assert_eq!(q.due, Some(Due::Overdue));
        assert_eq!(q.received_from, Date::from_ymd(2026, 11, 1));
        assert_eq!(q.reference.as_deref(), Some("ola-7k3m"));
        assert_eq!(q.sort, Some(Sort::NewestFirst));
        assert_eq!(Draft::of(&q).received_from, "1/11/2026", "the form shows what was applied");

        let wrong = Draft { received_from: "31/2/2026".into(), received_to: "soon".into(), ..Draft::default() };
        let errors = wrong.query().unwrap_err();
        assert_eq!(errors.iter().map(|(id, _)| *id).collect::<Vec<_>>(), ["received-from", "received-to"]);
        assert_eq!(errors[0].1, "Received from must be a real date");
        let backwards =
            Draft { received_from: "2/11/2026".into(), received_to: "1/11/2026".into(), ..Draft::default() };
        assert_eq!(backwards.query().unwrap_err()[0].0, "received-to");
    }
}
