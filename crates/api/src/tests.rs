//! The middleware and the JSON extractor, driven through a router without a socket.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Duration;

use axum::body::Body;
use axum::extract::State;
use axum::http::{Request, StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;
use tower::ServiceExt;

use super::*;

#[derive(Debug, eserde::Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Registration {
    given_name: String,
    province: panah_domain::Province,
}

/// A test application whose one writing route counts the requests it accepted, so a test
/// can prove that a refused request changed nothing.
fn app() -> (Router, Arc<AtomicUsize>) {
    let accepted = Arc::new(AtomicUsize::new(0));
    let routes =
        Router::new()
            .route(
                "/register",
                post(
                    |State(accepted): State<Arc<AtomicUsize>>,
                     ApiJson(_): ApiJson<Registration>| async move {
                        accepted.fetch_add(1, Ordering::SeqCst);
                        Json(serde_json::json!({"ok": true}))
                    },
                ),
            )
            .route("/cases", get(|| async { Json(case_list()) }))
            .route(
                "/slow",
                get(|| async {
                    tokio::time::sleep(Duration::from_secs(5)).await;
                    "late"
                }),
            )
            .route(
                "/broken",
                get(|| async {
                    let cause = std::io::Error::other("disk on fire: secret-detail-sentinel");
                    Err::<(), _>(ApiError::internal(&cause))
                }),
            )
            .with_state(accepted.clone());
    (
        with_middleware(routes, Duration::from_millis(200)),
        accepted,
    )
}

/// A page of 200 listed cases, as large as `/api/v1/cases?limit=200` answers.
fn case_list() -> Value {
    let items: Vec<Value> = (0..200)
        .map(|n| {
            serde_json::json!({
                "id": uuid::Uuid::from_u128(n),
                "case_number": format!("AF-HER-2026-{n:06}"),
                "status": "open",
                "category": "presumed_victim",
                "province": "AF-HER",
                "identified_on": "2026-03-21",
                "sex": "female",
                "citizenship": "AF",
                "version": 1,
                "created_at": "2026-03-21T08:30:00.000000Z",
            })
        })
        .collect();
    serde_json::json!({ "items": items, "next_cursor": null })
}

async fn send(app: &Router, request: Request<Body>) -> (Response, Value) {
    let response = app.clone().oneshot(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    let json = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
    (Response::from_parts(parts, Body::empty()), json)
}

fn post_json(body: impl Into<Body>) -> Request<Body> {
    Request::post("/register")
        .header(header::CONTENT_TYPE, "application/json")
        .body(body.into())
        .unwrap()
}

fn assert_problem(response: &Response, body: &Value, status: u16, code: &str) {
    assert_eq!(response.status().as_u16(), status, "{body}");
    assert_eq!(
        response.headers()[header::CONTENT_TYPE],
        "application/problem+json"
    );
    assert_eq!(body["status"], status);
    assert_eq!(body["code"], code, "{body}");
    assert_eq!(body["type"], "about:blank");
    assert!(body["title"].is_string() && body["detail"].is_string());
}

#[tokio::test]
async fn a_valid_body_is_accepted() {
    let (app, accepted) = app();
    let (response, _) = send(
        &app,
        post_json(r#"{"given_name":"Ahmad","province":"AF-KAB"}"#),
    )
    .await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn malformed_json_is_400_and_changes_nothing() {
    let (app, accepted) = app();
    let (response, body) = send(&app, post_json(r#"{"given_name":"#)).await;
    assert_problem(&response, &body, 400, "malformed_json");
    assert_eq!(accepted.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn an_unknown_field_is_422_naming_it_and_changes_nothing() {
    let (app, accepted) = app();
    let (response, body) = send(
        &app,
        post_json(r#"{"given_name":"Ahmad","province":"AF-KAB","role":"admin"}"#),
    )
    .await;
    assert_problem(&response, &body, 422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "role");
    assert_eq!(accepted.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_bad_value_is_422_naming_the_field() {
    let (app, accepted) = app();
    let (response, body) = send(
        &app,
        post_json(r#"{"given_name":"Ahmad","province":"Kabul"}"#),
    )
    .await;
    assert_problem(&response, &body, 422, "validation_failed");
    assert_eq!(body["errors"][0]["field"], "province");
    assert!(
        !body.to_string().contains("Kabul"),
        "the value is not echoed: {body}"
    );
    assert_eq!(accepted.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_body_that_is_not_json_is_415_and_changes_nothing() {
    let (app, accepted) = app();
    for content_type in [
        Some("text/plain"),
        Some("application/x-www-form-urlencoded"),
        None,
    ] {
        let mut request = Request::post("/register");
        if let Some(content_type) = content_type {
            request = request.header(header::CONTENT_TYPE, content_type);
        }
        let request = request
            .body(Body::from(r#"{"given_name":"Ahmad","province":"AF-KAB"}"#))
            .unwrap();
        let (response, body) = send(&app, request).await;
        assert_problem(&response, &body, 415, "unsupported_media_type");
    }
    assert_eq!(accepted.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn a_json_content_type_with_a_charset_is_accepted() {
    let (app, accepted) = app();
    let request = Request::post("/register")
        .header(header::CONTENT_TYPE, "Application/JSON; charset=utf-8")
        .body(Body::from(r#"{"given_name":"Ahmad","province":"AF-KAB"}"#))
        .unwrap();
    let (response, _) = send(&app, request).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(accepted.load(Ordering::SeqCst), 1);
}

#[tokio::test]
async fn a_body_over_256_kib_is_413_with_or_without_a_content_length() {
    let (app, accepted) = app();
    let padding = "a".repeat(BODY_LIMIT_BYTES);
    let oversized = format!(r#"{{"given_name":"{padding}","province":"AF-KAB"}}"#);

    let (response, body) = send(&app, post_json(oversized.clone())).await;
    assert_problem(&response, &body, 413, "payload_too_large");

    // Streamed without a length, the limit must still hold.
    let stream = futures_stream(oversized);
    let (response, body) = send(&app, post_json(stream)).await;
    assert_problem(&response, &body, 413, "payload_too_large");
    assert_eq!(accepted.load(Ordering::SeqCst), 0);
}

fn futures_stream(text: String) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> = text
        .into_bytes()
        .chunks(8192)
        .map(|c| Ok(c.to_vec()))
        .collect();
    Body::from_stream(futures_util::stream::iter(chunks))
}

#[tokio::test]
async fn a_wrong_method_is_405_with_allow() {
    let (app, _) = app();
    let request = Request::get("/register").body(Body::empty()).unwrap();
    let (response, body) = send(&app, request).await;
    assert_problem(&response, &body, 405, "method_not_allowed");
    assert_eq!(response.headers()[header::ALLOW], "POST");
}

#[tokio::test]
async fn an_unknown_route_is_404_problem_json() {
    let (app, _) = app();
    let request = Request::get("/api/v1/nothing-here")
        .body(Body::empty())
        .unwrap();
    let (response, body) = send(&app, request).await;
    assert_problem(&response, &body, 404, "not_found");
}

#[tokio::test(start_paused = true)]
async fn a_request_over_the_time_limit_is_503() {
    let (app, _) = app();
    let request = Request::get("/slow").body(Body::empty()).unwrap();
    let (response, body) = send(&app, request).await;
    assert_problem(&response, &body, 503, "service_unavailable");
}

#[tokio::test]
async fn a_server_error_shows_an_error_id_and_never_its_cause() {
    let (app, _) = app();
    let request = Request::get("/broken").body(Body::empty()).unwrap();
    let (response, body) = send(&app, request).await;
    assert_problem(&response, &body, 500, "internal_error");
    let detail = body["detail"].as_str().unwrap();
    assert!(detail.contains("Error id: "), "{detail}");
    assert!(!body.to_string().contains("secret-detail-sentinel"));
    assert!(!body.to_string().contains("disk on fire"));
}

#[tokio::test]
async fn every_response_carries_the_security_headers_and_a_fresh_request_id() {
    let (app, _) = app();
    let mut ids = Vec::new();
    for path in ["/register", "/nothing", "/broken"] {
        let request = Request::get(path).body(Body::empty()).unwrap();
        let (response, _) = send(&app, request).await;
        let headers = response.headers();
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert_eq!(headers[header::REFERRER_POLICY], "no-referrer", "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-store", "{path}");
        assert!(
            headers.contains_key(header::CONTENT_SECURITY_POLICY),
            "{path}"
        );
        let id = headers["x-request-id"].to_str().unwrap().to_owned();
        assert!(uuid::Uuid::parse_str(&id).is_ok());
        ids.push(id);
    }
    ids.sort();
    ids.dedup();
    assert_eq!(ids.len(), 3);
}

#[tokio::test]
async fn a_request_id_sent_by_the_client_is_not_trusted() {
    let (app, _) = app();
    let request = Request::get("/nothing")
        .header("x-request-id", "Fatima-Sentinel")
        .body(Body::empty())
        .unwrap();
    let (response, _) = send(&app, request).await;
    assert_ne!(response.headers()["x-request-id"], "Fatima-Sentinel");
}

/// `GET path` with `Accept-Encoding: encoding` if given: the response and its body as
/// sent, undecoded.
async fn fetch(app: &Router, path: &str, encoding: Option<&str>) -> (Response, Vec<u8>) {
    let mut request = Request::get(path);
    if let Some(encoding) = encoding {
        request = request.header(header::ACCEPT_ENCODING, encoding);
    }
    let response = app
        .clone()
        .oneshot(request.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    let bytes = axum::body::to_bytes(body, usize::MAX).await.unwrap();
    (Response::from_parts(parts, Body::empty()), bytes.to_vec())
}

async fn decode(encoding: &str, bytes: &[u8]) -> Vec<u8> {
    use async_compression::tokio::bufread::{BrotliDecoder, GzipDecoder};
    use tokio::io::AsyncReadExt;
    let mut decoded = Vec::new();
    match encoding {
        "br" => BrotliDecoder::new(bytes).read_to_end(&mut decoded).await,
        "gzip" => GzipDecoder::new(bytes).read_to_end(&mut decoded).await,
        other => panic!("no decoder for {other}"),
    }
    .unwrap();
    decoded
}

#[tokio::test]
async fn a_large_body_is_compressed_as_the_client_accepts_and_decodes_to_the_same_json() {
    let (app, _) = app();
    let (plain, sent) = fetch(&app, "/cases", None).await;
    assert_eq!(plain.headers().get(header::CONTENT_ENCODING), None);
    assert_eq!(serde_json::from_slice::<Value>(&sent).unwrap(), case_list());
    for encoding in ["br", "gzip"] {
        let (response, compressed) = fetch(&app, "/cases", Some(encoding)).await;
        assert_eq!(response.status(), StatusCode::OK);
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_ENCODING], encoding);
        assert_eq!(headers[header::VARY], "accept-encoding");
        assert_eq!(headers[header::CONTENT_TYPE], "application/json");
        // The length of the uncompressed body would be wrong; the compressed one is sent
        // in chunks.
        assert_eq!(headers.get(header::CONTENT_LENGTH), None, "{encoding}");
        assert!(
            compressed.len() * 5 < sent.len(),
            "{encoding}: {} of {} bytes",
            compressed.len(),
            sent.len()
        );
        assert_eq!(decode(encoding, &compressed).await, sent, "{encoding}");
    }
}

#[tokio::test]
async fn without_accept_encoding_a_body_is_sent_as_it_is_with_its_length() {
    let (app, _) = app();
    let (response, sent) = fetch(&app, "/cases", None).await;
    assert_eq!(response.headers().get(header::CONTENT_ENCODING), None);
    assert_eq!(
        response.headers()[header::CONTENT_LENGTH],
        sent.len().to_string()
    );
    let (response, _) = fetch(&app, "/cases", Some("identity")).await;
    assert_eq!(response.headers().get(header::CONTENT_ENCODING), None);
}

#[tokio::test]
async fn a_small_body_is_not_compressed() {
    let (app, _) = app();
    let (response, sent) = fetch(&app, "/nothing-here", Some("br, gzip")).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(response.headers().get(header::CONTENT_ENCODING), None);
    assert_eq!(
        response.headers()[header::CONTENT_LENGTH],
        sent.len().to_string()
    );
    assert_eq!(
        serde_json::from_slice::<Value>(&sent).unwrap()["code"],
        "not_found"
    );
}

/// The committed OpenAPI document: the public contract that outside tools rely on.
const OPENAPI_SNAPSHOT: &str = "openapi.json";

#[test]
fn the_openapi_document_matches_its_committed_snapshot() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(OPENAPI_SNAPSHOT);
    let generated = openapi().to_pretty_json().unwrap() + "\n";
    if std::env::var_os("PANAH_UPDATE_OPENAPI").is_some() {
        std::fs::write(&path, &generated).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    if committed != generated {
        let fresh = path.with_extension("json.new");
        std::fs::write(&fresh, &generated).unwrap();
        panic!(
            "the OpenAPI document changed: compare {} with {} and, if the change is \
             meant, run the test again with PANAH_UPDATE_OPENAPI=1 and commit the result",
            path.display(),
            fresh.display()
        );
    }
}
