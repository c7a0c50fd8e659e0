//! The Management Information report: a period (month, financial quarter or year, or dates
//! chosen) and filters, the figures, a chart of each breakdown with its data table beside it, and
//! the same as CSV or an Excel workbook. No child's details: the relay builds it from case records.

use contract::paths;
use contract::report::{Bar, Period, Report, ReportQuery};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use placement_rules::CaseStatus;

use crate::components::page_title::set_page_title;
use crate::fetch::{self, Failure};
use crate::pages::case_record::one_place;
use crate::pages::filters::{ErrorSummary, SelectFilter, TextFilter, applied, day, in_order, named_options};
use crate::pages::staff::{StaffNav, signed_in};

/// The outcomes a report can be narrowed to.
const OUTCOMES: [CaseStatus; 4] =
    [CaseStatus::AwaitingOutcome, CaseStatus::Agreed, CaseStatus::Challenged, CaseStatus::Withdrawn];

#[derive(Clone, Default)]
struct Draft {
    period: String,
    from: String,
    to: String,
    division: String,
    placing_authority: String,
    outcome: String,
}

impl Draft {
    fn query(&self) -> Result<ReportQuery, Vec<(&'static str, String)>> {
        let period = Period::ALL.into_iter().find(|p| p.id() == self.period);
        let mut errors = Vec::new();
        let (mut from, mut to) = (None, None);
        if period == Some(Period::Custom) {
            from = day(&mut errors, "report-from", &self.from, "First day", true);
            to = day(&mut errors, "report-to", &self.to, "Last day", true);
            in_order(&mut errors, from, ("report-to", to), "Last day must be the same as or after the first day");
        }
        if !errors.is_empty() {
            return Err(errors);
        }
        let chosen = |text: &str| Some(text.to_owned()).filter(|t| !t.is_empty());
        Ok(ReportQuery {
            period,
            from,
            to,
            division: chosen(&self.division),
            placing_authority: chosen(&self.placing_authority),
            outcome: CaseStatus::from_id(&self.outcome),
        })
    }
}

#[component]
pub fn StaffReport() -> impl IntoView {
    set_page_title("Management information report", false);
    signed_in(move |who| {
        let query = RwSignal::new(ReportQuery::default());
        let draft = RwSignal::new(Draft { period: Period::ThisFinancialYear.id().to_owned(), ..Draft::default() });
        let errors = RwSignal::new(Vec::<(&'static str, String)>::new());
        let report = RwSignal::new(None::<Result<Report, Failure>>);
        let facets = RwSignal::new((Vec::new(), Vec::new()));
        Effect::new(move |_| {
            let url = format!("{}?{}", paths::STAFF_REPORT, query.get().query_string());
            leptos::task::spawn_local(async move {
                let r = fetch::get::<Report>(&url, None).await;
                if let Ok(r) = &r {
                    facets.set((r.divisions.clone(), r.placing_authorities.clone()));
                }
                report.set(Some(r));
            });
        });
        let apply = move |ev: SubmitEvent| {
            ev.prevent_default();
            if let Some(q) = applied(draft.get_untracked().query(), errors, "Management information report") {
                query.set(q);
            }
        };
        let custom = move || draft.get().period == Period::Custom.id();
        let download = move |path: &str| format!("{path}?{}", query.get().query_string());
        view! {
            <StaffNav who=who />
            <h1 class="govuk-heading-l">"Management information report"</h1>
            <ErrorSummary errors=errors />
            <form class="app-filter" novalidate on:submit=apply aria-labelledby="report-filter-heading">
                <h2 class="govuk-heading-m" id="report-filter-heading">"Choose what the report covers"</h2>
                <div class="app-filter__fields">
                    <SelectFilter id="period" label="Period" value=Signal::derive(move || draft.get().period)
                        set=move |v| draft.update(|d| d.period = v)
                        options=Signal::derive(|| Period::ALL.iter().map(|p| (p.id().to_owned(), p.label().to_owned())).collect()) />
                    <SelectFilter id="report-division" label="Division" value=Signal::derive(move || draft.get().division)
                        set=move |v| draft.update(|d| d.division = v)
                        options=Signal::derive(move || named_options("All divisions", &facets.get().0)) />
                    <SelectFilter id="report-placing-authority" label="Placing authority"
                        value=Signal::derive(move || draft.get().placing_authority)
                        set=move |v| draft.update(|d| d.placing_authority = v)
                        options=Signal::derive(move || named_options("All placing authorities", &facets.get().1)) />
                    <SelectFilter id="report-outcome" label="Outcome" value=Signal::derive(move || draft.get().outcome)
                        set=move |v| draft.update(|d| d.outcome = v)
                        options=Signal::derive(|| std::iter::once((String::new(), "All outcomes".to_owned()))
                            .chain(OUTCOMES.iter().map(|o| (o.id().to_owned(), o.label().to_owned()))).collect()) />
                </div>
                <Show when=custom>
                    <div class="app-filter__fields">
                        <TextFilter id="report-from" label="First day" hint="For example, 1/4/2026"
                            value=Signal::derive(move || draft.get().from) errors=errors
                            set=move |v| draft.update(|d| d.from = v) />
                        <TextFilter id="report-to" label="Last day" hint="For example, 31/3/2027"
                            value=Signal::derive(move || draft.get().to) errors=errors
                            set=move |v| draft.update(|d| d.to = v) />
                    </div>
                </Show>
                <button type="submit" class="govuk-button">"Show the report"</button>
            </form>
            {move || match report.get() {
                None => view! { <p class="govuk-body">"Loading…"</p> }.into_any(),
                Some(Err(e)) => view! { <p class="govuk-body">{e.message()}</p> }.into_any(),
                Some(Ok(r)) => view! {
                    <h2 class="govuk-heading-m" id="report-period">{format!("{} to {}", r.from.long(), r.to.long())}</h2>
                    <ul class="govuk-list app-inline-list">
                        <li><a class="govuk-link" href=download(paths::STAFF_REPORT_CSV) download="">"Download as CSV (one row a case)"</a></li>
                        <li><a class="govuk-link" href=download(paths::STAFF_REPORT_XLSX) download="">"Download as an Excel workbook"</a></li>
                    </ul>
                    <Figures report=r.clone() />
                    <Chart id="by-division" title="Consultations received, by division" key="Division" unit="Consultations" bars=r.by_division.clone() />
                    <Chart id="by-placing-authority" title="Consultations received, by placing authority" key="Placing authority" unit="Consultations" bars=r.by_placing_authority.clone() />
                    <Chart id="by-outcome" title="Consultations received, by outcome" key="Outcome" unit="Consultations" bars=r.by_outcome.clone() />
                    <Chart id="working-days" title="Outcomes recorded, by working days from request to outcome" key="Working days" unit="Outcomes" bars=r.working_days_distribution.clone() />
                }.into_any(),
            }}
        }
    })
}

/// The period's figures, in a summary list.
#[component]
fn Figures(report: Report) -> impl IntoView {
    let (w, n, e) = (&report.working_days_to_outcome, &report.notifications, &report.endings);
    let share = n.share_before_start.map(|s| format!("{} ({}%)", n.before_start, one_place(s))).unwrap_or_default();
    let figures = [
        ("Consultations received", report.received.to_string()),
        ("Outcomes recorded", w.outcomes.to_string()),
        ("Working days to outcome: median", w.median.map(one_place).unwrap_or_default()),
        ("Working days to outcome: mean", w.mean.map(one_place).unwrap_or_default()),
        ("Working days to outcome: longest", w.max.map(|d| d.to_string()).unwrap_or_default()),
        ("Open consultations past their reply date, today", report.open_past_reply_due.to_string()),
        ("Notifications received", n.total.to_string()),
        ("Notified before the placement started", share),
        ("Late emergency notifications (after 5 working days)", n.late_emergency.to_string()),
        ("Endings told", e.total.to_string()),
        ("Endings told more than 10 working days after the end", e.told_late.to_string()),
    ];
    view! {
        <dl class="govuk-summary-list" id="report-figures">
            {figures.into_iter().map(|(k, v)| view! {
                <div class="govuk-summary-list__row">
                    <dt class="govuk-summary-list__key">{k}</dt>
                    <dd class="govuk-summary-list__value">{if v.is_empty() { "None yet".to_owned() } else { v }}</dd>
                </div>
            }).collect_view()}
        </dl>
    }
}

/// A bar chart a sighted reader takes in at a glance, and beside it the table of the same figures,
/// which is what a screen reader reads (the bars are hidden from it).
#[component]
fn Chart(
    id: &'static str,
    title: &'static str,
    key: &'static str,
    unit: &'static str,
    bars: Vec<Bar>,
) -> impl IntoView {
    let most = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let heading = format!("{id}-heading");
    let labelled_by = heading.clone();
    view! {
        <section class="app-chart" aria-labelledby=labelled_by>
            <h2 class="govuk-heading-m" id=heading>{title}</h2>
            {if bars.iter().all(|b| b.count == 0) {
                view! { <p class="govuk-body">"None in this period."</p> }.into_any()
            } else {
                view! {
                    <div class="app-chart__bars govuk-body-s" aria-hidden="true">
                        {bars.iter().map(|b| view! {
                            <div class="app-chart__label">{b.label.clone()}</div>
                            <div><span class="app-chart__bar" style:width=format!("{}%", b.count * 100 / most)></span>" "{b.count}</div>
                        }).collect_view()}
                    </div>
                    <div class="app-table-scroll" role="region" aria-label=format!("{title}: table") tabindex="0">
                        <table class="govuk-table" id=format!("{id}-table")>
                            <caption class="govuk-visually-hidden">{title}</caption>
                            <thead class="govuk-table__head"><tr class="govuk-table__row">
                                <th scope="col" class="govuk-table__header">{key}</th>
                                <th scope="col" class="govuk-table__header govuk-table__header--numeric">{unit}</th>
                            </tr></thead>
                            <tbody class="govuk-table__body">
                                {bars.into_iter().map(|b| view! {
                                    <tr class="govuk-table__row">
                                        <th scope="row" class="govuk-table__header">{b.label}</th>
                                        <td class="govuk-table__cell govuk-table__cell--numeric">{b.count}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    </div>
                }.into_any()
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use placement_rules::Date;

    #[test]
    fn a_custom_period_asks_for_both_days_in_order() {
        let custom = |from: &str, to: &str| Draft {
            period: "custom".into(),
            from: from.into(),
            to: to.into(),
            ..Draft::default()
        };
        let q = custom("1/4/2026", "30/6/2026").query().unwrap();
        assert_eq!((q.from, q.to), (Date::from_ymd(2026, 4, 1), Date::from_ymd(2026, 6, 30)));
        let ids = |d: Draft| d.query().unwrap_err().into_iter().map(|(id, m)| format!("{id}: {m}")).collect::<Vec<_>>();
        assert_eq!(ids(custom("", "")), ["report-from: Enter the first day", "report-to: Enter the last day"]);
        assert_eq!(
            ids(custom("2/4/2026", "1/4/2026")),
            ["report-to: Last day must be the same as or after the first day"]
        );
        let quarter = Draft { period: "last-quarter".into(), from: "nonsense".into(), ..Draft::default() };
        assert_eq!(quarter.query().unwrap().period, Some(Period::LastQuarter), "the days matter only when chosen");
    }
}
