//! Organisations: the reference set seeded by the first migration, and those admins add.

use panah_domain::{Organization, OrganizationId};
use sqlx::FromRow;
use uuid::Uuid;

use crate::store::on_backend;
use crate::{Store, StoreError};

#[derive(FromRow)]
pub(crate) struct OrganizationRow {
    pub(crate) id: Uuid,
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) kind: String,
    pub(crate) province: Option<String>,
}

impl TryFrom<OrganizationRow> for Organization {
    type Error = StoreError;

    fn try_from(row: OrganizationRow) -> Result<Self, Self::Error> {
        Ok(Organization {
            id: OrganizationId(row.id),
            code: row.code.parse().map_err(|_| StoreError::Corrupt {
                column: "organizations.code",
            })?,
            name: row.name,
            kind: row.kind.parse().map_err(|_| StoreError::Corrupt {
                column: "organizations.kind",
            })?,
            province: row.province.map(|p| p.parse()).transpose().map_err(|_| {
                StoreError::Corrupt {
                    column: "organizations.province",
                }
            })?,
        })
    }
}

impl Store {
    /// Every organisation, ordered by code.
    pub async fn list_organizations(&self) -> Result<Vec<Organization>, StoreError> {
        let rows: Vec<OrganizationRow> = on_backend!(self, |pool| {
            sqlx::query_as("SELECT id, code, name, kind, province FROM organizations ORDER BY code")
                .fetch_all(pool)
                .await
        })?;
        rows.into_iter().map(Organization::try_from).collect()
    }
}

/// An organisation to add.
#[derive(Debug, Clone)]
pub struct NewOrganization {
    /// Its unique code.
    pub code: panah_domain::OrganizationCode,
    /// Its name.
    pub name: String,
    /// What it is.
    pub kind: panah_domain::OrganizationKind,
    /// Its province: required for a provincial office, absent for every other kind.
    pub province: Option<panah_domain::Province>,
}

impl Store {
    /// The organisation with this id.
    pub async fn get_organization(
        &self,
        id: OrganizationId,
    ) -> Result<Option<Organization>, StoreError> {
        let row: Option<OrganizationRow> = on_backend!(self, |pool| {
            sqlx::query_as("SELECT id, code, name, kind, province FROM organizations WHERE id = $1")
                .bind(id.0)
                .fetch_optional(pool)
                .await
        })?;
        row.map(Organization::try_from).transpose()
    }

    /// Adds an organisation and audits it. A taken code is
    /// `Conflict("organizations_code_key")`.
    pub async fn create_organization(
        &self,
        new: &NewOrganization,
        context: &panah_domain::AuditContext,
    ) -> Result<Organization, StoreError> {
        let id = OrganizationId(Uuid::now_v7());
        let event = panah_domain::AuditEvent::success("organization.create", "organization", id);
        let created = crate::store::write_tx!(self, |tx| {
            crate::idempotency::once_per_claim!(tx, context, id.0, {
                sqlx::query(
                "INSERT INTO organizations (id, code, name, kind, province) VALUES ($1, $2, $3, $4, $5)",
            )
            .bind(id.0)
            .bind(new.code.as_str())
            .bind(&new.name)
            .bind(new.kind.as_str())
            .bind(new.province.map(|p| p.code()))
            .execute(&mut *tx)
            .await
            .map_err(crate::store::map_conflict)?;
                crate::audit::append_audit!(self, tx, context, &event);
            })
        });
        self.get_organization(OrganizationId(created))
            .await?
            .ok_or(StoreError::NotFound)
    }
}
