//! Who sent the request and whether it is authentic, checked like the gateway does (and as the
//! official SDKs' requests in `server/testdata/captured/` need): V3 when `Authorization` says so,
//! V2 otherwise. The
//! canonical form is rebuilt from what the request names (its SignedHeaders, its decoded and
//! re-encoded parameters), never from a fixed list or the raw query.

use super::reply::Refusal;
use crate::{
    emulator::{Context, EmulatorRequest},
    providers::{
        aliyun::{
            request::{ACTION, VERSION},
            sign::{self, V3Request},
        },
        percent,
    },
};

/// How far a timestamp may be from the gateway's clock, and how long a nonce is remembered.
pub const WINDOW_MS: i64 = 15 * 60 * 1000;

/// The request's parameters, decoded: the query's and, for a form body, the body's.
#[derive(Debug, Default)]
pub struct Params {
    pub query: Vec<(String, String)>,
    pub body: Vec<(String, String)>,
}

impl Params {
    pub fn read(request: &EmulatorRequest) -> Result<Self, Refusal> {
        let undecodable = |_| {
            Refusal::gateway(
                400,
                "InvalidParameter",
                "The query string or form body is not valid percent-encoded UTF-8.",
            )
        };
        let query = percent::decode_pairs(&request.query).map_err(undecodable)?;
        let is_form = request.header("content-type").is_some_and(|kind| {
            kind.trim()
                .to_ascii_lowercase()
                .starts_with("application/x-www-form-urlencoded")
        });
        let body = match is_form {
            true => {
                let text =
                    std::str::from_utf8(&request.body).map_err(|_| Refusal::invalid("body"))?;
                percent::decode_pairs(text).map_err(undecodable)?
            }
            false => Vec::new(),
        };
        Ok(Self { query, body })
    }

    /// The first value of `name`, query before body.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.all()
            .find(|(key, _)| *key == name)
            .map(|(_, value)| value)
    }

    /// A parameter that must be there and not empty.
    pub fn required(&self, name: &str) -> Result<&str, Refusal> {
        self.get(name)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| Refusal::missing(name))
    }

    fn all(&self) -> impl Iterator<Item = (&str, &str)> {
        self.query
            .iter()
            .chain(&self.body)
            .map(|(name, value)| (name.as_str(), value.as_str()))
    }
}

/// Checks the signature, the key, the clock window and the nonce.
pub fn authenticate(
    request: &EmulatorRequest,
    params: &Params,
    context: &Context<'_>,
) -> Result<(), Refusal> {
    if request.path != "/" {
        return Err(api_not_found());
    }
    match request.header("authorization") {
        Some(value) => match value.trim_start().strip_prefix(sign::V3_ALGORITHM) {
            Some(fields) if fields.starts_with(' ') => v3(request, params, context, fields),
            _ => Err(incomplete("Authorization is not ACS3-HMAC-SHA256")),
        },
        None => v2(request, params, context),
    }
}

fn v2(request: &EmulatorRequest, params: &Params, context: &Context<'_>) -> Result<(), Refusal> {
    for name in [
        "Action",
        "Version",
        "AccessKeyId",
        "SignatureMethod",
        "SignatureVersion",
        "SignatureNonce",
        "Timestamp",
        "Signature",
    ] {
        params.required(name)?;
    }
    if params.get("SignatureMethod") != Some("HMAC-SHA1") {
        return Err(Refusal::gateway(
            400,
            "InvalidSignatureMethod",
            "Specified signature method is not valid.",
        ));
    }
    if params.get("SignatureVersion") != Some("1.0") {
        return Err(Refusal::invalid("SignatureVersion"));
    }
    check_api(params.get("Action"), params.get("Version"))?;
    let key_id = params.required("AccessKeyId")?;
    check_key(key_id, context)?;
    check_clock(params.required("Timestamp")?, context)?;

    // Everything but the signature is signed, query and form body alike.
    let signed: Vec<(&str, &str)> = params
        .all()
        .filter(|(name, _)| *name != "Signature")
        .collect();
    let string_to_sign = sign::v2_string_to_sign(&request.method, &sign::canonical_query(&signed));
    if !sign::v2_signature_matches(
        &context.credentials.secret,
        &string_to_sign,
        params.required("Signature")?,
    ) {
        return Err(signature_mismatch(&string_to_sign));
    }
    check_nonce(key_id, params.required("SignatureNonce")?, context)?;
    // The real gateway would answer XML without `Format=JSON`; the emulator speaks JSON only.
    if !params
        .get("Format")
        .is_some_and(|format| format.eq_ignore_ascii_case("json"))
    {
        return Err(Refusal::gateway(
            400,
            "InvalidParameter",
            "Specified parameter Format is not valid. The emulator answers Format=JSON only.",
        ));
    }
    Ok(())
}

/// `Credential=…,SignedHeaders=…,Signature=…` (spaces tolerated around the commas).
struct Authorization<'a> {
    credential: &'a str,
    signed_headers: Vec<String>,
    signature: &'a str,
}

fn parse_authorization(fields: &str) -> Result<Authorization<'_>, Refusal> {
    let (mut credential, mut signed_headers, mut signature) = (None, None, None);
    for field in fields.split(',') {
        match field.trim().split_once('=') {
            Some(("Credential", value)) => credential = Some(value),
            Some(("SignedHeaders", value)) => signed_headers = Some(value),
            Some(("Signature", value)) => signature = Some(value),
            _ => {}
        }
    }
    match (credential, signed_headers, signature) {
        (Some(credential), Some(signed_headers), Some(signature)) => Ok(Authorization {
            credential,
            signed_headers: signed_headers
                .split(';')
                .filter(|name| !name.is_empty())
                .map(str::to_ascii_lowercase)
                .collect(),
            signature,
        }),
        _ => Err(incomplete(
            "Authorization needs Credential, SignedHeaders and Signature",
        )),
    }
}

fn v3(
    request: &EmulatorRequest,
    params: &Params,
    context: &Context<'_>,
    fields: &str,
) -> Result<(), Refusal> {
    let authorization = parse_authorization(fields)?;
    check_key(authorization.credential, context)?;
    let signed = &authorization.signed_headers;
    if !signed.iter().any(|name| name == "host") {
        return Err(incomplete("host is not a signed header"));
    }
    // Every header the gateway reads must be covered (the SDK also signs
    // x-acs-credentials-provider, so the list is taken from the request, not fixed here).
    if let Some((name, _)) = request.headers.iter().find(|(name, _)| {
        (name.starts_with("x-acs-") || name == "content-type") && !signed.contains(name)
    }) {
        return Err(incomplete(&format!("{name} is not a signed header")));
    }
    if let Some(name) = signed.iter().find(|name| request.header(name).is_none()) {
        return Err(incomplete(&format!("the signed header {name} is missing")));
    }
    let header = |name: &str| {
        request
            .header(name)
            .map(str::trim)
            .filter(|value| !value.is_empty())
            .ok_or_else(|| Refusal::missing(name))
    };
    check_api(
        Some(header("x-acs-action")?),
        Some(header("x-acs-version")?),
    )?;
    check_clock(header("x-acs-date")?, context)?;
    let nonce = header("x-acs-signature-nonce")?;
    let payload_sha256 = sign::sha256_hex(&request.body);
    if request
        .header("x-acs-content-sha256")
        .is_some_and(|claimed| claimed.trim() != payload_sha256)
    {
        return Err(Refusal::gateway(
            400,
            "SignatureDoesNotMatch",
            "Specified signature is not matched with our calculation: \
             x-acs-content-sha256 is not the SHA-256 of the body.",
        ));
    }

    let headers: Vec<(&str, &str)> = signed
        .iter()
        .flat_map(|name| {
            request
                .header_values(name)
                .map(move |value| (name.as_str(), value))
        })
        .collect();
    let query: Vec<(&str, &str)> = params
        .query
        .iter()
        .map(|(name, value)| (name.as_str(), value.as_str()))
        .collect();
    let canonical_request = sign::v3_canonical_request(&V3Request {
        method: &request.method,
        path: &request.path,
        query: &query,
        headers: &headers,
        payload_sha256: &payload_sha256,
    });
    let string_to_sign = sign::v3_string_to_sign(&canonical_request);
    if !sign::v3_signature_matches(
        &context.credentials.secret,
        &string_to_sign,
        authorization.signature,
    ) {
        // The V3 string to sign is only a hash; the canonical request is what helps debugging.
        return Err(signature_mismatch(&format!(
            "{string_to_sign}, canonical request is:{canonical_request}"
        )));
    }
    check_nonce(authorization.credential, nonce, context)
}

fn check_api(action: Option<&str>, version: Option<&str>) -> Result<(), Refusal> {
    match (action, version) {
        (Some(ACTION), Some(VERSION)) => Ok(()),
        _ => Err(api_not_found()),
    }
}

fn api_not_found() -> Refusal {
    Refusal::gateway(
        404,
        "InvalidApi.NotFound",
        "Specified api is not found, please check your url and method.",
    )
}

fn check_key(key_id: &str, context: &Context<'_>) -> Result<(), Refusal> {
    match key_id == context.credentials.id {
        true => Ok(()),
        false => Err(Refusal::gateway(
            404,
            "InvalidAccessKeyId.NotFound",
            "Specified access key is not found.",
        )),
    }
}

fn check_clock(timestamp: &str, context: &Context<'_>) -> Result<(), Refusal> {
    let secs = sign::parse_timestamp(timestamp).ok_or_else(|| {
        Refusal::gateway(
            400,
            "InvalidTimeStamp.Format",
            "Specified time stamp or date value is not well formatted.",
        )
    })?;
    match (secs.saturating_mul(1000) - context.now_ms).abs() <= WINDOW_MS {
        true => Ok(()),
        false => Err(Refusal::gateway(
            400,
            "InvalidTimeStamp.Expired",
            "Specified time stamp or date value is expired.",
        )),
    }
}

/// Called only once the signature holds, so a forged request cannot burn someone's nonce.
fn check_nonce(key_id: &str, nonce: &str, context: &Context<'_>) -> Result<(), Refusal> {
    match context
        .nonces
        .first_use(key_id, nonce, context.now_ms, context.now_ms + WINDOW_MS)
    {
        true => Ok(()),
        false => Err(Refusal::gateway(
            400,
            "SignatureNonceUsed",
            "Specified signature nonce was used already.",
        )),
    }
}

fn incomplete(why: &str) -> Refusal {
    Refusal::gateway(
        400,
        "IncompleteSignature",
        format!("The request signature does not conform to Aliyun standards: {why}."),
    )
}

fn signature_mismatch(server_string_to_sign: &str) -> Refusal {
    Refusal::gateway(
        400,
        "SignatureDoesNotMatch",
        format!(
            "Specified signature is not matched with our calculation. \
             server string to sign is:{server_string_to_sign}"
        ),
    )
}
