//! The rules of the product, behind the ports `app` declares.

pub mod accounts;
pub mod admin_views;
pub mod otp;
pub mod password;
pub mod sessions;

pub use accounts::AccountService;
pub use admin_views::AdminViews;
pub use sessions::{SessionPolicy, SessionService};
