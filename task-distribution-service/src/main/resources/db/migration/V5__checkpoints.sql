-- The latest checkpoint of a job (JobCheckpoint: what of its file is already in the object store), written only under
-- the job's current lease and handed to the job's next worker so that it carries on instead of starting over.
ALTER TABLE jobs ADD COLUMN checkpoint jsonb;
