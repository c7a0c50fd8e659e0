//! Where the person is, as a path, so Back and Forward work and a page can be reloaded. Paths
//! never hold personal data: a journey and page name, a case reference or a submission's id.

use leptos::prelude::*;

use crate::journeys::{Journey, Page};

#[derive(Debug, Clone, PartialEq)]
pub enum Route {
    Start,
    Tasks(&'static Journey),
    Question(&'static Journey, &'static Page),
    Check(&'static Journey),
    /// The confirmation of one submission (its id), and its printable receipt.
    Sent(String),
    /// A service manager's link: the request, then the outcome journey.
    Outcome(String),
    /// The placing social worker's link: the case, to notify or withdraw.
    Case(String),
    Staff,
    StaffCase(String),
    StaffReport,
    /// The children placed in the host's area now.
    StaffPlaced,
    /// The auditor's access log.
    StaffAccessLog,
    /// The administrator's accounts and checks.
    StaffAdministration,
    /// Why a single sign-on did not sign the person in: `no-role`, `failed` or `unavailable`.
    StaffSignInProblem(String),
    Help,
    /// A page of text kept as HTML in `public/content/` (the privacy notice, the accessibility statement).
    Content(&'static str),
    NotFound,
}

/// The pages in `public/content/`.
pub const CONTENT: [&str; 2] = ["privacy", "accessibility"];

impl Route {
    pub fn parse(path: &str) -> Route {
        let parts: Vec<&str> = path.trim_matches('/').split('/').filter(|p| !p.is_empty()).collect();
        match parts.as_slice() {
            [] => Route::Start,
            ["sent", id] => Route::Sent((*id).to_owned()),
            ["outcome", reference] => Route::Outcome((*reference).to_owned()),
            ["case", reference] => Route::Case((*reference).to_owned()),
            ["staff"] => Route::Staff,
            ["staff", "report"] => Route::StaffReport,
            ["staff", "placed"] => Route::StaffPlaced,
            ["staff", "access-log"] => Route::StaffAccessLog,
            ["staff", "administration"] => Route::StaffAdministration,
            ["staff", "sign-in-problem", reason] => Route::StaffSignInProblem((*reason).to_owned()),
            ["staff", "cases", reference] => Route::StaffCase((*reference).to_owned()),
            ["help"] => Route::Help,
            [name] if CONTENT.contains(name) => {
                CONTENT.iter().find(|c| c == &name).map_or(Route::NotFound, |c| Route::Content(c))
            }
            [journey, rest @ ..] => match (Journey::by_slug(journey), rest) {
                (Some(j), ["tasks"]) => Route::Tasks(j),
                (Some(j), ["check"]) => Route::Check(j),
                (Some(j), [slug]) => j.page(slug).map_or(Route::NotFound, |p| Route::Question(j, p)),
                _ => Route::NotFound,
            },
        }
    }

    pub fn path(&self) -> String {
        match self {
            Route::Start => "/".into(),
            Route::Tasks(j) => format!("/{}/tasks", j.slug),
            Route::Question(j, p) => format!("/{}/{}", j.slug, p.slug),
            Route::Check(j) => format!("/{}/check", j.slug),
            Route::Sent(id) => format!("/sent/{id}"),
            Route::Outcome(r) => format!("/outcome/{r}"),
            Route::Case(r) => format!("/case/{r}"),
            Route::Staff => "/staff".into(),
            Route::StaffCase(r) => format!("/staff/cases/{r}"),
            Route::StaffReport => "/staff/report".into(),
            Route::StaffPlaced => "/staff/placed".into(),
            Route::StaffAccessLog => "/staff/access-log".into(),
            Route::StaffAdministration => "/staff/administration".into(),
            Route::StaffSignInProblem(reason) => format!("/staff/sign-in-problem/{reason}"),
            Route::Help => "/help".into(),
            Route::Content(name) => format!("/{name}"),
            Route::NotFound => "/not-found".into(),
        }
    }

    /// The journey's first step: its task list, or its only section's first page.
    pub fn begin(j: &'static Journey) -> Route {
        if j.sections.len() > 1 { Route::Tasks(j) } else { Route::Question(j, &j.pages[0]) }
    }
}

/// The current route, shared by every page.
#[derive(Debug, Clone, Copy)]
pub struct Router(pub RwSignal<Route>);

impl Router {
    pub fn from_location() -> Self {
        let path = window().location().pathname().unwrap_or_default();
        let router = Self(RwSignal::new(Route::parse(&path)));
        let signal = router.0;
        // Back and Forward: the browser has already changed the address.
        let handle = window_event_listener(leptos::ev::popstate, move |_| {
            signal.set(Route::parse(&window().location().pathname().unwrap_or_default()));
            focus_heading(0);
        });
        std::mem::forget(handle);
        router
    }

    pub fn go(self, route: Route) {
        if let Ok(history) = window().history() {
            let _ = history.push_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.path()));
        }
        self.0.set(route);
        window().scroll_to_with_x_and_y(0.0, 0.0);
        focus_heading(0);
    }

    /// Changes the address without a new history entry (after sending, so Back cannot land on the
    /// page that sent it).
    pub fn replace(self, route: Route) {
        if let Ok(history) = window().history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&route.path()));
        }
        self.0.set(route);
        window().scroll_to_with_x_and_y(0.0, 0.0);
        focus_heading(0);
    }
}

/// How long a new page may take to draw its heading (its code or its case still arriving) before
/// focus settles on the main region instead: 100 tries 50 ms apart.
const FOCUS_TRIES: u32 = 100;

/// Moves focus to the new page's main heading once it is drawn, so a screen reader announces the
/// new page and the next Tab starts at its top (WCAG 2.4.3), as a full page load would. It gives
/// up if the person has already moved into the new page (or the page put focus somewhere itself).
fn focus_heading(attempt: u32) {
    use wasm_bindgen::JsCast;
    let wait = std::time::Duration::from_millis(if attempt == 0 { 0 } else { 50 });
    set_timeout(
        move || {
            let document = document();
            let main = document.get_element_by_id("main-content");
            let moved_on = document.active_element().is_some_and(|active| {
                main.as_ref().is_some_and(|m| m.contains(Some(&active)) && !active.is_same_node(Some(m)))
                    && active.tag_name() != "H1"
            });
            if moved_on {
                return;
            }
            let heading = document.query_selector("#main-content h1").ok().flatten();
            match heading.or_else(|| (attempt >= FOCUS_TRIES).then_some(main).flatten()) {
                Some(target) => {
                    if target.get_attribute("tabindex").is_none() {
                        let _ = target.set_attribute("tabindex", "-1");
                    }
                    if let Ok(target) = target.dyn_into::<web_sys::HtmlElement>() {
                        let _ = target.focus();
                    }
                }
                None => focus_heading(attempt + 1),
            }
        },
        wait,
    );
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journeys::{ALL, consultation};

    #[test]
    fn every_page_of_every_journey_has_a_path_that_leads_back_to_it() {
        for j in ALL {
            for route in
                [Route::Tasks(j), Route::Check(j)].into_iter().chain(j.pages.iter().map(|p| Route::Question(j, p)))
            {
                assert_eq!(Route::parse(&route.path()), route);
            }
        }
        for r in [
            Route::Start,
            Route::Sent("abc-123".into()),
            Route::Outcome("OLA-7K3M-Q2XD".into()),
            Route::Staff,
            Route::StaffReport,
            Route::StaffAccessLog,
            Route::StaffAdministration,
            Route::StaffSignInProblem("no-role".into()),
            Route::StaffCase("OLA-7K3M-Q2XD".into()),
            Route::Case("OLA-7K3M-Q2XD".into()),
            Route::Help,
        ] {
            assert_eq!(Route::parse(&r.path()), r);
        }
        assert_eq!(Route::parse("/request/no-such-page"), Route::NotFound);
        for j in ALL {
            assert!(!["sent", "outcome", "case", "staff", "help"].contains(&j.slug), "{} is taken by a link", j.slug);
            assert!(!CONTENT.contains(&j.slug));
        }
        assert_eq!(Route::begin(&consultation::JOURNEY), Route::Tasks(&consultation::JOURNEY));
    }
}
