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

/// Emits one test per database for each scenario `async fn name(backend: Backend)`, run by
/// [`run_scenario`].
#[macro_export]
macro_rules! on_both_databases {
    ($($scenario:ident),* $(,)?) => {
        mod sqlite {
            $(
                #[test]
                fn $scenario() {
                    $crate::helpers::run_scenario(super::$scenario(
                        $crate::helpers::Backend::Sqlite,
                    ))
                }
            )*
        }
        mod postgres {
            $(
                #[test]
                fn $scenario() {
                    $crate::helpers::run_scenario(super::$scenario(
                        $crate::helpers::Backend::Postgres,
                    ))
                }
            )*
        }
    };
}

/// Runs a scenario on a runtime of its own with two worker threads, like
/// `#[tokio::test(flavor = "multi_thread", worker_threads = 2)]`, but that runtime gives the
/// application's leftover blocking work a few seconds at the end instead of waiting for it
/// forever: a page render stuck in a Leptos deadlock once hung a whole run there.
pub fn run_scenario(scenario: impl std::future::Future<Output = ()>) {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a Tokio runtime");
    let outcome =
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| runtime.block_on(scenario)));
    runtime.shutdown_timeout(std::time::Duration::from_secs(5));
    if let Err(panic) = outcome {
        std::panic::resume_unwind(panic);
    }
}
