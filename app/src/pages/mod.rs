//! One file per page.

mod api_guide;
mod api_keys;
mod audit_log;
mod bind_panel;
mod delete_verifier;
mod home;
mod insights;
mod lazy_routes;
mod message_filters;
mod messages;
mod my_verification;
mod new_account;
mod not_found;
mod password_prompt;
pub(crate) mod provider_words;
mod setup;
mod sign_in;
mod sign_up;
mod sms_sign_in;
mod unbind_panel;
mod verifier_form;
mod verifiers;

pub use api_guide::ApiGuidePage;
pub use api_keys::ApiKeysPage;
pub use audit_log::AuditLogPage;
pub use delete_verifier::DeleteVerifierPage;
pub use home::HomePage;
pub use insights::InsightsPage;
pub use lazy_routes::{
    ApiGuideRoute, ApiKeysRoute, AuditLogRoute, DeleteVerifierRoute, EditVerifierRoute,
    InsightsRoute, MessagesRoute, MyVerificationRoute, NewVerifierRoute, PageHydrated, SetupRoute,
    SignInRoute, SignUpRoute, VerifiersRoute,
};
pub use messages::MessagesPage;
pub use my_verification::MyVerificationPage;
pub use not_found::NotFoundPage;
pub use setup::SetupPage;
pub use sign_in::SignInPage;
pub use sign_up::SignUpPage;
pub use verifier_form::{EditVerifierPage, NewVerifierPage};
pub use verifiers::VerifiersPage;
