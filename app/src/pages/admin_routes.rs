//! The administrators' pages are lazy routes: `cargo leptos build --split` puts their code in a
//! separate WebAssembly chunk, fetched when an administrator opens one of them, so the bundle
//! every user downloads stays small. On the server they render like any other page.

use leptos::prelude::*;
use leptos_router::{LazyRoute, lazy_route};

use super::{
    ApiGuidePage, ApiKeysPage, DeleteVerifierPage, EditVerifierPage, MessagesPage, NewVerifierPage,
    VerifiersPage,
};

pub struct VerifiersRoute;

#[lazy_route]
impl LazyRoute for VerifiersRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <VerifiersPage /> }.into_any()
    }
}

pub struct NewVerifierRoute;

#[lazy_route]
impl LazyRoute for NewVerifierRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <NewVerifierPage /> }.into_any()
    }
}

pub struct EditVerifierRoute;

#[lazy_route]
impl LazyRoute for EditVerifierRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <EditVerifierPage /> }.into_any()
    }
}

pub struct DeleteVerifierRoute;

#[lazy_route]
impl LazyRoute for DeleteVerifierRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <DeleteVerifierPage /> }.into_any()
    }
}

pub struct MessagesRoute;

#[lazy_route]
impl LazyRoute for MessagesRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <MessagesPage /> }.into_any()
    }
}

pub struct ApiKeysRoute;

#[lazy_route]
impl LazyRoute for ApiKeysRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ApiKeysPage /> }.into_any()
    }
}

pub struct ApiGuideRoute;

#[lazy_route]
impl LazyRoute for ApiGuideRoute {
    fn data() -> Self {
        Self
    }

    fn view(_this: Self) -> AnyView {
        view! { <ApiGuidePage /> }.into_any()
    }
}
