-- Records are looked up by cell and time together: an evaluation reads its target, buffer and
-- control cells over two periods, a cell panel one cell over the map's period. A cell's stored
-- resolution-15 records are one range of h3_cell, so an index on (h3_cell, time) bounds both in
-- one scan, where the time index alone would read every record of the period. The new indexes
-- lead with h3_cell and so also answer everything the old ones did.

-- +goose Up
CREATE INDEX incidents_cell_time_idx ON incidents (h3_cell, occurred_at);
DROP INDEX incidents_cell_idx;
CREATE INDEX activities_cell_time_idx ON activities (h3_cell, started_at);
DROP INDEX activities_cell_idx;

-- +goose Down
CREATE INDEX incidents_cell_idx ON incidents (h3_cell);
DROP INDEX incidents_cell_time_idx;
CREATE INDEX activities_cell_idx ON activities (h3_cell);
DROP INDEX activities_cell_time_idx;
