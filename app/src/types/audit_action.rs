use serde::{Deserialize, Serialize};

use crate::i18n::{Locale, td_string};

/// What an audit event records.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AuditAction {
    /// A user bound a number to a verifier.
    Bind,
    /// A user unbound their number from a verifier.
    Unbind,
    ApiKeyCreated,
    ApiKeyRevoked,
    /// An administrator (or the command line) created an account.
    AccountCreated,
    /// The SMS-pumping guard held sends to a calling code.
    PumpingHold,
    /// An administrator released such a hold.
    PumpingRelease,
    /// An administrator created, changed or deleted a verifier (its provider, credentials,
    /// texts or limits): where its codes go is theirs to decide, and this records who did.
    VerifierCreated,
    VerifierUpdated,
    VerifierDeleted,
}

impl AuditAction {
    /// Every action, in the order a filter lists them.
    pub const ALL: [AuditAction; 10] = [
        AuditAction::Bind,
        AuditAction::Unbind,
        AuditAction::ApiKeyCreated,
        AuditAction::ApiKeyRevoked,
        AuditAction::AccountCreated,
        AuditAction::PumpingHold,
        AuditAction::PumpingRelease,
        AuditAction::VerifierCreated,
        AuditAction::VerifierUpdated,
        AuditAction::VerifierDeleted,
    ];

    /// The name stored in the database and used in the page's URL.
    pub fn as_str(self) -> &'static str {
        match self {
            AuditAction::Bind => "bind",
            AuditAction::Unbind => "unbind",
            AuditAction::ApiKeyCreated => "api_key_created",
            AuditAction::ApiKeyRevoked => "api_key_revoked",
            AuditAction::AccountCreated => "account_created",
            AuditAction::PumpingHold => "pumping_hold",
            AuditAction::PumpingRelease => "pumping_release",
            AuditAction::VerifierCreated => "verifier_created",
            AuditAction::VerifierUpdated => "verifier_updated",
            AuditAction::VerifierDeleted => "verifier_deleted",
        }
    }

    /// Reads a stored or typed action name.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|action| action.as_str() == name)
    }

    /// How the audit log page names it, in `locale`.
    pub fn label(self, locale: Locale) -> &'static str {
        match self {
            AuditAction::Bind => td_string!(locale, audit.action_bind),
            AuditAction::Unbind => td_string!(locale, audit.action_unbind),
            AuditAction::ApiKeyCreated => td_string!(locale, audit.action_api_key_created),
            AuditAction::ApiKeyRevoked => td_string!(locale, audit.action_api_key_revoked),
            AuditAction::AccountCreated => td_string!(locale, audit.action_account_created),
            AuditAction::PumpingHold => td_string!(locale, audit.action_pumping_hold),
            AuditAction::PumpingRelease => td_string!(locale, audit.action_pumping_release),
            AuditAction::VerifierCreated => td_string!(locale, audit.action_verifier_created),
            AuditAction::VerifierUpdated => td_string!(locale, audit.action_verifier_updated),
            AuditAction::VerifierDeleted => td_string!(locale, audit.action_verifier_deleted),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_action_reads_back_from_its_name() {
        for action in AuditAction::ALL {
            assert_eq!(AuditAction::parse(action.as_str()), Some(action));
        }
        assert_eq!(AuditAction::parse("drop table"), None);
    }
}
