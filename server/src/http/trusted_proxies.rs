//! The reverse proxies whose forwarding headers are believed, and the walk that finds the client
//! behind them.

use std::net::IpAddr;

use ipnet::IpNet;

/// The CIDR blocks of `trusted_proxies`. Empty trusts nobody: the peer is the client.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies {
    blocks: Vec<IpNet>,
}

impl TrustedProxies {
    /// Reads a comma-separated list such as `10.0.0.0/8, ::1/128, 192.0.2.7` (a bare address
    /// is a block of one). The error names the entry that is not a block.
    pub fn parse(list: &str) -> Result<Self, String> {
        let blocks = list
            .split(',')
            .map(str::trim)
            .filter(|entry| !entry.is_empty())
            .map(|entry| {
                entry
                    .parse::<IpNet>()
                    .or_else(|_| entry.parse::<IpAddr>().map(IpNet::from))
                    .map_err(|_| {
                        format!(
                            "trusted_proxies (VERIGATE_TRUSTED_PROXIES): {entry:?} is not an IP \
                             address or a CIDR block such as 10.0.0.0/8"
                        )
                    })
            })
            .collect::<Result<_, _>>()?;
        Ok(Self { blocks })
    }

    /// Whether `address` is one of the proxies (an IPv4-mapped IPv6 address counts as its IPv4
    /// address, as a dual-stack listener reports IPv4 peers).
    pub fn trusts(&self, address: IpAddr) -> bool {
        let address = address.to_canonical();
        self.blocks.iter().any(|block| block.contains(&address))
    }

    /// The client of a request that arrived from `peer` and carries `hops`, the addresses its
    /// forwarding header lists from the first client to the last proxy (`None` for an entry
    /// that is no address). Walking from the peer leftwards, the client is the first address
    /// that is not a trusted proxy: everything left of it was written by that untrusted party
    /// and may be invented. An entry that is no address ends the walk at the trusted proxy that
    /// wrote it, so nonsense in the header never picks an address of the sender's choosing.
    pub fn client(&self, peer: IpAddr, hops: &[Option<IpAddr>]) -> IpAddr {
        let mut client = peer.to_canonical();
        if !self.trusts(client) {
            return client;
        }
        for hop in hops.iter().rev() {
            match hop {
                Some(address) => {
                    client = address.to_canonical();
                    if !self.trusts(client) {
                        return client;
                    }
                }
                None => return client,
            }
        }
        client
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().expect("an IP address")
    }

    fn proxies(list: &str) -> TrustedProxies {
        TrustedProxies::parse(list).expect("a valid list")
    }

    #[test]
    fn blocks_and_bare_addresses_of_both_families_are_read() {
        let trusted = proxies(" 10.0.0.0/8, 192.0.2.7 ,fd00::/8,::1");

        assert!(trusted.trusts(ip("10.20.30.40")));
        assert!(trusted.trusts(ip("192.0.2.7")));
        assert!(!trusted.trusts(ip("192.0.2.8")));
        assert!(trusted.trusts(ip("fd12::1")));
        assert!(trusted.trusts(ip("::1")));
        assert!(!trusted.trusts(ip("2001:db8::1")));
        assert!(trusted.trusts(ip("::ffff:10.1.1.1")), "IPv4-mapped");
    }

    #[test]
    fn an_empty_list_trusts_nobody_and_a_bad_entry_is_named() {
        assert_eq!(proxies(""), TrustedProxies::default());
        assert!(!proxies(" , ").trusts(ip("127.0.0.1")));

        let refused = TrustedProxies::parse("10.0.0.0/8, proxy.local").expect_err("a name");
        assert!(refused.contains("\"proxy.local\""), "{refused}");
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
    }

    #[test]
    fn an_untrusted_peer_is_the_client_whatever_it_forwards() {
        let trusted = proxies("10.0.0.0/8");

        assert_eq!(
            trusted.client(ip("203.0.113.9"), &[Some(ip("198.51.100.1"))]),
            ip("203.0.113.9")
        );
    }

    #[test]
    fn the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy() {
        let trusted = proxies("10.0.0.0/8");
        let hops = [
            Some(ip("1.1.1.1")),     // invented by the client
            Some(ip("203.0.113.9")), // the client, as the outer proxy saw it
            Some(ip("10.0.0.2")),    // the outer proxy, as the inner one saw it
        ];

        assert_eq!(trusted.client(ip("10.0.0.1"), &hops), ip("203.0.113.9"));
    }

    #[test]
    fn a_trusted_peer_without_a_header_or_with_only_proxies_gives_the_leftmost_proxy() {
        let trusted = proxies("10.0.0.0/8");

        assert_eq!(trusted.client(ip("10.0.0.1"), &[]), ip("10.0.0.1"));
        assert_eq!(
            trusted.client(
                ip("10.0.0.1"),
                &[Some(ip("10.0.0.3")), Some(ip("10.0.0.2"))]
            ),
            ip("10.0.0.3")
        );
    }

    #[test]
    fn garbage_ends_the_walk_at_the_proxy_that_forwarded_it() {
        let trusted = proxies("10.0.0.0/8");

        assert_eq!(
            trusted.client(ip("10.0.0.1"), &[Some(ip("1.1.1.1")), None]),
            ip("10.0.0.1")
        );
        assert_eq!(
            trusted.client(ip("10.0.0.1"), &[None, Some(ip("10.0.0.2"))]),
            ip("10.0.0.2")
        );
    }

    #[test]
    fn ipv6_clients_and_mapped_peers_are_compared_canonically() {
        let trusted = proxies("127.0.0.1");

        assert_eq!(
            trusted.client(ip("::ffff:127.0.0.1"), &[Some(ip("2001:db8::7"))]),
            ip("2001:db8::7")
        );
    }
}
