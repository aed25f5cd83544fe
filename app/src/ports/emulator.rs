use async_trait::async_trait;

use crate::dto::EmulatorInbox;

/// The SMS gateway emulator, a stand-in for the vendors in development and tests. Not part of
/// the domain: present in [`super::AppState`] only while it runs, and it answers in the wire
/// shape of its own console panel.
#[async_trait]
pub trait GatewayEmulator: Send + Sync {
    /// Where it listens, its test credentials and what it accepted, newest first.
    async fn inbox(&self) -> anyhow::Result<EmulatorInbox>;
}
