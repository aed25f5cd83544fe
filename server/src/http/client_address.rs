//! Puts the [`ClientAddress`] of every request in its extensions: the peer address, or the
//! client a trusted proxy forwarded (see [`TrustedProxies::client`]).

use std::{net::SocketAddr, sync::Arc};

use app::ports::ClientAddress;
use axum::{
    extract::{ConnectInfo, Request, State},
    middleware::Next,
    response::Response,
};

use super::{forwarded, trusted_proxies::TrustedProxies};

/// A request served without connection info gets no address: the server functions that need
/// one refuse it as a wiring fault rather than share an "unknown" bucket between clients.
pub async fn resolve(
    State(trusted): State<Arc<TrustedProxies>>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|info| info.0.ip());
    if let Some(peer) = peer {
        // Nobody's headers are read unless the peer is a trusted proxy.
        let hops = if trusted.trusts(peer) {
            forwarded::hops(request.headers())
        } else {
            Vec::new()
        };
        let client = trusted.client(peer, &hops);
        request.extensions_mut().insert(ClientAddress(client));
    }
    next.run(request).await
}
