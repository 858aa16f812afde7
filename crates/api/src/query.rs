//! Query strings, pagination and conditional requests: the conventions every list and
//! update shares.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

use crate::{ApiError, FieldError};

/// Query parameters of type `T`; malformed or unknown parameters are 422 naming every one
/// of them at once, without repeating the values sent.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiQuery<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for ApiQuery<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let query = parts.uri.query().unwrap_or_default();
        parse_query::<T>(query)
            .map(ApiQuery)
            .map_err(|first| ApiError::validation(every_problem::<T>(query, first)))
    }
}

/// The query string `query` as a `T`, or its first problem.
fn parse_query<T: DeserializeOwned>(query: &str) -> Result<T, FieldError> {
    let deserializer =
        serde_urlencoded::Deserializer::new(form_urlencoded::parse(query.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|error| {
        let path = error.path().to_string();
        let message = error.into_inner().to_string();
        crate::json::described(&path, &message, "query")
    })
}

/// Every problem of a query that does not parse, `first` among them. The parser stops
/// at the first; each parameter read alone shows its own problem (a required parameter
/// missing from it is not that one's), and the parameters without one, read together,
/// show what else is missing.
fn every_problem<T: DeserializeOwned>(query: &str, first: FieldError) -> Vec<FieldError> {
    let mut problems: Vec<FieldError> = Vec::new();
    let mut sound = form_urlencoded::Serializer::new(String::new());
    for (name, value) in form_urlencoded::parse(query.as_bytes()) {
        let alone = form_urlencoded::Serializer::new(String::new())
            .append_pair(&name, &value)
            .finish();
        match parse_query::<T>(&alone) {
            Err(problem) if problem.message != REQUIRED => {
                if !problems.contains(&problem) {
                    problems.push(problem);
                }
            }
            _ => {
                sound.append_pair(&name, &value);
            }
        }
    }
    if let Err(missing) = parse_query::<T>(&sound.finish())
        && !problems.contains(&missing)
    {
        problems.push(missing);
    }
    if !problems.contains(&first) {
        problems.insert(0, first);
    }
    problems
}

/// What a required parameter that was left out is told.
const REQUIRED: &str = "is required";

/// The default and largest page sizes.
pub const DEFAULT_LIMIT: u32 = 50;
/// The largest page size.
pub const MAX_LIMIT: u32 = 200;

/// `?limit=`: default 50, at most 200.
pub fn page_limit(limit: Option<u32>) -> Result<u32, ApiError> {
    match limit {
        None => Ok(DEFAULT_LIMIT),
        Some(n) if (1..=MAX_LIMIT).contains(&n) => Ok(n),
        Some(_) => Err(ApiError::invalid_field(
            "limit",
            "must be between 1 and 200",
        )),
    }
}

/// One page of a list.
#[derive(Debug, Serialize, ToSchema)]
pub struct Page<T> {
    /// The items of this page.
    pub items: Vec<T>,
    /// Pass as `?cursor=` for the next page; null on the last page.
    pub next_cursor: Option<String>,
}

/// An opaque cursor around a position such as the last id of a page.
pub fn encode_cursor(position: &str) -> String {
    URL_SAFE_NO_PAD.encode(position)
}

/// The position inside a cursor; a cursor this server did not make is 422.
pub fn decode_cursor(cursor: &str) -> Result<String, ApiError> {
    URL_SAFE_NO_PAD
        .decode(cursor)
        .ok()
        .and_then(|bytes| String::from_utf8(bytes).ok())
        .ok_or_else(not_a_cursor)
}

/// The position inside a cursor as a `T` (the last id or sequence number of a page); a
/// cursor this server did not make is 422.
pub fn decode_position<T: std::str::FromStr>(cursor: &str) -> Result<T, ApiError> {
    decode_cursor(cursor)?.parse().map_err(|_| not_a_cursor())
}

/// What a cursor that no list of this server made is told.
pub(crate) fn not_a_cursor() -> ApiError {
    ApiError::invalid_field("cursor", "is not a cursor from this list")
}

impl<T> Page<T> {
    /// The page of the app's `page`, each item turned into its view, with a cursor at
    /// the last item's `position` when more follow.
    pub fn from_app<R>(
        page: panah_app::Page<R>,
        position: impl Fn(&R) -> String,
        view: impl Fn(R) -> T,
    ) -> Page<T> {
        let next_cursor = if page.more {
            page.items.last().map(|last| encode_cursor(&position(last)))
        } else {
            None
        };
        Page {
            items: page.items.into_iter().map(view).collect(),
            next_cursor,
        }
    }
}

/// The `ETag` of a record at `version`.
pub fn etag(version: i64) -> [(header::HeaderName, HeaderValue); 1] {
    let value = HeaderValue::from_str(&format!("\"{version}\""))
        .unwrap_or_else(|_| HeaderValue::from_static("\"0\""));
    [(header::ETAG, value)]
}

/// The version an update expects, from `If-Match`: 428 when missing, 412 when it cannot
/// be this server's ETag.
pub fn if_match(headers: &HeaderMap) -> Result<i64, ApiError> {
    let value = headers.get(header::IF_MATCH).ok_or_else(|| {
        ApiError::new(
            StatusCode::PRECONDITION_REQUIRED,
            "precondition_required",
            "Send If-Match with the ETag of the version you read.",
        )
    })?;
    value
        .to_str()
        .ok()
        .map(|v| v.trim().trim_start_matches("W/").trim_matches('"'))
        .and_then(|v| v.parse::<i64>().ok())
        .ok_or_else(ApiError::version_mismatch)
}

/// A path parameter of type `T`; one that does not parse (a malformed id) is 404, as an
/// id that names nothing would be.
#[derive(Debug, Clone, Copy)]
pub struct ApiPath<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for ApiPath<T> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        axum::extract::Path::<T>::from_request_parts(parts, state)
            .await
            .map(|axum::extract::Path(value)| ApiPath(value))
            .map_err(|_| ApiError::not_found())
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Filters {
        grant: String,
        status: Option<panah_domain::CaseStatus>,
        province: Option<panah_domain::Province>,
        limit: Option<u32>,
    }

    fn problems(query: &str) -> Vec<(String, String)> {
        let first = parse_query::<Filters>(query).expect_err("refused");
        every_problem::<Filters>(query, first)
            .into_iter()
            .map(|p| (p.field, p.message))
            .collect()
    }

    #[test]
    fn every_problem_of_a_query_is_named_at_once() {
        let named = problems("grant=G&status=archived&province=AF-XXX&limit=many&colour=red");
        let fields: Vec<&str> = named.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(
            fields,
            ["status", "province", "limit", "colour"],
            "{named:?}"
        );
        assert!(
            named
                .iter()
                .all(|(_, m)| !m.contains("archived") && !m.contains("AF-XXX"))
        );
        assert_eq!(named[2].1, "must be a whole number");
    }

    #[test]
    fn a_missing_required_parameter_is_named_with_the_others() {
        let named = problems("limit=-1");
        let fields: Vec<&str> = named.iter().map(|(f, _)| f.as_str()).collect();
        assert_eq!(fields, ["limit", "grant"], "{named:?}");
        assert!(parse_query::<Filters>("grant=G&limit=5").is_ok());
    }
}
