-- A case's two yes/no facts are booleans, as the rows that read them are (store/rows.rs, mapped
-- by name). Rows written before kept them as 0 and 1.
ALTER TABLE cases ALTER COLUMN notified_before_start TYPE BOOLEAN USING (notified_before_start <> 0);
ALTER TABLE cases ALTER COLUMN late_emergency TYPE BOOLEAN USING (late_emergency <> 0);
