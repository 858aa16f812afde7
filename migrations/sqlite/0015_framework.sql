-- The rest of the cooperation framework. Prosecution: the laws trafficking cases are
-- prosecuted under, as reference data, and the legal proceedings that follow a case, with
-- their append-only history. Capacity building and awareness: trainings and awareness
-- activities.
--
-- A law is data, not code: adding one is an INSERT. The seeded articles are the laws'
-- articles by number with a short English title of Panah's own, for choosing charges;
-- the Official Gazette's text is the authority on their wording.

CREATE TABLE laws (
    code TEXT NOT NULL PRIMARY KEY,
    title TEXT NOT NULL,
    enacted_on TEXT NOT NULL
) STRICT;

CREATE TABLE law_articles (
    law_code TEXT NOT NULL REFERENCES laws (code),
    number TEXT NOT NULL,
    title TEXT NOT NULL,
    -- The article's place in the law, for listing in the law's order.
    position INTEGER NOT NULL,
    PRIMARY KEY (law_code, number)
) STRICT;

INSERT INTO laws (code, title, enacted_on) VALUES
    ('lkht_2008', 'Law on Kidnapping and Human Trafficking', '2008-07-15'),
    ('ctip_2017', 'Law on Combating Trafficking in Persons and Smuggling of Migrants', '2017-05-21');

INSERT INTO law_articles (law_code, number, title, position) VALUES
    ('lkht_2008', '1', 'Basis', 1),
    ('lkht_2008', '2', 'Objectives', 2),
    ('lkht_2008', '3', 'Definitions', 3),
    ('lkht_2008', '4', 'Kidnapping', 4),
    ('lkht_2008', '5', 'Human trafficking', 5),
    ('lkht_2008', '6', 'Punishment of kidnapping', 6),
    ('lkht_2008', '7', 'Punishment of human trafficking', 7),
    ('lkht_2008', '8', 'Aggravating circumstances', 8),
    ('lkht_2008', '9', 'Attempt, complicity and assistance', 9),
    ('lkht_2008', '10', 'Victims not punished', 10),
    ('lkht_2008', '11', 'Protection and assistance of victims', 11),
    ('lkht_2008', '12', 'Return of victims', 12),
    ('lkht_2008', '13', 'High Commission for Combating Kidnapping and Human Trafficking', 13),
    ('ctip_2017', '1', 'Basis', 1),
    ('ctip_2017', '2', 'Objectives', 2),
    ('ctip_2017', '3', 'Definitions', 3),
    ('ctip_2017', '4', 'Trafficking in persons', 4),
    ('ctip_2017', '5', 'Smuggling of migrants', 5),
    ('ctip_2017', '6', 'Punishment of trafficking in persons', 6),
    ('ctip_2017', '7', 'Aggravating circumstances', 7),
    ('ctip_2017', '8', 'Punishment of smuggling of migrants', 8),
    ('ctip_2017', '9', 'Liability of legal persons', 9),
    ('ctip_2017', '10', 'Victims not punished', 10),
    ('ctip_2017', '11', 'Protection and assistance of victims', 11),
    ('ctip_2017', '12', 'Return and reintegration of victims', 12),
    ('ctip_2017', '13', 'International cooperation', 13),
    ('ctip_2017', '14', 'High Commission for Combating Trafficking in Persons and Smuggling of Migrants', 14);

CREATE TABLE legal_proceedings (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    case_id BLOB NOT NULL REFERENCES cases (id),
    -- The referral for investigation or prosecution it follows: its receiver follows the
    -- proceeding too.
    referral_id BLOB REFERENCES referrals (id),
    law_code TEXT NOT NULL REFERENCES laws (code),
    reported_on TEXT NOT NULL,
    province TEXT NOT NULL,
    stage TEXT NOT NULL CHECK (stage IN ('reported', 'investigation', 'prosecution', 'trial', 'verdict', 'appeal', 'closed')),
    outcome TEXT CHECK (outcome IN ('conviction', 'acquittal', 'dismissed')),
    -- How many were accused; no accused person's identity is ever stored.
    accused_count INTEGER CHECK (accused_count >= 0),
    victim_testified INTEGER NOT NULL CHECK (victim_testified IN (0, 1)),
    legal_aid INTEGER NOT NULL CHECK (legal_aid IN (0, 1)),
    created_by BLOB NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
) STRICT;

CREATE INDEX legal_proceedings_case ON legal_proceedings (case_id, id);
CREATE INDEX legal_proceedings_referral ON legal_proceedings (referral_id);

-- The articles charged: each must be an article of the proceeding's law.
CREATE TABLE proceeding_articles (
    proceeding_id BLOB NOT NULL REFERENCES legal_proceedings (id),
    law_code TEXT NOT NULL,
    number TEXT NOT NULL,
    PRIMARY KEY (proceeding_id, number),
    FOREIGN KEY (law_code, number) REFERENCES law_articles (law_code, number)
) STRICT;

CREATE TABLE proceeding_history (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    proceeding_id BLOB NOT NULL REFERENCES legal_proceedings (id),
    stage TEXT NOT NULL,
    outcome TEXT,
    actor_id BLOB NOT NULL REFERENCES users (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    key_version INTEGER NOT NULL,
    -- Sealed: a comment may name people.
    comment BLOB,
    at TEXT NOT NULL
) STRICT;

CREATE INDEX proceeding_history_proceeding ON proceeding_history (proceeding_id, id);

CREATE TRIGGER proceeding_history_no_rewrite
    BEFORE UPDATE OF id, proceeding_id, stage, outcome, actor_id, organization_id, at ON proceeding_history
BEGIN
    SELECT RAISE(ABORT, 'proceeding_history is append-only');
END;

CREATE TRIGGER proceeding_history_no_delete BEFORE DELETE ON proceeding_history
BEGIN
    SELECT RAISE(ABORT, 'proceeding_history is append-only');
END;

-- Capacity building and awareness raising. Their costs are charged to budget lines under
-- the rules of assistance: the grant's currency, a date in the grant's period.

CREATE TABLE trainings (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    title TEXT NOT NULL,
    topic TEXT NOT NULL CHECK (topic IN ('identification', 'victim_assistance', 'investigation', 'prosecution', 'referral_mechanism', 'data_protection', 'other')),
    province TEXT NOT NULL,
    -- The day a training's cost is charged on.
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    organizer_organization_id BLOB NOT NULL REFERENCES organizations (id),
    cost_amount_minor INTEGER CHECK (cost_amount_minor >= 0),
    cost_currency TEXT,
    budget_line_id BLOB REFERENCES budget_lines (id),
    created_by BLOB NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT trainings_period CHECK (starts_on <= ends_on),
    CONSTRAINT trainings_cost CHECK ((cost_amount_minor IS NULL) = (cost_currency IS NULL))
) STRICT;

CREATE INDEX trainings_province ON trainings (province, id);
CREATE INDEX trainings_budget_line ON trainings (budget_line_id, starts_on);

CREATE TABLE training_participants (
    training_id BLOB NOT NULL REFERENCES trainings (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    female INTEGER NOT NULL CHECK (female >= 0),
    male INTEGER NOT NULL CHECK (male >= 0),
    PRIMARY KEY (training_id, organization_id)
) STRICT;

CREATE TABLE awareness_activities (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    province TEXT NOT NULL,
    date TEXT NOT NULL,
    channel TEXT NOT NULL CHECK (channel IN ('community_session', 'radio', 'tv', 'school', 'print', 'social_media')),
    partner_organization_id BLOB REFERENCES organizations (id),
    estimated_reach INTEGER NOT NULL CHECK (estimated_reach >= 0),
    description TEXT,
    cost_amount_minor INTEGER CHECK (cost_amount_minor >= 0),
    cost_currency TEXT,
    budget_line_id BLOB REFERENCES budget_lines (id),
    created_by BLOB NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT awareness_cost CHECK ((cost_amount_minor IS NULL) = (cost_currency IS NULL))
) STRICT;

CREATE INDEX awareness_activities_province ON awareness_activities (province, id);
CREATE INDEX awareness_activities_budget_line ON awareness_activities (budget_line_id, date);
