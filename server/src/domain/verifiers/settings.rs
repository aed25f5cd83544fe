//! A verifier's provider settings between the admin form and the table: text as typed, secrets
//! sealed (write-only), and what the edit form may show of them.

use std::collections::HashMap;

use app::{
    ports::{SettingKind, Slot, SlotView, VerifierError},
    types::VerifierUid,
};
use serde_json::{Map, Value};

use crate::{
    domain::sealed::{Sealer, sealed_name},
    providers::{
        Destinations, Registry, SmsProvider, destination::refuse_private_literal,
        endpoint::base_url,
    },
    store::StoredSlot,
};

/// The settings that say where a provider's requests go. Changing one drops the stored secrets:
/// an edit that points a verifier at another host must not send the old credentials there.
const DESTINATIONS: &[&str] = &["endpoint", "url"];

/// The settings to store for a slot: text as typed, secrets sealed, and an empty secret keeps
/// the stored one — but only while the slot keeps its provider and its destination: secrets
/// belong to one provider at one address, so a change starts from none.
pub fn to_store(
    sealer: &Sealer,
    uid: &VerifierUid,
    slot: Slot,
    provider: &dyn SmsProvider,
    typed: &HashMap<String, String>,
    stored: Option<&StoredSlot>,
) -> Result<Map<String, Value>, VerifierError> {
    let kept = stored
        .filter(|stored| stored.provider == provider.spec().kind)
        .filter(|stored| {
            DESTINATIONS.iter().all(|key| {
                let typed = typed.get(*key).map_or("", |value| value.trim());
                let was = stored.settings.get(*key).and_then(Value::as_str);
                typed == was.unwrap_or_default()
            })
        })
        .map(|stored| &stored.settings);
    // A secret the slot had, dropped because the provider or its destination changed.
    let had_secret = |key: &str| {
        kept.is_none() && stored.is_some_and(|stored| stored.settings.contains_key(key))
    };
    let mut settings = Map::new();
    for spec in provider.spec().settings {
        let value = typed.get(spec.key).map(|v| v.trim()).unwrap_or_default();
        if let SettingKind::Select(options) = spec.kind
            && !value.is_empty()
            && !options.contains(&value)
        {
            return Err(VerifierError::NotAnOption {
                provider: provider.spec().kind,
                key: spec.key,
                options,
            });
        }
        let missing = || VerifierError::MissingSetting {
            provider: provider.spec().kind,
            key: spec.key,
            label: spec.label,
        };
        let value = match (spec.kind, value.is_empty()) {
            (SettingKind::Secret, false) => {
                Value::String(sealer.seal(uid.as_str(), &sealed_name(slot, spec.key), value)?)
            }
            (SettingKind::Secret, true) => match kept.and_then(|kept| kept.get(spec.key)) {
                Some(kept) => kept.clone(),
                None if spec.required && had_secret(spec.key) => {
                    return Err(VerifierError::SecretNeededAgain {
                        provider: provider.spec().kind,
                        key: spec.key,
                        label: spec.label,
                    });
                }
                None if spec.required => return Err(missing()),
                None => continue,
            },
            (_, true) if spec.required => return Err(missing()),
            (_, _) => Value::String(value.to_owned()),
        };
        settings.insert(spec.key.to_owned(), value);
    }
    Ok(settings)
}

/// Refuses an endpoint or URL typed as a literal private address when the providers may not
/// send there (names are checked when a message is sent, as they may resolve differently then).
pub fn refuse_private_destinations(
    provider: &dyn SmsProvider,
    typed: &HashMap<String, String>,
    destinations: Destinations,
) -> Result<(), VerifierError> {
    if destinations == Destinations::AnyIncludingPrivate {
        return Ok(());
    }
    for spec in provider.spec().settings {
        let typed = typed.get(spec.key).map_or("", |value| value.trim());
        if !DESTINATIONS.contains(&spec.key) || typed.is_empty() {
            continue;
        }
        if let Some(url) = base_url(typed, "")
            && refuse_private_literal(&url).is_err()
        {
            return Err(VerifierError::PrivateEndpoint {
                provider: provider.spec().kind,
                key: spec.key,
                label: spec.label,
            });
        }
    }
    Ok(())
}

/// What the edit form shows of a stored slot: text settings with their values, and only the
/// names of the secrets that are set.
pub fn for_form(providers: &Registry, stored: &StoredSlot) -> SlotView {
    let secret_keys: Vec<&str> = providers
        .get(&stored.provider)
        .map(|provider| provider.spec().secrets().map(|spec| spec.key).collect())
        .unwrap_or_default();
    let mut view = SlotView {
        provider: stored.provider.clone(),
        ..SlotView::default()
    };
    for (key, value) in &stored.settings {
        if secret_keys.contains(&key.as_str()) {
            view.secrets_set.push(key.clone());
        } else if let Value::String(text) = value {
            view.settings.insert(key.clone(), text.clone());
        }
    }
    view
}

/// The slot's settings with every secret a previous server secret sealed sealed again with the
/// current one; `None` when none was. A secret no key opens is left as it is (its sends fail
/// and say why) and logged.
pub fn resealed(
    sealer: &Sealer,
    providers: &Registry,
    uid: &VerifierUid,
    slot: Slot,
    stored: &StoredSlot,
) -> Option<Map<String, Value>> {
    let provider = providers.get(&stored.provider)?;
    let mut settings = stored.settings.clone();
    let mut changed = false;
    for spec in provider.spec().secrets() {
        let Some(Value::String(sealed)) = stored.settings.get(spec.key) else {
            continue;
        };
        match sealer.reseal(uid.as_str(), &sealed_name(slot, spec.key), sealed) {
            Ok(Some(again)) => {
                settings.insert(spec.key.to_owned(), Value::String(again));
                changed = true;
            }
            Ok(None) => {}
            Err(error) => {
                tracing::warn!(error.cause_chain = ?error, verifier = %uid, "a sealed setting could not be sealed again");
            }
        }
    }
    changed.then_some(settings)
}
