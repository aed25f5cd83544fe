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
