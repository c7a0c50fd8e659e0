-- Front Door's work queue filters by status, division and placing authority and sorts by what
-- needs action first or by when a case was received, in the database: these keep a filtered page
-- quick with 100,000 cases (docs/performance.md). The sort expressions are the ones
-- QueueFilter::order_by writes, so both databases read the order from the index.
CREATE INDEX cases_action_first ON cases (
    host,
    (CASE WHEN status = 'awaiting-outcome' THEN 0 ELSE 1 END),
    (CASE WHEN status = 'awaiting-outcome' THEN reply_due_on END),
    (COALESCE(requested_on, notified_on)) DESC,
    reference
);
CREATE INDEX cases_by_received ON cases (host, (COALESCE(requested_on, notified_on)), reference);
CREATE INDEX cases_queue ON cases (host, status, reply_due_on);
CREATE INDEX cases_by_division ON cases (host, division, (COALESCE(requested_on, notified_on)));
CREATE INDEX cases_by_placing_authority ON cases (host, placing_authority, (COALESCE(requested_on, notified_on)));
