//! The request and response shapes of `/api/v1/returns`, and their conversions.

use panah_app::{Handover, PlanItem, ReturnSeen};
use panah_domain::{
    AgeGroup, Assistance, AssistanceStatus, AssistanceType, CaseCategory, Country, Disclosure,
    ExploitationType, MonitoringScores, MonitoringVisit, Place, Province, ReturnCase,
    ReturnDirection, ReturnStatus, ReturnStep, Sex, StepReason,
};
use serde::Serialize;
use time::{Date, OffsetDateTime};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::case_records::MoneyJson;
use crate::cases::dto::PersonView;
use crate::dates::iso_date;
use crate::vocabulary;

/// One end of the journey.
#[derive(Debug, Clone, Copy, eserde::Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceJson {
    /// Country (ISO 3166-1 alpha-2).
    #[schema(value_type = vocabulary::Country, example = "IR")]
    pub country: Country,
    /// Province (ISO 3166-2:AF), exactly when the country is `AF`.
    #[serde(default)]
    #[schema(value_type = Option<vocabulary::Province>, example = "AF-HER")]
    pub province: Option<Province>,
}

impl From<PlaceJson> for Place {
    fn from(place: PlaceJson) -> Place {
        Place {
            country: place.country,
            province: place.province,
        }
    }
}

impl From<Place> for PlaceJson {
    fn from(place: Place) -> PlaceJson {
        PlaceJson {
            country: place.country,
            province: place.province,
        }
    }
}

/// `POST /api/v1/returns`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateReturn {
    /// The case whose person returns; it needs a valid `return` consent.
    #[eserde(compat)]
    pub case_id: Uuid,
    /// `to_afghanistan` (ends in `AF` with a province) or `from_afghanistan` (starts in
    /// `AF` with a province, ends elsewhere).
    #[schema(value_type = vocabulary::ReturnDirection)]
    pub direction: ReturnDirection,
    /// Where the journey starts.
    pub origin: PlaceJson,
    /// Where it ends.
    pub destination: PlaceJson,
    /// The state organisation IOM cooperates with (a ministry or a foreign state).
    #[serde(default)]
    #[eserde(compat)]
    pub cooperating_organization_id: Option<Uuid>,
    /// Whether the person travels with an escort (default false).
    #[serde(default)]
    pub escort_required: Option<bool>,
    /// Planned travel date.
    #[serde(default, with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub travel_date: Option<Date>,
    /// Needs for the journey and arrival, at most 2,000 characters; encrypted at rest.
    #[serde(default)]
    pub needs: Option<String>,
}

/// `POST /api/v1/returns/{id}/transitions`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
#[schema(as = ReturnTransition)]
pub struct Transition {
    /// The next step, or `cancelled` before departure.
    #[schema(value_type = vocabulary::ReturnStatus)]
    pub to: ReturnStatus,
    /// Why, at most 2,000 characters.
    #[serde(default)]
    pub comment: Option<String>,
}

/// `POST /api/v1/returns/{id}/monitoring-visits`
#[derive(Debug, eserde::Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct CreateVisit {
    /// When the visit took place; not in the future.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// Economic score, 0 to 1.
    #[schema(value_type = f64)]
    pub economic: panah_domain::Score,
    /// Social score, 0 to 1.
    #[schema(value_type = f64)]
    pub social: panah_domain::Score,
    /// Psychosocial score, 0 to 1.
    #[schema(value_type = f64)]
    pub psychosocial: panah_domain::Score,
    /// What was seen, at most 4,000 characters; encrypted at rest.
    #[serde(default)]
    pub notes: Option<String>,
}

/// A monitoring visit.
#[derive(Debug, Serialize, ToSchema)]
pub struct VisitView {
    /// Id.
    pub id: Uuid,
    /// When it took place.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// Economic score.
    pub economic: f64,
    /// Social score.
    pub social: f64,
    /// Psychosocial score.
    pub psychosocial: f64,
    /// The mean of the three.
    pub sustainability_score: f64,
    /// Notes.
    pub notes: Option<String>,
    /// Who recorded it.
    pub recorded_by: Uuid,
    /// When.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
}

impl From<MonitoringVisit> for VisitView {
    fn from(visit: MonitoringVisit) -> Self {
        let MonitoringScores {
            economic,
            social,
            psychosocial,
        } = visit.scores;
        VisitView {
            id: visit.id.0,
            date: visit.visited_on,
            economic: economic.value(),
            social: social.value(),
            psychosocial: psychosocial.value(),
            sustainability_score: visit.scores.sustainability(),
            notes: visit.notes,
            recorded_by: visit.recorded_by.0,
            created_at: visit.created_at,
        }
    }
}

/// One step of the history.
#[derive(Debug, Serialize, ToSchema)]
pub struct StepView {
    /// Status before (`null` for the request).
    #[schema(value_type = Option<vocabulary::ReturnStatus>)]
    pub from: Option<ReturnStatus>,
    /// Status after.
    #[schema(value_type = vocabulary::ReturnStatus)]
    pub to: ReturnStatus,
    /// Who.
    pub actor_id: Uuid,
    /// Why the system made the move (`consent_withdrawn`), if no person chose it.
    #[schema(value_type = Option<vocabulary::StepReason>)]
    pub reason: Option<StepReason>,
    /// Why, in the actor's words.
    pub comment: Option<String>,
    /// When.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub at: OffsetDateTime,
}

impl From<ReturnStep> for StepView {
    fn from(step: ReturnStep) -> Self {
        StepView {
            from: step.from,
            to: step.to,
            actor_id: step.actor.0,
            reason: step.reason,
            comment: step.comment,
            at: step.at,
        }
    }
}

/// An item of the reintegration plan: an assistance record linked to the return.
#[derive(Debug, Serialize, ToSchema)]
pub struct PlanItemView {
    /// The assistance record.
    pub id: Uuid,
    /// Kind of service.
    #[serde(rename = "type")]
    #[schema(value_type = vocabulary::AssistanceType)]
    pub assistance_type: AssistanceType,
    /// Planned, delivered or cancelled.
    #[schema(value_type = vocabulary::AssistanceStatus)]
    pub status: AssistanceStatus,
    /// When.
    #[serde(with = "iso_date")]
    #[schema(value_type = String, format = Date)]
    pub date: Date,
    /// Who provides it.
    pub provider_organization_id: Option<Uuid>,
    /// What it cost: in the return's view only, never in the handover packet.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cost: Option<MoneyJson>,
}

impl From<Assistance> for PlanItemView {
    fn from(assistance: Assistance) -> Self {
        PlanItemView {
            id: assistance.id.0,
            assistance_type: assistance.assistance_type,
            status: assistance.status,
            date: assistance.date,
            provider_organization_id: assistance.provider_organization_id.map(|o| o.0),
            cost: assistance.cost.map(MoneyJson::from),
        }
    }
}

impl From<PlanItem> for PlanItemView {
    fn from(item: PlanItem) -> Self {
        PlanItemView {
            id: item.id.0,
            assistance_type: item.assistance_type,
            status: item.status,
            date: item.date,
            provider_organization_id: item.provider_organization_id.map(|o| o.0),
            cost: None,
        }
    }
}

/// A return without its history, plan and visits (the list item).
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnSummaryView {
    /// Id.
    pub id: Uuid,
    /// The case.
    pub case_id: Uuid,
    /// Direction.
    #[schema(value_type = vocabulary::ReturnDirection)]
    pub direction: ReturnDirection,
    /// Status.
    #[schema(value_type = vocabulary::ReturnStatus)]
    pub status: ReturnStatus,
    /// Start of the journey.
    pub origin: PlaceJson,
    /// End of the journey.
    pub destination: PlaceJson,
    /// The cooperating state organisation.
    pub cooperating_organization_id: Option<Uuid>,
    /// Whether an escort is needed.
    pub escort_required: bool,
    /// Travel date.
    #[serde(with = "iso_date::option")]
    #[schema(value_type = Option<String>, format = Date)]
    pub travel_date: Option<Date>,
    /// The `return` consent relied on.
    pub consent_id: Uuid,
    /// Version.
    pub version: i64,
    /// Requested at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub created_at: OffsetDateTime,
    /// Last changed at.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub updated_at: OffsetDateTime,
}

impl From<&ReturnCase> for ReturnSummaryView {
    fn from(r: &ReturnCase) -> Self {
        ReturnSummaryView {
            id: r.id.0,
            case_id: r.case_id.0,
            direction: r.direction,
            status: r.status,
            origin: r.origin.into(),
            destination: r.destination.into(),
            cooperating_organization_id: r.cooperating_organization_id.map(|o| o.0),
            escort_required: r.escort_required,
            travel_date: r.travel_date,
            consent_id: r.consent_id.0,
            version: r.version,
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// A return with its needs, history, reintegration plan and monitoring visits.
#[derive(Debug, Serialize, ToSchema)]
pub struct ReturnView {
    /// The return.
    #[serde(flatten)]
    pub summary: ReturnSummaryView,
    /// Needs for the journey and arrival.
    pub needs: Option<String>,
    /// Every move, oldest first.
    pub history: Vec<StepView>,
    /// The reintegration plan: assistance linked to the return.
    pub plan: Vec<PlanItemView>,
    /// Monitoring visits, by date.
    pub monitoring_visits: Vec<VisitView>,
}

/// The person as the handover packet describes them without identity.
#[derive(Debug, Serialize, ToSchema)]
pub struct HandoverProfile {
    /// The IOM case number, as a reference for both sides.
    pub case_number: String,
    /// Category.
    #[schema(value_type = vocabulary::CaseCategory)]
    pub category: CaseCategory,
    /// Sex.
    #[schema(value_type = vocabulary::Sex)]
    pub sex: Sex,
    /// Age group.
    #[schema(value_type = Option<vocabulary::AgeGroup>)]
    pub age_group: Option<AgeGroup>,
    /// Citizenship.
    #[schema(value_type = vocabulary::Country)]
    pub citizenship: Country,
    /// Types of exploitation.
    #[schema(value_type = Vec<vocabulary::ExploitationType>)]
    pub exploitation_types: Vec<ExploitationType>,
}

/// What the receiving side of a return needs: the journey, the person's needs and
/// reintegration plan, and the identity only with the person's consent.
#[derive(Debug, Serialize, ToSchema)]
pub struct HandoverView {
    /// The return.
    #[serde(rename = "return")]
    pub return_case: ReturnSummaryView,
    /// `identity` when the person consented to share it with foreign states, else
    /// `anonymised`.
    #[schema(value_type = vocabulary::Disclosure)]
    pub disclosure: Disclosure,
    /// The person without identity.
    pub profile: HandoverProfile,
    /// The identity, only with a valid `data_sharing` consent covering `foreign_state`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<PersonView>,
    /// Needs for the journey and arrival.
    pub needs: Option<String>,
    /// The reintegration plan, without costs.
    pub plan: Vec<PlanItemView>,
    /// When the packet was produced.
    #[serde(with = "crate::timestamp")]
    #[schema(value_type = String, format = DateTime)]
    pub generated_at: OffsetDateTime,
}

impl From<ReturnSeen> for ReturnView {
    fn from(seen: ReturnSeen) -> Self {
        ReturnView {
            summary: ReturnSummaryView::from(&seen.return_case),
            needs: seen.return_case.needs,
            history: seen.history.into_iter().map(Into::into).collect(),
            plan: seen.plan.into_iter().map(Into::into).collect(),
            monitoring_visits: seen.visits.into_iter().map(Into::into).collect(),
        }
    }
}

impl From<Handover> for HandoverView {
    fn from(handover: Handover) -> Self {
        let profile = handover.profile;
        HandoverView {
            return_case: ReturnSummaryView::from(&handover.return_case),
            disclosure: if handover.person.is_some() {
                Disclosure::Identity
            } else {
                Disclosure::Anonymised
            },
            profile: HandoverProfile {
                case_number: profile.case_number.to_string(),
                category: profile.category,
                sex: profile.sex,
                age_group: profile.age_group,
                citizenship: profile.citizenship,
                exploitation_types: profile.exploitation_types,
            },
            person: handover.person.map(PersonView::from),
            needs: handover.needs,
            plan: handover.plan.into_iter().map(Into::into).collect(),
            generated_at: handover.generated_at,
        }
    }
}
