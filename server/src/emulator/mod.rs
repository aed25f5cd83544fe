//! A local stand-in for the SMS gateways, as strict as the real ones: it checks each request's
//! signature, clock window, nonce and parameters the way the vendor does and answers with the
//! vendor's own success and error shapes. Accepted messages land in its inbox.
//!
//! Enabled by `VERIGATE_EMULATOR=1`; it listens on its own address because the official SDKs
//! always send to `/` of the endpoint host. The vendor is told from the request itself.

pub mod aliyun;
mod console;
pub mod faults;
mod inbox;
pub mod nonces;
pub mod request;
mod settings;
pub mod tencent;
#[cfg(test)]
mod test_gateway;
pub mod twilio;

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context as _;
use axum::{body::Bytes, http::HeaderMap, response::IntoResponse};
use tokio::net::TcpListener;

pub use console::Console;
pub use faults::{Fault, Faults};
pub use inbox::{Inbox, InboxMessage};
pub use nonces::NonceCache;
pub use request::{Accepted, EmulatorRequest, Handled, Reply};
pub use settings::{AllowList, EmulatorSettings, KeyPair};

use crate::clock::Clock;

/// How long a `timeout` fault holds the connection before giving up (longer than any client's
/// total timeout).
const HANG_FOR: Duration = Duration::from_secs(30);

/// What a vendor module needs to judge one request.
pub struct Context<'a> {
    /// The emulator's clock, UTC milliseconds.
    pub now_ms: i64,
    /// This vendor's credentials.
    pub credentials: &'a KeyPair,
    pub nonces: &'a NonceCache,
    pub faults: &'a Faults,
    pub allowed: &'a AllowList,
}

/// The vendor a request is meant for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Vendor {
    Aliyun,
    Tencent,
    Twilio,
}

impl Vendor {
    /// Tells the vendor from the request, as the SDKs send it: Tencent by `X-TC-Action`, Twilio
    /// by its path, Aliyun by `x-acs-action` or an `Action` query parameter.
    pub fn of(request: &EmulatorRequest) -> Option<Self> {
        if request.path.starts_with("/2010-04-01/Accounts/") {
            Some(Self::Twilio)
        } else if request.header("x-tc-action").is_some() {
            Some(Self::Tencent)
        } else if request.header("x-acs-action").is_some()
            || request
                .query
                .split('&')
                .any(|pair| pair.starts_with("Action="))
        {
            Some(Self::Aliyun)
        } else {
            None
        }
    }
}

/// The emulator: credentials, replay cache, faults, and where accepted messages go.
pub struct Emulator {
    settings: EmulatorSettings,
    nonces: NonceCache,
    faults: Faults,
    clock: Arc<dyn Clock>,
    inbox: Inbox,
}

impl Emulator {
    pub fn new(
        settings: EmulatorSettings,
        clock: Arc<dyn Clock>,
        inbox: Inbox,
    ) -> anyhow::Result<Self> {
        let faults = Faults::parse(&settings.faults)
            .map_err(anyhow::Error::msg)
            .context("VERIGATE_EMULATOR_FAULTS")?;
        Ok(Self {
            settings,
            nonces: NonceCache::default(),
            faults,
            clock,
            inbox,
        })
    }

    /// What it accepted.
    pub fn inbox(&self) -> &Inbox {
        &self.inbox
    }

    /// Deletes what it accepted more than a week ago.
    pub async fn purge_inbox(&self) -> anyhow::Result<u64> {
        const KEEP_MS: i64 = 7 * 24 * 60 * 60 * 1000;
        self.inbox.purge(self.clock.now_ms() - KEEP_MS).await
    }

    pub fn settings(&self) -> &EmulatorSettings {
        &self.settings
    }

    /// Failures to simulate, changeable while running.
    pub fn faults(&self) -> &Faults {
        &self.faults
    }

    /// Judges one request (no I/O): the answer and the message accepted, if any.
    pub fn handle(&self, request: &EmulatorRequest) -> Handled {
        let Some(vendor) = Vendor::of(request) else {
            return Handled::refused(Reply::json(
                404,
                &serde_json::json!({
                    "error": "not an SMS API request: expected an Aliyun (x-acs-action or Action), \
                              Tencent (X-TC-Action) or Twilio (/2010-04-01/Accounts/…) request"
                }),
            ));
        };
        let credentials = match vendor {
            Vendor::Aliyun => &self.settings.aliyun,
            Vendor::Tencent => &self.settings.tencent,
            Vendor::Twilio => &self.settings.twilio,
        };
        let context = Context {
            now_ms: self.clock.now_ms(),
            credentials,
            nonces: &self.nonces,
            faults: &self.faults,
            allowed: &self.settings.allowed,
        };
        match vendor {
            Vendor::Aliyun => aliyun::handle(request, &context),
            Vendor::Tencent => tencent::handle(request, &context),
            Vendor::Twilio => twilio::handle(request, &context),
        }
    }

    /// Handles a request and files what it accepted in the inbox.
    pub async fn receive(&self, request: &EmulatorRequest) -> Reply {
        let handled = self.handle(request);
        if let Some(accepted) = &handled.accepted {
            tracing::info!(
                provider = accepted.provider,
                request_id = %accepted.request_id,
                "the emulator accepted a message"
            );
            if let Err(error) = self.inbox.insert(accepted, self.clock.now_ms()).await {
                tracing::error!(error.cause_chain = ?error, "could not file the emulator's message");
                return Reply::json(500, &serde_json::json!({"error": "inbox unavailable"}));
            }
        }
        handled.reply
    }

    /// Binds the emulator's own listener.
    pub async fn bind(&self) -> anyhow::Result<TcpListener> {
        let address = self.settings.addr;
        TcpListener::bind(address)
            .await
            .with_context(|| format!("the emulator could not listen on {address}"))
    }

    /// Serves on `listener` until the task is dropped.
    pub async fn serve(self: Arc<Self>, listener: TcpListener) -> anyhow::Result<()> {
        let router = axum::Router::new().fallback(
            move |method: axum::http::Method,
                  uri: axum::http::Uri,
                  headers: HeaderMap,
                  body: Bytes| {
                let emulator = self.clone();
                async move {
                    let request = EmulatorRequest {
                        method: method.to_string(),
                        path: uri.path().to_owned(),
                        query: uri.query().unwrap_or_default().to_owned(),
                        headers: headers
                            .iter()
                            .map(|(name, value)| {
                                (
                                    name.as_str().to_owned(),
                                    String::from_utf8_lossy(value.as_bytes()).into_owned(),
                                )
                            })
                            .collect(),
                        body: body.to_vec(),
                    };
                    respond(emulator.receive(&request).await).await
                }
            },
        );
        axum::serve(listener, router)
            .await
            .context("the emulator's HTTP server failed")
    }

    /// Logs the listener and the credentials clients must use.
    pub fn announce(&self, bound: SocketAddr) {
        let settings = &self.settings;
        tracing::info!(
            %bound,
            aliyun_access_key_id = %settings.aliyun.id,
            aliyun_access_key_secret = %settings.aliyun.secret,
            tencent_secret_id = %settings.tencent.id,
            tencent_secret_key = %settings.tencent.secret,
            twilio_account_sid = %settings.twilio.id,
            twilio_auth_token = %settings.twilio.secret,
            "SMS gateway emulator listening (test credentials, not secrets)"
        );
    }
}

async fn respond(reply: Reply) -> axum::response::Response {
    match reply {
        Reply::Respond {
            status,
            content_type,
            body,
        } => {
            let status = axum::http::StatusCode::from_u16(status)
                .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
            (
                status,
                [(axum::http::header::CONTENT_TYPE, content_type)],
                body,
            )
                .into_response()
        }
        Reply::Hang => {
            tokio::time::sleep(HANG_FOR).await;
            axum::http::StatusCode::GATEWAY_TIMEOUT.into_response()
        }
    }
}
