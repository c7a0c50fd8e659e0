//! A case's life, as the regulations order it: the placing authority consults the host (reg 11),
//! the host records its view, the placing authority notifies the host before the placement starts
//! (reg 13), or withdraws when the child will not be placed there, and tells the host when the
//! placement ends (reg 14). The relay enforces this inside
//! the transaction that changes a case; the app offers only what the state allows.

use serde::{Deserialize, Serialize};

/// Where a case stands. Stored and sent by its kebab-case id; people read [`CaseStatus::label`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CaseStatus {
    /// Consulted (reg 11(2)(d)); the host's outcome is owed.
    AwaitingOutcome,
    /// The host agreed the placement's suitability.
    Agreed,
    /// The host challenged it, with a reason. A challenge is not a veto: the placement may go ahead.
    Challenged,
    /// The placing authority notified the host (reg 13(4)): the child is placed, or will be.
    Notified,
    /// A provider notified the host for the placing authority, which has yet to confirm it
    /// (domain brief §8.10): the child is placed, but the placing authority's duty is not yet met.
    AwaitingConfirmation,
    /// The placing authority withdrew the consultation: the child is not placed in the host's area.
    Withdrawn,
    /// The placing authority told the host the placement ends (reg 14): the case is closed.
    Ended,
}

/// What a submission does to an existing case.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum CaseAction {
    RecordOutcome,
    Notify,
    Withdraw,
    End,
    Confirm,
    /// Documents after the notification: a care plan that followed (reg 4(2)), a placement plan.
    SendDocuments,
}

impl CaseStatus {
    pub const ALL: [CaseStatus; 7] = [
        Self::AwaitingOutcome,
        Self::Agreed,
        Self::Challenged,
        Self::Notified,
        Self::AwaitingConfirmation,
        Self::Withdrawn,
        Self::Ended,
    ];

    /// The stored id (the same as serde's).
    pub fn id(self) -> &'static str {
        match self {
            Self::AwaitingOutcome => "awaiting-outcome",
            Self::Agreed => "agreed",
            Self::Challenged => "challenged",
            Self::Notified => "notified",
            Self::AwaitingConfirmation => "awaiting-confirmation",
            Self::Withdrawn => "withdrawn",
            Self::Ended => "ended",
        }
    }

    pub fn from_id(id: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.id() == id)
    }

    /// As a person reads it, on a GOV.UK tag.
    pub fn label(self) -> &'static str {
        match self {
            Self::AwaitingOutcome => "Awaiting outcome",
            Self::Agreed => "Agreed",
            Self::Challenged => "Challenged",
            Self::Notified => "Placement notified",
            Self::AwaitingConfirmation => "Awaiting confirmation",
            Self::Withdrawn => "Withdrawn: not placed",
            Self::Ended => "Placement ended",
        }
    }

    /// The GOV.UK tag colour's modifier.
    pub fn tag_colour(self) -> &'static str {
        match self {
            Self::AwaitingOutcome => "govuk-tag--blue",
            Self::Agreed => "govuk-tag--green",
            Self::Challenged => "govuk-tag--orange",
            Self::Notified => "govuk-tag--purple",
            Self::AwaitingConfirmation => "govuk-tag--yellow",
            Self::Withdrawn | Self::Ended => "govuk-tag--grey",
        }
    }

    /// Whether the case still waits for something from the host.
    pub fn outcome_owed(self) -> bool {
        self == Self::AwaitingOutcome
    }

    /// Whether `action` may happen now, or the sentence that says why not.
    ///
    /// - An outcome is recorded once, while it is owed (reg 11(2)(d): the host is consulted once per
    ///   proposed placement; a second view would contradict the first in the record).
    /// - A notification may follow any consultation that was not withdrawn, whatever the outcome:
    ///   the host cannot veto (domain brief §1), and a notification after one is a change (reg 13(4)).
    /// - A withdrawal ends a consultation whose child was never placed; once the placement was
    ///   notified, the child is placed, and its end is an ending (reg 14), not a withdrawal.
    /// - An ending follows a notification: before it, the child was never placed in the host's area.
    ///   An ended case takes nothing more: a new placement is a new notification (domain brief §8.3).
    pub fn allows(self, action: CaseAction) -> Result<(), &'static str> {
        use CaseAction::*;
        use CaseStatus::*;
        match (self, action) {
            (AwaitingOutcome, RecordOutcome) => Ok(()),
            (Agreed | Challenged, RecordOutcome) => Err("An outcome has already been recorded for this consultation."),
            (Notified, RecordOutcome) => {
                Err("The placement has already been notified, so the consultation's outcome can no longer be recorded.")
            }
            (AwaitingOutcome | Agreed | Challenged | Notified, Notify) => Ok(()),
            (AwaitingOutcome | Agreed | Challenged, Withdraw) => Ok(()),
            (Notified, Withdraw) => Err(
                "The placement has been notified, so it cannot be withdrawn. Tell the host when the placement ends instead.",
            ),
            (AwaitingOutcome | Agreed | Challenged, End) => Err(
                "The placement has not been notified, so it has not started. Withdraw the consultation if the child will not be placed.",
            ),
            (Notified, End) => Ok(()),
            // A provider's notice: the placing authority confirms it, or sends its own notification
            // (which supersedes it), or says the placement has ended.
            (AwaitingConfirmation, Confirm | Notify | End) => Ok(()),
            (AwaitingConfirmation, RecordOutcome) => {
                Err("The placement has already been notified, so the consultation's outcome can no longer be recorded.")
            }
            (AwaitingConfirmation, Withdraw) => Err(
                "The placement has been notified, so it cannot be withdrawn. Tell the host when the placement ends instead.",
            ),
            (AwaitingOutcome | Agreed | Challenged | Notified, Confirm) => {
                Err("There is no provider's notification waiting to be confirmed on this case.")
            }
            (Notified | AwaitingConfirmation, SendDocuments) => Ok(()),
            (AwaitingOutcome | Agreed | Challenged, SendDocuments) => {
                Err("The placement has not been notified yet. Send its documents with the notification.")
            }
            (Withdrawn, _) => Err("This consultation was withdrawn: the case is closed and takes no more submissions."),
            (Ended, _) => Err(
                "This placement has ended: the case is closed. Tell the host of a new placement with a new notification.",
            ),
        }
    }

    /// The states from which `action` is allowed: what the relay's guarded update accepts.
    pub fn allowing(action: CaseAction) -> impl Iterator<Item = CaseStatus> {
        Self::ALL.into_iter().filter(move |s| s.allows(action).is_ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use CaseAction::*;
    use CaseStatus::*;

    #[test]
    fn every_state_and_action_has_one_answer() {
        // (state, action, allowed): the whole table, so a change to the life is a change here.
        let table = [
            (AwaitingOutcome, RecordOutcome, true),
            (AwaitingOutcome, Notify, true),
            (AwaitingOutcome, Withdraw, true),
            (Agreed, RecordOutcome, false),
            (Agreed, Notify, true),
            (Agreed, Withdraw, true),
            (Challenged, RecordOutcome, false),
            (Challenged, Notify, true),
            (Challenged, Withdraw, true),
            (Notified, RecordOutcome, false),
            (Notified, Notify, true),
            (Notified, Withdraw, false),
            (Withdrawn, RecordOutcome, false),
            (Withdrawn, Notify, false),
            (Withdrawn, Withdraw, false),
            (AwaitingOutcome, End, false),
            (Agreed, End, false),
            (Challenged, End, false),
            (Notified, End, true),
            (Withdrawn, End, false),
            (Ended, RecordOutcome, false),
            (Ended, Notify, false),
            (Ended, Withdraw, false),
            (Ended, End, false),
            (AwaitingConfirmation, RecordOutcome, false),
            (AwaitingConfirmation, Notify, true),
            (AwaitingConfirmation, Withdraw, false),
            (AwaitingConfirmation, End, true),
            (AwaitingConfirmation, Confirm, true),
            (AwaitingOutcome, Confirm, false),
            (Agreed, Confirm, false),
            (Challenged, Confirm, false),
            (Notified, Confirm, false),
            (Withdrawn, Confirm, false),
            (Ended, Confirm, false),
            (AwaitingOutcome, SendDocuments, false),
            (Agreed, SendDocuments, false),
            (Challenged, SendDocuments, false),
            (Notified, SendDocuments, true),
            (AwaitingConfirmation, SendDocuments, true),
            (Withdrawn, SendDocuments, false),
            (Ended, SendDocuments, false),
        ];
        assert_eq!(table.len(), CaseStatus::ALL.len() * 6);
        for (state, action, allowed) in table {
            let answer = state.allows(action);
            assert_eq!(answer.is_ok(), allowed, "{state:?} {action:?}");
            if let Err(why) = answer {
                assert!(why.ends_with('.') && !why.contains('_'), "{why}");
            }
        }
    }

    #[test]
    fn ids_are_serdes_and_round_trip() {
        for s in CaseStatus::ALL {
            assert_eq!(serde_json::to_value(s).unwrap(), serde_json::Value::String(s.id().into()));
            assert_eq!(CaseStatus::from_id(s.id()), Some(s));
            assert!(!s.label().contains('-'));
        }
        assert_eq!(CaseStatus::allowing(Withdraw).collect::<Vec<_>>(), [AwaitingOutcome, Agreed, Challenged]);
    }
}
