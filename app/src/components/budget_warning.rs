use leptos::prelude::*;

use crate::types::DailyBudget;

/// The console's warning once a verifier has used 80 % of its daily send budget: at 100 % its
/// sends stop until the next UTC day. Nothing below 80 %.
#[component]
pub fn BudgetWarning(
    /// The verifier, as the sentence names it.
    title: String,
    budget: DailyBudget,
) -> impl IntoView {
    budget.nearly_spent().then(|| {
        view! {
            <p class="alert alert-warning" data-testid="budget-warning">
                {format!(
                    "{title} has used {} of its {} codes for today ({} %). Its sends stop at 100 % until the next UTC day; raise “Codes per verifier per day” in its policy if this traffic is expected.",
                    budget.used,
                    budget.cap,
                    budget.percent(),
                )}
            </p>
        }
    })
}
