//! The one-time token that creating the first administrator needs, so that whoever reaches a
//! fresh instance first (or a page that rebinds a DNS name to it) cannot claim it. The server
//! prints it at start while no administrator exists; once one does, setting up is refused anyway.
//!
//! Derived from the server secret, so every instance sharing a database (and hence the secret)
//! prints and accepts the same token, and a restart does not invalidate a link already printed.

use subtle::ConstantTimeEq;

use crate::secret::ServerSecret;

const PURPOSE: &str = "verigate/setup-token/v1";

/// The setup token. Masked in `Debug`.
#[derive(Clone)]
pub struct SetupToken(String);

impl SetupToken {
    /// The configured token (`VERIGATE_SETUP_TOKEN`, for automated installs), else the one
    /// derived from the server secret: 32 hex digits.
    pub fn new(configured: Option<&str>, secret: &ServerSecret) -> Self {
        match configured.map(str::trim).filter(|token| !token.is_empty()) {
            Some(token) => Self(token.to_owned()),
            None => Self(hex::encode(&secret.derive(PURPOSE).bytes()[..16])),
        }
    }

    /// Whether `offered` is the token, compared in constant time.
    pub fn matches(&self, offered: &str) -> bool {
        bool::from(self.0.as_bytes().ct_eq(offered.trim().as_bytes()))
    }

    /// The token itself, to print in the setup link.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for SetupToken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetupToken(***)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret(byte: u8) -> ServerSecret {
        ServerSecret::from_hex(&hex::encode([byte; 32])).expect("a valid secret")
    }

    #[test]
    fn the_derived_token_is_stable_per_secret_and_differs_between_secrets() {
        let token = SetupToken::new(None, &secret(1));
        assert_eq!(token.expose().len(), 32);
        assert!(token.matches(SetupToken::new(None, &secret(1)).expose()));
        assert!(!token.matches(SetupToken::new(None, &secret(2)).expose()));
    }

    #[test]
    fn a_configured_token_wins_and_only_the_exact_token_matches() {
        let token = SetupToken::new(Some(" let-me-in "), &secret(1));
        assert!(token.matches("let-me-in"));
        for wrong in ["", "let-me-i", "let-me-in!", "LET-ME-IN"] {
            assert!(!token.matches(wrong), "{wrong:?}");
        }
        let blank = SetupToken::new(Some("  "), &secret(1));
        assert_eq!(
            blank.expose().len(),
            32,
            "a blank setting falls back to the derived token"
        );
    }
}
