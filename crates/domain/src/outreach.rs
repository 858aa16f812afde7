//! Capacity building and awareness raising: trainings for Ministry and partner staff, and
//! awareness activities with the provincial offices. Both may cost money charged to a
//! grant's budget line, under the same rules as assistance.

use std::fmt;

use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::enums::vocabulary;
use crate::{BudgetLineId, Money, OrganizationId, Province, UserId};

/// The identifier of a training.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct TrainingId(pub Uuid);

impl fmt::Display for TrainingId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

/// The identifier of an awareness activity.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize,
)]
#[serde(transparent)]
pub struct AwarenessId(pub Uuid);

impl fmt::Display for AwarenessId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

vocabulary! {
    /// What a training teaches.
    TrainingTopic, TrainingTopicError, "a training topic" {
        /// Identifying victims of trafficking.
        Identification => "identification",
        /// Assisting victims.
        VictimAssistance => "victim_assistance",
        /// Investigating trafficking.
        Investigation => "investigation",
        /// Prosecuting traffickers.
        Prosecution => "prosecution",
        /// The national referral mechanism.
        ReferralMechanism => "referral_mechanism",
        /// Protecting personal data.
        DataProtection => "data_protection",
        /// Anything else.
        Other => "other",
    }
}

vocabulary! {
    /// How an awareness activity reaches people.
    AwarenessChannel, AwarenessChannelError, "an awareness channel" {
        /// A session in a community.
        CommunitySession => "community_session",
        /// Radio.
        Radio => "radio",
        /// Television.
        Tv => "tv",
        /// A school.
        School => "school",
        /// Printed material.
        Print => "print",
        /// Social media.
        SocialMedia => "social_media",
    }
}

/// The participants of a training from one organisation, counted by sex.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Participants {
    /// The organisation they came from.
    pub organization_id: OrganizationId,
    /// Women.
    pub female: u32,
    /// Men.
    pub male: u32,
}

/// A capacity-building event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Training {
    /// Identifier.
    pub id: TrainingId,
    /// Title.
    pub title: String,
    /// Topic.
    pub topic: TrainingTopic,
    /// Where it took place.
    pub province: Province,
    /// First day.
    pub starts_on: Date,
    /// Last day, not before the first.
    pub ends_on: Date,
    /// Who organised it.
    pub organizer_organization_id: OrganizationId,
    /// Who took part, by organisation.
    pub participants: Vec<Participants>,
    /// What it cost.
    pub cost: Option<Money>,
    /// The budget line charged.
    pub budget_line_id: Option<BudgetLineId>,
    /// Who recorded it.
    pub created_by: UserId,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When it was recorded.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}

/// An awareness-raising activity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AwarenessActivity {
    /// Identifier.
    pub id: AwarenessId,
    /// Where.
    pub province: Province,
    /// When.
    pub date: Date,
    /// How.
    pub channel: AwarenessChannel,
    /// The provincial office it was done with.
    pub partner_organization_id: Option<OrganizationId>,
    /// How many people it reached, as estimated.
    pub estimated_reach: u32,
    /// What was done.
    pub description: Option<String>,
    /// What it cost.
    pub cost: Option<Money>,
    /// The budget line charged.
    pub budget_line_id: Option<BudgetLineId>,
    /// Who recorded it.
    pub created_by: UserId,
    /// Optimistic-concurrency version.
    pub version: i64,
    /// When it was recorded.
    pub created_at: OffsetDateTime,
    /// When it last changed.
    pub updated_at: OffsetDateTime,
}
