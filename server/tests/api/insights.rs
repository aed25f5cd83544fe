//! The Insights page: codes sent and verified per period, calling code and day from the daily
//! counters, failures by kind, today's budget, the pumping guard's holds and their release; and
//! only administrators see any of it.

use std::time::Duration;

use app::error::Problem;
use app::{
    AppError,
    types::{Conversion, DailyBudget, InsightsReport, PhoneNumber, VerifierUid},
};
use reqwest::StatusCode;
use serde_json::json;
use verigate::domain::otp::{IssueRequest, Scene};

use crate::{
    helpers::{ApiSetup, Backend, PASSWORD, Phone, VerifierForm},
    on_both_databases,
};

const VERIFIER: &str = "v_sms";
const DAY: Duration = Duration::from_secs(24 * 60 * 60);

/// Starts a verification to `to` through `/api/v1` and, if `verify`, enters its code.
async fn code_to(setup: &ApiSetup, to: &str, verify: bool) {
    let (app, key) = (&setup.app, setup.key.bearer());
    // A second apart, so the newest sandbox message is this code's.
    app.advance(Duration::from_secs(1));
    let started = app
        .start_verification(key, &json!({ "verifier": VERIFIER, "to": to }))
        .await
        .verification(StatusCode::CREATED);
    if verify {
        let code = app.newest_sandbox_code().await;
        let checked = app
            .check_verification(key, &started.id, &code)
            .await
            .verification(StatusCode::OK);
        assert!(checked.valid, "the code is accepted");
    }
}

/// The report as the administrator sees it, signing in again first (days pass in these tests,
/// and sessions do not last that long).
async fn report(setup: &ApiSetup, period: &str) -> InsightsReport {
    let admin = setup.app.new_browser();
    let signed_in = setup.app.sign_in(&admin, "admin", PASSWORD).await;
    assert!(signed_in.status().is_success(), "{}", signed_in.status());
    setup
        .app
        .insights(&admin, VERIFIER, period)
        .await
        .expect("the administrator sees insights")
        .report
        .expect("a report for the verifier")
}

fn counts(sent: i64, verified: i64) -> Conversion {
    Conversion { sent, verified }
}

async fn the_report_counts_codes_per_period_calling_code_and_day(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    code_to(&setup, "+8613800138001", true).await;
    code_to(&setup, "+8613800138002", false).await;
    code_to(&setup, "+31612345678", true).await;
    setup.app.advance(3 * DAY);
    code_to(&setup, "+8613800138003", true).await;

    let day = report(&setup, "24h").await;
    let week = report(&setup, "7d").await;
    let month = report(&setup, "30d").await;

    assert_eq!(day.totals, counts(1, 1));
    assert_eq!(day.by_calling_code.len(), 1);
    assert_eq!(day.by_calling_code[0].calling_code, 86);
    assert_eq!(day.daily.len(), 1);
    assert_eq!(
        day.budget,
        DailyBudget { used: 1, cap: 1000 },
        "one code went out today"
    );

    assert_eq!(week.totals, counts(4, 3));
    assert_eq!(week.totals.percent(), Some(75));
    let by_code: Vec<(u16, Conversion)> = week
        .by_calling_code
        .iter()
        .map(|row| (row.calling_code, row.counts))
        .collect();
    assert_eq!(by_code, vec![(86, counts(3, 2)), (31, counts(1, 1))]);
    let daily: Vec<Conversion> = week.daily.iter().map(|day| day.counts).collect();
    assert_eq!(daily.len(), 7);
    assert_eq!(daily[3], counts(3, 2), "three days ago");
    assert_eq!(daily[6], counts(1, 1), "today");
    assert_eq!(daily.iter().map(|day| day.sent).sum::<i64>(), 4);
    assert!(
        week.daily
            .windows(2)
            .all(|pair| pair[1].day_ms - pair[0].day_ms == 86_400_000)
    );

    assert_eq!(month.totals, counts(4, 3));
    assert_eq!(month.daily.len(), 30);
    assert_eq!(month.failures.total(), 0);

    setup.app.advance(8 * DAY);
    let later = report(&setup, "7d").await;
    assert_eq!(later.totals, counts(0, 0), "a week later the week is empty");
    assert!(later.by_calling_code.is_empty());
    assert_eq!(report(&setup, "30d").await.totals, counts(4, 3));
}

async fn a_failed_send_counts_as_failed_by_its_kind_not_as_sent(backend: Backend) {
    let failing = VerifierForm {
        settings: vec![("sandbox", vec![("fail", "invalid_number")])],
        ..VerifierForm::default()
    };
    let setup = ApiSetup::spawn_with(backend, failing).await;
    let reply = setup
        .app
        .start_verification(
            setup.key.bearer(),
            &json!({ "verifier": VERIFIER, "to": "+8613800138000" }),
        )
        .await;
    assert!(
        !reply.status.is_success(),
        "the send fails: {}",
        reply.status
    );

    let day = report(&setup, "24h").await;

    assert_eq!(day.totals, counts(0, 0));
    assert_eq!(day.failures.invalid_number, 1);
    assert_eq!(day.failures.total(), 1);
}

async fn a_held_calling_code_is_listed_until_it_is_released(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let app = &setup.app;
    let verifier = VerifierUid::parse(VERIFIER).expect("valid UID");
    // Twenty codes to +86, none verified, and the next one is held.
    for index in 0..21 {
        let to = PhoneNumber::parse_e164(&format!("+86139{index:08}")).expect("valid number");
        let _ = app
            .otp
            .issue(&IssueRequest {
                verifier_uid: &verifier,
                scene: Scene::Api,
                receiver: &to,
                user_id: None,
                client: None,
                from_known_device: false,
                api_key: None,
                locale: app::i18n::Locale::en,
            })
            .await;
    }

    let held = report(&setup, "24h").await.held;
    let released = app.release_calling_code(&setup.admin, VERIFIER, "86").await;
    let after = report(&setup, "24h").await.held;
    let again = app.release_calling_code(&setup.admin, VERIFIER, "86").await;

    assert_eq!(held.len(), 1, "{held:?}");
    assert_eq!(held[0].calling_code, 86);
    assert_eq!(released, Ok(true));
    assert!(after.is_empty(), "released: {after:?}");
    assert_eq!(again, Ok(false), "nothing left to release");
    let nonsense = app
        .release_calling_code(&setup.admin, VERIFIER, "86x")
        .await;
    assert_eq!(
        nonsense.map_err(|refusal| refusal.error),
        Err(AppError::invalid(
            "calling_code",
            Problem::OutOfRange { low: 1, high: 999 }
        ))
    );
}

async fn only_administrators_see_insights_and_release_holds(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let app = &setup.app;
    let user = app.signed_in_user("mallory").await;

    let report = app.insights(&user, VERIFIER, "7d").await;
    let release = app.release_calling_code(&user, VERIFIER, "86").await;
    let bad_period = app.insights(&setup.admin, VERIFIER, "1y").await;

    assert_eq!(
        report.map(|_| ()).map_err(|refusal| refusal.status),
        Err(StatusCode::FORBIDDEN)
    );
    assert_eq!(
        release.map_err(|refusal| refusal.status),
        Err(StatusCode::FORBIDDEN)
    );
    assert_eq!(
        bad_period.map(|_| ()).map_err(|refusal| refusal.error),
        Err(AppError::invalid("period", Problem::ChoosePeriod))
    );
}

async fn the_first_verifier_is_reported_when_none_is_chosen(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    code_to(&setup, "+8613800138001", false).await;

    let view = setup
        .app
        .insights(&setup.admin, "", "")
        .await
        .expect("insights");

    let report = view.report.expect("a report");
    assert_eq!(report.verifier_uid, VERIFIER);
    assert_eq!(report.totals, counts(1, 0));
    assert_eq!(view.verifiers.len(), 1);
}

/// The page's text as a reader sees it: without the comments that mark, for hydration, where
/// each filled-in value of a translated sentence begins and ends.
fn without_markers(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<!") {
        text.push_str(&rest[..start]);
        rest = rest[start..].split_once('>').map_or("", |(_, after)| after);
    }
    text.push_str(rest);
    text
}

async fn the_console_warns_from_80_percent_of_a_verifiers_daily_budget(backend: Backend) {
    let setup = ApiSetup::spawn_with(
        backend,
        VerifierForm {
            sends_per_verifier_day: "5",
            ..VerifierForm::default()
        },
    )
    .await;
    let page = |path: &'static str| {
        let setup = &setup;
        async move {
            let answer = setup
                .admin
                .get(format!("{}{path}", setup.app.address))
                .send()
                .await
                .expect("the page answers");
            assert_eq!(answer.status(), StatusCode::OK, "{path}");
            without_markers(&answer.text().await.expect("the page"))
        }
    };
    for to in ["+8613800138001", "+8613800138002", "+8613800138003"] {
        code_to(&setup, to, false).await;
    }
    assert!(
        !page("/admin/verification").await.contains("budget-warning"),
        "60 %: no warning"
    );

    code_to(&setup, "+8613800138004", false).await;
    let warning = "Phone has used 4 of its 5 codes for today (80 %)";
    assert!(
        page("/admin/verification").await.contains(warning),
        "the verifier list warns"
    );
    assert!(
        page("/admin/insights?period=24h")
            .await
            .contains("This verifier has used 4 of its 5 codes"),
        "Insights warns"
    );
}

async fn the_page_without_javascript_shows_both_charts_with_their_numbers(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    code_to(&setup, "+8613800138001", true).await;
    code_to(&setup, "+8613800138002", false).await;

    let page = setup
        .admin
        .get(format!(
            "{}/admin/insights?verifier={VERIFIER}&period=7d",
            setup.app.address
        ))
        .send()
        .await
        .expect("the page answers");
    assert_eq!(page.status(), StatusCode::OK);
    let html = page.text().await.expect("the page");

    assert!(
        html.contains(r#"aria-label="Codes sent and verified per day""#),
        "the daily chart is an image with a name"
    );
    assert!(
        html.contains(": 2 sent, 1 verified"),
        "today's bars in its text"
    );
    assert!(html.contains(r#"aria-label="Conversion by calling code""#));
    assert!(
        html.contains("+86: 50 % (1 of 2)"),
        "the calling code's bar in its text"
    );
    assert!(
        html.contains(r#"aria-current="page""#),
        "the chosen period is marked"
    );
}

async fn the_daily_counters_are_kept_400_days(backend: Backend) {
    let setup = ApiSetup::spawn(backend).await;
    let app = &setup.app;
    code_to(&setup, "+8613800138001", false).await;
    let counters = || async {
        sqlx::query_scalar::<_, i64>("select count(*) from daily_sends")
            .fetch_one(&app.db.pool)
            .await
            .expect("count")
    };

    app.advance(399 * DAY);
    app.housekeeping.run_once().await;
    let at_399_days = counters().await;
    app.advance(2 * DAY);
    app.housekeeping.run_once().await;
    let at_401_days = counters().await;

    assert_eq!((at_399_days, at_401_days), (1, 0));
}

async fn a_sign_in_code_for_a_number_bound_to_no_one_counts_nowhere(backend: Backend) {
    let with_sign_in = VerifierForm {
        sign_in_enabled: true,
        ..VerifierForm::default()
    };
    let setup = ApiSetup::spawn_with(backend, with_sign_in).await;
    let stranger = setup.app.new_browser();
    setup
        .app
        .send_sign_in_code(&stranger, VERIFIER, Phone::china("138 0013 8000"))
        .await
        .expect("the same answer as for a bound number");

    let day = report(&setup, "24h").await;

    assert_eq!(day.totals, counts(0, 0), "no message went out");
}

on_both_databases!(
    a_sign_in_code_for_a_number_bound_to_no_one_counts_nowhere,
    the_daily_counters_are_kept_400_days,
    the_page_without_javascript_shows_both_charts_with_their_numbers,
    the_console_warns_from_80_percent_of_a_verifiers_daily_budget,
    the_report_counts_codes_per_period_calling_code_and_day,
    a_failed_send_counts_as_failed_by_its_kind_not_as_sent,
    a_held_calling_code_is_listed_until_it_is_released,
    only_administrators_see_insights_and_release_holds,
    the_first_verifier_is_reported_when_none_is_chosen,
);
