//! What every page shares: the route, today, the drafts, the outbox and the draft being filled
//! in, with what a person does to them (begin, resume, confirm a section, send). Pages read it
//! with [`shared`]; the app's root provides it.

use leptos::prelude::*;
use placement_rules::Date;
use serde_json::Value;

use crate::clock;
use crate::drafts::{self, Draft, LocalStorage};
use crate::hosts::Served;
use crate::journeys::Journey;
use crate::outbox::{Outbox, Sending};
use crate::router::{Route, Router};

/// Session storage key for the draft being filled in, so a reload carries on where it was.
const ACTIVE_KEY: &str = "ola-active-draft";

/// What every page shares.
#[derive(Debug, Clone, Copy)]
pub struct Shared {
    pub router: Router,
    pub hosts: Served,
    pub today: Date,
    pub drafts: RwSignal<Vec<Draft>>,
    pub outbox: Outbox,
    /// The draft being filled in (its answers live in `answers`).
    pub active: RwSignal<Option<Draft>>,
    pub answers: RwSignal<Value>,
    /// Set by a change link on check your answers: the page returns there.
    pub returning: RwSignal<bool>,
    /// The rules version a resumed draft was started under, when it is not this one: the journey
    /// says once what changed.
    pub started_under: RwSignal<Option<String>>,
}

pub fn shared() -> Shared {
    expect_context::<Shared>()
}

impl Shared {
    /// The rules' geography for the draft being filled in: only its case's host, for a draft
    /// about a case already made.
    pub fn geography(self) -> crate::hosts::BrowserGeography {
        let host = self.active.with(|d| d.as_ref().and_then(|d| d.host.clone()));
        self.hosts.geography(host.as_deref())
    }
}

impl Shared {
    pub(crate) fn new() -> Self {
        let today = clock::today();
        Self {
            router: Router::from_location(),
            hosts: Served::new(),
            today,
            drafts: RwSignal::new(drafts::load_all(&LocalStorage, today)),
            outbox: Outbox::new(),
            active: RwSignal::new(None),
            answers: RwSignal::new(crate::answers::empty()),
            returning: RwSignal::new(false),
            started_under: RwSignal::new(None),
        }
    }

    /// Starts a new draft of a journey, with any answers already known (from a link or a consultation).
    /// `host` is the code of the case's host, for a draft about a case already made.
    pub fn begin(
        self,
        journey: &'static Journey,
        answers: Value,
        token: Option<String>,
        origin: Option<Value>,
        host: Option<String>,
    ) {
        let mut draft = Draft::new(drafts::new_id(), journey.slug, self.today);
        draft.answers = answers;
        draft.token = token;
        draft.host = host;
        draft.confirmed = origin.is_some().then(Vec::new);
        draft.origin = origin;
        drafts::save(&LocalStorage, &draft);
        self.open(draft);
        self.router.go(Route::begin(journey));
    }

    /// A submission the relay could not accept becomes a draft again, with the same id (nothing was
    /// stored under it), so the person can change it and send it once more.
    pub fn change_refused(self, sending: &Sending) {
        let Some(journey) = Journey::by_slug(&sending.journey) else { return };
        let mut draft = Draft::new(sending.id.clone(), journey.slug, self.today);
        draft.answers = sending.answers().clone();
        draft.token = sending.token.clone();
        draft.host.clone_from(&sending.host);
        drafts::save(&LocalStorage, &draft);
        self.outbox.forget(sending.id.clone());
        self.drafts.set(drafts::load_all(&LocalStorage, self.today));
        self.open(draft);
        self.router.go(Route::Check(journey));
    }

    pub fn resume(self, id: &str) {
        let Some(mut draft) = self.drafts.get_untracked().into_iter().find(|d| d.id == id) else { return };
        let Some(journey) = Journey::by_slug(&draft.journey) else { return };
        if draft.made_under_other_rules() {
            self.started_under.set(Some(draft.rules_version.clone()));
            draft.rules_version = placement_rules::RULES_VERSION.to_owned();
        }
        self.open(draft);
        self.router.go(Route::begin(journey));
    }

    fn open(self, draft: Draft) {
        if let Ok(Some(s)) = window().session_storage() {
            let _ = s.set_item(ACTIVE_KEY, &draft.id);
        }
        self.answers.set(draft.answers.clone());
        self.active.set(Some(draft));
        // The served hosts' postcode table is fetched once someone has started, never with the first page.
        self.hosts.load();
    }

    /// After a reload on a journey page: the draft this tab was filling in, if it is still a draft.
    pub(crate) fn reopen(self) {
        let id = window().session_storage().ok().flatten().and_then(|s| s.get_item(ACTIVE_KEY).ok().flatten());
        if let Some(draft) = id.and_then(|id| self.drafts.get_untracked().into_iter().find(|d| d.id == id)) {
            self.open(draft);
        }
    }

    /// The person has been through a section of a pre-filled draft and confirmed its answers.
    pub fn confirm_section(self, section: &str) {
        let Some(mut draft) = self.active.get_untracked() else { return };
        let Some(confirmed) = draft.confirmed.as_mut() else { return };
        if confirmed.iter().any(|s| s == section) {
            return;
        }
        confirmed.push(section.to_owned());
        draft.answers = self.answers.get_untracked();
        drafts::save(&LocalStorage, &draft);
        self.active.set(Some(draft));
    }

    pub fn delete_draft(self, id: &str) {
        if let Some(d) = self.drafts.get_untracked().into_iter().find(|d| d.id == id) {
            drafts::delete(&LocalStorage, &d);
        }
        self.drafts.set(drafts::load_all(&LocalStorage, self.today));
    }

    /// Sends the active draft: first onto the device's outbox, then to the relay. The draft is gone
    /// once it is in the outbox, which keeps it until it is sent.
    pub fn send(self, journey: &'static Journey) {
        let Some(mut draft) = self.active.get_untracked() else { return };
        draft.answers = self.answers.get_untracked();
        let mut sending = Sending::new(
            journey,
            draft.id.clone(),
            draft.title(),
            draft.answers.clone(),
            draft.token.clone(),
            &self.today.to_string(),
        );
        sending.host.clone_from(&draft.host);
        self.outbox.submit(sending);
        drafts::delete(&LocalStorage, &draft);
        self.active.set(None);
        self.drafts.set(drafts::load_all(&LocalStorage, self.today));
        self.router.replace(Route::Sent(draft.id));
    }
}
