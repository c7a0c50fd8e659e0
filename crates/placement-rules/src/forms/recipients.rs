//! Who else the placing authority has told of the placement (reg 13(2)), recorded on the
//! notification so the host can see it: for each statutory recipient, when they were told, or why
//! not (domain brief §8.1).
//!
//! Reg 13(2) names (a) the child, unless not appropriate for their age and understanding; (b) the
//! parents; (c) anyone allowed contact under s34; (d) anyone with contact under a s8 order; (e)
//! whoever cared for the child immediately before; (f) the ICB where the child lives and, if
//! different, where placed; (g) the child's GP and the GP they will register with; (h) the school,
//! college or education provider; (i) the IRO. Reg 13(3): (b) to (e) may be withheld where telling
//! them would put the child at risk of significant harm, and the reason is recorded.

use serde::{Deserialize, Serialize};
use validator::Validate;

use super::{Checks, Question, q};
use crate::finding::Kind;

/// One recipient's answer.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Told {
    pub answer: Option<TellAnswer>,
    /// `YYYY-MM-DD`, when told.
    pub on: String,
    /// Why not told: required when not told.
    #[validate(length(max = 2000, message = "Your answer must be 2000 characters or fewer"))]
    pub why_not: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TellAnswer {
    Told,
    NotTold,
    /// There is no such person or body for this child (no one with s34 contact, no school).
    NoOne,
}

#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize, Validate)]
#[serde(default, deny_unknown_fields)]
pub struct Recipients {
    #[validate(nested)]
    pub child: Told,
    #[validate(nested)]
    pub parents: Told,
    #[validate(nested)]
    pub s34_contact: Told,
    #[validate(nested)]
    pub s8_contact: Told,
    #[validate(nested)]
    pub previous_carer: Told,
    #[validate(nested)]
    pub icb_home: Told,
    #[validate(nested)]
    pub icb_placed: Told,
    #[validate(nested)]
    pub gp: Told,
    #[validate(nested)]
    pub new_gp: Told,
    #[validate(nested)]
    pub education: Told,
    #[validate(nested)]
    pub iro: Told,
}

/// A statutory recipient: who they are, where the law names them, and what each answer means for
/// them. Kept once, for the form's questions, its checks and the app's choices.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Recipient {
    pub key: &'static str,
    /// Who, as the question asks: "The child's parents".
    pub who: &'static str,
    pub regulation: &'static str,
    /// The answer's choices, as `(wire id, label)`; `no-one` only where it can be true.
    pub choices: &'static [(&'static str, &'static str)],
}

const TOLD: (&str, &str) = ("told", "Told");
const WITHHELD: (&str, &str) =
    ("not-told", "Not told: telling them would put the child at risk of significant harm (regulation 13(3))");
const NOT_YET: (&str, &str) = ("not-told", "Not told yet");

/// Every statutory recipient, in the order of reg 13(2).
pub const RECIPIENTS: [Recipient; 11] = [
    Recipient {
        key: "child",
        who: "The child",
        regulation: "13(2)(a)",
        choices: &[TOLD, ("not-told", "Not told: it is not appropriate for the child's age and understanding")],
    },
    Recipient {
        key: "parents",
        who: "The child's parents",
        regulation: "13(2)(b)",
        choices: &[TOLD, WITHHELD, ("no-one", "There is no parent to tell")],
    },
    Recipient {
        key: "s34_contact",
        who: "Anyone allowed contact with the child under section 34 of the Children Act 1989",
        regulation: "13(2)(c)",
        choices: &[TOLD, WITHHELD, ("no-one", "No one has contact under section 34")],
    },
    Recipient {
        key: "s8_contact",
        who: "Anyone with contact under a section 8 order",
        regulation: "13(2)(d)",
        choices: &[TOLD, WITHHELD, ("no-one", "No one has contact under a section 8 order")],
    },
    Recipient {
        key: "previous_carer",
        who: "Whoever cared for the child immediately before this placement",
        regulation: "13(2)(e)",
        choices: &[TOLD, WITHHELD, ("no-one", "There is no previous carer to tell")],
    },
    Recipient {
        key: "icb_home",
        who: "The integrated care board for where the child lives",
        regulation: "13(2)(f)",
        choices: &[TOLD, NOT_YET],
    },
    Recipient {
        key: "icb_placed",
        who: "The integrated care board for where the child is placed",
        regulation: "13(2)(f)",
        choices: &[TOLD, NOT_YET, ("no-one", "It is the same integrated care board as where the child lives")],
    },
    Recipient {
        key: "gp",
        who: "The child's GP",
        regulation: "13(2)(g)",
        choices: &[TOLD, NOT_YET, ("no-one", "The child has no GP")],
    },
    Recipient {
        key: "new_gp",
        who: "The GP the child will register with",
        regulation: "13(2)(g)",
        choices: &[TOLD, NOT_YET, ("no-one", "The child keeps the same GP")],
    },
    Recipient {
        key: "education",
        who: "The child's school, college or education provider",
        regulation: "13(2)(h)",
        choices: &[TOLD, NOT_YET, ("no-one", "The child is not in education")],
    },
    Recipient {
        key: "iro",
        who: "The child's independent reviewing officer",
        regulation: "13(2)(i)",
        choices: &[TOLD, NOT_YET],
    },
];

impl Recipients {
    fn each(&self) -> [(&'static Recipient, &Told); 11] {
        let [a, b, c, d, e, f, g, h, i, j, k] = &RECIPIENTS;
        [
            (a, &self.child),
            (b, &self.parents),
            (c, &self.s34_contact),
            (d, &self.s8_contact),
            (e, &self.previous_carer),
            (f, &self.icb_home),
            (g, &self.icb_placed),
            (h, &self.gp),
            (i, &self.new_gp),
            (j, &self.education),
            (k, &self.iro),
        ]
    }

    /// Who has been told, who not and why, for a one-line summary: "8 of 11 told".
    pub fn told_count(&self) -> usize {
        self.each().iter().filter(|(_, t)| t.answer == Some(TellAnswer::Told)).count()
    }
}

/// A recipient's three questions, with paths and labels built when the crate is compiled. The
/// labels are the pages' own questions, worded so that the social worker checking their answers
/// and the host reading them read the same words ("Has the child's GP been told?").
macro_rules! asked {
    ($key:literal, $section:expr, $who:literal, $has:literal) => {
        [
            q(concat!("recipients.", $key, ".answer"), $section, concat!($has, " ", $who, " been told?")),
            q(concat!("recipients.", $key, ".on"), $section, concat!("Date told: ", $who)),
            q(concat!("recipients.", $key, ".why_not"), $section, concat!("Why not told: ", $who)),
        ]
    };
}

/// The recipients' questions, in page order.
pub(crate) const fn questions(section: &'static str) -> [[Question; 3]; 11] {
    [
        asked!("child", section, "the child", "Has"),
        asked!("parents", section, "the child's parents", "Have"),
        asked!("s34_contact", section, "anyone allowed contact under section 34 of the Children Act 1989", "Has"),
        asked!("s8_contact", section, "anyone with contact under a section 8 order", "Has"),
        asked!("previous_carer", section, "whoever cared for the child just before this placement", "Has"),
        asked!("icb_home", section, "the integrated care board where the child lives", "Has"),
        asked!("icb_placed", section, "the integrated care board where the child is placed", "Has"),
        asked!("gp", section, "the child's GP", "Has"),
        asked!("new_gp", section, "the GP the child will register with", "Has"),
        asked!("education", section, "the child's school, college or education provider", "Has"),
        asked!("iro", section, "the child's independent reviewing officer", "Has"),
    ]
}

/// Reg 13(2) and (3): every recipient answered; told on a real date, not in the future; not told
/// with the reason, which for (b) to (e) is the risk of significant harm (reg 13(3)).
pub(crate) fn check(recipients: &Recipients, c: &mut Checks<'_, '_>) {
    for (recipient, told) in recipients.each() {
        let path = |part: &str| format!("recipients.{}.{part}", recipient.key);
        let lower = lower_first(recipient.who);
        match told.answer {
            None => c.error(&path("answer"), Kind::Required, format!("Select whether you have told {lower}")),
            Some(TellAnswer::Told) => {
                let on =
                    c.required_date(&path("on"), &told.on, "Date told", &format!("Enter the date you told {lower}"));
                c.not_future(&path("on"), on, "Date told");
            }
            Some(TellAnswer::NotTold) => {
                c.required_text(&path("why_not"), &told.why_not, &format!("Explain why you have not told {lower}"));
            }
            Some(TellAnswer::NoOne) => {
                if !recipient.choices.iter().any(|(id, _)| *id == "no-one") {
                    c.error(&path("answer"), Kind::NotAllowed, format!("Select whether you have told {lower}"));
                }
            }
        }
    }
}

fn lower_first(who: &str) -> String {
    let mut chars = who.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_recipient_is_a_field_and_a_question_in_regulation_order() {
        let keys: Vec<&str> = RECIPIENTS.iter().map(|r| r.key).collect();
        let asked: Vec<String> = questions("s").iter().map(|three| three[0].path.to_owned()).collect();
        assert_eq!(asked, keys.iter().map(|k| format!("recipients.{k}.answer")).collect::<Vec<_>>());
        let json = serde_json::to_value(Recipients::default()).unwrap();
        for k in keys {
            assert!(json.get(k).is_some(), "{k} is a field of Recipients");
        }
        let regs: Vec<&str> = RECIPIENTS.iter().map(|r| r.regulation).collect();
        assert!(regs.windows(2).all(|w| w[0] <= w[1]), "{regs:?}");
    }

    #[test]
    fn only_b_to_e_may_be_withheld_for_risk_of_harm() {
        for r in RECIPIENTS {
            let withheld = r.choices.contains(&WITHHELD);
            assert_eq!(
                withheld,
                ["parents", "s34_contact", "s8_contact", "previous_carer"].contains(&r.key),
                "{}",
                r.key
            );
            assert_eq!(r.choices[0], TOLD);
        }
    }
}
