//! What the app reads from the relay: JSON with the link's token or the staff session's cookie. Case data is
//! only ever fetched, shown and left: it is never kept on the device.

use gloo_net::http::{Request, RequestBuilder};
use serde_json::Value;

/// What went wrong, as the page tells it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    Offline,
    NotAllowed,
    NotFound,
    Other(u16),
}

impl Failure {
    pub fn message(&self) -> &'static str {
        match self {
            Failure::Offline => "There is no connection to the service at the moment. Try again when you are online.",
            Failure::NotAllowed => {
                "This link has expired, been replaced or withdrawn, or is not for this case. Ask the host council's Front Door Service for a new one."
            }
            Failure::NotFound => "There is no case with this reference.",
            Failure::Other(_) => "Something went wrong. Try again later.",
        }
    }
}

/// A request carrying an emailed link's token, when there is one (staff send their session cookie).
pub fn with_token(request: RequestBuilder, token: Option<&str>) -> RequestBuilder {
    match token {
        Some(t) => request.header("Authorization", &format!("Bearer {t}")),
        None => request,
    }
}

/// A relay answer read into its contract type.
pub async fn get<T: serde::de::DeserializeOwned>(url: &str, token: Option<&str>) -> Result<T, Failure> {
    let request = with_token(Request::get(url), token);
    let response = request.send().await.map_err(|_| Failure::Offline)?;
    match response.status() {
        200 => response.json().await.map_err(|_| Failure::Other(200)),
        401 | 403 => Err(Failure::NotAllowed),
        404 => Err(Failure::NotFound),
        s => Err(Failure::Other(s)),
    }
}

pub async fn post_json(url: &str, body: &impl serde::Serialize) -> Result<Value, Failure> {
    let response =
        Request::post(url).json(body).map_err(|_| Failure::Other(0))?.send().await.map_err(|_| Failure::Offline)?;
    match response.status() {
        200 | 201 | 204 => Ok(response.json().await.unwrap_or(Value::Null)),
        401 | 403 => Err(Failure::NotAllowed),
        s => Err(Failure::Other(s)),
    }
}

/// Downloads a case document (the link's token must go with it, so a plain link cannot).
pub async fn download(id: &str, file_name: &str, token: Option<&str>) -> Result<(), Failure> {
    let request = with_token(Request::get(&contract::paths::attachment(id)), token);
    let response = request.send().await.map_err(|_| Failure::Offline)?;
    if response.status() != 200 {
        return Err(Failure::NotAllowed);
    }
    let bytes = response.binary().await.map_err(|_| Failure::Offline)?;
    let array = js_sys::Uint8Array::from(bytes.as_slice());
    let parts = js_sys::Array::of1(&array);
    let blob = web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|_| Failure::Other(0))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| Failure::Other(0))?;
    let document = leptos::prelude::document();
    if let Ok(a) = document.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", file_name);
        if let Some(a) = wasm_bindgen::JsCast::dyn_ref::<web_sys::HtmlElement>(&a) {
            a.click();
        }
    }
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}
