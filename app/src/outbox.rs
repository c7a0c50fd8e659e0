//! Submissions on their way to the host council. Sending first writes the submission to the device's outbox
//! (IndexedDB), with the id the draft was given, and only then tries the network; whatever cannot be
//! sent now waits and is sent when the network returns. The relay answers the same id with the same
//! reference, so a retry, a double click or Back-and-send-again never makes a second submission.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use contract::RefusalSaid;
use placement_rules::Date;

use crate::journeys::Journey;

/// Where a submission is, as the person is told it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "kebab-case")]
pub enum SendState {
    /// On this device, waiting for the network.
    Waiting,
    /// The host has it: the relay's receipt (reference, date received, rules version, warnings),
    /// kept as it came. The list of sent submissions, in the first download, reads only its case
    /// reference ([`contract::ReceiptReference`]); the confirmation page reads it whole
    /// ([`Sending::receipt`]). To read it whole here would cost the first download kilobytes.
    Sent { receipt: Value },
    /// The relay could not accept it; the messages say what to do.
    Refused { messages: Vec<String> },
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Sending {
    /// The draft's id, which is the submission's id on the wire.
    pub id: String,
    pub journey: String,
    /// Where it is sent, so the service worker can send it without the app.
    #[serde(default)]
    pub endpoint: String,
    /// A name without the child's details, for a shared screen.
    pub title: String,
    /// The envelope exactly as sent: the receipt prints from it.
    pub envelope: Value,
    /// The link's token, for a submission a link allows (an outcome, a withdrawal).
    pub token: Option<String>,
    /// The case's host, for a submission about a case already made (see `Draft::host`).
    #[serde(default)]
    pub host: Option<String>,
    pub queued_on: String,
    #[serde(flatten)]
    pub state: SendState,
}

impl Sending {
    pub fn new(
        journey: &Journey,
        id: String,
        title: String,
        answers: Value,
        token: Option<String>,
        today: &str,
    ) -> Self {
        let envelope = json!({
            "format": placement_rules::wire::FORMAT_VERSION,
            "id": id,
            "rules_version": placement_rules::RULES_VERSION,
            "data": answers,
        });
        Self {
            id,
            journey: journey.slug.to_owned(),
            endpoint: journey.endpoint.to_owned(),
            title,
            envelope,
            token,
            host: None,
            queued_on: today.to_owned(),
            state: SendState::Waiting,
        }
    }

    /// A receipt holds the child's details, so, like a draft, it is kept on the device for 30 days.
    /// Anything still waiting to send is kept until it goes.
    pub fn is_expired(&self, today: Date) -> bool {
        self.state != SendState::Waiting
            && Date::parse_iso(&self.queued_on).is_some_and(|q| q.days_until(today) > crate::drafts::EXPIRY_DAYS)
    }

    pub fn answers(&self) -> &Value {
        &self.envelope["data"]
    }

    /// The relay's receipt, read whole, once it has one.
    pub fn receipt(&self) -> Option<contract::Receipt> {
        match &self.state {
            SendState::Sent { receipt } => serde_json::from_value(receipt.clone()).ok(),
            _ => None,
        }
    }

    /// The case's reference: the number everyone quotes (a receipt's own number is on its page).
    pub fn reference(&self) -> Option<String> {
        match &self.state {
            SendState::Sent { receipt } => {
                serde_json::from_value::<contract::ReceiptReference>(receipt.clone()).ok().map(|r| r.case_reference)
            }
            _ => None,
        }
    }

    /// The state in words, as shown and announced.
    pub fn status(&self) -> String {
        match &self.state {
            SendState::Waiting => "Saved on this device, waiting to send".to_owned(),
            SendState::Sent { .. } => format!("Sent, case reference {}", self.reference().unwrap_or_default()),
            SendState::Refused { .. } => "Not sent: it needs changes".to_owned(),
        }
    }
}

/// What one attempt to send ended in.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    Done(SendState),
    /// No network, or the relay is busy or down: try again later.
    TryLater,
}

/// What an answer from the relay means for the submission: its body is a [`Receipt`] when it
/// was taken, a [`Refusal`] when not.
pub fn outcome_of(status: u16, body: &str) -> Attempt {
    let said = |otherwise: &str| {
        let messages = serde_json::from_str::<RefusalSaid>(body).map(RefusalSaid::messages).unwrap_or_default();
        if messages.is_empty() { vec![otherwise.to_owned()] } else { messages }
    };
    match status {
        // A receipt that does not read is asked for again: the relay gives the same one.
        200 | 201 => match serde_json::from_str::<Value>(body) {
            Ok(receipt) if serde_json::from_value::<contract::ReceiptReference>(receipt.clone()).is_ok() => {
                Attempt::Done(SendState::Sent { receipt })
            }
            _ => Attempt::TryLater,
        },
        422 => Attempt::Done(SendState::Refused { messages: said("This submission needs changes") }),
        401 | 403 => Attempt::Done(SendState::Refused {
            messages: vec![
                "Your link has expired, been replaced or withdrawn, or is not for this case. Ask the host council's Front Door Service for a new one".into(),
            ],
        }),
        409 => {
            Attempt::Done(SendState::Refused { messages: said("This has already been sent with different answers") })
        }
        400 | 404 | 413 | 415 => {
            Attempt::Done(SendState::Refused { messages: said("The service could not read this submission") })
        }
        _ => Attempt::TryLater,
    }
}

/// The outbox as the pages see it, kept in step with the device store.
#[derive(Debug, Clone, Copy)]
pub struct Outbox {
    pub items: RwSignal<Vec<Sending>>,
    busy: StoredValue<bool>,
}

impl Outbox {
    pub fn new() -> Self {
        Self { items: RwSignal::new(Vec::new()), busy: StoredValue::new(false) }
    }

    pub fn find(self, id: &str) -> Option<Sending> {
        self.items.with_untracked(|all| all.iter().find(|s| s.id == id).cloned())
    }

    /// Reads the device store, forgets receipts past their time, then sends anything waiting.
    pub fn start(self, today: Date) {
        leptos::task::spawn_local(async move {
            let mut all = device::all().await;
            for old in all.iter().filter(|s| s.is_expired(today)) {
                device::delete(&old.id).await;
            }
            all.retain(|s| !s.is_expired(today));
            self.items.set(all);
            self.flush().await;
        });
    }

    /// Reads the device store again (the service worker has sent something while this page was open).
    pub fn refresh(self) {
        leptos::task::spawn_local(async move { self.items.set(device::all().await) });
    }

    /// Keeps a submission on the device first, then tries to send it.
    pub fn submit(self, sending: Sending) {
        if self.find(&sending.id).is_some_and(|s| !matches!(s.state, SendState::Refused { .. })) {
            // Already queued or sent: sending again would only repeat it.
            leptos::task::spawn_local(async move { self.flush().await });
            return;
        }
        leptos::task::spawn_local(async move {
            device::put(&sending).await;
            device::request_sync();
            self.items.update(|all| {
                all.retain(|s| s.id != sending.id);
                all.push(sending);
            });
            self.flush().await;
        });
    }

    pub fn forget(self, id: String) {
        leptos::task::spawn_local(async move {
            device::delete(&id).await;
            self.items.update(|all| all.retain(|s| s.id != id));
        });
    }

    /// Sends everything waiting, one at a time, stopping at the first sign of no network.
    pub async fn flush(self) {
        if self.busy.get_value() {
            return;
        }
        self.busy.set_value(true);
        let release = device::acquire().await;
        // Read afresh under the lock: the service worker may have sent some while we waited.
        let all = device::all().await;
        self.items.set(all.clone());
        let waiting: Vec<Sending> = all.into_iter().filter(|s| s.state == SendState::Waiting).collect();
        for mut sending in waiting {
            match device::send(&mut sending).await {
                Attempt::Done(state) => {
                    sending.state = state;
                    device::put(&sending).await;
                    self.items.update(|all| {
                        if let Some(s) = all.iter_mut().find(|s| s.id == sending.id) {
                            *s = sending.clone();
                        }
                    });
                }
                Attempt::TryLater => break,
            }
        }
        device::release(release);
        self.busy.set_value(false);
    }
}

/// The browser side: IndexedDB through `js/device_store.js`, and the network.
mod device {
    use super::{Attempt, SendState, Sending, outcome_of};
    use crate::components::documents::{LOCAL, document_in};
    use gloo_net::http::Request;
    use serde_json::Value;
    use wasm_bindgen::prelude::*;
    use wasm_bindgen_futures::JsFuture;

    #[wasm_bindgen(module = "/js/device_store.js")]
    extern "C" {
        #[wasm_bindgen(js_name = storePut)]
        fn store_put(store: &str, key: &str, value: &JsValue) -> js_sys::Promise;
        #[wasm_bindgen(js_name = storeGet)]
        fn store_get(store: &str, key: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = storeDelete)]
        fn store_delete(store: &str, key: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = storeValues)]
        fn store_values(store: &str) -> js_sys::Promise;
        #[wasm_bindgen(js_name = requestSync)]
        pub fn request_sync();
        #[wasm_bindgen(js_name = acquireOutbox)]
        fn acquire_outbox() -> js_sys::Promise;
    }

    /// Waits for the outbox lock; returns what lets it go.
    pub async fn acquire() -> Option<js_sys::Function> {
        JsFuture::from(acquire_outbox()).await.ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok())
    }

    pub fn release(release: Option<js_sys::Function>) {
        if let Some(f) = release {
            let _ = f.call0(&JsValue::NULL);
        }
    }

    pub async fn all() -> Vec<Sending> {
        let Ok(values) = JsFuture::from(store_values("outbox")).await else { return Vec::new() };
        js_sys::Array::from(&values)
            .iter()
            .filter_map(|v| v.as_string())
            .filter_map(|text| serde_json::from_str(&text).ok())
            .collect()
    }

    pub async fn put(sending: &Sending) {
        if let Ok(text) = serde_json::to_string(sending) {
            let _ = JsFuture::from(store_put("outbox", &sending.id, &JsValue::from_str(&text))).await;
        }
    }

    pub async fn delete(id: &str) {
        let _ = JsFuture::from(store_delete("outbox", id)).await;
    }

    /// Keeps a file chosen with no network until its submission is sent.
    pub async fn keep_file(local_id: &str, file: &web_sys::File) -> bool {
        JsFuture::from(store_put("files", local_id, file)).await.is_ok()
    }

    /// Uploads a file to the relay; `Ok(None)` means no network.
    pub async fn upload(file: &web_sys::Blob, name: &str) -> Result<Option<String>, String> {
        let encoded: String = js_sys::encode_uri_component(name).into();
        let request = Request::post(contract::paths::ATTACHMENTS).header("X-File-Name", &encoded).body(file.clone());
        let Ok(request) = request else { return Err("This file could not be read".into()) };
        let Ok(response) = request.send().await else { return Ok(None) };
        let body = response.text().await.unwrap_or_default();
        match response.status() {
            201 | 200 => Ok(serde_json::from_str::<contract::Document>(&body).ok().map(|d| d.id)),
            413 => Err(format!("The file must be smaller than {}", contract::MAX_UPLOAD_WORDS)),
            s if s >= 500 || s == 408 || s == 429 => Ok(None),
            _ => Err(serde_json::from_str::<contract::RefusalSaid>(&body)
                .ok()
                .and_then(|r| r.messages().into_iter().next())
                .unwrap_or_else(|| "The file could not be uploaded".to_owned())),
        }
    }

    pub async fn send(sending: &mut Sending) -> Attempt {
        // Files chosen offline go first, so the submission names what the relay holds.
        let count = sending.envelope["data"]["documents"].as_array().map_or(0, Vec::len);
        for i in 0..count {
            let doc = document_in(&sending.envelope["data"]["documents"][i]);
            let Some((local, name)) =
                doc.filter(|d| d.attachment_id.starts_with(LOCAL)).map(|d| (d.attachment_id, d.file_name))
            else {
                continue;
            };
            let Ok(blob) = JsFuture::from(store_get("files", &local)).await else { return Attempt::TryLater };
            let Ok(blob) = blob.dyn_into::<web_sys::Blob>() else {
                return Attempt::Done(SendState::Refused { messages: vec![format!("Upload {name} again")] });
            };
            match upload(&blob, &name).await {
                Ok(Some(id)) => {
                    sending.envelope["data"]["documents"][i]["attachment_id"] = Value::String(id);
                    put(sending).await;
                    let _ = JsFuture::from(store_delete("files", &local)).await;
                }
                Ok(None) => return Attempt::TryLater,
                Err(message) => {
                    return Attempt::Done(SendState::Refused { messages: vec![format!("{name}: {message}")] });
                }
            }
        }
        // Records queued before the endpoint was stored with them name only their journey.
        let endpoint = match sending.endpoint.as_str() {
            "" => crate::journeys::Journey::by_slug(&sending.journey).map_or("", |j| j.endpoint),
            stored => stored,
        };
        let request = crate::fetch::with_token(Request::post(endpoint), sending.token.as_deref());
        let Ok(request) = request.json(&sending.envelope) else { return Attempt::TryLater };
        let Ok(response) = request.send().await else { return Attempt::TryLater };
        let body = response.text().await.unwrap_or_default();
        outcome_of(response.status(), &body)
    }
}

pub use device::{keep_file, upload};

#[cfg(test)]
mod tests {
    use super::*;

    fn receipt() -> contract::Receipt {
        contract::Receipt {
            reference: "OLA-AAAA-BBBB".into(),
            case_reference: "OLA-7K3M-Q2XD".into(),
            kind: "consultation".into(),
            received_on: Date::from_ymd(2026, 11, 23).unwrap(),
            rules_version: placement_rules::RULES_VERSION.into(),
            warnings: Vec::new(),
        }
    }

    #[test]
    fn the_relays_answers_become_states() {
        let receipt = serde_json::to_value(receipt()).unwrap();
        let body = receipt.to_string();
        assert_eq!(outcome_of(201, &body), Attempt::Done(SendState::Sent { receipt: receipt.clone() }));
        assert_eq!(outcome_of(200, &body), Attempt::Done(SendState::Sent { receipt }), "a retry gets the same receipt");
        assert_eq!(outcome_of(201, "<html>a proxy's page</html>"), Attempt::TryLater, "asked again for its receipt");
        let refused = outcome_of(
            422,
            r#"{"findings": [{"field": "child.first_name", "kind": "required", "severity": "error", "message": "Enter the child's first name"}]}"#,
        );
        assert_eq!(
            refused,
            Attempt::Done(SendState::Refused { messages: vec!["Enter the child's first name".into()] })
        );
        assert_eq!(
            outcome_of(409, r#"{"error": {"message": "An outcome has already been recorded for this case"}}"#),
            Attempt::Done(SendState::Refused {
                messages: vec!["An outcome has already been recorded for this case".into()]
            })
        );
        for busy in [408, 429, 500, 502, 503, 0] {
            assert_eq!(outcome_of(busy, ""), Attempt::TryLater, "{busy} is tried again later");
        }
    }

    #[test]
    fn a_queued_submission_survives_the_store_and_says_where_it_is() {
        let mut s = Sending::new(
            &crate::journeys::consultation::JOURNEY,
            "0190f3a2-0000-7000-8000-000000000001".into(),
            "Case LCC-1".into(),
            json!({"child": {"case_id": "LCC-1"}}),
            None,
            "2026-11-23",
        );
        assert_eq!(s.envelope["rules_version"], placement_rules::RULES_VERSION);
        assert_eq!(s.status(), "Saved on this device, waiting to send");
        s.state = SendState::Sent { receipt: serde_json::to_value(receipt()).unwrap() };
        let back: Sending = serde_json::from_str(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back, s);
        assert_eq!(back.receipt(), Some(receipt()), "read whole where it is shown");
        assert_eq!(back.status(), "Sent, case reference OLA-7K3M-Q2XD", "the case's number, not the receipt's");
        assert_eq!(back.answers()["child"]["case_id"], "LCC-1");
        let day = |d| Date::from_ymd(2026, 12, d).unwrap();
        assert!(!back.is_expired(day(23)), "kept for 30 days");
        assert!(back.is_expired(day(24)), "then forgotten");
        s.state = SendState::Waiting;
        assert!(!s.is_expired(day(31)), "never forgotten while waiting to send");
    }
}
