//! A stand-in for a webhook provider's receiver.

use std::sync::{Arc, Mutex};

use axum::{Router, extract::State, http::HeaderMap, routing::post};

/// What the receiver got: each request's headers and body.
type Received = Arc<Mutex<Vec<(HeaderMap, String)>>>;

/// A receiver for the webhook provider that records what arrives and answers with `status`.
pub struct WebhookReceiver {
    pub url: String,
    pub received: Received,
}

impl WebhookReceiver {
    pub async fn start(status: u16) -> Self {
        let received: Received = Default::default();
        let app =
            Router::new()
                .route(
                    "/hook",
                    post(
                        move |State(received): State<Received>,
                              headers: HeaderMap,
                              body: String| async move {
                            received.lock().expect("lock").push((headers, body));
                            (
                                axum::http::StatusCode::from_u16(status).expect("status"),
                                r#"{"id":"hook-123"}"#,
                            )
                        },
                    ),
                )
                .with_state(received.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let url = format!("http://{}/hook", listener.local_addr().expect("address"));
        tokio::spawn(async move { axum::serve(listener, app).await });
        Self { url, received }
    }
}
