//! Where provider requests may go. An administrator types endpoints and webhook URLs; unless
//! `allow_private_endpoints` is set, none of them may reach this machine or the internal
//! network (loopback, RFC 1918 and ULA private, link-local, unspecified addresses), so the
//! console cannot be used to probe or call internal services.
//!
//! Names are resolved with tokio's `lookup_host` by [`PublicOnly`], the HTTP client's resolver,
//! and the client connects only to the addresses it returned after checking them: a name cannot
//! pass the check with one address and then be connected to with another (DNS rebinding).
//! Literal IP addresses never reach a resolver, so [`refuse_private_literal`] checks them before
//! the request is sent.
//!
//! With an outbound proxy configured for the process (`HTTPS_PROXY`), the proxy resolves the
//! gateway's name, so only literal addresses are checked here and the proxy's own rules apply.

use std::net::{IpAddr, SocketAddr};

use reqwest::{
    Url,
    dns::{Addrs, Name, Resolve, Resolving},
};

/// Which addresses provider requests may go to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Destinations {
    /// Only public addresses: the default.
    PublicOnly,
    /// Any address, private ones too (`allow_private_endpoints`: the emulator, tests, a gateway
    /// on the internal network).
    AnyIncludingPrivate,
}

impl Destinations {
    /// From the `allow_private_endpoints` setting.
    pub fn allowing_private(allow: bool) -> Self {
        if allow {
            Self::AnyIncludingPrivate
        } else {
            Self::PublicOnly
        }
    }
}

/// A request refused because its host is, or resolves to, a private address.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{host} is a loopback, private, link-local or unspecified address ({address}); provider \
     requests may go there only with allow_private_endpoints (VERIGATE_ALLOW_PRIVATE_ENDPOINTS)"
)]
pub struct PrivateEndpoint {
    pub host: String,
    pub address: IpAddr,
}

/// Loopback, private (RFC 1918, ULA fc00::/7), link-local or unspecified. An IPv4-mapped IPv6
/// address is judged as its IPv4 address.
pub fn is_private(address: IpAddr) -> bool {
    match address.to_canonical() {
        IpAddr::V4(v4) => {
            v4.is_loopback() || v4.is_private() || v4.is_link_local() || v4.is_unspecified()
        }
        IpAddr::V6(v6) => {
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00 // unique local, fc00::/7
                || (first & 0xffc0) == 0xfe80 // link-local, fe80::/10
        }
    }
}

/// Refuses a URL whose host is a literal private address.
pub fn refuse_private_literal(url: &Url) -> Result<(), PrivateEndpoint> {
    let address = match url.host() {
        Some(url::Host::Ipv4(v4)) => IpAddr::V4(v4),
        Some(url::Host::Ipv6(v6)) => IpAddr::V6(v6),
        _ => return Ok(()),
    };
    if is_private(address) {
        return Err(PrivateEndpoint {
            host: url.host_str().unwrap_or_default().to_owned(),
            address,
        });
    }
    Ok(())
}

/// The resolver of a [`Destinations::PublicOnly`] client: refuses a name when any of its
/// addresses is private, rather than pick the public ones, so a half-internal name is noticed.
#[derive(Debug, Clone, Copy, Default)]
pub struct PublicOnly;

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        Box::pin(async move {
            let host = name.as_str().to_owned();
            // The port is replaced by the URL's when connecting.
            let addresses: Vec<SocketAddr> =
                tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if let Some(private) = addresses.iter().find(|found| is_private(found.ip())) {
                return Err(Box::new(PrivateEndpoint {
                    host,
                    address: private.ip(),
                })
                    as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(addresses.into_iter()) as Addrs)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an IP address")
    }

    #[test]
    fn loopback_private_link_local_and_unspecified_addresses_are_private() {
        for private in [
            "127.0.0.1",
            "127.5.5.5",
            "10.1.2.3",
            "172.16.0.1",
            "172.31.255.255",
            "192.168.1.1",
            "169.254.169.254",
            "0.0.0.0",
            "::1",
            "::",
            "fc00::1",
            "fd12:3456::1",
            "fe80::1",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_private(ip(private)), "{private}");
        }
        for public in [
            "8.8.8.8",
            "172.32.0.1",
            "192.169.0.1",
            "47.246.1.1",
            "2001:db8::1",
            "2606:4700::1111",
            "::ffff:8.8.8.8",
        ] {
            assert!(!is_private(ip(public)), "{public}");
        }
    }

    #[test]
    fn a_literal_private_host_is_refused_and_named() {
        let url = |text: &str| Url::parse(text).expect("a URL");

        let refused = refuse_private_literal(&url("http://169.254.169.254/latest/meta-data"))
            .expect_err("link-local");
        assert_eq!(refused.address, ip("169.254.169.254"));
        assert!(
            refused.to_string().contains("allow_private_endpoints"),
            "{refused}"
        );
        assert!(refuse_private_literal(&url("http://[::1]:3100/")).is_err());
        assert!(refuse_private_literal(&url("https://8.8.8.8/")).is_ok());
        assert!(
            refuse_private_literal(&url("http://localhost:3100/")).is_ok(),
            "names are the resolver's to check"
        );
    }

    #[tokio::test]
    async fn the_resolver_refuses_a_name_of_a_private_address() {
        let refused = PublicOnly
            .resolve("localhost".parse::<Name>().expect("a host name"))
            .await
            .err()
            .expect("localhost is loopback");

        let private = refused
            .downcast_ref::<PrivateEndpoint>()
            .expect("a PrivateEndpoint");
        assert_eq!(private.host, "localhost");
        assert!(private.address.is_loopback());
    }
}
