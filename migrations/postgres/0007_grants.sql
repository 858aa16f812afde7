-- Grants and their budget lines; assistance is charged to a budget line.

CREATE TABLE grants (
    id uuid NOT NULL PRIMARY KEY,
    code text NOT NULL CONSTRAINT grants_code_key UNIQUE,
    title text NOT NULL,
    donor_organization_id uuid NOT NULL REFERENCES organizations (id),
    currency text NOT NULL,
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    created_by uuid NOT NULL REFERENCES users (id),
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT grants_period CHECK (starts_on <= ends_on)
);

CREATE TABLE budget_lines (
    id uuid NOT NULL PRIMARY KEY,
    grant_id uuid NOT NULL REFERENCES grants (id),
    code text NOT NULL,
    name text NOT NULL,
    amount_minor bigint NOT NULL CHECK (amount_minor >= 0),
    CONSTRAINT budget_lines_grant_code_key UNIQUE (grant_id, code)
);

ALTER TABLE assistance ADD COLUMN budget_line_id uuid REFERENCES budget_lines (id);

-- The funding report reads delivered, charged assistance by line and date; the index
-- carries every column it needs, so the report can scan the index alone.
CREATE INDEX assistance_budget_line ON assistance (budget_line_id, date)
    INCLUDE (status, case_id, assistance_type, cost_amount_minor);
