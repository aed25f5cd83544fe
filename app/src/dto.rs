//! Plain data that crosses the wire between server functions and the browser.

use serde::{Deserialize, Serialize};

/// What a signed-in user may do.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Admin,
    User,
}

impl Role {
    /// The name stored in the database.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::User => "user",
        }
    }

    /// Reads a stored role name.
    pub fn from_stored(name: &str) -> Option<Self> {
        match name {
            "admin" => Some(Role::Admin),
            "user" => Some(Role::User),
            _ => None,
        }
    }
}

/// The user behind the current session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CurrentUser {
    pub user_id: String,
    pub username: String,
    pub role: Role,
}

impl CurrentUser {
    pub fn is_admin(&self) -> bool {
        self.role == Role::Admin
    }
}

/// One row of the administrators' verifier table.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifierSummary {
    pub uid: String,
    pub title: String,
    pub verification_type: String,
    pub description: String,
    pub provider: String,
}

/// One dispatched message in the message log, with the receiver masked.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageEntry {
    pub sent_at_ms: i64,
    pub verifier_title: String,
    pub scene: String,
    pub masked_receiver: String,
    pub provider: String,
    pub status: String,
    pub reference: String,
}

/// One page of a list, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub page: i64,
    pub has_more: bool,
}
