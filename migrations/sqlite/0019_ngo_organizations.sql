-- no-transaction
-- NGOs join the cooperation framework as partner organisations of their own kind, so that
-- a consent to share with partner ministries never covers them.
--
-- SQLite cannot change a CHECK constraint, and every table that names an organisation
-- refers to this one, so the table is rebuilt the way SQLite's documentation prescribes:
-- with foreign keys off (which only takes effect outside a transaction, hence this
-- migration runs its own) and the new table renamed into place. Every row keeps its id,
-- so every reference finds its organisation again.
PRAGMA foreign_keys = OFF;

BEGIN;

CREATE TABLE organizations_new (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    code TEXT NOT NULL CONSTRAINT organizations_code_key UNIQUE,
    name TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    kind TEXT NOT NULL CHECK (kind IN ('iom', 'moi_national', 'moi_provincial', 'partner_ministry', 'foreign_state', 'donor', 'ngo')),
    province TEXT,
    CONSTRAINT organizations_province_iff_provincial
        CHECK ((kind = 'moi_provincial') = (province IS NOT NULL))
) STRICT;

INSERT INTO organizations_new (id, code, name, kind, province)
    SELECT id, code, name, kind, province FROM organizations;

DROP TABLE organizations;
ALTER TABLE organizations_new RENAME TO organizations;

COMMIT;

PRAGMA foreign_keys = ON;
