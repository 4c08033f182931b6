-- A JobCancelled may be read before its JobRequested (they travel on different topics). Distribution then
-- records the job as DONE without a source, a tombstone that makes the late request a no-op: only tombstones
-- may lack a source.
ALTER TABLE jobs ALTER COLUMN source_key DROP NOT NULL;
ALTER TABLE jobs ALTER COLUMN source DROP NOT NULL;
ALTER TABLE jobs ADD CONSTRAINT jobs_source_unless_done
    CHECK (status = 'DONE' OR (source_key IS NOT NULL AND source IS NOT NULL));
