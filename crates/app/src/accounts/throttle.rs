//! Sign-in throttling, counted in the database so that it holds across server processes.

use std::time::Duration;

use hmac::{Hmac, KeyInit, Mac};
use secrecy::ExposeSecret;
use sha2::Sha256;
use time::OffsetDateTime;

use panah_persistence::Store;

use super::AuthSettings;
use crate::AppError;

#[derive(Debug)]
pub(crate) struct Throttle {
    /// Keys the hash of typed usernames: a leaked database then reveals nothing typed,
    /// not even a password typed into the username field by mistake.
    account_key_secret: Vec<u8>,
    account_limit: i64,
    client_limit: i64,
    pub(crate) window: Duration,
}

impl Throttle {
    pub(crate) fn new(settings: &AuthSettings) -> Throttle {
        Throttle {
            account_key_secret: settings.signing_key.expose_secret().to_vec(),
            account_limit: i64::from(settings.account_failure_limit),
            client_limit: i64::from(settings.client_failure_limit),
            window: settings.failure_window,
        }
    }

    /// The key under which failures of the username as typed are counted: the same for
    /// existing and unknown usernames, so lockouts do not reveal which accounts exist.
    pub(crate) fn account_key(&self, typed_username: &str) -> Vec<u8> {
        let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(&self.account_key_secret) else {
            // HMAC takes keys of any length; this branch cannot run.
            return Vec::new();
        };
        mac.update(b"panah login failures\0");
        mac.update(typed_username.trim().to_lowercase().as_bytes());
        mac.finalize().into_bytes().to_vec()
    }

    /// The start of the counting window.
    pub(crate) fn window_start(&self, now: OffsetDateTime) -> OffsetDateTime {
        now - self.window
    }

    /// [`AppError::TooManyAttempts`] when the account or the client has failed too often.
    pub(crate) async fn check(
        &self,
        store: &Store,
        account_key: &[u8],
        client: &str,
        now: OffsetDateTime,
    ) -> Result<(), AppError> {
        let counts = store
            .login_failures(account_key, client, self.window_start(now))
            .await?;
        let blocked_until = if counts.account >= self.account_limit {
            counts.account_oldest
        } else if counts.client >= self.client_limit {
            counts.client_oldest
        } else {
            None
        };
        match blocked_until {
            Some(oldest) => {
                let retry = (oldest + self.window - now).whole_seconds().max(1);
                Err(AppError::TooManyAttempts {
                    retry_after_secs: u64::try_from(retry).unwrap_or(1),
                })
            }
            None => Ok(()),
        }
    }
}
