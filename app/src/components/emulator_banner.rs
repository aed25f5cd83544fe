use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::text::t;
use crate::{api::emulator_running, i18n::use_i18n};

/// What every administrator's page says in English while the SMS gateway emulator runs: the
/// `emulator_warning` entry of `locales/en/common.json` (the banner shows the reader's language;
/// tests look for this text).
pub const EMULATOR_WARNING: &str = "The SMS gateway emulator is running: codes sent through it \
     never reach a phone. Do not use it in production.";

/// A warning across the top of every administrator's page while the emulator runs, so nobody
/// mistakes a development server for a production one.
#[component]
pub fn EmulatorBanner() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let on_admin_page = move || location.pathname.read().starts_with("/admin");
    let running = Resource::new(on_admin_page, |on_admin_page| async move {
        // Anyone else is refused by the server function: no banner for them.
        on_admin_page && emulator_running().await.unwrap_or(false)
    });
    view! {
        <Transition fallback=|| ()>
            {move || Suspend::new(async move {
                running
                    .await
                    .then(|| {
                        view! {
                            <div class="alert alert-warning emulator-banner" role="alert">
                                {t!(i18n, common.emulator_warning)}
                            </div>
                        }
                    })
            })}
        </Transition>
    }
}

#[cfg(test)]
mod tests {
    use super::EMULATOR_WARNING;
    use crate::i18n::{Locale, td_string};

    #[test]
    fn the_english_banner_is_the_warning_tests_look_for() {
        assert_eq!(
            td_string!(Locale::en, common.emulator_warning),
            EMULATOR_WARNING
        );
    }
}
