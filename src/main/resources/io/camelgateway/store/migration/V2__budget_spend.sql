-- Written for both H2 and PostgreSQL.

-- What each budget's scope (key:alice, team:research, model:openai/gpt-4o) has spent in a period (2026-11-28,
-- 2026-11 or total), in billionths of a USD. Instances add what they settled since their last write, in batches,
-- so several instances can share one row; each reads the current periods' rows when it starts.
CREATE TABLE budget_spend (
    scope          VARCHAR(500) NOT NULL,
    period         VARCHAR(16)  NOT NULL,
    spent_nano_usd BIGINT       NOT NULL,
    PRIMARY KEY (scope, period)
);
