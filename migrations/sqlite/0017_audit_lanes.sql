-- The audit log in lanes (see the PostgreSQL migration of the same number for the whole
-- design). SQLite has one writer at a time, so it appends to lane 0 only; the columns and
-- tables are the same on both backends so that one verification reads both.
--
-- The chain written so far becomes lane 0: its entries keep their hashes, their lane_seq
-- is their seq, and the old head is lane 0's head.
DROP TRIGGER audit_log_no_update;
ALTER TABLE audit_log ADD COLUMN lane INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_log ADD COLUMN lane_seq INTEGER NOT NULL DEFAULT 0;
UPDATE audit_log SET lane_seq = seq;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE UNIQUE INDEX audit_log_lane_order ON audit_log (lane, lane_seq);

CREATE TABLE audit_lanes (
    lane INTEGER NOT NULL PRIMARY KEY CHECK (lane >= 0),
    seq INTEGER NOT NULL,
    hash BLOB NOT NULL
) STRICT;

INSERT INTO audit_lanes (lane, seq, hash) SELECT 0, seq, hash FROM audit_head;

DROP TABLE audit_head;

-- Anchors: every lane's head, authenticated with a key derived from the key files.
CREATE TABLE audit_anchors (
    n INTEGER NOT NULL PRIMARY KEY CHECK (n >= 1),
    at TEXT NOT NULL,
    -- Every lane's head as JSON: [[lane, lane_seq, hex hash], ...], by lane.
    heads TEXT NOT NULL,
    mac BLOB NOT NULL
) STRICT;

CREATE TRIGGER audit_anchors_no_update BEFORE UPDATE ON audit_anchors
BEGIN
    SELECT RAISE(ABORT, 'audit_anchors is append-only');
END;

CREATE TRIGGER audit_anchors_no_delete BEFORE DELETE ON audit_anchors
BEGIN
    SELECT RAISE(ABORT, 'audit_anchors is append-only');
END;
