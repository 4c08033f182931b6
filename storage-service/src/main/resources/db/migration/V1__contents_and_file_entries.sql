-- Content: bytes identified by SHA-256, stored once under content/sha256/<hex>.
-- expires_at is the latest expiry of any entry that points at it (or a grace period for unclaimed content);
-- the expiry sweeper deletes the object and the row once it has passed.
CREATE TABLE contents (
    sha256     varchar(64) PRIMARY KEY CHECK (sha256 ~ '^[0-9a-f]{64}$'),
    size       bigint      NOT NULL CHECK (size >= 0),
    object_key text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL
);

CREATE INDEX contents_expires_at ON contents (expires_at);

-- One user's entry address for stored content. Entries go with their content when it is swept.
CREATE TABLE file_entries (
    id         uuid        PRIMARY KEY,
    owner      text        NOT NULL,
    sha256     varchar(64) NOT NULL REFERENCES contents (sha256) ON DELETE CASCADE,
    name       text        NOT NULL,
    created_at timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    revoked_at timestamptz
);

CREATE INDEX file_entries_sha256 ON file_entries (sha256);
