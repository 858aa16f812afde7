//! The password policy (SECURITY.md): 12 to 128 characters, no composition rules, not a
//! common password, not containing the username.

use std::fmt;

use crate::Username;

/// The fewest characters a password may have.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// The most characters a password may have (argon2 would take more, but nobody types more).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Passwords that attackers try first, lower-cased; shorter ones fail the length rule anyway.
const COMMON: &str = include_str!("common_passwords.txt");

/// Why a new password was refused. The messages are for the person choosing it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    /// Fewer than 12 characters.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    /// More than 128 characters.
    #[error("the password must have at most {MAX_PASSWORD_CHARS} characters")]
    TooLong,
    /// On the list of common passwords.
    #[error("the password is too common; choose one nobody would guess")]
    Common,
    /// Contains the username.
    #[error("the password must not contain the username")]
    ContainsUsername,
}

impl PasswordError {
    /// The stable code of the refusal, for doors that say it in another language.
    pub const fn code(&self) -> &'static str {
        match self {
            PasswordError::TooShort => "password_too_short",
            PasswordError::TooLong => "password_too_long",
            PasswordError::Common => "password_common",
            PasswordError::ContainsUsername => "password_contains_username",
        }
    }
}

/// A password that satisfies the policy for its user. `Debug` never shows it.
pub struct NewPassword(String);

impl NewPassword {
    /// Checks `candidate` against the policy for `username`.
    pub fn parse(candidate: &str, username: &Username) -> Result<NewPassword, PasswordError> {
        let chars = candidate.chars().count();
        if chars < MIN_PASSWORD_CHARS {
            return Err(PasswordError::TooShort);
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err(PasswordError::TooLong);
        }
        let lower = candidate.to_lowercase();
        if COMMON.lines().any(|common| common.to_lowercase() == lower) {
            return Err(PasswordError::Common);
        }
        if lower.contains(username.as_str()) {
            return Err(PasswordError::ContainsUsername);
        }
        Ok(NewPassword(candidate.to_owned()))
    }

    /// The password, to hash it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for NewPassword {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("NewPassword([REDACTED])")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn user(name: &str) -> Username {
        name.parse().unwrap()
    }

    #[test]
    fn a_long_unusual_password_is_accepted_whatever_its_characters() {
        for good in [
            "correct pony battery stapler",
            "رمز عبور بسیار طولانی",
            "aaaaaaaaaaab",
            &"x".repeat(128),
        ] {
            assert!(
                NewPassword::parse(good, &user("fatima.k")).is_ok(),
                "{good}"
            );
        }
    }

    #[test]
    fn length_is_counted_in_characters_not_bytes() {
        // 11 Persian letters are 22 bytes but still too short.
        assert_eq!(
            NewPassword::parse("سلامدوستانم", &user("ali")).unwrap_err(),
            PasswordError::TooShort
        );
        assert_eq!(
            NewPassword::parse(&"x".repeat(129), &user("ali")).unwrap_err(),
            PasswordError::TooLong
        );
    }

    #[test]
    fn common_passwords_are_refused_in_any_case() {
        for common in [
            "password1234",
            "PASSWORD1234",
            "Qwertyuiop123",
            "afghanistan1",
        ] {
            assert_eq!(
                NewPassword::parse(common, &user("ali")).unwrap_err(),
                PasswordError::Common,
                "{common}"
            );
        }
        assert!(COMMON.lines().all(|line| !line.is_empty()));
    }

    #[test]
    fn a_password_containing_the_username_is_refused_ignoring_case() {
        assert_eq!(
            NewPassword::parse("my-FATIMA.K-is-long", &user("fatima.k")).unwrap_err(),
            PasswordError::ContainsUsername
        );
    }

    #[test]
    fn debug_output_hides_the_password() {
        let password = NewPassword::parse("secret-sentinel-pass", &user("ali")).unwrap();
        assert!(!format!("{password:?}").contains("sentinel"));
    }
}
