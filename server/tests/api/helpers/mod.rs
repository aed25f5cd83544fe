//! The test harness: `TestApp`, the real application built in-process on a fresh SQLite file or
//! a fresh PostgreSQL database, served on a free loopback port and driven over HTTP, with one
//! typed helper per operation a browser performs.

mod accounts;
mod admin;
mod answer;
mod api_client;
mod app;
mod audit;
mod database;
mod inbox;
mod insights;
mod logs;
mod verification;
mod verifier_form;
mod webhook;

pub use admin::sandbox_verifier;
pub use answer::Answer;
pub use api_client::{ApiSetup, Auth, Reply};
pub use app::{Backend, NO_ARGUMENTS, PASSWORD, SETUP_TOKEN, TestApp};
pub use audit::AuditLine;
pub use logs::captured_logs;
pub use verification::Phone;
pub use verifier_form::{Mode, VerifierForm};
pub use webhook::WebhookReceiver;

/// Emits one `#[tokio::test]` per database for each scenario `async fn name(backend: Backend)`.
#[macro_export]
macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::helpers::Backend::Sqlite).await
                }
            )*
        }
        mod postgres {
            $(
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn $scenario() {
                    super::$scenario($crate::helpers::Backend::Postgres).await
                }
            )*
        }
    };
}
