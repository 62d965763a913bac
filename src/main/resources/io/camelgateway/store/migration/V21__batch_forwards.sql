-- Written for both H2 and PostgreSQL.

-- A batch forwarded to its provider's own batch API (docs/batches.md, "Forwarding to the provider"): which
-- provider, the state of the hand-over (pending: not sent yet; submitting: being sent, or its outcome unknown;
-- submitted: the provider has it as provider_batch_id; done), the provider's last status, whether its cancel was
-- sent, and which instance polls it (until lease_until). Its lines and answers stay in batch_lines.
CREATE TABLE batch_forwards (
    batch_id          VARCHAR(64)              PRIMARY KEY,
    provider          VARCHAR(300)             NOT NULL,
    state             VARCHAR(16)              NOT NULL,
    provider_batch_id VARCHAR(300),
    provider_status   VARCHAR(64),
    cancel_sent       BOOLEAN                  NOT NULL,
    lease_owner       VARCHAR(64),
    lease_until       TIMESTAMP WITH TIME ZONE
);

CREATE INDEX batch_forwards_by_state ON batch_forwards (state);
