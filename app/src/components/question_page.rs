//! What Continue does on every question page: show the rules' findings for the page (the error
//! summary and inline errors read them), mark the title if anything blocks, and move on only when
//! nothing does. Warnings are shown but never stop the person.

use leptos::prelude::*;
use placement_rules::Finding;

use crate::components::page_title::set_page_title;

pub fn continue_or_show(page: &str, found: Vec<Finding>, findings: RwSignal<Vec<Finding>>, on_done: Callback<()>) {
    let blocked = !placement_rules::finding::passes(&found);
    set_page_title(page, blocked);
    findings.set(found);
    if !blocked {
        on_done.run(());
    }
}
