//! Who the client is, for the rate limiter and the upload caps. Behind the TLS proxy the operating
//! guide recommends, every request arrives from the proxy, so the proxy's forwarding header names
//! the client, but only a proxy the operator trusts may say so: anyone else could write the header
//! themselves. With no `trusted_proxies` configured, the TCP peer is the client.

use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request};
use ipnet::IpNet;
use tower_governor::GovernorError;
use tower_governor::key_extractor::KeyExtractor;

/// The configured proxies: addresses or ranges (`10.0.0.5`, `10.0.0.0/24`, `::1`).
#[derive(Debug, Clone, Default)]
pub struct TrustedProxies(Arc<Vec<IpNet>>);

impl TrustedProxies {
    pub fn parse(entries: &[String]) -> Result<Self, String> {
        let nets = entries
            .iter()
            .map(|e| {
                e.parse::<IpNet>()
                    .or_else(|_| e.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| format!("server.trusted_proxies: {e} is not an address or a range like 10.0.0.0/24"))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Self(Arc::new(nets)))
    }

    fn trusts(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|net| net.contains(&ip))
    }

    /// The client: the peer, unless the peer is a trusted proxy; then the nearest address in its
    /// forwarding header that is not itself a trusted proxy (the header's left part is the
    /// client's to write, so it is read from the right).
    pub fn client(&self, peer: IpAddr, headers: &HeaderMap) -> IpAddr {
        if !self.trusts(peer) {
            return peer;
        }
        let text =
            |name: &str| headers.get_all(name).iter().filter_map(|v| v.to_str().ok()).collect::<Vec<_>>().join(",");
        let forwarded_for = text("x-forwarded-for");
        let forwarded = text("forwarded");
        let from_xff = forwarded_for.split(',').map(str::trim).filter_map(|a| a.parse::<IpAddr>().ok());
        let from_forwarded = forwarded
            .split([',', ';'])
            .filter_map(|part| part.trim().strip_prefix("for=").or_else(|| part.trim().strip_prefix("For=")))
            .filter_map(|a| {
                let a = a.trim_matches('"');
                let a = a.strip_prefix('[').and_then(|v| v.split(']').next()).unwrap_or(a);
                a.parse::<IpAddr>().ok().or_else(|| a.rsplit_once(':').and_then(|(ip, _)| ip.parse().ok()))
            });
        let chain: Vec<IpAddr> = if !forwarded_for.is_empty() {
            from_xff.collect()
        } else if !forwarded.is_empty() {
            from_forwarded.collect()
        } else {
            text("x-real-ip").trim().parse().into_iter().collect()
        };
        chain.into_iter().rev().find(|ip| !self.trusts(*ip)).unwrap_or(peer)
    }

    /// The client of a request that carries its peer (as the relay's connection loop adds it).
    pub fn of<T>(&self, request: &Request<T>) -> Option<IpAddr> {
        let peer = request.extensions().get::<ConnectInfo<SocketAddr>>()?.0.ip();
        Some(self.client(peer, request.headers()))
    }
}

impl KeyExtractor for TrustedProxies {
    type Key = IpAddr;

    fn extract<T>(&self, request: &Request<T>) -> Result<IpAddr, GovernorError> {
        self.of(request).ok_or(GovernorError::UnableToExtractKey)
    }
}

/// Sets [`crate::access::CLIENT_ADDRESS`] on every request to the client's address as found here,
/// removing any the client sent: the access log reads it.
pub async fn stamp(
    axum::extract::State(state): axum::extract::State<crate::state::AppState>,
    mut request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let address = state.trusted_proxies.of(&request).map(|ip| ip.to_string()).unwrap_or_default();
    let headers = request.headers_mut();
    headers.remove(crate::access::CLIENT_ADDRESS);
    if let Ok(value) = axum::http::HeaderValue::from_str(&address) {
        headers.insert(crate::access::CLIENT_ADDRESS, value);
    }
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs.iter().map(|(k, v)| (axum::http::header::HeaderName::from_static(k), v.parse().unwrap())).collect()
    }

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn trusted_proxies_a_forwarding_header_counts_only_from_a_trusted_proxy() {
        let proxies = TrustedProxies::parse(&["10.0.0.0/24".into(), "::1".into()]).unwrap();
        let xff = headers(&[("x-forwarded-for", "203.0.113.9, 198.51.100.7")]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &xff), ip("198.51.100.7"), "the nearest untrusted hop");
        assert_eq!(proxies.client(ip("192.0.2.1"), &xff), ip("192.0.2.1"), "an untrusted peer cannot say who it is");
        let spoof = headers(&[("x-forwarded-for", "1.2.3.4, 198.51.100.7, 10.0.0.9")]);
        assert_eq!(proxies.client(ip("10.0.0.5"), &spoof), ip("198.51.100.7"), "trusted hops are skipped");
        let forwarded = headers(&[("forwarded", "for=\"[2001:db8::1]:4711\";proto=https")]);
        assert_eq!(proxies.client(ip("::1"), &forwarded), ip("2001:db8::1"));
        let real = headers(&[("x-real-ip", "198.51.100.8")]);
        assert_eq!(proxies.client(ip("10.0.0.1"), &real), ip("198.51.100.8"));
        assert_eq!(proxies.client(ip("10.0.0.1"), &HeaderMap::new()), ip("10.0.0.1"));
        assert!(TrustedProxies::parse(&["not an address".into()]).is_err());
        let none = TrustedProxies::default();
        assert_eq!(none.client(ip("10.0.0.5"), &xff), ip("10.0.0.5"), "nothing trusted: the peer");
    }
}
