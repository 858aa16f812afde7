//! Case files. The person's identity is sealed field by field before it reaches SQL and
//! opened after it leaves; lists never open anything. Every query takes a [`CaseScope`],
//! turned into a `WHERE` clause, so out-of-scope rows are never read.

use panah_domain::{
    AgeGroup, AuditContext, AuditEvent, Case, CaseCategory, CaseId, CaseStatus, CaseSummary,
    OrganizationId, Person, PersonNames, Province, TraffickingProfile, UserId,
};
use sqlx::FromRow;
use time::{Date, OffsetDateTime};
use uuid::Uuid;

use crate::audit::append_audit;
use crate::columns::{corrupt, parse};
use crate::crypto::{FieldKeys, IndexKind};
use crate::idempotency::once_per_claim;
use crate::person::{PersonColumns, open_person, seal_person};
use crate::query::{Conditions, Param, fetch_with};
use crate::store::{on_backend, write_tx};
use crate::{Store, StoreError};

/// Which cases a caller may see: all of IOM's, or only those assigned to one caseworker.
/// The application layer derives it from the policy; the store turns it into SQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CaseScope {
    /// Every case (case managers).
    All,
    /// Cases assigned to this user (caseworkers).
    AssignedTo(UserId),
}

impl CaseScope {
    /// The assignee the scope restricts to, if any: the bind value of an
    /// `($n IS NULL OR assigned_to = $n)` clause.
    pub(crate) fn assignee(self) -> Option<Uuid> {
        match self {
            CaseScope::All => None,
            CaseScope::AssignedTo(user) => Some(user.0),
        }
    }
}

/// A case to register.
#[derive(Debug, Clone)]
pub struct NewCase {
    /// Category.
    pub category: CaseCategory,
    /// Province of identification (and of the case number).
    pub province: Province,
    /// Date of identification (its year numbers the case).
    pub identified_on: Date,
    /// Who identified the person.
    pub identified_by_organization_id: OrganizationId,
    /// The caseworker responsible.
    pub assigned_to: Option<UserId>,
    /// The person.
    pub person: Person,
    /// The trafficking profile.
    pub trafficking: TraffickingProfile,
}

/// Changes to a case; `None` leaves a field as it is. The caller has checked who may make
/// them (status workflow, assignment) against the case as it read it.
#[derive(Debug, Clone, Default)]
pub struct CaseChanges {
    /// New status.
    pub status: Option<CaseStatus>,
    /// New assignee (`Some(None)` unassigns).
    pub assigned_to: Option<Option<UserId>>,
    /// New category.
    pub category: Option<CaseCategory>,
    /// New province (the case number stays).
    pub province: Option<Province>,
    /// The whole person, replacing the old.
    pub person: Option<Person>,
    /// The whole trafficking profile, replacing the old.
    pub trafficking: Option<TraffickingProfile>,
}

impl CaseChanges {
    /// The names of the fields that change, for the audit entry.
    fn names(&self) -> Vec<&'static str> {
        let fields = [
            ("status", self.status.is_some()),
            ("assigned_to", self.assigned_to.is_some()),
            ("category", self.category.is_some()),
            ("province", self.province.is_some()),
            ("person", self.person.is_some()),
            ("trafficking", self.trafficking.is_some()),
        ];
        fields
            .iter()
            .filter(|(_, set)| *set)
            .map(|(n, _)| *n)
            .collect()
    }
}

/// Filters of the case list. Empty filters match everything.
#[derive(Debug, Clone, Default)]
pub struct CaseFilter {
    /// Only cases with this status.
    pub status: Option<CaseStatus>,
    /// Only cases of this province.
    pub province: Option<Province>,
    /// Only cases of this category.
    pub category: Option<CaseCategory>,
    /// Only cases assigned to this user.
    pub assigned_to: Option<UserId>,
}

/// What a search looks for: each given term must match exactly after normalisation.
#[derive(Debug, Clone, Default)]
pub struct SearchTerms {
    /// Given name.
    pub given_name: Option<String>,
    /// Family name.
    pub family_name: Option<String>,
    /// Phone number.
    pub phone: Option<String>,
    /// Identity document number.
    pub document_number: Option<String>,
}

const CASE_COLUMNS: &str = "id, case_number, category, status, province, identified_on, \
    identified_by_organization_id, assigned_to, sex, citizenship, estimated_age, age_group, \
    trafficking, given_name, family_name, fathers_name, other_script_given_name, \
    other_script_family_name, date_of_birth, phone, address, document_number, version, \
    created_at, updated_at";

const SUMMARY_COLUMNS: &str = "id, case_number, category, status, province, identified_on, \
    assigned_to, sex, citizenship, age_group, version, created_at, updated_at";

#[derive(FromRow)]
struct CaseRow {
    id: Uuid,
    case_number: String,
    category: String,
    status: String,
    province: String,
    identified_on: Date,
    identified_by_organization_id: Uuid,
    assigned_to: Option<Uuid>,
    sex: String,
    citizenship: String,
    estimated_age: Option<i32>,
    age_group: Option<String>,
    trafficking: String,
    given_name: Vec<u8>,
    family_name: Option<Vec<u8>>,
    fathers_name: Option<Vec<u8>>,
    other_script_given_name: Option<Vec<u8>>,
    other_script_family_name: Option<Vec<u8>>,
    date_of_birth: Option<Vec<u8>>,
    phone: Option<Vec<u8>>,
    address: Option<Vec<u8>>,
    document_number: Option<Vec<u8>>,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

#[derive(FromRow)]
struct SummaryRow {
    id: Uuid,
    case_number: String,
    category: String,
    status: String,
    province: String,
    identified_on: Date,
    assigned_to: Option<Uuid>,
    sex: String,
    citizenship: String,
    age_group: Option<String>,
    version: i64,
    created_at: OffsetDateTime,
    updated_at: OffsetDateTime,
}

impl CaseRow {
    fn case(&self, keys: &FieldKeys) -> Result<Case, StoreError> {
        let person = open_person(
            keys,
            "cases",
            self.id,
            &PersonColumns {
                given_name: &self.given_name,
                family_name: &self.family_name,
                fathers_name: &self.fathers_name,
                other_script_given_name: &self.other_script_given_name,
                other_script_family_name: &self.other_script_family_name,
                date_of_birth: &self.date_of_birth,
                phone: &self.phone,
                address: &self.address,
                document_number: &self.document_number,
                sex: &self.sex,
                citizenship: &self.citizenship,
                estimated_age: self.estimated_age,
            },
        )?;
        Ok(Case {
            id: CaseId(self.id),
            case_number: parse(&self.case_number, "cases.case_number")?,
            category: parse(&self.category, "cases.category")?,
            status: parse(&self.status, "cases.status")?,
            province: parse(&self.province, "cases.province")?,
            identified_on: self.identified_on,
            identified_by_organization_id: OrganizationId(self.identified_by_organization_id),
            assigned_to: self.assigned_to.map(UserId),
            person,
            trafficking: serde_json::from_str(&self.trafficking)
                .map_err(|_| corrupt("cases.trafficking")())?,
            age_group: self
                .age_group
                .as_deref()
                .map(|g| parse::<AgeGroup>(g, "cases.age_group"))
                .transpose()?,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

impl SummaryRow {
    fn summary(&self) -> Result<CaseSummary, StoreError> {
        Ok(CaseSummary {
            id: CaseId(self.id),
            case_number: parse(&self.case_number, "cases.case_number")?,
            category: parse(&self.category, "cases.category")?,
            status: parse(&self.status, "cases.status")?,
            province: parse(&self.province, "cases.province")?,
            identified_on: self.identified_on,
            assigned_to: self.assigned_to.map(UserId),
            sex: parse(&self.sex, "cases.sex")?,
            age_group: self
                .age_group
                .as_deref()
                .map(|g| parse::<AgeGroup>(g, "cases.age_group"))
                .transpose()?,
            citizenship: parse(&self.citizenship, "cases.citizenship")?,
            version: self.version,
            created_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Inserts the case `$new` with id `$id` inside the write transaction `$tx`: numbers it
/// (race-free: the counter row is incremented inside the transaction) and seals the
/// identity. A macro, not a function, because each backend has its own transaction type;
/// used by case registration and by the acceptance of a ministry's referral.
macro_rules! insert_case {
    ($tx:ident, $keys:expr, $id:expr, $new:expr, $at:expr) => {{
        let keys: &$crate::FieldKeys = $keys;
        let id: panah_domain::CaseId = $id;
        let new: &$crate::NewCase = $new;
        let sealed = $crate::person::seal_person(keys, "cases", id.0, &new.person)?;
        let age_group = new.person.age_group(new.identified_on).map(|g| g.as_str());
        let trafficking =
            serde_json::to_string(&new.trafficking).map_err(|_| $crate::StoreError::Corrupt {
                column: "cases.trafficking",
            })?;
        let year = new.identified_on.year();
        let sequence: i64 = sqlx::query_scalar(
            "INSERT INTO case_number_counters (province, year, last) VALUES ($1, $2, 1) \
             ON CONFLICT (province, year) DO UPDATE SET last = case_number_counters.last + 1 \
             RETURNING last",
        )
        .bind(new.province.code())
        .bind(year)
        .fetch_one(&mut *$tx)
        .await?;
        let number = panah_domain::CaseNumber::new(
            new.province,
            year,
            u32::try_from(sequence).unwrap_or(0),
        );
        sqlx::query(
            "INSERT INTO cases (id, case_number, category, status, province, identified_on, \
             identified_by_organization_id, assigned_to, sex, citizenship, estimated_age, \
             age_group, trafficking, key_version, given_name, family_name, fathers_name, \
             date_of_birth, phone, address, document_number, given_name_index, \
             family_name_index, phone_index, document_number_index, version, created_at, \
             updated_at, other_script_given_name, other_script_family_name, \
             other_script_given_name_index, other_script_family_name_index, \
             search_index_version) VALUES ($1, $2, $3, 'open', $4, $5, $6, $7, $8, $9, $10, \
             $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $22, $23, $24, 1, $25, \
             $25, $26, $27, $28, $29, $30)",
        )
        .bind(id.0)
        .bind(number.as_str())
        .bind(new.category.as_str())
        .bind(new.province.code())
        .bind(new.identified_on)
        .bind(new.identified_by_organization_id.0)
        .bind(new.assigned_to.map(|u| u.0))
        .bind(new.person.sex.as_str())
        .bind(new.person.citizenship.code())
        .bind(new.person.estimated_age.map(i32::from))
        .bind(age_group)
        .bind(&trafficking)
        .bind(i64::from(keys.current_version()))
        .bind(&sealed.given_name)
        .bind(&sealed.family_name)
        .bind(&sealed.fathers_name)
        .bind(&sealed.date_of_birth)
        .bind(&sealed.phone)
        .bind(&sealed.address)
        .bind(&sealed.document_number)
        .bind(&sealed.given_name_index)
        .bind(&sealed.family_name_index)
        .bind(&sealed.phone_index)
        .bind(&sealed.document_number_index)
        .bind($at)
        .bind(&sealed.other_script_given_name)
        .bind(&sealed.other_script_family_name)
        .bind(&sealed.other_script_given_name_index)
        .bind(&sealed.other_script_family_name_index)
        .bind($crate::crypto::SEARCH_INDEX_VERSION)
        .execute(&mut *$tx)
        .await?;
    }};
}
pub(crate) use insert_case;

impl Store {
    /// Registers a case: numbers it (race-free: the counter row is incremented inside
    /// the transaction), seals the identity, and audits the creation.
    pub async fn create_case(
        &self,
        new: &NewCase,
        context: &AuditContext,
    ) -> Result<CaseId, StoreError> {
        let keys = self.keys()?;
        let id = CaseId(Uuid::now_v7());
        let event = AuditEvent::success("case.create", "case", id);
        let created = write_tx!(self, |tx| {
            once_per_claim!(tx, context, id.0, {
                // The entry first: the province's number counter, which registrations in
                // that province queue on, is then held only while the row is inserted and
                // committed, not while the audit lane is taken and appended to.
                append_audit!(self, tx, context, &event);
                insert_case!(tx, keys, id, new, context.at);
            })
        });
        Ok(CaseId(created))
    }

    /// The case with its identity opened, if it is in `scope`. The read of the identity is
    /// audited before the case is returned (in a group commit with other reads; see
    /// [`Store::record_audit`]), so nothing is shown that the log does not hold.
    pub async fn read_case(
        &self,
        id: CaseId,
        scope: CaseScope,
        context: &AuditContext,
    ) -> Result<Option<Case>, StoreError> {
        let Some(case) = self.case_for_change(id, scope).await? else {
            return Ok(None);
        };
        self.record_audit(context, &AuditEvent::success("case.read", "case", id))
            .await?;
        Ok(Some(case))
    }

    /// Whether the case exists in `scope`, without opening anything: the gate for its
    /// consents, assistance and notes.
    pub async fn case_in_scope(&self, id: CaseId, scope: CaseScope) -> Result<bool, StoreError> {
        let found: Option<i32> = on_backend!(self, |pool| {
            sqlx::query_scalar(
                "SELECT 1 FROM cases WHERE id = $1 AND ($2 IS NULL OR assigned_to = $2)",
            )
            .bind(id.0)
            .bind(scope.assignee())
            .fetch_optional(pool)
            .await
        })?;
        Ok(found.is_some())
    }

    /// Cases in `scope` matching `filter`, newest first, after the case `before` (the
    /// cursor), at most `limit`. Nothing is opened: summaries hold no identity.
    pub async fn list_cases(
        &self,
        scope: CaseScope,
        filter: &CaseFilter,
        before: Option<CaseId>,
        limit: u32,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        let mut conditions = Conditions::default();
        if let Some(user) = scope.assignee() {
            conditions.push("assigned_to =", Param::Id(user));
        }
        if let Some(status) = filter.status {
            conditions.push("status =", Param::Text(status.as_str()));
        }
        if let Some(province) = filter.province {
            conditions.push("province =", Param::Text(province.code()));
        }
        if let Some(category) = filter.category {
            conditions.push("category =", Param::Text(category.as_str()));
        }
        if let Some(user) = filter.assigned_to {
            conditions.push("assigned_to =", Param::Id(user.0));
        }
        if let Some(before) = before {
            conditions.push("id <", Param::Id(before.0));
        }
        self.summaries(&conditions, limit).await
    }

    /// Cases in `scope` whose every given term matches exactly after normalisation, at
    /// most `limit`, each with the person's names, so that people sharing a given name
    /// can be told apart. A name term matches the name in either script. The search is
    /// audited with the fields searched (never their values), and each result's names as
    /// a read of its identity, before anything is returned.
    pub async fn search_cases(
        &self,
        scope: CaseScope,
        terms: &SearchTerms,
        limit: u32,
        context: &AuditContext,
    ) -> Result<Vec<(CaseSummary, PersonNames)>, StoreError> {
        let keys = self.keys()?;
        let index = |kind, value: &Option<String>| {
            value
                .as_deref()
                .map(|v| keys.blind_index(kind, v).unwrap_or_default())
        };
        let given = index(IndexKind::GivenName, &terms.given_name);
        let family = index(IndexKind::FamilyName, &terms.family_name);
        let phone = index(IndexKind::Phone, &terms.phone);
        let document = index(IndexKind::DocumentNumber, &terms.document_number);
        let fields: Vec<&str> = [
            ("given_name", given.is_some()),
            ("family_name", family.is_some()),
            ("phone", phone.is_some()),
            ("document_number", document.is_some()),
        ]
        .iter()
        .filter(|(_, set)| *set)
        .map(|(n, _)| *n)
        .collect();
        let mut conditions = Conditions::default();
        if let Some(user) = scope.assignee() {
            conditions.push("assigned_to =", Param::Id(user));
        }
        for (columns, index) in [
            (
                &["given_name_index", "other_script_given_name_index"][..],
                &given,
            ),
            (
                &["family_name_index", "other_script_family_name_index"][..],
                &family,
            ),
            (&["phone_index"][..], &phone),
            (&["document_number_index"][..], &document),
        ] {
            if let Some(index) = index {
                let placeholder = conditions.placeholder(Param::Bytes(index.clone()));
                let either: Vec<String> = columns
                    .iter()
                    .map(|column| format!("{column} = {placeholder}"))
                    .collect();
                conditions.sql.push(format!("({})", either.join(" OR ")));
            }
        }
        let sql = format!(
            "SELECT {CASE_COLUMNS} FROM cases{} ORDER BY id DESC LIMIT {limit}",
            conditions.where_clause()
        );
        let rows: Vec<CaseRow> = fetch_with!(self, sql, conditions, fetch_all)?;
        let found = rows
            .iter()
            .map(|row| {
                let case = row.case(keys)?;
                Ok((case.summary(), case.person.names()))
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let mut events = vec![AuditEvent {
            action: "case.search",
            target_type: Some("case"),
            target_id: None,
            outcome: panah_domain::Outcome::Success,
            details: Some(
                serde_json::json!({ "fields": fields, "results": found.len() }).to_string(),
            ),
        }];
        events.extend(found.iter().map(|(summary, _)| {
            AuditEvent::success("case.read", "case", summary.id).with_details(
                serde_json::json!({ "names_only": true, "via": "search" }).to_string(),
            )
        }));
        self.record_audits(context, &events).await?;
        Ok(found)
    }

    /// The newest `limit` cases meeting `conditions`, as summaries.
    async fn summaries(
        &self,
        conditions: &Conditions,
        limit: u32,
    ) -> Result<Vec<CaseSummary>, StoreError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS} FROM cases{} ORDER BY id DESC LIMIT {limit}",
            conditions.where_clause()
        );
        let rows: Vec<SummaryRow> = fetch_with!(self, sql, conditions, fetch_all)?;
        rows.iter().map(SummaryRow::summary).collect()
    }

    /// Applies `changes` if the case is in `scope` and still at `expected_version`, and
    /// audits which fields changed (never their values).
    pub async fn update_case(
        &self,
        id: CaseId,
        scope: CaseScope,
        expected_version: i64,
        changes: &CaseChanges,
        context: &AuditContext,
    ) -> Result<(), StoreError> {
        let keys = self.keys()?;
        let sealed = changes
            .person
            .as_ref()
            .map(|person| seal_person(keys, "cases", id.0, person))
            .transpose()?;
        let trafficking = changes
            .trafficking
            .as_ref()
            .map(serde_json::to_string)
            .transpose()
            .map_err(|_| StoreError::Corrupt {
                column: "cases.trafficking",
            })?;
        let event = AuditEvent::success("case.update", "case", id)
            .with_details(serde_json::json!({ "changed": changes.names() }).to_string());
        write_tx!(self, |tx| {
            // The identified date fixes the age group; read it in the same transaction.
            let identified_on: Option<Date> = sqlx::query_scalar(
                "SELECT identified_on FROM cases WHERE id = $1 AND ($2 IS NULL OR assigned_to = $2)",
            )
            .bind(id.0)
            .bind(scope.assignee())
            .fetch_optional(&mut *tx)
            .await?;
            let Some(identified_on) = identified_on else {
                return Err(StoreError::NotFound);
            };
            let person = changes.person.as_ref();
            let age_group = person.map(|p| p.age_group(identified_on).map(|g| g.as_str()));
            let updated = sqlx::query(
                "UPDATE cases SET \
                   status = COALESCE($3, status), \
                   assigned_to = CASE WHEN $4 THEN $5 ELSE assigned_to END, \
                   category = COALESCE($6, category), \
                   province = COALESCE($7, province), \
                   trafficking = COALESCE($8, trafficking), \
                   sex = COALESCE($10, sex), \
                   citizenship = COALESCE($11, citizenship), \
                   estimated_age = CASE WHEN $9 THEN $12 ELSE estimated_age END, \
                   age_group = CASE WHEN $9 THEN $13 ELSE age_group END, \
                   key_version = CASE WHEN $9 THEN $14 ELSE key_version END, \
                   given_name = CASE WHEN $9 THEN $15 ELSE given_name END, \
                   family_name = CASE WHEN $9 THEN $16 ELSE family_name END, \
                   fathers_name = CASE WHEN $9 THEN $17 ELSE fathers_name END, \
                   date_of_birth = CASE WHEN $9 THEN $18 ELSE date_of_birth END, \
                   phone = CASE WHEN $9 THEN $19 ELSE phone END, \
                   address = CASE WHEN $9 THEN $20 ELSE address END, \
                   document_number = CASE WHEN $9 THEN $21 ELSE document_number END, \
                   given_name_index = CASE WHEN $9 THEN $22 ELSE given_name_index END, \
                   family_name_index = CASE WHEN $9 THEN $23 ELSE family_name_index END, \
                   phone_index = CASE WHEN $9 THEN $24 ELSE phone_index END, \
                   document_number_index = CASE WHEN $9 THEN $25 ELSE document_number_index END, \
                   other_script_given_name = CASE WHEN $9 THEN $27 ELSE other_script_given_name END, \
                   other_script_family_name = CASE WHEN $9 THEN $28 ELSE other_script_family_name END, \
                   other_script_given_name_index = \
                     CASE WHEN $9 THEN $29 ELSE other_script_given_name_index END, \
                   other_script_family_name_index = \
                     CASE WHEN $9 THEN $30 ELSE other_script_family_name_index END, \
                   search_index_version = CASE WHEN $9 THEN $31 ELSE search_index_version END, \
                   version = version + 1, updated_at = $26 \
                 WHERE id = $1 AND version = $2",
            )
            .bind(id.0)
            .bind(expected_version)
            .bind(changes.status.map(|s| s.as_str()))
            .bind(changes.assigned_to.is_some())
            .bind(changes.assigned_to.flatten().map(|u| u.0))
            .bind(changes.category.map(|c| c.as_str()))
            .bind(changes.province.map(|p| p.code()))
            .bind(&trafficking)
            .bind(sealed.is_some())
            .bind(person.map(|p| p.sex.as_str()))
            .bind(person.map(|p| p.citizenship.code()))
            .bind(person.and_then(|p| p.estimated_age.map(i32::from)))
            .bind(age_group.flatten())
            .bind(i64::from(keys.current_version()))
            .bind(sealed.as_ref().map(|s| s.given_name.clone()))
            .bind(sealed.as_ref().and_then(|s| s.family_name.clone()))
            .bind(sealed.as_ref().and_then(|s| s.fathers_name.clone()))
            .bind(sealed.as_ref().and_then(|s| s.date_of_birth.clone()))
            .bind(sealed.as_ref().and_then(|s| s.phone.clone()))
            .bind(sealed.as_ref().and_then(|s| s.address.clone()))
            .bind(sealed.as_ref().and_then(|s| s.document_number.clone()))
            .bind(sealed.as_ref().and_then(|s| s.given_name_index.clone()))
            .bind(sealed.as_ref().and_then(|s| s.family_name_index.clone()))
            .bind(sealed.as_ref().and_then(|s| s.phone_index.clone()))
            .bind(
                sealed
                    .as_ref()
                    .and_then(|s| s.document_number_index.clone()),
            )
            .bind(context.at)
            .bind(sealed.as_ref().and_then(|s| s.other_script_given_name.clone()))
            .bind(sealed.as_ref().and_then(|s| s.other_script_family_name.clone()))
            .bind(
                sealed
                    .as_ref()
                    .and_then(|s| s.other_script_given_name_index.clone()),
            )
            .bind(
                sealed
                    .as_ref()
                    .and_then(|s| s.other_script_family_name_index.clone()),
            )
            .bind(crate::crypto::SEARCH_INDEX_VERSION)
            .execute(&mut *tx)
            .await?
            .rows_affected();
            if updated == 0 {
                return Err(StoreError::VersionMismatch);
            }
            append_audit!(self, tx, context, &event);
        });
        Ok(())
    }
}

impl Store {
    /// The case with its identity opened, for a change that will itself be audited: the
    /// caller merges its changes into it and then calls [`Store::update_case`]. Not
    /// audited as a read.
    pub async fn case_for_change(
        &self,
        id: CaseId,
        scope: CaseScope,
    ) -> Result<Option<Case>, StoreError> {
        let keys = self.keys()?;
        let row: Option<CaseRow> = on_backend!(self, |pool| {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "SELECT {CASE_COLUMNS} FROM cases WHERE id = $1 AND ($2 IS NULL OR assigned_to = $2)"
            )))
            .bind(id.0)
            .bind(scope.assignee())
            .fetch_optional(pool)
            .await
        })?;
        row.map(|row| row.case(keys)).transpose()
    }
}
