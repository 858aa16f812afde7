//! Dates in JSON as `YYYY-MM-DD`, Gregorian: a date that does not parse, or one that
//! cannot be Gregorian (a Solar Hijri date typed by mistake), is refused in plain words.

use std::fmt;

use serde::de::{self, Visitor};
use serde::{Deserializer, Serializer};
use time::Date;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;

/// `YYYY-MM-DD`.
const FORMAT: &[BorrowedFormatItem<'static>] = format_description!("[year]-[month]-[day]");

/// What a date field says when it cannot be read.
const NOT_A_DATE: &str = "must be a date written YYYY-MM-DD";

/// Parses `text` as a Gregorian `YYYY-MM-DD` date, or says in words what is wrong.
pub fn parse(text: &str) -> Result<Date, &'static str> {
    let date = Date::parse(text.trim(), FORMAT).map_err(|_| NOT_A_DATE)?;
    match panah_domain::calendar::gregorian_problem(date) {
        Some(problem) => Err(problem),
        None => Ok(date),
    }
}

struct DateVisitor;

impl Visitor<'_> for DateVisitor {
    type Value = Date;

    fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
        formatter.write_str("a date written YYYY-MM-DD")
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Date, E> {
        parse(text).map_err(E::custom)
    }
}

/// `#[serde(with = "iso_date")]` for a `Date`.
pub mod iso_date {
    use super::*;

    /// Writes the date as `YYYY-MM-DD`.
    pub fn serialize<S: Serializer>(date: &Date, serializer: S) -> Result<S::Ok, S::Error> {
        let text = date.format(FORMAT).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }

    /// Reads a Gregorian `YYYY-MM-DD` date.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Date, D::Error> {
        deserializer.deserialize_str(DateVisitor)
    }

    /// `#[serde(with = "iso_date::option")]` for an `Option<Date>`.
    pub mod option {
        use super::*;

        /// Writes the date as `YYYY-MM-DD`, or `null`.
        pub fn serialize<S: Serializer>(
            date: &Option<Date>,
            serializer: S,
        ) -> Result<S::Ok, S::Error> {
            match date {
                Some(date) => super::serialize(date, serializer),
                None => serializer.serialize_none(),
            }
        }

        /// Reads a Gregorian `YYYY-MM-DD` date, or `null`.
        pub fn deserialize<'de, D: Deserializer<'de>>(
            deserializer: D,
        ) -> Result<Option<Date>, D::Error> {
            struct OptionVisitor;

            impl<'de> Visitor<'de> for OptionVisitor {
                type Value = Option<Date>;

                fn expecting(&self, formatter: &mut fmt::Formatter<'_>) -> fmt::Result {
                    formatter.write_str("a date written YYYY-MM-DD, or null")
                }

                fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }

                fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
                    Ok(None)
                }

                fn visit_some<D: Deserializer<'de>>(
                    self,
                    deserializer: D,
                ) -> Result<Self::Value, D::Error> {
                    super::deserialize(deserializer).map(Some)
                }
            }

            deserializer.deserialize_option(OptionVisitor)
        }
    }
}
