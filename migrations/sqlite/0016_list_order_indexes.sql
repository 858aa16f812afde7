-- The referral lists sort by urgency, then due date (none last), then id. No index held
-- that order, so every page sorted all the referrals a desk can see; right after a bulk
-- load, before statistics exist, the planner could not even tell how many that was.
-- These indexes hold each desk's referrals in the list's own order (the expressions are
-- the ones the list query sorts by, word for word, so that the planner matches them):
-- received ones (sent only; drafts are the sender's) by receiving organisation, sent ones
-- by sending organisation, and all of them for the ministry, which reads every MOI
-- office's. The case lists need nothing new: each filter column already has an index
-- ending in id, the list's order.
CREATE INDEX referrals_received_in_order ON referrals (
    to_organization_id,
    (CASE urgency WHEN 'urgent' THEN 0 ELSE 1 END),
    (COALESCE(due_date, '9999-12-31')),
    id
) WHERE sent_at IS NOT NULL;
CREATE INDEX referrals_sent_in_order ON referrals (
    from_organization_id,
    (CASE urgency WHEN 'urgent' THEN 0 ELSE 1 END),
    (COALESCE(due_date, '9999-12-31')),
    id
);
CREATE INDEX referrals_in_order ON referrals (
    (CASE urgency WHEN 'urgent' THEN 0 ELSE 1 END),
    (COALESCE(due_date, '9999-12-31')),
    id
);
