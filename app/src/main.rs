//! The consultation app: a Leptos client-side app, compiled to WebAssembly by trunk.
//!
//! Every rule comes from the `placement-rules` crate; this crate only renders what the rules
//! return and keeps the person's answers (ARCHITECTURE.md, invariant 2).

mod app;
mod clock;
mod components;
mod field_id;
mod host_postcodes;
mod pages;

fn main() {
    leptos::mount::mount_to_body(app::App);
}
