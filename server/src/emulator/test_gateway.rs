//! What the vendor emulators' unit tests share: the state an emulator keeps besides the request,
//! and the requests captured from the official SDKs read back as the emulator receives them.

use serde_json::Value;

use super::{AllowList, Context, EmulatorRequest, Fault, Faults, Handled, KeyPair, NonceCache};

/// One vendor's emulator: its handler, credentials, nonces, faults and allow-lists.
pub struct Gateway {
    handle: fn(&EmulatorRequest, &Context<'_>) -> Handled,
    pub credentials: KeyPair,
    pub nonces: NonceCache,
    pub faults: Faults,
    pub allowed: AllowList,
}

impl Gateway {
    /// No faults, any sign name and template.
    pub fn new(
        handle: fn(&EmulatorRequest, &Context<'_>) -> Handled,
        credentials: KeyPair,
    ) -> Self {
        Self {
            handle,
            credentials,
            nonces: NonceCache::default(),
            faults: Faults::default(),
            allowed: AllowList::default(),
        }
    }

    /// Sets one fault per number prefix: `+86139` rate-limited, `+86137` an invalid number,
    /// `+86136` a server error, `+86135` a timeout.
    pub fn fault_per_prefix(&self) {
        for (prefix, fault) in [
            ("+86139", Fault::RateLimited),
            ("+86137", Fault::InvalidNumber),
            ("+86136", Fault::ServerError),
            ("+86135", Fault::Timeout),
        ] {
            self.faults.set(prefix, fault);
        }
    }

    /// The emulator's answer with its clock at `now_ms`.
    pub fn judge(&self, request: &EmulatorRequest, now_ms: i64) -> Handled {
        (self.handle)(
            request,
            &Context {
                now_ms,
                credentials: &self.credentials,
                nonces: &self.nonces,
                faults: &self.faults,
                allowed: &self.allowed,
            },
        )
    }
}

/// A capture file: the request as it arrived and the credentials that signed it.
pub fn captured(json: &str) -> (EmulatorRequest, KeyPair) {
    let file: Value = serde_json::from_str(json).expect("a capture is JSON");
    let raw = &file["request"];
    let request = EmulatorRequest {
        method: text(&raw["method"]),
        path: text(&raw["path"]),
        query: text(&raw["query"]),
        // As axum hands them over: names in lower case, in arrival order.
        headers: raw["raw_headers"]
            .as_array()
            .expect("raw headers")
            .iter()
            .map(|pair| (text(&pair[0]).to_ascii_lowercase(), text(&pair[1])))
            .collect(),
        body: text(&raw["body"]).into_bytes(),
    };
    let credentials = KeyPair {
        id: text(&file["credentials"]["key_id"]),
        secret: text(&file["credentials"]["secret"]),
    };
    (request, credentials)
}

fn text(value: &Value) -> String {
    value.as_str().expect("a string").to_owned()
}
