use leptos::prelude::*;
use leptos_router::hooks::use_location;

use crate::api::emulator_running;

/// What every administrator's page says while the SMS gateway emulator runs.
pub const EMULATOR_WARNING: &str = "The SMS gateway emulator is running: codes sent through it \
     never reach a phone. Do not use it in production.";

/// A warning across the top of every administrator's page while the emulator runs, so nobody
/// mistakes a development server for a production one.
#[component]
pub fn EmulatorBanner() -> impl IntoView {
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
                                {EMULATOR_WARNING}
                            </div>
                        }
                    })
            })}
        </Transition>
    }
}
