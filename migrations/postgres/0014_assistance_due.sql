-- Planned assistance whose day has come, listed on each caseworker's start page: a
-- partial index holds only the planned services, by date, so that the list never scans
-- the delivered ones, which are nearly all of them.
CREATE INDEX assistance_planned ON assistance (date, case_id) WHERE status = 'planned';
