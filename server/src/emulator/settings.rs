//! The emulator's settings, read from the server's configuration when it is enabled.

use std::net::SocketAddr;

use crate::config::Settings;

/// A key id and its secret (Aliyun AccessKey, Tencent SecretId/SecretKey, Twilio Account
/// SID/Auth Token).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KeyPair {
    pub id: String,
    pub secret: String,
}

/// Sign names and templates the emulator knows. Empty lists accept anything.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AllowList {
    pub sign_names: Vec<String>,
    pub templates: Vec<String>,
}

impl AllowList {
    pub fn allows_sign_name(&self, sign_name: &str) -> bool {
        self.sign_names.is_empty() || self.sign_names.iter().any(|known| known == sign_name)
    }

    pub fn allows_template(&self, template: &str) -> bool {
        self.templates.is_empty() || self.templates.iter().any(|known| known == template)
    }
}

/// Where the emulator listens, the credentials it accepts, what it knows and what it fails.
#[derive(Debug, Clone)]
pub struct EmulatorSettings {
    pub addr: SocketAddr,
    pub aliyun: KeyPair,
    pub tencent: KeyPair,
    pub twilio: KeyPair,
    pub allowed: AllowList,
    pub faults: String,
}

impl EmulatorSettings {
    /// The emulator's part of `settings`, when it is enabled.
    pub fn enabled_in(settings: &Settings) -> Option<Self> {
        let pair = |id: &String, secret: &String| KeyPair {
            id: id.clone(),
            secret: secret.clone(),
        };
        let list = |text: &str| {
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect()
        };
        settings.emulator.then(|| Self {
            addr: settings.emulator_addr,
            aliyun: pair(
                &settings.emulator_aliyun_access_key_id,
                &settings.emulator_aliyun_access_key_secret,
            ),
            tencent: pair(
                &settings.emulator_tencent_secret_id,
                &settings.emulator_tencent_secret_key,
            ),
            twilio: pair(
                &settings.emulator_twilio_account_sid,
                &settings.emulator_twilio_auth_token,
            ),
            allowed: AllowList {
                sign_names: list(&settings.emulator_sign_names),
                templates: list(&settings.emulator_templates),
            },
            faults: settings.emulator_faults.clone(),
        })
    }
}
