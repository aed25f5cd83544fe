use leptos::prelude::*;
use leptos_meta::Title;

use super::{new_account::NewAccountSection, provider_words::provider_name};
use crate::text::t;
use crate::{
    api::list_verifiers,
    components::{BudgetWarning, DataTable, Loaded},
    dto::VerifierSummary,
    i18n::{t_string, use_i18n},
};

/// Administrators: the verifiers table, and creating an account (the way in while sign-up is
/// closed).
#[component]
pub fn VerifiersPage() -> impl IntoView {
    let i18n = use_i18n();
    let verifiers = Resource::new(|| (), |_| list_verifiers());
    view! {
        <Title text=move || t_string!(i18n, verifiers.title) />
        <div class="page-head">
            <h1>{t!(i18n, verifiers.title)}</h1>
            <details class="menu">
                <summary class="button" data-testid="add-new">{t!(i18n, verifiers.add_new)}</summary>
                <div class="menu-items" role="menu">
                    <a role="menuitem" href="/admin/verification/new">"SMS OTP"</a>
                </div>
            </details>
        </div>
        <Loaded data=move || verifiers let:list>
            {if list.is_empty() {
                    view! {
                        <div class="empty-state">
                            <p>{t!(i18n, verifiers.empty)}</p>
                            <p class="muted">{t!(i18n, verifiers.empty_hint)}</p>
                        </div>
                    }
                        .into_any()
                } else {
                    let warnings = list
                        .iter()
                        .map(|verifier| {
                            view! {
                                <BudgetWarning title=verifier.title.clone() budget=verifier.budget />
                            }
                        })
                        .collect_view();
                    view! {
                        {warnings}
                        <VerifierTable list />
                    }
                        .into_any()
            }}
        </Loaded>
        <NewAccountSection />
    }
}

#[component]
fn VerifierTable(list: Vec<VerifierSummary>) -> impl IntoView {
    let i18n = use_i18n();
    let headings = move || {
        vec![
            t_string!(i18n, verifiers.heading_uid),
            t_string!(i18n, verifiers.heading_service_sid),
            t_string!(i18n, verifiers.heading_title),
            t_string!(i18n, verifiers.heading_verification_type),
            t_string!(i18n, verifiers.heading_description),
            t_string!(i18n, verifiers.heading_provider),
        ]
    };
    view! {
        <DataTable
            headings
            actions=true
            items=list
            row=move |verifier| {
                let edit = format!("/admin/verification/{}", verifier.uid);
                let delete = format!("/admin/verification/{}/delete", verifier.uid);
                // The server names the provider by its English title.
                let provider = verifier.provider;
                let provider = move || provider_name(i18n.get_locale(), &provider);
                view! {
                    <tr>
                        <td><code>{verifier.uid}</code></td>
                        <td><code>{verifier.service_sid}</code></td>
                        <td>{verifier.title}</td>
                        <td>{verifier.verification_type}</td>
                        <td>{verifier.description}</td>
                        <td>{provider}</td>
                        <td class="row-actions">
                            <a href=edit>{t!(i18n, verifiers.edit)}</a>
                            <a href=delete class="danger">{t!(i18n, verifiers.delete)}</a>
                        </td>
                    </tr>
                }
            }
        />
    }
}
