//! Money: an amount in minor units and its ISO 4217 currency.

use crate::enums::vocabulary;

vocabulary! {
    /// ISO 4217 currencies the programmes use.
    Currency, CurrencyError, "a supported ISO 4217 currency" {
        /// Afghan afghani.
        Afn => "AFN",
        /// US dollar.
        Usd => "USD",
        /// Euro.
        Eur => "EUR",
        /// Pound sterling.
        Gbp => "GBP",
        /// Swiss franc.
        Chf => "CHF",
        /// Norwegian krone.
        Nok => "NOK",
        /// Swedish krona.
        Sek => "SEK",
        /// Danish krone.
        Dkk => "DKK",
        /// Japanese yen.
        Jpy => "JPY",
        /// Canadian dollar.
        Cad => "CAD",
        /// Australian dollar.
        Aud => "AUD",
        /// Pakistani rupee.
        Pkr => "PKR",
        /// Iranian rial.
        Irr => "IRR",
        /// Turkish lira.
        Try => "TRY",
        /// UAE dirham.
        Aed => "AED",
        /// Saudi riyal.
        Sar => "SAR",
        /// Indian rupee.
        Inr => "INR",
        /// Qatari riyal.
        Qar => "QAR",
        /// Tajikistani somoni.
        Tjs => "TJS",
        /// Uzbekistani som.
        Uzs => "UZS",
    }
}

impl Currency {
    /// How many decimal places its minor unit has (ISO 4217): 0 for the yen, 2 for every
    /// other currency here. Amounts are kept in minor units; this is for showing them.
    pub const fn minor_digits(self) -> u32 {
        match self {
            Currency::Jpy => 0,
            _ => 2,
        }
    }
}

/// An amount of money: minor units (cents, puls) that are never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Money {
    /// The amount in the currency's minor unit, ≥ 0.
    pub amount_minor: i64,
    /// The currency.
    pub currency: Currency,
}
