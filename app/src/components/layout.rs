//! The page frame: skip link, the deployment's service header (no crown: a council is not GOV.UK),
//! main content, footer.

use leptos::prelude::*;

use crate::router::Route;
use crate::shared::shared;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    let s = shared();
    let link = move |route: Route, text: &'static str| {
        let href = route.path();
        view! {
            <li><a class="govuk-link" href=href on:click=move |ev| { ev.prevent_default(); s.router.go(route.clone()); }>{text}</a></li>
        }
    };
    view! {
        <a href="#main-content" class="govuk-skip-link">"Skip to main content"</a>
        <header class="app-header" role="banner">
            <div class="govuk-width-container app-header__container">
                <span class="app-header__organisation">{crate::components::page_title::organisation()}</span>
                <span class="app-header__service">{crate::components::page_title::service_name()}</span>
            </div>
        </header>
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1">{children()}</main>
        </div>
        <footer class="app-footer" role="contentinfo">
            <div class="govuk-width-container">
                <h2 class="govuk-visually-hidden">"Support links"</h2>
                <ul class="govuk-list app-inline-list govuk-body-s">
                    {link(Route::Help, "How this service works")}
                    {link(Route::Content("accessibility"), "Accessibility statement")}
                    {link(Route::Content("privacy"), "Privacy notice")}
                </ul>
                <p class="govuk-body-s">
                    "Rules version " {placement_rules::RULES_VERSION}
                    ". Contains public sector information licensed under the Open Government Licence v3.0."
                </p>
            </div>
        </footer>
    }
}
