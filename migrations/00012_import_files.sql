-- The files of a police.uk archive import: each street-level crime file with its counts, and
-- the other files with the reason they were not imported.

-- +goose Up
ALTER TABLE imports ADD COLUMN files jsonb NOT NULL DEFAULT '[]';

-- +goose Down
ALTER TABLE imports DROP COLUMN files;
