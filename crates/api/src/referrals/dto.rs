//! The request and response shapes of `/api/v1/referrals`, and their conversions.
//!
//! The views are built so that what a receiver may not see cannot be in them: there is no
//! field for costs, notes, other referrals or the case file, the person appears only when
//! the referral discloses it, and the list item has no person and no message at all.

use panah_app::{ReferralListed, ReferralSeen, ReferralSummary};
use panah_domain::{
    AgeGroup, CaseCategory, ConsentGiver, Country, Disclosure, ExploitationType, GuardianRelation,
    Party, Person, Province, ReferralAction, ReferralProfile, ReferralPurpose, ReferralStatus, Sex,
    TimelineEntry, TimelineEvent, Urgency,
};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::cases::dto::{PersonInput, PersonView, TraffickingJson};
use crate::dates::iso_date;
use crate::vocabulary;

/// `POST /api/v1/referrals`: from an IOM case (`case_id`), or from a ministry with the
/// person inline (`subject`); exactly one of the two.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReferral {
    /// The IOM case referred (IOM staff).
    #[serde(default)]
    #[eserde(compat)]
    pub case_id: Option<Uuid>,
    /// The person referred to IOM by a ministry (ministry staff).
    #[serde(default)]
    pub subject: Option<SubjectInput>,
    /// The receiving organisation.
    #[eserde(compat)]
    pub to_organization_id: Uuid,
    /// `assistance`, `protection`, `investigation`, `prosecution`, `return_facilitation`,
    /// `reintegration` or `other`.
    #[schema(value_type = vocabulary::ReferralPurpose)]
    pub purpose: ReferralPurpose,
    /// `anonymised`, or `identity` (needs the person's consent).
    #[schema(value_type = vocabulary::Disclosure)]
    pub disclosure: Disclosure,
    /// `normal` (default) or `urgent`.
    #[schema(value_type = Option<vocabulary::Urgency>)]
    #[serde(default)]
    pub urgency: Option<Urgency>,
    /// When a decision is wanted by; not in the past.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub due_date: Option<Date>,
    /// For the receiver, at most 4,000 characters.
    #[serde(default)]
    pub message: Option<String>,
    /// Send at once (default: keep as a draft).
    #[serde(default)]
    pub send: Option<bool>,
}

/// The person a ministry refers to IOM.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SubjectInput {
    /// `victim_of_trafficking`, `presumed_victim` or `vulnerable_migrant`.
    #[schema(value_type = vocabulary::CaseCategory)]
    pub category: CaseCategory,
    /// Province of identification.
    #[schema(value_type = vocabulary::Province, example = "AF-HER")]
    pub province: Province,
    /// Date of identification, not in the future.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub identified_on: Date,
    /// The person.
    pub person: PersonInput,
    /// What is known of the trafficking.
    #[serde(default)]
    pub trafficking: TraffickingJson,
    /// When the person agreed to be referred; required with `disclosure: identity`.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub consent_given_on: Option<Date>,
    /// Who gave that consent: `person` (the default), `parent_or_guardian` or
    /// `best_interests_decision`; a person under 18 never consents alone.
    #[serde(default)]
    #[schema(value_type = Option<vocabulary::ConsentGiver>)]
    pub consent_given_by: Option<ConsentGiver>,
    /// With `parent_or_guardian`: their relation to the person.
    #[serde(default)]
    #[schema(value_type = Option<vocabulary::GuardianRelation>)]
    pub consent_guardian_relation: Option<GuardianRelation>,
}

/// `POST /api/v1/referrals/{id}/transitions`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReferralTransition)]
pub struct Transition {
    /// `send`, `withdraw` (the sender); `acknowledge`, `accept`, `decline`, `complete`,
    /// `forward` (the receiver).
    #[schema(value_type = vocabulary::ReferralAction)]
    pub action: ReferralAction,
    /// Why, at most 2,000 characters; the other organisation reads it. Required to
    /// `decline`.
    #[serde(default)]
    pub comment: Option<String>,
    /// With `forward` (and only then): the provincial office of the Ministry of Interior
    /// the national office passes the referral to.
    #[serde(default)]
    #[eserde(compat)]
    pub to_organization_id: Option<Uuid>,
}

/// `PATCH /api/v1/referrals/{id}` (with `If-Match`): the receiver's own reference.
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ChangeReferral {
    /// The receiving organisation's own reference, at most 64 characters; `null`
    /// removes it.
    pub receiver_reference: Option<String>,
}

/// The person as a referral describes them without identifying them.
#[derive(Debug, Serialize, ToSchema)]
pub struct SubjectView {
    /// The IOM case number, once there is a case.
    pub case_number: Option<String>,
    /// Category.
    #[schema(value_type = vocabulary::CaseCategory)]
    pub category: CaseCategory,
    /// Sex.
    #[schema(value_type = vocabulary::Sex)]
    pub sex: Sex,
    /// Age group at identification.
    #[schema(value_type = Option<vocabulary::AgeGroup>)]
    pub age_group: Option<AgeGroup>,
    /// Citizenship.
    #[schema(value_type = vocabulary::Country)]
    pub citizenship: Country,
    /// Province when referred.
    #[schema(value_type = vocabulary::Province)]
    pub province: Province,
    /// Types of exploitation.
    #[schema(value_type = Vec<vocabulary::ExploitationType>)]
    pub exploitation_types: Vec<ExploitationType>,
    /// The person's identity: present only when the referral discloses it (each such
    /// read is audited).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonView>,
}

/// One entry of a referral's timeline.
#[derive(Debug, Serialize, ToSchema)]
pub struct TimelineEntryView {
    /// What happened: an action, or `identity_removed` when the consent to share the
    /// identity was withdrawn.
    #[schema(value_type = vocabulary::TimelineEvent)]
    pub action: TimelineEvent,
    /// Who.
    pub actor_id: Uuid,
    /// Their username.
    pub actor_username: String,
    /// Their name.
    pub actor_display_name: String,
    /// For which organisation.
    pub organization_id: Uuid,
    /// Its code, such as `MOI-HER`.
    pub organization_code: String,
    /// For `forward`: the office it was forwarded to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_to_organization_id: Option<Uuid>,
    /// For `forward`: that office's code.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forwarded_to_organization_code: Option<String>,
    /// When.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
    /// Why.
    pub comment: Option<String>,
}

impl From<TimelineEntry> for TimelineEntryView {
    fn from(entry: TimelineEntry) -> Self {
        let (forwarded_id, forwarded_code) = entry.forwarded_to.unzip();
        TimelineEntryView {
            action: entry.event,
            actor_id: entry.actor.0,
            actor_username: entry.actor_username.to_string(),
            actor_display_name: entry.actor_display_name.as_str().to_owned(),
            organization_id: entry.organization.0,
            organization_code: entry.organization_code.to_string(),
            forwarded_to_organization_id: forwarded_id.map(|o| o.0),
            forwarded_to_organization_code: forwarded_code.map(|c| c.to_string()),
            at: entry.at,
            comment: entry.comment,
        }
    }
}

/// The fields a referral shows in lists and in full.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralSummaryView {
    /// Id.
    pub id: Uuid,
    /// Status.
    #[schema(value_type = vocabulary::ReferralStatus)]
    pub status: ReferralStatus,
    /// The caller's side.
    pub side: Side,
    /// The sending organisation.
    pub from_organization_id: Uuid,
    /// The receiving organisation.
    pub to_organization_id: Uuid,
    /// The IOM case: shown only to the side that holds it.
    pub case_id: Option<Uuid>,
    /// Purpose.
    #[schema(value_type = vocabulary::ReferralPurpose)]
    pub purpose: ReferralPurpose,
    /// What the receiver is shown: `anonymised` or `identity`.
    #[schema(value_type = vocabulary::Disclosure)]
    pub disclosure: Disclosure,
    /// Urgency.
    #[schema(value_type = vocabulary::Urgency)]
    pub urgency: Urgency,
    /// Due date.
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub due_date: Option<Date>,
    /// Past its due date while the receiver has still to decide.
    pub overdue: bool,
    /// The receiving organisation's own reference for it, such as a ministry's file
    /// number.
    pub receiver_reference: Option<String>,
    /// Version.
    pub version: i64,
    /// Created at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last changed at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

/// Which side of a referral the caller is on.
#[derive(Debug, Clone, Copy, Serialize, ToSchema)]
#[serde(rename_all = "snake_case")]
#[schema(as = ReferralSide)]
pub enum Side {
    /// The caller's organisation made the referral.
    Sender,
    /// The referral is addressed to the caller's organisation.
    Receiver,
}

/// A referral in a list: the person without identity, no message.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralListItem {
    /// The referral.
    #[serde(flatten)]
    pub referral: ReferralSummaryView,
    /// The person, without identity.
    pub subject: SubjectView,
}

/// A referral in full, in the caller's view.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReferralView {
    /// The referral.
    #[serde(flatten)]
    pub referral: ReferralSummaryView,
    /// The person; the identity only when disclosed.
    pub subject: SubjectView,
    /// The sender's message.
    pub message: Option<String>,
    /// For a ministry's referral: when the person agreed to be referred.
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub consent_given_on: Option<Date>,
    /// Every action taken, oldest first.
    pub timeline: Vec<TimelineEntryView>,
}

impl From<ReferralSummary> for ReferralSummaryView {
    fn from(summary: ReferralSummary) -> Self {
        ReferralSummaryView {
            id: summary.id.0,
            status: summary.status,
            side: if summary.side == Party::Sender {
                Side::Sender
            } else {
                Side::Receiver
            },
            from_organization_id: summary.from_organization_id.0,
            to_organization_id: summary.to_organization_id.0,
            case_id: summary.case_id.map(|c| c.0),
            purpose: summary.purpose,
            disclosure: summary.disclosure,
            urgency: summary.urgency,
            due_date: summary.due_date,
            overdue: summary.overdue,
            receiver_reference: summary.receiver_reference,
            version: summary.version,
            created_at: summary.created_at,
            updated_at: summary.updated_at,
        }
    }
}

/// The person of a referral, with the identity when `person` is given.
fn subject(profile: ReferralProfile, person: Option<Person>) -> SubjectView {
    SubjectView {
        case_number: profile.case_number.as_ref().map(ToString::to_string),
        category: profile.category,
        sex: profile.sex,
        age_group: profile.age_group,
        citizenship: profile.citizenship,
        province: profile.province,
        exploitation_types: profile.exploitation_types,
        person: person.map(PersonView::from),
    }
}

impl From<ReferralListed> for ReferralListItem {
    fn from(listed: ReferralListed) -> Self {
        ReferralListItem {
            referral: listed.summary.into(),
            subject: subject(listed.profile, None),
        }
    }
}

impl From<ReferralSeen> for ReferralView {
    fn from(seen: ReferralSeen) -> Self {
        ReferralView {
            referral: seen.summary.into(),
            subject: subject(seen.profile, seen.person),
            message: seen.message,
            consent_given_on: seen.consent_given_on,
            timeline: seen.timeline.into_iter().map(Into::into).collect(),
        }
    }
}
