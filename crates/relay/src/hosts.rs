//! `GET /api/hosts` and the served hosts' postcodes: how the app learns, at run time, which councils
//! this deployment serves. The postcode file is built from the full table when first asked for, so
//! it always matches the configuration without slowing the start, and its name changes with the data
//! and the hosts, so a browser's cached copy is never stale.

use axum::Json;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use contract::hosts::{HOSTS_FORMAT, Hosts};
use contract::paths;
use placement_rules::host::HostConfig;
use postcodes::PostcodeTable;

use crate::config::Config;
use crate::error::AppError;
use crate::state::AppState;
use crate::tokens::sha256_hex;

/// Every postcode in a served host, with its district: what the browser needs to place a postcode
/// offline. No grid references: distance comes from the register's adjacency, not from here.
pub fn served_table(all: &PostcodeTable, hosts: &[HostConfig]) -> Vec<u8> {
    let codes: Vec<&str> = hosts.iter().map(|h| h.authority.as_str()).collect();
    all.only(&codes)
}

/// The file's name: from what it is made of (the directory's release and size, and the hosts), so
/// it is known before the file is built.
fn postcodes_file(all: &PostcodeTable, hosts: &[HostConfig]) -> String {
    let codes: Vec<&str> = hosts.iter().map(|h| h.authority.as_str()).collect();
    let made_of = format!("{}|{}|{}", all.source(), all.len(), codes.join(","));
    format!("{}{}.bin", paths::HOSTS_POSTCODES_PREFIX, sha256_hex(made_of).get(..16).unwrap_or_default())
}

pub fn document(config: &Config, all: &PostcodeTable, hosts: &[HostConfig]) -> Hosts {
    Hosts {
        format: HOSTS_FORMAT,
        service: config.service.clone(),
        hosts: config.hosts.iter().map(crate::config::Host::public).collect(),
        postcodes: postcodes_file(all, hosts),
    }
}

/// The hosts, revalidated on each visit (they change with the configuration) and kept by the
/// service worker for visits with no network.
pub async fn list(State(state): State<AppState>) -> Response {
    let mut response = Json(state.hosts_document.clone()).into_response();
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    response
}

/// The postcode file compresses to a sixth (brotli) or a quarter (gzip); a browser fetches it once
/// and its service worker keeps it, so a middle quality keeps the first fetch quick to make.
pub fn compression() -> tower_http::compression::CompressionLayer {
    tower_http::compression::CompressionLayer::new().quality(tower_http::CompressionLevel::Precise(5))
}

pub async fn postcodes(State(state): State<AppState>, Path(file): Path<String>) -> Result<Response, AppError> {
    if format!("/api/hosts/{file}") != state.hosts_document.postcodes {
        return Err(AppError::NotFound("There is no such postcode file. Reload the page.".into()));
    }
    // Built once, off the request threads: it reads every UK postcode.
    let built = state.clone();
    let table =
        tokio::task::spawn_blocking(move || built.served_postcodes().clone()).await.map_err(AppError::internal)?;
    Ok((
        [
            (header::CONTENT_TYPE, HeaderValue::from_static("application/octet-stream")),
            (header::CACHE_CONTROL, HeaderValue::from_static("public, max-age=31536000, immutable")),
        ],
        table,
    )
        .into_response())
}

#[cfg(test)]
mod tests {
    use super::*;
    use postcodes::TableBuilder;

    #[test]
    fn the_served_table_holds_the_served_hosts_postcodes_only() {
        let mut b = TableBuilder::new();
        b.add("ME14 1XQ", "E07000110", "E10000016", None);
        b.add("ME4 4TR", "E06000035", "E06000035", None);
        b.add("GU1 1AA", "E07000209", "E10000030", None);
        let all = PostcodeTable::from_bytes(b.build("test", true, false)).unwrap();
        let config = Config::sample();
        let mut hosts: Vec<HostConfig> = config.hosts.iter().map(crate::config::Host::rules).collect();
        hosts.retain(|h| h.authority != "E10000030");
        let served = PostcodeTable::from_bytes(served_table(&all, &hosts)).unwrap();
        assert_eq!(served.len(), 2);
        assert!(served.is_partial(), "a postcode not in it is outside coverage, not unknown");
        let doc = document(&config, &all, &hosts);
        assert!(doc.postcodes.starts_with("/api/hosts/postcodes-") && doc.postcodes.ends_with(".bin"));
        let all_three: Vec<HostConfig> = config.hosts.iter().map(crate::config::Host::rules).collect();
        assert_ne!(doc.postcodes, document(&config, &all, &all_three).postcodes, "another set of hosts, another name");
        let public = serde_json::to_string(&doc).unwrap();
        assert!(!public.contains("ola.mi@kent.invalid") && !public.contains("sm@"), "no staff mailbox: {public}");
        assert!(public.contains("Email Kent's Front Door Service"));
    }
}
