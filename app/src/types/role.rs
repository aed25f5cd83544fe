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

impl TryFrom<String> for Role {
    type Error = String;

    /// Reads a stored role name; the error names what was found.
    fn try_from(name: String) -> Result<Self, Self::Error> {
        Self::from_stored(&name).ok_or_else(|| format!("unknown role {name:?}"))
    }
}
