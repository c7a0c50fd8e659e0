//! The app's pages and the answers they share.

use leptos::prelude::*;
use placement_rules::ConsultationRequest;

use crate::components::layout::Layout;
use crate::pages::about_you::AboutYouPage;
use crate::pages::start::StartPage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Start,
    AboutYou,
    SectionDone,
}

#[component]
pub fn App() -> impl IntoView {
    let page = RwSignal::new(Page::Start);
    let request = RwSignal::new(ConsultationRequest::default());
    view! {
        <Layout>
            {move || match page.get() {
                Page::Start => view! { <StartPage on_start=Callback::new(move |()| page.set(Page::AboutYou)) /> }.into_any(),
                Page::AboutYou => view! {
                    <AboutYouPage request=request on_done=Callback::new(move |()| page.set(Page::SectionDone)) />
                }.into_any(),
                Page::SectionDone => view! {
                    <h1 class="govuk-heading-l" tabindex="-1">"About you: completed"</h1>
                    <p class="govuk-body">"The rest of the consultation request is on its way."</p>
                }.into_any(),
            }}
        </Layout>
    }
}
