//! The client's address, for rate limits and the audit log.

use std::net::{IpAddr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

/// The TCP peer of a request, when the server was started with connect info.
pub struct Peer(pub Option<SocketAddr>);

impl<S: Send + Sync> FromRequestParts<S> for Peer {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(Self(
            parts
                .extensions
                .get::<ConnectInfo<SocketAddr>>()
                .map(|ConnectInfo(addr)| *addr),
        ))
    }
}

/// The address a request came from, when known.
#[derive(Clone, Copy, Debug, Default)]
pub struct ClientIp(pub Option<IpAddr>);

impl ClientIp {
    /// Behind `trusted_hops` proxies that each append to `X-Forwarded-For`, the client is the
    /// entry that many places from the right (entries further left are the client's own word).
    /// With no trusted proxy it is the peer.
    pub fn from_request(
        peer: Option<SocketAddr>,
        headers: &HeaderMap,
        trusted_hops: usize,
    ) -> Self {
        let peer = peer.map(|p| p.ip());
        if trusted_hops == 0 {
            return Self(peer);
        }
        let forwarded: Vec<&str> = headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .collect();
        let from_proxy = forwarded
            .len()
            .checked_sub(trusted_hops)
            .and_then(|i| forwarded.get(i))
            .and_then(|v| v.parse::<IpAddr>().ok());
        Self(from_proxy.or(peer))
    }

    pub fn text(self) -> Option<String> {
        self.0.map(|ip| ip.to_string())
    }
}

#[cfg(test)]
#[allow(clippy::expect_used)]
mod tests {
    use super::*;

    fn headers(xff: &str) -> HeaderMap {
        let mut headers = HeaderMap::new();
        headers.insert("x-forwarded-for", xff.parse().expect("header"));
        headers
    }

    #[test]
    fn trusts_only_the_configured_hops() {
        let peer: SocketAddr = "10.0.0.9:4000".parse().expect("addr");
        let spoofed = headers("6.6.6.6, 203.0.113.7");
        assert_eq!(
            ClientIp::from_request(Some(peer), &spoofed, 1)
                .text()
                .as_deref(),
            Some("203.0.113.7")
        );
        assert_eq!(
            ClientIp::from_request(Some(peer), &spoofed, 0)
                .text()
                .as_deref(),
            Some("10.0.0.9")
        );
        assert_eq!(
            ClientIp::from_request(Some(peer), &HeaderMap::new(), 1)
                .text()
                .as_deref(),
            Some("10.0.0.9")
        );
    }
}
