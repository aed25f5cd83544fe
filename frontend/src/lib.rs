//! The browser entry point: hydrates the server-rendered page. Everything else lives in `app`.

#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // `hydrate_lazy`: every page but home is a lazy route (see app::pages::lazy_routes).
    leptos::mount::hydrate_lazy(app::App);
}
