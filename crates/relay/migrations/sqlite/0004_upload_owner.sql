-- Who uploaded a file not yet part of a submission (a SHA-256 of the client's address, never the
-- address), so one client cannot fill the disk with uploads it never sends.
ALTER TABLE attachments ADD COLUMN uploaded_by TEXT;
