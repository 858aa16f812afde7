-- Staff accounts, their sessions and refresh tokens, failed-login counting, and the
-- hash-chained audit log.

CREATE TABLE users (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    username TEXT NOT NULL CONSTRAINT users_username_key UNIQUE,
    display_name TEXT NOT NULL,
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    -- Role names, sorted, separated by single spaces.
    roles TEXT NOT NULL CHECK (length(roles) > 0),
    password_hash TEXT NOT NULL,
    password_change_required INTEGER NOT NULL CHECK (password_change_required IN (0, 1)),
    disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX users_organization ON users (organization_id);

-- One row per sign-in: the family of refresh tokens that descend from it.
CREATE TABLE sessions (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    user_id BLOB NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_reason TEXT
) STRICT;

CREATE INDEX sessions_user ON sessions (user_id);

-- Refresh tokens are stored only as their SHA-256 hash. A used token stays, marked, so
-- that its reuse can be recognised and the whole family revoked.
CREATE TABLE refresh_tokens (
    token_hash BLOB NOT NULL PRIMARY KEY,
    session_id BLOB NOT NULL REFERENCES sessions (id),
    issued_at TEXT NOT NULL,
    used_at TEXT
) STRICT;

CREATE INDEX refresh_tokens_session ON refresh_tokens (session_id);

-- Failed sign-ins, counted per account and per client address over a sliding window.
-- The account is a keyed hash of the username as typed, whether or not such a user
-- exists, so that unknown names lock out exactly like real ones and nothing typed is kept.
CREATE TABLE login_failures (
    id INTEGER PRIMARY KEY,
    account_key BLOB NOT NULL,
    client TEXT NOT NULL,
    at TEXT NOT NULL
) STRICT;

CREATE INDEX login_failures_account_at ON login_failures (account_key, at);
CREATE INDEX login_failures_client_at ON login_failures (client, at);

-- The audit log: append-only, each entry chained to the one before by its hash.
CREATE TABLE audit_log (
    seq INTEGER NOT NULL PRIMARY KEY,
    id BLOB NOT NULL CONSTRAINT audit_log_id_key UNIQUE,
    at TEXT NOT NULL,
    actor_id BLOB,
    actor_organization_id BLOB,
    action TEXT NOT NULL,
    target_type TEXT,
    target_id TEXT,
    outcome TEXT NOT NULL,
    request_id BLOB,
    details TEXT,
    prev_hash BLOB NOT NULL,
    hash BLOB NOT NULL
) STRICT;

CREATE INDEX audit_log_actor ON audit_log (actor_id, seq);
CREATE INDEX audit_log_action ON audit_log (action, seq);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, seq);

-- The newest entry's sequence number and hash. Writers take it to append, so the chain
-- stays linear however many server processes write; a truncated log no longer matches it.
CREATE TABLE audit_head (
    id INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
    seq INTEGER NOT NULL,
    hash BLOB NOT NULL
) STRICT;

INSERT INTO audit_head (id, seq, hash) VALUES (1, 0, zeroblob(32));

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
