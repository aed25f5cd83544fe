//! Sign-up, sign-in and the first administrator.

use std::{sync::Arc, time::Duration};

use anyhow::Context as _;
use app::{
    ports::{AccountError, Accounts, Admits, User},
    types::{AuditAction, Password, Role, Username},
};
use async_trait::async_trait;
use tokio::sync::Semaphore;

use super::{
    audit::Audited,
    password,
    setup_token::SetupToken,
    sign_in_throttle::SignInThrottle,
    sign_up::{SignUpGate, SignUpPolicy},
};
use crate::{
    clock::Clock,
    random::random_hex,
    store::{
        Db, NewUser, UserKey,
        users::{FIRST_ADMIN_TAKEN, USERNAME_TAKEN},
        violated_unique,
    },
};

/// Implements [`Accounts`] over the database.
pub struct AccountService {
    db: Db,
    clock: Arc<dyn Clock>,
    throttle: SignInThrottle,
    sign_up: SignUpGate,
    setup_token: SetupToken,
}

/// How an administrator is added.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AdminClaim {
    /// The first-run page: fails with [`AccountError::AdminExists`] once an administrator exists.
    FirstOnly,
    /// The command line and the environment: adds an administrator in any case.
    Additional,
}

impl AccountService {
    /// Accounts with the default sign-up policy (open, 10 an hour per client address).
    pub fn new(db: Db, clock: Arc<dyn Clock>, setup_token: SetupToken) -> Self {
        Self {
            throttle: SignInThrottle::new(db.clone(), clock.clone()),
            sign_up: SignUpGate::new(db.clone(), clock.clone(), SignUpPolicy::default()),
            db,
            clock,
            setup_token,
        }
    }

    /// The same accounts under another sign-up policy.
    pub fn with_sign_up(self, policy: SignUpPolicy) -> Self {
        Self {
            sign_up: SignUpGate::new(self.db.clone(), self.clock.clone(), policy),
            ..self
        }
    }

    /// Deletes sign-in throttle counters and failure records that are no longer needed.
    pub async fn purge_expired(&self) -> anyhow::Result<u64> {
        self.throttle.purge_expired().await
    }

    /// Creates an administrator.
    pub async fn create_admin(
        &self,
        username: Username,
        password: Password,
        claim: AdminClaim,
    ) -> Result<User, AccountError> {
        self.create(username, password, Role::Admin, claim).await
    }

    async fn create(
        &self,
        username: Username,
        password: Password,
        role: Role,
        claim: AdminClaim,
    ) -> Result<User, AccountError> {
        let password_hash = blocking(move || password::hash(password.expose())).await?;
        let user_id = random_hex(16)?;
        let new_user = NewUser {
            user_id: &user_id,
            username: username.as_str(),
            username_key: &username.key(),
            password_hash: &password_hash,
            role,
            created_at: self.clock.now_ms(),
        };
        let inserted = match role {
            Role::Admin => {
                self.db
                    .insert_admin(&new_user, claim == AdminClaim::FirstOnly)
                    .await
            }
            Role::User => self.db.insert_user(&new_user).await,
        };
        match inserted {
            Ok(()) => Ok(User {
                id: user_id,
                username: username.to_string(),
                role,
            }),
            Err(error) => Err(
                match violated_unique(&error, &[USERNAME_TAKEN, FIRST_ADMIN_TAKEN]) {
                    Some(name) if name == USERNAME_TAKEN.0 => AccountError::UsernameTaken,
                    Some(_) => AccountError::AdminExists,
                    None => error.into(),
                },
            ),
        }
    }
}

#[async_trait]
impl Accounts for AccountService {
    fn sign_up_open(&self) -> bool {
        self.sign_up.is_open()
    }

    async fn sign_up(
        &self,
        username: Username,
        password: Password,
        client: &str,
    ) -> Result<User, AccountError> {
        // Counted before the password is hashed, so a refused client costs no hashing.
        let admitted = self.sign_up.admit(client).await?;
        let created = self
            .create(username, password, Role::User, AdminClaim::Additional)
            .await;
        if created.is_err() {
            self.sign_up.take_back(admitted).await?;
        }
        created
    }

    async fn create_user(
        &self,
        actor: &str,
        username: Username,
        password: Password,
    ) -> Result<User, AccountError> {
        let user = self
            .create(username, password, Role::User, AdminClaim::Additional)
            .await?;
        Audited {
            actor,
            action: AuditAction::AccountCreated,
            subject: &user.username,
            verifier_uid: "",
            masked_receiver: "",
        }
        .record(&self.db, self.clock.as_ref())
        .await?;
        Ok(user)
    }

    async fn sign_in(
        &self,
        username: &str,
        password: Option<Password>,
        client: &str,
        admits: Admits,
    ) -> Result<User, AccountError> {
        // Throttled before the password is checked: guessing during a lock learns nothing.
        let attempt = self.throttle.admit(username, client).await?;
        let row = match Username::parse(username) {
            Ok(username) => self.db.user(UserKey::Name(&username.key())).await?,
            Err(_) => None,
        };
        // Oversized passwords are not hashed, but still cost a verification below.
        let typed = password.map(|p| p.expose().to_owned()).unwrap_or_default();
        let stored = row.as_ref().map(|row| row.password_hash.clone());
        let matches = blocking(move || password::verify(&typed, stored.as_deref())).await?;
        match row {
            Some(row) if matches && (admits == Admits::Anyone || row.role != Role::Admin) => {
                self.throttle.succeeded(attempt).await?;
                Ok(User {
                    id: row.user_id,
                    username: row.username,
                    role: row.role,
                })
            }
            _ => {
                self.throttle.failed(attempt).await?;
                Err(AccountError::InvalidCredentials)
            }
        }
    }

    async fn admin_exists(&self) -> Result<bool, AccountError> {
        Ok(self.db.admin_exists().await?)
    }

    async fn create_first_admin(
        &self,
        username: Username,
        password: Password,
        setup_token: &str,
    ) -> Result<User, AccountError> {
        if !self.setup_token.matches(setup_token) {
            return Err(AccountError::WrongSetupToken);
        }
        self.create_admin(username, password, AdminClaim::FirstOnly)
            .await
    }
}

/// At most this many password hashes (sign-up, sign-in) run at once: each takes 19 MiB and a
/// core for tens of milliseconds, so more at once would only add memory, not throughput. The
/// others wait their turn, in order.
static HASHING: Semaphore = Semaphore::const_new(2);

/// Hashing memory unused for this long is given back (see [`password::release_idle`]).
const KEEP_HASHING_MEMORY: Duration = Duration::from_secs(1);

/// Runs CPU-heavy work (argon2) off the async workers, at most [`HASHING`] at a time.
async fn blocking<T: Send + 'static>(
    work: impl FnOnce() -> anyhow::Result<T> + Send + 'static,
) -> anyhow::Result<T> {
    let permit = HASHING
        .acquire()
        .await
        .context("the password hashing queue is closed")?;
    let outcome = tokio::task::spawn_blocking(work)
        .await
        .context("the password hashing task failed");
    drop(permit);
    // A burst of sign-ups reuses the hashing memory; once it is over the memory goes back.
    tokio::spawn(async {
        tokio::time::sleep(KEEP_HASHING_MEMORY).await;
        password::release_idle(KEEP_HASHING_MEMORY);
    });
    outcome?
}
