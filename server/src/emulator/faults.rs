//! Failures the emulator can be told to produce for a number or a prefix, so the error mapping
//! and the fallback provider are tested end to end.

use std::{str::FromStr, sync::RwLock};

/// A failure to simulate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fault {
    /// The vendor's per-number throttling answer.
    RateLimited,
    /// The vendor's invalid-number answer.
    InvalidNumber,
    /// HTTP 5xx.
    ServerError,
    /// No answer at all.
    Timeout,
}

impl FromStr for Fault {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text {
            "rate_limited" => Ok(Self::RateLimited),
            "invalid_number" => Ok(Self::InvalidNumber),
            "server_error" => Ok(Self::ServerError),
            "timeout" => Ok(Self::Timeout),
            other => Err(format!(
                "unknown fault {other:?} (expected rate_limited, invalid_number, server_error or timeout)"
            )),
        }
    }
}

/// Faults by number prefix; the longest matching prefix wins.
#[derive(Debug, Default)]
pub struct Faults {
    rules: RwLock<Vec<(String, Fault)>>,
}

impl Faults {
    /// Parses `prefix=fault,prefix=fault` (e.g. `+8613900=rate_limited,+1555=timeout`).
    pub fn parse(spec: &str) -> Result<Self, String> {
        let faults = Self::default();
        for rule in spec
            .split(',')
            .map(str::trim)
            .filter(|rule| !rule.is_empty())
        {
            let (prefix, fault) = rule
                .split_once('=')
                .ok_or_else(|| format!("fault rule {rule:?} is not prefix=fault"))?;
            faults.set(prefix.trim(), fault.trim().parse()?);
        }
        Ok(faults)
    }

    /// Makes numbers starting with `prefix` fail with `fault`.
    pub fn set(&self, prefix: &str, fault: Fault) {
        let mut rules = self
            .rules
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        rules.retain(|(existing, _)| existing != prefix);
        rules.push((prefix.to_owned(), fault));
    }

    /// Removes every rule.
    pub fn clear(&self) {
        self.rules
            .write()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .clear();
    }

    /// The fault for `number`. Numbers are compared without a leading `+` or `00`, so a rule
    /// for `+86139` matches `8613900001111` and `+8613900001111` alike.
    pub fn for_number(&self, number: &str) -> Option<Fault> {
        let number = bare(number);
        let rules = self
            .rules
            .read()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        rules
            .iter()
            .filter(|(prefix, _)| number.starts_with(bare(prefix)))
            .max_by_key(|(prefix, _)| bare(prefix).len())
            .map(|(_, fault)| *fault)
    }
}

fn bare(number: &str) -> &str {
    let number = number.trim();
    number
        .strip_prefix('+')
        .or_else(|| number.strip_prefix("00"))
        .unwrap_or(number)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_matching_prefix_wins_with_or_without_plus() {
        let faults = Faults::parse("+86139=rate_limited, +8613900=timeout").expect("valid rules");
        assert_eq!(faults.for_number("+8613900001111"), Some(Fault::Timeout));
        assert_eq!(faults.for_number("8613911112222"), Some(Fault::RateLimited));
        assert_eq!(faults.for_number("+8613800138000"), None);
        faults.clear();
        assert_eq!(faults.for_number("+8613900001111"), None);
    }

    #[test]
    fn bad_rules_are_named() {
        assert!(
            Faults::parse("+86139")
                .expect_err("no fault")
                .contains("+86139")
        );
        assert!(
            Faults::parse("+86=boom")
                .expect_err("unknown fault")
                .contains("boom")
        );
    }
}
