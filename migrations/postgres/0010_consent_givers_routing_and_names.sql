-- Who gave a consent and how; the law-enforcement consent an investigation relies on;
-- forwarding referrals to provincial offices and the receiver's own reference; names in
-- a second script; search indexes rebuilt under a new normalisation.

-- A consent records who gave it (the person, a parent or guardian and their relation, or a
-- best-interests decision), how, and whether an interpreter helped. Consents recorded
-- before were given by the person; how was not recorded.
ALTER TABLE consents ADD COLUMN given_by text NOT NULL DEFAULT 'person'
    CHECK (given_by IN ('person', 'parent_or_guardian', 'best_interests_decision'));
ALTER TABLE consents ADD COLUMN guardian_relation text
    CHECK (guardian_relation IN ('mother', 'father', 'sibling', 'grandparent', 'uncle_or_aunt', 'other_relative', 'legal_guardian'));
ALTER TABLE consents ADD COLUMN method text CHECK (method IN ('written', 'verbal', 'recorded'));
ALTER TABLE consents ADD COLUMN interpreter_used boolean NOT NULL DEFAULT false;

-- An identity disclosed for an investigation or a prosecution also relies on a
-- law_enforcement_contact consent; withdrawing either removes the identity.
ALTER TABLE referrals ADD COLUMN law_enforcement_consent_id uuid REFERENCES consents (id);
CREATE INDEX referrals_law_enforcement_consent ON referrals (law_enforcement_consent_id);
-- The receiving ministry's own reference number for the referral.
ALTER TABLE referrals ADD COLUMN receiver_reference text;
-- Who gave the consent of a ministry's inline subject.
ALTER TABLE referrals ADD COLUMN subject_consent_given_by text
    CHECK (subject_consent_given_by IN ('person', 'parent_or_guardian', 'best_interests_decision'));
ALTER TABLE referrals ADD COLUMN subject_consent_guardian_relation text
    CHECK (subject_consent_guardian_relation IN ('mother', 'father', 'sibling', 'grandparent', 'uncle_or_aunt', 'other_relative', 'legal_guardian'));
-- The subject's name in a second script, sealed like the rest of the identity.
ALTER TABLE referrals ADD COLUMN other_script_given_name bytea;
ALTER TABLE referrals ADD COLUMN other_script_family_name bytea;

-- A person's name in a second script (a Latin transliteration beside the Arabic script,
-- or the reverse), sealed, with blind indexes so that either spelling finds the case.
ALTER TABLE cases ADD COLUMN other_script_given_name bytea;
ALTER TABLE cases ADD COLUMN other_script_family_name bytea;
ALTER TABLE cases ADD COLUMN other_script_given_name_index bytea;
ALTER TABLE cases ADD COLUMN other_script_family_name_index bytea;
CREATE INDEX cases_other_script_given_name_index ON cases (other_script_given_name_index);
CREATE INDEX cases_other_script_family_name_index ON cases (other_script_family_name_index);
-- The normalisation the row's blind indexes were computed with. Version 2 ignores the
-- spaces and joiners inside names and reads an Afghan phone number written nationally
-- (07…) like the same number written internationally (+937…); the server recomputes
-- older rows' indexes when it starts.
ALTER TABLE cases ADD COLUMN search_index_version integer NOT NULL DEFAULT 1;
CREATE INDEX cases_search_index_version ON cases (search_index_version);

-- The timeline gains `forward` (the national liaison routes a referral to a provincial
-- office, named in `forwarded_to`).
ALTER TABLE referral_timeline DROP CONSTRAINT referral_timeline_event_check;
ALTER TABLE referral_timeline ADD CONSTRAINT referral_timeline_event_check
    CHECK (event IN ('send', 'acknowledge', 'accept', 'decline', 'complete', 'withdraw', 'forward', 'identity_removed'));
ALTER TABLE referral_timeline ADD COLUMN forwarded_to uuid REFERENCES organizations (id);
ALTER TABLE referral_timeline ADD CONSTRAINT referral_timeline_forward_names_office
    CHECK ((event = 'forward') = (forwarded_to IS NOT NULL));

CREATE OR REPLACE FUNCTION referral_timeline_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' OR (NEW.id, NEW.referral_id, NEW.event, NEW.actor_id, NEW.organization_id, NEW.forwarded_to, NEW.at)
        IS DISTINCT FROM (OLD.id, OLD.referral_id, OLD.event, OLD.actor_id, OLD.organization_id, OLD.forwarded_to, OLD.at) THEN
        RAISE EXCEPTION 'referral_timeline is append-only';
    END IF;
    RETURN NEW;
END;
$$;
