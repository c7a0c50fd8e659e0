-- When a notified placement is planned to end: once that is more than 10 working days past with no
-- end notice, the placing social worker is asked (reg 14).
ALTER TABLE cases ADD COLUMN planned_end_on TEXT;
