//! Refuses requests for a host name that is not this server's. A page on another site can point
//! its own DNS name at this server's address (DNS rebinding) and then talk to it as same-origin:
//! the `Host` header still carries the other name, so it is checked against the public URL and
//! the address the server listens on. `/healthz` answers any name, for load balancers that probe
//! by address; the API for other applications checks keys, not names, and is not wrapped.

use std::{net::SocketAddr, sync::Arc};

use axum::{
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::Next,
    response::{IntoResponse, Response},
};

/// The `host[:port]` values this server answers to, in lower case.
#[derive(Clone, Debug)]
pub struct AllowedHosts(Arc<[String]>);

impl AllowedHosts {
    /// The public origin's authority (with and without its default port) and the bound address;
    /// on a loopback or unspecified address also `localhost`, `127.0.0.1` and `[::1]` at its port.
    pub fn new(public_origin: &str, bound: SocketAddr) -> Self {
        let mut hosts = Vec::new();
        if let Ok(url) = url::Url::parse(public_origin)
            && let Some(host) = url.host_str()
        {
            let port = url.port_or_known_default();
            let host = host.to_ascii_lowercase();
            if url.port().is_none() {
                hosts.push(host.clone());
            }
            if let Some(port) = port {
                hosts.push(format!("{host}:{port}"));
            }
        }
        hosts.push(bound.to_string());
        let ip = bound.ip();
        if ip.is_loopback() || ip.is_unspecified() {
            for name in ["localhost", "127.0.0.1", "[::1]"] {
                hosts.push(format!("{name}:{}", bound.port()));
            }
        }
        hosts.sort();
        hosts.dedup();
        Self(hosts.into())
    }

    /// Whether a request with this `Host` header is for this server. A request without one
    /// (HTTP/1.0, a program) is: browsers always send it.
    pub fn allows(&self, host: Option<&str>) -> bool {
        match host {
            None => true,
            Some(host) => {
                let host = host.trim().to_ascii_lowercase();
                self.0.contains(&host)
            }
        }
    }
}

pub async fn refuse_unknown_hosts(
    State(allowed): State<AllowedHosts>,
    request: Request,
    next: Next,
) -> Response {
    let host = request
        .headers()
        .get(header::HOST)
        .map(|value| value.to_str().unwrap_or("\u{fffd}"));
    if request.uri().path() == "/healthz" || allowed.allows(host) {
        return next.run(request).await;
    }
    tracing::warn!(
        host = host.unwrap_or_default(),
        "refused a request for another host name; set VERIGATE_PUBLIC_URL to the address \
         users reach this server at"
    );
    (
        StatusCode::MISDIRECTED_REQUEST,
        "This server does not answer to that host name. Its operator lists the address users \
         reach it at in VERIGATE_PUBLIC_URL.\n",
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_public_name_and_the_bound_address_are_allowed_and_others_are_not() {
        let allowed = AllowedHosts::new(
            "https://Verify.Example.com",
            SocketAddr::from(([10, 0, 0, 5], 3000)),
        );
        for host in [
            "verify.example.com",
            "VERIFY.example.com:443",
            "10.0.0.5:3000",
        ] {
            assert!(allowed.allows(Some(host)), "{host}");
        }
        for host in [
            "evil.example",
            "verify.example.com:3000",
            "verify.example.com.evil.example",
            "localhost:3000",
            "10.0.0.5",
            "",
        ] {
            assert!(!allowed.allows(Some(host)), "{host}");
        }
        assert!(allowed.allows(None));
    }

    #[test]
    fn a_loopback_server_answers_to_its_loopback_names_at_its_port_only() {
        let allowed = AllowedHosts::new(
            "http://127.0.0.1:3000",
            SocketAddr::from(([127, 0, 0, 1], 3000)),
        );
        for host in ["127.0.0.1:3000", "localhost:3000", "[::1]:3000"] {
            assert!(allowed.allows(Some(host)), "{host}");
        }
        for host in ["localhost:3001", "127.0.0.1", "rebound.evil.example:3000"] {
            assert!(!allowed.allows(Some(host)), "{host}");
        }
    }
}
