//! Timestamps in JSON: RFC 3339 in UTC, written with `Z` and exactly six fractional digits
//! (`2026-03-21T08:30:00.123456Z`), microseconds being what PostgreSQL keeps.
//!
//! The precision is fixed here, where every timestamp the API sends passes, rather than
//! where time enters: values come from the request's clock (nanoseconds), from SQLite
//! (which keeps what it was given), from PostgreSQL (which cuts to microseconds), from the
//! audit chain (microseconds) and from the demo's replayed moments (whole seconds). Cut
//! here, a record reads the same on both backends, just created or read back, and no door
//! that reads the clock — the API, the command line, the demo, pages to come — has to
//! remember to cut it. Use it as `#[serde(with = "crate::timestamp")]`.

use serde::{Deserializer, Serializer};
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use time::{OffsetDateTime, UtcOffset};

/// RFC 3339 in UTC with microseconds; the digits below them are cut, not rounded, as
/// PostgreSQL cuts them.
const FORMAT: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Writes `at` in UTC with microseconds.
pub fn serialize<S: Serializer>(at: &OffsetDateTime, serializer: S) -> Result<S::Ok, S::Error> {
    let text = at
        .to_offset(UtcOffset::UTC)
        .format(FORMAT)
        .map_err(serde::ser::Error::custom)?;
    serializer.serialize_str(&text)
}

/// `#[serde(with = "crate::timestamp::option")]` for an optional timestamp that a client
/// sends, such as a query's bounds.
pub mod option {
    use super::*;

    /// Reads an RFC 3339 timestamp with any offset and any precision, or nothing.
    pub fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<OffsetDateTime>, D::Error> {
        time::serde::rfc3339::option::deserialize(deserializer)
    }
}

#[cfg(test)]
mod tests {
    use time::macros::datetime;

    #[derive(serde::Serialize)]
    struct At(#[serde(with = "super")] time::OffsetDateTime);

    fn written(at: time::OffsetDateTime) -> String {
        serde_json::to_value(At(at))
            .unwrap()
            .as_str()
            .unwrap()
            .to_owned()
    }

    #[test]
    fn every_timestamp_is_written_in_utc_with_six_fractional_digits() {
        for (at, text) in [
            (
                datetime!(2026-03-21 08:30:00.123456789 UTC),
                "2026-03-21T08:30:00.123456Z",
            ),
            (
                datetime!(2026-03-21 08:30:00.1 UTC),
                "2026-03-21T08:30:00.100000Z",
            ),
            (
                datetime!(2026-03-21 08:30 UTC),
                "2026-03-21T08:30:00.000000Z",
            ),
            (
                datetime!(2026-03-21 13:00:00.000000999 +04:30),
                "2026-03-21T08:30:00.000000Z",
            ),
        ] {
            assert_eq!(written(at), text);
        }
    }
}
