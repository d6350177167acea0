-- When the records were last placed in a local area: set when the area is added, its boundary
-- is redrawn, or another area is removed, and never by a change of its name or ONS code. The
-- data version reads the latest, so that the in-memory cell index reads every record again only
-- when records may have moved between areas; updated_at keeps moving on every change, for what
-- shows the names.

-- +goose Up
ALTER TABLE local_areas ADD COLUMN placed_at timestamptz NOT NULL DEFAULT now();
-- An area's records were last placed no later than its last change: taking that time keeps the
-- data version a deployment had before the upgrade, and so the tiles' ETags browsers hold.
UPDATE local_areas SET placed_at = updated_at;

-- +goose Down
ALTER TABLE local_areas DROP COLUMN placed_at;
