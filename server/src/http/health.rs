//! `GET /healthz`: 200 when the database answers, 503 when it does not answer within
//! [`DATABASE_DEADLINE`].

use std::time::Duration;

use axum::{Json, Router, extract::State, http::StatusCode, routing::get};
use serde_json::{Value, json};

use crate::store::Db;

/// How long a probe waits for the database. Without a bound, a probe made while the database is
/// down would wait out the pool's 10 s acquire timeout, longer than load balancers wait (a
/// Kubernetes probe 1 s by default, an AWS target group's check 5 s), so they would see a
/// timeout instead of the 503 that says why.
const DATABASE_DEADLINE: Duration = Duration::from_secs(2);

#[derive(Clone)]
struct Probe {
    db: Db,
    deadline: Duration,
}

pub fn router(db: Db) -> Router {
    Router::new()
        .route("/healthz", get(health))
        .with_state(Probe {
            db,
            deadline: DATABASE_DEADLINE,
        })
}

async fn health(State(probe): State<Probe>) -> (StatusCode, Json<Value>) {
    let answer = tokio::time::timeout(probe.deadline, probe.db.ping()).await;
    match answer {
        Ok(Ok(())) => (
            StatusCode::OK,
            Json(json!({ "status": "ok", "database": "ok" })),
        ),
        Ok(Err(error)) => unavailable(&error),
        Err(elapsed) => unavailable(&anyhow::anyhow!(elapsed).context(format!(
            "the database did not answer within {} ms",
            probe.deadline.as_millis()
        ))),
    }
}

fn unavailable(error: &anyhow::Error) -> (StatusCode, Json<Value>) {
    tracing::error!(error.cause_chain = ?error, "health check: database unavailable");
    (
        StatusCode::SERVICE_UNAVAILABLE,
        Json(json!({ "status": "unavailable", "database": "unavailable" })),
    )
}

#[cfg(test)]
mod tests {
    use std::time::Instant;

    use super::*;

    /// SQLite's pool has one connection: holding it stands for a database that does not answer.
    #[tokio::test]
    async fn a_database_that_does_not_answer_in_time_is_unavailable() {
        let dir = tempfile::tempdir().expect("temp dir");
        let url = format!("sqlite://{}/health.db", dir.path().display());
        let db = Db::connect(&url).await.expect("database");
        let probe = || {
            State(Probe {
                db: db.clone(),
                deadline: Duration::from_millis(50),
            })
        };
        assert_eq!(health(probe()).await.0, StatusCode::OK);

        let held = db.pool.acquire().await.expect("the one connection");
        let started = Instant::now();
        assert_eq!(health(probe()).await.0, StatusCode::SERVICE_UNAVAILABLE);
        assert!(
            started.elapsed() < Duration::from_secs(5),
            "{:?}",
            started.elapsed()
        );

        drop(held);
        assert_eq!(health(probe()).await.0, StatusCode::OK);
    }
}
