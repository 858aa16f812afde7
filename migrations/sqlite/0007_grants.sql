-- Grants and their budget lines; assistance is charged to a budget line.

CREATE TABLE grants (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    code TEXT NOT NULL CONSTRAINT grants_code_key UNIQUE,
    title TEXT NOT NULL,
    donor_organization_id BLOB NOT NULL REFERENCES organizations (id),
    currency TEXT NOT NULL,
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    created_by BLOB NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT grants_period CHECK (starts_on <= ends_on)
) STRICT;

CREATE TABLE budget_lines (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    grant_id BLOB NOT NULL REFERENCES grants (id),
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    amount_minor INTEGER NOT NULL CHECK (amount_minor >= 0),
    CONSTRAINT budget_lines_grant_code_key UNIQUE (grant_id, code)
) STRICT;

ALTER TABLE assistance ADD COLUMN budget_line_id BLOB REFERENCES budget_lines (id);

-- The funding report reads delivered, charged assistance by line and date; the index
-- carries every column it needs, so the report never visits the table's rows.
CREATE INDEX assistance_budget_line
    ON assistance (budget_line_id, date, status, case_id, assistance_type, cost_amount_minor);
