-- A task's files served together as one ZIP (stored, not compressed): a ZIP names each file by its CRC-32 before
-- its bytes, so the worker computes it while ingesting (null for content registered before; computed on first use).
ALTER TABLE contents ADD COLUMN crc32 bigint CHECK (crc32 BETWEEN 0 AND 4294967295);

-- The bundle an entry is served in as a ZIP (task-management: the task id) and its path inside the ZIP.
ALTER TABLE file_entries ADD COLUMN bundle uuid;
ALTER TABLE file_entries ADD COLUMN path text;
CREATE INDEX file_entries_bundle ON file_entries (bundle) WHERE bundle IS NOT NULL;
