//! `Idempotency-Key`: a client that retries a start (a timeout, a crash) with the same key and
//! body gets the first answer again, and no second message is sent. Only successes are kept:
//! after an error nothing was sent, so a retry runs afresh.

use std::future::Future;

use axum::{
    http::{HeaderMap, HeaderName, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use sha2::{Digest, Sha256};

use super::problem::{Problem, ProblemCode};
use crate::{
    domain::api_keys::ApiCaller,
    http::api::{ApiState, log_unexpected},
    store::idempotency::Claim,
};

pub const HEADER: &str = "idempotency-key";
/// Set on an answer that is a replay of the first one.
const REPLAYED: &str = "idempotent-replayed";
const MAX_KEY_LEN: usize = 255;

/// A finished answer: its status and JSON body.
pub struct Answer {
    pub status: StatusCode,
    pub body: String,
}

impl IntoResponse for Answer {
    fn into_response(self) -> Response {
        (
            self.status,
            [(header::CONTENT_TYPE, "application/json")],
            self.body,
        )
            .into_response()
    }
}

/// The request's idempotency key, if it has a well-formed one.
pub fn key_of(headers: &HeaderMap) -> Result<Option<String>, Problem> {
    let Some(value) = headers.get(HEADER) else {
        return Ok(None);
    };
    value
        .to_str()
        .ok()
        .map(str::trim)
        .filter(|key| (1..=MAX_KEY_LEN).contains(&key.len()))
        .map(|key| Some(key.to_owned()))
        .ok_or_else(|| {
            Problem::invalid(
                &["Idempotency-Key"],
                "An Idempotency-Key is 1 to 255 visible ASCII characters.",
            )
        })
}

/// Runs `operation` once per key and body: a replay of the kept answer, a refusal when the key
/// was used for another body or is being answered right now, or the operation's own answer.
pub async fn once(
    state: &ApiState,
    caller: &ApiCaller,
    key: Option<&str>,
    canonical_body: &str,
    operation: impl Future<Output = Result<Answer, Problem>>,
) -> Response {
    let Some(key) = key else {
        return operation.await.into_response();
    };
    let db = &state.api.db;
    let hash = hex::encode(Sha256::digest(canonical_body.as_bytes()));
    let now = state.api.clock.now_ms();
    match db.claim_idempotent(&caller.sid, key, &hash, now).await {
        Err(error) => Problem::internal(&error).into_response(),
        Ok(Claim::Replay { status, body }) => {
            let mut response = Answer {
                status: StatusCode::from_u16(status).unwrap_or(StatusCode::OK),
                body,
            }
            .into_response();
            response.headers_mut().insert(
                HeaderName::from_static(REPLAYED),
                HeaderValue::from_static("true"),
            );
            response
        }
        Ok(Claim::InProgress) => Problem::new(
            StatusCode::CONFLICT,
            ProblemCode::IdempotencyKeyInUse,
            "A request with this Idempotency-Key is still being answered; retry shortly.",
        )
        .on(&["Idempotency-Key"])
        .into_response(),
        Ok(Claim::Mismatch) => Problem::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            ProblemCode::IdempotencyKeyReused,
            "This Idempotency-Key was used with another request body.",
        )
        .on(&["Idempotency-Key"])
        .into_response(),
        Ok(Claim::Fresh) => match operation.await {
            Ok(answer) => {
                if let Err(error) = db
                    .complete_idempotent(&caller.sid, key, answer.status.as_u16(), &answer.body)
                    .await
                {
                    // The answer stands. The key stays claimed, so a retry is told to wait
                    // rather than sending a second message.
                    log_unexpected(&error, "api/v1");
                }
                answer.into_response()
            }
            Err(problem) => {
                if let Err(error) = db.release_idempotent(&caller.sid, key).await {
                    log_unexpected(&error, "api/v1");
                }
                problem.into_response()
            }
        },
    }
}
