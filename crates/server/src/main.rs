//! `panah`: the Panah case management server and its administrative commands.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use panah_server::config::Settings;
use panah_server::{serve, telemetry};

/// Panah: case management for counter-trafficking work (IOM – Ministry of Interior).
///
/// Configuration comes from the compiled-in defaults (see config/default.toml), then
/// config/local.toml or the file given with --config, then PANAH__SECTION__KEY
/// environment variables such as PANAH__DATABASE__URL.
#[derive(Debug, Parser)]
#[command(name = "panah", version)]
struct Cli {
    /// Read settings from FILE instead of config/local.toml.
    #[arg(long, global = true, value_name = "FILE")]
    config: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Run the HTTP server (migrating the database first) until SIGTERM or Ctrl-C.
    ///
    /// Prints the address it listens on and the database it uses.
    Serve {
        /// Listen on ADDR (such as 0.0.0.0:8080) instead of server.bind.
        #[arg(long, value_name = "ADDR")]
        bind: Option<SocketAddr>,
    },
    /// Apply the database migrations this binary carries, then exit.
    Migrate,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            // One line, the whole cause chain: what the operator needs to fix it.
            #[allow(clippy::print_stderr)]
            {
                eprintln!("panah: {error:#}");
            }
            ExitCode::FAILURE
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let mut settings = Settings::load(cli.config.as_deref(), std::env::vars())?;
    if let Command::Serve { bind: Some(bind) } = &cli.command {
        settings.server.bind = *bind;
    }
    telemetry::init(&settings.log)?;
    let runtime = tokio::runtime::Runtime::new().context("cannot start the async runtime")?;
    runtime.block_on(async {
        match cli.command {
            Command::Serve { .. } => serve::run(settings).await,
            Command::Migrate => {
                let store = serve::open_store(&settings).await?;
                store
                    .migrate()
                    .await
                    .context("cannot migrate the database")?;
                println!("database migrated ({})", store.describe());
                store.close().await;
                Ok(())
            }
        }
    })
}
