//! Building and running the application, the same way in production and in tests.

use std::{net::SocketAddr, sync::Arc, time::Duration};

use anyhow::Context;
use app::{
    ports::{Accounts as _, AppState, CookiePolicy, GatewayEmulator},
    types::{Password, Username},
};
use leptos::prelude::get_configuration;
use tokio::net::TcpListener;

use crate::{
    clock::{Clock, SystemClock},
    config::{Settings, SignUpMode},
    domain::{
        AccountService, ApiKeyService, AuditService, InsightsService, SessionPolicy,
        SessionService, SignUpPolicy, VerificationApi, VerificationService, VerifierService,
        accounts::AdminClaim,
        known_device::DeviceMarks,
        otp::OtpEngine,
        retention::{Retention, RetentionPolicy},
        setup_token::SetupToken,
    },
    emulator::{Console, Emulator, EmulatorSettings, Inbox},
    http::{self, AllowedHosts, OriginPolicy, TrustedProxies},
    providers::{Destinations, Http, Registry},
    secret::ServerSecret,
    store::Db,
};

/// How often expired sessions, challenges and sign-in throttle records are deleted.
const PURGE_EVERY: Duration = Duration::from_secs(300);

/// A built application, bound to its address and ready to serve.
pub struct Application {
    listener: TcpListener,
    router: axum::Router,
    /// The console's own listener and router, when it has one (`console_addr`).
    console: Option<(TcpListener, axum::Router)>,
    api_keys: Arc<ApiKeyService>,
    housekeeping: Housekeeping,
    otp: OtpEngine,
    db: Db,
    emulator: Option<(Arc<Emulator>, TcpListener)>,
    /// Where to create the first administrator, while there is none.
    setup_link: Option<String>,
}

impl Application {
    /// Builds the application on the system clock.
    pub async fn build(settings: &Settings) -> anyhow::Result<Self> {
        Self::build_with_clock(settings, Arc::new(SystemClock)).await
    }

    /// Builds the application: connects and migrates the database, applies the configured
    /// administrator, binds the listener (port 0 picks a free one).
    pub async fn build_with_clock(
        settings: &Settings,
        clock: Arc<dyn Clock>,
    ) -> anyhow::Result<Self> {
        settings.check_transport()?;
        let trusted_proxies =
            TrustedProxies::parse(&settings.trusted_proxies).map_err(anyhow::Error::msg)?;
        let db = connect_and_migrate(settings).await?;
        let secret = ServerSecret::from_settings(settings)?;
        let setup_token = SetupToken::new(settings.setup_token.as_deref(), &secret);
        let accounts = Arc::new(
            AccountService::new(db.clone(), clock.clone(), setup_token.clone())
                .with_sign_up(sign_up_policy(settings)?),
        );
        create_admin_from_settings(settings, &accounts).await?;
        let device_marks = DeviceMarks::new(&secret);
        let sessions = Arc::new(SessionService {
            db: db.clone(),
            clock: clock.clone(),
            policy: SessionPolicy::default(),
            device_marks: device_marks.clone(),
        });

        let emulator = match EmulatorSettings::enabled_in(settings) {
            Some(emulator_settings) => {
                let inbox = Inbox::open(db.pool.clone()).await?;
                let emulator = Arc::new(Emulator::new(emulator_settings, clock.clone(), inbox)?);
                let listener = emulator.bind().await?;
                emulator.announce(listener.local_addr()?);
                Some((emulator, listener))
            }
            None => None,
        };

        let otp = OtpEngine::new(
            db.clone(),
            clock.clone(),
            &secret,
            Registry::standard(
                Http::with_timeout(
                    clock.clone(),
                    settings.gateway_timeout(),
                    Destinations::allowing_private(settings.allow_private_endpoints),
                )?,
                settings.sandbox_fail.as_deref(),
            )?,
        );

        let listener = TcpListener::bind(settings.listen_addr)
            .await
            .with_context(|| format!("could not listen on {}", settings.listen_addr))?;
        let bound = listener.local_addr()?;
        let public_origin = settings.public_origin(bound)?;
        let secure = public_origin.starts_with("https://");
        let console_listener = match settings.console_addr {
            Some(addr) => {
                let listener = TcpListener::bind(addr)
                    .await
                    .with_context(|| format!("could not listen on {addr} for the console"))?;
                let origin = settings.console_origin(listener.local_addr()?)?;
                Some((listener, origin))
            }
            None => None,
        };
        let setup_link = if accounts.admin_exists().await? {
            None
        } else {
            let console_origin = console_listener.as_ref().map(|(_, origin)| origin);
            Some(format!(
                "{}/setup?token={}",
                console_origin.unwrap_or(&public_origin),
                setup_token.expose()
            ))
        };

        let mut leptos_options = get_configuration(None)
            .context("could not read the Leptos configuration")?
            .leptos_options;
        leptos_options.site_addr = bound;
        let verifiers = VerifierService {
            db: db.clone(),
            clock: clock.clone(),
            otp: otp.clone(),
        };
        verifiers.assign_missing_service_sids().await?;
        verifiers.reseal_settings().await?;
        let api_keys = Arc::new(ApiKeyService::start(db.clone(), clock.clone(), &secret).await?);
        let console = match &emulator {
            Some((emulator, listener)) => Some(Arc::new(Console {
                emulator: emulator.clone(),
                address: listener.local_addr()?,
            }) as Arc<dyn GatewayEmulator>),
            None => None,
        };
        let state = AppState {
            leptos_options,
            accounts: accounts.clone(),
            sessions: sessions.clone(),
            verifiers: Arc::new(verifiers),
            api_keys: api_keys.clone(),
            audit: Arc::new(AuditService::new(db.clone())),
            insights: Arc::new(InsightsService {
                db: db.clone(),
                clock: clock.clone(),
                otp: otp.clone(),
            }),
            emulator: console,
            verification: Arc::new(VerificationService {
                db: db.clone(),
                clock: clock.clone(),
                otp: otp.clone(),
                device_marks,
            }),
            cookie: CookiePolicy {
                // The __Host- prefix makes browsers refuse the cookie unless it is Secure,
                // host-only and for the whole site.
                name: if secure {
                    "__Host-verigate_session"
                } else {
                    "verigate_session"
                }
                .into(),
                secure,
                device_name: if secure {
                    "__Host-verigate_device"
                } else {
                    "verigate_device"
                }
                .into(),
            },
        };
        let api = http::Api {
            keys: api_keys.clone(),
            verifications: Arc::new(VerificationApi {
                db: db.clone(),
                clock: clock.clone(),
                otp: otp.clone(),
            }),
            db: db.clone(),
            clock: clock.clone(),
        };
        let console = match console_listener {
            Some((listener, console_origin)) => {
                let router = http::router(
                    http::Listener::All,
                    state.clone(),
                    api.clone(),
                    db.clone(),
                    OriginPolicy {
                        public_origin: console_origin.clone(),
                    },
                    AllowedHosts::new(&console_origin, listener.local_addr()?),
                    trusted_proxies.clone(),
                );
                Some((listener, router))
            }
            None => None,
        };
        let hosts = AllowedHosts::new(&public_origin, bound);
        let router = http::router(
            if console.is_some() {
                http::Listener::PublicOnly
            } else {
                http::Listener::All
            },
            state,
            api,
            db.clone(),
            OriginPolicy { public_origin },
            hosts,
            trusted_proxies,
        );
        let housekeeping = Housekeeping {
            accounts,
            sessions,
            otp: otp.clone(),
            api_keys: api_keys.clone(),
            retention: Arc::new(Retention {
                db: db.clone(),
                clock: clock.clone(),
                policy: retention_policy(settings)?,
            }),
            emulator: emulator.as_ref().map(|(emulator, _)| emulator.clone()),
        };
        Ok(Self {
            listener,
            router,
            console,
            housekeeping,
            api_keys,
            otp,
            db,
            emulator,
            setup_link,
        })
    }

    /// The link that creates the first administrator (it holds the setup token), while no
    /// administrator exists.
    pub fn setup_link(&self) -> Option<&str> {
        self.setup_link.as_deref()
    }

    /// The address the server listens on.
    pub fn address(&self) -> SocketAddr {
        self.listener
            .local_addr()
            .unwrap_or_else(|_| SocketAddr::from(([127, 0, 0, 1], 0)))
    }

    /// The address the console listens on, when it has a listener of its own.
    pub fn console_address(&self) -> Option<SocketAddr> {
        let (listener, _) = self.console.as_ref()?;
        listener.local_addr().ok()
    }

    /// The SMS gateway emulator and where it listens, when enabled.
    pub fn emulator(&self) -> Option<(Arc<Emulator>, SocketAddr)> {
        let (emulator, listener) = self.emulator.as_ref()?;
        Some((emulator.clone(), listener.local_addr().ok()?))
    }

    /// The API keys.
    pub fn api_keys(&self) -> &Arc<ApiKeyService> {
        &self.api_keys
    }

    /// What deletes expired and old records, every five minutes once running.
    pub fn housekeeping(&self) -> &Housekeeping {
        &self.housekeeping
    }

    /// The OTP engine.
    pub fn otp(&self) -> &OtpEngine {
        &self.otp
    }

    /// The database the application uses.
    pub fn db(&self) -> &Db {
        &self.db
    }

    /// Serves until SIGINT or SIGTERM, then finishes the requests in flight.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        let purge = tokio::spawn(self.housekeeping.clone().run_forever());
        let emulator = self
            .emulator
            .map(|(emulator, listener)| tokio::spawn(emulator.serve(listener)));
        let console = self
            .console
            .map(|(listener, router)| tokio::spawn(serve(listener, router)));
        let mut served = serve(self.listener, self.router).await;
        if let Some(console) = console {
            if served.is_ok() {
                // The same signal stopped it: let it finish its requests in flight too.
                served = console
                    .await
                    .context("the console's server task failed")
                    .and_then(|console_served| console_served);
            } else {
                console.abort();
            }
        }
        purge.abort();
        if let Some(emulator) = emulator {
            emulator.abort();
        }
        self.db.pool.close().await;
        tracing::info!("stopped");
        served
    }
}

/// Serves `router` on `listener` until SIGINT or SIGTERM, then finishes the requests in flight.
async fn serve(listener: TcpListener, router: axum::Router) -> anyhow::Result<()> {
    // The peer address keys the limits on anonymous (sign-in) sends.
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    axum::serve(listener, service)
        .with_graceful_shutdown(shutdown_signal())
        .await
        .context("the HTTP server failed")
}

/// Connects to the configured database and applies migrations.
pub async fn connect_and_migrate(settings: &Settings) -> anyhow::Result<Db> {
    let db = Db::connect(&settings.database_url).await?;
    db.migrate().await?;
    Ok(db)
}

/// `VERIGATE_ADMIN_USERNAME` / `VERIGATE_ADMIN_PASSWORD`: creates that administrator when none
/// exists yet.
async fn create_admin_from_settings(
    settings: &Settings,
    accounts: &AccountService,
) -> anyhow::Result<()> {
    let (Some(username), Some(password)) = (&settings.admin_username, &settings.admin_password)
    else {
        return Ok(());
    };
    if accounts.admin_exists().await? {
        return Ok(());
    }
    let username = Username::parse(username).context("VERIGATE_ADMIN_USERNAME")?;
    let password =
        Password::choose(password.clone(), password).context("VERIGATE_ADMIN_PASSWORD")?;
    accounts
        .create_admin(username.clone(), password, AdminClaim::Additional)
        .await?;
    tracing::info!(%username, "created the administrator from the environment");
    Ok(())
}

/// The retention settings, each at least a day.
fn retention_policy(settings: &Settings) -> anyhow::Result<RetentionPolicy> {
    for (name, days) in [
        ("message_retention_days", settings.message_retention_days),
        ("audit_retention_days", settings.audit_retention_days),
        (
            "sign_in_failure_retention_days",
            settings.sign_in_failure_retention_days,
        ),
    ] {
        anyhow::ensure!(days > 0, "{name} must be at least 1 (it is {days})");
    }
    Ok(RetentionPolicy {
        message_days: settings.message_retention_days,
        audit_days: settings.audit_retention_days,
        sign_in_failure_days: settings.sign_in_failure_retention_days,
    })
}

/// The sign-up settings: open or closed, and at least one sign-up per client address an hour.
fn sign_up_policy(settings: &Settings) -> anyhow::Result<SignUpPolicy> {
    anyhow::ensure!(
        settings.sign_ups_per_client_hour >= 1,
        "sign_ups_per_client_hour must be at least 1 (to refuse every sign-up, set sign_up = \"closed\")"
    );
    Ok(SignUpPolicy {
        open: settings.sign_up == SignUpMode::Open,
        per_client_hour: i64::from(settings.sign_ups_per_client_hour),
    })
}

/// Everything that deletes what has outlived its use.
#[derive(Clone)]
pub struct Housekeeping {
    accounts: Arc<AccountService>,
    sessions: Arc<SessionService>,
    otp: OtpEngine,
    api_keys: Arc<ApiKeyService>,
    retention: Arc<Retention>,
    emulator: Option<Arc<Emulator>>,
}

impl Housekeeping {
    /// One round of every purge; a failing one is logged and the others still run.
    pub async fn run_once(&self) {
        let purged = [
            ("sessions", self.sessions.purge_expired().await),
            ("challenges", self.otp.purge_expired().await),
            (
                "sign-in throttle records",
                self.accounts.purge_expired().await,
            ),
            ("idempotency keys", self.api_keys.purge_expired().await),
            (
                "old logs, send gates, budget counters and pumping holds",
                self.retention.purge().await,
            ),
        ];
        for (what, outcome) in purged {
            if let Err(error) = outcome {
                tracing::warn!(error.cause_chain = ?error, "could not purge {what}");
            }
        }
        if let Some(emulator) = &self.emulator
            && let Err(error) = emulator.purge_inbox().await
        {
            tracing::warn!(error.cause_chain = ?error, "could not purge the emulator's inbox");
        }
    }

    async fn run_forever(self) {
        let mut every = tokio::time::interval(PURGE_EVERY);
        loop {
            every.tick().await;
            self.run_once().await;
        }
    }
}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}
