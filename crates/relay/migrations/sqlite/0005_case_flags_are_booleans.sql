-- PostgreSQL's 0005 makes a case's two yes/no facts booleans. SQLite already keeps a boolean as
-- 0 or 1 in an INTEGER column and reads it back as one, so nothing changes here; the file keeps
-- the two lists of migrations in step.
SELECT 1;
