//! Organisations: IOM, the Ministry of Interior and its provincial offices, partner
//! ministries, foreign states, donors and NGOs.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::Province;

/// The identifier of an organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct OrganizationId(pub Uuid);

impl fmt::Display for OrganizationId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// What an organisation is; it decides which roles its staff may hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrganizationKind {
    /// The IOM mission.
    Iom,
    /// The Ministry of Interior's national office.
    MoiNational,
    /// One of the Ministry of Interior's 34 provincial offices.
    MoiProvincial,
    /// A partner ministry (Justice, Labour and Social Affairs, ...).
    PartnerMinistry,
    /// A foreign state's embassy or ministry, for return cooperation.
    ForeignState,
    /// A donor government or institution.
    Donor,
    /// A non-governmental organisation working with IOM as a partner (a shelter, legal
    /// aid). It is a kind of its own, so that a person's consent to share with partner
    /// ministries never covers it: a `data_sharing` consent has to name NGOs.
    Ngo,
}

eserde::impl_edeserialize_compat!(OrganizationKind);

/// The text given was not one of the organisation kinds.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not an organisation kind (expected iom, moi_national, moi_provincial, partner_ministry, foreign_state, donor or ngo)"
)]
pub struct OrganizationKindError;

impl OrganizationKind {
    /// Every kind.
    pub const ALL: [OrganizationKind; 7] = [
        OrganizationKind::Iom,
        OrganizationKind::MoiNational,
        OrganizationKind::MoiProvincial,
        OrganizationKind::PartnerMinistry,
        OrganizationKind::ForeignState,
        OrganizationKind::Donor,
        OrganizationKind::Ngo,
    ];

    /// The snake_case name used in JSON and in the database.
    pub const fn as_str(self) -> &'static str {
        match self {
            OrganizationKind::Iom => "iom",
            OrganizationKind::MoiNational => "moi_national",
            OrganizationKind::MoiProvincial => "moi_provincial",
            OrganizationKind::PartnerMinistry => "partner_ministry",
            OrganizationKind::ForeignState => "foreign_state",
            OrganizationKind::Donor => "donor",
            OrganizationKind::Ngo => "ngo",
        }
    }
}

impl FromStr for OrganizationKind {
    type Err = OrganizationKindError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        OrganizationKind::ALL
            .into_iter()
            .find(|k| k.as_str() == s)
            .ok_or(OrganizationKindError)
    }
}

impl fmt::Display for OrganizationKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The text given is not a valid organisation code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "not an organisation code (2 to 32 characters: capital letters, digits and single hyphens, such as MOI-KAB)"
)]
pub struct OrganizationCodeError;

/// An organisation's unique, stable code, such as `IOM-AF` or `MOI-KAB`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct OrganizationCode(String);

impl OrganizationCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl FromStr for OrganizationCode {
    type Err = OrganizationCodeError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let well_formed = (2..=32).contains(&s.len())
            && s.split('-').all(|part| {
                !part.is_empty()
                    && part
                        .bytes()
                        .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
            });
        if well_formed {
            Ok(OrganizationCode(s.to_owned()))
        } else {
            Err(OrganizationCodeError)
        }
    }
}

impl<'de> Deserialize<'de> for OrganizationCode {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

eserde::impl_edeserialize_compat!(OrganizationCode);

impl fmt::Display for OrganizationCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An organisation taking part in the cooperation framework.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Organization {
    /// Its identifier.
    pub id: OrganizationId,
    /// Its unique, stable code.
    pub code: OrganizationCode,
    /// Its name, for people.
    pub name: String,
    /// What it is.
    pub kind: OrganizationKind,
    /// The province of a Ministry of Interior provincial office; `None` for every other kind.
    pub province: Option<Province>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn organisation_codes_are_capitals_digits_and_single_hyphens() {
        for good in ["IOM-AF", "MOI", "MOI-KAB", "DONOR-US", "EMB-IR-1"] {
            assert!(good.parse::<OrganizationCode>().is_ok(), "{good}");
        }
        for bad in ["", "M", "moi", "MOI--KAB", "-MOI", "MOI-", "MOI KAB", "MÖI"] {
            assert!(bad.parse::<OrganizationCode>().is_err(), "{bad}");
        }
    }

    #[test]
    fn organisation_kinds_round_trip_through_their_names() {
        for kind in OrganizationKind::ALL {
            assert_eq!(kind.as_str().parse::<OrganizationKind>(), Ok(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.as_str()));
        }
        assert!("NGO".parse::<OrganizationKind>().is_err());
    }
}
