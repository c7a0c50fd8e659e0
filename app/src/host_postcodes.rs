//! Kent's own postcodes in the browser: fetched once after the first page (never part of the
//! first load), then held in memory, so the rules can say at once, even with no network, whether a
//! placement postcode is in Kent and in which district and division. The service worker keeps the
//! file for visits with no network at all (ARCHITECTURE.md).

use std::sync::Arc;

use leptos::prelude::*;
use placement_rules::geography::{Geography, Located};
use placement_rules::text::Postcode;
use postcodes::PostcodeTable;

/// Where the file is served (trunk copies it there from var/geodata).
pub const TABLE_URL: &str = "/geo/kent-postcodes.bin";

#[derive(Debug, Clone, Default)]
pub enum TableState {
    #[default]
    NotLoaded,
    Loading,
    Ready(Arc<PostcodeTable>),
    /// The fetch failed (offline on a first visit): the relay checks the postcode on submission.
    Failed,
}

/// The table's state, shared by every page.
#[derive(Debug, Clone, Copy)]
pub struct HostPostcodes(pub RwSignal<TableState>);

impl HostPostcodes {
    pub fn new() -> Self {
        Self(RwSignal::new(TableState::NotLoaded))
    }

    /// Starts fetching the table once; later calls do nothing.
    pub fn load(self) {
        if !matches!(self.0.get_untracked(), TableState::NotLoaded | TableState::Failed) {
            return;
        }
        self.0.set(TableState::Loading);
        leptos::task::spawn_local(async move {
            let state = match fetch().await {
                Ok(table) => TableState::Ready(Arc::new(table)),
                Err(_) => TableState::Failed,
            };
            self.0.set(state);
        });
    }

    /// What the rules use as geography now: the table if it has loaded.
    pub fn geography(self) -> BrowserGeography {
        match self.0.get() {
            TableState::Ready(table) => BrowserGeography(Some(table)),
            _ => BrowserGeography(None),
        }
    }
}

async fn fetch() -> Result<PostcodeTable, String> {
    let response = gloo_net::http::Request::get(TABLE_URL).send().await.map_err(|e| e.to_string())?;
    if !response.ok() {
        return Err(format!("status {}", response.status()));
    }
    let bytes = response.binary().await.map_err(|e| e.to_string())?;
    PostcodeTable::from_bytes(bytes).map_err(|e| e.to_string())
}

/// The host's table as the rules' [`Geography`]; before it loads, every postcode is
/// [`Located::Unavailable`] and the rules leave the question to the relay.
#[derive(Debug, Clone)]
pub struct BrowserGeography(Option<Arc<PostcodeTable>>);

impl Geography for BrowserGeography {
    fn locate(&self, postcode: &Postcode) -> Located {
        match &self.0 {
            Some(table) => table.locate(postcode),
            None => Located::Unavailable,
        }
    }
}

/// For other modules' tests: a geography over a given table.
#[cfg(test)]
pub mod tests_support {
    use super::*;

    pub fn geography(table: Arc<PostcodeTable>) -> BrowserGeography {
        BrowserGeography(Some(table))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use postcodes::TableBuilder;

    #[test]
    fn before_loading_the_rules_wait_and_after_they_know() {
        let pc = Postcode::parse("ME14 1XQ").unwrap();
        assert_eq!(BrowserGeography(None).locate(&pc), Located::Unavailable);
        let mut b = TableBuilder::new();
        b.add("ME14 1XQ", "E07000110", "E10000016", None);
        let table = PostcodeTable::from_bytes(b.build("test", false, true)).unwrap();
        let geo = BrowserGeography(Some(Arc::new(table)));
        assert!(matches!(geo.locate(&pc), Located::In(_)));
        assert_eq!(geo.locate(&Postcode::parse("ME4 4TR").unwrap()), Located::OutsideCoverage);
    }
}
