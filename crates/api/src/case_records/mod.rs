//! What a case file holds besides the person: consents (`/api/v1/cases/{id}/consents`),
//! assistance (`/api/v1/cases/{id}/assistance`) and notes (`/api/v1/cases/{id}/notes`).
//!
//! Each lives under its case and shares its scope: a caseworker reaches only the records
//! of cases assigned to them, a case manager every case's. The store applies the scope in
//! SQL, and a record of a case outside it is 404, like one that does not exist.

pub mod assistance;
pub mod consents;
pub mod notes;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::ApiError;
use crate::query::decode_cursor;

/// `?limit=&cursor=` of the paginated lists of a case's records.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListParams {
    /// The record id inside the cursor, if one was sent.
    fn position(&self) -> Result<Option<Uuid>, ApiError> {
        self.cursor
            .as_deref()
            .map(|cursor| {
                decode_cursor(cursor)?.parse::<Uuid>().map_err(|_| {
                    ApiError::invalid_field("cursor", "is not a cursor from this list")
                })
            })
            .transpose()
    }
}

/// Money in JSON: an amount in minor units and its ISO 4217 currency.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoneyJson {
    /// The amount in the currency's minor unit (cents, puls), 0 or more.
    pub amount_minor: i64,
    /// An ISO 4217 currency code, such as `USD` or `AFN`.
    #[schema(value_type = String, example = "USD")]
    pub currency: panah_domain::Currency,
}

impl From<MoneyJson> for panah_domain::Money {
    fn from(money: MoneyJson) -> Self {
        panah_domain::Money {
            amount_minor: money.amount_minor,
            currency: money.currency,
        }
    }
}

impl From<panah_domain::Money> for MoneyJson {
    fn from(money: panah_domain::Money) -> Self {
        MoneyJson {
            amount_minor: money.amount_minor,
            currency: money.currency,
        }
    }
}

/// Tells a field sent as `null` (`Some(None)`: clear it) from a field not sent (`None`).
fn present<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

/// A field that may be left out but not sent as `null`: what it holds cannot be cleared,
/// and a `null` silently taken as "unchanged" would tell the client it was.
fn not_null<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// [`not_null`] for a `YYYY-MM-DD` date.
fn not_null_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<time::Date>, D::Error> {
    crate::dates::iso_date::deserialize(deserializer).map(Some)
}

/// Whether free text holds a control character other than a line break or a tab: those
/// have no place in a note and can hide text from whoever reads it.
fn has_stray_control(text: &str) -> bool {
    text.chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
}

/// A free text as every endpoint takes it (a referral's message, a comment, a return's
/// needs, visit notes): trimmed, empty taken as absent, at most `max` characters and no
/// control characters but line breaks and tabs — an escape sequence in a stored text would
/// reach whoever prints it.
pub(crate) fn check_free_text(
    field: &str,
    value: Option<String>,
    max: usize,
    errors: &mut Vec<crate::FieldError>,
) -> Option<String> {
    let value = value?.trim().to_owned();
    if value.chars().count() > max || has_stray_control(&value) {
        errors.push(crate::FieldError {
            field: field.into(),
            message: format!(
                "must be at most {max} characters without control characters but line \
                 breaks and tabs"
            ),
        });
    }
    (!value.is_empty()).then_some(value)
}
