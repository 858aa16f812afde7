-- Creating requests sent with an Idempotency-Key, kept 24 hours: the request's hash and,
-- once answered, the response. The response body is sealed like personal data, since a
-- created case carries a person's identity.
CREATE TABLE idempotency_keys (
    user_id uuid NOT NULL REFERENCES users (id),
    idempotency_key text NOT NULL,
    request_hash bytea NOT NULL,
    -- NULL while the first request is still being answered.
    status_code integer,
    location text,
    etag text,
    response bytea,
    created_at timestamptz NOT NULL,
    PRIMARY KEY (user_id, idempotency_key)
);

CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);
