-- Case files: the person's identity sealed field by field (see crypto.rs), statistics in
-- clear, blind indexes for exact search; consents, assistance and notes; case-number
-- counters.

-- The last case number given per province and year. Incremented inside the creating
-- transaction, so two concurrent registrations never get the same number.
CREATE TABLE case_number_counters (
    province text NOT NULL,
    year integer NOT NULL,
    last bigint NOT NULL CHECK (last >= 1),
    PRIMARY KEY (province, year)
);

CREATE TABLE cases (
    id uuid NOT NULL PRIMARY KEY,
    case_number text NOT NULL CONSTRAINT cases_case_number_key UNIQUE,
    category text NOT NULL CHECK (category IN ('victim_of_trafficking', 'presumed_victim', 'vulnerable_migrant')),
    status text NOT NULL CHECK (status IN ('open', 'active', 'closed')),
    province text NOT NULL,
    identified_on date NOT NULL,
    identified_by_organization_id uuid NOT NULL REFERENCES organizations (id),
    assigned_to uuid REFERENCES users (id),
    -- In clear, for statistics.
    sex text NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    citizenship text NOT NULL,
    estimated_age integer CHECK (estimated_age BETWEEN 0 AND 120),
    age_group text,
    trafficking text NOT NULL,
    -- Sealed identity: every value opens only for this row and column.
    key_version bigint NOT NULL,
    given_name bytea NOT NULL,
    family_name bytea,
    fathers_name bytea,
    date_of_birth bytea,
    phone bytea,
    address bytea,
    document_number bytea,
    -- Blind indexes (HMAC of the normalised value) for exact search.
    given_name_index bytea,
    family_name_index bytea,
    phone_index bytea,
    document_number_index bytea,
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX cases_assigned_to ON cases (assigned_to, id);
CREATE INDEX cases_status ON cases (status, id);
CREATE INDEX cases_province ON cases (province, id);
CREATE INDEX cases_category ON cases (category, id);
CREATE INDEX cases_given_name_index ON cases (given_name_index);
CREATE INDEX cases_family_name_index ON cases (family_name_index);
CREATE INDEX cases_phone_index ON cases (phone_index);
CREATE INDEX cases_document_number_index ON cases (document_number_index);

CREATE TABLE consents (
    id uuid NOT NULL PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    kind text NOT NULL CHECK (kind IN ('assistance', 'data_sharing', 'return', 'law_enforcement_contact')),
    given_on date NOT NULL,
    -- For data_sharing: organisation kinds, sorted, separated by single spaces.
    organization_kinds text NOT NULL,
    recorded_by uuid NOT NULL REFERENCES users (id),
    recorded_at timestamptz NOT NULL,
    withdrawn_on date,
    withdrawn_by uuid REFERENCES users (id),
    withdrawn_at timestamptz
);

CREATE INDEX consents_case ON consents (case_id, id);

CREATE TABLE assistance (
    id uuid NOT NULL PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    assistance_type text NOT NULL CHECK (assistance_type IN ('shelter', 'medical', 'psychosocial', 'legal_counselling', 'legal_representation', 'food_and_items', 'cash', 'education', 'vocational_training', 'livelihood', 'family_tracing', 'travel_documents', 'transport', 'reintegration_grant', 'other')),
    status text NOT NULL CHECK (status IN ('planned', 'delivered', 'cancelled')),
    date date NOT NULL,
    provider_organization_id uuid REFERENCES organizations (id),
    cost_amount_minor bigint CHECK (cost_amount_minor >= 0),
    cost_currency text,
    key_version bigint NOT NULL,
    -- Sealed: a description may name people.
    description bytea,
    recorded_by uuid NOT NULL REFERENCES users (id),
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT assistance_cost_complete
        CHECK ((cost_amount_minor IS NULL) = (cost_currency IS NULL))
);

CREATE INDEX assistance_case ON assistance (case_id, id);

CREATE TABLE case_notes (
    id uuid NOT NULL PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    key_version bigint NOT NULL,
    body bytea NOT NULL,
    author_id uuid NOT NULL REFERENCES users (id),
    created_at timestamptz NOT NULL
);

CREATE INDEX case_notes_case ON case_notes (case_id, id);
