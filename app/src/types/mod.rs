//! Values parsed at the boundary: once constructed they are valid, so nothing downstream re-checks.

mod password;
mod phone;
mod policy;
mod username;

pub use password::Password;
pub use phone::PhoneNumber;
pub use policy::Policy;
pub use username::Username;
