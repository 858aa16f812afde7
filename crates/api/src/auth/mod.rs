//! Authentication: passwords, tokens, sessions, sign-in throttling, and the [`Caller`]
//! that every protected handler receives.

mod caller;
mod handlers;
mod passwords;
mod throttle;
mod tokens;

use std::time::Duration;

use secrecy::{ExposeSecret, SecretSlice};

pub use caller::{Allowed, Caller, ClientAddress, Needs, authenticate, needs};
pub(crate) use handlers::{
    __path_login, __path_logout, __path_me, __path_password, __path_refresh,
};
pub(crate) use handlers::{login, logout, me, password, refresh};
pub use passwords::{HashSlot, Passwords, Verified};
pub use tokens::{ACCESS_TOKEN_SECONDS, TokenKeys};

/// The authentication settings.
#[derive(Debug, Clone)]
pub struct AuthSettings {
    /// Signs access tokens, and keys the hashes of typed usernames kept for throttling.
    pub signing_key: SecretSlice<u8>,
    /// How many password hashes may run at once.
    pub hash_concurrency: usize,
    /// Failed sign-ins per account within the window before the account is refused.
    pub account_failure_limit: u32,
    /// Failed sign-ins per client address within the window before it is refused.
    pub client_failure_limit: u32,
    /// The window over which failures count.
    pub failure_window: Duration,
    /// How long a session (and so a chain of refresh tokens) lasts from sign-in.
    pub session_lifetime: Duration,
}

/// What authentication needs at run time. Built once at start-up.
#[derive(Debug)]
pub struct Auth {
    pub(crate) tokens: TokenKeys,
    pub(crate) passwords: Passwords,
    pub(crate) throttle: throttle::Throttle,
    pub(crate) session_lifetime: Duration,
}

impl Auth {
    /// Builds the token keys and the password hasher (which hashes a dummy password once).
    pub fn new(settings: &AuthSettings) -> Auth {
        Auth {
            tokens: TokenKeys::new(settings.signing_key.expose_secret()),
            passwords: Passwords::new(settings.hash_concurrency),
            throttle: throttle::Throttle::new(settings),
            session_lifetime: settings.session_lifetime,
        }
    }

    /// The password hasher, for the command line's `user create`.
    pub fn passwords(&self) -> &Passwords {
        &self.passwords
    }
}
