//! Authentication over HTTP: access tokens, and the [`Allowed`] caller that every
//! protected handler receives. Sign-in, sessions, throttling and passwords are the
//! application's (`panah-app`); this door only carries them as bearer tokens.

mod caller;
mod handlers;
mod tokens;

pub use caller::{Allowed, ClientAddress, Gate, authenticate, gate};
pub(crate) use handlers::{
    __path_login, __path_logout, __path_me, __path_password, __path_refresh,
};
pub(crate) use handlers::{login, logout, me, password, refresh};
pub use tokens::{ACCESS_TOKEN_SECONDS, AccessClaims, TokenKeys};
