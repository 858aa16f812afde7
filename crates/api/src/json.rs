//! The JSON body extractor: every way a body can be wrong gets this API's problem+json.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use serde::de::DeserializeOwned;
use serde_json::error::Category;

use crate::error::{ApiError, FieldError};

/// A JSON request body of type `T`.
///
/// Rejections: a content type other than `application/json` → 415; a body over the limit
/// → 413; malformed JSON → 400 `malformed_json`; a missing, unknown or invalid field →
/// 422 `validation_failed` naming the field. Messages never repeat the values sent, since
/// they could be personal data typed into the wrong field.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApiJson<T>(pub T);

impl<T, S> FromRequest<S> for ApiJson<T>
where
    T: DeserializeOwned,
    S: Send + Sync,
{
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, Self::Rejection> {
        if !has_json_content_type(&request) {
            return Err(ApiError::for_status(StatusCode::UNSUPPORTED_MEDIA_TYPE));
        }
        let bytes = Bytes::from_request(request, state)
            .await
            .map_err(|rejection| {
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE {
                    ApiError::for_status(StatusCode::PAYLOAD_TOO_LARGE)
                } else {
                    ApiError::new(
                        StatusCode::BAD_REQUEST,
                        "bad_request",
                        "The request body could not be read.",
                    )
                }
            })?;
        parse(&bytes).map(ApiJson)
    }
}

fn has_json_content_type(request: &Request) -> bool {
    let Some(value) = request.headers().get(header::CONTENT_TYPE) else {
        return false;
    };
    let Ok(value) = value.to_str() else {
        return false;
    };
    let essence = value.split(';').next().unwrap_or("").trim();
    essence.eq_ignore_ascii_case("application/json")
}

/// Parses a JSON body, turning serde's errors into this API's.
pub(crate) fn parse<T: DeserializeOwned>(bytes: &[u8]) -> Result<T, ApiError> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        match inner.classify() {
            Category::Data => ApiError::validation(vec![field_error(&path, &inner)]),
            Category::Syntax | Category::Eof | Category::Io => malformed(&inner),
        }
    })?;
    deserializer.end().map_err(|error| malformed(&error))?;
    Ok(value)
}

fn malformed(error: &serde_json::Error) -> ApiError {
    ApiError::new(
        StatusCode::BAD_REQUEST,
        "malformed_json",
        format!(
            "The body is not valid JSON (line {}, column {}).",
            error.line(),
            error.column()
        ),
    )
}

/// Names the field at fault and says what is wrong with it without quoting the value.
fn field_error(path: &str, error: &serde_json::Error) -> FieldError {
    let full = error.to_string();
    // serde_json appends the position; the field path says more.
    let message = full
        .rsplit_once(" at line ")
        .map_or(full.as_str(), |(message, _)| message);
    described(path, message, "body")
}

/// The field at `path` (or `root` when the error concerns the whole input) and serde's
/// `message` about it, rewritten so that it never quotes the value sent: a name typed into
/// the wrong field must not be echoed back or logged.
pub(crate) fn described(path: &str, message: &str, root: &str) -> FieldError {
    let path = if path == "." { "" } else { path };
    let join = |name: &str| {
        if path.is_empty() || path.ends_with(name) {
            if path.is_empty() {
                name.to_owned()
            } else {
                path.to_owned()
            }
        } else {
            format!("{path}.{name}")
        }
    };
    let (field, message) = if let Some(name) = quoted_after(message, "unknown field ") {
        (join(name), "is not a field of this request".to_owned())
    } else if let Some(name) = quoted_after(message, "missing field ") {
        (join(name), "is required".to_owned())
    } else if let Some(expected) = after_expected(message, "unknown variant ") {
        (
            path.to_owned(),
            format!("is not one of the accepted values; expected {expected}"),
        )
    } else if let Some(expected) = after_expected(message, "invalid type: ") {
        (
            path.to_owned(),
            format!("has the wrong type; expected {expected}"),
        )
    } else if let Some(expected) = after_expected(message, "invalid value: ") {
        (
            path.to_owned(),
            format!("has an invalid value; expected {expected}"),
        )
    } else if let Some(expected) = after_expected(message, "invalid length ") {
        (
            path.to_owned(),
            format!("has the wrong length; expected {expected}"),
        )
    } else if message.starts_with("UUID parsing failed") {
        // The uuid crate quotes the offending character.
        (path.to_owned(), "is not a UUID".to_owned())
    } else {
        // Messages of the domain's own parsers, which never quote the input.
        (path.to_owned(), message.to_owned())
    };
    let field = if field.is_empty() {
        root.to_owned()
    } else {
        field
    };
    FieldError { field, message }
}

/// `unknown field `role`, expected ...` → `role`.
fn quoted_after<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?.strip_prefix('`')?;
    rest.split_once('`').map(|(name, _)| name)
}

/// `invalid type: string "x", expected u32` → `u32`.
fn after_expected<'a>(message: &'a str, prefix: &str) -> Option<&'a str> {
    let rest = message.strip_prefix(prefix)?;
    Some(
        rest.split_once(", expected ")
            .map_or("another value", |(_, expected)| expected),
    )
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        given_name: String,
        sex: Sex,
        estimated_age: Option<u8>,
        province: Option<panah_domain::Province>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        category: String,
        person: Person,
    }

    #[derive(Debug, Deserialize)]
    #[serde(rename_all = "snake_case")]
    enum Sex {
        Female,
        Male,
    }

    fn errors_of(body: &str) -> (u16, Vec<FieldError>) {
        let error = parse::<Body>(body.as_bytes()).unwrap_err();
        (error.status().as_u16(), error.errors)
    }

    const SENTINEL: &str = "Zarmina-Sentinel-7731";

    #[test]
    fn an_unknown_nested_field_is_named_with_its_path() {
        let (status, errors) = errors_of(
            r#"{"category":"x","person":{"given_name":"a","sex":"male","role":"admin"}}"#,
        );
        assert_eq!(status, 422);
        assert_eq!(errors[0].field, "person.role");
    }

    #[test]
    fn a_missing_field_is_named() {
        let (status, errors) = errors_of(r#"{"category":"x","person":{"sex":"male"}}"#);
        assert_eq!(status, 422);
        assert_eq!(errors[0].field, "person.given_name");
        assert_eq!(errors[0].message, "is required");
    }

    #[test]
    fn a_bad_value_is_named_without_repeating_it() {
        for body in [
            format!(r#"{{"category":"x","person":{{"given_name":"a","sex":"{SENTINEL}"}}}}"#),
            format!(
                r#"{{"category":"x","person":{{"given_name":"a","sex":"male","estimated_age":"{SENTINEL}"}}}}"#
            ),
            format!(
                r#"{{"category":"x","person":{{"given_name":"a","sex":"male","province":"{SENTINEL}"}}}}"#
            ),
            format!(r#"{{"category":["{SENTINEL}"],"person":{{"given_name":"a","sex":"male"}}}}"#),
        ] {
            let (status, errors) = errors_of(&body);
            assert_eq!(status, 422, "{body}");
            assert!(errors[0].field.starts_with("person.") || errors[0].field == "category");
            assert!(!errors[0].message.contains(SENTINEL), "{:?}", errors[0]);
        }
    }

    #[test]
    fn the_domain_parsers_message_is_kept() {
        let (_, errors) = errors_of(
            r#"{"category":"x","person":{"given_name":"a","sex":"male","province":"AF-XXX"}}"#,
        );
        assert_eq!(errors[0].field, "person.province");
        assert!(
            errors[0].message.contains("ISO 3166-2:AF"),
            "{:?}",
            errors[0]
        );
    }

    #[test]
    fn malformed_json_and_trailing_garbage_are_400() {
        for body in [
            "{",
            "{\"category\":",
            "not json",
            r#"{"category":"x","person":{"given_name":"a","sex":"male"}} {}"#,
            "",
        ] {
            let error = parse::<Body>(body.as_bytes()).unwrap_err();
            assert_eq!(error.status().as_u16(), 400, "{body:?}");
            assert_eq!(error.code(), "malformed_json");
        }
    }
}
