//! Drafts on this device: every change to any form is saved at once, so a closed tab, a lost
//! connection or a timeout never loses an answer. A draft is the social worker's own: it
//! stays on their device, they can delete it, and it expires 30 days after its last change. Its id,
//! made here, becomes the submission's id, so sending twice can never make two submissions.

use placement_rules::Date;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::answers;

/// Days after its last change that a draft is deleted.
pub const EXPIRY_DAYS: i64 = 30;
const KEY_PREFIX: &str = "ola-draft-";

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Draft {
    /// Made on this device; also the submission's id.
    pub id: String,
    /// The rules version the draft was last checked against.
    pub rules_version: String,
    pub created: Date,
    pub updated: Date,
    /// Which journey: `request`, `notification`, `withdrawal`, `record-outcome`.
    pub journey: String,
    pub answers: Value,
    /// The link's token, when the draft answers a link (an outcome, a withdrawal).
    #[serde(default)]
    pub token: Option<String>,
    /// The code of the case's host, when the draft is about a case already made: its checks and
    /// choices are that host's.
    #[serde(default)]
    pub host: Option<String>,
    /// What the draft started from (a notification's consultation), to show what has changed.
    #[serde(default)]
    pub origin: Option<Value>,
    /// For a draft filled in ahead from something else (a notification from its consultation): the
    /// sections the person has been through and confirmed. Until then a section is "Not yet
    /// started", however complete its answers look. `None` for a draft begun empty.
    #[serde(default)]
    pub confirmed: Option<Vec<String>>,
}

impl Draft {
    pub fn new(id: String, journey: &str, today: Date) -> Self {
        Self {
            id,
            rules_version: placement_rules::RULES_VERSION.to_owned(),
            created: today,
            updated: today,
            journey: journey.to_owned(),
            answers: answers::empty(),
            token: None,
            host: None,
            origin: None,
            confirmed: None,
        }
    }

    /// Made under an older (or newer) version of the rules than this app's.
    pub fn made_under_other_rules(&self) -> bool {
        self.rules_version != placement_rules::RULES_VERSION
    }

    pub fn is_expired(&self, today: Date) -> bool {
        self.updated.days_until(today) > EXPIRY_DAYS
    }

    /// The last day it will be kept.
    pub fn expires_after(&self) -> Date {
        let mut d = self.updated;
        for _ in 0..EXPIRY_DAYS {
            d = d.next_day().unwrap_or(d);
        }
        d
    }

    /// A name the social worker recognises, without showing the child's name on a shared screen.
    pub fn title(&self) -> String {
        let case = answers::text(&self.answers, "child.case_id");
        let reference = answers::text(&self.answers, "consultation_reference");
        match (case.trim(), reference.trim()) {
            ("", "") => format!("Draft started {}", self.created.long()),
            ("", r) => format!("Consultation {r}"),
            (c, _) => format!("Case {c}"),
        }
    }

    fn key(&self) -> String {
        format!("{KEY_PREFIX}{}", self.id)
    }
}

/// Where drafts are kept. The browser's is localStorage; tests use a map.
pub trait DraftStore {
    fn keys(&self) -> Vec<String>;
    fn get(&self, key: &str) -> Option<String>;
    fn set(&self, key: &str, value: &str);
    fn remove(&self, key: &str);
}

/// Every unexpired draft, newest first; expired ones, and any that can no longer be read, are
/// deleted as they are found.
pub fn load_all(store: &impl DraftStore, today: Date) -> Vec<Draft> {
    let mut drafts = Vec::new();
    for key in store.keys().into_iter().filter(|k| k.starts_with(KEY_PREFIX)) {
        match store.get(&key).and_then(|text| serde_json::from_str::<Draft>(&text).ok()) {
            Some(d) if !d.is_expired(today) => drafts.push(d),
            _ => store.remove(&key),
        }
    }
    drafts.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    drafts
}

pub fn save(store: &impl DraftStore, draft: &Draft) {
    if let Ok(text) = serde_json::to_string(draft) {
        store.set(&draft.key(), &text);
    }
}

pub fn delete(store: &impl DraftStore, draft: &Draft) {
    store.remove(&draft.key());
}

/// The browser's localStorage.
#[derive(Debug, Clone, Copy, Default)]
pub struct LocalStorage;

#[cfg(target_arch = "wasm32")]
impl DraftStore for LocalStorage {
    fn keys(&self) -> Vec<String> {
        let Some(s) = storage() else { return Vec::new() };
        let n = s.length().unwrap_or(0);
        (0..n).filter_map(|i| s.key(i).ok().flatten()).collect()
    }
    fn get(&self, key: &str) -> Option<String> {
        storage()?.get_item(key).ok().flatten()
    }
    fn set(&self, key: &str, value: &str) {
        if let Some(s) = storage() {
            let _ = s.set_item(key, value);
        }
    }
    fn remove(&self, key: &str) {
        if let Some(s) = storage() {
            let _ = s.remove_item(key);
        }
    }
}

#[cfg(target_arch = "wasm32")]
fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// Native builds (unit tests) have no browser storage.
#[cfg(not(target_arch = "wasm32"))]
impl DraftStore for LocalStorage {
    fn keys(&self) -> Vec<String> {
        Vec::new()
    }
    fn get(&self, _: &str) -> Option<String> {
        None
    }
    fn set(&self, _: &str, _: &str) {}
    fn remove(&self, _: &str) {}
}

/// A new id for a draft and its submission (a random UUID from the browser's crypto).
pub fn new_id() -> String {
    #[cfg(target_arch = "wasm32")]
    if let Some(c) = web_sys::window().and_then(|w| w.crypto().ok()) {
        return c.random_uuid();
    }
    format!("draft-{:016x}", js_sys::Date::now().to_bits())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::collections::BTreeMap;

    #[derive(Default)]
    struct Map(RefCell<BTreeMap<String, String>>);

    impl DraftStore for Map {
        fn keys(&self) -> Vec<String> {
            self.0.borrow().keys().cloned().collect()
        }
        fn get(&self, key: &str) -> Option<String> {
            self.0.borrow().get(key).cloned()
        }
        fn set(&self, key: &str, value: &str) {
            self.0.borrow_mut().insert(key.into(), value.into());
        }
        fn remove(&self, key: &str) {
            self.0.borrow_mut().remove(key);
        }
    }

    fn d(y: i32, m: u8, day: u8) -> Date {
        Date::from_ymd(y, m, day).unwrap()
    }

    #[test]
    fn drafts_round_trip_newest_first_and_expire_after_thirty_days() {
        let store = Map::default();
        let mut old = Draft::new("0190f3a2-0000-7000-8000-000000000001".into(), "request", d(2026, 10, 22));
        answers::set_text(&mut old.answers, "child.case_id", "LCC-1".into());
        let mut recent = Draft::new("0190f3a2-0000-7000-8000-000000000002".into(), "request", d(2026, 11, 20));
        // Half-typed answers are kept as typed.
        answers::set_text(&mut recent.answers, "child.date_of_birth", "2012--3".into());
        save(&store, &old);
        save(&store, &recent);
        store.set("someone-elses-key", "x");
        assert_eq!(load_all(&store, d(2026, 11, 20)).len(), 2, "both within 30 days on 20 November");
        let loaded = load_all(&store, d(2026, 11, 23));
        assert_eq!(loaded, vec![recent.clone()], "the 22 October draft expired and was deleted");
        assert_eq!(store.keys().len(), 2, "the expired draft is gone; other keys are left alone");
        assert_eq!(answers::text(&loaded[0].answers, "child.date_of_birth"), "2012--3");
        assert!(!old.is_expired(d(2026, 11, 21)), "kept through its 30th day");
        assert!(old.is_expired(d(2026, 11, 22)));
        assert_eq!(old.expires_after(), d(2026, 11, 21));
        assert_eq!(old.title(), "Case LCC-1");
        assert_eq!(recent.title(), "Draft started 20 November 2026");
        delete(&store, &recent);
        assert!(load_all(&store, d(2026, 11, 23)).is_empty());
    }

    #[test]
    fn a_damaged_draft_is_removed_not_a_crash() {
        let store = Map::default();
        store.set("ola-draft-x", "{not json");
        assert!(load_all(&store, d(2026, 11, 23)).is_empty());
        assert!(store.keys().is_empty());
    }
}
