//! The `endpoint` setting of the HTTP gateways: empty means the vendor's public API, a bare
//! host means HTTPS, and an explicit `http://` or `https://` URL (the emulator, a proxy) is
//! taken as given.

use reqwest::Url;

/// The base URL for `setting`, or `default` when it is empty. `None` when it is not an
/// http(s) URL with a host.
pub fn base_url(setting: &str, default: &str) -> Option<Url> {
    let setting = setting.trim();
    let text = if setting.is_empty() {
        default.to_owned()
    } else if setting.contains("://") {
        setting.to_owned()
    } else {
        format!("https://{setting}")
    };
    Url::parse(&text)
        .ok()
        .filter(|url| matches!(url.scheme(), "http" | "https") && url.host_str().is_some())
}

/// The `Host` header reqwest sends for `url`: the host, with the port only when it is not the
/// scheme's default. Signatures that cover `host` must sign exactly this.
pub fn host_header(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_bare_and_explicit_endpoints() {
        let default = "https://sms.tencentcloudapi.com";
        let url = |setting: &str| base_url(setting, default).map(|url| url.to_string());
        assert_eq!(url("").as_deref(), Some("https://sms.tencentcloudapi.com/"));
        assert_eq!(
            url("sms.ap-guangzhou.tencentcloudapi.com").as_deref(),
            Some("https://sms.ap-guangzhou.tencentcloudapi.com/")
        );
        assert_eq!(
            url("http://127.0.0.1:3100").as_deref(),
            Some("http://127.0.0.1:3100/")
        );
        assert_eq!(url("ftp://example.com"), None);
        assert_eq!(url("https://"), None);
    }

    #[test]
    fn the_host_header_names_the_port_only_when_it_is_not_the_default() {
        let host = |text: &str| host_header(&Url::parse(text).expect("a URL"));
        assert_eq!(
            host("https://sms.tencentcloudapi.com/"),
            "sms.tencentcloudapi.com"
        );
        assert_eq!(host("https://example.com:443/"), "example.com");
        assert_eq!(host("http://127.0.0.1:3100/"), "127.0.0.1:3100");
    }
}
