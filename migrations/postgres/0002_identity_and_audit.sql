-- Staff accounts, their sessions and refresh tokens, failed-login counting, and the
-- hash-chained audit log.

CREATE TABLE users (
    id uuid NOT NULL PRIMARY KEY,
    username text COLLATE "C" NOT NULL CONSTRAINT users_username_key UNIQUE,
    display_name text NOT NULL,
    organization_id uuid NOT NULL REFERENCES organizations (id),
    -- Role names, sorted, separated by single spaces.
    roles text NOT NULL CHECK (length(roles) > 0),
    password_hash text NOT NULL,
    password_change_required boolean NOT NULL,
    disabled boolean NOT NULL DEFAULT false,
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX users_organization ON users (organization_id);

-- One row per sign-in: the family of refresh tokens that descend from it.
CREATE TABLE sessions (
    id uuid NOT NULL PRIMARY KEY,
    user_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz,
    revoked_reason text
);

CREATE INDEX sessions_user ON sessions (user_id);

-- Refresh tokens are stored only as their SHA-256 hash. A used token stays, marked, so
-- that its reuse can be recognised and the whole family revoked.
CREATE TABLE refresh_tokens (
    token_hash bytea NOT NULL PRIMARY KEY,
    session_id uuid NOT NULL REFERENCES sessions (id),
    issued_at timestamptz NOT NULL,
    used_at timestamptz
);

CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Failed sign-ins, counted per account and per client address over a sliding window.
-- The account is a keyed hash of the username as typed, whether or not such a user
-- exists, so that unknown names lock out exactly like real ones and nothing typed is kept.
CREATE TABLE login_failures (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_key bytea NOT NULL,
    client text NOT NULL,
    at timestamptz NOT NULL
);

CREATE INDEX login_failures_account_at ON login_failures (account_key, at);
CREATE INDEX login_failures_client_at ON login_failures (client, at);

-- The audit log: append-only, each entry chained to the one before by its hash.
CREATE TABLE audit_log (
    seq bigint NOT NULL PRIMARY KEY,
    id uuid NOT NULL CONSTRAINT audit_log_id_key UNIQUE,
    at timestamptz NOT NULL,
    actor_id uuid,
    actor_organization_id uuid,
    action text NOT NULL,
    target_type text,
    target_id text,
    outcome text NOT NULL,
    request_id uuid,
    details text,
    prev_hash bytea NOT NULL,
    hash bytea NOT NULL
);

CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, seq);

-- The newest entry's sequence number and hash. Writers lock it to append, so the chain
-- stays linear however many server processes write; a truncated log no longer matches it.
CREATE TABLE audit_head (
    id integer NOT NULL PRIMARY KEY CHECK (id = 1),
    seq bigint NOT NULL,
    hash bytea NOT NULL
);

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, decode(repeat('00', 32), 'hex'));

CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;

CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
