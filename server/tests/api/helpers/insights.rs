//! The administrators' Insights page: its report and the release of a held calling code.

use app::dto::InsightsView;
use reqwest::Client;

use super::{Answer, TestApp, answer::returned};

impl TestApp {
    /// The Insights page's data for `verifier` (empty: the first) over `period` (`24h`, `7d`,
    /// `30d`), as `client`.
    pub async fn insights(
        &self,
        client: &Client,
        verifier: &str,
        period: &str,
    ) -> Answer<InsightsView> {
        returned(
            self.call(
                client,
                "load_insights",
                &[("verifier", verifier), ("period", period)],
            )
            .await,
        )
        .await
    }

    /// The "Release" button of a held calling code, as `client`: whether a hold ended.
    pub async fn release_calling_code(
        &self,
        client: &Client,
        verifier: &str,
        calling_code: &str,
    ) -> Answer<bool> {
        returned(
            self.call(
                client,
                "release_calling_code",
                &[("verifier", verifier), ("calling_code", calling_code)],
            )
            .await,
        )
        .await
    }
}
