//! Organisations: the reference set seeded by the first migration, and those admins add.

use panah_domain::{Organization, OrganizationId};
use sqlx::FromRow;
use uuid::Uuid;

use crate::store::on_backend;
use crate::{Store, StoreError};

#[derive(FromRow)]
struct OrganizationRow {
    id: Uuid,
    code: String,
    name: String,
    kind: String,
    province: Option<String>,
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
