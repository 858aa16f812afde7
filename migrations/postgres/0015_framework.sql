-- The rest of the cooperation framework. Prosecution: the laws trafficking cases are
-- prosecuted under, as reference data, and the legal proceedings that follow a case, with
-- their append-only history. Capacity building and awareness: trainings and awareness
-- activities.
--
-- A law is data, not code: adding one is an INSERT. The seeded articles are the laws'
-- articles by number with a short English title of Panah's own, for choosing charges;
-- the Official Gazette's text is the authority on their wording.

CREATE TABLE laws (
    code text NOT NULL PRIMARY KEY,
    title text NOT NULL,
    enacted_on date NOT NULL
);

CREATE TABLE law_articles (
    law_code text NOT NULL REFERENCES laws (code),
    number text NOT NULL,
    title text NOT NULL,
    -- The article's place in the law, for listing in the law's order.
    position bigint NOT NULL,
    PRIMARY KEY (law_code, number)
);

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
    id uuid NOT NULL PRIMARY KEY,
    case_id uuid NOT NULL REFERENCES cases (id),
    -- The referral for investigation or prosecution it follows: its receiver follows the
    -- proceeding too.
    referral_id uuid REFERENCES referrals (id),
    law_code text NOT NULL REFERENCES laws (code),
    reported_on date NOT NULL,
    province text NOT NULL,
    stage text NOT NULL CHECK (stage IN ('reported', 'investigation', 'prosecution', 'trial', 'verdict', 'appeal', 'closed')),
    outcome text CHECK (outcome IN ('conviction', 'acquittal', 'dismissed')),
    -- How many were accused; no accused person's identity is ever stored.
    accused_count bigint CHECK (accused_count >= 0),
    victim_testified boolean NOT NULL,
    legal_aid boolean NOT NULL,
    created_by uuid NOT NULL REFERENCES users (id),
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE INDEX legal_proceedings_case ON legal_proceedings (case_id, id);
CREATE INDEX legal_proceedings_referral ON legal_proceedings (referral_id);

-- The articles charged: each must be an article of the proceeding's law.
CREATE TABLE proceeding_articles (
    proceeding_id uuid NOT NULL REFERENCES legal_proceedings (id),
    law_code text NOT NULL,
    number text NOT NULL,
    PRIMARY KEY (proceeding_id, number),
    FOREIGN KEY (law_code, number) REFERENCES law_articles (law_code, number)
);

CREATE TABLE proceeding_history (
    id uuid NOT NULL PRIMARY KEY,
    proceeding_id uuid NOT NULL REFERENCES legal_proceedings (id),
    stage text NOT NULL,
    outcome text,
    actor_id uuid NOT NULL REFERENCES users (id),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    key_version bigint NOT NULL,
    -- Sealed: a comment may name people.
    comment bytea,
    at timestamptz NOT NULL
);

CREATE INDEX proceeding_history_proceeding ON proceeding_history (proceeding_id, id);

CREATE FUNCTION proceeding_history_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.id, NEW.proceeding_id, NEW.stage, NEW.outcome, NEW.actor_id, NEW.organization_id, NEW.at)
        IS DISTINCT FROM (OLD.id, OLD.proceeding_id, OLD.stage, OLD.outcome, OLD.actor_id, OLD.organization_id, OLD.at) THEN
        RAISE EXCEPTION 'proceeding_history is append-only';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER proceeding_history_no_rewrite BEFORE UPDATE OR DELETE ON proceeding_history
    FOR EACH ROW EXECUTE FUNCTION proceeding_history_append_only();

-- Capacity building and awareness raising. Their costs are charged to budget lines under
-- the rules of assistance: the grant's currency, a date in the grant's period.

CREATE TABLE trainings (
    id uuid NOT NULL PRIMARY KEY,
    title text NOT NULL,
    topic text NOT NULL CHECK (topic IN ('identification', 'victim_assistance', 'investigation', 'prosecution', 'referral_mechanism', 'data_protection', 'other')),
    province text NOT NULL,
    -- The day a training's cost is charged on.
    starts_on date NOT NULL,
    ends_on date NOT NULL,
    organizer_organization_id uuid NOT NULL REFERENCES organizations (id),
    cost_amount_minor bigint CHECK (cost_amount_minor >= 0),
    cost_currency text,
    budget_line_id uuid REFERENCES budget_lines (id),
    created_by uuid NOT NULL REFERENCES users (id),
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT trainings_period CHECK (starts_on <= ends_on),
    CONSTRAINT trainings_cost CHECK ((cost_amount_minor IS NULL) = (cost_currency IS NULL))
);

CREATE INDEX trainings_province ON trainings (province, id);
CREATE INDEX trainings_budget_line ON trainings (budget_line_id, starts_on);

CREATE TABLE training_participants (
    training_id uuid NOT NULL REFERENCES trainings (id),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    female bigint NOT NULL CHECK (female >= 0),
    male bigint NOT NULL CHECK (male >= 0),
    PRIMARY KEY (training_id, organization_id)
);

CREATE TABLE awareness_activities (
    id uuid NOT NULL PRIMARY KEY,
    province text NOT NULL,
    date date NOT NULL,
    channel text NOT NULL CHECK (channel IN ('community_session', 'radio', 'tv', 'school', 'print', 'social_media')),
    partner_organization_id uuid REFERENCES organizations (id),
    estimated_reach bigint NOT NULL CHECK (estimated_reach >= 0),
    description text,
    cost_amount_minor bigint CHECK (cost_amount_minor >= 0),
    cost_currency text,
    budget_line_id uuid REFERENCES budget_lines (id),
    created_by uuid NOT NULL REFERENCES users (id),
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT awareness_cost CHECK ((cost_amount_minor IS NULL) = (cost_currency IS NULL))
);

CREATE INDEX awareness_activities_province ON awareness_activities (province, id);
CREATE INDEX awareness_activities_budget_line ON awareness_activities (budget_line_id, date);
