-- Entry addresses to revoke at storage-service, written in the transaction that decided it (a cancel, a
-- finisher whose task was cancelled or failed while it minted). They are revoked right after that commit,
-- outside every lock, and by a schedule whatever that missed (storage down): a row goes once storage
-- confirmed. A repeated decision adds another row; revoking twice is harmless.
CREATE TABLE entry_revocations (
    id          bigserial   PRIMARY KEY,
    entry_id    uuid        NOT NULL,
    task_id     uuid        NOT NULL,
    created_at  timestamptz NOT NULL
);
