-- Each link to a case that an email carried (its id is in the link's token, never the token
-- itself): Front Door sees them, withdraws one, or sends its holder a new one, and a withdrawn
-- link opens nothing on any relay. Deleted with the case.
CREATE TABLE case_links (
    id TEXT PRIMARY KEY,
    case_reference TEXT NOT NULL,
    scope TEXT NOT NULL,
    recipient TEXT NOT NULL,
    issued_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    withdrawn_at TEXT,
    -- Who withdrew it (`role:name`), and the new link sent in its place, if one was.
    withdrawn_by TEXT,
    replaced_by TEXT
);
CREATE INDEX case_links_by_case ON case_links (case_reference, issued_at);
