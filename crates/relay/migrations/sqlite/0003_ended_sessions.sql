-- Staff sessions ended by signing out, kept until they would have expired, so a copied cookie
-- is refused by every relay.
CREATE TABLE ended_sessions (
    id TEXT PRIMARY KEY,
    until_at TEXT NOT NULL
);
