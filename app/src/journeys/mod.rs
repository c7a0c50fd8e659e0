//! Each journey as data: its pages, the questions on each and how they are asked. One set of
//! components renders every journey from this, so a page costs a few lines here rather than a
//! component of its own (which keeps the first load small). Every label, section and check comes
//! from the rules crate's form; this only says which control asks each question.

pub mod confirmation;
pub mod consultation;
pub mod documents;
pub mod ending;
pub mod notification;
pub mod outcome;
pub mod withdrawal;

use placement_rules::forms::{Question, Section};
use placement_rules::{Context, Finding};
use serde_json::Value;

/// A choice: its wire value (the rules' serde name) and what the person reads.
pub type Choice = (&'static str, &'static str);

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Control {
    /// A one-line answer: its input type, autocomplete token and GOV.UK width class.
    Text {
        kind: &'static str,
        autocomplete: &'static str,
        width: &'static str,
    },
    TextArea,
    Date,
    Radios(&'static [Choice]),
    /// Radios with few short options, side by side (yes / no).
    InlineRadios(&'static [Choice]),
    /// Radios whose choices are the rules crate's own list.
    RadiosFrom(Options),
    Select(Options),
    /// Shown, not asked: the app fills it in (the consultation reference an outcome answers).
    Fixed,
    /// Each choice is its own true/false answer under the question's path.
    Checkboxes(&'static [Choice]),
    /// Uploaded files, each with what it is.
    Documents,
}

/// Long option lists read from the rules crate's reference data.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Options {
    Authorities,
    Ethnicities,
    LegalStatuses,
    PlacementTypes,
    ChallengeReasons,
    WithdrawalReasons,
    EndingReasons,
    WhereNext,
    Divisions,
}

#[derive(Debug, Clone, Copy)]
pub struct Field {
    pub path: &'static str,
    /// The page's wording, where it differs from the rules' short label used on check your answers.
    pub label: Option<&'static str>,
    pub control: Control,
    /// Asked only when another answer has this value (a GOV.UK conditional reveal).
    pub when: Option<(&'static str, &'static str)>,
}

pub const fn field(path: &'static str, control: Control) -> Field {
    Field { path, label: None, control, when: None }
}

impl Field {
    pub const fn label(mut self, label: &'static str) -> Self {
        self.label = Some(label);
        self
    }
    pub const fn when(mut self, path: &'static str, value: &'static str) -> Self {
        self.when = Some((path, value));
        self
    }
}

/// Something the page says as the person answers, worked out by the rules.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explainer {
    /// Host authority, district, division, distance and what it requires.
    PlacementArea,
    /// Which notification timing applies, and when it is due.
    NotificationTiming,
}

#[derive(Debug, Clone, Copy)]
pub struct Page {
    /// Its place in the URL: `/request/child-identity`.
    pub slug: &'static str,
    pub section: &'static str,
    pub title: &'static str,
    pub fields: &'static [Field],
    pub explainer: Option<Explainer>,
}

pub const fn page(slug: &'static str, section: &'static str, title: &'static str, fields: &'static [Field]) -> Page {
    Page { slug, section, title, fields, explainer: None }
}

impl Page {
    pub const fn explain(mut self, e: Explainer) -> Self {
        self.explainer = Some(e);
        self
    }

    /// Whether a finding is about a question on this page (or an item within one, like a document).
    pub fn covers(&self, finding_field: &str) -> bool {
        self.fields.iter().any(|f| is_within(finding_field, f.path))
    }
}

pub fn is_within(finding_field: &str, path: &str) -> bool {
    finding_field == path
        || finding_field.strip_prefix(path).is_some_and(|rest| rest.starts_with('.') || rest.starts_with('['))
}

/// Which of the rules crate's forms a journey fills in.
///
/// A name, not a function pointer to the form's `check`: the journeys are data, all data is in the
/// first download, and a pointer there would pull every form's rules into it too (docs/performance.md).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKind {
    ConsultationRequest,
    PlacementNotification,
    Withdrawal,
    ConsultationOutcome,
    PlacementEnding,
    PlacementConfirmation,
    DocumentsSent,
}

pub struct Journey {
    /// Its place in the URL and in drafts: `request`.
    pub slug: &'static str,
    pub title: &'static str,
    pub endpoint: &'static str,
    pub sections: &'static [Section],
    pub questions: &'static [Question],
    pub pages: &'static [Page],
    /// The rules crate's form the answers are read as.
    pub form: FormKind,
}

/// What a journey's last pages say. Only the check-your-answers, confirmation and help pages read
/// it, so it is returned by code they call rather than held in the journey's data: the words then
/// travel in those pages' part of the download, not in the first one (docs/performance.md).
pub struct Closing {
    /// What the person declares on the check-your-answers page.
    pub declaration: &'static str,
    pub send_label: &'static str,
    /// The confirmation's title.
    pub sent_title: &'static str,
    /// The confirmation page's "what happens next".
    pub next: &'static [&'static str],
}

// A journey and a page are named by their slugs, which are unique (a test checks).
impl PartialEq for Journey {
    fn eq(&self, other: &Self) -> bool {
        self.slug == other.slug
    }
}

impl std::fmt::Debug for Journey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Journey({})", self.slug)
    }
}

impl PartialEq for Page {
    fn eq(&self, other: &Self) -> bool {
        self.slug == other.slug && self.section == other.section
    }
}

impl Journey {
    pub fn page(&self, slug: &str) -> Option<&'static Page> {
        self.pages.iter().find(|p| p.slug == slug)
    }

    pub fn pages_in<'a>(&self, section: &'a str) -> impl Iterator<Item = &'static Page> + 'a {
        let pages: &'static [Page] = self.pages;
        pages.iter().filter(move |p| p.section == section)
    }

    pub fn question(&self, path: &str) -> Option<&'static Question> {
        self.questions.iter().find(|q| q.path == path)
    }

    /// The label a field is asked with.
    pub fn label(&self, field: &Field) -> &'static str {
        field.label.or_else(|| self.question(field.path).map(|q| q.label)).unwrap_or(field.path)
    }

    /// The page a finding's field is asked on.
    pub fn page_for(&self, finding_field: &str) -> Option<&'static Page> {
        self.pages.iter().find(|p| p.covers(finding_field))
    }

    /// Every finding for the answers: the rules crate's `check` for this journey's form.
    pub fn check(&self, answers: &Value, ctx: &Context<'_>) -> Vec<Finding> {
        use placement_rules::{
            ConsultationOutcome, ConsultationRequest, DocumentsSent, PlacementConfirmation, PlacementEnding,
            PlacementNotification, Withdrawal,
        };
        match self.form {
            FormKind::ConsultationRequest => check_as::<ConsultationRequest>(answers, ctx),
            FormKind::PlacementNotification => check_as::<PlacementNotification>(answers, ctx),
            FormKind::Withdrawal => check_as::<Withdrawal>(answers, ctx),
            FormKind::ConsultationOutcome => check_as::<ConsultationOutcome>(answers, ctx),
            FormKind::PlacementEnding => check_as::<PlacementEnding>(answers, ctx),
            FormKind::PlacementConfirmation => check_as::<PlacementConfirmation>(answers, ctx),
            FormKind::DocumentsSent => check_as::<DocumentsSent>(answers, ctx),
        }
    }

    /// A question's hint. Hints and page introductions, like the closing words, are read only by
    /// the question pages, so they are kept in code those pages call and travel in their part of
    /// the download (docs/performance.md).
    pub fn hint(&self, path: &str) -> Option<&'static str> {
        match self.form {
            FormKind::ConsultationRequest => consultation::hint(path),
            FormKind::PlacementNotification => notification::hint(path),
            FormKind::Withdrawal => withdrawal::hint(path),
            FormKind::ConsultationOutcome => outcome::hint(path),
            FormKind::PlacementEnding => ending::hint(path),
            FormKind::PlacementConfirmation => confirmation::hint(path),
            FormKind::DocumentsSent => documents::hint(path),
        }
    }

    /// A page's introduction, by its slug.
    pub fn intro(&self, page: &str) -> Option<&'static str> {
        match self.form {
            FormKind::ConsultationRequest => consultation::intro(page),
            FormKind::PlacementNotification => notification::intro(page),
            FormKind::Withdrawal => withdrawal::intro(page),
            FormKind::ConsultationOutcome => outcome::intro(page),
            FormKind::PlacementEnding => ending::intro(page),
            FormKind::PlacementConfirmation => confirmation::intro(page),
            FormKind::DocumentsSent => documents::intro(page),
        }
    }

    pub fn closing(&self) -> Closing {
        match self.form {
            FormKind::ConsultationRequest => consultation::closing(),
            FormKind::PlacementNotification => notification::closing(),
            FormKind::Withdrawal => withdrawal::closing(),
            FormKind::ConsultationOutcome => outcome::closing(),
            FormKind::PlacementEnding => ending::closing(),
            FormKind::PlacementConfirmation => confirmation::closing(),
            FormKind::DocumentsSent => documents::closing(),
        }
    }

    pub fn by_slug(slug: &str) -> Option<&'static Journey> {
        ALL.iter().copied().find(|j| j.slug == slug)
    }
}

pub static ALL: [&Journey; 7] = [
    &consultation::JOURNEY,
    &notification::JOURNEY,
    &withdrawal::JOURNEY,
    &ending::JOURNEY,
    &confirmation::JOURNEY,
    &documents::JOURNEY,
    &outcome::JOURNEY,
];

/// Runs a form's own check on the answers; answers the form cannot read (a draft from an older
/// rules version) become one finding the person can act on.
fn check_as<F>(answers: &Value, ctx: &Context<'_>) -> Vec<Finding>
where
    F: placement_rules::Form + serde::de::DeserializeOwned,
{
    match crate::answers::typed::<F>(answers) {
        Ok(form) => form.check(ctx),
        Err(_) => vec![Finding::error(
            F::QUESTIONS.first().map_or("", |q| q.path),
            placement_rules::Kind::Format,
            "This draft has answers this version of the form no longer asks. Start a new one",
        )],
    }
}

pub const YES_NO: &[Choice] = placement_rules::forms::common::YesNo::CHOICES;

pub const fn text(path: &'static str) -> Field {
    field(path, Control::Text { kind: "text", autocomplete: "off", width: "" })
}
pub const fn short(path: &'static str, width: &'static str) -> Field {
    field(path, Control::Text { kind: "text", autocomplete: "off", width })
}
pub const fn email(path: &'static str) -> Field {
    field(path, Control::Text { kind: "email", autocomplete: "email", width: "" })
}
pub const fn phone(path: &'static str) -> Field {
    field(path, Control::Text { kind: "tel", autocomplete: "tel", width: "govuk-input--width-20" })
}
pub const fn area(path: &'static str) -> Field {
    field(path, Control::TextArea)
}
pub const fn date(path: &'static str) -> Field {
    field(path, Control::Date)
}
pub const fn yes_no(path: &'static str) -> Field {
    field(path, Control::InlineRadios(YES_NO))
}
pub const fn radios(path: &'static str, choices: &'static [Choice]) -> Field {
    field(path, Control::Radios(choices))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_unique() {
        let mut journeys: Vec<&str> = ALL.iter().map(|j| j.slug).collect();
        journeys.dedup();
        assert_eq!(journeys.len(), ALL.len());
        for j in ALL {
            let mut pages: Vec<&str> = j.pages.iter().map(|p| p.slug).collect();
            pages.sort_unstable();
            pages.dedup();
            assert_eq!(pages.len(), j.pages.len(), "{}", j.slug);
            assert!(!["tasks", "check"].iter().any(|r| pages.contains(r)), "{}: a page named like a step", j.slug);
        }
    }

    #[test]
    fn within_means_the_field_or_an_item_of_it() {
        assert!(is_within("documents", "documents"));
        assert!(is_within("documents[0].kind", "documents"));
        assert!(is_within("risks.self_harm.details", "risks.self_harm"));
        assert!(!is_within("child.first_name_extra", "child.first_name"));
    }

    /// Every page field is a question the rules know, every question is asked on exactly one page,
    /// and every page belongs to one of the form's sections.
    #[test]
    fn every_journey_asks_each_rules_question_once() {
        for j in ALL {
            for p in j.pages {
                assert!(j.sections.iter().any(|s| s.id == p.section), "{}: page {} has no section", j.slug, p.slug);
                for f in p.fields {
                    assert!(j.question(f.path).is_some(), "{}: {} is not a rules question", j.slug, f.path);
                }
            }
            for q in j.questions {
                let asked = j.pages.iter().flat_map(|p| p.fields).filter(|f| f.path == q.path).count();
                assert_eq!(asked, 1, "{}: {} asked {asked} times", j.slug, q.path);
                let page = j.page_for(q.path).unwrap();
                assert_eq!(page.section, q.section, "{}: {} is on a page outside its section", j.slug, q.path);
            }
        }
    }

    /// Every choice the app offers is one the rules' types accept, so a label can never send a
    /// value the relay refuses.
    #[test]
    fn every_choice_is_a_value_the_rules_accept() {
        for j in ALL {
            for p in j.pages {
                for f in p.fields {
                    let choices = match f.control {
                        Control::Radios(c) | Control::InlineRadios(c) => c,
                        _ => continue,
                    };
                    for (value, _) in choices {
                        let mut a = crate::answers::empty();
                        crate::answers::set_text(&mut a, f.path, (*value).to_owned());
                        let ctx = placement_rules::Context::builtin(
                            crate::clock::today(),
                            &[],
                            &placement_rules::geography::NoGeography,
                        );
                        let found = j.check(&a, &ctx);
                        assert!(
                            !found.iter().any(|x| x.message.starts_with("This draft has answers")),
                            "{}: {} = {value} is refused by the rules",
                            j.slug,
                            f.path
                        );
                    }
                }
            }
        }
    }
}
