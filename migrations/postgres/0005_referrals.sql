-- Referrals between organisations and their append-only timelines.
--
-- A referral made from an IOM case names the case (`case_id`) and shows the receiver the
-- case's profile, read live. A referral made by a ministry about a person IOM does not
-- know yet carries that person inline (`subject_*` and the sealed identity columns,
-- sealed exactly like a case's); accepting it opens a case and fills `case_id`.

CREATE TABLE referrals (
    id uuid NOT NULL PRIMARY KEY,
    from_organization_id uuid NOT NULL REFERENCES organizations (id),
    to_organization_id uuid NOT NULL REFERENCES organizations (id),
    case_id uuid REFERENCES cases (id),
    status text NOT NULL CHECK (status IN ('draft', 'sent', 'acknowledged', 'accepted', 'declined', 'completed', 'withdrawn')),
    purpose text NOT NULL CHECK (purpose IN ('assistance', 'protection', 'investigation', 'prosecution', 'return_facilitation', 'reintegration', 'other')),
    -- What the receiver is shown now: consent withdrawal turns `identity` into `anonymised`.
    disclosure text NOT NULL CHECK (disclosure IN ('anonymised', 'identity')),
    urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    due_date date,
    -- The province of the person when referred, for the inbox filter.
    province text NOT NULL,
    -- The data_sharing consent an identity disclosure relies on.
    consent_id uuid REFERENCES consents (id),
    key_version bigint NOT NULL,
    message bytea,
    -- The inline subject of a ministry's referral: statistics in clear, identity sealed.
    subject_category text CHECK (subject_category IN ('victim_of_trafficking', 'presumed_victim', 'vulnerable_migrant')),
    subject_identified_on date,
    subject_consent_given_on date,
    subject_sex text CHECK (subject_sex IN ('female', 'male', 'other', 'unknown')),
    subject_citizenship text,
    subject_estimated_age integer CHECK (subject_estimated_age BETWEEN 0 AND 120),
    subject_age_group text,
    subject_trafficking text,
    given_name bytea,
    family_name bytea,
    fathers_name bytea,
    date_of_birth bytea,
    phone bytea,
    address bytea,
    document_number bytea,
    -- When it was sent: receivers see only referrals that were sent (a draft withdrawn
    -- unsent stays the sender's).
    sent_at timestamptz,
    created_by uuid NOT NULL REFERENCES users (id),
    version bigint NOT NULL CHECK (version >= 1),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    CONSTRAINT referrals_case_or_subject CHECK (case_id IS NOT NULL OR subject_category IS NOT NULL),
    CONSTRAINT referrals_not_to_self CHECK (from_organization_id <> to_organization_id)
);

CREATE INDEX referrals_to ON referrals (to_organization_id, status);
CREATE INDEX referrals_from ON referrals (from_organization_id, status);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_consent ON referrals (consent_id);

CREATE TABLE referral_timeline (
    id uuid NOT NULL PRIMARY KEY,
    referral_id uuid NOT NULL REFERENCES referrals (id),
    event text NOT NULL CHECK (event IN ('send', 'acknowledge', 'accept', 'decline', 'complete', 'withdraw', 'identity_removed')),
    actor_id uuid NOT NULL REFERENCES users (id),
    organization_id uuid NOT NULL REFERENCES organizations (id),
    -- Sealed: a comment may name people. Re-sealing under a new key is the one change
    -- allowed.
    key_version bigint NOT NULL,
    comment bytea,
    at timestamptz NOT NULL
);

CREATE INDEX referral_timeline_referral ON referral_timeline (referral_id, id);

CREATE FUNCTION referral_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.id, NEW.referral_id, NEW.event, NEW.actor_id, NEW.organization_id, NEW.at)
        IS DISTINCT FROM (OLD.id, OLD.referral_id, OLD.event, OLD.actor_id, OLD.organization_id, OLD.at) THEN
        RAISE EXCEPTION 'referral_timeline is append-only';
    END IF;
    RETURN NEW;
END;
$$;

CREATE TRIGGER referral_timeline_no_rewrite BEFORE UPDATE OR DELETE ON referral_timeline
    FOR EACH ROW EXECUTE FUNCTION referral_timeline_append_only();
