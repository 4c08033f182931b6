-- A lease is ASSIGNED before its worker is asked. confirmed_at records the worker's 202 for the current lease;
-- while it is NULL the outcome of the offer is unknown (its answer was lost, or it is under way), and the
-- dispatcher re-sends the same offer (same epoch) until the worker answers for certain. offered_at is when the
-- latest offer of the current lease started, or ended without an answer: re-offers wait a backoff after it.
ALTER TABLE jobs ADD COLUMN offered_at timestamptz;
ALTER TABLE jobs ADD COLUMN confirmed_at timestamptz;

-- leases granted before this migration never recorded their answer: re-offer them (a worker answers a
-- repeat of a lease it runs or ran with 202 without starting it again)
UPDATE jobs SET offered_at = assigned_at WHERE status = 'ASSIGNED';

CREATE INDEX jobs_unconfirmed ON jobs (offered_at) WHERE status = 'ASSIGNED' AND confirmed_at IS NULL;
