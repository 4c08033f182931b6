-- What a running task's job is doing and where, as its worker last said (through distribution, current lease only):
-- its phase (CONNECTING, DOWNLOADING, STORING), the worker and how many URLs it fetches from.
ALTER TABLE tasks ADD COLUMN phase text;
ALTER TABLE tasks ADD COLUMN worker_id text;
ALTER TABLE tasks ADD COLUMN sources integer;
