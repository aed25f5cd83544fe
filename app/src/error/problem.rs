use serde::{Deserialize, Serialize};

use crate::types::NumberKind;

/// What is wrong with one form field: the cases the forms can name, each worded in every
/// language by [`super::wording`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Problem {
    EnterUsername,
    UsernameLength {
        min: usize,
        max: usize,
    },
    UsernameCharacters,
    UsernameTaken,
    PasswordTooShort {
        min: usize,
    },
    PasswordTooLong {
        max: usize,
    },
    PasswordTooCommon,
    PasswordsDiffer,
    WrongPassword,
    WrongSetupToken,
    PhoneWithoutCountryCode,
    EnterPhone,
    PhoneTooLong,
    PhoneDigitsOnly,
    ChooseCountry,
    InvalidPhone,
    InvalidPhoneForCountry,
    CountryNotAllowed,
    NumberKindRefused(NumberKind),
    Undeliverable,
    SendCodeFirst,
    AlreadyBound,
    NumberTaken,
    ChooseBoundMethod,
    UidFormat,
    UidTaken,
    ChooseProvider,
    ChooseFallback,
    FallbackSameAsPrimary,
    /// A provider setting left empty. The setting is named by its provider's kind and its key,
    /// so the words can be translated; `setting` is its English label, for a provider without
    /// translations.
    MissingSetting {
        provider: String,
        key: String,
        setting: String,
    },
    /// A stored secret that must be typed again because the provider or endpoint changed.
    SecretNeededAgain {
        provider: String,
        key: String,
        setting: String,
    },
    /// An endpoint on a loopback, private or link-local address.
    PrivateEndpoint {
        provider: String,
        key: String,
        setting: String,
    },
    NotAnOption {
        options: Vec<String>,
    },
    OutOfRange {
        low: u32,
        high: u32,
    },
    WholeNumber,
    NotACallingCode {
        text: String,
    },
    VerifierGone {
        uid: String,
    },
    UnknownVerifier,
    KeyNameLength,
    ChooseAtLeastOneVerifier,
    ChooseListedVerifiers,
    PageNegative,
    ChooseAction,
    ChoosePeriod,
    NumberEnding,
    TitleLength,
    DescriptionLength,
    UnknownLanguage,
    /// A message text without `{code}`, or longer than `max` characters.
    MessageText {
        max: usize,
    },
}
