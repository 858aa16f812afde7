-- A creating request's claim on its Idempotency-Key names the record it created, written
-- in the same transaction as the record: after a crash between the commit and the answer,
-- the retry finds the record instead of creating it again. `claim_id` names the claim in
-- that transaction; `claimed_at` is when the request now answering it took it, so that a
-- claim left by a request that died before committing can be taken over.
ALTER TABLE idempotency_keys ADD COLUMN claim_id BLOB;
ALTER TABLE idempotency_keys ADD COLUMN claimed_at TEXT;
ALTER TABLE idempotency_keys ADD COLUMN resource_id BLOB;
UPDATE idempotency_keys SET claimed_at = created_at;
CREATE UNIQUE INDEX idempotency_keys_claim ON idempotency_keys (claim_id);
