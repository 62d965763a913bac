-- Written for both H2 and PostgreSQL.

-- Stored responses of POST /v1/responses (store: true, OpenAI's default): the Response object as it was answered
-- (its output items with it), and the input items of its own request. A conversation is the chain of
-- previous_response_id, each link read under the same owner; depth and conversation_bytes are the chain's length and
-- size up to and with this response, so that a continuation is bounded before the chain is read. owner is the
-- caller's team ("team:research") or, without one, the caller ("caller:alice"), as for batches.
CREATE TABLE responses (
    id                   VARCHAR(64)              PRIMARY KEY,
    owner                VARCHAR(300)             NOT NULL,
    previous_response_id VARCHAR(64),
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    depth                INTEGER                  NOT NULL,
    conversation_bytes   BIGINT                   NOT NULL,
    input_items          TEXT                     NOT NULL,
    response             TEXT                     NOT NULL
);

-- The retention sweep deletes by age.
CREATE INDEX responses_by_age ON responses (created_at);
