//! Users' verification: binding and unbinding numbers, signing in with a code.

use app::dto::{CodeSent, MyVerifier};
use reqwest::Client;

use super::{
    Answer, NO_ARGUMENTS, TestApp,
    answer::{done, returned},
};

/// A phone number as a user enters it: a calling code and the national number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Phone<'a> {
    pub country: &'a str,
    pub national: &'a str,
}

impl<'a> Phone<'a> {
    /// A mainland China number (+86), as typed.
    pub const fn china(national: &'a str) -> Self {
        Self {
            country: "86",
            national,
        }
    }
}

impl TestApp {
    /// The user's verifiers, with their bindings.
    pub async fn my_verifiers(&self, user: &Client) -> Vec<MyVerifier> {
        returned(self.call(user, "my_verifiers", NO_ARGUMENTS).await)
            .await
            .expect("my verifiers")
    }

    /// The user asks `verifier` for a code to bind `phone`.
    pub async fn send_bind_code(
        &self,
        user: &Client,
        verifier: &str,
        phone: Phone<'_>,
    ) -> Answer<CodeSent> {
        let form = [
            ("verifier", verifier),
            ("country", phone.country),
            ("phone", phone.national),
        ];
        returned(self.call(user, "send_bind_code", &form).await).await
    }

    /// The user binds `phone` with the `code` sent for `sent`.
    pub async fn bind(
        &self,
        user: &Client,
        verifier: &str,
        phone: Phone<'_>,
        sent: &CodeSent,
        code: &str,
    ) -> Answer<()> {
        let form = [
            ("verifier", verifier),
            ("country", phone.country),
            ("phone", phone.national),
            ("challenge_id", &sent.challenge_id),
            ("code", code),
        ];
        returned(self.call(user, "bind_phone", &form).await).await
    }

    /// The user binds `phone` to `verifier` the whole way: asks for a code and enters the one
    /// the sandbox delivered.
    pub async fn bind_with_delivered_code(
        &self,
        user: &Client,
        verifier: &str,
        phone: Phone<'_>,
    ) -> Answer<()> {
        let sent = self.send_bind_code(user, verifier, phone).await?;
        let code = self.newest_sandbox_code().await;
        self.bind(user, verifier, phone, &sent, &code).await
    }

    /// The user asks for a code to the number bound to `via`, to unbind `verifier`.
    pub async fn send_unbind_code(
        &self,
        user: &Client,
        verifier: &str,
        via: &str,
    ) -> Answer<CodeSent> {
        let form = [("verifier", verifier), ("via", via)];
        returned(self.call(user, "send_unbind_code", &form).await).await
    }

    /// The user unbinds `verifier` with the `code` sent through `via` for `sent`.
    pub async fn unbind(
        &self,
        user: &Client,
        verifier: &str,
        via: &str,
        sent: &CodeSent,
        code: &str,
    ) -> Answer<()> {
        let form = [
            ("verifier", verifier),
            ("via", via),
            ("challenge_id", &sent.challenge_id),
            ("code", code),
        ];
        returned(self.call(user, "unbind_phone", &form).await).await
    }

    /// The user unbinds `verifier` the whole way: asks for a code through `via` and enters the
    /// one the sandbox delivered.
    pub async fn unbind_with_delivered_code(
        &self,
        user: &Client,
        verifier: &str,
        via: &str,
    ) -> Answer<()> {
        let sent = self.send_unbind_code(user, verifier, via).await?;
        let code = self.newest_sandbox_code().await;
        self.unbind(user, verifier, via, &sent, &code).await
    }

    /// Anyone asks `verifier` for a code to sign in with `phone`.
    pub async fn send_sign_in_code(
        &self,
        browser: &Client,
        verifier: &str,
        phone: Phone<'_>,
    ) -> Answer<CodeSent> {
        returned(self.send_sign_in_code_raw(browser, verifier, phone).await).await
    }

    /// [`TestApp::send_sign_in_code`]'s answer as it is on the wire, for checks on its shape.
    pub async fn send_sign_in_code_raw(
        &self,
        browser: &Client,
        verifier: &str,
        phone: Phone<'_>,
    ) -> reqwest::Response {
        let form = [
            ("verifier", verifier),
            ("country", phone.country),
            ("phone", phone.national),
        ];
        self.call(browser, "send_sign_in_code", &form).await
    }

    /// Signs `browser` in with the `code` sent to `phone` for `sent`.
    pub async fn sign_in_with_code(
        &self,
        browser: &Client,
        verifier: &str,
        phone: Phone<'_>,
        sent: &CodeSent,
        code: &str,
    ) -> Answer<()> {
        let form = [
            ("verifier", verifier),
            ("country", phone.country),
            ("phone", phone.national),
            ("challenge_id", &sent.challenge_id),
            ("code", code),
        ];
        done(self.call(browser, "sign_in_with_code", &form).await).await
    }
}
