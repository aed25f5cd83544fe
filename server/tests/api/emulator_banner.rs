//! While the SMS gateway emulator runs, every administrator's page warns that codes sent
//! through it reach no phone; in the HTML the server renders, so without JavaScript too.

use app::components::EMULATOR_WARNING;

use crate::{
    helpers::{Backend, TestApp},
    on_both_databases,
};

const ADMIN_PAGES: [&str; 5] = [
    "/admin/verification",
    "/admin/messages",
    "/admin/api-keys",
    "/admin/api",
    "/admin/audit",
];

async fn every_admin_page_warns_while_the_emulator_runs(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let admin = app.signed_in_admin().await;

    for path in ADMIN_PAGES {
        let html = app.page_html(&admin, path).await;
        assert!(html.contains(EMULATOR_WARNING), "{path} warns");
    }
    let own_page = app.page_html(&admin, "/me/verification").await;
    assert!(
        !own_page.contains(EMULATOR_WARNING),
        "pages that are not the console do not"
    );
}

async fn no_admin_page_warns_without_the_emulator(backend: Backend) {
    let app = TestApp::spawn_with(backend, |settings| settings.emulator = false).await;
    let admin = app.signed_in_admin().await;

    for path in ADMIN_PAGES {
        let html = app.page_html(&admin, path).await;
        assert!(html.contains("<h1>"), "{path} rendered");
        assert!(!html.contains(EMULATOR_WARNING), "{path} does not warn");
    }
}

on_both_databases!(
    every_admin_page_warns_while_the_emulator_runs,
    no_admin_page_warns_without_the_emulator,
);
