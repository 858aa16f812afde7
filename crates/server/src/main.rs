//! `panah`: the Panah case management server and its administrative commands.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use panah_server::config::Settings;
use panah_server::{accounts, serve, telemetry};
use time::OffsetDateTime;

mod demo;

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
    /// Manage staff accounts.
    #[command(subcommand)]
    User(UserCommand),
    /// Check the audit log.
    #[command(subcommand)]
    Audit(AuditCommand),
    /// Manage the keys that protect personal data.
    #[command(subcommand)]
    Keys(KeysCommand),
    /// Load a synthetic demo data set into an empty database and print its users.
    ///
    /// Migrates the database, then writes, under the API's rules: one demo user for every
    /// role (demo.caseworker1, demo.caseworker2, demo.casemanager, demo.programme,
    /// demo.admin, demo.auditor at IOM-AF; demo.liaison at MOI; demo.herat at MOI-HER;
    /// demo.kabul at MOI-KAB; demo.justice at MOJ), 300 cases with consents and
    /// assistance, two grants (DONOR-US, DONOR-IT), referrals and voluntary returns in
    /// every status. Records are dated over the 331 days before today, as the users who
    /// would make them; nothing is dated after yesterday but plans (due dates, travel
    /// dates). Prints a line of progress per month to standard error, and at the end the
    /// users with their random passwords to standard output (never to the log).
    ///
    /// Refuses (exit 1) a database that holds any case, referral, return or grant, or any
    /// user other than the first admin, and one where an earlier run stopped part-way:
    /// start from an empty database. Organisations do not count. On a database where the
    /// demo is already loaded it says so and changes nothing (exit 0); the passwords are
    /// not shown again.
    Demo {
        /// Seed of the generator: the same seed on the same day gives the same data set
        /// (passwords are random every time).
        #[arg(long, default_value_t = demo::DEFAULT_SEED)]
        seed: u64,
    },
    /// Copy a SQLite database, while it serves, into a new folder with its key files.
    ///
    /// The copy (FOLDER/panah.db) is the database as of one moment; writes go on beside
    /// it. The key files of keys.dir go to FOLDER/keys: whoever holds both reads every
    /// person's data, so store the keys on other media and in other custody than the
    /// database copy. Keys given in the configuration are not copied: keep them yourself.
    /// On PostgreSQL, use pg_dump or continuous archiving instead (see the README).
    Backup {
        /// The folder to create (it must not exist).
        #[arg(long, value_name = "FOLDER")]
        output: PathBuf,
    },
    /// Put a backup made by `panah backup` in place of the configured SQLite database.
    ///
    /// Refuses when the database file exists (stop the server and move it aside first)
    /// or when keys.dir holds a key file that differs from the backup's. Copies the key
    /// files that are missing into keys.dir, then checks the restored file's integrity
    /// and its audit chain (exit 1 if either fails).
    Restore {
        /// The folder `panah backup` wrote.
        #[arg(long, value_name = "FOLDER")]
        from: PathBuf,
    },
    /// Write a donor-facing report to a file.
    #[command(subcommand)]
    Report(ReportCommand),
}

#[derive(Debug, Subcommand)]
enum ReportCommand {
    /// The funding report of a grant (--grant), or of every grant of one donor (--donor),
    /// over a period, exactly as the API serves it: counts
    /// of 1–4 people shown as "<5" (see [reports] in the configuration), "x" for counts
    /// hidden so that a small one cannot be worked out. The export is audited, naming the
    /// operating-system account that ran the command.
    ///
    /// The period defaults to the grant's and must lie inside it; for a donor it defaults
    /// to the span of the donor's grants, and amounts of grants in different currencies
    /// are never added together. The format is --format,
    /// or else the one the output file's name ends in (.xlsx, .csv, .json, .pdf); a --format
    /// that contradicts the file's extension is refused. With --output - the report goes
    /// to standard output (JSON unless --format says otherwise) and the summary line to
    /// standard error. CSV starts with a UTF-8 byte-order mark, so that spreadsheets read
    /// Dari and Pashto correctly. A PDF is printed in the --language asked for.
    Funding {
        /// The grant, by its code (such as US-CT-2026-01) or its id.
        #[arg(long, value_name = "CODE|ID")]
        grant: Option<String>,
        /// The donor, by its organisation's code (such as DONOR-US) or id: every grant of
        /// the donor that runs during the period.
        #[arg(long, value_name = "CODE|ID")]
        donor: Option<String>,
        /// First day, YYYY-MM-DD (default: the grant's first day).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        from: Option<time::Date>,
        /// Last day, YYYY-MM-DD (default: the grant's last day).
        #[arg(long, value_name = "DATE", value_parser = parse_date)]
        to: Option<time::Date>,
        /// xlsx, csv, json or pdf (default: from the output file's extension).
        #[arg(long, value_enum)]
        format: Option<Format>,
        /// The language of a PDF: en, fa-AF (Dari) or ps-AF (Pashto).
        #[arg(long, value_name = "TAG", default_value = "en")]
        language: panah_domain::Language,
        /// The file to write (replaced if it exists), or - for standard output.
        #[arg(long, value_name = "FILE")]
        output: PathBuf,
    },
}

/// The formats of `--format`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Format {
    /// An Excel workbook.
    Xlsx,
    /// Comma-separated values.
    Csv,
    /// JSON, as the API answers it.
    Json,
    /// A printed report.
    Pdf,
}

impl From<Format> for panah_app::ReportFormat {
    fn from(format: Format) -> Self {
        match format {
            Format::Xlsx => panah_app::ReportFormat::Xlsx,
            Format::Csv => panah_app::ReportFormat::Csv,
            Format::Json => panah_app::ReportFormat::Json,
            Format::Pdf => panah_app::ReportFormat::Pdf,
        }
    }
}

/// A `YYYY-MM-DD` date from the command line.
fn parse_date(text: &str) -> Result<time::Date, String> {
    time::Date::parse(text, &time::format_description::well_known::Iso8601::DATE)
        .map_err(|_| format!("{text:?} is not a date (YYYY-MM-DD)"))
}

#[derive(Debug, Subcommand)]
enum KeysCommand {
    /// Re-seal all personal data under a new data key, showing progress.
    ///
    /// Writes data-N.key next to the other keys, then re-seals row by row in small
    /// transactions. If interrupted, run it again: it resumes under the same new key.
    /// Older key files stay readable and are not deleted.
    ///
    /// Stop every server using the database before rotating, and start them again once
    /// it is done, each with the new data-N.key in its keys.dir. A server left running
    /// knows only the keys it started with: it cannot open data re-sealed under the new
    /// key, and what it writes in the meantime may stay sealed under the old one.
    Rotate,
}

#[derive(Debug, Subcommand)]
enum UserCommand {
    /// Create a user. The password is read from standard input (one line).
    ///
    /// The password must have 12 to 128 characters, must not be a common password and
    /// must not contain the username. Each role must fit the organisation: caseworker,
    /// case_manager, programme_manager, admin and auditor at IOM-AF; ministry_liaison at
    /// MOI; provincial_officer at a MOI-xxx provincial office; partner_focal_point at a
    /// partner ministry.
    Create {
        /// Login name: 3 to 64 characters, a-z, digits, dots, hyphens, underscores.
        #[arg(long)]
        username: String,
        /// The organisation's code, such as IOM-AF or MOI-KAB.
        #[arg(long, value_name = "CODE")]
        organization: String,
        /// A role; repeat for several.
        #[arg(long = "role", value_name = "ROLE", required = true)]
        roles: Vec<String>,
        /// The name colleagues see (default: the username).
        #[arg(long, value_name = "NAME")]
        display_name: Option<String>,
        /// Read the password from standard input. Required: passwords never go on the
        /// command line, where other users of the machine could see them.
        #[arg(long, required = true)]
        password_stdin: bool,
    },
    /// List every user: username, organisation, roles, status and display name.
    List,
    /// Disable a user: their sessions end at once and they can no longer sign in.
    Disable {
        /// The user's username.
        #[arg(long)]
        username: String,
    },
    /// Give a user a new password that they must change at their next sign-in, and end
    /// every session of theirs.
    ///
    /// Prints a random one-time password once, to hand to the user; or, with
    /// --password-stdin, takes the one given on standard input (one line), which must
    /// follow the password policy.
    ResetPassword {
        /// The user's username.
        #[arg(long)]
        username: String,
        /// Read the new password from standard input instead of making one up.
        #[arg(long)]
        password_stdin: bool,
    },
}

#[derive(Debug, Subcommand)]
enum AuditCommand {
    /// Recompute the audit log's hash chain; exit 1 naming the first broken entry.
    Verify,
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
            Command::User(UserCommand::Create {
                username,
                organization,
                roles,
                display_name,
                password_stdin: _,
            }) => {
                let password = read_password_line()?;
                let (app, store) = serve::open_app(&settings, false).await?;
                let request = accounts::UserRequest {
                    username,
                    organization,
                    roles,
                    display_name,
                    password,
                };
                let user = accounts::create_user(&app, request).await?;
                println!("created user {} ({})", user.username, user.id);
                store.close().await;
                Ok(())
            }
            Command::User(UserCommand::List) => {
                let (app, store) = serve::open_app(&settings, false).await?;
                let users = accounts::list_users(&app).await?;
                store.close().await;
                print!("{}", accounts::users_table(&users));
                Ok(())
            }
            Command::User(UserCommand::Disable { username }) => {
                let (app, store) = serve::open_app(&settings, false).await?;
                let done = accounts::disable_user(&app, &username).await?;
                store.close().await;
                println!("{done}");
                Ok(())
            }
            Command::User(UserCommand::ResetPassword {
                username,
                password_stdin,
            }) => {
                let chosen = if password_stdin {
                    Some(read_password_line()?)
                } else {
                    None
                };
                let (app, store) = serve::open_app(&settings, false).await?;
                let (user, generated) = accounts::reset_password(&app, &username, chosen).await?;
                store.close().await;
                match generated {
                    // Standard output only, never the log: shown this once, to hand over.
                    Some(password) => println!(
                        "one-time password for {}: {password}\n(they must change it at their next sign-in; their sessions have ended)",
                        user.username
                    ),
                    None => println!(
                        "password of {} reset: they must change it at their next sign-in; their sessions have ended",
                        user.username
                    ),
                }
                Ok(())
            }
            Command::Audit(AuditCommand::Verify) => {
                // With the keys: the anchors are authenticated with a key derived from them,
                // and an intact log is anchored.
                let (app, store) = serve::open_app(&settings, true).await?;
                let operator = panah_server::operator::actor("panah audit verify");
                let verification = app
                    .verify_audit_chain(&operator, OffsetDateTime::now_utc())
                    .await
                    .context("cannot read the audit log")?;
                store.close().await;
                match (verification.first_broken, verification.broken_anchor) {
                    (None, None) => {
                        println!(
                            "audit chain intact: {} entries checked, {} anchors checked",
                            verification.entries_checked, verification.anchors_checked
                        );
                        Ok(())
                    }
                    (Some(broken), _) => Err(anyhow::anyhow!(
                        "audit chain broken at entry {}{} (lane {}, place {}): the {} entries checked before it are intact",
                        broken.seq,
                        broken
                            .id
                            .map_or_else(|| " (missing)".to_owned(), |id| format!(" (id {id})")),
                        broken.lane,
                        broken.lane_seq,
                        verification.entries_checked
                    )),
                    (None, Some(anchor)) => Err(anyhow::anyhow!(
                        "audit anchor {anchor} is not authentic: the anchors were altered or removed, or written without this server's keys"
                    )),
                }
            }
            Command::Demo { seed } => {
                demo::run(
                    &settings,
                    seed,
                    &mut std::io::stdout(),
                    &mut std::io::stderr(),
                )
                .await
            }
            Command::Report(ReportCommand::Funding {
                grant,
                donor,
                from,
                to,
                format,
                language,
                output,
            }) => {
                use panah_server::report::{FundingFile, Output};
                let to_stdout = output.as_os_str() == "-";
                let request = FundingFile {
                    grant: grant.as_deref(),
                    donor: donor.as_deref(),
                    from,
                    to,
                    format: format.map(Into::into),
                    language,
                    output: if to_stdout {
                        Output::Stdout
                    } else {
                        Output::File(&output)
                    },
                };
                let done =
                    panah_server::report::funding(&settings, request, &mut std::io::stdout())
                        .await?;
                if to_stdout {
                    // Standard output carries the report itself.
                    #[allow(clippy::print_stderr)]
                    {
                        eprintln!("{done}");
                    }
                } else {
                    println!("{done}");
                }
                Ok(())
            }
            Command::Backup { output } => {
                panah_server::backup::backup(&settings, &output, &mut std::io::stdout()).await
            }
            Command::Restore { from } => {
                panah_server::backup::restore(&settings, &from, &mut std::io::stdout()).await
            }
            Command::Keys(KeysCommand::Rotate) => {
                panah_server::rotation::rotate(&settings, &mut std::io::stdout()).await
            }
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

/// One line from standard input, without its line ending.
fn read_password_line() -> anyhow::Result<String> {
    let mut line = String::new();
    std::io::stdin()
        .read_line(&mut line)
        .context("cannot read the password from standard input")?;
    let password = line
        .strip_suffix('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .unwrap_or(&line);
    Ok(password.to_owned())
}
