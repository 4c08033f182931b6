-- The user whose task created the job (JobRequested.owner): waiting jobs are handed out in turns across owners, so
-- that one user's thousand jobs do not starve another's one. '' is the one anonymous owner of requests that name
-- none (and of tombstones); NOT NULL so that the owners can be walked with plain comparisons (see JobRepository.waiting).
ALTER TABLE jobs ADD COLUMN owner text NOT NULL DEFAULT '';

-- Each owner's waiting jobs, oldest first, job id included: waiting() walks the owners and reads the head of each
-- owner's queue from this index alone, however many jobs wait.
CREATE INDEX jobs_waiting_by_owner ON jobs (owner, requested_at) INCLUDE (job_id) WHERE status = 'WAITING';

-- waiting() no longer takes the oldest jobs across all owners
DROP INDEX jobs_waiting_oldest_first;
