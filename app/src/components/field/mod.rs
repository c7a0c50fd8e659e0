//! One question, asked with the GOV.UK component its control names: label or legend, hint, inline
//! error, and the answer bound to its path in the draft's answers. [`FieldView`] builds what every
//! control shares (a [`Frame`] and a [`Binding`]) and hands them to the control's own component.

mod answer_text;
mod choices;
mod date;
mod inputs;

use leptos::prelude::*;
use placement_rules::{Finding, Severity};
use serde_json::Value;

pub use answer_text::display;

use crate::answers;
use crate::components::documents::Documents;
use crate::field_id::field_id;
use crate::journeys::{Control, Field, Journey, is_within};

/// The first error about this question (or an item within it), for its inline message.
pub fn error_within(findings: &[Finding], path: &str) -> Option<String> {
    findings.iter().find(|f| f.severity == Severity::Error && is_within(&f.field, path)).map(|f| f.message.clone())
}

/// What surrounds every control: its id, label, hint and inline error, and the `aria-describedby`
/// that ties the hint and the error to it.
#[derive(Clone)]
pub(crate) struct Frame {
    pub id: String,
    pub label: &'static str,
    hint: Option<&'static str>,
    pub error: Memo<Option<String>>,
}

impl Frame {
    fn hint_id(&self) -> String {
        format!("{}-hint", self.id)
    }

    fn error_id(&self) -> String {
        format!("{}-error", self.id)
    }

    pub fn described_by(&self) -> impl Fn() -> Option<String> + Send + Sync + Clone + 'static + use<> {
        let (hint, error) = (self.hint.is_some().then(|| self.hint_id()), self.error);
        let error_id = self.error_id();
        move || {
            let ids: Vec<String> =
                hint.iter().cloned().chain(error.get().is_some().then(|| error_id.clone())).collect();
            (!ids.is_empty()).then(|| ids.join(" "))
        }
    }

    pub fn hint(&self) -> impl IntoView + use<> {
        let id = self.hint_id();
        self.hint.map(|h| view! { <div class="govuk-hint" id=id>{h}</div> })
    }

    pub fn error_message(&self) -> impl IntoView + use<> {
        let (id, error) = (self.error_id(), self.error);
        move || {
            error.get().map(|e| {
                view! {
                    <p class="govuk-error-message" id=id.clone()>
                        <span class="govuk-visually-hidden">"Error: "</span>
                        {e}
                    </p>
                }
            })
        }
    }

    /// A group's legend, hint and inline error: what opens every fieldset (radios, checkboxes, a
    /// date).
    pub fn legend(&self) -> impl IntoView + use<> {
        view! {
            <legend class="govuk-fieldset__legend govuk-fieldset__legend--s">{self.label}</legend>
            {self.hint()}
            {self.error_message()}
        }
    }

    /// A class with its error modifier while the question has an error.
    pub fn class(
        &self,
        base: String,
        with_error: &'static str,
    ) -> impl Fn() -> String + Send + Sync + Clone + 'static + use<> {
        let error = self.error;
        move || if error.get().is_some() { format!("{base} {with_error}") } else { base.clone() }
    }
}

/// The answer at one path of the draft.
#[derive(Clone, Copy)]
pub(crate) struct Binding {
    pub path: &'static str,
    pub answers: RwSignal<Value>,
}

impl Binding {
    pub fn value(self) -> impl Fn() -> String + Send + Sync + Copy + 'static {
        move || self.answers.with(|a| answers::text(a, self.path))
    }

    pub fn set(self, v: String) {
        self.answers.update(|a| answers::set_text(a, self.path, v));
    }
}

#[component]
pub fn FieldView(
    journey: &'static Journey,
    field: &'static Field,
    answers: RwSignal<Value>,
    findings: RwSignal<Vec<Finding>>,
    /// The questions on the same page, for those a radio reveals (asked under it, as GOV.UK's
    /// conditional reveals are).
    #[prop(default = &[])]
    page_fields: &'static [Field],
) -> impl IntoView {
    let path = field.path;
    let frame = Frame {
        id: field_id(path),
        label: journey.label(field),
        hint: journey.hint(path),
        error: Memo::new(move |_| findings.with(|f| error_within(f, path))),
    };
    let error = frame.error;
    let group_class =
        move || if error.get().is_some() { "govuk-form-group govuk-form-group--error" } else { "govuk-form-group" };
    let bound = Binding { path, answers };
    let control = match field.control {
        Control::Text { kind, autocomplete, width } => {
            view! { <inputs::TextInput frame=frame bound=bound kind=kind autocomplete=autocomplete width=width /> }
                .into_any()
        }
        Control::TextArea => view! { <inputs::TextArea frame=frame bound=bound /> }.into_any(),
        Control::Select(which) => view! { <inputs::Select frame=frame bound=bound which=which /> }.into_any(),
        Control::Radios(_) | Control::InlineRadios(_) | Control::RadiosFrom(_) => view! {
            <choices::Radios journey=journey field=field frame=frame bound=bound findings=findings page_fields=page_fields />
        }
        .into_any(),
        Control::Checkboxes(list) => view! { <choices::Checkboxes frame=frame bound=bound list=list /> }.into_any(),
        Control::Date => view! { <date::DateInput frame=frame bound=bound /> }.into_any(),
        Control::Fixed => view! {
            <h2 class="govuk-label govuk-label--s" id=frame.id.clone()>{frame.label}</h2>
            <p class="govuk-body">{bound.value()}</p>
        }
        .into_any(),
        Control::Documents => view! {
            <Documents id=frame.id.clone() label=frame.label hint=journey.hint(path) path=path answers=answers error=error.into() />
        }
        .into_any(),
    };
    view! { <div class=group_class>{control}</div> }
}
