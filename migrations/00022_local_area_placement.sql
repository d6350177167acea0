-- When the records were last placed in the local areas: every area's is set whenever an area
-- is added, redrawn or removed, and none by a change of a name or ONS code. The data version
-- reads the latest, so that the in-memory cell index reads every record again only when records
-- may have moved between areas; updated_at keeps moving on every change, for what shows the
-- names.

-- +goose Up
ALTER TABLE local_areas ADD COLUMN placed_at timestamptz NOT NULL DEFAULT now();
-- An area's records were last placed no later than its last change: taking that time keeps the
-- data version a deployment had before the upgrade, and so the tiles' ETags browsers hold.
UPDATE local_areas SET placed_at = updated_at;

-- +goose Down
ALTER TABLE local_areas DROP COLUMN placed_at;
