//! What every HTTP test reads from a response, and the requests they all send.

use reqwest::{Method, StatusCode, header};
use serde_json::Value;

use crate::TestApp;

/// A response's status, `Location`, `ETag`, text and JSON body (`null` when empty).
#[derive(Debug)]
pub struct Reply {
    /// The status.
    pub status: StatusCode,
    /// The `Location` header.
    pub location: Option<String>,
    /// The `ETag` header.
    pub etag: Option<String>,
    /// The body as sent.
    pub text: String,
    /// The body as JSON.
    pub body: Value,
}

/// Reads `response` whole; panics if a non-empty body is not JSON.
pub async fn reply(response: reqwest::Response) -> Reply {
    let status = response.status();
    let header_text = |name| {
        response
            .headers()
            .get(name)
            .map(|v: &header::HeaderValue| v.to_str().unwrap().to_owned())
    };
    let location = header_text(header::LOCATION);
    let etag = header_text(header::ETAG);
    let text = response.text().await.unwrap();
    let body = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON ({status}): {text}"))
    };
    Reply {
        status,
        location,
        etag,
        text,
        body,
    }
}

/// `POST path` with a JSON body as the holder of `token`.
pub async fn post(app: &TestApp, token: &str, path: &str, body: &Value) -> Reply {
    reply(app.post_json(path, Some(token), body).await).await
}

/// `GET path` as the holder of `token`.
pub async fn get(app: &TestApp, token: &str, path: &str) -> Reply {
    reply(app.get_as(token, path).await).await
}

/// `PATCH path` with `If-Match` if given.
pub async fn patch(
    app: &TestApp,
    token: &str,
    path: &str,
    if_match: Option<&str>,
    body: &Value,
) -> Reply {
    let mut request = app
        .client
        .request(Method::PATCH, app.url(path))
        .bearer_auth(token)
        .json(body);
    if let Some(version) = if_match {
        request = request.header(header::IF_MATCH, version);
    }
    reply(request.send().await.unwrap()).await
}

/// The fields a 422 names, in order.
pub fn fields(problem: &Value) -> Vec<String> {
    problem["errors"]
        .as_array()
        .unwrap_or_else(|| panic!("no errors in {problem}"))
        .iter()
        .map(|e| e["field"].as_str().unwrap().to_owned())
        .collect()
}

/// Asserts a 422 `validation_failed` that names exactly `expected`.
#[track_caller]
pub fn assert_invalid(reply: &Reply, expected: &[&str]) {
    assert_eq!(reply.status, 422, "{}", reply.body);
    assert_eq!(reply.body["code"], "validation_failed", "{}", reply.body);
    assert_eq!(fields(&reply.body), expected, "{}", reply.body);
}

/// The ids of a page's items, in order.
pub fn ids(page: &Value) -> Vec<String> {
    page["items"]
        .as_array()
        .unwrap_or_else(|| panic!("not a page: {page}"))
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_owned())
        .collect()
}

/// Today (UTC) as `YYYY-MM-DD`.
pub fn today() -> String {
    time::OffsetDateTime::now_utc().date().to_string()
}

/// Tomorrow (UTC) as `YYYY-MM-DD`.
pub fn tomorrow() -> String {
    time::OffsetDateTime::now_utc()
        .date()
        .next_day()
        .unwrap()
        .to_string()
}
