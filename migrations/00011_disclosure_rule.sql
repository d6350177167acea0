-- +goose Up
-- Saved analyses for every role keep the disclosure rule they were protected by: a result saved
-- under an earlier rule (Gi* on unprotected counts) is not shown to roles below record-level
-- access, who are asked to have it saved again.
ALTER TABLE saved_analyses ADD COLUMN disclosure_rule smallint NOT NULL DEFAULT 1;

-- +goose Down
ALTER TABLE saved_analyses DROP COLUMN disclosure_rule;
