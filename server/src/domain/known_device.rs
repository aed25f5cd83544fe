//! Browsers a user signed in from, marked with a cookie. Their SMS sign-in codes have a lane of
//! their own: a stranger who knows the number can use up its anonymous caps, or lock it with
//! wrong codes, but cannot keep its owner from signing in from a browser they used before.
//!
//! The mark is an HMAC of the user id, so it needs no storage and any instance can check it.
//! It proves nothing about who is asking (the code still does that): it only chooses the lane.

use hmac::Mac;
use subtle::ConstantTimeEq;

use crate::secret::{Key, ServerSecret};

const PURPOSE: &str = "verigate/known-device/v1";

/// Makes and checks the marks.
#[derive(Clone)]
pub struct DeviceMarks {
    key: Key,
}

impl DeviceMarks {
    pub fn new(secret: &ServerSecret) -> Self {
        Self {
            key: secret.derive(PURPOSE),
        }
    }

    /// The mark of a browser `user_id` signed in from.
    pub fn mark(&self, user_id: &str) -> String {
        hex::encode(
            crate::mac::hmac_sha256(self.key.bytes())
                .chain_update(user_id.as_bytes())
                .finalize()
                .into_bytes(),
        )
    }

    /// Whether `mark` is `user_id`'s, compared in constant time.
    pub fn is_mark_of(&self, user_id: &str, mark: &str) -> bool {
        bool::from(self.mark(user_id).as_bytes().ct_eq(mark.as_bytes()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mark_is_its_user_s_only() {
        let marks = DeviceMarks::new(&ServerSecret::from_hex(&"11".repeat(32)).expect("secret"));
        let ada = marks.mark("u_ada");
        assert!(marks.is_mark_of("u_ada", &ada));
        assert!(!marks.is_mark_of("u_bob", &ada));
        assert!(!marks.is_mark_of("u_ada", ""));
        let other_secret =
            DeviceMarks::new(&ServerSecret::from_hex(&"22".repeat(32)).expect("secret"));
        assert!(!other_secret.is_mark_of("u_ada", &ada));
    }
}
