use leptos::prelude::*;

use crate::text::t;
use crate::{i18n::use_i18n, types::DailyBudget};

/// The console's warning once a verifier has used 80 % of its daily send budget: at 100 % its
/// sends stop until the next UTC day. Nothing below 80 %.
#[component]
pub fn BudgetWarning(
    /// The verifier, as the sentence names it.
    #[prop(into)]
    title: TextProp,
    budget: DailyBudget,
) -> impl IntoView {
    let i18n = use_i18n();
    budget.nearly_spent().then(|| {
        let (used, cap, percent) = (budget.used, budget.cap, budget.percent());
        view! {
            <p class="alert alert-warning" data-testid="budget-warning">
                {t!(
                    i18n,
                    verifiers.budget_warning,
                    title = move || title.get(),
                    used,
                    cap,
                    percent
                )}
            </p>
        }
    })
}
