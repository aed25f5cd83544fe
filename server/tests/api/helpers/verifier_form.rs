//! The admin console's verifier form, as a struct: set the fields a test is about and take the
//! rest from [`VerifierForm::default`].

/// Whether the form creates a verifier or edits an existing one.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Mode {
    #[default]
    Create,
    Edit,
}

/// One provider's section of the form: its key and its settings as typed.
pub type Section<'a> = (&'a str, Vec<(&'a str, &'a str)>);

/// The verifier form's fields. The policy fields are text, as typed, so tests can type
/// nonsense into them.
///
/// The default is sandbox verifier `v_sms` with the default policy, closed to sign-in.
#[derive(Debug, Clone)]
pub struct VerifierForm<'a> {
    pub mode: Mode,
    pub uid: &'a str,
    pub title: &'a str,
    pub description: &'a str,
    pub provider: &'a str,
    /// The "Allow sign-in with this verifier" checkbox.
    pub sign_in_enabled: bool,
    /// Empty for none.
    pub fallback_provider: &'a str,
    /// Providers' sections, over the ones the form always posts (see [`POSTED_SECTIONS`]).
    pub settings: Vec<Section<'a>>,
    pub code_length: &'a str,
    pub code_lifetime_secs: &'a str,
    pub resend_interval_secs: &'a str,
    pub max_attempts: &'a str,
    pub sends_per_hour: &'a str,
    pub sends_per_day: &'a str,
    pub numbers_per_user_hour: &'a str,
    pub codes_per_user_day: &'a str,
    pub sign_ins_per_client_hour: &'a str,
    pub api_sends_per_key_minute: &'a str,
    pub api_sends_per_key_day: &'a str,
    pub sends_per_verifier_day: &'a str,
    pub allowed_countries: &'a str,
    /// The "Send codes to fixed-line numbers too" checkbox.
    pub allow_fixed_lines: bool,
    /// Message texts by language tag, posted as `message_texts[<tag>]`.
    pub message_texts: Vec<(&'a str, &'a str)>,
}

/// The page posts every provider's section, chosen or not; these are the ones of the sandbox
/// and the webhook, left as the form shows them.
const POSTED_SECTIONS: &[(&str, &str, &str)] = &[
    ("sandbox", "fail", "none"),
    ("webhook", "url", ""),
    ("webhook", "secret", ""),
];

impl Default for VerifierForm<'_> {
    fn default() -> Self {
        Self {
            mode: Mode::Create,
            uid: "v_sms",
            title: "Phone",
            description: "Codes by SMS",
            provider: "sandbox",
            sign_in_enabled: false,
            fallback_provider: "",
            settings: Vec::new(),
            code_length: "6",
            code_lifetime_secs: "300",
            resend_interval_secs: "60",
            max_attempts: "5",
            sends_per_hour: "5",
            sends_per_day: "10",
            numbers_per_user_hour: "5",
            codes_per_user_day: "20",
            sign_ins_per_client_hour: "20",
            api_sends_per_key_minute: "60",
            api_sends_per_key_day: "5000",
            sends_per_verifier_day: "1000",
            allowed_countries: "",
            allow_fixed_lines: false,
            message_texts: Vec::new(),
        }
    }
}

impl VerifierForm<'_> {
    /// The fields as the page posts them: an unticked checkbox and an unchosen fallback are
    /// left out, and each setting is `settings[<provider>][<key>]`.
    pub fn fields(&self) -> Vec<(String, String)> {
        let mode = match self.mode {
            Mode::Create => "create",
            Mode::Edit => "edit",
        };
        let mut fields: Vec<(String, String)> = [
            ("mode", mode),
            ("uid", self.uid),
            ("title", self.title),
            ("description", self.description),
            ("provider", self.provider),
            ("code_length", self.code_length),
            ("code_lifetime_secs", self.code_lifetime_secs),
            ("resend_interval_secs", self.resend_interval_secs),
            ("max_attempts", self.max_attempts),
            ("sends_per_hour", self.sends_per_hour),
            ("sends_per_day", self.sends_per_day),
            ("numbers_per_user_hour", self.numbers_per_user_hour),
            ("codes_per_user_day", self.codes_per_user_day),
            ("sign_ins_per_client_hour", self.sign_ins_per_client_hour),
            ("api_sends_per_key_minute", self.api_sends_per_key_minute),
            ("api_sends_per_key_day", self.api_sends_per_key_day),
            ("sends_per_verifier_day", self.sends_per_verifier_day),
            ("allowed_countries", self.allowed_countries),
        ]
        .into_iter()
        .chain(self.sign_in_enabled.then_some(("sign_in_enabled", "on")))
        .chain(
            self.allow_fixed_lines
                .then_some(("allow_fixed_lines", "on")),
        )
        .chain(
            (!self.fallback_provider.is_empty())
                .then_some(("fallback_provider", self.fallback_provider)),
        )
        .map(|(key, value)| (key.to_owned(), value.to_owned()))
        .chain(
            self.message_texts
                .iter()
                .map(|(tag, text)| (format!("message_texts[{tag}]"), (*text).to_owned())),
        )
        .collect();
        let typed = self.settings.iter().flat_map(|(provider, settings)| {
            settings
                .iter()
                .map(move |(key, value)| (*provider, *key, *value))
        });
        for (provider, key, value) in POSTED_SECTIONS.iter().copied().chain(typed) {
            let name = format!("settings[{provider}][{key}]");
            // A typed setting replaces the posted default instead of repeating the field.
            fields.retain(|(field, _)| *field != name);
            fields.push((name, value.to_owned()));
        }
        fields
    }
}
