//! Password hashing with argon2id, off the async runtime and bounded in concurrency,
//! memory and CPU share.
//!
//! Hashing costs ~19 MiB and tens of milliseconds of one core. Running it on the runtime's
//! threads would stall every other request, and running any number at once would exhaust
//! memory. So hashes run on a few dedicated threads (as many as permits), and a request
//! holds one of the permits while its hash runs. A caller waits for a permit only briefly
//! and only if few others wait; otherwise it is answered 503 with `Retry-After` — a
//! bounded queue, never an unbounded one.
//!
//! Each hashing thread owns one argon2 work area, allocated once and reused: allocating
//! 19 MiB per hash made the allocator keep a copy in every thread that ever hashed
//! (measured: 130 MiB resident after 30 sign-ins; now it stays at threads × 19 MiB).
//! The threads run at a lower CPU priority (nice ≈ 10): they use idle CPU freely, but
//! during a sign-in storm the other requests go first.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, mpsc};
use std::time::Duration;

use argon2::password_hash::phc::{Output, ParamsString, PasswordHash, Salt};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use crate::AppError;

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
    /// Sends work to the hashing threads; they stop when it is dropped.
    jobs: mpsc::Sender<Job>,
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
        let (jobs, queue) = mpsc::channel::<Job>();
        let queue = Arc::new(Mutex::new(queue));
        for n in 0..concurrency {
            let queue = queue.clone();
            let spawned = std::thread::Builder::new()
                .name(format!("panah-hash-{n}"))
                .spawn(move || hashing_thread(&queue));
            if let Err(error) = spawned {
                tracing::error!(%error, "cannot start a password hashing thread");
            }
        }
        let mut work_area = Vec::new();
        let dummy_hash =
            hash_now("panah-dummy-password-for-unknown-users", &mut work_area).unwrap_or_default();
        Passwords {
            permits: Arc::new(Semaphore::new(concurrency)),
            jobs,
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

    /// Hashes a new password, in a slot of its own.
    pub async fn hash(&self, password: String) -> Result<String, AppError> {
        self.slot().await?.hash(password).await
    }

    /// Reserves one of the hashing permits: at once if one is free, else after a short
    /// wait if few others wait, else 503 `busy` with `Retry-After`. Sign-in takes its slot
    /// before touching the database, so a flood of sign-ins is turned away cheaply.
    pub async fn slot(&self) -> Result<HashSlot, AppError> {
        let busy = || AppError::Busy;
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
        Ok(HashSlot {
            permit: Some(permit),
            jobs: self.jobs.clone(),
            dummy_hash: self.dummy_hash.clone(),
        })
    }
}

/// A reserved hashing permit, for the hashes of one request.
#[derive(Debug)]
pub struct HashSlot {
    /// `None` only while a hash runs; see [`HashSlot::run`].
    permit: Option<OwnedSemaphorePermit>,
    jobs: mpsc::Sender<Job>,
    dummy_hash: String,
}

impl HashSlot {
    /// Hashes a new password.
    pub async fn hash(&mut self, password: String) -> Result<String, AppError> {
        self.run(move |work_area| hash_now(&password, work_area))
            .await?
    }

    /// Checks `password` against `hash`, or against the dummy hash when there is no user.
    pub async fn verify(
        &mut self,
        password: String,
        hash: Option<String>,
    ) -> Result<Verified, AppError> {
        let known = hash.is_some();
        let hash = hash.unwrap_or_else(|| self.dummy_hash.clone());
        let verified = self
            .run(move |work_area| verify_now(&password, &hash, work_area))
            .await?;
        Ok(Verified {
            matches: known && verified.matches,
            ..verified
        })
    }

    async fn run<T: Send + 'static>(
        &mut self,
        work: impl FnOnce(&mut Vec<Block>) -> T + Send + 'static,
    ) -> Result<T, AppError> {
        // The permit travels with the work: should the request be cancelled while the
        // hash runs, the permit is released only when the hash really ends.
        let permit = self.permit.take();
        let (done, result) = tokio::sync::oneshot::channel();
        let job: Job = Box::new(move |work_area| {
            let _ = done.send((work(work_area), permit));
        });
        let stopped = || AppError::internal(std::io::Error::other("the hashing threads stopped"));
        self.jobs.send(job).map_err(|_| stopped())?;
        let (result, permit) = result.await.map_err(|_| stopped())?;
        self.permit = permit;
        Ok(result)
    }
}

/// Work for a hashing thread, given that thread's argon2 work area.
type Job = Box<dyn FnOnce(&mut Vec<Block>) + Send>;

/// Runs jobs until the [`Passwords`] that feeds them is dropped.
fn hashing_thread(queue: &Mutex<mpsc::Receiver<Job>>) {
    use thread_priority::{ThreadPriority, ThreadPriorityValue, set_current_thread_priority};
    // 25 of 0–99 maps to a nice value of about 10 on Linux. Lowering one's own priority
    // needs no privileges; should it fail anyway, hashing still works.
    if let Ok(value) = ThreadPriorityValue::try_from(25u8)
        && let Err(error) = set_current_thread_priority(ThreadPriority::Crossplatform(value))
    {
        tracing::warn!(
            ?error,
            "cannot lower the priority of a password hashing thread"
        );
    }
    let mut work_area = Vec::new();
    loop {
        // Holding the lock only to take the next job; a poisoned lock still holds a
        // working receiver.
        let job = queue
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .recv();
        match job {
            Ok(job) => job(&mut work_area),
            Err(_) => return,
        }
    }
}

/// Runs argon2 with `params` in `work_area`, growing it if these parameters need more.
fn argon2_into(
    password: &str,
    salt: &[u8],
    algorithm: Algorithm,
    version: Version,
    params: Params,
    out: &mut [u8],
    work_area: &mut Vec<Block>,
) -> Result<(), argon2::Error> {
    let blocks = params.block_count();
    if work_area.len() < blocks {
        work_area.resize(blocks, Block::default());
    }
    Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password.as_bytes(),
        salt,
        out,
        &mut work_area[..blocks],
    )
}

fn hash_now(password: &str, work_area: &mut Vec<Block>) -> Result<String, AppError> {
    let failed =
        |e: &dyn std::fmt::Display| AppError::internal(std::io::Error::other(e.to_string()));
    let params = Params::default();
    let mut salt = [0u8; 16];
    rand::fill(&mut salt);
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2_into(
        password,
        &salt,
        Algorithm::Argon2id,
        Version::V0x13,
        params.clone(),
        &mut out,
        work_area,
    )
    .map_err(|e| failed(&e))?;
    let hash = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(Salt::new(&salt).map_err(|e| failed(&e))?),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(hash.to_string())
}

fn verify_now(password: &str, hash: &str, work_area: &mut Vec<Block>) -> Verified {
    let refused = Verified {
        matches: false,
        needs_rehash: true,
    };
    let Ok(parsed) = PasswordHash::new(hash) else {
        return refused;
    };
    let (Ok(algorithm), Ok(params), Some(salt), Some(expected)) = (
        Algorithm::try_from(parsed.algorithm.as_str()),
        Params::try_from(&parsed),
        parsed.salt.as_ref(),
        parsed.hash.as_ref(),
    ) else {
        return refused;
    };
    let version = parsed
        .version
        .and_then(|v| Version::try_from(v).ok())
        .unwrap_or_default();
    let mut out = vec![0u8; expected.len()];
    let computed = argon2_into(
        password,
        salt.as_ref(),
        algorithm,
        version,
        params.clone(),
        &mut out,
        work_area,
    );
    // `Output` compares in constant time.
    let matches = computed.is_ok() && Output::new(&out).is_ok_and(|out| out == *expected);
    let policy = Params::default();
    let needs_rehash = algorithm != Algorithm::Argon2id
        || params.m_cost() < policy.m_cost()
        || params.t_cost() < policy.t_cost()
        || params.p_cost() < policy.p_cost();
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
        // The PHC string is standard: the library's own verifier accepts it.
        use argon2::PasswordVerifier;
        let parsed = PasswordHash::new(&hash).unwrap();
        assert!(
            Argon2::default()
                .verify_password(b"a long passphrase", &parsed)
                .is_ok()
        );

        let mut slot = passwords.slot().await.unwrap();
        let right = slot
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
        let wrong = slot
            .verify("another passphrase".into(), Some(hash))
            .await
            .unwrap();
        assert!(!wrong.matches);
    }

    #[tokio::test]
    async fn an_unknown_user_never_matches_even_the_dummy_password() {
        let passwords = Passwords::new(1);
        let verified = passwords
            .slot()
            .await
            .unwrap()
            .verify("panah-dummy-password-for-unknown-users".into(), None)
            .await
            .unwrap();
        assert!(!verified.matches);
    }

    #[tokio::test]
    async fn a_hash_with_weaker_parameters_asks_to_be_redone() {
        use argon2::PasswordHasher;
        let weak = Argon2::new(
            Algorithm::Argon2id,
            Version::V0x13,
            Params::new(8192, 1, 1, None).unwrap(),
        )
        .hash_password(b"a long passphrase")
        .unwrap()
        .to_string();
        let verified = Passwords::new(1)
            .slot()
            .await
            .unwrap()
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
                assert!(matches!(error, AppError::Busy), "{error}");
                refused += 1;
            }
        }
        // One runs, eight wait: the rest cannot all have been queued.
        assert!(refused > 0, "an unbounded queue accepted all 40");
    }
}
