-- Voluntary returns, their history, monitoring visits, and the link from assistance to
-- the return whose reintegration plan it belongs to.

CREATE TABLE returns (
    id uuid NOT NULL PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    direction text NOT NULL CHECK (direction IN ('to_afghanistan', 'from_afghanistan')),
    status text NOT NULL CHECK (status IN ('requested', 'counselling', 'documents', 'fit_to_travel', 'travel_booked', 'departed', 'arrived', 'reintegration', 'monitoring', 'completed', 'cancelled')),
    origin_country text NOT NULL,
    origin_province text,
    destination_country text NOT NULL,
    destination_province text,
    -- The Afghan end's province, for the list filter.
    province text NOT NULL,
    cooperating_organization_id uuid REFERENCES organizations (id),
    escort_required boolean NOT NULL,
    travel_date date,
    -- The return consent the return relies on; withdrawing it before departure cancels.
    consent_id uuid NOT NULL REFERENCES consents (id),
    key_version bigint NOT NULL,
    -- Sealed: needs (medical, family, safety) describe the person.
    needs bytea,
    created_by uuid NOT NULL REFERENCES users (id),
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX returns_case ON returns (case_id, id);
CREATE INDEX returns_status ON returns (status, id);
CREATE INDEX returns_consent ON returns (consent_id);

CREATE TABLE return_history (
    id uuid NOT NULL PRIMARY KEY,
    return_id uuid NOT NULL REFERENCES returns (id),
    from_status text,
    to_status text NOT NULL,
    actor_id uuid NOT NULL REFERENCES users (id),
    -- Why the system made the move (`consent_withdrawn`), when it was not a person's step.
    reason text,
    key_version bigint NOT NULL,
    comment bytea,
    at timestamptz NOT NULL
);

CREATE INDEX return_history_return ON return_history (return_id, id);

CREATE FUNCTION return_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.id, NEW.return_id, NEW.from_status, NEW.to_status, NEW.actor_id, NEW.reason, NEW.at)
        IS DISTINCT FROM (OLD.id, OLD.return_id, OLD.from_status, OLD.to_status, OLD.actor_id, OLD.reason, OLD.at) THEN
        RAISE EXCEPTION 'return_history is append-only';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER return_history_no_rewrite BEFORE UPDATE OR DELETE ON return_history
    FOR EACH ROW EXECUTE FUNCTION return_history_append_only();

CREATE TABLE monitoring_visits (
    id uuid NOT NULL PRIMARY KEY,
    return_id uuid NOT NULL REFERENCES returns (id),
    visited_on date NOT NULL,
    economic double precision NOT NULL CHECK (economic BETWEEN 0 AND 1),
    social double precision NOT NULL CHECK (social BETWEEN 0 AND 1),
    psychosocial double precision NOT NULL CHECK (psychosocial BETWEEN 0 AND 1),
    key_version bigint NOT NULL,
    notes bytea,
    recorded_by uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL
);

CREATE INDEX monitoring_visits_return ON monitoring_visits (return_id, id);

ALTER TABLE assistance ADD COLUMN return_id uuid REFERENCES returns (id);

CREATE INDEX assistance_return ON assistance (return_id);
