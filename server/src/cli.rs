//! The command line: `verigate [serve]`, `verigate migrate`, `verigate admin create`.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

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
}

#[derive(Debug, Subcommand)]
pub enum AdminCommand {
    /// Create an administrator; the password is read from standard input.
    Create {
        #[arg(long)]
        username: String,
    },
}
