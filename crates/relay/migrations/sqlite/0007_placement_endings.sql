-- The end of a placement (reg 14): when the host was told, the day it ends, why, and whether the
-- host was told more than 10 working days after the end.
ALTER TABLE cases ADD COLUMN ended_on TEXT;
ALTER TABLE cases ADD COLUMN end_date TEXT;
ALTER TABLE cases ADD COLUMN end_reason TEXT;
ALTER TABLE cases ADD COLUMN end_told_late BOOLEAN;
CREATE INDEX cases_placed_by_host ON cases (host, status);
