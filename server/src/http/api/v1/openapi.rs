//! The OpenAPI 3.1 document of `/api/v1`, generated from the Rust types and handlers; served at
//! `GET /api/v1/openapi.json` without a key. Every error answer each operation can give is
//! listed, with its problem body and headers, so clients (and schemathesis) can rely on it.

use anyhow::Context as _;
use axum::Json;
use serde_json::{Value, json};
use utoipa::{
    Modify, OpenApi,
    openapi::{
        self, Ref, RefOr, ResponseBuilder,
        content::ContentBuilder,
        header::HeaderBuilder,
        security::{Http, HttpAuthScheme, SecurityScheme},
    },
};

use super::{
    model::{CheckCode, StartVerification, VerificationBody, VerificationStatus},
    problem::{Problem, ProblemCode},
    verifications,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Verigate API",
        version = "1",
        description = "Phone verification for other applications: start a verification (a code \
                       by SMS), check the code, fetch or cancel it. Authenticate with an API key: \
                       `Authorization: Bearer <secret>` or HTTP Basic `<SID>:<secret>`. Errors \
                       are `application/problem+json` with a stable `code`."
    ),
    paths(
        verifications::start,
        verifications::fetch,
        verifications::check,
        verifications::cancel
    ),
    components(schemas(
        StartVerification,
        CheckCode,
        VerificationBody,
        VerificationStatus,
        Problem,
        ProblemCode
    )),
    modifiers(&KeysAndErrors),
    tags((name = "verifications", description = "Codes sent by SMS and checked."))
)]
pub struct ApiDoc;

/// `GET /api/v1/openapi.json`.
pub async fn document() -> Result<Json<Value>, Problem> {
    let mut document = serde_json::to_value(ApiDoc::openapi())
        .context("could not write the OpenAPI document as JSON")
        .map_err(|error| Problem::internal(&error))?;
    link_the_new_verification(&mut document);
    write_the_start_body_rules(&mut document);
    Ok(Json(document))
}

/// The operations a new verification's `id` leads to: documentation for people, and the links
/// schemathesis follows from a start to a fetch, a check, a cancel. Written as JSON because
/// utoipa 5.5 writes a link's `operationId` in snake case, which no tool reads.
fn link_the_new_verification(document: &mut Value) {
    let Some(created) = document.pointer_mut("/paths/~1api~1v1~1verifications/post/responses/201")
    else {
        return;
    };
    let link = |operation_id: &str| json!({ "operationId": operation_id, "parameters": { "id": "$response.body#/id" } });
    created["links"] = json!({
        "GetVerification": link("get_verification"),
        "CheckVerification": link("check_verification"),
        "CancelVerification": link("cancel_verification"),
    });
}

/// Exactly one of `to` and `user`, and `country` only with `to`: the start body's rules that
/// utoipa 5.5 cannot derive from the type, written into its schema so that clients and fuzzers
/// know them (they were prose only).
fn write_the_start_body_rules(document: &mut Value) {
    let Some(schema) = document.pointer_mut("/components/schemas/StartVerification") else {
        return;
    };
    let only = |given: &str, absent: &str| {
        json!({
            "required": [given],
            "properties": { given: { "type": "string" }, absent: { "type": "null" } },
        })
    };
    schema["oneOf"] = json!([only("to", "user"), only("user", "to")]);
    schema["dependentRequired"] = json!({ "country": ["to"] });
}

/// The error statuses each operation can answer (by operation id).
const ERRORS: &[(&str, &[u16])] = &[
    (
        "start_verification",
        &[400, 401, 403, 404, 409, 415, 422, 429, 500, 502],
    ),
    ("get_verification", &[401, 404, 500]),
    ("check_verification", &[400, 401, 404, 409, 415, 500]),
    ("cancel_verification", &[401, 404, 409, 500]),
];

/// Declares the two ways to present a key and every operation's problem answers.
struct KeysAndErrors;

impl Modify for KeysAndErrors {
    fn modify(&self, doc: &mut openapi::OpenApi) {
        let components = doc.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Bearer)),
        );
        components.add_security_scheme(
            "basic",
            SecurityScheme::Http(Http::new(HttpAuthScheme::Basic)),
        );
        for item in doc.paths.paths.values_mut() {
            let operations = [
                item.get.as_mut(),
                item.post.as_mut(),
                item.put.as_mut(),
                item.delete.as_mut(),
            ];
            for operation in operations.into_iter().flatten() {
                let id = operation.operation_id.clone().unwrap_or_default();
                let statuses = ERRORS
                    .iter()
                    .find(|(operation_id, _)| *operation_id == id)
                    .map_or(&[][..], |(_, statuses)| *statuses);
                for status in statuses {
                    operation
                        .responses
                        .responses
                        .insert(status.to_string(), RefOr::T(problem_response(*status)));
                }
            }
        }
    }
}

fn problem_response(status: u16) -> openapi::Response {
    let description = match status {
        400 => "Malformed body or invalid parameters (`fields` names them).",
        401 => "No API key, or an unknown, wrong or revoked one.",
        403 => "The key may not use this verifier.",
        404 => "No such verification, verifier or user.",
        409 => {
            "The verification is not pending, has no attempts left, or the idempotency key \
                is in use."
        }
        415 => "The body is not JSON.",
        422 => {
            "The number cannot be sent to, the user has no bound number, or the \
                idempotency key was used with another body."
        }
        429 => "Too many codes for this number or key: retry after `Retry-After` seconds.",
        502 => "The SMS provider could not send the code.",
        _ => "Something went wrong on our side; `reference` names it in the log.",
    };
    let mut response = ResponseBuilder::new().description(description).content(
        "application/problem+json",
        ContentBuilder::new()
            .schema(Some(Ref::from_schema_name("Problem")))
            .build(),
    );
    if status == 429 {
        response = response.header(
            "Retry-After",
            HeaderBuilder::new()
                .schema(openapi::schema::Object::with_type(
                    openapi::schema::Type::Integer,
                ))
                .description(Some("Seconds to wait before asking again."))
                .build(),
        );
    }
    if status == 401 {
        response = response.header(
            "WWW-Authenticate",
            HeaderBuilder::new()
                .schema(openapi::schema::Object::with_type(
                    openapi::schema::Type::String,
                ))
                .build(),
        );
    }
    response.build()
}
