//! Referrals between organisations and their timelines.
//!
//! Who sees a referral is decided in SQL from a [`ReferralScope`]: the organisations the
//! caller speaks for as a receiver and as a sender. The same expressions tell the caller's
//! [`Party`], so visibility and the right to act can never disagree. Receivers never see
//! drafts. Lists and the profile never open anything sealed; the person's identity is
//! opened only by [`Store::referral_identity`], which audits the read.

use panah_domain::{
    AuditContext, AuditEvent, CaseCategory, CaseId, ConsentKind, Disclosure, OrganizationId,
    OrganizationKind, Party, Person, Province, Referral, ReferralAction, ReferralId,
    ReferralProfile, ReferralPurpose, ReferralStatus, TimelineEntry, TimelineEvent,
    TraffickingProfile, Urgency, UserId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::append_audit;
use crate::cases::{
    Conditions, Param, PersonColumns, corrupt, fetch_with, insert_case, open_person, parse,
    seal_person,
};
use crate::store::{on_backend, write_tx};
use crate::{BackendKind, CaseScope, NewCase, Store, StoreError};

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

impl ReferralScope {
    /// The referrals `user` sees, from their roles: a provincial officer those of their
    /// own office; the national liaison those of MoI national and every provincial office;
    /// a partner focal point those received by their ministry; IOM caseworkers every
    /// referral IOM receives and those sent from their own cases; case managers all of
    /// IOM's.
    pub fn of(user: &panah_domain::User) -> ReferralScope {
        use panah_domain::policy::{Permission, Scope, authorize};
        let roles = user.roles.as_slice();
        let organization = user.organization.id;
        let act = authorize(roles, Permission::ReferralsAct).ok();
        let create = authorize(roles, Permission::ReferralsCreate).ok();
        let desk = |scope: Scope| match scope {
            Scope::Ministry => Desk::Ministry,
            _ => Desk::One(organization),
        };
        let sends = match (act, create) {
            (Some(Scope::Ministry), _) => Some(Desk::Ministry),
            (_, Some(_)) => Some(Desk::One(organization)),
            _ => None,
        };
        ReferralScope {
            receives: act.map(desk),
            sends,
            sent_from_cases_of: (create == Some(Scope::Own)).then_some(user.id),
        }
    }
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
    r.subject_category, r.subject_consent_given_on, \
    r.subject_sex, r.subject_citizenship, r.subject_age_group, r.subject_trafficking, \
    r.created_by, r.version, r.created_at, r.updated_at, c.case_number, \
    c.category AS case_category, c.sex AS case_sex, c.age_group AS case_age_group, \
    c.citizenship AS case_citizenship, c.trafficking AS case_trafficking";

/// The urgency rank and due date the list sorts by; the cursor compares the same.
const SORT_KEY: &str = "(CASE r.urgency WHEN 'urgent' THEN 0 ELSE 1 END), \
    COALESCE(r.due_date, '9999-12-31'), r.id";

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
fn desk_condition(column: &str, desk: Desk, conditions: &mut Conditions) -> String {
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
struct TimelineRow {
    id: Uuid,
    event: String,
    actor_id: Uuid,
    organization_id: Uuid,
    comment: Option<Vec<u8>>,
    at: OffsetDateTime,
}

/// The case an accepted inbound referral opens, and the consents recorded on it.
struct Opening {
    case: NewCase,
    consent_given_on: Option<Date>,
    sender_kind: OrganizationKind,
}

/// A referral's inline subject as stored.
#[derive(FromRow)]
struct SubjectRow {
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
    date_of_birth: Option<Vec<u8>>,
    phone: Option<Vec<u8>>,
    address: Option<Vec<u8>>,
    document_number: Option<Vec<u8>>,
}

impl Store {
    /// Creates a referral (sent at once when `new.send`), and audits it. A referral from a
    /// case is refused with [`StoreError::NotFound`] when the case is outside the scope,
    /// and an identity disclosure with [`StoreError::ConsentRequired`] unless the case
    /// holds a data_sharing consent, not withdrawn, covering the receiver's kind: checked
    /// in the same transaction, so a consent withdrawn meanwhile cannot slip through.
    pub async fn create_referral(
        &self,
        new: &NewReferral,
        context: &AuditContext,
    ) -> Result<ReferralId, StoreError> {
        let keys = self.keys()?;
        let id = ReferralId(Uuid::now_v7());
        let message = new
            .message
            .as_deref()
            .map(|m| keys.seal("referrals", "message", id.0, m))
            .transpose()?;
        let subject = match &new.origin {
            Origin::Subject(subject) => Some((
                subject,
                seal_person(keys, "referrals", id.0, &subject.person)?,
                serde_json::to_string(&subject.trafficking)
                    .map_err(|_| corrupt("referrals.subject_trafficking")())?,
            )),
            Origin::Case { .. } => None,
        };
        let status = if new.send {
            ReferralStatus::Sent
        } else {
            ReferralStatus::Draft
        };
        let event = AuditEvent::success("referral.create", "referral", id).with_details(
            serde_json::json!({
                "to_organization_id": new.to_organization_id,
                "disclosure": new.disclosure,
                "status": status,
            })
            .to_string(),
        );
        let kind = new.to_organization_kind.as_str();
        // On PostgreSQL, writers run side by side and the row read here is otherwise not
        // locked: a withdrawal committing between this check and the commit below would
        // look for the referrals relying on the consent before this one is visible, and the
        // referral would go on disclosing the person. Locking the consent rows makes the
        // withdrawal wait for this referral (and then remove its identity), or makes this
        // check wait for the withdrawal (and then find the consent no longer valid).
        // SQLite's writers take turns, so there is nothing to lock.
        let valid_consents = match self.kind() {
            BackendKind::Sqlite => {
                "SELECT id, organization_kinds FROM consents \
                 WHERE case_id = $1 AND kind = $2 AND withdrawn_on IS NULL ORDER BY id DESC"
            }
            BackendKind::Postgres => {
                "SELECT id, organization_kinds FROM consents \
                 WHERE case_id = $1 AND kind = $2 AND withdrawn_on IS NULL ORDER BY id DESC \
                 FOR SHARE"
            }
        };
        write_tx!(self, |tx| {
            let (case_id, province, consent_id) = match &new.origin {
                Origin::Case { case_id, scope } => {
                    let province: Option<String> = sqlx::query_scalar(
                        "SELECT province FROM cases WHERE id = $1 \
                         AND ($2 IS NULL OR assigned_to = $2)",
                    )
                    .bind(case_id.0)
                    .bind(scope.assignee())
                    .fetch_optional(&mut *tx)
                    .await?;
                    let Some(province) = province else {
                        return Err(StoreError::NotFound);
                    };
                    let consent = if new.disclosure == Disclosure::Identity {
                        let valid: Vec<(Uuid, String)> = sqlx::query_as(valid_consents)
                            .bind(case_id.0)
                            .bind(ConsentKind::DataSharing.as_str())
                            .fetch_all(&mut *tx)
                            .await?;
                        let covering = valid
                            .into_iter()
                            .find(|(_, kinds)| kinds.split_whitespace().any(|k| k == kind));
                        let Some((consent, _)) = covering else {
                            return Err(StoreError::ConsentRequired);
                        };
                        Some(consent)
                    } else {
                        None
                    };
                    (Some(case_id.0), province, consent)
                }
                Origin::Subject(subject) => (None, subject.province.code().to_owned(), None),
            };
            let person = subject.as_ref().map(|(s, _, _)| &s.person);
            let sealed = subject.as_ref().map(|(_, sealed, _)| sealed);
            sqlx::query(
                "INSERT INTO referrals (id, from_organization_id, to_organization_id, case_id, \
                 status, purpose, disclosure, urgency, due_date, province, consent_id, \
                 key_version, message, subject_category, subject_identified_on, \
                 subject_consent_given_on, subject_sex, subject_citizenship, \
                 subject_estimated_age, subject_age_group, subject_trafficking, given_name, \
                 family_name, fathers_name, date_of_birth, phone, address, document_number, \
                 created_by, version, created_at, updated_at, sent_at) VALUES ($1, $2, $3, $4, \
                 $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, \
                 $22, $23, $24, $25, $26, $27, $28, $29, 1, $30, $30, \
                 CASE WHEN $5 = 'sent' THEN $30 END)",
            )
            .bind(id.0)
            .bind(new.from_organization_id.0)
            .bind(new.to_organization_id.0)
            .bind(case_id)
            .bind(status.as_str())
            .bind(new.purpose.as_str())
            .bind(new.disclosure.as_str())
            .bind(new.urgency.as_str())
            .bind(new.due_date)
            .bind(&province)
            .bind(consent_id)
            .bind(i64::from(keys.current_version()))
            .bind(&message)
            .bind(subject.as_ref().map(|(s, _, _)| s.category.as_str()))
            .bind(subject.as_ref().map(|(s, _, _)| s.identified_on))
            .bind(subject.as_ref().and_then(|(s, _, _)| s.consent_given_on))
            .bind(person.map(|p| p.sex.as_str()))
            .bind(person.map(|p| p.citizenship.code()))
            .bind(person.and_then(|p| p.estimated_age.map(i32::from)))
            .bind(
                subject
                    .as_ref()
                    .and_then(|(s, _, _)| s.person.age_group(s.identified_on))
                    .map(|g| g.as_str()),
            )
            .bind(subject.as_ref().map(|(_, _, trafficking)| trafficking))
            .bind(sealed.map(|s| s.given_name.clone()))
            .bind(sealed.and_then(|s| s.family_name.clone()))
            .bind(sealed.and_then(|s| s.fathers_name.clone()))
            .bind(sealed.and_then(|s| s.date_of_birth.clone()))
            .bind(sealed.and_then(|s| s.phone.clone()))
            .bind(sealed.and_then(|s| s.address.clone()))
            .bind(sealed.and_then(|s| s.document_number.clone()))
            .bind(context.actor_id.map(|u| u.0))
            .bind(context.at)
            .execute(&mut *tx)
            .await?;
            if new.send {
                sqlx::query(
                    "INSERT INTO referral_timeline (id, referral_id, event, actor_id, \
                     organization_id, key_version, comment, at) \
                     VALUES ($1, $2, 'send', $3, $4, $5, NULL, $6)",
                )
                .bind(Uuid::now_v7())
                .bind(id.0)
                .bind(context.actor_id.map(|u| u.0))
                .bind(new.from_organization_id.0)
                .bind(i64::from(keys.current_version()))
                .bind(context.at)
                .execute(&mut *tx)
                .await?;
            }
            append_audit!(self, tx, context, &event);
        });
        Ok(id)
    }

    /// The referral, with its message opened, if `scope` lets the caller see it.
    pub async fn referral_for(
        &self,
        id: ReferralId,
        scope: ReferralScope,
    ) -> Result<Option<SeenReferral>, StoreError> {
        let keys = self.keys()?;
        let mut conditions = Conditions::default();
        let (sends, receives) = side_conditions(scope, &mut conditions);
        let id_placeholder = conditions.placeholder(Param::Id(id.0));
        let sql = format!(
            "SELECT {REFERRAL_COLUMNS}, CASE WHEN {sends} THEN 1 ELSE 0 END AS sends \
             FROM referrals r LEFT JOIN cases c ON c.id = r.case_id \
             WHERE r.id = {id_placeholder} AND ({sends} OR {receives})"
        );
        let row: Option<ReferralRow> = fetch_with!(self, sql, conditions, fetch_optional)?;
        row.map(|row| row.seen(Some(keys))).transpose()
    }

    /// The referrals `scope` lets the caller see, matching `filter`, sorted by urgency
    /// then due date, after `cursor`, at most `limit`. Messages are not opened.
    pub async fn list_referrals(
        &self,
        scope: ReferralScope,
        filter: &ReferralFilter,
        cursor: Option<ReferralCursor>,
        limit: u32,
    ) -> Result<Vec<SeenReferral>, StoreError> {
        let mut conditions = Conditions::default();
        let (sends, receives) = side_conditions(scope, &mut conditions);
        let visible = match filter.mailbox {
            Some(Mailbox::Inbox) => receives.clone(),
            Some(Mailbox::Outbox) => sends.clone(),
            None => format!("({sends} OR {receives})"),
        };
        let mut clauses = vec![visible];
        if let Some(status) = filter.status {
            let p = conditions.placeholder(Param::Text(status.as_str()));
            clauses.push(format!("r.status = {p}"));
        }
        if let Some(purpose) = filter.purpose {
            let p = conditions.placeholder(Param::Text(purpose.as_str()));
            clauses.push(format!("r.purpose = {p}"));
        }
        if let Some(province) = filter.province {
            let p = conditions.placeholder(Param::Text(province.code()));
            clauses.push(format!("r.province = {p}"));
        }
        if let Some((overdue, today)) = filter.overdue {
            let p = conditions.placeholder(Param::Date(today));
            let condition = format!("(r.status IN ('sent', 'acknowledged') AND r.due_date < {p})");
            clauses.push(if overdue {
                condition
            } else {
                // A missing due date makes the condition NULL, not false: COALESCE.
                format!("NOT COALESCE({condition}, FALSE)")
            });
        }
        if let Some(cursor) = cursor {
            let rank = conditions.placeholder(Param::Int(match cursor.urgency {
                Urgency::Urgent => 0,
                Urgency::Normal => 1,
            }));
            let due = conditions.placeholder(Param::Date(cursor.due_date.unwrap_or(NO_DUE_DATE)));
            let after = conditions.placeholder(Param::Id(cursor.id.0));
            clauses.push(format!("({SORT_KEY}) > ({rank}, {due}, {after})"));
        }
        let sql = format!(
            "SELECT {REFERRAL_COLUMNS}, CASE WHEN {sends} THEN 1 ELSE 0 END AS sends \
             FROM referrals r LEFT JOIN cases c ON c.id = r.case_id \
             WHERE {} ORDER BY {SORT_KEY} LIMIT {limit}",
            clauses.join(" AND ")
        );
        let rows: Vec<ReferralRow> = fetch_with!(self, sql, conditions, fetch_all)?;
        rows.iter().map(|row| row.seen(None)).collect()
    }

    /// The referral's timeline, oldest first, with comments opened.
    pub async fn referral_timeline(
        &self,
        id: ReferralId,
    ) -> Result<Vec<TimelineEntry>, StoreError> {
        let keys = self.keys()?;
        let rows: Vec<TimelineRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT id, event, actor_id, organization_id, comment, at \
                 FROM referral_timeline WHERE referral_id = $1 ORDER BY id",
            )
            .bind(id.0)
            .fetch_all(pool)
            .await
        })?;
        rows.iter()
            .map(|row| {
                Ok(TimelineEntry {
                    at: row.at,
                    actor: UserId(row.actor_id),
                    organization: OrganizationId(row.organization_id),
                    event: parse::<TimelineEvent>(&row.event, "referral_timeline.event")?,
                    comment: row
                        .comment
                        .as_deref()
                        .map(|c| keys.open("referral_timeline", "comment", row.id, c))
                        .transpose()?,
                })
            })
            .collect()
    }

    /// The person's identity as the referral discloses it — from the case, or from the
    /// ministry's inline subject — or `None` when it discloses none. The read is audited
    /// before the identity is returned.
    pub async fn referral_identity(
        &self,
        referral: &Referral,
        context: &AuditContext,
    ) -> Result<Option<Person>, StoreError> {
        if referral.disclosure != Disclosure::Identity {
            return Ok(None);
        }
        let person = if referral.inbound {
            let Some((subject, _)) = self.inbound_subject(referral.id).await? else {
                return Ok(None);
            };
            subject.person
        } else {
            let Some(case_id) = referral.case_id else {
                return Ok(None);
            };
            let Some(case) = self.case_for_change(case_id, CaseScope::All).await? else {
                return Ok(None);
            };
            case.person
        };
        self.record_audit(
            context,
            &AuditEvent::success("referral.identity_read", "referral", referral.id),
        )
        .await?;
        Ok(Some(person))
    }

    /// The inline subject of a ministry's referral, identity opened, with the referring
    /// organisation; `None` for a referral made from a case. Not audited: callers audit
    /// what they do with it.
    async fn inbound_subject(
        &self,
        id: ReferralId,
    ) -> Result<Option<(NewSubject, OrganizationId)>, StoreError> {
        let keys = self.keys()?;
        let row: Option<SubjectRow> = on_backend!(self, |pool| {
            sqlx::query_as(
                "SELECT from_organization_id, province, subject_category, \
                 subject_identified_on, subject_consent_given_on, subject_sex, \
                 subject_citizenship, subject_estimated_age, subject_trafficking, given_name, \
                 family_name, fathers_name, date_of_birth, phone, address, document_number \
                 FROM referrals WHERE id = $1 AND subject_category IS NOT NULL",
            )
            .bind(id.0)
            .fetch_optional(pool)
            .await
        })?;
        let Some(row) = row else {
            return Ok(None);
        };
        let missing = |column: &'static str| corrupt(column);
        let given_name = row.given_name.ok_or_else(missing("referrals.given_name"))?;
        let sex = row
            .subject_sex
            .ok_or_else(missing("referrals.subject_sex"))?;
        let citizenship = row
            .subject_citizenship
            .ok_or_else(missing("referrals.subject_citizenship"))?;
        let person = open_person(
            keys,
            "referrals",
            id.0,
            &PersonColumns {
                given_name: &given_name,
                family_name: &row.family_name,
                fathers_name: &row.fathers_name,
                date_of_birth: &row.date_of_birth,
                phone: &row.phone,
                address: &row.address,
                document_number: &row.document_number,
                sex: &sex,
                citizenship: &citizenship,
                estimated_age: row.subject_estimated_age,
            },
        )?;
        let trafficking = row
            .subject_trafficking
            .ok_or_else(missing("referrals.subject_trafficking"))?;
        let subject = NewSubject {
            category: parse(
                row.subject_category.as_deref().unwrap_or_default(),
                "referrals.subject_category",
            )?,
            province: parse(&row.province, "referrals.province")?,
            identified_on: row
                .subject_identified_on
                .ok_or_else(missing("referrals.subject_identified_on"))?,
            person,
            trafficking: serde_json::from_str(&trafficking)
                .map_err(|_| corrupt("referrals.subject_trafficking")())?,
            consent_given_on: row.subject_consent_given_on,
        };
        Ok(Some((subject, OrganizationId(row.from_organization_id))))
    }

    /// Records `action` on the referral, which the caller found in status `from`: the
    /// status changes only if it still is `from` (else [`StoreError::Conflict`], the
    /// referral moved meanwhile), the timeline gains the entry, and the audit log the
    /// transition.
    pub async fn transition_referral(
        &self,
        id: ReferralId,
        from: ReferralStatus,
        action: ReferralAction,
        comment: Option<&str>,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        self.apply_referral_action(id, from, action, comment, None, context)
            .await
            .map(|_| ())
    }

    /// Accepts a ministry's referral about a person IOM did not know: in one transaction,
    /// the referral becomes `accepted`, a case opens for the subject, the person's consent
    /// to be referred is recorded on it as `assistance` and `data_sharing`, and the
    /// referral points at the case. Returns the new case.
    pub async fn accept_inbound_referral(
        &self,
        id: ReferralId,
        from: ReferralStatus,
        comment: Option<&str>,
        intake: Intake,
        context: &AuditContext,
    ) -> Result<CaseId, StoreError> {
        let Some((subject, sender)) = self.inbound_subject(id).await? else {
            return Err(StoreError::NotFound);
        };
        let opening = Opening {
            case: NewCase {
                category: subject.category,
                province: subject.province,
                identified_on: subject.identified_on,
                identified_by_organization_id: sender,
                assigned_to: intake.assigned_to,
                person: subject.person,
                trafficking: subject.trafficking,
            },
            consent_given_on: subject.consent_given_on,
            sender_kind: intake.sender_kind,
        };
        self.apply_referral_action(
            id,
            from,
            ReferralAction::Accept,
            comment,
            Some(&opening),
            context,
        )
        .await?
        .ok_or(StoreError::NotFound)
    }

    async fn apply_referral_action(
        &self,
        id: ReferralId,
        from: ReferralStatus,
        action: ReferralAction,
        comment: Option<&str>,
        intake: Option<&Opening>,
        context: &AuditContext,
    ) -> Result<Option<CaseId>, StoreError> {
        let keys = self.keys()?;
        let to = action.target();
        let entry_id = Uuid::now_v7();
        let sealed_comment = comment
            .map(|c| keys.seal("referral_timeline", "comment", entry_id, c))
            .transpose()?;
        let event = AuditEvent::success(
            match action {
                ReferralAction::Send => "referral.send",
                ReferralAction::Acknowledge => "referral.acknowledge",
                ReferralAction::Accept => "referral.accept",
                ReferralAction::Decline => "referral.decline",
                ReferralAction::Complete => "referral.complete",
                ReferralAction::Withdraw => "referral.withdraw",
            },
            "referral",
            id,
        )
        .with_details(serde_json::json!({ "from": from, "to": to }).to_string());
        let case_id = intake.map(|_| CaseId(Uuid::now_v7()));
        let consent_ids = (Uuid::now_v7(), Uuid::now_v7());
        write_tx!(self, |tx| {
            let updated = sqlx::query(
                "UPDATE referrals SET status = $3, version = version + 1, updated_at = $4, \
                 sent_at = CASE WHEN $3 = 'sent' THEN $4 ELSE sent_at END \
                 WHERE id = $1 AND status = $2",
            )
            .bind(id.0)
            .bind(from.as_str())
            .bind(to.as_str())
            .bind(context.at)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::Conflict("referral_status"));
            }
            sqlx::query(
                "INSERT INTO referral_timeline (id, referral_id, event, actor_id, \
                 organization_id, key_version, comment, at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
            )
            .bind(entry_id)
            .bind(id.0)
            .bind(TimelineEvent::from(action).as_str())
            .bind(context.actor_id.map(|u| u.0))
            .bind(context.actor_organization_id.map(|o| o.0))
            .bind(i64::from(keys.current_version()))
            .bind(&sealed_comment)
            .bind(context.at)
            .execute(&mut *tx)
            .await?;
            append_audit!(self, tx, context, &event);
            if let (Some(intake), Some(case_id)) = (intake, case_id) {
                insert_case!(tx, keys, case_id, &intake.case, context.at);
                append_audit!(
                    self,
                    tx,
                    context,
                    &AuditEvent::success("case.create", "case", case_id)
                        .with_details(serde_json::json!({ "from_referral": id }).to_string())
                );
                let mut data_sharing = None;
                if let Some(given_on) = intake.consent_given_on {
                    for (consent_id, kind, kinds) in [
                        (consent_ids.0, ConsentKind::Assistance, ""),
                        (
                            consent_ids.1,
                            ConsentKind::DataSharing,
                            intake.sender_kind.as_str(),
                        ),
                    ] {
                        sqlx::query(
                            "INSERT INTO consents (id, case_id, kind, given_on, \
                             organization_kinds, recorded_by, recorded_at) \
                             VALUES ($1, $2, $3, $4, $5, $6, $7)",
                        )
                        .bind(consent_id)
                        .bind(case_id.0)
                        .bind(kind.as_str())
                        .bind(given_on)
                        .bind(kinds)
                        .bind(context.actor_id.map(|u| u.0))
                        .bind(context.at)
                        .execute(&mut *tx)
                        .await?;
                        append_audit!(
                            self,
                            tx,
                            context,
                            &AuditEvent::success("consent.record", "consent", consent_id)
                                .with_details(
                                    serde_json::json!({ "case_id": case_id }).to_string()
                                )
                        );
                    }
                    data_sharing = Some(consent_ids.1);
                }
                sqlx::query("UPDATE referrals SET case_id = $2, consent_id = $3 WHERE id = $1")
                    .bind(id.0)
                    .bind(case_id.0)
                    .bind(data_sharing)
                    .execute(&mut *tx)
                    .await?;
            }
        });
        Ok(case_id)
    }
}

/// Inside the consent-withdrawal transaction: every referral whose identity disclosure
/// relied on the consent `$consent` stops disclosing it, and its timeline says so. A macro
/// for the same reason as `insert_case!`: each backend has its own transaction type.
macro_rules! remove_identity_for_consent {
    ($store:expr, $tx:ident, $keys:expr, $consent:expr, $context:expr) => {{
        let affected: Vec<uuid::Uuid> = sqlx::query_scalar(
            "SELECT id FROM referrals WHERE consent_id = $1 AND disclosure = 'identity' \
             ORDER BY id",
        )
        .bind($consent)
        .fetch_all(&mut *$tx)
        .await?;
        for referral in affected {
            sqlx::query(
                "UPDATE referrals SET disclosure = 'anonymised', version = version + 1, \
                 updated_at = $2 WHERE id = $1",
            )
            .bind(referral)
            .bind($context.at)
            .execute(&mut *$tx)
            .await?;
            sqlx::query(
                "INSERT INTO referral_timeline (id, referral_id, event, actor_id, \
                 organization_id, key_version, comment, at) \
                 VALUES ($1, $2, 'identity_removed', $3, $4, $5, NULL, $6)",
            )
            .bind(uuid::Uuid::now_v7())
            .bind(referral)
            .bind($context.actor_id.map(|u| u.0))
            .bind($context.actor_organization_id.map(|o| o.0))
            .bind(i64::from($keys.current_version()))
            .bind($context.at)
            .execute(&mut *$tx)
            .await?;
            $crate::audit::append_audit!(
                $store,
                $tx,
                $context,
                &panah_domain::AuditEvent::success(
                    "referral.identity_removed",
                    "referral",
                    referral
                )
            );
        }
    }};
}
pub(crate) use remove_identity_for_consent;
