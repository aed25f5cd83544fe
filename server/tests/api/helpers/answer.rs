//! What a server function answered, typed: its value, or how it refused.

use app::AppError;
use reqwest::{Response, StatusCode, header::RETRY_AFTER};
use serde::de::DeserializeOwned;

/// How a server function refused a call.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub status: StatusCode,
    pub error: AppError,
    /// The `Retry-After` seconds, when the answer has them.
    pub retry_after: Option<u64>,
}

/// A server function's answer: what it returned, or how it refused.
pub type Answer<T> = Result<T, Refusal>;

/// A function that returns a value: `200 OK` with a `T`, or a refusal.
pub async fn returned<T: DeserializeOwned>(response: Response) -> Answer<T> {
    if response.status() != StatusCode::OK {
        return Err(refusal(response).await);
    }
    Ok(response
        .json()
        .await
        .unwrap_or_else(|error| panic!("a {}: {error}", std::any::type_name::<T>())))
}

/// A form's action: done when it succeeds or sends the browser on (a redirect), else a refusal.
pub async fn done(response: Response) -> Answer<()> {
    let status = response.status();
    if status.is_success() || status.is_redirection() {
        Ok(())
    } else {
        Err(refusal(response).await)
    }
}

/// The refusal in an answer that is not a success; every refusal carries an `AppError`.
async fn refusal(response: Response) -> Refusal {
    let status = response.status();
    let retry_after = response.headers().get(RETRY_AFTER).map(|value| {
        value
            .to_str()
            .ok()
            .and_then(|text| text.parse().ok())
            .unwrap_or_else(|| panic!("Retry-After is whole seconds: {value:?}"))
    });
    let body = response.text().await.expect("the body of a refusal");
    let error = serde_json::from_str(&body)
        .unwrap_or_else(|_| panic!("a {status} carries an AppError: {body}"));
    Refusal {
        status,
        error,
        retry_after,
    }
}
