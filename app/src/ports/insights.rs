use async_trait::async_trait;

use super::{User, VerifierError};
use crate::types::{InsightsReport, Period, VerifierUid};

/// The administrators' Insights page: what a verifier sent and how much of it was verified.
#[async_trait]
pub trait Insights: Send + Sync {
    /// The verifier's report over `period`; [`VerifierError::NotFound`] for an unknown one.
    async fn report(
        &self,
        verifier: &VerifierUid,
        period: Period,
    ) -> Result<InsightsReport, VerifierError>;

    /// Ends the SMS-pumping guard's hold on `calling_code` for the verifier; false when it was
    /// not held.
    async fn release_hold(
        &self,
        verifier: &VerifierUid,
        calling_code: u16,
        by: &User,
    ) -> Result<bool, VerifierError>;
}
