-- What a notification changed since its consultation (a JSON list of the rules' answer paths), and
-- the division the case was with before the notification moved the placement elsewhere.
ALTER TABLE submissions ADD COLUMN changes TEXT;
ALTER TABLE submissions ADD COLUMN moved_from TEXT;
