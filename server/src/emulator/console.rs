//! The emulator's panel on the Messages page: where it listens, its test credentials and its
//! inbox, through the console's [`GatewayEmulator`] port.

use std::{net::SocketAddr, sync::Arc};

use app::{
    dto::{EmulatorCredential, EmulatorInbox, EmulatorMessage},
    ports::GatewayEmulator,
};
use async_trait::async_trait;

use super::Emulator;

/// How many of the emulator's messages the console shows.
const MESSAGES_SHOWN: i64 = 50;

/// The running emulator as the console sees it.
pub struct Console {
    pub emulator: Arc<Emulator>,
    pub address: SocketAddr,
}

#[async_trait]
impl GatewayEmulator for Console {
    async fn inbox(&self) -> anyhow::Result<EmulatorInbox> {
        let settings = self.emulator.settings();
        let credentials = [
            ("aliyun", &settings.aliyun),
            ("tencent", &settings.tencent),
            ("twilio", &settings.twilio),
        ]
        .into_iter()
        .map(|(provider, pair)| EmulatorCredential {
            provider: provider.into(),
            key_id: pair.id.clone(),
            secret: pair.secret.clone(),
        })
        .collect();
        let messages = self
            .emulator
            .inbox()
            .newest(MESSAGES_SHOWN)
            .await?
            .into_iter()
            .map(|row| EmulatorMessage {
                provider: row.provider,
                to: row.to_number,
                sender: row.sender,
                template: row.template,
                text: row.body,
                request_id: row.request_id,
                received_at: row.received_at,
            })
            .collect();
        Ok(EmulatorInbox {
            address: self.address.to_string(),
            credentials,
            messages,
        })
    }
}
