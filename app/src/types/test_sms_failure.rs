use serde::{Deserialize, Serialize};

/// What kind of failure an administrator's test message met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TestSmsFailure {
    /// The number cannot receive messages.
    InvalidNumber,
    /// The provider throttles the number or the account.
    RateLimited,
    /// The provider refused the request (credentials, sign name, template, endpoint).
    Rejected,
    /// The provider could not be reached or failed on its side.
    Unavailable,
}
