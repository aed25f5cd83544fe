use anyhow::Context as _;
use app::types::Role;
use sqlx::FromRow;

use super::Db;

/// A stored account.
#[derive(Debug, FromRow)]
pub struct UserRow {
    pub user_id: String,
    pub username: String,
    pub password_hash: String,
    #[sqlx(try_from = "String")]
    pub role: Role,
}

/// An account about to be inserted.
pub struct NewUser<'a> {
    pub user_id: &'a str,
    pub username: &'a str,
    pub username_key: &'a str,
    pub password_hash: &'a str,
    pub role: Role,
    pub created_at: i64,
}

/// The constraint that keeps usernames unique, on both backends.
pub const USERNAME_TAKEN: (&str, &str) = ("app_user_username_key", "app_user.username_key");
/// The constraint that allows only one first administrator.
pub const FIRST_ADMIN_TAKEN: (&str, &str) = ("first_admin_pkey", "first_admin.singleton");

/// How a user is looked up.
#[derive(Debug, Clone, Copy)]
pub enum UserKey<'a> {
    /// By [`app::types::Username::key`].
    Name(&'a str),
    Id(&'a str),
}

impl Db {
    /// The user with this username key or id.
    pub async fn user(&self, key: UserKey<'_>) -> anyhow::Result<Option<UserRow>> {
        let (column, value) = match key {
            UserKey::Name(username_key) => ("username_key", username_key),
            UserKey::Id(user_id) => ("user_id", user_id),
        };
        sqlx::query_as(&format!(
            "select user_id, username, password_hash, role from app_user where {column} = $1"
        ))
        .bind(value)
        .fetch_optional(&self.pool)
        .await
        .context("could not read a user")
    }

    pub async fn insert_user(&self, user: &NewUser<'_>) -> anyhow::Result<()> {
        insert_user(&self.pool, user)
            .await
            .context("could not insert a user")
    }

    /// Inserts an administrator and claims the first-administrator row in one transaction.
    /// With `exclusive`, losing that claim fails the whole insert (the first-run page);
    /// without it the administrator is added either way (the CLI and the environment).
    pub async fn insert_admin(&self, user: &NewUser<'_>, exclusive: bool) -> anyhow::Result<()> {
        let mut tx = self.pool.begin().await?;
        insert_user(&mut *tx, user).await?;
        let claim = if exclusive {
            "insert into first_admin (singleton, user_id, created_at) values (1, $1, $2)"
        } else {
            "insert into first_admin (singleton, user_id, created_at) values (1, $1, $2) \
             on conflict do nothing"
        };
        sqlx::query(claim)
            .bind(user.user_id)
            .bind(user.created_at)
            .execute(&mut *tx)
            .await?;
        tx.commit()
            .await
            .context("could not insert an administrator")
    }

    pub async fn admin_exists(&self) -> anyhow::Result<bool> {
        let count: i64 = sqlx::query_scalar("select count(*) from first_admin")
            .fetch_one(&self.pool)
            .await?;
        Ok(count > 0)
    }
}

async fn insert_user<'e>(
    executor: impl sqlx::Executor<'e, Database = sqlx::Any>,
    user: &NewUser<'_>,
) -> anyhow::Result<()> {
    sqlx::query(
        "insert into app_user (user_id, username, username_key, password_hash, role, created_at) \
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(user.user_id)
    .bind(user.username)
    .bind(user.username_key)
    .bind(user.password_hash)
    .bind(user.role.as_str())
    .bind(user.created_at)
    .execute(executor)
    .await
    .map(|_| ())
    .context("could not insert a user")
}
