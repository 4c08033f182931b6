-- The BT seed database: every torrent cloudget has seen, keyed by its info-hash, with the metainfo kept
-- byte for byte (the info-hash is the SHA-1/SHA-256 of its bencoded info dictionary, so re-encoding a
-- parsed form would change it) and a parsed index so file lists need no re-parsing.

CREATE TABLE torrents (
    -- lower-case hex: 40 digits for a v1 (SHA-1) info-hash, 64 for a v2 (SHA-256) one
    info_hash  text        PRIMARY KEY CHECK (info_hash ~ '^[0-9a-f]{40}([0-9a-f]{24})?$'),
    metainfo   bytea       NOT NULL,
    name       text        NOT NULL,
    total_size bigint      NOT NULL CHECK (total_size >= 0),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per file in the torrent, in metainfo order: idx is what a file selection refers to.
CREATE TABLE torrent_files (
    info_hash text   NOT NULL REFERENCES torrents (info_hash) ON DELETE CASCADE,
    idx       int    NOT NULL CHECK (idx >= 0),
    path      text   NOT NULL,
    size      bigint NOT NULL CHECK (size >= 0),
    PRIMARY KEY (info_hash, idx)
);
