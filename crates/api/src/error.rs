//! One error type for every handler, rendered as RFC 9457 `application/problem+json`.

use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use panah_app::{AppError, Conflict};
use panah_domain::{ConsentKind, FieldProblem, OrganizationKind};
use serde::Serialize;
use utoipa::openapi::{self, Content, Ref, RefOr, ResponseBuilder};
use utoipa::{ToResponse, ToSchema};
use uuid::Uuid;

/// The media type of every error body.
pub const PROBLEM_JSON: &str = "application/problem+json";

/// One field that failed validation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct FieldError {
    /// The field's path in the request body, such as `person.date_of_birth`.
    pub field: String,
    /// What is wrong with it, for people.
    pub message: String,
}

/// A consent of the person that a request needs and the case does not hold.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct MissingConsent {
    /// The kind of consent: `assistance`, `data_sharing`, `return` or
    /// `law_enforcement_contact`.
    #[schema(value_type = crate::vocabulary::ConsentKind)]
    pub kind: ConsentKind,
    /// For `data_sharing`: the kinds of organisation it must cover (any one of them).
    #[schema(value_type = Vec<crate::vocabulary::OrganizationKind>)]
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub organization_kinds: Vec<OrganizationKind>,
}

/// An error answered to the client.
///
/// `code` is the stable, machine-readable part; `title` and `detail` are for people and
/// may change. Details never carry personal data or internals: a 5xx says only which
/// error id to look for in the log.
#[derive(Debug, Clone)]
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    pub(crate) detail: String,
    pub(crate) errors: Vec<FieldError>,
    missing_consents: Vec<MissingConsent>,
    retry_after: Option<u64>,
    www_authenticate: bool,
}

/// The problem+json body, as documented in the OpenAPI document.
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// A URI naming the kind of problem; `about:blank` as the codes carry the meaning.
    #[serde(rename = "type")]
    pub problem_type: &'static str,
    /// The HTTP status's reason phrase.
    pub title: &'static str,
    /// The HTTP status code.
    pub status: u16,
    /// What went wrong, for people.
    pub detail: String,
    /// A stable snake_case code for programs, such as `validation_failed`.
    pub code: &'static str,
    /// The fields that failed validation (with `validation_failed`), or the field that
    /// needs a consent (with `consent_required`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub errors: Vec<FieldError>,
    /// With `consent_required`: each consent of the person that is missing.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub missing_consents: Vec<MissingConsent>,
}

/// A problem+json response of the OpenAPI document, described for people.
fn problem_response(description: &str) -> RefOr<openapi::Response> {
    ResponseBuilder::new()
        .description(description)
        .content(
            PROBLEM_JSON,
            Content::new(Some(Ref::from_schema_name("Problem"))),
        )
        .into()
}

/// Declares responses that many operations share, each an uninhabited type named in
/// `#[utoipa::path]` as `(status = 403, response = Forbidden)` and listed once among the
/// document's components.
macro_rules! shared_responses {
    ($($(#[doc = $doc:literal])+ $name:ident;)+) => {$(
        $(#[doc = $doc])+
        pub(crate) enum $name {}

        impl<'r> ToResponse<'r> for $name {
            fn response() -> (&'r str, RefOr<openapi::Response>) {
                (stringify!($name), problem_response(concat!($($doc),+).trim()))
            }
        }
    )+};
}

shared_responses! {
    /// `unauthorized`: no access token, or one that is not valid; `session_ended`: its
    /// session was signed out, expired or revoked, or its user disabled. Sign in again.
    Unauthorized;
    /// `forbidden`: your roles do not allow this; `password_change_required`: change
    /// your one-time password first. Every refusal is audited.
    Forbidden;
    /// `password_change_required`: change your one-time password first (`POST
    /// /api/v1/auth/password`).
    PasswordChangeRequired;
    /// `malformed_json`: the body is not JSON; `bad_request`: it could not be read.
    BadRequest;
    /// `payload_too_large`: the body is larger than this endpoint accepts.
    PayloadTooLarge;
    /// `unsupported_media_type`: the body is not sent as `application/json`.
    UnsupportedMediaType;
    /// `validation_failed`: a field of the body or a query parameter is missing, unknown
    /// or invalid; `errors` names every one.
    ValidationFailed;
}

impl ApiError {
    /// An error with the given status, code and human-readable detail.
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        ApiError {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            missing_consents: Vec::new(),
            retry_after: None,
            www_authenticate: false,
        }
    }

    /// The same error, telling the client to retry after `seconds` (`Retry-After`).
    pub fn retry_after(self, seconds: u64) -> Self {
        ApiError {
            retry_after: Some(seconds.max(1)),
            ..self
        }
    }

    /// 401: no valid access token. Carries `WWW-Authenticate: Bearer`.
    pub fn unauthorized(code: &'static str, detail: &'static str) -> Self {
        ApiError {
            www_authenticate: true,
            ..ApiError::new(StatusCode::UNAUTHORIZED, code, detail)
        }
    }

    /// 422 `validation_failed` for one field.
    pub fn invalid_field(field: &str, message: impl Into<String>) -> Self {
        ApiError::validation(vec![FieldError {
            field: field.to_owned(),
            message: message.into(),
        }])
    }

    /// 412 `version_mismatch`: the record changed since the caller read it.
    pub fn version_mismatch() -> Self {
        ApiError::new(
            StatusCode::PRECONDITION_FAILED,
            "version_mismatch",
            "The record changed since you read it; read it again and retry.",
        )
    }

    /// 422 `validation_failed`, naming the fields at fault.
    pub fn validation(errors: Vec<FieldError>) -> Self {
        ApiError {
            errors,
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "validation_failed",
                "The request is not valid; see errors for each field.",
            )
        }
    }

    /// 404 `not_found`: unknown, or outside the caller's scope (the two look the same).
    pub fn not_found() -> Self {
        ApiError::new(
            StatusCode::NOT_FOUND,
            "not_found",
            "There is nothing at this address, or you may not see it.",
        )
    }

    /// 500 `internal_error`. The cause is logged under a fresh error id, and only the id
    /// reaches the client.
    pub fn internal(cause: &dyn std::error::Error) -> Self {
        let error_id = Uuid::now_v7();
        tracing::error!(%error_id, error = %cause, "internal error");
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal_error",
            format!("Something went wrong on the server. Error id: {error_id}."),
        )
    }

    /// The HTTP status.
    pub fn status(&self) -> StatusCode {
        self.status
    }

    /// The stable code.
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// For the status codes that the framework or middleware produce without a handler:
    /// the code and detail that this API uses for them.
    pub fn for_status(status: StatusCode) -> Self {
        let (code, detail) = match status {
            StatusCode::BAD_REQUEST => ("bad_request", "The request could not be understood."),
            StatusCode::UNAUTHORIZED => ("unauthorized", "Sign in to use this endpoint."),
            StatusCode::FORBIDDEN => ("forbidden", "You may not do this."),
            StatusCode::NOT_FOUND => return ApiError::not_found(),
            StatusCode::METHOD_NOT_ALLOWED => (
                "method_not_allowed",
                "This address does not accept this method; see the Allow header.",
            ),
            StatusCode::PAYLOAD_TOO_LARGE => (
                "payload_too_large",
                "The request body is larger than this endpoint accepts (256 KiB).",
            ),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => (
                "unsupported_media_type",
                "Send the body as application/json.",
            ),
            StatusCode::SERVICE_UNAVAILABLE => (
                "service_unavailable",
                "The server could not answer in time; try again shortly.",
            ),
            _ if status.is_server_error() => {
                ("internal_error", "Something went wrong on the server.")
            }
            _ => ("error", "The request failed."),
        };
        ApiError::new(status, code, detail)
    }

    fn to_problem(&self) -> Problem {
        Problem {
            problem_type: "about:blank",
            title: self.status.canonical_reason().unwrap_or("Error"),
            status: self.status.as_u16(),
            detail: self.detail.clone(),
            code: self.code,
            errors: self.errors.clone(),
            missing_consents: self.missing_consents.clone(),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = serde_json::to_vec(&self.to_problem()).unwrap_or_default();
        let mut response = (self.status, body).into_response();
        let headers = response.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON));
        if let Some(seconds) = self.retry_after {
            headers.insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        if self.www_authenticate {
            headers.insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
        }
        response
    }
}

/// Middleware: gives every error response that is not already problem+json (the router's
/// 405, the body limit's 413, the timeout's 503 ...) the problem+json body of its status,
/// keeping headers such as `Allow` and `Retry-After`.
pub async fn problem_for_bare_errors(response: Response) -> Response {
    let status = response.status();
    let is_problem = response
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes() == PROBLEM_JSON.as_bytes());
    if !(status.is_client_error() || status.is_server_error()) || is_problem {
        return response;
    }
    let (mut parts, _) = response.into_parts();
    let problem = ApiError::for_status(status).into_response();
    parts.headers.remove(header::CONTENT_LENGTH);
    for (name, value) in problem.headers() {
        parts.headers.insert(name, value.clone());
    }
    Response::from_parts(parts, problem.into_body())
}

impl From<FieldProblem> for FieldError {
    fn from(problem: FieldProblem) -> FieldError {
        FieldError {
            field: problem.field,
            message: problem.message,
        }
    }
}

/// Every refusal and failure of the app, as this API says it: the one mapping of
/// [`AppError`] to statuses and stable codes.
impl From<AppError> for ApiError {
    fn from(error: AppError) -> ApiError {
        use StatusCode as S;
        match error {
            AppError::Denied => {
                ApiError::new(S::FORBIDDEN, "forbidden", "Your roles do not allow this.")
            }
            AppError::PasswordChangeRequired => ApiError::new(
                S::FORBIDDEN,
                "password_change_required",
                "Change your one-time password first (POST /api/v1/auth/password).",
            ),
            AppError::WrongParty => ApiError::new(
                S::FORBIDDEN,
                "wrong_party",
                "The other organisation of this referral takes this action.",
            ),
            AppError::NotFound => ApiError::not_found(),
            AppError::Invalid(problems) => {
                ApiError::validation(problems.into_iter().map(FieldError::from).collect())
            }
            AppError::ConsentRequired { problem, missing } => ApiError {
                errors: vec![problem.into()],
                missing_consents: missing
                    .into_iter()
                    .map(|need| MissingConsent {
                        kind: need.kind,
                        organization_kinds: need.organization_kinds,
                    })
                    .collect(),
                ..ApiError::new(
                    S::UNPROCESSABLE_ENTITY,
                    "consent_required",
                    "This needs the person's consent; see errors.",
                )
            },
            AppError::CurrencyMismatch { cost, budget } => ApiError::new(
                S::UNPROCESSABLE_ENTITY,
                "currency_mismatch",
                format!("The cost is in {cost}, the grant's budget in {budget}."),
            ),
            AppError::InvalidTransition(detail) => {
                ApiError::new(S::CONFLICT, "invalid_transition", detail)
            }
            AppError::VersionMismatch => ApiError::version_mismatch(),
            AppError::Conflict(conflict) => {
                let (code, detail) = match conflict {
                    Conflict::UsernameTaken => {
                        ("username_taken", "Another user has this username.")
                    }
                    Conflict::OrganizationCodeTaken => {
                        ("code_taken", "Another organisation has this code.")
                    }
                    Conflict::GrantCodeTaken => ("conflict", "A grant with this code exists."),
                    Conflict::SelfLockout => (
                        "self_lockout",
                        "You cannot disable yourself or remove your own admin role; ask \
                         another admin.",
                    ),
                    Conflict::AlreadyWithdrawn => {
                        ("already_withdrawn", "This consent was withdrawn before.")
                    }
                    Conflict::ChargeChanged => (
                        "conflict",
                        "The grant's currency or period changed while you charged it; read it \
                         again.",
                    ),
                    Conflict::ChargedMeanwhile => (
                        "conflict",
                        "Costs were charged to the grant meanwhile; try again.",
                    ),
                    Conflict::ClaimAnswered => (
                        "idempotency_key_in_flight",
                        "Another request with this Idempotency-Key answered it; retry to get \
                         its answer.",
                    ),
                };
                ApiError::new(S::CONFLICT, code, detail)
            }
            AppError::InvalidCredentials => {
                ApiError::unauthorized("invalid_credentials", "The username or password is wrong.")
            }
            AppError::SessionEnded => {
                ApiError::unauthorized("session_ended", "This session has ended; sign in again.")
            }
            AppError::InvalidRefreshToken => ApiError::unauthorized(
                "invalid_refresh_token",
                "This refresh token is not valid; sign in again.",
            ),
            AppError::TooManyAttempts { retry_after_secs } => ApiError::new(
                S::TOO_MANY_REQUESTS,
                "too_many_attempts",
                "Too many failed sign-ins; wait before trying again.",
            )
            .retry_after(retry_after_secs),
            AppError::Busy => ApiError::new(
                S::SERVICE_UNAVAILABLE,
                "busy",
                "Too many sign-ins at once; try again in a moment.",
            )
            .retry_after(1),
            AppError::Unavailable => ApiError::for_status(S::SERVICE_UNAVAILABLE).retry_after(5),
            AppError::Internal(cause) => ApiError::internal(&*cause),
        }
    }
}
