//! Afghanistan's 34 provinces, by their ISO 3166-2:AF codes.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// The text given to parse was not one of the 34 ISO 3166-2:AF province codes.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not an Afghan province code (expected ISO 3166-2:AF, such as AF-KAB)")]
pub struct ProvinceError;

macro_rules! provinces {
    ($($variant:ident => $code:literal, $name:literal;)+) => {
        /// One of Afghanistan's 34 provinces. Serialised as its ISO 3166-2 code (`AF-KAB`).
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Province {
            $(
                #[doc = $name]
                $variant,
            )+
        }

        impl Province {
            /// Every province, in the order of the ISO 3166-2:AF list by name.
            pub const ALL: [Province; 34] = [$(Province::$variant),+];

            /// The ISO 3166-2 code, such as `AF-KAB`.
            pub const fn code(self) -> &'static str {
                match self {
                    $(Province::$variant => $code,)+
                }
            }

            /// The province's English name, such as `Kabul`.
            pub const fn name(self) -> &'static str {
                match self {
                    $(Province::$variant => $name,)+
                }
            }
        }
    };
}

provinces! {
    Badakhshan => "AF-BDS", "Badakhshan";
    Badghis => "AF-BDG", "Badghis";
    Baghlan => "AF-BGL", "Baghlan";
    Balkh => "AF-BAL", "Balkh";
    Bamyan => "AF-BAM", "Bamyan";
    Daykundi => "AF-DAY", "Daykundi";
    Farah => "AF-FRA", "Farah";
    Faryab => "AF-FYB", "Faryab";
    Ghazni => "AF-GHA", "Ghazni";
    Ghor => "AF-GHO", "Ghor";
    Helmand => "AF-HEL", "Helmand";
    Herat => "AF-HER", "Herat";
    Jowzjan => "AF-JOW", "Jowzjan";
    Kabul => "AF-KAB", "Kabul";
    Kandahar => "AF-KAN", "Kandahar";
    Kapisa => "AF-KAP", "Kapisa";
    Khost => "AF-KHO", "Khost";
    Kunar => "AF-KNR", "Kunar";
    Kunduz => "AF-KDZ", "Kunduz";
    Laghman => "AF-LAG", "Laghman";
    Logar => "AF-LOG", "Logar";
    Nangarhar => "AF-NAN", "Nangarhar";
    Nimroz => "AF-NIM", "Nimroz";
    Nuristan => "AF-NUR", "Nuristan";
    Paktika => "AF-PKA", "Paktika";
    Paktia => "AF-PIA", "Paktia";
    Panjshir => "AF-PAN", "Panjshir";
    Parwan => "AF-PAR", "Parwan";
    Samangan => "AF-SAM", "Samangan";
    SarEPul => "AF-SAR", "Sar-e Pul";
    Takhar => "AF-TAK", "Takhar";
    Uruzgan => "AF-URU", "Uruzgan";
    Wardak => "AF-WAR", "Wardak";
    Zabul => "AF-ZAB", "Zabul";
}

impl Province {
    /// The code without its `AF-` prefix (`KAB`), as used in organisation codes and case
    /// numbers.
    pub fn short_code(self) -> &'static str {
        &self.code()[3..]
    }
}

impl FromStr for Province {
    type Err = ProvinceError;

    /// Parses the exact ISO 3166-2 code. Lower case is refused on purpose: codes are
    /// identifiers, and accepting variants would let two spellings reach the database.
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Province::ALL
            .into_iter()
            .find(|p| p.code() == s)
            .ok_or(ProvinceError)
    }
}

impl fmt::Display for Province {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for Province {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.code())
    }
}

impl<'de> Deserialize<'de> for Province {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

eserde::impl_edeserialize_compat!(Province);

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    #[test]
    fn there_are_34_distinct_provinces_that_round_trip_through_their_codes() {
        let codes: HashSet<_> = Province::ALL.iter().map(|p| p.code()).collect();
        assert_eq!(codes.len(), 34);
        for province in Province::ALL {
            assert_eq!(province.code().parse::<Province>(), Ok(province));
            assert!(province.code().starts_with("AF-"));
            assert_eq!(province.short_code().len(), 3);
        }
    }

    #[test]
    fn unknown_or_misspelt_codes_are_refused() {
        for bad in ["", "AF", "AF-XYZ", "af-kab", "KAB", " AF-KAB", "AF-KAB "] {
            assert_eq!(bad.parse::<Province>(), Err(ProvinceError), "{bad:?}");
        }
    }

    #[test]
    fn a_province_is_json_as_its_code() {
        assert_eq!(
            serde_json::to_string(&Province::Herat).unwrap(),
            "\"AF-HER\""
        );
        let parsed: Province = serde_json::from_str("\"AF-SAR\"").unwrap();
        assert_eq!(parsed, Province::SarEPul);
        assert_eq!(parsed.name(), "Sar-e Pul");
        assert!(serde_json::from_str::<Province>("\"AF-ZZZ\"").is_err());
    }
}
