//! Which URLs Stockroom may call on a tenant's behalf (webhooks): `https` only, to public
//! addresses only, unless configured otherwise for development. A URL is checked when it is
//! saved and every address it resolves to is checked again when it is called, so a name that
//! later resolves to an internal address (DNS rebinding) is still refused.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use url::{Host, Url};

/// What outbound calls may reach.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct UrlPolicy {
    /// `http://` URLs too (development, a receiver on this machine).
    pub allow_http: bool,
    /// Loopback, private, link-local and other non-public addresses too.
    pub allow_private: bool,
}

impl UrlPolicy {
    /// Parses `text` and checks its scheme and, when the host is an address, the address.
    ///
    /// # Errors
    /// A sentence saying what is wrong with the URL.
    pub fn check(&self, text: &str) -> Result<Url, String> {
        let url = Url::parse(text.trim()).map_err(|e| format!("is not a URL ({e})"))?;
        match url.scheme() {
            "https" => {}
            "http" if self.allow_http => {}
            "http" => return Err("must use https".to_owned()),
            _ => return Err("must be an https URL".to_owned()),
        }
        if !url.username().is_empty() || url.password().is_some() {
            return Err("must not contain credentials; sign requests with the secret".to_owned());
        }
        match url.host() {
            None => Err("must name a host".to_owned()),
            Some(Host::Ipv4(ip)) => self.check_ip(IpAddr::V4(ip)).map(|()| url.clone()),
            Some(Host::Ipv6(ip)) => self.check_ip(IpAddr::V6(ip)).map(|()| url.clone()),
            Some(Host::Domain(_)) => Ok(url.clone()),
        }
    }

    /// [`UrlPolicy::check`], then resolves the host and checks every address.
    ///
    /// # Errors
    /// As `check`, or when the name does not resolve or resolves to a refused address.
    pub async fn check_resolved(&self, text: &str) -> Result<Url, String> {
        let url = self.check(text)?;
        if let Some(Host::Domain(name)) = url.host() {
            self.resolve(name, url.port_or_known_default().unwrap_or(443))
                .await?;
        }
        Ok(url)
    }

    /// The addresses of `name`, all allowed.
    ///
    /// # Errors
    /// When the name does not resolve or any address is refused.
    pub async fn resolve(&self, name: &str, port: u16) -> Result<Vec<SocketAddr>, String> {
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((name, port))
            .await
            .map_err(|e| {
                tracing::debug!(name, error = %e, "webhook host does not resolve");
                format!("{name} does not resolve")
            })?
            .collect();
        if addresses.is_empty() {
            return Err(format!("{name} does not resolve"));
        }
        // Which internal address a name has is not told to tenants (it would map the network).
        if !self.allow_private && addresses.iter().any(|a| !is_public(a.ip())) {
            return Err(format!(
                "{name} resolves to a private, loopback or reserved address"
            ));
        }
        Ok(addresses)
    }

    /// # Errors
    /// When `ip` is not public and private addresses are not allowed.
    pub fn check_ip(&self, ip: IpAddr) -> Result<(), String> {
        if self.allow_private || is_public(ip) {
            Ok(())
        } else {
            Err(format!("is {ip}, a private, loopback or reserved address"))
        }
    }
}

/// Whether `ip` is a public unicast address.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => is_public_v6(v6),
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_private()
        || ip.is_link_local()
        || ip.is_broadcast()
        || ip.is_multicast()
        || ip.is_documentation()
        || a == 0
        // Carrier-grade NAT 100.64.0.0/10.
        || (a == 100 && (64..128).contains(&b))
        // IETF protocol assignments 192.0.0.0/24, benchmarking 198.18.0.0/15.
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19))
        // Reserved 240.0.0.0/4.
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    if let Some(v4) = ip.to_ipv4_mapped() {
        return is_public_v4(v4);
    }
    let segments = ip.segments();
    // NAT64 64:ff9b::/96 carries an IPv4 address.
    if segments[..6] == [0x64, 0xff9b, 0, 0, 0, 0] {
        let [a, b] = segments[6].to_be_bytes();
        let [c, d] = segments[7].to_be_bytes();
        return is_public_v4(Ipv4Addr::new(a, b, c, d));
    }
    !(ip.is_unspecified()
        || ip.is_loopback()
        || ip.is_multicast()
        // Unique local fc00::/7, link-local fe80::/10, documentation 2001:db8::/32.
        || (segments[0] & 0xfe00) == 0xfc00
        || (segments[0] & 0xffc0) == 0xfe80
        || (segments[0] == 0x2001 && segments[1] == 0x0db8)
        // IPv4-compatible ::a.b.c.d (deprecated) and other addresses under ::/96.
        || segments[..6] == [0, 0, 0, 0, 0, 0])
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_refused_and_public_ones_allowed() {
        for refused in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
            "64:ff9b::a00:1",
        ] {
            assert!(!is_public(refused.parse().unwrap()), "{refused}");
        }
        for allowed in ["93.184.216.34", "1.1.1.1", "2606:4700:4700::1111"] {
            assert!(is_public(allowed.parse().unwrap()), "{allowed}");
        }
    }

    #[test]
    fn urls_are_checked_for_scheme_credentials_and_literal_addresses() {
        let strict = UrlPolicy::default();
        assert!(strict.check("https://hooks.example.com/in").is_ok());
        assert!(strict.check("http://hooks.example.com/in").is_err());
        assert!(strict.check("ftp://hooks.example.com/in").is_err());
        assert!(strict.check("https://user:pw@hooks.example.com/").is_err());
        assert!(strict.check("https://10.0.0.8/in").is_err());
        assert!(strict.check("https://[::1]:8443/in").is_err());
        let development = UrlPolicy {
            allow_http: true,
            allow_private: true,
        };
        assert!(development.check("http://127.0.0.1:9000/in").is_ok());
    }
}
