//! Other applications' view: API keys, and one typed helper per operation of the native API
//! (`/api/v1`, JSON) and of the Twilio-compatible one (`/v2`, forms).

use app::ports::{ApiKeys, KeyScope, SYSTEM_ACTOR};
use reqwest::{Method, StatusCode, header};
use serde::Deserialize;
use serde_json::Value;

use super::{TestApp, VerifierForm};

/// A key made by an administrator: its SID and its secret.
#[derive(Debug, Clone)]
pub struct ApiKey {
    pub sid: String,
    pub secret: String,
}

/// How a request presents (or does not present) a key.
#[derive(Debug, Clone, Copy)]
pub enum Auth<'a> {
    None,
    Bearer(&'a str),
    Basic(&'a str, &'a str),
}

impl ApiKey {
    pub fn bearer(&self) -> Auth<'_> {
        Auth::Bearer(&self.secret)
    }

    /// HTTP Basic `SID:secret`, as Twilio's libraries send it.
    pub fn basic(&self) -> Auth<'_> {
        Auth::Basic(&self.sid, &self.secret)
    }
}

/// A verification as `/api/v1` shows it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Verification {
    pub id: String,
    pub verifier: String,
    pub service_sid: String,
    pub to: String,
    pub status: String,
    pub valid: bool,
    pub attempts_left: u32,
    pub code_length: u32,
    pub created_at: String,
    pub updated_at: String,
    pub expires_at: String,
    pub resend_at: String,
}

/// A problem (RFC 9457) as `/api/v1` refuses with it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    pub code: String,
    #[serde(default)]
    pub fields: Vec<String>,
    pub reference: Option<String>,
    pub retry_after: Option<u64>,
}

/// An API answer as it came: status, headers, body.
#[derive(Debug)]
pub struct Reply {
    pub status: StatusCode,
    pub headers: header::HeaderMap,
    pub body: String,
}

impl Reply {
    /// The body as JSON.
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.body)
            .unwrap_or_else(|_| panic!("a JSON body ({}): {}", self.status, self.body))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|value| value.to_str().ok())
    }

    /// `Retry-After`, in whole seconds.
    pub fn retry_after(&self) -> Option<u64> {
        self.header("retry-after")
            .map(|value| value.parse().expect("Retry-After is whole seconds"))
    }

    /// The verification in a `status` answer, or a panic naming what came instead.
    pub fn verification(&self, status: StatusCode) -> Verification {
        assert_eq!(self.status, status, "{}", self.body);
        serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("a verification: {error}: {}", self.body))
    }

    /// The problem in a refusal, checked to be `application/problem+json` with a matching
    /// `status` (and a `Retry-After` on every 429).
    pub fn problem(&self) -> Problem {
        assert!(
            !self.status.is_success(),
            "a refusal, not {}: {}",
            self.status,
            self.body
        );
        assert_eq!(
            self.header("content-type"),
            Some("application/problem+json"),
            "{}",
            self.body
        );
        let problem: Problem = serde_json::from_str(&self.body)
            .unwrap_or_else(|error| panic!("a problem: {error}: {}", self.body));
        assert_eq!(problem.status, self.status.as_u16());
        if self.status == StatusCode::TOO_MANY_REQUESTS {
            assert!(self.retry_after().is_some(), "Retry-After on a 429");
        }
        problem
    }

    /// Twilio's `(status, code)` of an error answer, checked to have exactly Twilio's four
    /// fields.
    pub fn twilio_error(&self) -> (u16, u64) {
        let body = self.json();
        let object = body.as_object().expect("an object");
        let mut fields: Vec<&str> = object.keys().map(String::as_str).collect();
        fields.sort_unstable();
        assert_eq!(
            fields,
            ["code", "message", "more_info", "status"],
            "{}",
            self.body
        );
        let code = body["code"].as_u64().expect("a numeric code");
        assert_eq!(
            body["more_info"],
            format!("https://www.twilio.com/docs/errors/{code}")
        );
        assert_eq!(body["status"], self.status.as_u16());
        (self.status.as_u16(), code)
    }
}

impl TestApp {
    /// An administrator's new key for `scope`.
    pub async fn api_key(&self, scope: KeyScope) -> ApiKey {
        self.named_api_key("shop backend", scope).await
    }

    /// Like [`TestApp::api_key`], with a name (the message log shows it).
    pub async fn named_api_key(&self, name: &str, scope: KeyScope) -> ApiKey {
        let issued = self
            .api_keys
            .create_key(SYSTEM_ACTOR, name.to_owned(), scope)
            .await
            .expect("the key is made");
        ApiKey {
            sid: issued.sid,
            secret: issued.secret,
        }
    }

    /// Revokes a key.
    pub async fn revoke_api_key(&self, key: &ApiKey) {
        self.api_keys
            .revoke_key(SYSTEM_ACTOR, &key.sid)
            .await
            .expect("the key is revoked");
    }

    /// The installation's Account SID.
    pub fn account_sid(&self) -> String {
        self.api_keys.account_sid()
    }

    /// Sandbox verifier `uid` made through the console (the admin signed in once per app), and
    /// its Service SID.
    pub async fn api_verifier(&self, admin: &reqwest::Client, form: VerifierForm<'_>) -> String {
        let uid = form.uid.to_owned();
        self.save_verifier(admin, form)
            .await
            .expect("the verifier is saved");
        sqlx::query_scalar("select service_sid from verifier where uid = $1")
            .bind(uid)
            .fetch_one(&self.db.pool)
            .await
            .expect("the verifier's Service SID")
    }

    /// Any request to the API: no cookies (a fresh client), the given key.
    pub async fn api_request(
        &self,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Reply {
        let client = reqwest::Client::new();
        self.api_request_with(&client, method, path, auth, build)
            .await
    }

    /// [`TestApp::api_request`] through a given client (a browser with cookies, say).
    pub async fn api_request_with(
        &self,
        client: &reqwest::Client,
        method: Method,
        path: &str,
        auth: Auth<'_>,
        build: impl FnOnce(reqwest::RequestBuilder) -> reqwest::RequestBuilder,
    ) -> Reply {
        let mut request = client.request(method, format!("{}{path}", self.address));
        request = match auth {
            Auth::None => request,
            Auth::Bearer(secret) => request.bearer_auth(secret),
            Auth::Basic(sid, secret) => request.basic_auth(sid, Some(secret)),
        };
        let response = build(request).send().await.expect("the server answers");
        Reply {
            status: response.status(),
            headers: response.headers().clone(),
            body: response.text().await.expect("a body"),
        }
    }

    // `/api/v1`

    /// `POST /api/v1/verifications` with a JSON `body`.
    pub async fn start_verification(&self, auth: Auth<'_>, body: &Value) -> Reply {
        self.start_verification_once(auth, None, body).await
    }

    /// [`TestApp::start_verification`] with an `Idempotency-Key`.
    pub async fn start_verification_once(
        &self,
        auth: Auth<'_>,
        idempotency_key: Option<&str>,
        body: &Value,
    ) -> Reply {
        self.api_request(Method::POST, "/api/v1/verifications", auth, |request| {
            let request = request.json(body);
            match idempotency_key {
                Some(key) => request.header("Idempotency-Key", key),
                None => request,
            }
        })
        .await
    }

    /// `GET /api/v1/verifications/{id}`.
    pub async fn get_verification(&self, auth: Auth<'_>, id: &str) -> Reply {
        self.api_request(
            Method::GET,
            &format!("/api/v1/verifications/{id}"),
            auth,
            |request| request,
        )
        .await
    }

    /// `POST /api/v1/verifications/{id}/check` with `{code}`.
    pub async fn check_verification(&self, auth: Auth<'_>, id: &str, code: &str) -> Reply {
        self.api_request(
            Method::POST,
            &format!("/api/v1/verifications/{id}/check"),
            auth,
            |request| request.json(&serde_json::json!({ "code": code })),
        )
        .await
    }

    /// `POST /api/v1/verifications/{id}/cancel`.
    pub async fn cancel_verification(&self, auth: Auth<'_>, id: &str) -> Reply {
        self.api_request(
            Method::POST,
            &format!("/api/v1/verifications/{id}/cancel"),
            auth,
            |request| request,
        )
        .await
    }

    // `/v2`, as Twilio's libraries call it

    /// `GET /v2/Services`.
    pub async fn twilio_services(&self, auth: Auth<'_>) -> Reply {
        self.api_request(Method::GET, "/v2/Services", auth, |request| request)
            .await
    }

    /// `GET /v2/Services/{service}`.
    pub async fn twilio_service(&self, auth: Auth<'_>, service: &str) -> Reply {
        self.api_request(
            Method::GET,
            &format!("/v2/Services/{service}"),
            auth,
            |request| request,
        )
        .await
    }

    /// `POST /v2/Services/{service}/Verifications` with `form` (`To`, `Channel`, …).
    pub async fn twilio_start(
        &self,
        auth: Auth<'_>,
        service: &str,
        form: &[(&str, &str)],
    ) -> Reply {
        self.twilio_post(auth, &format!("/v2/Services/{service}/Verifications"), form)
            .await
    }

    /// `GET /v2/Services/{service}/Verifications/{sid}`.
    pub async fn twilio_fetch(&self, auth: Auth<'_>, service: &str, sid: &str) -> Reply {
        self.api_request(
            Method::GET,
            &format!("/v2/Services/{service}/Verifications/{sid}"),
            auth,
            |request| request,
        )
        .await
    }

    /// `POST /v2/Services/{service}/Verifications/{sid}` with `Status=…`.
    pub async fn twilio_update(
        &self,
        auth: Auth<'_>,
        service: &str,
        sid: &str,
        status: &str,
    ) -> Reply {
        self.twilio_post(
            auth,
            &format!("/v2/Services/{service}/Verifications/{sid}"),
            &[("Status", status)],
        )
        .await
    }

    /// `POST /v2/Services/{service}/VerificationCheck` with `form` (`Code`, `To` or
    /// `VerificationSid`).
    pub async fn twilio_check(
        &self,
        auth: Auth<'_>,
        service: &str,
        form: &[(&str, &str)],
    ) -> Reply {
        self.twilio_post(
            auth,
            &format!("/v2/Services/{service}/VerificationCheck"),
            form,
        )
        .await
    }

    async fn twilio_post(&self, auth: Auth<'_>, path: &str, form: &[(&str, &str)]) -> Reply {
        self.api_request(Method::POST, path, auth, |request| request.form(form))
            .await
    }
}

/// What most API scenarios start from: an app with sandbox verifier `v_sms` (the default
/// form), its Service SID, a key for every verifier, and the administrator's browser.
pub struct ApiSetup {
    pub app: TestApp,
    pub admin: reqwest::Client,
    pub key: ApiKey,
    pub service_sid: String,
}

impl ApiSetup {
    pub async fn spawn(backend: super::Backend) -> Self {
        Self::spawn_with(backend, VerifierForm::default()).await
    }

    /// With verifier `form` instead of the default one.
    pub async fn spawn_with(backend: super::Backend, form: VerifierForm<'_>) -> Self {
        let app = TestApp::spawn(backend).await;
        let admin = app.signed_in_admin().await;
        let service_sid = app.api_verifier(&admin, form).await;
        let key = app.api_key(KeyScope::All).await;
        Self {
            app,
            admin,
            key,
            service_sid,
        }
    }
}
