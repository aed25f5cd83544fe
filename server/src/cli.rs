//! The command line: `verigate [serve]`, `verigate migrate`, `verigate admin create`,
//! `verigate user create`, `verigate api-key create|list|revoke`.

use std::io::BufRead;
use std::path::PathBuf;
use std::sync::Arc;

use anyhow::Context as _;
use app::{
    ports::{AccountError, Accounts, ApiKeys, KeyScope, SYSTEM_ACTOR, User},
    types::{Password, Username, VerifierUid},
};
use clap::{Parser, Subcommand};

use crate::{
    clock::SystemClock,
    config::Settings,
    domain::{AccountService, ApiKeyService, setup_token::SetupToken},
    secret::ServerSecret,
    startup::connect_and_migrate,
};

/// Verigate: self-hosted phone verification.
#[derive(Debug, Parser)]
#[command(name = "verigate", version, about)]
pub struct Cli {
    /// A TOML file with settings; `VERIGATE_*` environment variables override it.
    #[arg(long, env = "VERIGATE_CONFIG", global = true)]
    pub config: Option<PathBuf>,
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run the web server (the default).
    Serve,
    /// Apply database migrations and exit.
    Migrate,
    /// Manage administrators.
    Admin {
        #[command(subcommand)]
        command: AdminCommand,
    },
    /// Manage ordinary accounts.
    User {
        #[command(subcommand)]
        command: UserCommand,
    },
    /// Manage the API keys other applications use.
    ApiKey {
        #[command(subcommand)]
        command: ApiKeyCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum ApiKeyCommand {
    /// Create a key and print its SID and secret (shown this once).
    Create {
        #[arg(long)]
        name: String,
        /// A verifier the key may use (repeat for more); none: every verifier.
        #[arg(long = "verifier", value_name = "UID")]
        verifiers: Vec<String>,
    },
    /// List the keys (never their secrets).
    List,
    /// Revoke a key: every instance refuses it from the next request on.
    Revoke { sid: String },
}

/// Runs an `api-key` command against the configured database.
pub async fn api_key(command: ApiKeyCommand, settings: &Settings) -> anyhow::Result<()> {
    let db = connect_and_migrate(settings).await?;
    let secret = ServerSecret::from_settings(settings)?;
    let keys = ApiKeyService::start(db, Arc::new(SystemClock), &secret).await?;
    match command {
        ApiKeyCommand::Create { name, verifiers } => {
            let name = name.trim();
            anyhow::ensure!(
                (1..=64).contains(&name.chars().count()),
                "--name takes 1 to 64 characters"
            );
            let scope = if verifiers.is_empty() {
                KeyScope::All
            } else {
                KeyScope::Only(
                    verifiers
                        .iter()
                        .map(|uid| {
                            VerifierUid::parse(uid)
                                .map_err(|_| anyhow::anyhow!("--verifier {uid:?} is not a UID"))
                        })
                        .collect::<anyhow::Result<_>>()?,
                )
            };
            let key = keys
                .create_key(SYSTEM_ACTOR, name.to_owned(), scope)
                .await?;
            println!("sid:    {}\nsecret: {}", key.sid, key.secret);
            eprintln!("Keep the secret now: it is not shown again.");
        }
        ApiKeyCommand::List => {
            println!("account: {}", keys.account_sid());
            for key in keys.list_keys().await? {
                let scope = match &key.scope {
                    KeyScope::All => "all verifiers".to_owned(),
                    KeyScope::Only(uids) => uids
                        .iter()
                        .map(VerifierUid::as_str)
                        .collect::<Vec<_>>()
                        .join(","),
                };
                let state = if key.revoked_at_ms.is_some() {
                    "revoked"
                } else {
                    "active"
                };
                println!("{}\t{}\t{state}\t{scope}", key.sid, key.name);
            }
        }
        ApiKeyCommand::Revoke { sid } => {
            keys.revoke_key(SYSTEM_ACTOR, sid.trim()).await?;
            println!("Revoked {sid}.");
        }
    }
    Ok(())
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator; the password is read from standard input.
    Create {
        #[arg(long)]
        username: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum UserCommand {
    /// Create an ordinary account (also while sign-up is closed).
    Create {
        #[arg(long)]
        username: String,
        /// Read the password from the first line of standard input; a password is never taken
        /// from the command line, where the process list shows it.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
}

/// Runs a `user` command against the configured database; the password is the first line of
/// `input`.
pub async fn user(
    command: UserCommand,
    settings: &Settings,
    input: impl BufRead,
) -> anyhow::Result<User> {
    let UserCommand::Create { username, .. } = command;
    let username = Username::parse(&username).context("--username")?;
    let password = read_password(input)?;
    let db = connect_and_migrate(settings).await?;
    let secret = ServerSecret::from_settings(settings)?;
    let setup_token = SetupToken::new(settings.setup_token.as_deref(), &secret);
    let wanted = username.to_string();
    let user = AccountService::new(db, Arc::new(SystemClock), setup_token)
        .create_user(SYSTEM_ACTOR, username, password)
        .await
        .map_err(|error| match error {
            AccountError::UsernameTaken => anyhow::anyhow!("the username {wanted} is taken"),
            other => anyhow::Error::new(other),
        })?;
    println!("Created the account {}.", user.username);
    Ok(user)
}

/// The first line of `input` as a new password, so it never appears in the process list.
pub fn read_password(mut input: impl BufRead) -> anyhow::Result<Password> {
    let mut line = String::new();
    input
        .read_line(&mut line)
        .context("could not read the password from standard input")?;
    let password = line.trim_end_matches(['\r', '\n']).to_owned();
    Password::choose(password.clone(), &password).context("the password on standard input")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_create_takes_a_username_and_insists_on_the_password_from_stdin() {
        let parsed = Cli::try_parse_from([
            "verigate",
            "user",
            "create",
            "--username",
            "bob",
            "--password-stdin",
        ])
        .expect("the command parses");
        assert!(matches!(
            parsed.command,
            Some(Command::User {
                command: UserCommand::Create { ref username, password_stdin: true }
            }) if username == "bob"
        ));
        let error = Cli::try_parse_from(["verigate", "user", "create", "--username", "bob"])
            .expect_err("without --password-stdin it is refused");
        assert!(error.to_string().contains("--password-stdin"), "{error}");
    }

    #[test]
    fn the_password_is_the_first_line_and_a_short_one_is_named() {
        let password =
            read_password("correct horse battery\nsecond line\n".as_bytes()).expect("a password");
        assert_eq!(password.expose(), "correct horse battery");
        let error = read_password("short\n".as_bytes()).expect_err("too short");
        assert!(format!("{error:#}").contains("standard input"), "{error:#}");
    }
}
