//! Access tokens: JWTs signed with HS256, living 15 minutes, each naming the session it
//! belongs to. Sessions and refresh tokens are the app's; this door signs their bearer.

use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation};
use serde::{Deserialize, Serialize};
use time::OffsetDateTime;
use uuid::Uuid;

/// How long an access token lives.
pub const ACCESS_TOKEN_SECONDS: i64 = 15 * 60;

const ISSUER: &str = "panah";
const AUDIENCE: &str = "panah-api";
/// The `typ` claim of access tokens. Nothing else is ever signed with this key, but the
/// claim keeps any future token kind from being accepted as an access token.
const ACCESS: &str = "access";

#[derive(Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct Claims {
    iss: String,
    aud: String,
    sub: Uuid,
    sid: Uuid,
    jti: Uuid,
    iat: i64,
    exp: i64,
    typ: String,
}

/// What a valid access token says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccessClaims {
    /// The user.
    pub user_id: Uuid,
    /// The session it belongs to, checked on every request.
    pub session_id: Uuid,
}

/// Signs and checks access tokens with one pinned algorithm.
pub struct TokenKeys {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
}

impl std::fmt::Debug for TokenKeys {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("TokenKeys([REDACTED])")
    }
}

impl TokenKeys {
    /// Keys from the configured signing secret.
    pub fn new(secret: &[u8]) -> TokenKeys {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_audience(&[AUDIENCE]);
        validation.set_required_spec_claims(&["exp", "iss", "aud", "sub"]);
        validation.leeway = 10;
        TokenKeys {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
        }
    }

    /// A fresh access token for the user's session.
    pub fn issue(&self, user_id: Uuid, session_id: Uuid, now: OffsetDateTime) -> String {
        let iat = now.unix_timestamp();
        let claims = Claims {
            iss: ISSUER.to_owned(),
            aud: AUDIENCE.to_owned(),
            sub: user_id,
            sid: session_id,
            jti: Uuid::now_v7(),
            iat,
            exp: iat + ACCESS_TOKEN_SECONDS,
            typ: ACCESS.to_owned(),
        };
        // Signing a well-formed claim set with an HMAC key cannot fail.
        jsonwebtoken::encode(&Header::new(Algorithm::HS256), &claims, &self.encoding)
            .unwrap_or_default()
    }

    /// The claims of a valid, unexpired access token; `None` for anything else (another
    /// algorithm, a bad signature, a missing or malformed claim, a refresh token).
    pub fn verify(&self, token: &str) -> Option<AccessClaims> {
        let data = jsonwebtoken::decode::<Claims>(token, &self.decoding, &self.validation).ok()?;
        let claims = data.claims;
        // A token living longer than this server issues them was not made by it, whatever
        // its signature says.
        // Checked: claims far apart (an `iat` near i64::MIN) must be refused, not
        // overflow.
        let lifetime = claims.exp.checked_sub(claims.iat);
        (data.header.alg == Algorithm::HS256
            && claims.typ == ACCESS
            && lifetime.is_some_and(|seconds| (0..=ACCESS_TOKEN_SECONDS).contains(&seconds)))
        .then_some(AccessClaims {
            user_id: claims.sub,
            session_id: claims.sid,
        })
    }
}

#[cfg(test)]
mod tests {
    use base64::Engine;
    use base64::engine::general_purpose::URL_SAFE_NO_PAD;

    use super::*;

    const KEY: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn forge(header: &str, claims: serde_json::Value, key: &[u8]) -> String {
        use hmac_like::sign;
        let header = URL_SAFE_NO_PAD.encode(header);
        let claims = URL_SAFE_NO_PAD.encode(claims.to_string());
        let signature = sign(key, format!("{header}.{claims}").as_bytes());
        format!("{header}.{claims}.{}", URL_SAFE_NO_PAD.encode(signature))
    }

    /// HMAC-SHA256, written out so that tests can forge tokens the library would refuse
    /// to make.
    mod hmac_like {
        use sha2::{Digest, Sha256};

        pub fn sign(key: &[u8], message: &[u8]) -> Vec<u8> {
            let mut block = [0u8; 64];
            block[..key.len()].copy_from_slice(key);
            let inner: Vec<u8> = block.iter().map(|b| b ^ 0x36).collect();
            let outer: Vec<u8> = block.iter().map(|b| b ^ 0x5c).collect();
            let inner_hash = Sha256::new()
                .chain_update(&inner)
                .chain_update(message)
                .finalize();
            Sha256::new()
                .chain_update(&outer)
                .chain_update(inner_hash)
                .finalize()
                .to_vec()
        }
    }

    fn claims(now: i64) -> serde_json::Value {
        serde_json::json!({
            "iss": ISSUER, "aud": AUDIENCE, "sub": Uuid::nil(), "sid": Uuid::nil(),
            "jti": Uuid::nil(), "iat": now, "exp": now + 900, "typ": "access"
        })
    }

    fn now() -> i64 {
        OffsetDateTime::now_utc().unix_timestamp()
    }

    #[test]
    fn an_issued_token_verifies_and_names_its_session() {
        let keys = TokenKeys::new(KEY);
        let user = Uuid::now_v7();
        let session = Uuid::now_v7();
        let token = keys.issue(user, session, OffsetDateTime::now_utc());
        assert_eq!(
            keys.verify(&token),
            Some(AccessClaims {
                user_id: user,
                session_id: session
            })
        );
    }

    #[test]
    fn the_forging_helper_makes_tokens_the_real_keys_accept() {
        // Otherwise every attack below would fail for the wrong reason.
        let token = forge(r#"{"alg":"HS256","typ":"JWT"}"#, claims(now()), KEY);
        assert!(TokenKeys::new(KEY).verify(&token).is_some());
    }

    #[test]
    fn attacks_on_the_token_are_refused() {
        let keys = TokenKeys::new(KEY);
        let now = now();
        let mut expired = claims(now - 3600);
        expired["exp"] = serde_json::json!(now - 1800);
        let mut never = claims(now);
        never["exp"] = serde_json::json!("never");
        let mut no_aud = claims(now);
        no_aud.as_object_mut().unwrap().remove("aud");
        let mut wrong_aud = claims(now);
        wrong_aud["aud"] = serde_json::json!("another-service");
        let mut refresh_typ = claims(now);
        refresh_typ["typ"] = serde_json::json!("refresh");
        let mut no_jti = claims(now);
        no_jti.as_object_mut().unwrap().remove("jti");
        // Found by the access_token fuzz target: `exp - iat` overflowed.
        let mut issued_at_the_dawn_of_time = claims(now);
        issued_at_the_dawn_of_time["iat"] = serde_json::json!(i64::MIN);
        let hs = r#"{"alg":"HS256","typ":"JWT"}"#;

        let attacks = [
            (
                "alg none",
                format!(
                    "{}.{}.",
                    URL_SAFE_NO_PAD.encode(r#"{"alg":"none","typ":"JWT"}"#),
                    URL_SAFE_NO_PAD.encode(claims(now).to_string())
                ),
            ),
            (
                "swapped algorithm",
                forge(r#"{"alg":"HS512","typ":"JWT"}"#, claims(now), KEY),
            ),
            (
                "bad signature",
                forge(hs, claims(now), b"another-key-another-key-another!!"),
            ),
            ("expired", forge(hs, expired, KEY)),
            ("exp as a string", forge(hs, never, KEY)),
            ("missing aud", forge(hs, no_aud, KEY)),
            ("wrong aud", forge(hs, wrong_aud, KEY)),
            ("another typ", forge(hs, refresh_typ, KEY)),
            ("missing jti", forge(hs, no_jti, KEY)),
            (
                "a lifetime past i64",
                forge(hs, issued_at_the_dawn_of_time, KEY),
            ),
            ("a refresh token", URL_SAFE_NO_PAD.encode([7u8; 32])),
            ("garbage", "not-a-token".to_owned()),
        ];
        for (name, token) in attacks {
            assert_eq!(keys.verify(&token), None, "{name} was accepted");
        }
    }
}
