//! Values parsed at the boundary: once constructed they are valid, so nothing downstream re-checks.

mod password;
mod username;

pub use password::Password;
pub use username::Username;
