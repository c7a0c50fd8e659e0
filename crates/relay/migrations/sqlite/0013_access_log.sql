-- Who opened, downloaded, exported, sent, signed in or out, and which links went out or were
-- changed: one line each, never a child's details. Append-only: a trigger refuses any change to
-- a line, and only retention deletes, lines older than its own setting (access_log_days), which
-- outlives the cases themselves.
CREATE TABLE access_log (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    -- The host whose log it is; none for a failed sign-in nobody can be matched to.
    host TEXT,
    who TEXT NOT NULL,
    account TEXT NOT NULL,
    action TEXT NOT NULL,
    case_reference TEXT,
    detail TEXT,
    address TEXT NOT NULL
);
CREATE INDEX access_log_by_time ON access_log (host, at);
CREATE INDEX access_log_by_case ON access_log (case_reference, at);
CREATE TRIGGER access_log_is_append_only BEFORE UPDATE ON access_log
BEGIN
    SELECT RAISE(ABORT, 'the access log is append-only');
END;
