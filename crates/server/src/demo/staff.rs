//! The demo's staff accounts and the foreign states its returns cooperate with.

use panah_domain::Role;

/// A demo staff member.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Who {
    Caseworker1,
    Caseworker2,
    CaseManager,
    ProgrammeManager,
    Admin,
    Auditor,
    Liaison,
    Herat,
    Kabul,
    Justice,
}

/// A demo account: who, login, name, organisation code and role.
#[derive(Debug)]
pub(crate) struct Staff {
    pub who: Who,
    pub username: &'static str,
    pub display_name: &'static str,
    pub organization: &'static str,
    pub role: Role,
}

/// The demo accounts, one for every role; their usernames all start with `demo.`.
pub(crate) const STAFF: &[Staff] = &[
    Staff {
        who: Who::Caseworker1,
        username: "demo.caseworker1",
        display_name: "Farida Ahmadi",
        organization: "IOM-AF",
        role: Role::Caseworker,
    },
    Staff {
        who: Who::Caseworker2,
        username: "demo.caseworker2",
        display_name: "Jawad Karimi",
        organization: "IOM-AF",
        role: Role::Caseworker,
    },
    Staff {
        who: Who::CaseManager,
        username: "demo.casemanager",
        display_name: "Mariam Noori",
        organization: "IOM-AF",
        role: Role::CaseManager,
    },
    Staff {
        who: Who::ProgrammeManager,
        username: "demo.programme",
        display_name: "Luca Bianchi",
        organization: "IOM-AF",
        role: Role::ProgrammeManager,
    },
    Staff {
        who: Who::Admin,
        username: "demo.admin",
        display_name: "Hamid Sultani",
        organization: "IOM-AF",
        role: Role::Admin,
    },
    Staff {
        who: Who::Auditor,
        username: "demo.auditor",
        display_name: "Sarah Lindqvist",
        organization: "IOM-AF",
        role: Role::Auditor,
    },
    Staff {
        who: Who::Liaison,
        username: "demo.liaison",
        display_name: "Abdul Wahid Rahimi",
        organization: "MOI",
        role: Role::MinistryLiaison,
    },
    Staff {
        who: Who::Herat,
        username: "demo.herat",
        display_name: "Nazir Ahmad Haidari",
        organization: "MOI-HER",
        role: Role::ProvincialOfficer,
    },
    Staff {
        who: Who::Kabul,
        username: "demo.kabul",
        display_name: "Shabnam Wardak",
        organization: "MOI-KAB",
        role: Role::ProvincialOfficer,
    },
    Staff {
        who: Who::Justice,
        username: "demo.justice",
        display_name: "Zahra Mohseni",
        organization: "MOJ",
        role: Role::PartnerFocalPoint,
    },
];

/// The foreign states IOM cooperates with on returns, added as organisations when missing.
pub(crate) const FOREIGN_STATES: &[(&str, &str)] = &[
    (
        "EMB-PK",
        "Embassy of the Islamic Republic of Pakistan, Kabul",
    ),
    ("EMB-IN", "Embassy of India, Kabul"),
    ("BD-MOFA", "Ministry of Foreign Affairs of Bangladesh"),
    (
        "IR-BAFIA",
        "Iran: Bureau for Aliens and Foreign Immigrants' Affairs",
    ),
];
