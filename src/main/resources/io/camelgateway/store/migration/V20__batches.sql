-- Written for both H2 and PostgreSQL.

-- Files of the /v1/files API: a caller's uploaded JSONL (content kept here), or a batch's output or error file,
-- whose lines are read from batch_lines when asked for (content null). owner is the caller's team ("team:research")
-- or, without one, the caller ("caller:alice"): nobody reads a file of another owner.
CREATE TABLE batch_files (
    id         VARCHAR(64)              PRIMARY KEY,
    owner      VARCHAR(300)             NOT NULL,
    purpose    VARCHAR(32)              NOT NULL,
    filename   VARCHAR(300)             NOT NULL,
    bytes      BIGINT                   NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    content    BYTEA,
    batch_id   VARCHAR(64),
    errors     BOOLEAN                  NOT NULL
);

CREATE INDEX batch_files_by_owner ON batch_files (owner, id);

-- Batches: the OpenAI batch object's fields, the caller whose identity every line runs with, and which instance
-- holds the lease to run it (until lease_until; a stopped instance gives it up, a crashed one lets it lapse).
CREATE TABLE batches (
    id                VARCHAR(64)              PRIMARY KEY,
    owner             VARCHAR(300)             NOT NULL,
    caller            VARCHAR(4000)            NOT NULL,
    endpoint          VARCHAR(64)              NOT NULL,
    input_file_id     VARCHAR(64)              NOT NULL,
    completion_window VARCHAR(16)              NOT NULL,
    metadata          VARCHAR(8000),
    status            VARCHAR(16)              NOT NULL,
    total             INTEGER                  NOT NULL,
    output_file_id    VARCHAR(64),
    error_file_id     VARCHAR(64),
    created_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    in_progress_at    TIMESTAMP WITH TIME ZONE,
    finalizing_at     TIMESTAMP WITH TIME ZONE,
    completed_at      TIMESTAMP WITH TIME ZONE,
    cancelling_at     TIMESTAMP WITH TIME ZONE,
    cancelled_at      TIMESTAMP WITH TIME ZONE,
    expires_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    expired_at        TIMESTAMP WITH TIME ZONE,
    failed_at         TIMESTAMP WITH TIME ZONE,
    errors            VARCHAR(8000),
    lease_owner       VARCHAR(64),
    lease_until       TIMESTAMP WITH TIME ZONE
);

CREATE INDEX batches_by_owner ON batches (owner, id);
CREATE INDEX batches_by_status ON batches (status);

-- One row per input line, written when the batch is created; its answer is written once (status_code set), in
-- the same statement that checks it was not yet written: a line is in the output exactly once.
CREATE TABLE batch_lines (
    batch_id    VARCHAR(64)   NOT NULL,
    line_no     INTEGER       NOT NULL,
    custom_id   VARCHAR(512)  NOT NULL,
    url         VARCHAR(64)   NOT NULL,
    request     VARCHAR(1000000) NOT NULL,
    status_code INTEGER,
    request_id  VARCHAR(64),
    answer      VARCHAR(1000000),
    PRIMARY KEY (batch_id, line_no)
);

CREATE INDEX batch_lines_pending ON batch_lines (batch_id, status_code);
