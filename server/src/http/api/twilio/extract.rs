//! `/v2`'s extractors: the caller, the form parameters, the path's SIDs, and where the request
//! was sent (for absolute URLs and 20404 messages). Each refuses in Twilio's error format.

use std::collections::HashMap;

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, OriginalUri, Path, Request},
    http::{header, request::Parts},
};
use serde::de::DeserializeOwned;

use super::error::TwilioError;
use crate::{
    domain::api_keys::ApiCaller,
    http::api::{ApiState, auth},
};

/// The API key the request was made with (Twilio's libraries send HTTP Basic `SID:secret`).
pub struct TwilioCaller(pub ApiCaller);

impl FromRequestParts<ApiState> for TwilioCaller {
    type Rejection = TwilioError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, TwilioError> {
        Ok(Self(
            auth::authenticate(&state.api.keys, &parts.headers).await?,
        ))
    }
}

/// Where the request was sent: `scheme://host` (the scheme of the public URL, the request's
/// `Host`) and its path.
pub struct Site {
    pub base: String,
    pub path: String,
}

impl FromRequestParts<ApiState> for Site {
    type Rejection = TwilioError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, TwilioError> {
        let path = original_path(parts);
        let (scheme, public_host) = state
            .public_origin
            .split_once("://")
            .unwrap_or(("http", &state.public_origin));
        let host = parts
            .headers
            .get(header::HOST)
            .and_then(|value| value.to_str().ok())
            .filter(|host| is_authority(host))
            .unwrap_or(public_host);
        Ok(Self {
            base: format!("{scheme}://{host}"),
            path,
        })
    }
}

/// The request's path as sent (with `/v2`, which nesting strips from `parts.uri`).
fn original_path(parts: &Parts) -> String {
    parts
        .extensions
        .get::<OriginalUri>()
        .map_or_else(|| parts.uri.path(), |original| original.0.path())
        .to_owned()
}

/// A plausible `host[:port]`: nothing that could bend the URLs built from it.
fn is_authority(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 255
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// The path's parameters, e.g. `(ServiceSid, Sid)`; a path that does not decode is not found.
pub struct Sids<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Sids<T> {
    type Rejection = TwilioError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, TwilioError> {
        match Path::<T>::from_request_parts(parts, state).await {
            Ok(Path(value)) => Ok(Self(value)),
            Err(_) => Err(TwilioError::not_found(&original_path(parts))),
        }
    }
}

/// Form parameters (`application/x-www-form-urlencoded`, PascalCase names). The libraries send
/// only what the caller set; a repeated name keeps its first value.
pub struct Params(HashMap<String, String>);

impl Params {
    /// A parameter's value, if given and not empty.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .get(name)
            .map(String::as_str)
            .filter(|value| !value.is_empty())
    }
}

impl<S: Send + Sync> FromRequest<S> for Params {
    type Rejection = TwilioError;

    async fn from_request(request: Request, state: &S) -> Result<Self, TwilioError> {
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|_| TwilioError::invalid("body"))?;
        let mut params = HashMap::new();
        for (name, value) in url::form_urlencoded::parse(&bytes) {
            params
                .entry(name.into_owned())
                .or_insert_with(|| value.into_owned());
        }
        Ok(Self(params))
    }
}

/// The query string's parameters (`PageSize`, `Page`).
pub fn query(parts_query: Option<&str>) -> HashMap<String, String> {
    url::form_urlencoded::parse(parts_query.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}
