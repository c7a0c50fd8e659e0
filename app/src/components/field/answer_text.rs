//! What a question's answer reads as: the choices it offers (from the rules crate) and how the
//! answer is written back on check your answers and on the receipt.

use placement_rules::Register;
use placement_rules::forms::common::PlacementType;
use placement_rules::forms::consultation_outcome::ChallengeReason;
use placement_rules::forms::consultation_request::{ETHNICITIES, LegalStatus};
use placement_rules::forms::placement_ending::{EndingReason, WhereNext};
use placement_rules::forms::withdrawal::WithdrawalReason;
use serde_json::Value;

use crate::answers;
use crate::journeys::{Choice, Control, Field, Options};

/// The wire name serde gives one of the rules' choices.
fn wire<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value).ok().and_then(|v| v.as_str().map(str::to_owned)).unwrap_or_default()
}

/// A long list's choices, read from the rules crate.
pub fn options(which: Options) -> Vec<(String, String)> {
    let pair = |v: String, l: &str| (v, l.to_owned());
    match which {
        Options::Authorities => {
            let mut all: Vec<_> = Register::builtin().all().iter().map(|a| (a.gss.clone(), a.name.clone())).collect();
            all.sort_by(|a, b| a.1.cmp(&b.1));
            all
        }
        Options::Ethnicities => ETHNICITIES.iter().map(|(c, l)| pair((*c).to_owned(), l)).collect(),
        Options::LegalStatuses => LegalStatus::ALL.iter().map(|s| pair(wire(s), s.label())).collect(),
        Options::PlacementTypes => PlacementType::ALL.iter().map(|t| pair(wire(t), t.label())).collect(),
        Options::ChallengeReasons => ChallengeReason::ALL.iter().map(|r| pair(wire(r), r.label())).collect(),
        Options::WithdrawalReasons => WithdrawalReason::ALL.iter().map(|r| pair(wire(r), r.label())).collect(),
        Options::EndingReasons => EndingReason::ALL.iter().map(|r| pair(wire(r), r.label())).collect(),
        Options::WhereNext => WhereNext::ALL.iter().map(|w| pair(wire(w), w.label())).collect(),
        Options::Divisions => divisions(),
    }
}

/// The divisions of the draft's case's host, from the hosts the relay named: none for a host with
/// one team, and none before the hosts have arrived.
fn divisions() -> Vec<(String, String)> {
    let Some(s) = leptos::prelude::use_context::<crate::shared::Shared>() else { return Vec::new() };
    divisions_of(s.geography().hosts())
}

/// Each division as a choice; with more than one host, each says whose it is.
fn divisions_of(hosts: &[placement_rules::host::HostConfig]) -> Vec<(String, String)> {
    hosts
        .iter()
        .flat_map(|h| {
            h.divisions.iter().map(move |d| {
                let name = if hosts.len() > 1 { format!("{} ({})", d.name, h.short_name) } else { d.name.clone() };
                (d.id.clone(), name)
            })
        })
        .collect()
}

pub(super) fn fixed(choices: &[Choice]) -> Vec<(String, String)> {
    choices.iter().map(|(v, l)| ((*v).to_owned(), (*l).to_owned())).collect()
}

/// How an answer reads on check your answers and on the receipt.
pub fn display(field: &Field, answers: &Value) -> String {
    let text = answers::text(answers, field.path);
    let label_of = |list: Vec<(String, String)>| list.into_iter().find(|(v, _)| *v == text).map(|(_, l)| l);
    let shown = match field.control {
        Control::Radios(c) | Control::InlineRadios(c) => label_of(fixed(c)),
        Control::RadiosFrom(o) | Control::Select(o) => label_of(options(o)),
        Control::Date => placement_rules::date::parse_answer(&text, field.path, "").ok().flatten().map(|d| d.long()),
        Control::Checkboxes(c) => Some(
            c.iter()
                .filter(|(v, _)| answers::is_true(answers, &format!("{}.{v}", field.path)))
                .map(|(_, l)| *l)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Control::Documents => Some(
            crate::components::documents::documents_in(answers::get(answers, field.path))
                .into_iter()
                .map(|d| d.file_name)
                .collect::<Vec<_>>()
                .join(", "),
        ),
        Control::Text { .. } | Control::TextArea | Control::Fixed => None,
    };
    let shown = shown.unwrap_or(text);
    if shown.trim().is_empty() { "Not given".to_owned() } else { shown }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journeys::consultation;

    #[test]
    fn answers_read_back_as_the_person_chose_them() {
        let mut a = answers::empty();
        answers::set_text(&mut a, "placement.placement_type", "childrens-home".into());
        answers::set_text(&mut a, "child.date_of_birth", "2012-3-27".into());
        // Any authority in the register reads as its name, never its code.
        let authority = &Register::builtin().all()[0];
        answers::set_text(&mut a, "placing_authority", authority.gss.clone());
        let field = |path| consultation::JOURNEY.pages.iter().flat_map(|p| p.fields).find(|f| f.path == path).unwrap();
        assert_eq!(display(field("placement.placement_type"), &a), "Children's home");
        assert_eq!(display(field("child.date_of_birth"), &a), "27 March 2012");
        assert_eq!(display(field("placing_authority"), &a), authority.name);
        assert_eq!(display(field("child.first_name"), &a), "Not given");
    }

    #[test]
    fn choices_from_the_rules_use_their_wire_names() {
        assert!(options(Options::PlacementTypes).contains(&("childrens-home".into(), "Children's home".into())));
        assert!(options(Options::LegalStatuses).iter().any(|(v, _)| v == "C2"));
        assert!(options(Options::Divisions).is_empty(), "divisions come from the relay's hosts, never compiled in");
    }

    #[test]
    fn divisions_are_the_hosts_and_say_whose_when_there_are_several() {
        use placement_rules::host::{Division, HostConfig};
        // Fictional councils: the app's code names no real one.
        let host = |code: &str, name: &str, divisions: &[(&str, &str)]| HostConfig {
            authority: code.into(),
            name: format!("{name} Council"),
            short_name: name.into(),
            divisions: divisions.iter().map(|(id, n)| Division { id: (*id).into(), name: (*n).into() }).collect(),
            districts: Vec::new(),
            accepts_provider_notices: false,
        };
        let southshire = host("E10000902", "Southshire", &[("north", "North"), ("south", "South")]);
        let riverton = host("E06000903", "Riverton", &[]);
        assert_eq!(
            divisions_of(std::slice::from_ref(&southshire)),
            [("north".into(), "North".into()), ("south".into(), "South".into())]
        );
        assert_eq!(
            divisions_of(std::slice::from_ref(&riverton)),
            Vec::<(String, String)>::new(),
            "one team, no divisions"
        );
        assert_eq!(divisions_of(&[southshire, riverton])[1], ("south".into(), "South (Southshire)".into()));
    }
}
