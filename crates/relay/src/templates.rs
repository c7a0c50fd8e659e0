//! The emails' wording, in templates a council can edit (minijinja, Jinja's syntax). The built-in
//! ones are compiled in (`templates/email/`); a file of the same name in `[mail] templates`
//! replaces one. A template sees only what [`Words`] holds — references, councils' names, the
//! division, dates in words and the link — so no template, however edited, can put a child's
//! details into an email.

use std::path::Path;

use minijinja::{Environment, UndefinedBehavior};
use serde::Serialize;

/// Each built-in template: its name and its text.
pub const BUILT_IN: &[(&str, &str)] = &[
    ("_frame.txt", include_str!("../templates/email/_frame.txt")),
    ("_outcome.txt", include_str!("../templates/email/_outcome.txt")),
    ("new_consultation_front_door.txt", include_str!("../templates/email/new_consultation_front_door.txt")),
    ("new_consultation_service_manager.txt", include_str!("../templates/email/new_consultation_service_manager.txt")),
    ("new_consultation_received.txt", include_str!("../templates/email/new_consultation_received.txt")),
    ("outcome_management_information.txt", include_str!("../templates/email/outcome_management_information.txt")),
    ("outcome_social_worker.txt", include_str!("../templates/email/outcome_social_worker.txt")),
    ("notification.txt", include_str!("../templates/email/notification.txt")),
    ("notification_moved_away.txt", include_str!("../templates/email/notification_moved_away.txt")),
    ("notification_received.txt", include_str!("../templates/email/notification_received.txt")),
    ("provider_notification_to_confirm.txt", include_str!("../templates/email/provider_notification_to_confirm.txt")),
    ("confirmation.txt", include_str!("../templates/email/confirmation.txt")),
    ("documents.txt", include_str!("../templates/email/documents.txt")),
    ("care_plan_reminder.txt", include_str!("../templates/email/care_plan_reminder.txt")),
    ("care_plan_overdue_front_door.txt", include_str!("../templates/email/care_plan_overdue_front_door.txt")),
    ("end_notice_reminder.txt", include_str!("../templates/email/end_notice_reminder.txt")),
    ("outcome_reminder_service_manager.txt", include_str!("../templates/email/outcome_reminder_service_manager.txt")),
    ("outcome_reminder_front_door.txt", include_str!("../templates/email/outcome_reminder_front_door.txt")),
    ("withdrawal.txt", include_str!("../templates/email/withdrawal.txt")),
    ("ending.txt", include_str!("../templates/email/ending.txt")),
    ("new_link.txt", include_str!("../templates/email/new_link.txt")),
    ("overdue_digest.txt", include_str!("../templates/email/overdue_digest.txt")),
];

/// Everything a template may use. Each field is always present (`none` when it does not apply), so
/// a misspelt name is an error when the templates are loaded, not a blank in an email.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Words {
    pub host_name: String,
    pub host_short: String,
    pub front_door: String,
    pub case_reference: String,
    /// The submission's own reference (the receipt).
    pub receipt: String,
    pub division: String,
    pub link: String,
    pub emergency: bool,
    pub changed: bool,
    pub late: bool,
    pub told_late: bool,
    pub care_plan: bool,
    /// "agreed" or "challenged".
    pub decision: Option<String>,
    pub reason: Option<String>,
    /// The placing authority's name.
    pub placing: Option<String>,
    pub awaiting_confirmation_by: Option<String>,
    /// A date in words.
    pub due: Option<String>,
    pub planned: Option<String>,
    /// The division the placement moved to.
    pub now_with: Option<String>,
    /// Front Door's digest: each overdue case.
    pub overdue: Vec<Overdue>,
    /// The frame's: the email's own words, rendered from its template.
    pub event: String,
    pub note: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Overdue {
    pub reference: String,
    pub due: String,
    pub link: String,
}

/// A subject and a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

#[derive(Debug)]
pub struct Templates {
    env: Environment<'static>,
    /// The built-in wording, used for an email whose edited template fails (the email still goes).
    built_in: Option<Box<Templates>>,
}

fn environment(sources: Vec<(String, String)>) -> Result<Environment<'static>, String> {
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    for (name, text) in sources {
        env.add_template_owned(name.clone(), text).map_err(|e| describe(&e))?;
    }
    Ok(env)
}

/// minijinja's error with the template's name and line, and what went wrong.
fn describe(e: &minijinja::Error) -> String {
    let place = match (e.name(), e.line()) {
        (Some(name), Some(line)) => format!("{name} line {line}: "),
        (Some(name), None) => format!("{name}: "),
        _ => String::new(),
    };
    format!("{place}{}", e.detail().unwrap_or(&e.kind().to_string()))
}

impl Templates {
    pub fn built_in() -> Self {
        let sources = BUILT_IN.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect();
        Templates { env: environment(sources).expect("the built-in templates parse (tested)"), built_in: None }
    }

    /// The built-in templates with any in `folder` in their place. A file whose name is not a
    /// template's, or a template that does not parse or render, is refused, naming the file.
    pub fn load(folder: Option<&Path>) -> Result<Self, String> {
        let Some(folder) = folder else { return Ok(Self::built_in()) };
        let mut sources: Vec<(String, String)> =
            BUILT_IN.iter().map(|(n, t)| ((*n).to_owned(), (*t).to_owned())).collect();
        let entries = std::fs::read_dir(folder).map_err(|e| format!("{}: {e}", folder.display()))?;
        for entry in entries {
            let path = entry.map_err(|e| format!("{}: {e}", folder.display()))?.path();
            let name = path.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned();
            if name.starts_with('.') || !path.is_file() {
                continue;
            }
            let Some(slot) = sources.iter_mut().find(|(n, _)| *n == name) else {
                let known: Vec<&str> = BUILT_IN.iter().map(|(n, _)| *n).collect();
                return Err(format!(
                    "{}: no email has a template of this name; the names are {}",
                    path.display(),
                    known.join(", ")
                ));
            };
            slot.1 = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        let templates = Templates {
            env: environment(sources).map_err(|e| format!("{}: {e}", folder.display()))?,
            built_in: Some(Box::new(Self::built_in())),
        };
        templates.check().map_err(|e| format!("{}: {e}", folder.display()))?;
        Ok(templates)
    }

    /// Renders every template with every flag on and off, so a mistake shows when the relay starts
    /// rather than in an email.
    pub fn check(&self) -> Result<(), String> {
        for (name, _) in BUILT_IN.iter().filter(|(n, _)| !n.starts_with('_')) {
            for words in Words::samples() {
                self.try_render(name, &words)?;
            }
        }
        Ok(())
    }

    /// The email `name` (a template's file name) with these words. Should an edited template fail
    /// here (a case its check did not meet), the built-in wording is used and the error logged.
    pub fn render(&self, name: &str, words: &Words) -> Rendered {
        match self.try_render(name, words) {
            Ok(r) => r,
            Err(error) => {
                tracing::error!(template = name, %error, "email template failed; the built-in wording was used");
                self.built_in
                    .as_ref()
                    .map_or_else(|| panic!("the built-in template {name} failed: {error}"), |b| b.render(name, words))
            }
        }
    }

    fn try_render(&self, name: &str, words: &Words) -> Result<Rendered, String> {
        let template = self.env.get_template(name).map_err(|e| describe(&e))?;
        let mut state = template
            .render_captured(minijinja::Value::from(minijinja::value::Serde(words)))
            .map_err(|e| describe(&e))?;
        let mut block = |b: &str| state.with_state_mut(|s| s.render_block(b)).map_err(|e| describe(&e));
        if name == "overdue_digest.txt" {
            return Ok(Rendered { subject: block("subject")?.trim().to_owned(), body: block("body")? });
        }
        let framed =
            Words { event: block("event")?.trim().to_owned(), note: block("note")?.trim().to_owned(), ..words.clone() };
        let frame = self.env.get_template("_frame.txt").map_err(|e| describe(&e))?;
        let mut state = frame
            .render_captured(minijinja::Value::from(minijinja::value::Serde(&framed)))
            .map_err(|e| describe(&e))?;
        let mut block = |b: &str| state.with_state_mut(|s| s.render_block(b)).map_err(|e| describe(&e));
        Ok(Rendered { subject: block("subject")?.trim().to_owned(), body: block("body")? })
    }
}

impl Words {
    /// Made-up words for checking and previewing the templates: every flag both ways.
    pub fn samples() -> Vec<Words> {
        let base = Words {
            host_name: "Kent County Council".into(),
            host_short: "Kent".into(),
            front_door: "frontdoor@kent.example".into(),
            case_reference: "OLA-AAAA-BBBB".into(),
            receipt: "OLA-CCCC-DDDD".into(),
            division: "North/West".into(),
            link: "https://ola.example/case/OLA-AAAA-BBBB#token=…".into(),
            decision: Some("agreed".into()),
            placing: Some("Leeds City Council".into()),
            due: Some("30 November 2026".into()),
            planned: Some("30 November 2026".into()),
            now_with: Some("South/East".into()),
            overdue: vec![Overdue {
                reference: "OLA-AAAA-BBBB".into(),
                due: "30 November 2026".into(),
                link: "https://ola.example/staff/cases/OLA-AAAA-BBBB".into(),
            }],
            ..Words::default()
        };
        let on = Words {
            emergency: true,
            changed: true,
            late: true,
            told_late: true,
            care_plan: true,
            decision: Some("challenged".into()),
            reason: Some("Resources not available".into()),
            awaiting_confirmation_by: Some("Leeds City Council".into()),
            ..base.clone()
        };
        vec![base, on]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_built_in_template_renders_every_case() {
        Templates::built_in().check().unwrap();
    }

    #[test]
    fn an_edited_template_replaces_the_built_in_one_and_a_mistake_is_refused_by_name() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("ending.txt"),
            "{% block event %}placement has ended{% endblock %}{% block note %}Thank you. {{ receipt }}{% endblock %}",
        )
        .unwrap();
        let edited = Templates::load(Some(dir.path())).unwrap();
        let words = &Words::samples()[0];
        let ending = edited.render("ending.txt", words);
        assert_eq!(ending.subject, "Kent OLA OLA-AAAA-BBBB: placement has ended (North/West)");
        assert!(ending.body.contains("\nThank you. OLA-CCCC-DDDD\n"), "{}", ending.body);
        assert_eq!(edited.render("withdrawal.txt", words), Templates::built_in().render("withdrawal.txt", words));

        std::fs::write(dir.path().join("ending.txt"), "{% block event %}{{ child_name }}{% endblock %}").unwrap();
        let err = Templates::load(Some(dir.path())).unwrap_err();
        assert!(err.contains("ending.txt") && err.contains("child_name"), "{err}");
        std::fs::write(dir.path().join("ending.txt"), "{% block event %}{% if %}{% endblock %}").unwrap();
        assert!(Templates::load(Some(dir.path())).unwrap_err().contains("ending.txt line 1"));
        std::fs::remove_file(dir.path().join("ending.txt")).unwrap();
        std::fs::write(dir.path().join("endings.txt"), "").unwrap();
        assert!(Templates::load(Some(dir.path())).unwrap_err().contains("no email has a template of this name"));
    }
}
