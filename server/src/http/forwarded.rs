//! The addresses a request's forwarding header lists, from the first client to the last proxy:
//! `X-Forwarded-For`, or RFC 7239 `Forwarded` (`for=`) when there is no `X-Forwarded-For`.
//!
//! `X-Forwarded-For` comes first because it is what nginx, Caddy, Traefik, HAProxy and the
//! cloud load balancers write; most of them pass a `Forwarded` header through untouched, so
//! preferring it would let a client put its own words where the proxy's were expected.

use std::net::{IpAddr, SocketAddr};

use axum::http::HeaderMap;

const X_FORWARDED_FOR: &str = "x-forwarded-for";
const FORWARDED: &str = "forwarded";

/// Every hop of the request's forwarding header, in order; `None` for an entry that is no
/// address (`unknown`, an obfuscated `_name`, garbage). Several header lines read as one list.
pub fn hops(headers: &HeaderMap) -> Vec<Option<IpAddr>> {
    if headers.contains_key(X_FORWARDED_FOR) {
        entries(headers, X_FORWARDED_FOR)
            .map(|entry| node(entry.trim()))
            .collect()
    } else {
        entries(headers, FORWARDED)
            .map(|element| forwarded_for(&element))
            .collect()
    }
}

/// The comma-separated entries of every line of header `name`, commas inside quotes kept. A
/// line that is not text is one entry that is no address.
fn entries<'a>(headers: &'a HeaderMap, name: &str) -> impl Iterator<Item = String> + 'a {
    headers
        .get_all(name)
        .into_iter()
        .flat_map(|value| match value.to_str() {
            Ok(text) => split_outside_quotes(text, ','),
            Err(_) => vec![String::from("\u{fffd}")],
        })
}

fn split_outside_quotes(text: &str, separator: char) -> Vec<String> {
    let mut parts = vec![String::new()];
    let mut quoted = false;
    for character in text.chars() {
        match character {
            '"' => quoted = !quoted,
            c if c == separator && !quoted => {
                parts.push(String::new());
                continue;
            }
            _ => {}
        }
        if let Some(part) = parts.last_mut() {
            part.push(character);
        }
    }
    parts
}

/// The `for=` node of one `Forwarded` element (`for=192.0.2.60;proto=http;by=…`).
fn forwarded_for(element: &str) -> Option<IpAddr> {
    split_outside_quotes(element, ';')
        .iter()
        .filter_map(|pair| pair.split_once('='))
        .find(|(name, _)| name.trim().eq_ignore_ascii_case("for"))
        .and_then(|(_, value)| node(value.trim().trim_matches('"')))
}

/// One node: `192.0.2.60`, `192.0.2.60:4711`, `2001:db8::1`, `[2001:db8::1]` or
/// `[2001:db8::1]:4711`; the port is dropped.
fn node(text: &str) -> Option<IpAddr> {
    if let Ok(address) = text.parse::<IpAddr>() {
        return Some(address);
    }
    if let Ok(address) = text.parse::<SocketAddr>() {
        return Some(address.ip());
    }
    text.strip_prefix('[')?
        .strip_suffix(']')?
        .parse::<std::net::Ipv6Addr>()
        .ok()
        .map(IpAddr::V6)
}

#[cfg(test)]
mod tests {
    use axum::http::HeaderValue;

    use super::*;

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().expect("an IP address"))
    }

    fn headers(lines: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in lines {
            headers.append(*name, HeaderValue::from_static(value));
        }
        headers
    }

    #[test]
    fn x_forwarded_for_lists_ipv4_and_ipv6_with_or_without_ports() {
        let read = hops(&headers(&[(
            "X-Forwarded-For",
            "203.0.113.9, 2001:db8::1 ,198.51.100.2:8080, [2001:db8::2]:443, [::1]",
        )]));

        assert_eq!(
            read,
            vec![
                ip("203.0.113.9"),
                ip("2001:db8::1"),
                ip("198.51.100.2"),
                ip("2001:db8::2"),
                ip("::1")
            ]
        );
    }

    #[test]
    fn several_header_lines_read_as_one_list_in_order() {
        let read = hops(&headers(&[
            ("X-Forwarded-For", "1.1.1.1, 2.2.2.2"),
            ("X-Forwarded-For", "3.3.3.3"),
        ]));

        assert_eq!(read, vec![ip("1.1.1.1"), ip("2.2.2.2"), ip("3.3.3.3")]);
    }

    #[test]
    fn forwarded_for_nodes_quoted_bracketed_with_ports_and_other_parameters() {
        let read = hops(&headers(&[
            (
                "Forwarded",
                r#"for=192.0.2.60;proto=http;by=203.0.113.43, For="[2001:db8:cafe::17]:4711""#,
            ),
            (
                "Forwarded",
                r#"proto=https; for="[::1]:80", for=198.51.100.7:1234"#,
            ),
        ]));

        assert_eq!(
            read,
            vec![
                ip("192.0.2.60"),
                ip("2001:db8:cafe::17"),
                ip("::1"),
                ip("198.51.100.7")
            ]
        );
    }

    #[test]
    fn entries_that_are_no_address_are_kept_as_unknown_hops() {
        let read = hops(&headers(&[(
            "Forwarded",
            r#"for=unknown, for=_hidden, by=10.0.0.1, for="[not-an-ip]", for=1.2.3.4"#,
        )]));
        assert_eq!(read, vec![None, None, None, None, ip("1.2.3.4")]);

        let read = hops(&headers(&[(
            "X-Forwarded-For",
            "garbage, , 999.1.1.1, 5.6.7.8",
        )]));
        assert_eq!(read, vec![None, None, None, ip("5.6.7.8")]);
    }

    #[test]
    fn a_quoted_comma_does_not_split_an_element() {
        let read = hops(&headers(&[(
            "Forwarded",
            r#"for="1.1.1.1, 2.2.2.2", for=3.3.3.3"#,
        )]));

        assert_eq!(read, vec![None, ip("3.3.3.3")]);
    }

    #[test]
    fn x_forwarded_for_wins_over_forwarded_and_no_header_means_no_hops() {
        let read = hops(&headers(&[
            ("Forwarded", "for=9.9.9.9"),
            ("X-Forwarded-For", "1.1.1.1"),
        ]));
        assert_eq!(read, vec![ip("1.1.1.1")]);

        assert!(hops(&HeaderMap::new()).is_empty());
    }

    #[test]
    fn a_header_line_that_is_not_text_is_one_unknown_hop() {
        let mut map = HeaderMap::new();
        map.append(
            "X-Forwarded-For",
            HeaderValue::from_bytes(b"\xff\xfe").expect("opaque bytes are a header value"),
        );

        assert_eq!(hops(&map), vec![None]);
    }
}
