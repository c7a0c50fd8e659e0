//! The app's root: it provides the shared state, keeps the outbox sending, saves every change,
//! and shows the page for each route.

use leptos::prelude::*;

use crate::components::layout::Layout;
use crate::drafts::{self, LocalStorage};
use crate::pages;
use crate::router::Route;
use crate::shared::Shared;

#[component]
pub fn App() -> impl IntoView {
    let s = Shared::new();
    provide_context(s);
    // The hosts' names, divisions and words: small, and needed by a link's pages at once. Their
    // postcodes wait until someone starts a form.
    s.hosts.load_hosts();
    s.outbox.start(s.today);
    // The network is back: send whatever waited for it.
    let online = window_event_listener(leptos::ev::online, move |_| {
        leptos::task::spawn_local(async move { s.outbox.flush().await });
    });
    std::mem::forget(online);
    // The service worker sent something from the outbox (Background Sync): show it.
    {
        use wasm_bindgen::JsCast;
        let changed = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || s.outbox.refresh());
        let _ = window()
            .navigator()
            .service_worker()
            .add_event_listener_with_callback("message", changed.as_ref().unchecked_ref());
        changed.forget();
    }
    // And keep trying while anything waits, for networks that come back without saying so.
    let _ = set_interval_with_handle(
        move || {
            if s.outbox.items.with_untracked(|all| all.iter().any(|x| x.state == crate::outbox::SendState::Waiting)) {
                leptos::task::spawn_local(async move { s.outbox.flush().await });
            }
        },
        std::time::Duration::from_secs(15),
    );
    // Every change is saved on this device at once.
    Effect::new(move |_| {
        let answers = s.answers.get();
        if let Some(mut draft) = s.active.get_untracked() {
            draft.answers = answers;
            draft.updated = s.today;
            drafts::save(&LocalStorage, &draft);
        }
    });
    if matches!(s.router.0.get_untracked(), Route::Tasks(_) | Route::Question(..) | Route::Check(_)) {
        s.reopen();
    }
    view! {
        <Layout>
            {move || {
                let route = s.router.0.get();
                let in_journey = matches!(route, Route::Tasks(_) | Route::Question(..) | Route::Check(_));
                if in_journey && s.active.with_untracked(Option::is_none) {
                    // No draft open here (it was sent, or this is another tab): start again from the start page.
                    return view! { <pages::start::StartPage /> }.into_any();
                }
                match route {
                    Route::Start => view! { <pages::start::StartPage /> }.into_any(),
                    Route::Content(name) => view! { <pages::help::ContentPage name=name /> }.into_any(),
                    Route::NotFound => view! { <pages::help::NotFound /> }.into_any(),
                    // Everything else is fetched when first opened (pages/on_demand.rs).
                    route => view! { <pages::on_demand::OnDemand route=route /> }.into_any(),
                }
            }}
        </Layout>
    }
}
