-- A first placement's care plan may follow within 10 working days (reg 4(2)): when it is due and
-- when it arrived. Each reminder is sent once: the row records that it was.
ALTER TABLE cases ADD COLUMN care_plan_due_on TEXT;
ALTER TABLE cases ADD COLUMN care_plan_received_on TEXT;
CREATE TABLE reminders (
    case_reference TEXT NOT NULL,
    kind TEXT NOT NULL,
    sent_on TEXT NOT NULL,
    PRIMARY KEY (case_reference, kind)
);
