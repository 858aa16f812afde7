//! Queries built from the filters actually given, with their values bound in order.

use time::Date;
use uuid::Uuid;

/// A value bound to one condition of a query built from the filters actually given.
pub(crate) enum Param {
    Id(Uuid),
    Text(&'static str),
    Owned(String),
    Bytes(Vec<u8>),
    Date(Date),
    Int(i32),
}

/// The `WHERE` conditions of only the filters given. A catch-all condition such as
/// `($1 IS NULL OR province = $1)` would hide the indexes from the query planner, which
/// then scans every case.
#[derive(Default)]
pub(crate) struct Conditions {
    pub(crate) sql: Vec<String>,
    pub(crate) params: Vec<Param>,
}

impl Conditions {
    /// Adds `column_and_operator $n`, binding `param` to the next placeholder.
    pub(crate) fn push(&mut self, column_and_operator: &str, param: Param) {
        let placeholder = self.placeholder(param);
        self.sql
            .push(format!("{column_and_operator} {placeholder}"));
    }

    /// Binds `param` to the next placeholder and returns it (`$n`), for a condition
    /// written by the caller.
    pub(crate) fn placeholder(&mut self, param: Param) -> String {
        self.params.push(param);
        format!("${}", self.params.len())
    }

    pub(crate) fn where_clause(&self) -> String {
        if self.sql.is_empty() {
            String::new()
        } else {
            format!(" WHERE {}", self.sql.join(" AND "))
        }
    }
}

/// Runs a query built with [`Conditions`] placeholders, binding them in order.
macro_rules! fetch_with {
    ($store:expr, $sql:expr, $conditions:expr, $fetch:ident) => {
        $crate::query::fetch_with!($store, $sql, $conditions, $fetch, true)
    };
    // `$cached` false: a statement planned with its values each time it runs (see
    // `Store::list_referrals`), rather than prepared once and, after five runs, planned
    // by PostgreSQL for any values (a generic plan).
    ($store:expr, $sql:expr, $conditions:expr, $fetch:ident, $cached:expr) => {
        $crate::store::on_backend!($store, |pool| {
            let mut query = sqlx::query_as(sqlx::AssertSqlSafe($sql.clone())).persistent($cached);
            for param in &$conditions.params {
                query = match param {
                    $crate::query::Param::Id(id) => query.bind(*id),
                    $crate::query::Param::Text(text) => query.bind(*text),
                    $crate::query::Param::Owned(text) => query.bind(text.clone()),
                    $crate::query::Param::Bytes(bytes) => query.bind(bytes.clone()),
                    $crate::query::Param::Date(date) => query.bind(*date),
                    $crate::query::Param::Int(value) => query.bind(*value),
                };
            }
            query.$fetch(pool).await
        })
    };
}
pub(crate) use fetch_with;
