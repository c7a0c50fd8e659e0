//! The pages every journey is made of, drawn from its description in `journeys`: the task list,
//! question pages, and check your answers with the declaration. Every check is the rules crate's.

use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use placement_rules::{Context, Finding, Severity};
use serde_json::Value;

use crate::answers;
use crate::components::error_summary::ErrorSummary;
use crate::components::explainer::Explainer;
use crate::components::field::{FieldView, display};
use crate::components::page_title::set_page_title;
use crate::journeys::{Field, Journey, Page};
use crate::router::Route;
use crate::shared::shared;

/// Whether a conditional question is being asked, given the answers so far.
pub fn is_asked(field: &Field, answers: &Value) -> bool {
    field.when.is_none_or(|(path, value)| answers::text(answers, path) == value)
}

/// Whether a question is revealed by a radio on the same page (and so drawn inside it).
pub fn is_revealed_here(field: &Field, page: &Page) -> bool {
    field.when.is_some_and(|(path, _)| {
        page.fields.iter().any(|q| {
            q.path == path
                && matches!(
                    q.control,
                    crate::journeys::Control::Radios(_)
                        | crate::journeys::Control::InlineRadios(_)
                        | crate::journeys::Control::RadiosFrom(_)
                )
        })
    })
}

/// The rules' findings for one page, each pointed at the question on the page it is about, so the
/// error summary's links land on a field that is there.
pub fn findings_for_page(journey: &Journey, page: &Page, answers: &Value, ctx: &Context<'_>) -> Vec<Finding> {
    journey
        .check(answers, ctx)
        .into_iter()
        .filter_map(|mut f| {
            let field = page.fields.iter().find(|q| crate::journeys::is_within(&f.field, q.path))?;
            if !is_asked(field, answers) {
                return None;
            }
            f.field = field.path.to_owned();
            Some(f)
        })
        .collect()
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    NotStarted,
    InProgress,
    Completed,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::NotStarted => "Not yet started",
            Status::InProgress => "In progress",
            Status::Completed => "Completed",
        }
    }
}

/// A section of a pre-filled draft is not started until the person has confirmed it; otherwise it
/// is as its answers are.
pub fn confirmed_status(status: Status, confirmed: Option<&[String]>, section: &str) -> Status {
    match confirmed {
        Some(list) if !list.iter().any(|s| s == section) => Status::NotStarted,
        _ => status,
    }
}

/// A section is complete when the rules find no error in it.
pub fn section_status(journey: &Journey, section: &str, answers: &Value, found: &[Finding]) -> Status {
    let paths = || journey.pages_in(section).flat_map(|p| p.fields.iter());
    let answered = paths().any(|f| !answers::get(answers, f.path).is_null());
    let errors = found
        .iter()
        .any(|f| f.severity == Severity::Error && journey.page_for(&f.field).is_some_and(|p| p.section == section));
    match (answered, errors) {
        (_, false) if answered => Status::Completed,
        (false, _) => Status::NotStarted,
        _ => Status::InProgress,
    }
}

/// An error in `section` that answers in other sections brought about (a rule spanning pages):
/// what to do, the page to do it on, and which sections' answers caused it.
#[derive(Debug, Clone, PartialEq)]
pub struct Spanning {
    pub message: String,
    pub page: &'static Page,
    pub because_of: Vec<&'static str>,
}

impl Spanning {
    /// As the task list says it, under the section's name.
    pub fn said(&self) -> String {
        format!("{}. This follows from your answers in {}.", self.message, self.because_of.join(" and "))
    }
}

pub fn spanning(journey: &Journey, section: &str, found: &[Finding]) -> Option<Spanning> {
    found.iter().filter(|f| f.severity == Severity::Error).find_map(|f| {
        let page = journey.page_for(&f.field).filter(|p| p.section == section)?;
        let mut because_of: Vec<&'static str> = Vec::new();
        for other in f.because.iter().filter_map(|b| journey.page_for(b)).filter(|p| p.section != section) {
            let title = journey.sections.iter().find(|s| s.id == other.section).map_or(other.title, |s| s.title);
            if !because_of.contains(&title) {
                because_of.push(title);
            }
        }
        (!because_of.is_empty()).then(|| Spanning { message: f.message.clone(), page, because_of })
    })
}

/// Told once on reopening a draft made under other rules: that it was checked again, and each
/// change since, as a list (area, the date in words, what changed).
pub fn rules_changed_notice(
    journey: &Journey,
    started_under: &str,
    answers: &Value,
    today: placement_rules::Date,
) -> (String, Vec<String>) {
    let ctx = Context::builtin(today, &[], &placement_rules::geography::NoGeography);
    let errors = journey.check(answers, &ctx).iter().filter(|f| f.severity == Severity::Error).count();
    let changes: Vec<String> = placement_rules::version::AMENDMENTS
        .iter()
        .filter(|a| newer(a.version, started_under))
        .map(|a| format!("{} (from {}): {}", a.area, a.effective_long(), a.details))
        .collect();
    let said = format!(
        "This draft was started under version {} of the rules; this is version {}. Your answers have been checked again: {errors} {} attention.",
        started_under,
        placement_rules::RULES_VERSION,
        if errors == 1 { "answer needs" } else { "answers need" },
    );
    (said, changes)
}

/// Rules versions are `year.release`; compared as numbers, so 2026.10 follows 2026.9.
fn newer(version: &str, than: &str) -> bool {
    let parts = |v: &str| v.split('.').map(|p| p.parse::<u32>().unwrap_or(0)).collect::<Vec<_>>();
    parts(version) > parts(than)
}

fn context_now() -> (placement_rules::Date, crate::hosts::BrowserGeography) {
    let s = shared();
    (s.today, s.geography())
}

#[component]
pub fn TaskList(journey: &'static Journey) -> impl IntoView {
    let s = shared();
    set_page_title(journey.title, false);
    let found = Memo::new(move |_| {
        let (today, geo) = context_now();
        s.answers.with(|a| journey.check(a, &geo.context(today)))
    });
    let statuses = move || {
        journey
            .sections
            .iter()
            .map(|sec| {
                let status = s.answers.with(|a| section_status(journey, sec.id, a, &found.get()));
                let confirmed = s.active.with(|d| d.as_ref().and_then(|d| d.confirmed.clone()));
                let status = confirmed_status(status, confirmed.as_deref(), sec.id);
                // Said only of a section the person has begun: an untouched one asks in its turn.
                let why = (status != Status::NotStarted).then(|| spanning(journey, sec.id, &found.get())).flatten();
                (sec, status, why)
            })
            .collect::<Vec<_>>()
    };
    let done = move || statuses().iter().filter(|(_, st, _)| *st == Status::Completed).count();
    let total = journey.sections.len();
    view! {
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <h1 class="govuk-heading-l">{journey.title}</h1>
                {move || s.started_under.get().map(|v| view! {
                    <div class="govuk-notification-banner" role="region" aria-labelledby="rules-changed-title">
                        <div class="govuk-notification-banner__header">
                            <h2 class="govuk-notification-banner__title" id="rules-changed-title">"The rules have changed"</h2>
                        </div>
                        <div class="govuk-notification-banner__content">{
                            let (said, changes) = s.answers.with_untracked(|a| rules_changed_notice(journey, &v, a, s.today));
                            view! {
                                <p class="govuk-body">{said}</p>
                                {(!changes.is_empty()).then(|| view! {
                                    <p class="govuk-body">"What changed:"</p>
                                    <ul class="govuk-list govuk-list--bullet">
                                        {changes.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}
                                    </ul>
                                })}
                            }
                        }</div>
                    </div>
                })}
                <p class="govuk-body">{move || format!("You have completed {} of {total} sections.", done())}</p>
                <ul class="govuk-task-list">
                    {move || statuses().into_iter().map(|(sec, st, why)| {
                        let status_id = format!("{}-status", sec.id);
                        let hint_id = format!("{}-hint", sec.id);
                        // A rule another section set off: the link goes straight to the page that has it.
                        let first = why.as_ref().map(|w| w.page).or_else(|| journey.pages_in(sec.id).next());
                        let described_by = if why.is_some() { format!("{hint_id} {status_id}") } else { status_id.clone() };
                        view! {
                            <li class="govuk-task-list__item govuk-task-list__item--with-link">
                                <div class="govuk-task-list__name-and-hint">
                                    <a class="govuk-link govuk-task-list__link" href=first.map(|p| Route::Question(journey, p).path())
                                        aria-describedby=described_by
                                        on:click=move |ev| {
                                            ev.prevent_default();
                                            s.started_under.set(None);
                                            if let Some(p) = first { s.router.go(Route::Question(journey, p)); }
                                        }>{sec.title}</a>
                                    {why.map(|w| view! { <div id=hint_id class="govuk-task-list__hint">{w.said()}</div> })}
                                </div>
                                <div class="govuk-task-list__status" id=status_id>
                                    {match st {
                                        Status::Completed => view! { <span>{st.label()}</span> }.into_any(),
                                        _ => view! { <strong class="govuk-tag govuk-tag--blue">{st.label()}</strong> }.into_any(),
                                    }}
                                </div>
                            </li>
                        }
                    }).collect_view()}
                </ul>
                {move || (done() == total).then(|| view! {
                    <button type="button" class="govuk-button" on:click=move |_| s.router.go(Route::Check(journey))>
                        "Continue to check your answers"
                    </button>
                })}
                <p class="govuk-body">
                    <a class="govuk-link" href="/" on:click=move |ev| { ev.prevent_default(); s.router.go(Route::Start); }>
                        "Save and come back later"
                    </a>
                </p>
            </div>
        </div>
    }
}

/// The pages before and after this one in its section.
fn neighbours(journey: &'static Journey, page: &'static Page) -> (Option<&'static Page>, Option<&'static Page>) {
    let in_section: Vec<&'static Page> = journey.pages_in(page.section).collect();
    let pos = in_section.iter().position(|p| p.slug == page.slug).unwrap_or(0);
    (pos.checked_sub(1).and_then(|i| in_section.get(i).copied()), in_section.get(pos + 1).copied())
}

/// Where Continue goes from a page: the next page of its section, else the task list (or, for a
/// one-section journey, check your answers).
fn after(journey: &'static Journey, page: &'static Page) -> Route {
    match neighbours(journey, page).1 {
        Some(next) => Route::Question(journey, next),
        None if journey.sections.len() > 1 => Route::Tasks(journey),
        None => Route::Check(journey),
    }
}

/// Where Back goes: the previous page of its section, else the task list (or the start page).
fn before(journey: &'static Journey, page: &'static Page) -> Route {
    match neighbours(journey, page).0 {
        Some(prev) => Route::Question(journey, prev),
        None if journey.sections.len() > 1 => Route::Tasks(journey),
        None => Route::Start,
    }
}

#[component]
pub fn BackLink(to: Route) -> impl IntoView {
    let s = shared();
    let href = to.path();
    view! {
        <a href=href class="govuk-back-link" on:click=move |ev| { ev.prevent_default(); s.router.go(to.clone()); }>"Back"</a>
    }
}

#[component]
pub fn QuestionPage(journey: &'static Journey, page: &'static Page) -> impl IntoView {
    let s = shared();
    set_page_title(page.title, false);
    let findings = RwSignal::new(Vec::<Finding>::new());
    // Warnings are shown once and never block: Continue again goes on.
    let warned = StoredValue::new(false);
    let section_title = journey.sections.iter().find(|x| x.id == page.section).map_or("", |x| x.title);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let (today, geo) = context_now();
        let found = s.answers.with(|a| findings_for_page(journey, page, a, &geo.context(today)));
        let blocked = found.iter().any(|f| f.severity == Severity::Error);
        let warns = found.iter().any(|f| f.severity == Severity::Warning);
        set_page_title(page.title, blocked);
        findings.set(found);
        if blocked || (warns && !warned.get_value()) {
            warned.set_value(warns && !blocked);
            return;
        }
        if neighbours(journey, page).1.is_none() {
            s.confirm_section(page.section);
        }
        if s.returning.get_untracked() {
            s.router.go(Route::Check(journey));
        } else {
            s.router.go(after(journey, page));
        }
    };
    // An error goes as soon as its answer is fixed: the rules are asked again as the person types,
    // and only the findings they still give stay (none is added before Continue).
    Effect::new(move |_| {
        let answers = s.answers.get();
        if findings.with_untracked(Vec::is_empty) {
            return;
        }
        let (today, geo) = context_now();
        let now = findings_for_page(journey, page, &answers, &geo.context(today));
        // Each shown finding as the rules now say it (its message may have moved on), or gone.
        let kept: Vec<Finding> = findings.with_untracked(|old| {
            old.iter()
                .filter_map(|f| now.iter().find(|n| n.field == f.field && n.severity == f.severity).cloned())
                .collect()
        });
        if findings.with_untracked(|old| *old != kept) {
            set_page_title(page.title, kept.iter().any(|x| x.severity == Severity::Error));
            findings.set(kept);
        }
    });
    let warnings = move || findings.get().into_iter().filter(|f| f.severity == Severity::Warning).collect::<Vec<_>>();
    view! {
        <BackLink to=before(journey, page) />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary findings=findings.into() />
                <form novalidate on:submit=on_submit>
                    <span class="govuk-caption-l">{section_title}</span>
                    <h1 class="govuk-heading-l">{page.title}</h1>
                    {journey.intro(page.slug).map(|t| view! { <p class="govuk-body">{t}</p> })}
                    // A question revealed by a radio on this page is asked under that radio.
                    {page.fields.iter().filter(|f| !is_revealed_here(f, page)).map(|f| {
                        let shown = move || s.answers.with(|a| is_asked(f, a));
                        view! {
                            <Show when=shown>
                                <FieldView journey=journey field=f answers=s.answers findings=findings page_fields=page.fields />
                            </Show>
                        }
                    }).collect_view()}
                    {page.explainer.map(|e| view! { <Explainer which=e /> })}
                    <Warnings warnings=Signal::derive(warnings) />
                    <button type="submit" class="govuk-button">"Continue"</button>
                </form>
            </div>
        </div>
    }
}

/// Warnings the rules give: said plainly, apart from errors, never blocking.
#[component]
pub fn Warnings(warnings: Signal<Vec<Finding>>) -> impl IntoView {
    view! {
        <div role="status">
            {move || warnings.get().into_iter().map(|w| view! {
                <div class="govuk-warning-text">
                    <span class="govuk-warning-text__icon" aria-hidden="true">"!"</span>
                    <strong class="govuk-warning-text__text">
                        <span class="govuk-visually-hidden">"Warning: "</span>{w.message}
                    </strong>
                </div>
            }).collect_view()}
        </div>
    }
}

/// The answers as GOV.UK summary lists, one per section, with change links when `change` is set.
/// On a case page (`nested`) the sections sit under the submission's own heading, and rows whose
/// paths are in `changed` are marked as changed since the consultation.
#[component]
pub fn AnswersSummary(
    journey: &'static Journey,
    answers: Signal<Value>,
    #[prop(optional)] change: bool,
    #[prop(optional)] nested: bool,
    #[prop(optional)] changed: Vec<String>,
) -> impl IntoView {
    let s = shared();
    let changed = StoredValue::new(changed);
    journey
        .sections
        .iter()
        .map(|sec| {
            let title = if nested { sec.read_by_others() } else { sec.title };
            view! {
                {if nested {
                    view! { <h3 class="govuk-heading-s">{title}</h3> }.into_any()
                } else {
                    view! { <h2 class="govuk-heading-m">{title}</h2> }.into_any()
                }}
                <dl class="govuk-summary-list">
                    {move || answers.with(|a| {
                        journey.pages_in(sec.id).flat_map(|p| p.fields.iter().map(move |f| (p, f)))
                            .filter(|(_, f)| is_asked(f, a))
                            .map(|(p, f)| {
                                let value = display(f, a);
                                let label = journey
                                    .question(f.path)
                                    .map_or(f.path, |q| if nested { q.read_by_others() } else { q.label });
                                let was_changed =
                                    changed.with_value(|c| c.iter().any(|p| crate::journeys::is_within(p, f.path)));
                                view! {
                                    <div class=if was_changed { "govuk-summary-list__row app-changed" } else { "govuk-summary-list__row" }>
                                        <dt class="govuk-summary-list__key">{label}</dt>
                                        <dd class="govuk-summary-list__value app-pre-line">
                                            {was_changed.then(|| view! { <strong class="govuk-tag govuk-tag--yellow">"Changed since the consultation"</strong><br/> })}
                                            {value}
                                        </dd>
                                        {change.then(|| view! {
                                            <dd class="govuk-summary-list__actions">
                                                <a class="govuk-link" href=Route::Question(journey, p).path()
                                                    on:click=move |ev| {
                                                        ev.prevent_default();
                                                        s.returning.set(true);
                                                        s.router.go(Route::Question(journey, p));
                                                    }>
                                                    "Change"<span class="govuk-visually-hidden">{format!(" {}", label.to_lowercase())}</span>
                                                </a>
                                            </dd>
                                        })}
                                    </div>
                                }
                            })
                            .collect_view()
                    })}
                </dl>
            }
        })
        .collect_view()
}

#[component]
pub fn CheckAnswers(journey: &'static Journey) -> impl IntoView {
    let s = shared();
    s.returning.set(false);
    set_page_title("Check your answers", false);
    let findings = RwSignal::new(Vec::<Finding>::new());
    let sending = RwSignal::new(false);
    let all = Memo::new(move |_| {
        let (today, geo) = context_now();
        s.answers.with(|a| journey.check(a, &geo.context(today)))
    });
    let warnings = move || all.get().into_iter().filter(|f| f.severity == Severity::Warning).collect::<Vec<_>>();
    let changes = move || {
        let origin = s.active.with(|d| d.as_ref().and_then(|d| d.origin.clone()))?;
        let list: Vec<&'static str> =
            crate::components::explainer::changes_since_consultation(&s.answers.get(), &origin)
                .into_iter()
                .map(|path| journey.question(path).map_or(path, |q| q.label))
                .collect();
        (!list.is_empty()).then_some(list)
    };
    let send = move |_| {
        if sending.get_untracked() {
            return;
        }
        let errors: Vec<Finding> = all.get_untracked().into_iter().filter(|f| f.severity == Severity::Error).collect();
        if !errors.is_empty() {
            set_page_title("Check your answers", true);
            findings.set(errors);
            return;
        }
        sending.set(true);
        s.send(journey);
    };
    view! {
        <BackLink to=Route::begin(journey) />
        <div class="govuk-grid-row">
            <div class="govuk-grid-column-two-thirds">
                <ErrorSummary findings=findings.into() link=Callback::new(move |path: String| {
                    if let Some(p) = journey.page_for(&path) {
                        s.returning.set(true);
                        s.router.go(Route::Question(journey, p));
                    }
                }) />
                <h1 class="govuk-heading-l">"Check your answers before sending"</h1>
                {move || changes().map(|list| view! {
                    <div class="govuk-inset-text" id="changed-since-consultation">
                        <p class="govuk-body">"Changed since the consultation:"</p>
                        <ul class="govuk-list govuk-list--bullet">{list.into_iter().map(|c| view! { <li>{c}</li> }).collect_view()}</ul>
                    </div>
                })}
                <Warnings warnings=Signal::derive(warnings) />
                <AnswersSummary journey=journey answers=s.answers.into() change=true />
                <h2 class="govuk-heading-m">"Now send"</h2>
                <p class="govuk-body">{journey.closing().declaration}</p>
                <button type="button" class="govuk-button" data-prevent-double-click="true" disabled=move || sending.get() on:click=send>
                    {journey.closing().send_label}
                </button>
            </div>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::drafts::Draft;
    use crate::journeys::consultation::JOURNEY;
    use placement_rules::geography::NoGeography;

    fn ctx() -> Context<'static> {
        Context::builtin(placement_rules::Date::from_ymd(2026, 11, 23).unwrap(), &[], &NoGeography)
    }

    #[test]
    fn a_page_shows_only_its_own_questions_findings_in_page_order() {
        let about = JOURNEY.page("about-you").unwrap();
        let found = findings_for_page(&JOURNEY, about, &answers::empty(), &ctx());
        assert_eq!(found.first().map(|f| f.field.as_str()), Some("placing_authority"));
        assert!(found.iter().all(|f| about.covers(&f.field)));
        assert!(found.iter().any(|f| f.message == "Select your authority"));
    }

    #[test]
    fn a_hidden_question_is_not_an_error_until_it_is_asked() {
        let needs = JOURNEY.page("child-needs").unwrap();
        let mut a = answers::empty();
        answers::set_text(&mut a, "child.disability", "no".into());
        assert!(!findings_for_page(&JOURNEY, needs, &a, &ctx()).iter().any(|f| f.field == "child.disability_details"));
    }

    #[test]
    fn sections_start_not_started_and_complete_when_the_rules_find_nothing() {
        let found = JOURNEY.check(&answers::empty(), &ctx());
        assert_eq!(section_status(&JOURNEY, "about-you", &answers::empty(), &found), Status::NotStarted);
        let mut a = answers::empty();
        answers::set_text(&mut a, "social_worker.name", "Alex Example".into());
        let found = JOURNEY.check(&a, &ctx());
        assert_eq!(section_status(&JOURNEY, "about-you", &a, &found), Status::InProgress);
        let placing = placement_rules::Register::builtin().all()[0].gss.clone();
        for (path, v) in [
            ("placing_authority", placing.as_str()),
            ("social_worker.team", "Children in Care"),
            ("social_worker.email", "alex.example@leeds.gov.uk"),
            ("social_worker.phone", "0113 496 0000"),
            ("team_manager.name", "Jo Sample"),
            ("team_manager.email", "jo.sample@leeds.gov.uk"),
        ] {
            answers::set_text(&mut a, path, v.into());
        }
        let found = JOURNEY.check(&a, &ctx());
        assert_eq!(section_status(&JOURNEY, "about-you", &a, &found), Status::Completed, "{found:?}");
    }

    #[test]
    fn a_rule_spanning_pages_is_told_on_its_section_with_the_page_that_has_it() {
        use placement_rules::Kind;
        let role = Finding::error("approver.role", Kind::NotAllowed, "Select \"Director of children's services\"")
            .because(&["placing_authority", "placement.postcode"]);
        let why = spanning(&JOURNEY, "reasons-and-approval", std::slice::from_ref(&role)).expect("told");
        assert!(why.page.covers("approver.role"), "the link opens the page with the approver's role");
        assert_eq!(why.because_of, ["About you", "The proposed placement"]);
        assert_eq!(
            why.said(),
            "Select \"Director of children's services\". This follows from your answers in About you and The proposed placement."
        );
        assert_eq!(
            spanning(&JOURNEY, "about-you", &[role]),
            None,
            "said where the change is needed, not where it came from"
        );
        let own = Finding::error("approver.role", Kind::Required, "Select the approver's role");
        assert_eq!(spanning(&JOURNEY, "reasons-and-approval", &[own]), None, "a page's own rule is said on the page");
    }

    #[test]
    fn a_pre_filled_section_is_not_started_until_it_is_confirmed() {
        let done = Status::Completed;
        assert_eq!(confirmed_status(done, None, "about"), Status::Completed, "a draft begun empty");
        assert_eq!(confirmed_status(done, Some(&[]), "about"), Status::NotStarted);
        assert_eq!(confirmed_status(done, Some(&["about".to_owned()]), "about"), Status::Completed);
        assert_eq!(confirmed_status(Status::InProgress, Some(&["about".to_owned()]), "about"), Status::InProgress);
    }

    #[test]
    fn a_draft_from_older_rules_is_told_what_changed_and_checked_again() {
        let mut draft = Draft::new("0190f3a2-0000-7000-8000-000000000009".into(), "request", d());
        draft.rules_version = "2025.2".into();
        answers::set_text(&mut draft.answers, "social_worker.name", "Alex Example".into());
        assert!(draft.made_under_other_rules());
        let (notice, changes) = rules_changed_notice(&JOURNEY, &draft.rules_version, &draft.answers, d());
        assert!(notice.starts_with(&format!(
            "This draft was started under version 2025.2 of the rules; this is version {}.",
            placement_rules::RULES_VERSION
        )));
        assert!(changes.iter().any(|c| c.starts_with("Distant placements (from 23 November 2026): ")), "{changes:?}");
        let (_, since_2026_1) = rules_changed_notice(&JOURNEY, "2026.1", &draft.answers, d());
        assert!(
            since_2026_1.iter().any(|c| c.starts_with("The end of a placement (from 3 December 2026)")),
            "{since_2026_1:?}"
        );
        assert!(since_2026_1.iter().all(|c| !c.starts_with("Distant placements")), "only what changed since");
        let errors = JOURNEY.check(&draft.answers, &ctx()).iter().filter(|f| f.severity == Severity::Error).count();
        assert!(notice.ends_with(&format!("{errors} answers need attention.")), "{notice}");
        assert!(newer("2026.10", "2026.9") && !newer("2026.1", "2026.1"));
    }

    fn d() -> placement_rules::Date {
        placement_rules::Date::from_ymd(2026, 11, 23).unwrap()
    }

    #[test]
    fn continue_walks_a_section_then_returns_to_the_task_list() {
        let child = JOURNEY.page("child").unwrap();
        assert_eq!(after(&JOURNEY, child), Route::Question(&JOURNEY, JOURNEY.page("child-needs").unwrap()));
        assert_eq!(after(&JOURNEY, JOURNEY.page("child-needs").unwrap()), Route::Tasks(&JOURNEY));
        assert_eq!(before(&JOURNEY, child), Route::Tasks(&JOURNEY));
    }
}
