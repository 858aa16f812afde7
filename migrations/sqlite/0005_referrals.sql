-- Referrals between organisations and their append-only timelines.
--
-- A referral made from an IOM case names the case (`case_id`) and shows the receiver the
-- case's profile, read live. A referral made by a ministry about a person IOM does not
-- know yet carries that person inline (`subject_*` and the sealed identity columns,
-- sealed exactly like a case's); accepting it opens a case and fills `case_id`.

CREATE TABLE referrals (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    from_organization_id BLOB NOT NULL REFERENCES organizations (id),
    to_organization_id BLOB NOT NULL REFERENCES organizations (id),
    case_id BLOB REFERENCES cases (id),
    status TEXT NOT NULL CHECK (status IN ('draft', 'sent', 'acknowledged', 'accepted', 'declined', 'completed', 'withdrawn')),
    purpose TEXT NOT NULL CHECK (purpose IN ('assistance', 'protection', 'investigation', 'prosecution', 'return_facilitation', 'reintegration', 'other')),
    -- What the receiver is shown now: consent withdrawal turns `identity` into `anonymised`.
    disclosure TEXT NOT NULL CHECK (disclosure IN ('anonymised', 'identity')),
    urgency TEXT NOT NULL CHECK (urgency IN ('normal', 'urgent')),
    due_date TEXT,
    -- The province of the person when referred, for the inbox filter.
    province TEXT NOT NULL,
    -- The data_sharing consent an identity disclosure relies on.
    consent_id BLOB REFERENCES consents (id),
    key_version INTEGER NOT NULL,
    message BLOB,
    -- The inline subject of a ministry's referral: statistics in clear, identity sealed.
    subject_category TEXT CHECK (subject_category IN ('victim_of_trafficking', 'presumed_victim', 'vulnerable_migrant')),
    subject_identified_on TEXT,
    subject_consent_given_on TEXT,
    subject_sex TEXT CHECK (subject_sex IN ('female', 'male', 'other', 'unknown')),
    subject_citizenship TEXT,
    subject_estimated_age INTEGER CHECK (subject_estimated_age BETWEEN 0 AND 120),
    subject_age_group TEXT,
    subject_trafficking TEXT,
    given_name BLOB,
    family_name BLOB,
    fathers_name BLOB,
    date_of_birth BLOB,
    phone BLOB,
    address BLOB,
    document_number BLOB,
    -- When it was sent: receivers see only referrals that were sent (a draft withdrawn
    -- unsent stays the sender's).
    sent_at TEXT,
    created_by BLOB NOT NULL REFERENCES users (id),
    version INTEGER NOT NULL CHECK (version >= 1),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    CONSTRAINT referrals_case_or_subject CHECK (case_id IS NOT NULL OR subject_category IS NOT NULL),
    CONSTRAINT referrals_not_to_self CHECK (from_organization_id <> to_organization_id)
) STRICT;

CREATE INDEX referrals_to ON referrals (to_organization_id, status);
CREATE INDEX referrals_from ON referrals (from_organization_id, status);
CREATE INDEX referrals_case ON referrals (case_id);
CREATE INDEX referrals_consent ON referrals (consent_id);

CREATE TABLE referral_timeline (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    referral_id BLOB NOT NULL REFERENCES referrals (id),
    event TEXT NOT NULL CHECK (event IN ('send', 'acknowledge', 'accept', 'decline', 'complete', 'withdraw', 'identity_removed')),
    actor_id BLOB NOT NULL REFERENCES users (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    -- Sealed: a comment may name people. Re-sealing under a new key is the one change
    -- allowed.
    key_version INTEGER NOT NULL,
    comment BLOB,
    at TEXT NOT NULL
) STRICT;

CREATE INDEX referral_timeline_referral ON referral_timeline (referral_id, id);

CREATE TRIGGER referral_timeline_no_rewrite
    BEFORE UPDATE OF id, referral_id, event, actor_id, organization_id, at ON referral_timeline
BEGIN
    SELECT RAISE(ABORT, 'referral_timeline is append-only');
END;

CREATE TRIGGER referral_timeline_no_delete BEFORE DELETE ON referral_timeline
BEGIN
    SELECT RAISE(ABORT, 'referral_timeline is append-only');
END;
