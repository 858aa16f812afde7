-- Voluntary returns, their history, monitoring visits, and the link from assistance to
-- the return whose reintegration plan it belongs to.

CREATE TABLE returns (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    case_id BLOB NOT NULL REFERENCES cases (id),
    direction TEXT NOT NULL CHECK (direction IN ('to_afghanistan', 'from_afghanistan')),
    status TEXT NOT NULL CHECK (status IN ('requested', 'counselling', 'documents', 'fit_to_travel', 'travel_booked', 'departed', 'arrived', 'reintegration', 'monitoring', 'completed', 'cancelled')),
    origin_country TEXT NOT NULL,
    origin_province TEXT,
    destination_country TEXT NOT NULL,
    destination_province TEXT,
    -- The Afghan end's province, for the list filter.
    province TEXT NOT NULL,
    cooperating_organization_id BLOB REFERENCES organizations (id),
    escort_required INTEGER NOT NULL CHECK (escort_required IN (0, 1)),
    travel_date TEXT,
    -- The return consent the return relies on; withdrawing it before departure cancels.
    consent_id BLOB NOT NULL REFERENCES consents (id),
    key_version INTEGER NOT NULL,
    -- Sealed: needs (medical, family, safety) describe the person.
    needs BLOB,
    created_by BLOB NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX returns_case ON returns (case_id, id);
CREATE INDEX returns_status ON returns (status, id);
CREATE INDEX returns_consent ON returns (consent_id);

CREATE TABLE return_history (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    return_id BLOB NOT NULL REFERENCES returns (id),
    from_status TEXT,
    to_status TEXT NOT NULL,
    actor_id BLOB NOT NULL REFERENCES users (id),
    -- Why the system made the move (`consent_withdrawn`), when it was not a person's step.
    reason TEXT,
    key_version INTEGER NOT NULL,
    comment BLOB,
    at TEXT NOT NULL
) STRICT;

CREATE INDEX return_history_return ON return_history (return_id, id);

CREATE TRIGGER return_history_no_rewrite
    BEFORE UPDATE OF id, return_id, from_status, to_status, actor_id, reason, at ON return_history
BEGIN
    SELECT RAISE(ABORT, 'return_history is append-only');
END;

CREATE TRIGGER return_history_no_delete BEFORE DELETE ON return_history
BEGIN
    SELECT RAISE(ABORT, 'return_history is append-only');
END;

CREATE TABLE monitoring_visits (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    return_id BLOB NOT NULL REFERENCES returns (id),
    visited_on TEXT NOT NULL,
    economic REAL NOT NULL CHECK (economic BETWEEN 0 AND 1),
    social REAL NOT NULL CHECK (social BETWEEN 0 AND 1),
    psychosocial REAL NOT NULL CHECK (psychosocial BETWEEN 0 AND 1),
    key_version INTEGER NOT NULL,
    notes BLOB,
    recorded_by BLOB NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX monitoring_visits_return ON monitoring_visits (return_id, id);

ALTER TABLE assistance ADD COLUMN return_id BLOB REFERENCES returns (id);

CREATE INDEX assistance_return ON assistance (return_id);
