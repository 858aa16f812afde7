-- Case files: the person's identity sealed field by field (see crypto.rs), statistics in
-- clear, blind indexes for exact search; consents, assistance and notes; case-number
-- counters.

-- The last case number given per province and year. Incremented inside the creating
-- transaction, so two concurrent registrations never get the same number.
CREATE TABLE case_number_counters (
    province TEXT NOT NULL,
    year INTEGER NOT NULL,
    last INTEGER NOT NULL CHECK (last >= 1),
    PRIMARY KEY (province, year)
) STRICT;

CREATE TABLE cases (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    case_number TEXT NOT NULL CONSTRAINT cases_case_number_key UNIQUE,
    category TEXT NOT NULL CHECK (category IN ('victim_of_trafficking', 'presumed_victim', 'vulnerable_migrant')),
    status TEXT NOT NULL CHECK (status IN ('open', 'active', 'closed')),
    province TEXT NOT NULL,
    identified_on TEXT NOT NULL,
    identified_by_organization_id BLOB NOT NULL REFERENCES organizations (id),
    assigned_to BLOB REFERENCES users (id),
    -- In clear, for statistics.
    sex TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    citizenship TEXT NOT NULL,
    estimated_age INTEGER CHECK (estimated_age BETWEEN 0 AND 120),
    age_group TEXT,
    trafficking TEXT NOT NULL,
    -- Sealed identity: every value opens only for this row and column.
    key_version INTEGER NOT NULL,
    given_name BLOB NOT NULL,
    family_name BLOB,
    fathers_name BLOB,
    date_of_birth BLOB,
    phone BLOB,
    address BLOB,
    document_number BLOB,
    -- Blind indexes (HMAC of the normalised value) for exact search.
    given_name_index BLOB,
    family_name_index BLOB,
    phone_index BLOB,
    document_number_index BLOB,
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX cases_assigned_to ON cases (assigned_to, id);
CREATE INDEX cases_status ON cases (status, id);
CREATE INDEX cases_province ON cases (province, id);
CREATE INDEX cases_category ON cases (category, id);
CREATE INDEX cases_given_name_index ON cases (given_name_index);
CREATE INDEX cases_family_name_index ON cases (family_name_index);
CREATE INDEX cases_phone_index ON cases (phone_index);
CREATE INDEX cases_document_number_index ON cases (document_number_index);

CREATE TABLE consents (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    case_id BLOB NOT NULL REFERENCES cases (id),
    kind TEXT NOT NULL CHECK (kind IN ('assistance', 'data_sharing', 'return', 'law_enforcement_contact')),
    given_on TEXT NOT NULL,
    -- For data_sharing: organisation kinds, sorted, separated by single spaces.
    organization_kinds TEXT NOT NULL,
    recorded_by BLOB NOT NULL REFERENCES users (id),
    recorded_at TEXT NOT NULL,
    withdrawn_on TEXT,
    withdrawn_by BLOB REFERENCES users (id),
    withdrawn_at TEXT
) STRICT;

CREATE INDEX consents_case ON consents (case_id, id);

CREATE TABLE assistance (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    case_id BLOB NOT NULL REFERENCES cases (id),
    assistance_type TEXT NOT NULL CHECK (assistance_type IN ('shelter', 'medical', 'psychosocial', 'legal_counselling', 'legal_representation', 'food_and_items', 'cash', 'education', 'vocational_training', 'livelihood', 'family_tracing', 'travel_documents', 'transport', 'reintegration_grant', 'other')),
    status TEXT NOT NULL CHECK (status IN ('planned', 'delivered', 'cancelled')),
    date TEXT NOT NULL,
    provider_organization_id BLOB REFERENCES organizations (id),
    cost_amount_minor INTEGER CHECK (cost_amount_minor >= 0),
    cost_currency TEXT,
    key_version INTEGER NOT NULL,
    -- Sealed: a description may name people.
    description BLOB,
    recorded_by BLOB NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT assistance_cost_complete
        CHECK ((cost_amount_minor IS NULL) = (cost_currency IS NULL))
) STRICT;

CREATE INDEX assistance_case ON assistance (case_id, id);

CREATE TABLE case_notes (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    case_id BLOB NOT NULL REFERENCES cases (id),
    key_version INTEGER NOT NULL,
    body BLOB NOT NULL,
    author_id BLOB NOT NULL REFERENCES users (id),
    created_at TEXT NOT NULL
) STRICT;

CREATE INDEX case_notes_case ON case_notes (case_id, id);
