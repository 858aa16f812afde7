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

/// The English short names of the countries, in the order of [`CODES`] (from ISO 3166-1,
/// its common name where it has one: `Iran` rather than `Iran, Islamic Republic of`).
const NAMES: [&str; 249] = [
    "Andorra",                                      // AD
    "United Arab Emirates",                         // AE
    "Afghanistan",                                  // AF
    "Antigua and Barbuda",                          // AG
    "Anguilla",                                     // AI
    "Albania",                                      // AL
    "Armenia",                                      // AM
    "Angola",                                       // AO
    "Antarctica",                                   // AQ
    "Argentina",                                    // AR
    "American Samoa",                               // AS
    "Austria",                                      // AT
    "Australia",                                    // AU
    "Aruba",                                        // AW
    "Åland Islands",                                // AX
    "Azerbaijan",                                   // AZ
    "Bosnia and Herzegovina",                       // BA
    "Barbados",                                     // BB
    "Bangladesh",                                   // BD
    "Belgium",                                      // BE
    "Burkina Faso",                                 // BF
    "Bulgaria",                                     // BG
    "Bahrain",                                      // BH
    "Burundi",                                      // BI
    "Benin",                                        // BJ
    "Saint Barthélemy",                             // BL
    "Bermuda",                                      // BM
    "Brunei Darussalam",                            // BN
    "Bolivia",                                      // BO
    "Bonaire, Sint Eustatius and Saba",             // BQ
    "Brazil",                                       // BR
    "Bahamas",                                      // BS
    "Bhutan",                                       // BT
    "Bouvet Island",                                // BV
    "Botswana",                                     // BW
    "Belarus",                                      // BY
    "Belize",                                       // BZ
    "Canada",                                       // CA
    "Cocos (Keeling) Islands",                      // CC
    "Congo, The Democratic Republic of the",        // CD
    "Central African Republic",                     // CF
    "Congo",                                        // CG
    "Switzerland",                                  // CH
    "Côte d'Ivoire",                                // CI
    "Cook Islands",                                 // CK
    "Chile",                                        // CL
    "Cameroon",                                     // CM
    "China",                                        // CN
    "Colombia",                                     // CO
    "Costa Rica",                                   // CR
    "Cuba",                                         // CU
    "Cabo Verde",                                   // CV
    "Curaçao",                                      // CW
    "Christmas Island",                             // CX
    "Cyprus",                                       // CY
    "Czechia",                                      // CZ
    "Germany",                                      // DE
    "Djibouti",                                     // DJ
    "Denmark",                                      // DK
    "Dominica",                                     // DM
    "Dominican Republic",                           // DO
    "Algeria",                                      // DZ
    "Ecuador",                                      // EC
    "Estonia",                                      // EE
    "Egypt",                                        // EG
    "Western Sahara",                               // EH
    "Eritrea",                                      // ER
    "Spain",                                        // ES
    "Ethiopia",                                     // ET
    "Finland",                                      // FI
    "Fiji",                                         // FJ
    "Falkland Islands (Malvinas)",                  // FK
    "Micronesia, Federated States of",              // FM
    "Faroe Islands",                                // FO
    "France",                                       // FR
    "Gabon",                                        // GA
    "United Kingdom",                               // GB
    "Grenada",                                      // GD
    "Georgia",                                      // GE
    "French Guiana",                                // GF
    "Guernsey",                                     // GG
    "Ghana",                                        // GH
    "Gibraltar",                                    // GI
    "Greenland",                                    // GL
    "Gambia",                                       // GM
    "Guinea",                                       // GN
    "Guadeloupe",                                   // GP
    "Equatorial Guinea",                            // GQ
    "Greece",                                       // GR
    "South Georgia and the South Sandwich Islands", // GS
    "Guatemala",                                    // GT
    "Guam",                                         // GU
    "Guinea-Bissau",                                // GW
    "Guyana",                                       // GY
    "Hong Kong",                                    // HK
    "Heard Island and McDonald Islands",            // HM
    "Honduras",                                     // HN
    "Croatia",                                      // HR
    "Haiti",                                        // HT
    "Hungary",                                      // HU
    "Indonesia",                                    // ID
    "Ireland",                                      // IE
    "Israel",                                       // IL
    "Isle of Man",                                  // IM
    "India",                                        // IN
    "British Indian Ocean Territory",               // IO
    "Iraq",                                         // IQ
    "Iran",                                         // IR
    "Iceland",                                      // IS
    "Italy",                                        // IT
    "Jersey",                                       // JE
    "Jamaica",                                      // JM
    "Jordan",                                       // JO
    "Japan",                                        // JP
    "Kenya",                                        // KE
    "Kyrgyzstan",                                   // KG
    "Cambodia",                                     // KH
    "Kiribati",                                     // KI
    "Comoros",                                      // KM
    "Saint Kitts and Nevis",                        // KN
    "North Korea",                                  // KP
    "South Korea",                                  // KR
    "Kuwait",                                       // KW
    "Cayman Islands",                               // KY
    "Kazakhstan",                                   // KZ
    "Laos",                                         // LA
    "Lebanon",                                      // LB
    "Saint Lucia",                                  // LC
    "Liechtenstein",                                // LI
    "Sri Lanka",                                    // LK
    "Liberia",                                      // LR
    "Lesotho",                                      // LS
    "Lithuania",                                    // LT
    "Luxembourg",                                   // LU
    "Latvia",                                       // LV
    "Libya",                                        // LY
    "Morocco",                                      // MA
    "Monaco",                                       // MC
    "Moldova",                                      // MD
    "Montenegro",                                   // ME
    "Saint Martin (French part)",                   // MF
    "Madagascar",                                   // MG
    "Marshall Islands",                             // MH
    "North Macedonia",                              // MK
    "Mali",                                         // ML
    "Myanmar",                                      // MM
    "Mongolia",                                     // MN
    "Macao",                                        // MO
    "Northern Mariana Islands",                     // MP
    "Martinique",                                   // MQ
    "Mauritania",                                   // MR
    "Montserrat",                                   // MS
    "Malta",                                        // MT
    "Mauritius",                                    // MU
    "Maldives",                                     // MV
    "Malawi",                                       // MW
    "Mexico",                                       // MX
    "Malaysia",                                     // MY
    "Mozambique",                                   // MZ
    "Namibia",                                      // NA
    "New Caledonia",                                // NC
    "Niger",                                        // NE
    "Norfolk Island",                               // NF
    "Nigeria",                                      // NG
    "Nicaragua",                                    // NI
    "Netherlands",                                  // NL
    "Norway",                                       // NO
    "Nepal",                                        // NP
    "Nauru",                                        // NR
    "Niue",                                         // NU
    "New Zealand",                                  // NZ
    "Oman",                                         // OM
    "Panama",                                       // PA
    "Peru",                                         // PE
    "French Polynesia",                             // PF
    "Papua New Guinea",                             // PG
    "Philippines",                                  // PH
    "Pakistan",                                     // PK
    "Poland",                                       // PL
    "Saint Pierre and Miquelon",                    // PM
    "Pitcairn",                                     // PN
    "Puerto Rico",                                  // PR
    "Palestine, State of",                          // PS
    "Portugal",                                     // PT
    "Palau",                                        // PW
    "Paraguay",                                     // PY
    "Qatar",                                        // QA
    "Réunion",                                      // RE
    "Romania",                                      // RO
    "Serbia",                                       // RS
    "Russian Federation",                           // RU
    "Rwanda",                                       // RW
    "Saudi Arabia",                                 // SA
    "Solomon Islands",                              // SB
    "Seychelles",                                   // SC
    "Sudan",                                        // SD
    "Sweden",                                       // SE
    "Singapore",                                    // SG
    "Saint Helena, Ascension and Tristan da Cunha", // SH
    "Slovenia",                                     // SI
    "Svalbard and Jan Mayen",                       // SJ
    "Slovakia",                                     // SK
    "Sierra Leone",                                 // SL
    "San Marino",                                   // SM
    "Senegal",                                      // SN
    "Somalia",                                      // SO
    "Suriname",                                     // SR
    "South Sudan",                                  // SS
    "Sao Tome and Principe",                        // ST
    "El Salvador",                                  // SV
    "Sint Maarten (Dutch part)",                    // SX
    "Syria",                                        // SY
    "Eswatini",                                     // SZ
    "Turks and Caicos Islands",                     // TC
    "Chad",                                         // TD
    "French Southern Territories",                  // TF
    "Togo",                                         // TG
    "Thailand",                                     // TH
    "Tajikistan",                                   // TJ
    "Tokelau",                                      // TK
    "Timor-Leste",                                  // TL
    "Turkmenistan",                                 // TM
    "Tunisia",                                      // TN
    "Tonga",                                        // TO
    "Türkiye",                                      // TR
    "Trinidad and Tobago",                          // TT
    "Tuvalu",                                       // TV
    "Taiwan",                                       // TW
    "Tanzania",                                     // TZ
    "Ukraine",                                      // UA
    "Uganda",                                       // UG
    "United States Minor Outlying Islands",         // UM
    "United States",                                // US
    "Uruguay",                                      // UY
    "Uzbekistan",                                   // UZ
    "Holy See (Vatican City State)",                // VA
    "Saint Vincent and the Grenadines",             // VC
    "Venezuela",                                    // VE
    "Virgin Islands, British",                      // VG
    "Virgin Islands, U.S.",                         // VI
    "Vietnam",                                      // VN
    "Vanuatu",                                      // VU
    "Wallis and Futuna",                            // WF
    "Samoa",                                        // WS
    "Yemen",                                        // YE
    "Mayotte",                                      // YT
    "South Africa",                                 // ZA
    "Zambia",                                       // ZM
    "Zimbabwe",                                     // ZW
];

/// A country by its ISO 3166-1 alpha-2 code. Serialised as the code (`AF`, `IR`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Country([u8; 2]);

impl Country {
    /// Afghanistan.
    pub const AFGHANISTAN: Country = Country(*b"AF");

    /// The country's English short name, such as `Afghanistan` or `Iran`.
    pub fn name(&self) -> &'static str {
        CODES
            .binary_search(&self.code())
            .map_or("", |index| NAMES[index])
    }

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
    fn every_country_has_its_english_name() {
        assert_eq!(Country::AFGHANISTAN.name(), "Afghanistan");
        assert_eq!("IR".parse::<Country>().unwrap().name(), "Iran");
        assert_eq!("PK".parse::<Country>().unwrap().name(), "Pakistan");
        assert!(NAMES.iter().all(|name| !name.is_empty()));
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
