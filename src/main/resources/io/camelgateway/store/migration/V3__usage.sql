-- Written for both H2 and PostgreSQL.

-- What callers used, summed per flush (about a second) and per day, team, caller and model: /admin/v1/usage adds
-- the rows up. caller is a key's name (or a token's subject), never a key; team and model are 'none' without one.
CREATE TABLE usage_totals (
    usage_day     DATE             NOT NULL,
    team          VARCHAR(200)     NOT NULL,
    caller        VARCHAR(200)     NOT NULL,
    model         VARCHAR(300)     NOT NULL,
    requests      BIGINT           NOT NULL,
    input_tokens  BIGINT           NOT NULL,
    output_tokens BIGINT           NOT NULL,
    cost_usd      DOUBLE PRECISION NOT NULL
);

CREATE INDEX usage_totals_by_day ON usage_totals (usage_day);
