-- The audit log in lanes: instead of one chain whose head every writer locks until it
-- commits, the log is several chains ("lanes"), each with its own head. A writer locks
-- the first lane that no other transaction holds (FOR UPDATE SKIP LOCKED), so concurrent
-- transactions append to different lanes and commit together, whichever server process
-- they run in. Every entry keeps its place in its lane (lane, lane_seq) and its hash
-- chains to the entry before it in that lane. The global order of the list is `seq`, taken
-- from a sequence that needs no lock.
--
-- The chain written so far becomes lane 0: its entries keep their hashes, their lane_seq
-- is their seq, and the old head is lane 0's head.
ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change;
ALTER TABLE audit_log ADD COLUMN lane integer NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN lane_seq bigint;
UPDATE audit_log SET lane_seq = seq;
ALTER TABLE audit_log ALTER COLUMN lane DROP DEFAULT;
ALTER TABLE audit_log ALTER COLUMN lane_seq SET NOT NULL;
ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;

CREATE UNIQUE INDEX audit_log_lane_order ON audit_log (lane, lane_seq);

CREATE TABLE audit_lanes (
    lane integer NOT NULL PRIMARY KEY CHECK (lane >= 0),
    seq bigint NOT NULL,
    hash bytea NOT NULL
);

INSERT INTO audit_lanes (lane, seq, hash) SELECT 0, seq, hash FROM audit_head;
-- 128 lanes: more than PostgreSQL's default connection limit (100), and a transaction
-- holds one lane, so that a writer practically never waits for a lane.
INSERT INTO audit_lanes (lane, seq, hash)
    SELECT lane, 0, decode(repeat('00', 32), 'hex') FROM generate_series(1, 127) AS lane;

DROP TABLE audit_head;

CREATE SEQUENCE audit_log_seq;
SELECT setval('audit_log_seq', GREATEST(COALESCE(MAX(seq), 0), 1), COALESCE(MAX(seq), 0) > 0)
    FROM audit_log;

-- Anchors: from time to time every lane's head is written down here, and each anchor is
-- authenticated with a key derived from the key files (HMAC-SHA-256 over the anchor and
-- the anchor before it). Someone who can write to the database but has no key can neither
-- forge an anchor nor remove or rewrite entries that an anchor covers unnoticed.
CREATE TABLE audit_anchors (
    n bigint NOT NULL PRIMARY KEY CHECK (n >= 1),
    at timestamptz NOT NULL,
    -- Every lane's head as JSON: [[lane, lane_seq, hex hash], ...], by lane.
    heads text NOT NULL,
    mac bytea NOT NULL
);

CREATE FUNCTION audit_anchors_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_anchors is append-only';
END;
$$;

CREATE TRIGGER audit_anchors_no_change BEFORE UPDATE OR DELETE ON audit_anchors
    FOR EACH ROW EXECUTE FUNCTION audit_anchors_append_only();
