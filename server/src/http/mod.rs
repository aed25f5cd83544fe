//! The axum router: the Leptos pages and server functions, `/healthz`, the API for other
//! applications (`/api/v1`, `/v2`), and the layers every request passes through.

mod allowed_hosts;
mod api;
mod assets;
mod client_address;
mod console_elsewhere;
mod first_run;
mod forwarded;
mod headers;
mod health;
mod same_origin;
mod trusted_proxies;

pub use allowed_hosts::AllowedHosts;
pub use same_origin::OriginPolicy;
pub use trusted_proxies::TrustedProxies;

use app::{App, ports::AppState, shell};
use axum::{Router, middleware};
use leptos::prelude::provide_context;
use leptos_axum::{
    AxumRouteListing, LeptosRoutes, file_and_error_handler_with_context, generate_route_list,
};
use tower_http::{
    catch_panic::CatchPanicLayer,
    compression::{CompressionLayer, CompressionLevel},
    limit::RequestBodyLimitLayer,
    trace::TraceLayer,
};

use std::sync::{Arc, OnceLock};

use crate::{
    clock::Clock,
    domain::{ApiKeyService, VerificationApi},
    store::Db,
};

/// What the API for other applications (`/api/v1`, `/v2`) needs.
#[derive(Clone)]
pub struct Api {
    /// Checks the key of every request.
    pub keys: Arc<ApiKeyService>,
    pub verifications: Arc<VerificationApi>,
    /// For idempotency keys.
    pub db: Db,
    pub clock: Arc<dyn Clock>,
}

/// How hard the bundle is compressed as it is sent. A debug bundle is 7.3 MB, served on loopback
/// to the tests and `cargo leptos watch`: the default level took 0.27 s of server CPU for each
/// page load that fetched it (1.47 MB sent), the fastest 0.05 s (1.86 MB). A release bundle is an
/// eighth of that size and crosses real networks, so it gets the default.
const BUNDLE_COMPRESSION: CompressionLevel = if cfg!(debug_assertions) {
    CompressionLevel::Fastest
} else {
    CompressionLevel::Default
};

/// Request bodies larger than this are refused with 413: every form here is small.
const BODY_LIMIT_BYTES: usize = 64 * 1024;

/// The pages' routes, generated once per process. Generating them renders the app with data
/// loading switched off through a process-wide flag (leptos_server's `SuppressResourceLoad`): a
/// page that another instance in the same process (the tests run dozens) began rendering at that
/// moment would wait for its data forever (leptos-rs/leptos#4773). The routes are the same for
/// every instance anyway.
fn page_routes() -> Vec<AxumRouteListing> {
    static ROUTES: OnceLock<Vec<AxumRouteListing>> = OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// Which listener a router serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Listener {
    /// Everything, the console included.
    All,
    /// The public pages and the API, when the console has a listener of its own.
    PublicOnly,
}

/// Builds the whole HTTP application for one `listener`; `trusted_proxies` are the reverse
/// proxies whose forwarded client addresses are believed.
pub fn router(
    listener: Listener,
    state: AppState,
    api: Api,
    db: Db,
    origin: OriginPolicy,
    hosts: AllowedHosts,
    trusted_proxies: TrustedProxies,
) -> Router {
    let security = headers::SecurityHeaders {
        strict_transport: origin.public_origin.starts_with("https://"),
        bundle_prefix: format!("/{}/", state.leptos_options.site_pkg_dir).into(),
    };
    let api_routes = api::router(api, &origin.public_origin);
    let routes = page_routes();
    let context_state = state.clone();
    let bundle = assets::router(&state.leptos_options);
    let leptos = Router::new()
        .leptos_routes(&state, routes, {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(file_and_error_handler_with_context::<AppState, _>(
            move || provide_context(context_state.clone()),
            shell,
        ))
        .layer(middleware::from_fn_with_state(
            state.clone(),
            first_run::to_setup_first,
        ))
        .with_state(state);

    let router = Router::new()
        .merge(bundle)
        .merge(leptos)
        .merge(health::router(db))
        .layer(middleware::from_fn_with_state(
            origin,
            same_origin::refuse_cross_origin,
        ))
        .layer(middleware::from_fn_with_state(
            hosts,
            allowed_hosts::refuse_unknown_hosts,
        ))
        // Merged after the same-origin and host layers, which therefore do not wrap them: API
        // clients are programs with keys, not browsers posting our forms.
        .merge(api_routes)
        .layer(middleware::from_fn_with_state(
            Arc::new(trusted_proxies),
            client_address::resolve,
        ))
        .layer(
            CompressionLayer::new()
                .gzip(true)
                .quality(BUNDLE_COMPRESSION)
                .compress_when(headers::is_built_asset),
        )
        .layer(RequestBodyLimitLayer::new(BODY_LIMIT_BYTES))
        .layer(CatchPanicLayer::new());
    let router = match listener {
        Listener::All => router,
        Listener::PublicOnly => {
            router.layer(middleware::from_fn(console_elsewhere::serve_no_console))
        }
    };
    router
        // Outside the body limit and the panic guard, so their 413 and 500 carry the headers too.
        .layer(middleware::from_fn_with_state(
            security,
            headers::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
}
