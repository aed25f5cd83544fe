//! The administrators' pages are lazy routes: `cargo leptos build --split` puts their code in a
//! separate WebAssembly chunk, fetched when an administrator opens one of them, so the bundle
//! every user downloads stays small. On the server they render like any other page.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use super::{
    ApiGuidePage, ApiKeysPage, AuditLogPage, DeleteVerifierPage, EditVerifierPage, InsightsPage,
    MessagesPage, NewVerifierPage, VerifiersPage,
};

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
                view! { <$page /> }.into_any()
            }
        }
    )*};
}

lazy_routes! {
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
