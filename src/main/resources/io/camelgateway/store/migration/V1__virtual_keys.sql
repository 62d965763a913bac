-- Written for both H2 and PostgreSQL.

-- One counter per kind of record, bumped in the same transaction as every write of that kind: instances poll it
-- to learn of changes made elsewhere. A writer's update of its row waits for the writer before it, so the
-- revisions of committed writes go up in the order they commit.
CREATE TABLE gateway_revisions (
    topic    VARCHAR(64) PRIMARY KEY,
    revision BIGINT      NOT NULL
);

INSERT INTO gateway_revisions (topic, revision) VALUES ('virtual_keys', 0);

-- Virtual keys: only the SHA-256 of the key (hex) is kept, never the key. Rows are never deleted, so that a
-- revocation reaches every instance as a change like any other.
CREATE TABLE virtual_keys (
    id         VARCHAR(64)              PRIMARY KEY,
    key_sha256 CHAR(64)                 NOT NULL UNIQUE,
    name       VARCHAR(200)             NOT NULL,
    team       VARCHAR(200),
    roles      VARCHAR(1000)            NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE,
    revoked_at TIMESTAMP WITH TIME ZONE,
    revision   BIGINT                   NOT NULL
);

CREATE INDEX virtual_keys_by_revision ON virtual_keys (revision);
