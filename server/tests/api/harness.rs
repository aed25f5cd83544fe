//! The harness itself: a test leaves no database behind.

use crate::{
    helpers::{Backend, TestApp},
    on_both_databases,
};

async fn a_test_database_is_removed_when_its_last_instance_ends(backend: Backend) {
    let app = TestApp::spawn(backend).await;
    let other = app.second_instance().await;
    let location = app.data_location();

    drop(app);
    assert!(location.exists().await, "the other instance still uses it");
    drop(other);

    assert!(!location.exists().await, "{location:?} is left behind");
}

on_both_databases!(a_test_database_is_removed_when_its_last_instance_ends);
