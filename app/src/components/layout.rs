//! The page frame: skip link, the host's service header (no crown: a council is not GOV.UK),
//! main content, footer.

use leptos::prelude::*;

#[component]
pub fn Layout(children: Children) -> impl IntoView {
    view! {
        <a href="#main-content" class="govuk-skip-link">"Skip to main content"</a>
        <header class="app-header" role="banner">
            <div class="govuk-width-container app-header__container">
                <span class="app-header__organisation">"Kent County Council"</span>
                <span class="app-header__service">"Consult Kent about a placement"</span>
            </div>
        </header>
        <div class="govuk-width-container">
            <main class="govuk-main-wrapper" id="main-content" tabindex="-1">{children()}</main>
        </div>
        <footer class="app-footer" role="contentinfo">
            <div class="govuk-width-container">
                <p class="govuk-body-s">
                    "Rules version " {placement_rules::RULES_VERSION}
                    ". Contains public sector information licensed under the Open Government Licence v3.0."
                </p>
            </div>
        </footer>
    }
}
