//! Server functions, one file per resource. Each one first decides who may call it, then parses
//! its input, calls a port and returns a DTO. Domain errors become [`crate::AppError`] in
//! `errors`, domain types become DTOs in `wire`: one place each.

pub mod admin;
pub mod api_keys;
pub mod audit;
pub mod auth;
#[cfg(feature = "ssr")]
mod caller;
#[cfg(feature = "ssr")]
pub use caller::reader_locale;
#[cfg(feature = "ssr")]
mod errors;
#[cfg(feature = "ssr")]
mod input;
pub mod insights;
pub mod users;
pub mod verification;
#[cfg(feature = "ssr")]
mod wire;

pub use admin::{
    DeleteVerifier, EmulatorRunning, GetVerifier, ListMessages, ListVerifiers, NewVerifierForm,
    ReadEmulatorInbox, SaveVerifier, SendTestSms, delete_verifier, emulator_running, get_verifier,
    list_messages, list_verifiers, new_verifier_form, read_emulator_inbox, save_verifier,
    send_test_sms,
};
pub use api_keys::{
    CreateApiKey, ListApiKeys, RevokeApiKey, create_api_key, list_api_keys, revoke_api_key,
};
pub use audit::{ListAuditEvents, list_audit_events};
pub use auth::{
    ConfirmPassword, CreateFirstAdmin, PasswordStatus, SetupStatus, SignIn, SignOut, SignUp,
    SignUpStatus, Whoami, confirm_password, create_first_admin, password_status, setup_status,
    sign_in, sign_out, sign_up, sign_up_status, whoami,
};
pub use insights::{LoadInsights, ReleaseCallingCode, load_insights, release_calling_code};
pub use users::{CreateAccount, create_account};
pub use verification::{
    BindPhone, MyVerifiers, SendBindCode, SendSignInCode, SendUnbindCode, SignInVerifiers,
    SignInWithCode, UnbindPhone, bind_phone, my_verifiers, send_bind_code, send_sign_in_code,
    send_unbind_code, sign_in_verifiers, sign_in_with_code, unbind_phone,
};
