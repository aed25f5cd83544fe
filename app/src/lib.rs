//! Verigate's user interface and wire contract: pages, components, server functions and the
//! types that cross the wire. Under the `ssr` feature it also declares the ports the server
//! implements.

pub mod api;
pub mod components;
#[cfg(feature = "ssr")]
mod csp;
pub mod dto;
pub mod error;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod ports;
mod text;
pub mod types;

include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub use error::AppError;

use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    Lazy, SsrMode,
    components::{Route, Router, Routes},
    path,
};

use components::{AuthContext, EmulatorBanner, Header};
use i18n::I18nContextProvider;
use pages::{
    ApiGuideRoute, ApiKeysRoute, AuditLogRoute, DeleteVerifierRoute, EditVerifierRoute, HomePage,
    InsightsRoute, MessagesRoute, MyVerificationRoute, NewVerifierRoute, NotFoundPage,
    PageHydrated, SetupRoute, SignInRoute, SignUpRoute, VerifiersRoute,
};

/// The HTML document around the application, rendered on the server.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    csp::set_for_this_page();
    view! {
        <!DOCTYPE html>
        // `lang` is set by the locale context below, before the document is sent.
        <html>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <HydrationScripts options />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// The application: header, navigation and one route per page.
#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    AuthContext::provide();

    let hydrated = PageHydrated::provide();

    // Every route streams in order: each part of the page arrives in place as plain HTML, so
    // pages are complete without JavaScript (out-of-order streaming needs a script to slot
    // late parts in).
    view! {
        <I18nContextProvider ssr_lang_header_getter=components::rendered_locale()>
        <Stylesheet id="leptos" href="/pkg/verigate.css" />
        <Title formatter=|page: String| format!("{page} · Verigate") />
        <Router>
            <div id="app-root" data-hydrated=move || hydrated.get().to_string()>
                <Header />
                <EmulatorBanner />
                <main class="page">
                    <Routes fallback=NotFoundPage>
                        <Route path=path!("/") view=HomePage ssr=SsrMode::InOrder />
                        <Route path=path!("/sign-in") view={Lazy::<SignInRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/sign-up") view={Lazy::<SignUpRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/me/verification") view={Lazy::<MyVerificationRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/verification") view={Lazy::<VerifiersRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/verification/new") view={Lazy::<NewVerifierRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/verification/:uid") view={Lazy::<EditVerifierRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/verification/:uid/delete") view={Lazy::<DeleteVerifierRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/messages") view={Lazy::<MessagesRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/insights") view={Lazy::<InsightsRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/api-keys") view={Lazy::<ApiKeysRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/api") view={Lazy::<ApiGuideRoute>::new()} ssr=SsrMode::InOrder />
                        <Route path=path!("/admin/audit") view={Lazy::<AuditLogRoute>::new()} ssr=SsrMode::InOrder />
                    </Routes>
                </main>
            </div>
        </Router>
        </I18nContextProvider>
    }
}
