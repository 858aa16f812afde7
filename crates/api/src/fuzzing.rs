//! What the fuzz targets (`fuzz/`) feed the API's parsers of untrusted input, and what
//! they hold of every answer. Each function panics when a promise does not hold: that
//! panic is what the fuzzer reports, and what the replay of the committed corpus
//! (`fuzz/tests/corpus.rs`) fails on. Nothing here is routed.

use std::future::Future;
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use axum::body::Body;
use axum::extract::{FromRequest, Request};
use axum::http::header;
use eserde::EDeserialize;
use panah_app::ReferralCursor;
use panah_domain::{ReferralId, Urgency};
use time::Date;
use uuid::Uuid;

use crate::query::{decode_cursor, decode_position, encode_cursor};
use crate::{ApiError, ApiJson};

/// Reads `bytes` as the JSON body of each of several requests, with the extractor every
/// endpoint uses. Each answer must be a request or a 400 (`malformed_json`) or 422
/// (`validation_failed`, naming at least one field); and no problem may quote a text
/// value sent, since a name typed into the wrong field is personal data.
pub fn request_body(bytes: &[u8]) {
    body::<crate::cases::dto::CreateCase>(bytes);
    body::<crate::cases::dto::UpdateCase>(bytes);
    body::<crate::cases::dto::SearchCases>(bytes);
    body::<crate::referrals::dto::CreateReferral>(bytes);
    body::<crate::returns::dto::CreateReturn>(bytes);
    body::<crate::grants::CreateGrant>(bytes);
    body::<crate::case_records::assistance::CreateAssistance>(bytes);
    body::<crate::case_records::consents::RecordConsent>(bytes);
}

fn body<T: for<'de> EDeserialize<'de>>(bytes: &[u8]) {
    let request = Request::post("/")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(bytes.to_vec()))
        .expect("a request with a JSON content type");
    let Err(problem) = at_once(ApiJson::<T>::from_request(request, &())) else {
        return;
    };
    match (problem.status().as_u16(), problem.code()) {
        (400, "malformed_json") => {}
        (422, "validation_failed") => assert!(
            !problem.errors.is_empty(),
            "a 422 names the fields at fault"
        ),
        (status, code) => panic!("a body was answered {status} {code}"),
    }
    let Ok(sent) = serde_json::from_slice::<serde_json::Value>(bytes) else {
        return;
    };
    let mut keys = Vec::new();
    let mut values = Vec::new();
    texts(&sent, &mut keys, &mut values);
    let said = std::iter::once(problem.detail.as_str())
        .chain(problem.errors.iter().map(|e| e.message.as_str()));
    for said in said {
        for value in &values {
            // A field's name is repeated on purpose; a value that is also a name sent
            // cannot be told apart from it.
            let personal = !value.is_ascii() && value.chars().count() >= 3;
            if personal && !keys.iter().any(|key| key.contains(value.as_str())) {
                assert!(
                    !said.contains(value.as_str()),
                    "a problem quotes a value sent: {said:?}"
                );
            }
        }
    }
}

/// Every object key and every text value in `value`.
fn texts(value: &serde_json::Value, keys: &mut Vec<String>, values: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => values.push(text.clone()),
        serde_json::Value::Array(items) => {
            for item in items {
                texts(item, keys, values);
            }
        }
        serde_json::Value::Object(fields) => {
            for (key, item) in fields {
                keys.push(key.clone());
                texts(item, keys, values);
            }
        }
        _ => {}
    }
}

/// The answer of a future that needs nothing but the CPU, such as an extractor reading a
/// body held in memory.
fn at_once<F: Future>(future: F) -> F::Output {
    let mut future = pin!(future);
    match future
        .as_mut()
        .poll(&mut Context::from_waker(Waker::noop()))
    {
        Poll::Ready(output) => output,
        Poll::Pending => panic!("a body held in memory is read at once"),
    }
}

/// Reads `text` as the `?cursor=` of every list. Each answer must be a position or a 422
/// naming `cursor`; a cursor that decodes is the one the server would make of its
/// position (one cursor per position).
pub fn list_cursor(text: &str) {
    let answers = [
        decode_cursor(text).map(|_| ()),
        decode_position::<Uuid>(text).map(|_| ()),
        decode_position::<i64>(text).map(|_| ()),
        crate::referrals::parse_cursor(text).map(|_| ()),
    ];
    for answer in answers {
        if let Err(problem) = answer {
            not_a_cursor(&problem);
        }
    }
    if let Ok(position) = decode_cursor(text) {
        assert_eq!(encode_cursor(&position), text, "one cursor per position");
    }
}

fn not_a_cursor(problem: &ApiError) {
    assert_eq!(problem.status().as_u16(), 422);
    assert_eq!(problem.errors.len(), 1);
    assert_eq!(problem.errors[0].field, "cursor");
}

/// Makes the cursors of positions built from `bytes` (a last id, a sequence number, a
/// grant code, a referral's urgency, due date and id) and reads each back: it must give
/// the position it was made of.
pub fn cursor_round_trip(bytes: &[u8]) {
    let mut id = [0u8; 16];
    for (slot, byte) in id.iter_mut().zip(bytes) {
        *slot = *byte;
    }
    let id = Uuid::from_bytes(id);
    assert_eq!(
        decode_position::<Uuid>(&encode_cursor(&id.to_string())).ok(),
        Some(id)
    );
    let mut number = [0u8; 8];
    for (slot, byte) in number.iter_mut().zip(bytes.iter().skip(16)) {
        *slot = *byte;
    }
    let number = i64::from_le_bytes(number);
    assert_eq!(
        decode_position::<i64>(&encode_cursor(&number.to_string())).ok(),
        Some(number)
    );
    let code = String::from_utf8_lossy(bytes);
    assert_eq!(
        decode_cursor(&encode_cursor(&code)).ok(),
        Some(code.into_owned())
    );

    let day = bytes
        .get(24..28)
        .map_or(0, |b| i32::from_le_bytes([b[0], b[1], b[2], b[3]]));
    let referral = ReferralCursor {
        urgency: Urgency::ALL[usize::from(bytes.get(28).copied().unwrap_or(0) % 2)],
        // Due dates are dates this server stores: years 1 to 9999.
        due_date: (day % 2 == 0)
            .then(|| Date::from_julian_day(1_721_426 + day.rem_euclid(3_652_059)).ok())
            .flatten(),
        id: ReferralId(id),
    };
    let cursor = encode_cursor(&referral.to_string());
    assert_eq!(crate::referrals::parse_cursor(&cursor).ok(), Some(referral));
}

/// The signing key of the fuzz targets' tokens.
const TOKEN_KEY: &[u8] = b"a signing key for fuzzing only..";

/// Checks `bytes` as a bearer token twice: as sent, and as the header and claims (the
/// two JSON texts before and after the first newline) of a token signed with the
/// server's key, as an attacker holding the key could forge. A token accepted must be an
/// unexpired HS256 access token of this server, living no longer than it issues them,
/// whose `sub` and `sid` are the user and session it is accepted for.
pub fn access_token(bytes: &[u8]) {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let keys = crate::auth::TokenKeys::new(TOKEN_KEY);
    let sent = String::from_utf8_lossy(bytes);
    if let Some(accepted) = keys.verify(&sent) {
        acceptable(&sent, accepted);
    }
    let (header, claims) = match bytes.iter().position(|b| *b == b'\n') {
        Some(at) => (&bytes[..at], &bytes[at + 1..]),
        None => (&br#"{"alg":"HS256","typ":"JWT"}"#[..], bytes),
    };
    let message = format!(
        "{}.{}",
        URL_SAFE_NO_PAD.encode(header),
        URL_SAFE_NO_PAD.encode(claims)
    );
    let key = jsonwebtoken::EncodingKey::from_secret(TOKEN_KEY);
    let signature =
        jsonwebtoken::crypto::sign(message.as_bytes(), &key, jsonwebtoken::Algorithm::HS256)
            .expect("HMAC signs anything");
    let forged = format!("{message}.{signature}");
    if let Some(accepted) = keys.verify(&forged) {
        acceptable(&forged, accepted);
    }
}

/// Panics unless `token`, which was accepted as `accepted`, is an access token this
/// server could have issued.
fn acceptable(token: &str, accepted: crate::auth::AccessClaims) {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    let part = |n: usize| -> serde_json::Value {
        let text = token.split('.').nth(n).expect("three parts");
        serde_json::from_slice(&URL_SAFE_NO_PAD.decode(text).expect("base64"))
            .expect("a JSON object")
    };
    let (header, claims) = (part(0), part(1));
    assert_eq!(header["alg"], "HS256");
    assert_eq!(claims["typ"], "access");
    assert_eq!(claims["iss"], "panah");
    assert_eq!(claims["aud"], "panah-api");
    let id = |name: &str| claims[name].as_str().and_then(|s| s.parse::<Uuid>().ok());
    assert_eq!(id("sub"), Some(accepted.user_id));
    assert_eq!(id("sid"), Some(accepted.session_id));
    let (iat, exp) = (
        claims["iat"].as_i64().expect("iat"),
        claims["exp"].as_i64().expect("exp"),
    );
    let lifetime = i128::from(exp) - i128::from(iat);
    assert!(
        (0..=i128::from(crate::auth::ACCESS_TOKEN_SECONDS)).contains(&lifetime),
        "accepted a token living {lifetime} s"
    );
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    assert!(exp >= now - 10, "accepted an expired token");
}
