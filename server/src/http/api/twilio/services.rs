//! `GET /v2/Services` (one page) and `GET /v2/Services/{Sid}`: the verifiers the key may use.

use app::ports::ApiKeys as _;
use axum::{
    Json,
    extract::{RawQuery, State},
};
use serde_json::{Value, json};

use super::{
    error::TwilioError,
    extract::{Sids, Site, TwilioCaller, query},
    wire,
};
use crate::http::api::ApiState;

const DEFAULT_PAGE_SIZE: usize = 50;
const MAX_PAGE_SIZE: usize = 1000;

/// A page of Services, as Twilio pages lists: the items under `meta.key`, absolute page URLs.
pub async fn list(
    State(state): State<ApiState>,
    TwilioCaller(caller): TwilioCaller,
    site: Site,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>, TwilioError> {
    let params = query(raw.as_deref());
    let page_size = match params.get("PageSize") {
        None => DEFAULT_PAGE_SIZE,
        Some(text) => text
            .parse()
            .ok()
            .filter(|size| (1..=MAX_PAGE_SIZE).contains(size))
            .ok_or_else(|| TwilioError::invalid("PageSize"))?,
    };
    let page = match params.get("Page") {
        None => 0,
        Some(text) => text
            .parse::<usize>()
            .map_err(|_| TwilioError::invalid("Page"))?,
    };
    let services = state
        .api
        .verifications
        .services(&caller)
        .await
        .map_err(|error| TwilioError::from_api(error, &site.path))?;
    let account_sid = state.api.keys.account_sid();
    let start = page.saturating_mul(page_size);
    let items: Vec<Value> = services
        .iter()
        .skip(start)
        .take(page_size)
        .map(|service| wire::service(service, &account_sid, &site.base))
        .collect();
    let url = |page: usize| format!("{}/v2/Services?PageSize={page_size}&Page={page}", site.base);
    let has_next = services.len() > start.saturating_add(page_size);
    Ok(Json(json!({
        "services": items,
        "meta": {
            "page": page,
            "page_size": page_size,
            "first_page_url": url(0),
            "previous_page_url": (page > 0).then(|| url(page - 1)),
            "next_page_url": has_next.then(|| url(page + 1)),
            "key": "services",
            "url": url(page),
        }
    })))
}

/// One Service, by its SID (or the verifier's UID).
pub async fn fetch(
    State(state): State<ApiState>,
    TwilioCaller(caller): TwilioCaller,
    site: Site,
    Sids(service_sid): Sids<String>,
) -> Result<Json<Value>, TwilioError> {
    let service = state
        .api
        .verifications
        .service(&caller, &service_sid)
        .await
        .map_err(|error| TwilioError::from_api(error, &site.path))?;
    Ok(Json(wire::service(
        &service,
        &state.api.keys.account_sid(),
        &site.base,
    )))
}
