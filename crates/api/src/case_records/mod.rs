//! What a case file holds besides the person: consents (`/api/v1/cases/{id}/consents`),
//! assistance (`/api/v1/cases/{id}/assistance`) and notes (`/api/v1/cases/{id}/notes`).
//!
//! Each lives under its case and shares its scope: a caseworker reaches only the records
//! of cases assigned to them, a case manager every case's. The app passes the scope to
//! the store, and a record of a case outside it is 404, like one that does not exist.

pub mod assistance;
pub mod consents;
pub mod notes;

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::ApiError;
use crate::query::decode_position;
use crate::vocabulary;

/// `?limit=&cursor=` of the paginated lists of a case's records.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl ListParams {
    /// The record id inside the cursor, if one was sent.
    pub(crate) fn position(&self) -> Result<Option<Uuid>, ApiError> {
        self.cursor.as_deref().map(decode_position).transpose()
    }
}

/// Money in JSON: an amount in minor units and its ISO 4217 currency.
#[derive(Debug, Clone, Copy, Serialize, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct MoneyJson {
    /// The amount in the currency's minor unit (cents, puls), 0 or more.
    pub amount_minor: i64,
    /// An ISO 4217 currency code, such as `USD` or `AFN`.
    #[schema(value_type = vocabulary::Currency, example = "USD")]
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

/// [`not_null`] for a `YYYY-MM-DD` date.
pub(crate) fn not_null_date<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<time::Date>, D::Error> {
    crate::dates::iso_date::deserialize(deserializer).map(Some)
}
