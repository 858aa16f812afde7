-- Creating requests sent with an Idempotency-Key, kept 24 hours: the request's hash and,
-- once answered, the response. The response body is sealed like personal data, since a
-- created case carries a person's identity.
CREATE TABLE idempotency_keys (
    user_id BLOB NOT NULL REFERENCES users (id),
    idempotency_key TEXT NOT NULL,
    request_hash BLOB NOT NULL,
    -- NULL while the first request is still being answered.
    status_code INTEGER,
    location TEXT,
    etag TEXT,
    response BLOB,
    created_at TEXT NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
) STRICT;

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
