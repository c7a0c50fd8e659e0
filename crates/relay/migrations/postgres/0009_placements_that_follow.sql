-- A move within the host's area is an ending and a new placement (domain brief §8.3): the new
-- case names the one it follows.
ALTER TABLE cases ADD COLUMN follows TEXT;
CREATE INDEX cases_by_follows ON cases (follows);
