//! `/api/v1/referrals`: cases moving between IOM, the Ministry of Interior and partner
//! ministries, with only as much of the person as they consented to share.
//!
//! Who sees a referral follows from the caller's roles (see [`referral_scope`]): the store
//! turns it into SQL, and a referral outside it is 404 like one that does not exist. The
//! workflow's checks come from the domain in its order: not visible 404, wrong side 403,
//! wrong status 409 `invalid_transition`.

pub(crate) mod dto;

use axum::Json;
use axum::extract::State;
use axum::http::{StatusCode, header};
use axum::response::IntoResponse;
use panah_domain::policy::{Permission, authorize};
use panah_domain::{
    CaseId, Disclosure, OrganizationId, OrganizationKind, Party, ReferralAction, ReferralId,
    ReferralPurpose, ReferralStatus, Role, TransitionRefusal, Urgency, UserId,
};
use panah_persistence::{
    Intake, Mailbox, NewReferral, NewSubject, Origin, ReferralCursor, ReferralFilter,
    ReferralScope, SeenReferral, StoreError,
};
use serde::Deserialize;
use time::{Date, OffsetDateTime};
use utoipa::IntoParams;
use uuid::Uuid;

use dto::{CreateReferral, ReferralListItem, ReferralView, Transition};

use crate::auth::{Allowed, Caller, needs};
use crate::cases::case_scope;
use crate::error::Problem;
use crate::query::{ApiPath, ApiQuery, Page, decode_cursor, encode_cursor, page_limit};
use crate::{ApiError, ApiJson, AppState, FieldError};

/// The longest message a referral carries, in characters.
const MAX_MESSAGE_CHARS: usize = 4000;
/// The longest comment on a transition, in characters.
const MAX_COMMENT_CHARS: usize = 2000;

/// The referrals a caller sees (see [`ReferralScope::of`]).
pub(crate) fn referral_scope(caller: &Caller) -> ReferralScope {
    ReferralScope::of(&caller.user)
}

/// `GET /api/v1/referrals` parameters.
#[derive(Debug, Deserialize, IntoParams)]
#[serde(deny_unknown_fields)]
pub struct ListReferrals {
    /// `inbox` (received) or `outbox` (sent, drafts included); both when absent.
    #[serde(rename = "box")]
    #[param(rename = "box", value_type = Option<String>)]
    pub mailbox: Option<MailboxParam>,
    /// Only this status.
    #[param(value_type = Option<String>)]
    pub status: Option<ReferralStatus>,
    /// Only this purpose.
    #[param(value_type = Option<String>)]
    pub purpose: Option<ReferralPurpose>,
    /// Only referrals about a person in this province.
    #[param(value_type = Option<String>)]
    pub province: Option<panah_domain::Province>,
    /// `true`: only referrals past their due date while `sent` or `acknowledged`;
    /// `false`: only the others.
    pub overdue: Option<bool>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<u32>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

/// `box=inbox|outbox`.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MailboxParam {
    /// Received.
    Inbox,
    /// Sent.
    Outbox,
}

fn transition_error(refusal: TransitionRefusal) -> ApiError {
    match refusal {
        TransitionRefusal::NotVisible => ApiError::not_found(),
        TransitionRefusal::WrongParty => ApiError::new(
            StatusCode::FORBIDDEN,
            "wrong_party",
            "The other organisation of this referral takes this action.",
        ),
        TransitionRefusal::InvalidTransition { .. } => {
            ApiError::invalid_transition(refusal.to_string())
        }
    }
}

/// Make a referral: from an IOM case (IOM staff), or with the person inline from a
/// ministry to IOM. Kept as a draft unless `send` is true.
#[utoipa::path(post, path = "/api/v1/referrals", tag = "referrals", security(("bearer" = [])),
    params(("Idempotency-Key" = Option<String>, Header, description = "Makes a retry safe: the same key and body within 24 hours answers the first response again")),
    request_body = CreateReferral,
    responses(
        (status = 201, body = ReferralView, headers(("Location" = String))),
        (status = 404, description = "`not_found`: the case is unknown or outside your scope", body = Problem, content_type = "application/problem+json"),
        (status = 422, description = "`validation_failed`, or `consent_required` for an identity disclosure without the person's consent", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn create(
    State(app): State<AppState>,
    Allowed { caller, .. }: Allowed<needs::ReferralsCreate>,
    ApiJson(body): ApiJson<CreateReferral>,
) -> Result<impl IntoResponse, ApiError> {
    let today = OffsetDateTime::now_utc().date();
    let own = &caller.user.organization;
    let mut errors = Vec::new();
    let receiver = app
        .store
        .get_organization(OrganizationId(body.to_organization_id))
        .await
        .map_err(ApiError::store)?;
    let mut refuse = |field: &str, message: &str| {
        errors.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    };
    match &receiver {
        None => refuse("to_organization_id", "names no organisation"),
        Some(to) if to.id == own.id => refuse("to_organization_id", "must be another organisation"),
        Some(to) if to.kind == OrganizationKind::Donor => {
            refuse("to_organization_id", "a donor does not take referrals")
        }
        Some(to) if body.subject.is_some() && to.kind != OrganizationKind::Iom => {
            refuse("to_organization_id", "a ministry refers people to IOM")
        }
        Some(_) => {}
    }
    if body.due_date.is_some_and(|due| due < today) {
        refuse("due_date", "must not be in the past");
    }
    let is_ministry = matches!(
        own.kind,
        OrganizationKind::MoiNational | OrganizationKind::MoiProvincial
    );
    let origin = match (body.case_id, body.subject) {
        (Some(case_id), None) => {
            match authorize(caller.user.roles.as_slice(), Permission::CasesRead) {
                Ok(scope) => Some(Origin::Case {
                    case_id: CaseId(case_id),
                    scope: case_scope(&caller, scope),
                }),
                Err(_) => {
                    refuse(
                        "case_id",
                        "only IOM staff refer from a case; a ministry sends the subject",
                    );
                    None
                }
            }
        }
        (None, Some(subject)) => {
            if !is_ministry {
                refuse(
                    "subject",
                    "only Ministry of Interior staff refer a new person",
                );
            }
            if subject.identified_on > today {
                refuse("subject.identified_on", "must not be in the future");
            }
            if subject.consent_given_on.is_some_and(|given| given > today) {
                refuse("subject.consent_given_on", "must not be in the future");
            }
            let person = crate::cases::dto::check_person(
                subject.person.into(),
                subject.identified_on,
                &mut errors,
            );
            // The person checks name their fields from `person`; here it sits in `subject`.
            for error in &mut errors {
                if error.field.starts_with("person.") {
                    error.field = format!("subject.{}", error.field);
                }
            }
            Some(Origin::Subject(Box::new(NewSubject {
                category: subject.category,
                province: subject.province,
                identified_on: subject.identified_on,
                person,
                trafficking: subject.trafficking,
                consent_given_on: subject.consent_given_on,
            })))
        }
        _ => {
            errors.push(FieldError {
                field: "case_id".into(),
                message: "give either case_id or subject, not both or neither".into(),
            });
            None
        }
    };
    let message = crate::case_records::check_free_text(
        "message",
        body.message,
        MAX_MESSAGE_CHARS,
        &mut errors,
    );
    let (Some(origin), Some(receiver), true) = (origin, receiver, errors.is_empty()) else {
        return Err(ApiError::validation(errors));
    };
    if let Origin::Subject(subject) = &origin
        && body.disclosure == Disclosure::Identity
        && subject.consent_given_on.is_none()
    {
        return Err(ApiError::consent_required(
            "subject.consent_given_on",
            "give the date the person agreed to be referred, or disclose anonymised",
        ));
    }
    let new = NewReferral {
        from_organization_id: own.id,
        to_organization_id: receiver.id,
        to_organization_kind: receiver.kind,
        origin,
        purpose: body.purpose,
        disclosure: body.disclosure,
        urgency: body.urgency.unwrap_or(Urgency::Normal),
        due_date: body.due_date,
        message,
        send: body.send.unwrap_or(false),
    };
    let audit = caller.audit();
    let id = app
        .store
        .create_referral(&new, &audit)
        .await
        .map_err(|error| match error {
            StoreError::ConsentRequired => ApiError::consent_required(
                "disclosure",
                "the case has no valid data_sharing consent covering the receiver's kind of organisation",
            ),
            other => ApiError::store(other),
        })?;
    let view = full_view(&app, &caller, id, &audit, today).await?;
    Ok((
        StatusCode::CREATED,
        [(header::LOCATION, format!("/api/v1/referrals/{id}"))],
        Json(view),
    ))
}

/// The referral in the caller's view, identity read audited.
async fn full_view(
    app: &AppState,
    caller: &Caller,
    id: ReferralId,
    audit: &panah_domain::AuditContext,
    today: Date,
) -> Result<ReferralView, ApiError> {
    let SeenReferral { referral, party } = app
        .store
        .referral_for(id, referral_scope(caller))
        .await
        .map_err(ApiError::store)?
        .ok_or_else(ApiError::not_found)?;
    // A receiver keeps the identity while it works on the referral (and afterwards, for
    // its records, once completed); a withdrawn or declined referral no longer needs it.
    let closed_to_receiver = party == Party::Receiver
        && matches!(
            referral.status,
            ReferralStatus::Withdrawn | ReferralStatus::Declined
        );
    let person = if closed_to_receiver {
        None
    } else {
        app.store
            .referral_identity(&referral, audit)
            .await
            .map_err(ApiError::store)?
    };
    let timeline = app
        .store
        .referral_timeline(id)
        .await
        .map_err(ApiError::store)?;
    Ok(ReferralView {
        referral: dto::summary(&referral, party, today),
        subject: dto::subject(&referral, person),
        message: referral.message.clone(),
        consent_given_on: referral.consent_given_on,
        timeline: timeline.into_iter().map(Into::into).collect(),
    })
}

/// Referrals the caller sees, urgent first, then by due date (none last). Never the
/// person's identity, never the message.
#[utoipa::path(get, path = "/api/v1/referrals", tag = "referrals", security(("bearer" = [])),
    params(ListReferrals),
    responses((status = 200, body = Page<ReferralListItem>)))]
pub async fn list(
    State(app): State<AppState>,
    Allowed { caller, .. }: Allowed<needs::ReferralsAct>,
    ApiQuery(query): ApiQuery<ListReferrals>,
) -> Result<Json<Page<ReferralListItem>>, ApiError> {
    let limit = page_limit(query.limit)?;
    let today = OffsetDateTime::now_utc().date();
    let cursor = query.cursor.as_deref().map(parse_cursor).transpose()?;
    let filter = ReferralFilter {
        mailbox: query.mailbox.map(|m| match m {
            MailboxParam::Inbox => Mailbox::Inbox,
            MailboxParam::Outbox => Mailbox::Outbox,
        }),
        status: query.status,
        purpose: query.purpose,
        province: query.province,
        overdue: query.overdue.map(|overdue| (overdue, today)),
    };
    let mut rows = app
        .store
        .list_referrals(referral_scope(&caller), &filter, cursor, limit + 1)
        .await
        .map_err(ApiError::store)?;
    let more = rows.len() > limit as usize;
    rows.truncate(limit as usize);
    let next_cursor = if more {
        rows.last()
            .map(|last| encode_cursor(&cursor_text(&ReferralCursor::after(&last.referral))))
    } else {
        None
    };
    Ok(Json(Page {
        items: rows
            .into_iter()
            .map(|SeenReferral { referral, party }| ReferralListItem {
                referral: dto::summary(&referral, party, today),
                subject: dto::subject(&referral, None),
            })
            .collect(),
        next_cursor,
    }))
}

/// A cursor's position: urgency, due date (or `-`), id.
fn cursor_text(cursor: &ReferralCursor) -> String {
    let due = cursor
        .due_date
        .map_or_else(|| "-".to_owned(), |d| d.to_string());
    format!("{} {due} {}", cursor.urgency, cursor.id)
}

fn parse_cursor(cursor: &str) -> Result<ReferralCursor, ApiError> {
    let text = decode_cursor(cursor)?;
    let bad = || ApiError::invalid_field("cursor", "is not a cursor from this list");
    let mut parts = text.split(' ');
    let (Some(urgency), Some(due), Some(id), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(bad());
    };
    let due_date = match due {
        "-" => None,
        date => Some(
            Date::parse(date, &time::format_description::well_known::Iso8601::DATE)
                .map_err(|_| bad())?,
        ),
    };
    Ok(ReferralCursor {
        urgency: urgency.parse().map_err(|_| bad())?,
        due_date,
        id: ReferralId(id.parse::<Uuid>().map_err(|_| bad())?),
    })
}

/// The referral in the caller's view: the receiver sees the person's identity only when
/// the referral discloses it, and that read is audited.
#[utoipa::path(get, path = "/api/v1/referrals/{id}", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The referral's id")),
    responses(
        (status = 200, body = ReferralView),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn get(
    State(app): State<AppState>,
    Allowed { caller, .. }: Allowed<needs::ReferralsAct>,
    ApiPath(id): ApiPath<Uuid>,
) -> Result<Json<ReferralView>, ApiError> {
    let today = OffsetDateTime::now_utc().date();
    let view = full_view(&app, &caller, ReferralId(id), &caller.audit(), today).await?;
    Ok(Json(view))
}

/// Move a referral on: the sender sends and withdraws; the receiver acknowledges, accepts,
/// declines and completes. Accepting a ministry's referral that discloses the person
/// opens an IOM case for them.
#[utoipa::path(post, path = "/api/v1/referrals/{id}/transitions", tag = "referrals", security(("bearer" = [])),
    params(("id" = Uuid, Path, description = "The referral's id")),
    request_body = Transition,
    responses(
        (status = 200, body = ReferralView),
        (status = 403, description = "`wrong_party`: the other organisation takes this action", body = Problem, content_type = "application/problem+json"),
        (status = 404, description = "`not_found` (also outside your scope)", body = Problem, content_type = "application/problem+json"),
        (status = 409, description = "`invalid_transition`", body = Problem, content_type = "application/problem+json"),
    ))]
pub async fn transition(
    State(app): State<AppState>,
    Allowed { caller, .. }: Allowed<needs::ReferralsAct>,
    ApiPath(id): ApiPath<Uuid>,
    ApiJson(body): ApiJson<Transition>,
) -> Result<Json<ReferralView>, ApiError> {
    let today = OffsetDateTime::now_utc().date();
    let id = ReferralId(id);
    let scope = referral_scope(&caller);
    let seen = app
        .store
        .referral_for(id, scope)
        .await
        .map_err(ApiError::store)?;
    let party = seen.as_ref().map_or(Party::Neither, |s| s.party);
    let from = seen
        .as_ref()
        .map_or(ReferralStatus::Draft, |s| s.referral.status);
    from.transition(body.action, party)
        .map_err(transition_error)?;
    let Some(SeenReferral { referral, .. }) = seen else {
        return Err(ApiError::not_found());
    };
    // The national liaison sees what the provincial offices send, but only the office that
    // sent a referral sends or withdraws it.
    if party == Party::Sender && referral.from_organization_id != caller.user.organization.id {
        return Err(ApiError::forbidden());
    }
    let mut errors = Vec::new();
    let comment = crate::case_records::check_free_text(
        "comment",
        body.comment,
        MAX_COMMENT_CHARS,
        &mut errors,
    );
    if !errors.is_empty() {
        return Err(ApiError::validation(errors));
    }
    let audit = caller.audit();
    let opens_case = body.action == ReferralAction::Accept
        && referral.inbound
        && referral.case_id.is_none()
        && referral.disclosure == Disclosure::Identity;
    let outcome = if opens_case {
        let sender = app
            .store
            .get_organization(referral.from_organization_id)
            .await
            .map_err(ApiError::store)?
            .ok_or_else(ApiError::not_found)?;
        // The accepting caseworker takes the case on; a case manager leaves it to assign.
        let assigned_to = caller
            .user
            .roles
            .contains(Role::Caseworker)
            .then_some(UserId(caller.user.id.0));
        let intake = Intake {
            assigned_to,
            sender_kind: sender.kind,
        };
        app.store
            .accept_inbound_referral(id, from, comment.as_deref(), intake, &audit)
            .await
            .map(|_| ())
    } else {
        app.store
            .transition_referral(id, from, body.action, comment.as_deref(), &audit)
            .await
    };
    outcome.map_err(|error| match error {
        StoreError::Conflict(_) => ApiError::invalid_transition(
            "The referral changed while you acted on it; read it again.",
        ),
        other => ApiError::store(other),
    })?;
    Ok(Json(full_view(&app, &caller, id, &audit, today).await?))
}
