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
mod host_postcodes;
mod journeys;
mod outbox;
mod pages;
mod router;

fn main() {
    register_service_worker();
    leptos::mount::mount_to_body(app::App);
}

/// The service worker (public/sw.template.js) keeps the app and Kent's postcode table for visits
/// with no network. A browser without service workers still runs the app online.
fn register_service_worker() {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().service_worker().register("/sw.js");
    }
}
