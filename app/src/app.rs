//! The app's pages and the answers they share.

use leptos::prelude::*;
use placement_rules::ConsultationRequest;

use crate::clock;
use crate::components::layout::Layout;
use crate::drafts::{self, Draft, LocalStorage};
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
    let today = clock::today();
    let drafts = RwSignal::new(drafts::load_all(&LocalStorage, today));
    // The draft being filled in: its id (the submission's id, later) and when it was started.
    let active = StoredValue::new(None::<(String, placement_rules::Date)>);
    // Every change is saved on this device at once.
    Effect::new(move |_| {
        let answers = request.get();
        if let Some((id, created)) = active.get_value() {
            let draft = Draft { created, updated: today, request: answers, ..Draft::new(id, today) };
            drafts::save(&LocalStorage, &draft);
        }
    });
    // Kent's postcode table is fetched once the person has started, never with the first page.
    let begin = move |draft: Draft| {
        active.set_value(Some((draft.id.clone(), draft.created)));
        request.set(draft.request);
        host.load();
        page.set(Page::AboutYou);
    };
    let start = Callback::new(move |()| begin(Draft::new(drafts::new_id(), today)));
    let resume = Callback::new(move |id: String| {
        if let Some(d) = drafts.get_untracked().into_iter().find(|d| d.id == id) {
            begin(d);
        }
    });
    let delete = Callback::new(move |id: String| {
        if let Some(d) = drafts.get_untracked().into_iter().find(|d| d.id == id) {
            drafts::delete(&LocalStorage, &d);
        }
        drafts.set(drafts::load_all(&LocalStorage, today));
    });
    view! {
        <Layout>
            {move || match page.get() {
                Page::Start => view! {
                    <StartPage drafts=drafts on_start=start on_resume=resume on_delete=delete />
                }.into_any(),
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
