-- The resource index (patent [0039], [0062]): what completed jobs learnt about URLs. A good row: the URL served the
-- content known as `content` (sha256:<hex> or ed2k:<hex>); a bad one: it served other bytes than that content. It
-- outlives the stored content itself, so a later job for the same hash pulls from every URL known to serve it.
CREATE TABLE resource_index (
    content text        NOT NULL,
    url     text        NOT NULL,
    url_md5 text        NOT NULL GENERATED ALWAYS AS (md5(url)) STORED,
    size    bigint      NOT NULL,
    good    boolean     NOT NULL,
    seen_at timestamptz NOT NULL,
    PRIMARY KEY (content, url_md5)
);
