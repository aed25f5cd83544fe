//! Accounts: sign-up, sign-in, the first administrator, and who a browser is.

use app::dto::CurrentUser;
use reqwest::{Client, Response, StatusCode};

use super::{
    NO_ARGUMENTS, PASSWORD, SETUP_TOKEN, TestApp,
    answer::{Answer, done},
};

impl TestApp {
    pub async fn sign_up(&self, client: &Client, username: &str) -> Response {
        self.call(
            client,
            "sign_up",
            &[
                ("username", username),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await
    }

    /// An administrator creates an ordinary account in the console.
    pub async fn create_account(&self, client: &Client, username: &str) -> Response {
        self.call(
            client,
            "create_account",
            &[
                ("username", username),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
            ],
        )
        .await
    }

    /// Whether the sign-up page takes new accounts.
    pub async fn sign_up_open(&self, client: &Client) -> bool {
        let response = self.call(client, "sign_up_status", NO_ARGUMENTS).await;
        assert_eq!(response.status(), StatusCode::OK, "sign_up_status answers");
        response.json().await.expect("sign_up_status returns JSON")
    }

    /// The signed-in user types their password again, before binding or unbinding.
    pub async fn confirm_password(&self, client: &Client, password: &str) -> Answer<()> {
        done(
            self.call(client, "confirm_password", &[("password", password)])
                .await,
        )
        .await
    }

    /// Whether `client`'s session may bind and unbind without typing the password again.
    pub async fn password_is_recent(&self, client: &Client) -> bool {
        let response = self.call(client, "password_status", NO_ARGUMENTS).await;
        assert_eq!(response.status(), StatusCode::OK, "password_status answers");
        response.json().await.expect("password_status returns JSON")
    }

    pub async fn sign_in(&self, client: &Client, username: &str, password: &str) -> Response {
        self.call(
            client,
            "sign_in",
            &[("username", username), ("password", password)],
        )
        .await
    }

    pub async fn create_first_admin(&self, client: &Client, username: &str) -> Response {
        self.create_first_admin_with_token(client, username, SETUP_TOKEN)
            .await
    }

    pub async fn create_first_admin_with_token(
        &self,
        client: &Client,
        username: &str,
        setup_token: &str,
    ) -> Response {
        self.call(
            client,
            "create_first_admin",
            &[
                ("username", username),
                ("password", PASSWORD),
                ("password_confirmation", PASSWORD),
                ("setup_token", setup_token),
            ],
        )
        .await
    }

    /// Who the server thinks `client` is.
    pub async fn whoami(&self, client: &Client) -> Option<CurrentUser> {
        let response = self.call(client, "whoami", NO_ARGUMENTS).await;
        assert_eq!(response.status(), StatusCode::OK, "whoami answers");
        response.json().await.expect("whoami returns JSON")
    }

    /// A signed-in ordinary user's browser.
    pub async fn signed_in_user(&self, username: &str) -> Client {
        let client = self.new_browser();
        let response = self.sign_up(&client, username).await;
        assert!(
            response.status().is_success(),
            "sign-up succeeds: {}",
            response.status()
        );
        client
    }

    /// A signed-in administrator's browser.
    pub async fn signed_in_admin(&self) -> Client {
        let client = self.new_browser();
        let response = self.create_first_admin(&client, "admin").await;
        assert!(
            response.status().is_success(),
            "admin creation succeeds: {}",
            response.status()
        );
        client
    }
}
