-- The relay's storage. Timestamps are RFC 3339 UTC text of fixed width, dates ISO text, flags
-- 0/1 integers, so the same SQL serves SQLite and PostgreSQL.
CREATE TABLE submissions (
    id TEXT PRIMARY KEY,                -- made by the client; the same id is the same submission
    kind TEXT NOT NULL,
    reference TEXT NOT NULL UNIQUE,     -- the receipt reference given back
    case_reference TEXT NOT NULL,
    body_sha256 TEXT NOT NULL,
    data TEXT NOT NULL,                 -- the form, as JSON: personal data, never logged
    rules_version TEXT NOT NULL,
    client_rules_version TEXT NOT NULL,
    warnings TEXT NOT NULL,
    received_at TEXT NOT NULL,
    received_on TEXT NOT NULL
);
CREATE INDEX submissions_case ON submissions (case_reference);

CREATE TABLE cases (
    reference TEXT PRIMARY KEY,
    status TEXT NOT NULL,
    placing_authority TEXT NOT NULL,
    division TEXT,
    district TEXT,
    distance TEXT,
    distance_miles DOUBLE PRECISION,
    requested_on TEXT,
    reply_due_on TEXT,
    outcome_on TEXT,
    decision TEXT,
    challenge_reason TEXT,
    working_days_to_outcome BIGINT,
    notified_on TEXT,
    start_date TEXT,
    notification_type TEXT,
    notified_before_start BIGINT,
    late_emergency BIGINT,
    withdrawn_on TEXT,
    social_worker_email TEXT,
    updated_at TEXT NOT NULL
);

CREATE TABLE events (
    id BIGSERIAL PRIMARY KEY,
    case_reference TEXT NOT NULL,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    detail TEXT NOT NULL                -- no personal data: who, in role terms, and what
);
CREATE INDEX events_case ON events (case_reference);

CREATE TABLE outbox (
    id BIGSERIAL PRIMARY KEY,
    case_reference TEXT NOT NULL,
    to_addr TEXT NOT NULL,
    subject TEXT NOT NULL,
    body TEXT NOT NULL,                 -- reference, event, division and a link: never the child's details
    created_at TEXT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    lease_until TEXT,
    sent_at TEXT,
    parked_at TEXT,
    last_error TEXT
);
CREATE INDEX outbox_due ON outbox (sent_at, parked_at, next_attempt_at);

CREATE TABLE attachments (
    id TEXT PRIMARY KEY,
    case_reference TEXT,
    content_type TEXT NOT NULL,
    file_name TEXT NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT NOT NULL,
    data BYTEA NOT NULL,
    uploaded_at TEXT NOT NULL
);
CREATE INDEX attachments_case ON attachments (case_reference);
