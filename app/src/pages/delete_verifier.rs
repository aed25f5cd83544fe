use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::{
    api::{DeleteVerifier, get_verifier},
    components::{FormError, Loaded, error_of},
};

/// Administrators: confirm deleting a verifier, naming how many users are bound to it.
#[component]
pub fn DeleteVerifierPage() -> impl IntoView {
    let params = use_params_map();
    let uid = move || params.read().get("uid").unwrap_or_default();
    let loaded = Resource::new(uid, get_verifier);
    let delete = ServerAction::<DeleteVerifier>::new();
    let error = error_of(delete);
    view! {
        <Title text="Delete verifier" />
        <Loaded data=move || loaded let:found>
            {
                let (verifier, _) = found;
                let consequence = match verifier.bound_users {
                    0 => "No user has bound a number to it.".to_owned(),
                    1 => "1 user has bound a number to it; that binding will be removed too.".to_owned(),
                    n => format!("{n} users have bound a number to it; their bindings will be removed too."),
                };
                view! {
                    <section class="card narrow">
                        <h1>"Delete “" {verifier.title.clone()} "”?"</h1>
                        <p data-testid="delete-consequence">{consequence}</p>
                        <ActionForm action=delete>
                            <FormError error />
                            <input type="hidden" name="uid" value=verifier.uid.clone() />
                            <p class="actions">
                                <button type="submit" class="button button-danger">"Delete"</button>
                                <a class="button button-secondary" href="/admin/verification">"Cancel"</a>
                            </p>
                        </ActionForm>
                    </section>
                }
                    .into_any()
            }
        </Loaded>
    }
}
