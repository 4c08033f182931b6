-- Seeds: a torrent row is now also a seed with its own id and a state. An upload is READY at once; a magnet link is
-- RESOLVING (no metainfo yet, a deadline for the farm to bring it) until a worker delivers the metainfo (READY) or
-- reports failure or misses the deadline (FAILED, may be resolved again). The info-hash stays the key: one torrent,
-- one seed, however many users upload it or paste its magnet.

ALTER TABLE torrents ADD COLUMN seed_id uuid;
-- V1 served no API, so there are no rows to speak of; give any that exist an id all the same
UPDATE torrents SET seed_id = gen_random_uuid() WHERE seed_id IS NULL;
ALTER TABLE torrents ALTER COLUMN seed_id SET NOT NULL;
ALTER TABLE torrents ADD CONSTRAINT torrents_seed_id_key UNIQUE (seed_id);

ALTER TABLE torrents
    ADD COLUMN state          text        NOT NULL DEFAULT 'READY'
        CHECK (state IN ('RESOLVING', 'READY', 'FAILED')),
    -- bytes per piece, from the metainfo (null until READY)
    ADD COLUMN piece_length   bigint      CHECK (piece_length > 0),
    -- usable tracker and web seed URLs, as JSON arrays of strings: from the metainfo, or from the magnet link
    ADD COLUMN trackers       jsonb       NOT NULL DEFAULT '[]',
    ADD COLUMN web_seeds      jsonb       NOT NULL DEFAULT '[]',
    -- the magnet link (canonical form) a RESOLVING seed came from: its trackers go into the metainfo a worker brings
    ADD COLUMN magnet         text,
    -- when a RESOLVING seed gives up waiting for the farm
    ADD COLUMN deadline       timestamptz,
    -- why a FAILED seed failed: a FailureType slug and a detail
    ADD COLUMN failure_type   text,
    ADD COLUMN failure_detail text,
    -- the user who first uploaded the torrent or asked for its magnet (seeds are shared; this is a record, not an owner)
    ADD COLUMN created_by     text,
    ADD COLUMN updated_at     timestamptz NOT NULL DEFAULT now();

-- metainfo, name and size are known only once READY (a magnet's dn is only a hint, kept in name meanwhile)
ALTER TABLE torrents ALTER COLUMN metainfo DROP NOT NULL;
ALTER TABLE torrents ALTER COLUMN name DROP NOT NULL;
ALTER TABLE torrents ALTER COLUMN total_size DROP NOT NULL;
ALTER TABLE torrents ADD CONSTRAINT torrents_ready_has_metainfo
    CHECK (state <> 'READY' OR (metainfo IS NOT NULL AND name IS NOT NULL AND total_size IS NOT NULL
                                AND piece_length IS NOT NULL));
ALTER TABLE torrents ADD CONSTRAINT torrents_resolving_has_deadline
    CHECK (state <> 'RESOLVING' OR (deadline IS NOT NULL AND magnet IS NOT NULL));
ALTER TABLE torrents ADD CONSTRAINT torrents_failed_has_failure
    CHECK (state <> 'FAILED' OR failure_type IS NOT NULL);

-- what the deadline sweeper looks for
CREATE INDEX torrents_resolving_deadline ON torrents (deadline) WHERE state = 'RESOLVING';

-- BEP 47 pad files stay in the index, so that idx keeps matching the metainfo's file order, but are flagged so that
-- users never see them and workers skip them
ALTER TABLE torrent_files ADD COLUMN pad boolean NOT NULL DEFAULT false;

-- The transactional outbox: an event is written in the same transaction as the seed change it announces and
-- published to Kafka by the relay after commit. A relay claims a batch for a while (claimed_until), sends it
-- outside any transaction, then marks each record published.
CREATE TABLE outbox (
    id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic         text        NOT NULL,
    message_key   text        NOT NULL,
    event_type    text        NOT NULL,
    payload       jsonb       NOT NULL,
    created_at    timestamptz NOT NULL,
    claimed_until timestamptz,
    published_at  timestamptz
);

CREATE INDEX outbox_unpublished ON outbox (id) WHERE published_at IS NULL;
