//! The app's pages and the answers they share.

use leptos::prelude::*;
use placement_rules::ConsultationRequest;

use crate::components::layout::Layout;
use crate::host_postcodes::HostPostcodes;
use crate::pages::about_you::AboutYouPage;
use crate::pages::placement_postcode::PlacementPostcodePage;
use crate::pages::start::StartPage;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Page {
    Start,
    AboutYou,
    PlacementPostcode,
    SectionDone,
}

#[component]
pub fn App() -> impl IntoView {
    let page = RwSignal::new(Page::Start);
    let request = RwSignal::new(ConsultationRequest::default());
    let host = HostPostcodes::new();
    // Kent's postcode table is fetched once the person has started, never with the first page.
    let start = Callback::new(move |()| {
        host.load();
        page.set(Page::AboutYou);
    });
    view! {
        <Layout>
            {move || match page.get() {
                Page::Start => view! { <StartPage on_start=start /> }.into_any(),
                Page::AboutYou => view! {
                    <AboutYouPage request=request on_done=Callback::new(move |()| page.set(Page::PlacementPostcode)) />
                }.into_any(),
                Page::PlacementPostcode => view! {
                    <PlacementPostcodePage request=request host=host on_done=Callback::new(move |()| page.set(Page::SectionDone)) />
                }.into_any(),
                Page::SectionDone => view! {
                    <h1 class="govuk-heading-l" tabindex="-1">"Placement postcode: completed"</h1>
                    <p class="govuk-body">"The rest of the consultation request is on its way."</p>
                }.into_any(),
            }}
        </Layout>
    }
}
