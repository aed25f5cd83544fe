use serde::{Deserialize, Serialize};

use super::MessageTexts;
use crate::{AppError, error::Problem};

/// A verifier's rules for codes and sending. The server enforces every bound, not only the form.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Policy {
    /// Digits per code (4–10).
    pub code_length: u32,
    /// Seconds a code stays valid (60–600).
    pub code_lifetime_secs: u32,
    /// Seconds before another code may be sent to the same number (30–lifetime).
    pub resend_interval_secs: u32,
    /// Wrong attempts allowed per code (1–10); then the code is burned.
    pub max_attempts: u32,
    /// Codes per number per hour and per day, counted apart for anonymous callers (sign-in),
    /// signed-in users (bind, unbind, step-up) and API keys, so none can use up another's.
    pub sends_per_hour: u32,
    pub sends_per_day: u32,
    /// Different numbers one signed-in user may be sent codes to per hour.
    pub numbers_per_user_hour: u32,
    /// Codes one signed-in user may be sent per UTC day, to all their numbers together.
    pub codes_per_user_day: u32,
    /// Sign-in codes one client address may ask for per hour.
    pub sign_ins_per_client_hour: u32,
    /// Codes one API key may ask for per minute and per UTC day.
    pub api_sends_per_key_minute: u32,
    pub api_sends_per_key_day: u32,
    /// Codes the verifier sends per UTC day, all callers together; at 100 % sends stop until
    /// the next day.
    pub sends_per_verifier_day: u32,
    /// Calling codes numbers may have (`86`, `31`); empty allows all.
    pub allowed_countries: Vec<u16>,
    /// Whether codes also go to fixed-line numbers. Off by default: most cannot receive text
    /// messages, and a carrier that reads the code aloud tells it to whoever answers.
    pub allow_fixed_lines: bool,
    /// What the code message says per language, for providers that send free text.
    pub message_texts: MessageTexts,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            code_length: 6,
            code_lifetime_secs: 300,
            resend_interval_secs: 60,
            max_attempts: 5,
            sends_per_hour: 5,
            sends_per_day: 10,
            numbers_per_user_hour: 5,
            codes_per_user_day: 20,
            sign_ins_per_client_hour: 20,
            api_sends_per_key_minute: 60,
            api_sends_per_key_day: 5_000,
            sends_per_verifier_day: 1_000,
            allowed_countries: Vec::new(),
            allow_fixed_lines: false,
            message_texts: MessageTexts::default(),
        }
    }
}

impl Policy {
    /// Checks every bound; the error names the field.
    pub fn validate(&self) -> Result<(), AppError> {
        let within = |field: &str, value: u32, low: u32, high: u32| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err(AppError::invalid(field, Problem::OutOfRange { low, high }))
            }
        };
        within("code_length", self.code_length, 4, 10)?;
        within("code_lifetime_secs", self.code_lifetime_secs, 60, 600)?;
        within(
            "resend_interval_secs",
            self.resend_interval_secs,
            30,
            self.code_lifetime_secs,
        )?;
        within("max_attempts", self.max_attempts, 1, 10)?;
        within("sends_per_hour", self.sends_per_hour, 1, 100)?;
        within(
            "sends_per_day",
            self.sends_per_day,
            self.sends_per_hour,
            1000,
        )?;
        within("numbers_per_user_hour", self.numbers_per_user_hour, 1, 100)?;
        within("codes_per_user_day", self.codes_per_user_day, 1, 10_000)?;
        within(
            "sign_ins_per_client_hour",
            self.sign_ins_per_client_hour,
            1,
            10_000,
        )?;
        within(
            "api_sends_per_key_minute",
            self.api_sends_per_key_minute,
            1,
            10_000,
        )?;
        within(
            "api_sends_per_key_day",
            self.api_sends_per_key_day,
            self.api_sends_per_key_minute,
            1_000_000,
        )?;
        within(
            "sends_per_verifier_day",
            self.sends_per_verifier_day,
            1,
            10_000_000,
        )?;
        if let Some(bad) = self
            .allowed_countries
            .iter()
            .find(|code| !(1..=999).contains(*code))
        {
            return Err(AppError::invalid(
                "allowed_countries",
                Problem::NotACallingCode {
                    text: bad.to_string(),
                },
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_are_valid() {
        assert_eq!(Policy::default().validate(), Ok(()));
    }

    #[test]
    fn each_bound_is_enforced_on_its_own_field() {
        type Case = (fn(&mut Policy), &'static str);
        let cases: [Case; 13] = [
            (|p| p.code_length = 3, "code_length"),
            (|p| p.code_length = 11, "code_length"),
            (|p| p.code_lifetime_secs = 601, "code_lifetime_secs"),
            (|p| p.resend_interval_secs = 301, "resend_interval_secs"),
            (|p| p.max_attempts = 0, "max_attempts"),
            (|p| p.sends_per_day = 4, "sends_per_day"),
            (|p| p.numbers_per_user_hour = 0, "numbers_per_user_hour"),
            (|p| p.codes_per_user_day = 0, "codes_per_user_day"),
            (
                |p| p.sign_ins_per_client_hour = 0,
                "sign_ins_per_client_hour",
            ),
            (
                |p| p.api_sends_per_key_minute = 0,
                "api_sends_per_key_minute",
            ),
            (|p| p.api_sends_per_key_day = 59, "api_sends_per_key_day"),
            (|p| p.sends_per_verifier_day = 0, "sends_per_verifier_day"),
            (|p| p.allowed_countries = vec![1000], "allowed_countries"),
        ];
        for (change, field) in cases {
            let mut policy = Policy::default();
            change(&mut policy);
            let error = policy.validate().expect_err(field);
            assert!(error.for_field(field).is_some(), "{field}: {error:?}");
        }
    }
}
