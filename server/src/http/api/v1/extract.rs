//! The native API's extractors: the caller, a JSON body and a path parameter, each refusing
//! with a problem (never axum's plain-text rejections).

use axum::{
    body::Bytes,
    extract::{FromRequest, FromRequestParts, Path, Request},
    http::{StatusCode, header, request::Parts},
};
use serde::de::DeserializeOwned;

use super::problem::{Problem, ProblemCode};
use crate::{
    domain::api_keys::ApiCaller,
    http::api::{ApiState, auth},
};

/// The API key the request was made with.
pub struct Caller(pub ApiCaller);

impl FromRequestParts<ApiState> for Caller {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, Problem> {
        Ok(Self(
            auth::authenticate(&state.api.keys, &parts.headers).await?,
        ))
    }
}

/// A JSON body of type `T`, and its canonical form (keys sorted, no whitespace) for
/// idempotency checks.
pub struct JsonBody<T> {
    pub value: T,
    pub canonical: String,
}

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for JsonBody<T> {
    type Rejection = Problem;

    async fn from_request(request: Request, state: &S) -> Result<Self, Problem> {
        let is_json = request
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|value| value.to_str().ok())
            .and_then(|value| value.split(';').next())
            .map(|essence| essence.trim().to_ascii_lowercase())
            .is_some_and(|essence| essence == "application/json" || essence.ends_with("+json"));
        if !is_json {
            return Err(Problem::new(
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                ProblemCode::UnsupportedMediaType,
                "Send the body as `Content-Type: application/json`.",
            ));
        }
        let bytes = Bytes::from_request(request, state).await.map_err(|_| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                ProblemCode::MalformedRequest,
                "The body could not be read (too large?).",
            )
        })?;
        let tree: serde_json::Value = serde_json::from_slice(&bytes).map_err(|_| {
            Problem::new(
                StatusCode::BAD_REQUEST,
                ProblemCode::MalformedRequest,
                "The body is not JSON.",
            )
        })?;
        if !tree.is_object() {
            return Err(Problem::new(
                StatusCode::BAD_REQUEST,
                ProblemCode::MalformedRequest,
                "The body must be a JSON object.",
            ));
        }
        let value = serde_path_to_error::deserialize(&tree).map_err(|error| {
            let field = field_of(&error);
            let detail = format!("The body does not fit: {}.", error.inner());
            match field {
                Some(field) => Problem::invalid(&[&field], detail),
                None => Problem::new(
                    StatusCode::BAD_REQUEST,
                    ProblemCode::InvalidParameter,
                    detail,
                ),
            }
        })?;
        Ok(Self {
            value,
            canonical: tree.to_string(),
        })
    }
}

/// The field a deserialization error is about: its path, or the field a missing or unknown
/// field error names.
fn field_of(error: &serde_path_to_error::Error<serde_json::Error>) -> Option<String> {
    let path = error.path().to_string();
    if !path.is_empty() && path != "." {
        return Some(path);
    }
    let message = error.inner().to_string();
    let start = message.find('`')? + 1;
    let length = message[start..].find('`')?;
    Some(message[start..start + length].to_owned())
}

/// The one path parameter of a route (a verification's id).
pub struct Id(pub String);

impl<S: Send + Sync> FromRequestParts<S> for Id {
    type Rejection = Problem;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Problem> {
        let Path(id) = Path::<String>::from_request_parts(parts, state)
            .await
            .map_err(|_| {
                Problem::new(
                    StatusCode::NOT_FOUND,
                    ProblemCode::NotFound,
                    "No such verification.",
                )
            })?;
        Ok(Self(id))
    }
}
