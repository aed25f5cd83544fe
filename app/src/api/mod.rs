//! Server functions, one file per resource. Each one first decides who may call it, then parses
//! its input, calls a port and returns a DTO.

pub mod admin;
pub mod auth;
#[cfg(feature = "ssr")]
mod caller;

pub use admin::{ListMessages, ListVerifiers, list_messages, list_verifiers};
pub use auth::{
    CreateFirstAdmin, SetupStatus, SignIn, SignOut, SignUp, Whoami, create_first_admin,
    setup_status, sign_in, sign_out, sign_up, whoami,
};
