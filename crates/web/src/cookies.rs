//! The cookies of the pages: reading them from a request, and the `Set-Cookie` values.

use axum::http::{HeaderMap, HeaderValue, header};

/// The session cookie. `__Host-` makes the browser refuse it unless it is `Secure`, has
/// `Path=/` and no `Domain`: no other host and no plain-HTTP page can set or shadow it.
pub(crate) const SESSION: &str = "__Host-panah_session";
/// The form token of someone not signed in (a double-submit token for the sign-in and
/// language forms).
pub(crate) const FORM: &str = "__Host-panah_form";
/// The language chosen before signing in.
pub(crate) const LANGUAGE: &str = "lang";

/// The value of the cookie `name` in `headers`, if sent.
pub(crate) fn read<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(key, _)| *key == name)
        .map(|(_, value)| value)
}

/// A `Set-Cookie` value for `name=value` that scripts cannot read, sent only over HTTPS
/// (or to localhost) and never with a request started by another site. Without
/// `max_age_secs` it lasts until the browser closes.
pub(crate) fn set(name: &str, value: &str, max_age_secs: Option<u64>) -> HeaderValue {
    let max_age = max_age_secs.map_or_else(String::new, |secs| format!("; Max-Age={secs}"));
    let cookie = format!("{name}={value}; Path=/; HttpOnly; Secure; SameSite=Strict{max_age}");
    // Names and values are base64url or language tags: always valid header text.
    HeaderValue::from_str(&cookie).unwrap_or_else(|_| HeaderValue::from_static(""))
}

/// A `Set-Cookie` value that removes the cookie `name`.
pub(crate) fn clear(name: &str) -> HeaderValue {
    set(name, "", Some(0))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cookie_is_read_by_its_exact_name() {
        let mut headers = HeaderMap::new();
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("lang=fa-AF; x_lang=en"),
        );
        headers.append(
            header::COOKIE,
            HeaderValue::from_static("__Host-panah_session=abc"),
        );
        assert_eq!(read(&headers, LANGUAGE), Some("fa-AF"));
        assert_eq!(read(&headers, SESSION), Some("abc"));
        assert_eq!(read(&headers, FORM), None);
    }

    #[test]
    fn every_cookie_is_http_only_secure_and_same_site_strict() {
        let value = set(SESSION, "token", None);
        assert_eq!(
            value,
            "__Host-panah_session=token; Path=/; HttpOnly; Secure; SameSite=Strict"
        );
        assert!(clear(LANGUAGE).to_str().unwrap().ends_with("Max-Age=0"));
    }
}
