//! Referrals between organisations and their timelines.
//!
//! Who sees a referral is decided in SQL from a [`ReferralScope`]: the organisations the
//! caller speaks for as a receiver and as a sender. The same expressions tell the caller's
//! [`Party`], so visibility and the right to act can never disagree. Receivers never see
//! drafts. Lists and the profile never open anything sealed; the person's identity is
//! opened only by [`Store::referral_identity`], which audits the read.

mod act;
mod create;
mod read;

use panah_domain::{
    CaseCategory, CaseId, Disclosure, GivenBy, OrganizationId, OrganizationKind, Party, Person,
    Province, Referral, ReferralId, ReferralProfile, ReferralPurpose, ReferralStatus,
    TraffickingProfile, Urgency, UserId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::columns::{corrupt, parse};
use crate::query::{Conditions, Param};
use crate::{CaseScope, StoreError};

pub(crate) use act::remove_identity_for_consent;

/// Organisations a caller speaks for on one side of referrals.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Desk {
    /// One organisation: the caller's own.
    One(OrganizationId),
    /// The Ministry of Interior: its national office and every provincial office.
    Ministry,
}

/// Which referrals a caller sees, and on which side.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralScope {
    /// The organisations whose received referrals the caller sees and acts on.
    pub receives: Option<Desk>,
    /// The organisations whose sent referrals the caller sees and acts on.
    pub sends: Option<Desk>,
    /// Restricts the sent referrals to those made from cases assigned to this user
    /// (caseworkers see what was sent from their own cases).
    pub sent_from_cases_of: Option<UserId>,
}

/// Which side of the caller's referrals a list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mailbox {
    /// Received.
    Inbox,
    /// Sent (drafts included).
    Outbox,
}

/// Filters of the referral list; empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct ReferralFilter {
    /// Only received or only sent referrals.
    pub mailbox: Option<Mailbox>,
    /// Only this status.
    pub status: Option<ReferralStatus>,
    /// Only this purpose.
    pub purpose: Option<ReferralPurpose>,
    /// Only referrals about a person in this province.
    pub province: Option<Province>,
    /// Only referrals overdue (`true`) or not overdue (`false`) on the day given.
    pub overdue: Option<(bool, Date)>,
    /// Only referrals about this case.
    pub case_id: Option<CaseId>,
}

/// A position in the referral list, which is sorted by urgency (urgent first), then due
/// date (none last), then id.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReferralCursor {
    /// The urgency of the last referral shown.
    pub urgency: Urgency,
    /// Its due date, if any.
    pub due_date: Option<Date>,
    /// Its id.
    pub id: ReferralId,
}

impl ReferralCursor {
    /// The cursor just after `referral`.
    pub fn after(referral: &Referral) -> ReferralCursor {
        ReferralCursor {
            urgency: referral.urgency,
            due_date: referral.due_date,
            id: referral.id,
        }
    }
}

/// A position written as text — urgency, due date (or `-`), id — for a door's cursor
/// (the API wraps it, the pages put it in the address as it is: it names no one).
impl std::fmt::Display for ReferralCursor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.due_date {
            Some(due) => write!(f, "{} {due} {}", self.urgency, self.id),
            None => write!(f, "{} - {}", self.urgency, self.id),
        }
    }
}

/// The text is not a position in the referral list.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("not a position in the referral list")]
pub struct ReferralCursorError;

impl std::str::FromStr for ReferralCursor {
    type Err = ReferralCursorError;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut parts = text.split(' ');
        let (Some(urgency), Some(due), Some(id), None) =
            (parts.next(), parts.next(), parts.next(), parts.next())
        else {
            return Err(ReferralCursorError);
        };
        let due_date = match due {
            "-" => None,
            date => Some(
                Date::parse(date, &time::format_description::well_known::Iso8601::DATE)
                    .map_err(|_| ReferralCursorError)?,
            ),
        };
        Ok(ReferralCursor {
            urgency: urgency.parse().map_err(|_| ReferralCursorError)?,
            due_date,
            id: ReferralId(id.parse::<Uuid>().map_err(|_| ReferralCursorError)?),
        })
    }
}

/// The person a ministry refers to IOM, sent inline because IOM has no case yet.
#[derive(Debug, Clone)]
pub struct NewSubject {
    /// Category.
    pub category: CaseCategory,
    /// Province of identification.
    pub province: Province,
    /// Date of identification.
    pub identified_on: Date,
    /// The person.
    pub person: Person,
    /// The trafficking profile as far as the ministry knows it.
    pub trafficking: TraffickingProfile,
    /// When the person agreed to be referred (required for an identity disclosure).
    pub consent_given_on: Option<Date>,
    /// Who gave that consent.
    pub consent_given_by: GivenBy,
}

/// Where a new referral's person comes from.
#[derive(Debug, Clone)]
pub enum Origin {
    /// An IOM case the caller may see.
    Case {
        /// The case.
        case_id: CaseId,
        /// The caller's scope over cases.
        scope: CaseScope,
    },
    /// A person sent inline by a ministry.
    Subject(Box<NewSubject>),
}

/// A referral to create.
#[derive(Debug, Clone)]
pub struct NewReferral {
    /// The sending organisation (the caller's).
    pub from_organization_id: OrganizationId,
    /// The receiving organisation.
    pub to_organization_id: OrganizationId,
    /// Its kind, which an identity disclosure's consent must cover.
    pub to_organization_kind: OrganizationKind,
    /// The person.
    pub origin: Origin,
    /// Purpose.
    pub purpose: ReferralPurpose,
    /// Disclosure asked for.
    pub disclosure: Disclosure,
    /// Urgency.
    pub urgency: Urgency,
    /// Due date.
    pub due_date: Option<Date>,
    /// Message to the receiver.
    pub message: Option<String>,
    /// Send it at once rather than keep it as a draft.
    pub send: bool,
}

/// A referral as one caller sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SeenReferral {
    /// The referral.
    pub referral: Referral,
    /// The caller's side of it.
    pub party: Party,
}

/// Who takes on the case that accepting a ministry's referral opens.
#[derive(Debug, Clone, Copy)]
pub struct Intake {
    /// The caseworker the case is assigned to (`None`: unassigned, for a case manager to
    /// assign).
    pub assigned_to: Option<UserId>,
    /// The kind of the referring organisation, which the recorded data_sharing consent
    /// covers.
    pub sender_kind: OrganizationKind,
}

const REFERRAL_COLUMNS: &str = "r.id, r.from_organization_id, r.to_organization_id, r.case_id, \
    r.status, r.purpose, r.disclosure, r.urgency, r.due_date, r.province, r.message, \
    r.subject_category, r.subject_consent_given_on, r.receiver_reference, \
    r.subject_sex, r.subject_citizenship, r.subject_age_group, r.subject_trafficking, \
    r.created_by, r.version, r.created_at, r.updated_at, c.case_number, \
    c.category AS case_category, c.sex AS case_sex, c.age_group AS case_age_group, \
    c.citizenship AS case_citizenship, c.trafficking AS case_trafficking";

/// The urgency rank and due date the list sorts by; the cursor compares the same.
const SORT_KEY: &str = "(CASE r.urgency WHEN 'urgent' THEN 0 ELSE 1 END), \
    COALESCE(r.due_date, '9999-12-31'), r.id";

/// The sort key again as named columns, for merging the two sides of a list.
const SORT_COLUMNS: &str = "(CASE r.urgency WHEN 'urgent' THEN 0 ELSE 1 END) AS sort_rank, \
    COALESCE(r.due_date, '9999-12-31') AS sort_due";

/// The due date that sorts a referral without one after every other.
const NO_DUE_DATE: Date = match Date::from_calendar_date(9999, time::Month::December, 31) {
    Ok(date) => date,
    Err(_) => panic!("9999-12-31 is a date"),
};

#[derive(FromRow)]
struct ReferralRow {
    id: Uuid,
    from_organization_id: Uuid,
    to_organization_id: Uuid,
    case_id: Option<Uuid>,
    status: String,
    purpose: String,
    disclosure: String,
    urgency: String,
    due_date: Option<Date>,
    province: String,
    message: Option<Vec<u8>>,
    subject_category: Option<String>,
    subject_consent_given_on: Option<Date>,
    receiver_reference: Option<String>,
    subject_sex: Option<String>,
    subject_citizenship: Option<String>,
    subject_age_group: Option<String>,
    subject_trafficking: Option<String>,
    created_by: Uuid,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
    case_number: Option<String>,
    case_category: Option<String>,
    case_sex: Option<String>,
    case_age_group: Option<String>,
    case_citizenship: Option<String>,
    case_trafficking: Option<String>,
    sends: i32,
}

impl ReferralRow {
    /// The referral; its message opened only when `keys` are given.
    fn referral(&self, keys: Option<&crate::FieldKeys>) -> Result<Referral, StoreError> {
        let inbound = self.subject_category.is_some();
        // An inbound referral shows what the ministry sent; one from a case, the case now.
        let (category, sex, age_group, citizenship, trafficking) = if inbound {
            (
                &self.subject_category,
                &self.subject_sex,
                &self.subject_age_group,
                &self.subject_citizenship,
                &self.subject_trafficking,
            )
        } else {
            (
                &self.case_category,
                &self.case_sex,
                &self.case_age_group,
                &self.case_citizenship,
                &self.case_trafficking,
            )
        };
        let required = |value: &Option<String>, column: &'static str| {
            value.clone().ok_or_else(corrupt(column))
        };
        let trafficking: TraffickingProfile =
            serde_json::from_str(&required(trafficking, "referrals.trafficking")?)
                .map_err(|_| corrupt("referrals.trafficking")())?;
        let profile = ReferralProfile {
            case_number: self
                .case_number
                .as_deref()
                .map(|n| parse(n, "cases.case_number"))
                .transpose()?,
            category: parse(
                &required(category, "referrals.category")?,
                "referrals.category",
            )?,
            sex: parse(&required(sex, "referrals.sex")?, "referrals.sex")?,
            age_group: age_group
                .as_deref()
                .map(|g| parse(g, "referrals.age_group"))
                .transpose()?,
            citizenship: parse(
                &required(citizenship, "referrals.citizenship")?,
                "referrals.citizenship",
            )?,
            province: parse(&self.province, "referrals.province")?,
            exploitation_types: trafficking.exploitation_types,
        };
        let message = match (keys, &self.message) {
            (Some(keys), Some(sealed)) => {
                Some(keys.open("referrals", "message", self.id, sealed)?)
            }
            _ => None,
        };
        Ok(Referral {
            id: ReferralId(self.id),
            from_organization_id: OrganizationId(self.from_organization_id),
            to_organization_id: OrganizationId(self.to_organization_id),
            case_id: self.case_id.map(CaseId),
            inbound,
            status: parse(&self.status, "referrals.status")?,
            purpose: parse(&self.purpose, "referrals.purpose")?,
            disclosure: parse(&self.disclosure, "referrals.disclosure")?,
            urgency: parse(&self.urgency, "referrals.urgency")?,
            due_date: self.due_date,
            message,
            profile,
            consent_given_on: self.subject_consent_given_on,
            receiver_reference: self.receiver_reference.clone(),
            created_by: UserId(self.created_by),
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }

    fn seen(&self, keys: Option<&crate::FieldKeys>) -> Result<SeenReferral, StoreError> {
        Ok(SeenReferral {
            referral: self.referral(keys)?,
            party: if self.sends == 1 {
                Party::Sender
            } else {
                Party::Receiver
            },
        })
    }
}

/// The condition "`column` is one of the desk's organisations".
pub(crate) fn desk_condition(column: &str, desk: Desk, conditions: &mut Conditions) -> String {
    match desk {
        Desk::One(organization) => {
            format!(
                "{column} = {}",
                conditions.placeholder(Param::Id(organization.0))
            )
        }
        Desk::Ministry => format!(
            "{column} IN (SELECT id FROM organizations \
             WHERE kind IN ('moi_national', 'moi_provincial'))"
        ),
    }
}

/// The SQL conditions for "the caller is the sender" and "the caller is the receiver";
/// `FALSE` for a side the caller does not have. Each call binds its own parameters.
fn side_conditions(scope: ReferralScope, conditions: &mut Conditions) -> (String, String) {
    let sends = match scope.sends {
        Some(desk) => {
            let mut sql = desk_condition("r.from_organization_id", desk, conditions);
            if let Some(user) = scope.sent_from_cases_of {
                let placeholder = conditions.placeholder(Param::Id(user.0));
                sql.push_str(&format!(
                    " AND r.case_id IN (SELECT id FROM cases WHERE assigned_to = {placeholder})"
                ));
            }
            format!("({sql})")
        }
        None => "(1 = 0)".to_owned(),
    };
    let receives = match scope.receives {
        Some(desk) => format!(
            "(r.sent_at IS NOT NULL AND {})",
            desk_condition("r.to_organization_id", desk, conditions)
        ),
        None => "(1 = 0)".to_owned(),
    };
    (sends, receives)
}

#[derive(FromRow)]
pub(crate) struct TimelineRow {
    id: Uuid,
    event: String,
    actor_id: Uuid,
    username: String,
    display_name: String,
    organization_id: Uuid,
    organization_code: String,
    forwarded_to: Option<Uuid>,
    forwarded_to_code: Option<String>,
    comment: Option<Vec<u8>>,
    at: OffsetDateTime,
}

/// A referral's inline subject as stored.
#[derive(FromRow)]
pub(crate) struct SubjectRow {
    from_organization_id: Uuid,
    province: String,
    subject_category: Option<String>,
    subject_identified_on: Option<Date>,
    subject_consent_given_on: Option<Date>,
    subject_sex: Option<String>,
    subject_citizenship: Option<String>,
    subject_estimated_age: Option<i32>,
    subject_trafficking: Option<String>,
    given_name: Option<Vec<u8>>,
    family_name: Option<Vec<u8>>,
    fathers_name: Option<Vec<u8>>,
    other_script_given_name: Option<Vec<u8>>,
    other_script_family_name: Option<Vec<u8>>,
    date_of_birth: Option<Vec<u8>>,
    phone: Option<Vec<u8>>,
    address: Option<Vec<u8>>,
    document_number: Option<Vec<u8>>,
    subject_consent_given_by: Option<String>,
    subject_consent_guardian_relation: Option<String>,
}
