-- One relay serves several hosts: each case belongs to the host its placement is in. Cases stored
-- before this have '' until the relay starts with one host, which adopts them (store::adopt_cases).
ALTER TABLE cases ADD COLUMN host TEXT NOT NULL DEFAULT '';
CREATE INDEX cases_by_host ON cases (host, requested_on);
