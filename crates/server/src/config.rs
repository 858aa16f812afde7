//! Configuration: the compiled-in defaults (`config/default.toml`), then a file, then
//! `PANAH__SECTION__KEY` environment variables.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use config::{Config, Environment, File, FileFormat};
use panah_app::{AppSettings, AuthSettings};
use panah_persistence::DatabaseOptions;
use secrecy::SecretString;
use serde::Deserialize;

/// The defaults, compiled in so that the binary needs no file to run.
const DEFAULTS: &str = include_str!("../../../config/default.toml");

/// The local override file read when no `--config` is given, if it exists.
const LOCAL_FILE: &str = "config/local.toml";

/// Every setting. Field names are the keys in `config/default.toml`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The HTTP server.
    pub server: ServerSettings,
    /// The database.
    pub database: DatabaseSettings,
    /// Secret keys.
    pub keys: KeySettings,
    /// Sign-in and sessions.
    pub auth: AuthConfig,
    /// The web pages.
    pub web: WebSettings,
    /// Donor-facing reports.
    pub reports: ReportSettings,
    /// Logging.
    pub log: LogSettings,
    /// Prometheus metrics.
    pub metrics: MetricsSettings,
}

/// `[metrics]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MetricsSettings {
    /// Where `/metrics` is served on its own; `None` (an empty `bind`) serves it on the
    /// main address.
    #[serde(deserialize_with = "optional_address")]
    pub bind: Option<SocketAddr>,
}

/// An address, or nothing for an empty string: the way `config/default.toml` writes a
/// setting that is off, since TOML has no null.
fn optional_address<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<SocketAddr>, D::Error> {
    let text = String::deserialize(deserializer)?;
    if text.trim().is_empty() {
        return Ok(None);
    }
    text.trim()
        .parse()
        .map(Some)
        .map_err(|_| serde::de::Error::custom("not an address such as 127.0.0.1:9090"))
}

/// `[reports]`
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSettings {
    /// The small-cell suppression threshold (at least 3).
    pub min_cell_size: panah_domain::Threshold,
}

/// `[server]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ServerSettings {
    /// Address and port to listen on.
    pub bind: SocketAddr,
    /// Seconds a request may take.
    pub request_timeout_secs: u64,
    /// Seconds to drain requests at shutdown.
    pub shutdown_grace_secs: u64,
}

/// `[database]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatabaseSettings {
    /// `sqlite://PATH` or `postgres://...`.
    pub url: SecretString,
    /// Pool size.
    pub max_connections: u32,
    /// Seconds to wait for a connection.
    pub connect_timeout_secs: u64,
    /// SQLite's busy timeout in milliseconds.
    pub busy_timeout_ms: u64,
}

/// `[keys]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KeySettings {
    /// Folder for generated keys.
    pub dir: PathBuf,
    /// Base64 token-signing key, or empty.
    pub signing: SecretString,
    /// Base64 data-encryption key, or empty.
    pub data: SecretString,
    /// Base64 blind-index key, or empty.
    pub blind_index: SecretString,
}

/// `[auth]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuthConfig {
    /// Concurrent password hashes; 0 = cores − 1.
    pub hash_concurrency: usize,
    /// Failed sign-ins per account within the window.
    pub account_failure_limit: u32,
    /// Failed sign-ins per client address within the window.
    pub client_failure_limit: u32,
    /// The window, in minutes.
    pub failure_window_minutes: u64,
    /// Session lifetime, in hours.
    pub session_hours: u64,
}

/// `[web]`
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WebSettings {
    /// Minutes a web session may go unused before it ends.
    pub idle_timeout_minutes: u64,
}

/// `[log]`
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LogSettings {
    /// Output format.
    pub format: LogFormat,
    /// Default filter.
    pub level: String,
}

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LogFormat {
    /// Human-readable lines.
    Pretty,
    /// One JSON object per line.
    Json,
}

/// A configuration that cannot be used. The message names the key at fault.
#[derive(Debug, thiserror::Error)]
#[error("configuration error: {0}")]
pub struct ConfigError(String);

impl Settings {
    /// Loads the defaults, then `file` (or `config/local.toml` if it exists and no file is
    /// given), then the environment variables in `env` that start with `PANAH__`.
    pub fn load(
        file: Option<&Path>,
        env: impl IntoIterator<Item = (String, String)>,
    ) -> Result<Settings, ConfigError> {
        let file_source = match file {
            Some(path) => File::from(path).format(FileFormat::Toml).required(true),
            None => File::new(LOCAL_FILE, FileFormat::Toml).required(false),
        };
        let env: config::Map<String, String> = env
            .into_iter()
            .filter(|(key, _)| key.starts_with("PANAH__"))
            .collect();
        let settings: Settings = Config::builder()
            .add_source(File::from_str(DEFAULTS, FileFormat::Toml))
            .add_source(file_source)
            .add_source(
                Environment::with_prefix("PANAH")
                    .prefix_separator("__")
                    .separator("__")
                    .try_parsing(true)
                    .source(Some(env)),
            )
            .build()
            .and_then(Config::try_deserialize)
            .map_err(|e| ConfigError(e.to_string()))?;
        settings.check()?;
        Ok(settings)
    }

    /// Rules that types alone do not express.
    fn check(&self) -> Result<(), ConfigError> {
        let positive = [
            (
                "server.request_timeout_secs",
                self.server.request_timeout_secs,
            ),
            ("web.idle_timeout_minutes", self.web.idle_timeout_minutes),
            (
                "database.max_connections",
                self.database.max_connections.into(),
            ),
            (
                "database.connect_timeout_secs",
                self.database.connect_timeout_secs,
            ),
        ];
        for (key, value) in positive {
            if value == 0 {
                return Err(ConfigError(format!("{key} must be at least 1")));
            }
        }
        Ok(())
    }

    /// The application's settings, with the signing key loaded at start-up.
    pub fn app_settings(&self, signing_key: secrecy::SecretSlice<u8>) -> AppSettings {
        let auth = &self.auth;
        AppSettings {
            auth: AuthSettings {
                signing_key,
                hash_concurrency: match auth.hash_concurrency {
                    0 => panah_app::default_hash_concurrency(),
                    n => n,
                },
                account_failure_limit: auth.account_failure_limit,
                client_failure_limit: auth.client_failure_limit,
                failure_window: Duration::from_secs(auth.failure_window_minutes * 60),
                session_lifetime: Duration::from_secs(auth.session_hours * 3600),
                web_idle_timeout: Duration::from_secs(self.web.idle_timeout_minutes * 60),
            },
            min_cell_size: self.reports.min_cell_size,
        }
    }

    /// The database options this configuration asks for.
    pub fn database_options(&self) -> DatabaseOptions {
        DatabaseOptions {
            url: self.database.url.clone(),
            max_connections: self.database.max_connections,
            connect_timeout: Duration::from_secs(self.database.connect_timeout_secs),
            busy_timeout: Duration::from_millis(self.database.busy_timeout_ms),
        }
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use secrecy::ExposeSecret;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    fn load_with_file(contents: &str, vars: &[(&str, &str)]) -> Result<Settings, ConfigError> {
        let mut file = tempfile::NamedTempFile::new().unwrap();
        file.write_all(contents.as_bytes()).unwrap();
        Settings::load(Some(file.path()), env(vars))
    }

    #[test]
    fn the_compiled_in_defaults_are_complete_on_their_own() {
        let settings = load_with_file("", &[]).unwrap();
        assert_eq!(settings.server.bind, "127.0.0.1:8080".parse().unwrap());
        assert_eq!(
            settings.database.url.expose_secret(),
            "sqlite://data/panah.db"
        );
        assert_eq!(settings.server.request_timeout_secs, 30);
        assert_eq!(settings.log.format, LogFormat::Pretty);
        assert_eq!(settings.keys.signing.expose_secret(), "");
        assert_eq!(settings.metrics.bind, None, "metrics on the main address");
    }

    #[test]
    fn metrics_move_to_their_own_address_when_one_is_given() {
        let settings = load_with_file("[metrics]\nbind = \"127.0.0.1:9090\"\n", &[]).unwrap();
        assert_eq!(
            settings.metrics.bind,
            Some("127.0.0.1:9090".parse().unwrap())
        );
        let settings = load_with_file("", &[("PANAH__METRICS__BIND", "0.0.0.0:9091")]).unwrap();
        assert_eq!(settings.metrics.bind.map(|a| a.port()), Some(9091));
        let error = load_with_file("[metrics]\nbind = \"port 9090\"\n", &[]).unwrap_err();
        assert!(error.to_string().contains("metrics.bind"), "{error}");
    }

    #[test]
    fn a_file_overrides_the_defaults_and_the_environment_overrides_the_file() {
        let file = "[server]\nbind = \"127.0.0.1:9000\"\nrequest_timeout_secs = 7\n";
        let settings = load_with_file(file, &[]).unwrap();
        assert_eq!(settings.server.bind.port(), 9000);
        assert_eq!(settings.server.request_timeout_secs, 7);

        let settings = load_with_file(
            file,
            &[
                ("PANAH__SERVER__BIND", "127.0.0.1:9100"),
                ("PANAH__DATABASE__URL", "postgres://u:p@db/panah"),
                ("PANAH__DATABASE__MAX_CONNECTIONS", "3"),
                ("OTHER__SERVER__BIND", "ignored"),
            ],
        )
        .unwrap();
        assert_eq!(settings.server.bind.port(), 9100);
        assert_eq!(settings.server.request_timeout_secs, 7);
        assert_eq!(
            settings.database.url.expose_secret(),
            "postgres://u:p@db/panah"
        );
        assert_eq!(settings.database.max_connections, 3);
    }

    #[test]
    fn an_unknown_key_is_refused_and_named() {
        let error = load_with_file("[server]\nbindd = \"x\"\n", &[]).unwrap_err();
        assert!(error.to_string().contains("bindd"), "{error}");
        let error = load_with_file("", &[("PANAH__SERVER__PORT", "1")]).unwrap_err();
        assert!(error.to_string().contains("port"), "{error}");
        let error = load_with_file("[nonsense]\nx = 1\n", &[]).unwrap_err();
        assert!(error.to_string().contains("nonsense"), "{error}");
    }

    #[test]
    fn a_value_of_the_wrong_type_is_refused_and_its_key_named() {
        let error =
            load_with_file("", &[("PANAH__SERVER__REQUEST_TIMEOUT_SECS", "soon")]).unwrap_err();
        assert!(
            error.to_string().contains("server.request_timeout_secs"),
            "{error}"
        );
        let error = load_with_file("[server]\nbind = \"not an address\"\n", &[]).unwrap_err();
        assert!(error.to_string().contains("server.bind"), "{error}");
        let error = load_with_file("[log]\nformat = \"xml\"\n", &[]).unwrap_err();
        assert!(error.to_string().contains("log.format"), "{error}");
        let error = load_with_file("[database]\nmax_connections = 0\n", &[]).unwrap_err();
        assert!(
            error.to_string().contains("database.max_connections"),
            "{error}"
        );
    }

    #[test]
    fn a_missing_config_file_named_on_the_command_line_is_an_error() {
        let error =
            Settings::load(Some(Path::new("/nonexistent/panah.toml")), env(&[])).unwrap_err();
        assert!(
            error.to_string().contains("/nonexistent/panah.toml"),
            "{error}"
        );
    }

    #[test]
    fn secrets_are_redacted_in_debug_output() {
        let settings = load_with_file(
            "",
            &[
                (
                    "PANAH__DATABASE__URL",
                    "postgres://u:hunter2-sentinel@db/panah",
                ),
                ("PANAH__KEYS__SIGNING", "c2lnbmluZy1zZW50aW5lbA=="),
            ],
        )
        .unwrap();
        let debug = format!("{settings:?}");
        assert!(!debug.contains("hunter2-sentinel"), "{debug}");
        assert!(!debug.contains("c2lnbmluZy1zZW50aW5lbA"), "{debug}");
    }
}
