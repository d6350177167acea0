-- The local areas an export covers: an evidence pack holds the inspected local area alone, and
-- is read only by a request that views every area it covers. NULL is the whole deployment,
-- which every export made before local areas covered.

-- +goose Up
ALTER TABLE exports ADD COLUMN local_areas bigint[];

-- +goose Down
ALTER TABLE exports DROP COLUMN local_areas;
