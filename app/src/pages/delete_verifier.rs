use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::text::t;
use crate::{
    api::{DeleteVerifier, get_verifier},
    components::{FormError, Loaded, error_of},
    i18n::{t_string, use_i18n},
};

/// Administrators: confirm deleting a verifier, naming how many users are bound to it.
#[component]
pub fn DeleteVerifierPage() -> impl IntoView {
    let i18n = use_i18n();
    let params = use_params_map();
    let uid = move || params.read().get("uid").unwrap_or_default();
    let loaded = Resource::new(uid, get_verifier);
    let delete = ServerAction::<DeleteVerifier>::new();
    let error = error_of(delete);
    view! {
        <Title text=move || t_string!(i18n, verifiers.delete_page_title) />
        <Loaded data=move || loaded let:found>
            {
                let (verifier, _) = found;
                let users = verifier.bound_users;
                let consequence = move || match users {
                    0 => t_string!(i18n, verifiers.bound_none).to_owned(),
                    1 => t_string!(i18n, verifiers.bound_one).to_owned(),
                    users => t_string!(i18n, verifiers.bound_many, users).to_string(),
                };
                let title = verifier.title.clone();
                view! {
                    <section class="card narrow">
                        <h1>{t!(i18n, verifiers.delete_heading, title)}</h1>
                        <p data-testid="delete-consequence">{consequence}</p>
                        <ActionForm action=delete>
                            <FormError error />
                            <input type="hidden" name="uid" value=verifier.uid.clone() />
                            <p class="actions">
                                <button type="submit" class="button button-danger">
                                    {t!(i18n, verifiers.delete)}
                                </button>
                                <a class="button button-secondary" href="/admin/verification">
                                    {t!(i18n, verifiers.cancel)}
                                </a>
                            </p>
                        </ActionForm>
                    </section>
                }
                    .into_any()
            }
        </Loaded>
    }
}
