//! Password hashing with argon2id, off the async runtime and bounded in concurrency.
//!
//! Hashing costs ~19 MiB and tens of milliseconds of one core. Running it on the runtime's
//! threads would stall every other request, and running any number at once would exhaust
//! memory, so each hash runs in `spawn_blocking` holding one of a few permits. A caller
//! waits for a permit only briefly and only if few others wait; otherwise it is answered
//! 503 with `Retry-After` — a bounded queue, never an unbounded one.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use argon2::password_hash::phc::PasswordHash;
use argon2::{Argon2, Params, PasswordHasher, PasswordVerifier};
use axum::http::StatusCode;
use tokio::sync::Semaphore;

use crate::ApiError;

/// How long a sign-in waits for a hashing permit before it is told to retry.
const PERMIT_WAIT: Duration = Duration::from_secs(2);

/// Waiting callers allowed per permit; more are refused at once.
const WAITERS_PER_PERMIT: usize = 8;

/// The outcome of checking a password.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Verified {
    /// The password matches.
    pub matches: bool,
    /// The stored hash was made with weaker parameters than the policy's: hash again.
    pub needs_rehash: bool,
}

/// Hashes and verifies passwords under the policy (argon2id, m = 19456 KiB, t = 2, p = 1).
#[derive(Debug)]
pub struct Passwords {
    permits: Arc<Semaphore>,
    waiting: AtomicUsize,
    max_waiting: usize,
    /// Verified against when the username is unknown, so that an unknown user costs the
    /// same time as a wrong password.
    dummy_hash: String,
}

impl Passwords {
    /// `concurrency` hashes may run at once.
    pub fn new(concurrency: usize) -> Passwords {
        let concurrency = concurrency.max(1);
        let dummy_hash = hash_now("panah-dummy-password-for-unknown-users").unwrap_or_default();
        Passwords {
            permits: Arc::new(Semaphore::new(concurrency)),
            waiting: AtomicUsize::new(0),
            max_waiting: concurrency * WAITERS_PER_PERMIT,
            dummy_hash,
        }
    }

    /// The default concurrency: all cores but one, at least one.
    pub fn default_concurrency() -> usize {
        std::thread::available_parallelism()
            .map_or(1, |n| n.get().saturating_sub(1))
            .max(1)
    }

    /// Hashes a new password.
    pub async fn hash(&self, password: String) -> Result<String, ApiError> {
        self.run(move || hash_now(&password)).await?
    }

    /// Checks `password` against `hash`, or against the dummy hash when there is no user.
    pub async fn verify(
        &self,
        password: String,
        hash: Option<String>,
    ) -> Result<Verified, ApiError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.clone());
        let verified = self.run(move || verify_now(&password, &hash)).await?;
        Ok(Verified {
            matches: known && verified.matches,
            ..verified
        })
    }

    async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> T + Send + 'static,
    ) -> Result<T, ApiError> {
        let busy = || {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "busy",
                "Too many sign-ins at once; try again in a moment.",
            )
            .retry_after(1)
        };
        let permit = match self.permits.clone().try_acquire_owned() {
            Ok(permit) => permit,
            Err(_) => {
                if self.waiting.fetch_add(1, Ordering::SeqCst) >= self.max_waiting {
                    self.waiting.fetch_sub(1, Ordering::SeqCst);
                    return Err(busy());
                }
                let acquired =
                    tokio::time::timeout(PERMIT_WAIT, self.permits.clone().acquire_owned()).await;
                self.waiting.fetch_sub(1, Ordering::SeqCst);
                match acquired {
                    Ok(Ok(permit)) => permit,
                    _ => return Err(busy()),
                }
            }
        };
        tokio::task::spawn_blocking(move || {
            let result = work();
            drop(permit);
            result
        })
        .await
        .map_err(|e| ApiError::internal(&e))
    }
}

fn hash_now(password: &str) -> Result<String, ApiError> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|hash| hash.to_string())
        .map_err(|e| ApiError::internal(&std::io::Error::other(e.to_string())))
}

fn verify_now(password: &str, hash: &str) -> Verified {
    let Ok(parsed) = PasswordHash::new(hash) else {
        return Verified {
            matches: false,
            needs_rehash: true,
        };
    };
    let matches = Argon2::default()
        .verify_password(password.as_bytes(), &parsed)
        .is_ok();
    let policy = Params::default();
    let needs_rehash = parsed.algorithm != argon2::ARGON2ID_IDENT
        || Params::try_from(&parsed).map_or(true, |params| {
            params.m_cost() < policy.m_cost()
                || params.t_cost() < policy.t_cost()
                || params.p_cost() < policy.p_cost()
        });
    Verified {
        matches,
        needs_rehash,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_hash_verifies_its_password_and_no_other() {
        let passwords = Passwords::new(1);
        let hash = passwords.hash("a long passphrase".into()).await.unwrap();
        assert!(
            hash.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{hash}"
        );
        let right = passwords
            .verify("a long passphrase".into(), Some(hash.clone()))
            .await
            .unwrap();
        assert_eq!(
            right,
            Verified {
                matches: true,
                needs_rehash: false
            }
        );
        let wrong = passwords
            .verify("another passphrase".into(), Some(hash))
            .await
            .unwrap();
        assert!(!wrong.matches);
    }

    #[tokio::test]
    async fn an_unknown_user_never_matches_even_the_dummy_password() {
        let passwords = Passwords::new(1);
        let verified = passwords
            .verify("panah-dummy-password-for-unknown-users".into(), None)
            .await
            .unwrap();
        assert!(!verified.matches);
    }

    #[tokio::test]
    async fn a_hash_with_weaker_parameters_asks_to_be_redone() {
        let weak = Argon2::new(
            argon2::Algorithm::Argon2id,
            argon2::Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"a long passphrase")
        .unwrap()
        .to_string();
        let verified = Passwords::new(1)
            .verify("a long passphrase".into(), Some(weak))
            .await
            .unwrap();
        assert_eq!(
            verified,
            Verified {
                matches: true,
                needs_rehash: true
            }
        );
    }

    #[tokio::test]
    async fn excess_concurrent_hashing_is_refused_with_retry_after() {
        let passwords = Arc::new(Passwords::new(1));
        let tasks: Vec<_> = (0..40)
            .map(|i| {
                let passwords = passwords.clone();
                tokio::spawn(async move { passwords.hash(format!("password number {i}")).await })
            })
            .collect();
        let mut refused = 0;
        for task in tasks {
            if let Err(error) = task.await.unwrap() {
                assert_eq!(error.status(), StatusCode::SERVICE_UNAVAILABLE);
                assert_eq!(error.code(), "busy");
                refused += 1;
            }
        }
        // One runs, eight wait: the rest cannot all have been queued.
        assert!(refused > 0, "an unbounded queue accepted all 40");
    }
}
