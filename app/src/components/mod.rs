//! Reusable pieces of the interface.

mod auth_context;
mod form;
mod header;
mod notice;

pub use auth_context::AuthContext;
pub use form::{Field, FormError, error_of, field_error};
pub use header::Header;
pub use notice::{ErrorNotice, RequireSignIn};
