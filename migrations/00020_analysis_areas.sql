-- +goose Up
-- A saved analysis records the local areas it was computed over: those of the user of some
-- local areas who saved it, in id order. NULL is the whole deployment, as every analysis saved
-- before local areas covered. A user sees an analysis only when they see every area it covers.
ALTER TABLE saved_analyses ADD COLUMN local_areas bigint[];

-- +goose Down
ALTER TABLE saved_analyses DROP COLUMN local_areas;
