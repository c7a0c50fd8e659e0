//! The consultation app: a Leptos client-side app, compiled to WebAssembly by trunk.
//!
//! Every rule comes from the `placement-rules` crate; this crate only renders what the rules
//! return and keeps the person's answers (ARCHITECTURE.md, invariant 2).

mod answers;
mod app;
mod clock;
mod components;
mod drafts;
mod fetch;
mod field_id;
mod hosts;
mod journeys;
mod outbox;
mod pages;
mod router;
mod shared;

fn main() {
    register_service_worker();
    mount();
}

/// Into `<div id="app">`, the body's first element: the skip link must come before the links of
/// the page for browsers without WebAssembly, which follows it, or it does not count as one.
fn mount() {
    use wasm_bindgen::JsCast;
    match leptos::prelude::document().get_element_by_id("app").and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()) {
        Some(root) => leptos::mount::mount_to(root, app::App).forget(),
        None => leptos::mount::mount_to_body(app::App),
    }
}

/// The service worker (public/sw.template.js) keeps the app, the hosts and their postcode table for visits
/// with no network. A browser without service workers still runs the app online.
fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}
