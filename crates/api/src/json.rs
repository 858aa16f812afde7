//! The JSON body extractor: every way a body can be wrong gets this API's problem+json.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request};
use axum::http::{StatusCode, header};
use eserde::EDeserialize;
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
    T: for<'de> EDeserialize<'de>,
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

/// Parses a JSON body, turning serde's errors into this API's: malformed JSON is 400, and
/// a body that is JSON but not a valid request is 422 naming every field at fault at once
/// (`eserde` goes on past the first).
pub(crate) fn parse<T: for<'de> EDeserialize<'de>>(bytes: &[u8]) -> Result<T, ApiError> {
    // Syntax first: a body that is not JSON at all has no fields to name.
    if let Err(error) = serde_json::from_slice::<serde::de::IgnoredAny>(bytes)
        && error.classify() != Category::Data
    {
        return Err(malformed(&error));
    }
    eserde::json::from_slice::<T>(bytes).map_err(|errors| {
        let mut fields: Vec<FieldError> = Vec::new();
        for error in errors.iter() {
            let path = error.path().map(|p| p.to_string()).unwrap_or_default();
            let message = error.message();
            // The body is valid JSON (checked above): a field refused part-way leaves the
            // reader mid-value, and what it then says about the punctuation after it is an
            // echo, not another problem.
            if message.starts_with("expected `") || message.starts_with("EOF") {
                continue;
            }
            let field = field_error(&path, message);
            if !fields.contains(&field) {
                fields.push(field);
            }
        }
        ApiError::validation(fields)
    })
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
fn field_error(path: &str, message: &str) -> FieldError {
    // serde_json appends the position; the field path says more.
    let message = message
        .rsplit_once(" at line ")
        .map_or(message, |(message, _)| message);
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
        // The path of an unknown variant ends in the variant's name: the field is before it.
        let variant = quoted_after(message, "unknown variant ").unwrap_or_default();
        let field = path
            .strip_suffix(variant)
            .and_then(|p| p.strip_suffix('.'))
            .unwrap_or(path);
        (
            field.to_owned(),
            format!("is not one of the accepted values; expected {expected}"),
        )
    } else if let Some(expected) = after_expected(message, "invalid type: ") {
        (path.to_owned(), plain(expected))
    } else if let Some(expected) = after_expected(message, "invalid value: ") {
        (path.to_owned(), out_of_range(message, expected))
    } else if let Some(expected) = after_expected(message, "invalid length ") {
        (
            path.to_owned(),
            format!("has the wrong length; expected {expected}"),
        )
    } else if message.starts_with("UUID parsing failed") {
        // The uuid crate quotes the offending character.
        (path.to_owned(), "must be an id (a UUID)".to_owned())
    } else if let Some(plain) = plain_parse_message(message) {
        (path.to_owned(), plain.to_owned())
    } else if is_time_parser_message(message) {
        (
            path.to_owned(),
            "must be a date and time written like 2026-03-21T09:30:00Z".to_owned(),
        )
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

/// What a value of the type serde `expected` is, in words for people.
fn plain(expected: &str) -> String {
    match expected {
        "u8" | "u16" | "u32" | "u64" | "usize" | "i8" | "i16" | "i32" | "i64" | "isize" => {
            "must be a whole number".to_owned()
        }
        "f32" | "f64" => "must be a number".to_owned(),
        "a boolean" => "must be true or false".to_owned(),
        "a string" => "must be text".to_owned(),
        "a sequence" => "must be a list".to_owned(),
        "a map" => "must be an object".to_owned(),
        expected if expected.starts_with("struct ") => "must be an object".to_owned(),
        expected if expected.starts_with("a date written YYYY-MM-DD") => {
            "must be a date written YYYY-MM-DD".to_owned()
        }
        expected if expected.contains("UUID") => "must be an id (a UUID)".to_owned(),
        expected => format!("must be {expected}"),
    }
}

/// A number of the right kind but outside its type's range: `invalid value: integer
/// `-1`, expected u8`. The value itself is looked at, never repeated.
fn out_of_range(message: &str, expected: &str) -> String {
    let largest = match expected {
        "u8" => Some(u64::from(u8::MAX)),
        "u16" => Some(u64::from(u16::MAX)),
        "u32" => Some(u64::from(u32::MAX)),
        _ => None,
    };
    match largest {
        Some(_) if message.contains("integer `-") => "must be a whole number, 0 or more".to_owned(),
        Some(largest) => format!("must be a whole number from 0 to {largest}"),
        None => plain(expected),
    }
}

/// The standard library's parse errors of numbers and booleans (which query strings
/// meet), in plain words.
fn plain_parse_message(message: &str) -> Option<&'static str> {
    match message {
        "invalid digit found in string" | "cannot parse integer from empty string" => {
            Some("must be a whole number")
        }
        "number too large to fit in target type" => Some("is too large"),
        "number too small to fit in target type" => Some("is too small"),
        "invalid float literal" => Some("must be a number"),
        "provided string was not `true` or `false`" => Some("must be true or false"),
        _ => None,
    }
}

/// Whether `message` is one of the `time` crate's parse errors, which name format
/// components ("the 'month' component could not be parsed") rather than what to write.
fn is_time_parser_message(message: &str) -> bool {
    [
        "component",
        "character literal",
        "trailing characters",
        "input ended",
    ]
    .iter()
    .any(|fragment| message.contains(fragment))
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
    use super::*;

    #[derive(Debug, eserde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Person {
        given_name: String,
        sex: Sex,
        #[serde(default)]
        estimated_age: Option<u8>,
        #[serde(default)]
        province: Option<panah_domain::Province>,
    }

    #[derive(Debug, eserde::Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Body {
        category: String,
        person: Person,
        #[serde(default, with = "crate::dates::iso_date::option")]
        identified_on: Option<time::Date>,
    }

    #[derive(Debug, eserde::Deserialize)]
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
    fn every_problem_of_a_body_is_named_at_once_in_plain_words() {
        let (status, errors) = errors_of(
            r#"{"category":7,"identified_on":"12/09/2026","person":{"given_name":"a","sex":"male","estimated_age":"thirty"}}"#,
        );
        assert_eq!(status, 422);
        let named: Vec<(&str, &str)> = errors
            .iter()
            .map(|e| (e.field.as_str(), e.message.as_str()))
            .collect();
        assert_eq!(
            named,
            [
                ("category", "must be text"),
                ("identified_on", "must be a date written YYYY-MM-DD"),
                ("person.estimated_age", "must be a whole number"),
            ]
        );
    }

    #[test]
    fn a_solar_hijri_date_typed_as_gregorian_is_refused_naming_the_calendar() {
        let (_, errors) = errors_of(
            r#"{"category":"x","identified_on":"1405-09-12","person":{"given_name":"a","sex":"male"}}"#,
        );
        assert_eq!(errors[0].field, "identified_on");
        assert!(errors[0].message.contains("Solar Hijri"), "{:?}", errors[0]);
        assert!(!errors[0].message.contains("1405-09-12"));
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
