//! Reading stored values back into domain types: a value that does not parse means the
//! database was changed outside Panah, and is [`StoreError::Corrupt`], never a panic.

use crate::StoreError;

/// The error for a bad value in `column`, as a closure for `ok_or_else` and `map_err`.
pub(crate) fn corrupt(column: &'static str) -> impl Fn() -> StoreError {
    move || StoreError::Corrupt { column }
}

/// Parses a stored text as `T`, or [`StoreError::Corrupt`] naming `column`.
pub(crate) fn parse<T: std::str::FromStr>(
    value: &str,
    column: &'static str,
) -> Result<T, StoreError> {
    value.parse().map_err(|_| corrupt(column)())
}
