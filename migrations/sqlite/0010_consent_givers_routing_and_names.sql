-- Who gave a consent and how; the law-enforcement consent an investigation relies on;
-- forwarding referrals to provincial offices and the receiver's own reference; names in
-- a second script; search indexes rebuilt under a new normalisation.

-- A consent records who gave it (the person, a parent or guardian and their relation, or a
-- best-interests decision), how, and whether an interpreter helped. Consents recorded
-- before were given by the person; how was not recorded.
ALTER TABLE consents ADD COLUMN given_by TEXT NOT NULL DEFAULT 'person'
    CHECK (given_by IN ('person', 'parent_or_guardian', 'best_interests_decision'));
ALTER TABLE consents ADD COLUMN guardian_relation TEXT
    CHECK (guardian_relation IN ('mother', 'father', 'sibling', 'grandparent', 'uncle_or_aunt', 'other_relative', 'legal_guardian'));
ALTER TABLE consents ADD COLUMN method TEXT CHECK (method IN ('written', 'verbal', 'recorded'));
ALTER TABLE consents ADD COLUMN interpreter_used INTEGER NOT NULL DEFAULT 0 CHECK (interpreter_used IN (0, 1));

-- An identity disclosed for an investigation or a prosecution also relies on a
-- law_enforcement_contact consent; withdrawing either removes the identity.
ALTER TABLE referrals ADD COLUMN law_enforcement_consent_id BLOB REFERENCES consents (id);
CREATE INDEX referrals_law_enforcement_consent ON referrals (law_enforcement_consent_id);
-- The receiving ministry's own reference number for the referral.
ALTER TABLE referrals ADD COLUMN receiver_reference TEXT;
-- Who gave the consent of a ministry's inline subject.
ALTER TABLE referrals ADD COLUMN subject_consent_given_by TEXT
    CHECK (subject_consent_given_by IN ('person', 'parent_or_guardian', 'best_interests_decision'));
ALTER TABLE referrals ADD COLUMN subject_consent_guardian_relation TEXT
    CHECK (subject_consent_guardian_relation IN ('mother', 'father', 'sibling', 'grandparent', 'uncle_or_aunt', 'other_relative', 'legal_guardian'));
-- The subject's name in a second script, sealed like the rest of the identity.
ALTER TABLE referrals ADD COLUMN other_script_given_name BLOB;
ALTER TABLE referrals ADD COLUMN other_script_family_name BLOB;

-- A person's name in a second script (a Latin transliteration beside the Arabic script,
-- or the reverse), sealed, with blind indexes so that either spelling finds the case.
ALTER TABLE cases ADD COLUMN other_script_given_name BLOB;
ALTER TABLE cases ADD COLUMN other_script_family_name BLOB;
ALTER TABLE cases ADD COLUMN other_script_given_name_index BLOB;
ALTER TABLE cases ADD COLUMN other_script_family_name_index BLOB;
CREATE INDEX cases_other_script_given_name_index ON cases (other_script_given_name_index);
CREATE INDEX cases_other_script_family_name_index ON cases (other_script_family_name_index);
-- The normalisation the row's blind indexes were computed with. Version 2 ignores the
-- spaces and joiners inside names and reads an Afghan phone number written nationally
-- (07…) like the same number written internationally (+937…); the server recomputes
-- older rows' indexes when it starts.
ALTER TABLE cases ADD COLUMN search_index_version INTEGER NOT NULL DEFAULT 1;
CREATE INDEX cases_search_index_version ON cases (search_index_version);

-- The timeline gains `forward` (the national liaison routes a referral to a provincial
-- office, named in `forwarded_to`). SQLite cannot change a CHECK constraint, so the
-- table is rebuilt with its rows, index and append-only triggers.
DROP TRIGGER referral_timeline_no_rewrite;
DROP TRIGGER referral_timeline_no_delete;

CREATE TABLE referral_timeline_new (
    id BLOB NOT NULL PRIMARY KEY CHECK (length(id) = 16),
    referral_id BLOB NOT NULL REFERENCES referrals (id),
    event TEXT NOT NULL CHECK (event IN ('send', 'acknowledge', 'accept', 'decline', 'complete', 'withdraw', 'forward', 'identity_removed')),
    actor_id BLOB NOT NULL REFERENCES users (id),
    organization_id BLOB NOT NULL REFERENCES organizations (id),
    -- For `forward`: the office the referral went to.
    forwarded_to BLOB REFERENCES organizations (id),
    -- Sealed: a comment may name people. Re-sealing under a new key is the one change
    -- allowed.
    key_version INTEGER NOT NULL,
    comment BLOB,
    at TEXT NOT NULL,
    CONSTRAINT referral_timeline_forward_names_office CHECK ((event = 'forward') = (forwarded_to IS NOT NULL))
) STRICT;

INSERT INTO referral_timeline_new (id, referral_id, event, actor_id, organization_id, key_version, comment, at)
    SELECT id, referral_id, event, actor_id, organization_id, key_version, comment, at FROM referral_timeline;

DROP TABLE referral_timeline;
ALTER TABLE referral_timeline_new RENAME TO referral_timeline;

CREATE INDEX referral_timeline_referral ON referral_timeline (referral_id, id);

CREATE TRIGGER referral_timeline_no_rewrite
    BEFORE UPDATE OF id, referral_id, event, actor_id, organization_id, forwarded_to, at ON referral_timeline
BEGIN
    SELECT RAISE(ABORT, 'referral_timeline is append-only');
END;

CREATE TRIGGER referral_timeline_no_delete BEFORE DELETE ON referral_timeline
BEGIN
    SELECT RAISE(ABORT, 'referral_timeline is append-only');
END;
