//! Every page but the home page (where a visitor lands) and "not found" is a lazy route:
//! `cargo leptos build --split` puts its code in a WebAssembly chunk of its own, fetched when
//! someone opens that page, so the bundle every visitor downloads stays small. On the server
//! they render like any other page.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use super::{
    ApiGuidePage, ApiKeysPage, AuditLogPage, DeleteVerifierPage, EditVerifierPage, InsightsPage,
    MessagesPage, MyVerificationPage, NewVerifierPage, SetupPage, SignInPage, SignUpPage,
    VerifiersPage,
};

/// Whether the page in the browser is live: hydrated, including, on a lazy route, the part
/// that came in the route's own chunk after the bundle. Until then a click on that part would
/// be lost; `data-hydrated` on the page's root says it, for the end-to-end tests. Each routed
/// page sets it itself, since only the page knows when its own code has run.
#[derive(Clone, Copy)]
pub struct PageHydrated(RwSignal<bool>);

impl PageHydrated {
    /// Provides the marker to the pages below; true once the page is live.
    pub fn provide() -> RwSignal<bool> {
        let done = RwSignal::new(false);
        provide_context(Self(done));
        done
    }

    /// Called by a routed page as it renders: effects run only in the browser, after the view
    /// they were created in has hydrated.
    pub fn set_by_page() {
        if let Some(Self(done)) = use_context::<Self>() {
            Effect::new(move |_| done.set(true));
        }
    }
}

/// Has the page the server renders preload the chunks of `route` (`SignInRoute`), so that the
/// browser fetches them beside the bundle instead of after it has hydrated. Leptos does this for
/// every lazy function it renders, by name, but registers `sign_in_route_view_<hash>` where
/// cargo-leptos 0.3.10's `__wasm_split_manifest.json` names it `__sign_in_route_view_<hash>`,
/// so it never found one; here the route is looked up by that prefix.
#[cfg(feature = "ssr")]
fn preload_chunks(route: &str) {
    use std::{collections::HashMap, sync::Mutex, sync::OnceLock};

    // Leptos keeps the names to preload as `&'static str`: each manifest name, made static once.
    static NAMES: OnceLock<Mutex<HashMap<String, &'static str>>> = OnceLock::new();
    let Some(manifest) = use_context::<leptos::WasmSplitManifest>() else {
        return;
    };
    let prefix = format!("__{}_view_", snake_case(route));
    let Some(keys) = manifest.0.try_with_value(|(_, chunks, _)| {
        chunks
            .keys()
            .filter(|key| key.starts_with(&prefix))
            .cloned()
            .collect::<Vec<_>>()
    }) else {
        return;
    };
    let mut names = NAMES
        .get_or_init(Default::default)
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    for key in keys {
        let name = *names
            .entry(key.clone())
            .or_insert_with(|| Box::leak(key.into_boxed_str()));
        leptos::prefetch_lazy_fn_on_server(name);
    }
}

/// `SignInRoute` → `sign_in_route`.
#[cfg(feature = "ssr")]
fn snake_case(camel: &str) -> String {
    let mut snake = String::with_capacity(camel.len() + 4);
    for (index, letter) in camel.chars().enumerate() {
        if letter.is_ascii_uppercase() && index > 0 {
            snake.push('_');
        }
        snake.push(letter.to_ascii_lowercase());
    }
    snake
}

/// A lazy route per page: `Route => Page`.
macro_rules! lazy_routes {
    ($($route:ident => $page:ident),* $(,)?) => {$(
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                Self
            }

            fn view(_this: Self) -> AnyView {
                #[cfg(feature = "ssr")]
                preload_chunks(stringify!($route));
                PageHydrated::set_by_page();
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_routes! {
    SignInRoute => SignInPage,
    SignUpRoute => SignUpPage,
    SetupRoute => SetupPage,
    MyVerificationRoute => MyVerificationPage,
    VerifiersRoute => VerifiersPage,
    NewVerifierRoute => NewVerifierPage,
    EditVerifierRoute => EditVerifierPage,
    DeleteVerifierRoute => DeleteVerifierPage,
    MessagesRoute => MessagesPage,
    InsightsRoute => InsightsPage,
    ApiKeysRoute => ApiKeysPage,
    ApiGuideRoute => ApiGuidePage,
    AuditLogRoute => AuditLogPage,
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::snake_case;

    #[test]
    fn route_names_become_the_manifest_s_snake_case() {
        assert_eq!(snake_case("SignInRoute"), "sign_in_route");
        assert_eq!(snake_case("ApiKeysRoute"), "api_keys_route");
    }
}
