-- +goose Up
-- police.uk publishes each crime's anonymised street location ("On or near …") and its LSOA's
-- name; they are kept so that analysts can find a street or an LSOA on the map. Both are as
-- public as the file they came from, but searching them reads the records, so only
-- record-level roles may, and each search is audit-logged.
ALTER TABLE incidents ADD COLUMN location text, ADD COLUMN lsoa_name text;

-- +goose Down
ALTER TABLE incidents DROP COLUMN location, DROP COLUMN lsoa_name;
