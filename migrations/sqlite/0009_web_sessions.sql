-- Sessions of the web pages are rows of the same `sessions` table as the API's, so that
-- signing out, disabling a user or changing their roles ends both alike. A web session is
-- held by a random cookie token, kept here only as its SHA-256 hash; it has no refresh
-- tokens. `last_seen_at` is when it was last used (to the minute), for the idle timeout.
ALTER TABLE sessions ADD COLUMN web_token_hash BLOB;
ALTER TABLE sessions ADD COLUMN last_seen_at TEXT;
CREATE UNIQUE INDEX sessions_web_token ON sessions (web_token_hash);

-- The language a user chose for the pages; none means their browser's.
ALTER TABLE users ADD COLUMN language TEXT CHECK (language IN ('en', 'fa-AF', 'ps-AF'));
