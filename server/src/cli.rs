//! The command line: `verigate [serve]`, `verigate migrate`, `verigate admin create`,
//! `verigate api-key create|list|revoke`.

use std::path::PathBuf;
use std::sync::Arc;

use app::{
    ports::{ApiKeys, KeyScope},
    types::VerifierUid,
};
use clap::{Parser, Subcommand};

use crate::{
    clock::SystemClock, config::Settings, domain::ApiKeyService, secret::ServerSecret,
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
    let secret = ServerSecret::load(settings.secret_key.as_deref(), &settings.data_dir)?;
    let keys = ApiKeyService::new(db, Arc::new(SystemClock), &secret);
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
            let key = keys.create_key(name.to_owned(), scope).await?;
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
            keys.revoke_key(sid.trim()).await?;
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
