//! Countries, by their ISO 3166-1 alpha-2 codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The text given to parse was not an assigned ISO 3166-1 alpha-2 code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a country code (expected ISO 3166-1 alpha-2, such as AF or IR)")]
pub struct CountryError;

/// The officially assigned ISO 3166-1 alpha-2 codes, sorted so that lookups can bisect.
const CODES: [&str; 249] = [
    "AD", "AE", "AF", "AG", "AI", "AL", "AM", "AO", "AQ", "AR", "AS", "AT", "AU", "AW", "AX", "AZ",
    "BA", "BB", "BD", "BE", "BF", "BG", "BH", "BI", "BJ", "BL", "BM", "BN", "BO", "BQ", "BR", "BS",
    "BT", "BV", "BW", "BY", "BZ", "CA", "CC", "CD", "CF", "CG", "CH", "CI", "CK", "CL", "CM", "CN",
    "CO", "CR", "CU", "CV", "CW", "CX", "CY", "CZ", "DE", "DJ", "DK", "DM", "DO", "DZ", "EC", "EE",
    "EG", "EH", "ER", "ES", "ET", "FI", "FJ", "FK", "FM", "FO", "FR", "GA", "GB", "GD", "GE", "GF",
    "GG", "GH", "GI", "GL", "GM", "GN", "GP", "GQ", "GR", "GS", "GT", "GU", "GW", "GY", "HK", "HM",
    "HN", "HR", "HT", "HU", "ID", "IE", "IL", "IM", "IN", "IO", "IQ", "IR", "IS", "IT", "JE", "JM",
    "JO", "JP", "KE", "KG", "KH", "KI", "KM", "KN", "KP", "KR", "KW", "KY", "KZ", "LA", "LB", "LC",
    "LI", "LK", "LR", "LS", "LT", "LU", "LV", "LY", "MA", "MC", "MD", "ME", "MF", "MG", "MH", "MK",
    "ML", "MM", "MN", "MO", "MP", "MQ", "MR", "MS", "MT", "MU", "MV", "MW", "MX", "MY", "MZ", "NA",
    "NC", "NE", "NF", "NG", "NI", "NL", "NO", "NP", "NR", "NU", "NZ", "OM", "PA", "PE", "PF", "PG",
    "PH", "PK", "PL", "PM", "PN", "PR", "PS", "PT", "PW", "PY", "QA", "RE", "RO", "RS", "RU", "RW",
    "SA", "SB", "SC", "SD", "SE", "SG", "SH", "SI", "SJ", "SK", "SL", "SM", "SN", "SO", "SR", "SS",
    "ST", "SV", "SX", "SY", "SZ", "TC", "TD", "TF", "TG", "TH", "TJ", "TK", "TL", "TM", "TN", "TO",
    "TR", "TT", "TV", "TW", "TZ", "UA", "UG", "UM", "US", "UY", "UZ", "VA", "VC", "VE", "VG", "VI",
    "VN", "VU", "WF", "WS", "YE", "YT", "ZA", "ZM", "ZW",
];

/// A country by its ISO 3166-1 alpha-2 code. Serialised as the code (`AF`, `IR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// Afghanistan.
    pub const AFGHANISTAN: Country = Country(*b"AF");

    /// Every assigned country, in the order of its code.
    pub fn all() -> impl Iterator<Item = Country> {
        CODES.iter().map(|code| {
            let bytes = code.as_bytes();
            Country([bytes[0], bytes[1]])
        })
    }

    /// The two-letter code.
    pub fn code(&self) -> &str {
        // The bytes are always two ASCII capitals copied from `CODES`.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl FromStr for Country {
    type Err = CountryError;

    /// Parses an assigned code, upper case only, for the same reason as provinces: one
    /// spelling per country in the database.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let index = CODES.binary_search(&s).map_err(|_| CountryError)?;
        let bytes = CODES[index].as_bytes();
        Ok(Country([bytes[0], bytes[1]]))
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

eserde::impl_edeserialize_compat!(Country);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_list_is_sorted_and_free_of_duplicates() {
        assert!(CODES.windows(2).all(|w| w[0] < w[1]));
        assert!(
            CODES
                .iter()
                .all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase()))
        );
    }

    #[test]
    fn the_countries_of_the_framework_parse() {
        for code in [
            "AF", "IR", "PK", "TR", "AE", "SA", "IN", "IT", "US", "DE", "GB",
        ] {
            let country: Country = code.parse().unwrap();
            assert_eq!(country.code(), code);
        }
        assert_eq!("AF".parse::<Country>(), Ok(Country::AFGHANISTAN));
    }

    #[test]
    fn unassigned_or_badly_written_codes_are_refused() {
        for bad in ["", "A", "AFG", "af", "XX", "ZZ", "UK", " AF"] {
            assert_eq!(bad.parse::<Country>(), Err(CountryError), "{bad:?}");
        }
    }

    #[test]
    fn every_country_parses_from_its_own_code() {
        assert_eq!(Country::all().count(), CODES.len());
        for country in Country::all() {
            assert_eq!(country.code().parse::<Country>(), Ok(country));
        }
    }

    #[test]
    fn a_country_is_json_as_its_code() {
        let country: Country = serde_json::from_str("\"IR\"").unwrap();
        assert_eq!(serde_json::to_string(&country).unwrap(), "\"IR\"");
        assert!(serde_json::from_str::<Country>("\"Iran\"").is_err());
    }
}
