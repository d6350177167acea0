-- +goose Up
-- Saved analyses for every role keep the disclosure rule they were protected by: a result saved
-- under an earlier rule (Gi* on unprotected counts) is not shown to roles below record-level
-- access, who are asked to have it saved again.
ALTER TABLE saved_analyses ADD COLUMN disclosure_rule smallint NOT NULL DEFAULT 1;

-- Outputs for roles below record-level access are built from (cell, calendar month) groups.
-- The London calendar month of each record is stored as it lands (months since year 0), so
-- that grouping by it costs no time-zone conversion per row on every map request. The function
-- is declared immutable for the generated column: the UK's past clock changes do not move.
CREATE FUNCTION london_month(t timestamptz) RETURNS integer
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    RETURN (extract(year FROM t AT TIME ZONE 'Europe/London') * 12 + extract(month FROM t AT TIME ZONE 'Europe/London') - 1)::integer;

ALTER TABLE incidents ADD COLUMN month integer GENERATED ALWAYS AS (london_month(occurred_at)) STORED;
ALTER TABLE activities ADD COLUMN month integer GENERATED ALWAYS AS (london_month(started_at)) STORED;

-- +goose Down
ALTER TABLE activities DROP COLUMN month;
ALTER TABLE incidents DROP COLUMN month;
DROP FUNCTION london_month(timestamptz);
ALTER TABLE saved_analyses DROP COLUMN disclosure_rule;
