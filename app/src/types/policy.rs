use serde::{Deserialize, Serialize};

use crate::AppError;

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
    /// Codes per number per hour and per day, across all scenes.
    pub sends_per_hour: u32,
    pub sends_per_day: u32,
    /// Calling codes numbers may have (`86`, `31`); empty allows all.
    pub allowed_countries: Vec<u16>,
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
            allowed_countries: Vec::new(),
        }
    }
}

impl Policy {
    /// Checks every bound; the error names the field.
    pub fn validate(&self) -> Result<(), AppError> {
        let within = |field: &str, value: u32, low: u32, high: u32, what: &str| {
            if (low..=high).contains(&value) {
                Ok(())
            } else {
                Err(AppError::invalid(
                    field,
                    format!("{what} must be between {low} and {high}."),
                ))
            }
        };
        within("code_length", self.code_length, 4, 10, "Code length")?;
        within(
            "code_lifetime_secs",
            self.code_lifetime_secs,
            60,
            600,
            "Code lifetime (seconds)",
        )?;
        within(
            "resend_interval_secs",
            self.resend_interval_secs,
            30,
            self.code_lifetime_secs,
            "Resend interval (seconds)",
        )?;
        within(
            "max_attempts",
            self.max_attempts,
            1,
            10,
            "Wrong attempts per code",
        )?;
        within(
            "sends_per_hour",
            self.sends_per_hour,
            1,
            100,
            "Codes per number per hour",
        )?;
        within(
            "sends_per_day",
            self.sends_per_day,
            self.sends_per_hour,
            1000,
            "Codes per number per day",
        )?;
        if let Some(bad) = self
            .allowed_countries
            .iter()
            .find(|code| !(1..=999).contains(*code))
        {
            return Err(AppError::invalid(
                "allowed_countries",
                format!("{bad} is not a calling code (1–999)."),
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
        let cases: [Case; 7] = [
            (|p| p.code_length = 3, "code_length"),
            (|p| p.code_length = 11, "code_length"),
            (|p| p.code_lifetime_secs = 601, "code_lifetime_secs"),
            (|p| p.resend_interval_secs = 301, "resend_interval_secs"),
            (|p| p.max_attempts = 0, "max_attempts"),
            (|p| p.sends_per_day = 4, "sends_per_day"),
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
