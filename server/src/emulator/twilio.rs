//! Placeholder until the twilio emulator lands.

use super::{Context, EmulatorRequest, Handled, Reply};

pub fn handle(_request: &EmulatorRequest, _context: &Context<'_>) -> Handled {
    Handled::refused(Reply::json(
        501,
        &serde_json::json!({"error": "twilio emulator not written yet"}),
    ))
}
