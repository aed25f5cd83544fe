//! RFC 3986 percent-encoding, as the cloud vendors sign it, and the lenient-where-it-is-safe
//! query decoding their gateways apply before re-encoding.
//!
//! Never let `form_urlencoded` or reqwest's `.query()` build a signed query: they write a space
//! as `+`, leave `*` alone and escape `~`, so the bytes sent would differ from the bytes signed.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

/// Everything but the RFC 3986 unreserved characters `A-Z a-z 0-9 - _ . ~`.
const RESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// `text` as UTF-8 with every byte outside `A-Za-z0-9-_.~` written `%XY` (upper-case hex):
/// space is `%20`, `*` is `%2A`, `+` is `%2B`, `/` is `%2F`, `~` stays `~`.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, RESERVED).to_string()
}

/// Why a query string could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    #[error("`%` at byte {0} is not followed by two hex digits")]
    BadEscape(usize),
    #[error("the decoded bytes are not UTF-8")]
    NotUtf8,
}

/// One query component decoded the way a servlet container does: `+` is a space and `%XY` is
/// the byte `XY`. A stray `%` or bytes that are not UTF-8 are errors, never guessed at.
pub fn decode(text: &str) -> Result<String, DecodeError> {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        match byte {
            b'+' => decoded.push(b' '),
            b'%' => {
                let high = bytes.get(at + 1).and_then(|b| hex_value(*b));
                let low = bytes.get(at + 2).and_then(|b| hex_value(*b));
                let (Some(high), Some(low)) = (high, low) else {
                    return Err(DecodeError::BadEscape(at));
                };
                decoded.push((high << 4) | low);
                at += 2;
            }
            other => decoded.push(other),
        }
        at += 1;
    }
    String::from_utf8(decoded).map_err(|_| DecodeError::NotUtf8)
}

/// The pairs of a query string (or form body) in order, names and values decoded. Pairs split
/// on `&` and on their first `=`; a pair without `=` has an empty value; empty pairs are skipped.
pub fn decode_pairs(query: &str) -> Result<Vec<(String, String)>, DecodeError> {
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            Ok((decode(name)?, decode(value)?))
        })
        .collect()
}

fn hex_value(byte: u8) -> Option<u8> {
    char::from(byte)
        .to_digit(16)
        .and_then(|digit| u8::try_from(digit).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_unreserved_characters_stay_as_they_are() {
        let cases = [
            ("AZaz09-_.~", "AZaz09-_.~"),
            ("a b", "a%20b"),
            ("*", "%2A"),
            ("+8613800138000", "%2B8613800138000"),
            ("/", "%2F"),
            ("=&:", "%3D%26%3A"),
            ("!'()", "%21%27%28%29"),
            ("阿里", "%E9%98%BF%E9%87%8C"),
            (r#"{"code":"1234"}"#, "%7B%22code%22%3A%221234%22%7D"),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(encode(text), expected, "{text:?}");
        }
    }

    #[test]
    fn decoding_reads_plus_as_space_and_escapes_in_either_case() {
        let cases = [
            ("a+b", "a b"),
            ("a%20b", "a b"),
            ("%2B86", "+86"),
            ("%7e%7E~", "~~~"),
            ("Test%20(1)*!%27~%20%E6%B5%8B%E8%AF%95", "Test (1)*!'~ 测试"),
            ("", ""),
        ];
        for (text, expected) in cases {
            assert_eq!(decode(text).as_deref(), Ok(expected), "{text:?}");
        }
    }

    #[test]
    fn malformed_escapes_and_non_utf8_are_errors() {
        assert_eq!(decode("100%"), Err(DecodeError::BadEscape(3)));
        assert_eq!(decode("%4"), Err(DecodeError::BadEscape(0)));
        assert_eq!(decode("%zz"), Err(DecodeError::BadEscape(0)));
        assert_eq!(decode("%FF"), Err(DecodeError::NotUtf8));
    }

    #[test]
    fn encoding_then_decoding_gives_the_text_back() {
        for text in ["a b+c", "*~/%", "阿里云短信测试", "Test (1)*!'~ 测试"] {
            assert_eq!(decode(&encode(text)).as_deref(), Ok(text));
        }
    }

    #[test]
    fn query_pairs_split_on_the_first_equals_sign() {
        assert_eq!(
            decode_pairs("a=1&&b=x%3Dy=z&c&d="),
            Ok(vec![
                ("a".into(), "1".into()),
                ("b".into(), "x=y=z".into()),
                ("c".into(), String::new()),
                ("d".into(), String::new()),
            ])
        );
        assert!(decode_pairs("a=%G1").is_err());
    }
}
