//! Twilio's resources as its API shows them (snake_case, whole-second UTC times, absolute URLs):
//! a Service (a verifier), a Verification, a VerificationCheck.

use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::{
    domain::verification_api::{Service, Verification},
    http::api::timestamps::whole_seconds,
};

/// The only channel Verigate sends on.
const CHANNEL: &str = "sms";

/// The number as the answer shows it: masked when the verification was started for a user.
fn to_of(verification: &Verification) -> String {
    if verification.for_user {
        verification.to.masked()
    } else {
        verification.to.as_str().to_owned()
    }
}

/// `GET /v2/Services/{Sid}`'s body.
pub fn service(service: &Service, account_sid: &str, base: &str) -> Value {
    let url = format!("{base}/v2/Services/{}", service.sid);
    let link = |resource: &str| format!("{url}/{resource}");
    json!({
        "sid": service.sid,
        "account_sid": account_sid,
        "friendly_name": service.title,
        "code_length": service.code_length,
        "lookup_enabled": false,
        "psd2_enabled": false,
        "skip_sms_to_landlines": false,
        "dtmf_input_required": true,
        "tts_name": null,
        "do_not_share_warning_enabled": false,
        "custom_code_enabled": false,
        "push": {
            "include_date": false,
            "apn_credential_sid": null,
            "fcm_credential_sid": null
        },
        "totp": { "issuer": null, "time_step": null, "code_length": null, "skew": null },
        "whatsapp": { "msg_service_sid": null, "from": null },
        "passkeys": {
            "relying_party": null,
            "authenticator_attachment": null,
            "discoverable_credentials": null,
            "user_verification": null
        },
        "default_template_sid": null,
        "verify_event_subscription_enabled": false,
        "date_created": whole_seconds(service.created_at_ms),
        "date_updated": whole_seconds(service.updated_at_ms),
        "url": url,
        "links": {
            "verification_checks": link("VerificationCheck"),
            "verifications": link("Verifications"),
            "rate_limits": link("RateLimits"),
            "messaging_configurations": link("MessagingConfigurations"),
            "entities": link("Entities"),
            "webhooks": link("Webhooks"),
            "access_tokens": link("AccessTokens")
        }
    })
}

/// One entry of `send_code_attempts`.
#[derive(Debug, Serialize)]
pub struct SendCodeAttempt {
    /// `VL` + 32 hex digits, derived from the verification (one send per verification).
    pub attempt_sid: String,
    /// Upper-case, as in Twilio's own examples.
    pub channel: &'static str,
    pub time: String,
}

/// What a verification and a check of it both say, in Twilio's words.
#[derive(Debug, Serialize)]
pub struct VerificationFields {
    pub sid: String,
    pub service_sid: String,
    pub account_sid: String,
    pub to: String,
    pub channel: &'static str,
    pub status: &'static str,
    pub valid: bool,
    pub amount: Option<String>,
    pub payee: Option<String>,
    pub date_created: String,
    pub date_updated: String,
}

impl VerificationFields {
    fn of(verification: &Verification, account_sid: &str) -> Self {
        Self {
            sid: verification.sid.clone(),
            service_sid: verification.service_sid.clone(),
            account_sid: account_sid.to_owned(),
            to: to_of(verification),
            channel: CHANNEL,
            status: verification.status.as_str(),
            valid: verification.valid(),
            amount: None,
            payee: None,
            date_created: whole_seconds(verification.created_at_ms),
            date_updated: whole_seconds(verification.updated_at_ms),
        }
    }
}

/// A Verification resource.
#[derive(Debug, Serialize)]
pub struct VerificationResource {
    #[serde(flatten)]
    pub fields: VerificationFields,
    /// `{}`: carrier lookups are not done.
    pub lookup: Value,
    pub send_code_attempts: Vec<SendCodeAttempt>,
    pub sna: Option<Value>,
    pub url: String,
}

impl VerificationResource {
    pub fn new(verification: &Verification, account_sid: &str, base: &str) -> Self {
        let attempt = hex::encode(Sha256::digest(format!("attempt:{}", verification.sid)));
        Self {
            fields: VerificationFields::of(verification, account_sid),
            lookup: json!({}),
            send_code_attempts: vec![SendCodeAttempt {
                attempt_sid: format!("VL{}", &attempt[..32]),
                channel: "SMS",
                time: whole_seconds(verification.created_at_ms),
            }],
            sna: None,
            url: format!(
                "{base}/v2/Services/{}/Verifications/{}",
                verification.service_sid, verification.sid
            ),
        }
    }
}

/// A VerificationCheck resource: no `url`, `lookup` or `send_code_attempts`.
#[derive(Debug, Serialize)]
pub struct CheckResource {
    #[serde(flatten)]
    pub fields: VerificationFields,
    pub sna_attempts_error_codes: Vec<Value>,
}

impl CheckResource {
    pub fn new(verification: &Verification, account_sid: &str) -> Self {
        Self {
            fields: VerificationFields::of(verification, account_sid),
            sna_attempts_error_codes: Vec::new(),
        }
    }
}
