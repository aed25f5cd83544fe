use std::{process::ExitCode, sync::Arc};

use app::types::Username;
use clap::Parser;
use verigate::{
    Application,
    cli::{self, AdminCommand, Cli, Command},
    clock::SystemClock,
    config::Settings,
    domain::{AccountService, accounts::AdminClaim, setup_token::SetupToken},
    secret::ServerSecret,
    startup::connect_and_migrate,
    telemetry,
};

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            tracing::error!(error.cause_chain = ?error, "verigate failed");
            eprintln!("error: {error:#}");
            ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let settings = Settings::load(cli.config.as_deref())?;
    telemetry::init(settings.log_format, std::io::stderr);
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let application = Application::build(&settings).await?;
            tracing::info!(address = %application.address(), "listening");
            println!("Verigate is running at http://{}", application.address());
            if let Some(link) = application.setup_link() {
                println!("No administrator yet: create one at {link}");
            }
            application.run_until_stopped().await
        }
        Command::Migrate => {
            connect_and_migrate(&settings).await?;
            println!("The database is up to date.");
            Ok(())
        }
        Command::Admin {
            command: AdminCommand::Create { username },
        } => {
            let username = Username::parse(&username)?;
            eprintln!("Password (read from standard input):");
            let password = cli::read_password(std::io::stdin().lock())?;
            let db = connect_and_migrate(&settings).await?;
            let secret = ServerSecret::from_settings(&settings)?;
            let setup_token = SetupToken::new(settings.setup_token.as_deref(), &secret);
            AccountService::new(db, Arc::new(SystemClock), setup_token)
                .create_admin(username.clone(), password, AdminClaim::Additional)
                .await?;
            println!("Created the administrator {username}.");
            Ok(())
        }
        Command::User { command } => {
            eprintln!("Password (read from standard input):");
            cli::user(command, &settings, std::io::stdin().lock()).await?;
            Ok(())
        }
        Command::ApiKey { command } => cli::api_key(command, &settings).await,
    }
}
