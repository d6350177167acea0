-- +goose Up
-- Map requests read pre-summed incidents rather than every record: the count and harm-weighted
-- sum per import, resolution-10 cell, London calendar day and every column a map filter can
-- name. Each import writes its rows here in the same transaction as its records, and a
-- withdrawal deletes them with its records, so the table is always exact. Keyed by import, it
-- needs no updates in place: concurrent imports never touch one another's rows.
ALTER TABLE incidents ADD COLUMN IF NOT EXISTS involvement text;

CREATE TABLE incident_cells (
    import_id        bigint NOT NULL REFERENCES imports (id),
    cell             bigint NOT NULL, -- the resolution-10 parent of the record's cell
    day              date NOT NULL,   -- the London calendar day of occurred_at
    category         text NOT NULL,
    victim_age_band  text,
    suspect_age_band text,
    setting          text,
    involvement      text,
    n                integer NOT NULL,
    harm             double precision NOT NULL
);
CREATE INDEX incident_cells_import_idx ON incident_cells (import_id);

-- The resolution-10 parent of a stored resolution-15 cell is two bit operations (see the hot
-- spot package's parentSQL): clear the resolution, then set resolution 10 and digits 11-15 to 7.
INSERT INTO incident_cells (import_id, cell, day, category, victim_age_band, suspect_age_band, setting, involvement, n, harm)
SELECT import_id, (h3_cell & -67553994410557441) | 45035996273737727, (occurred_at AT TIME ZONE 'Europe/London')::date,
       category, victim_age_band, suspect_age_band, setting, involvement, count(*), sum(harm_weight)
FROM incidents
GROUP BY 1, 2, 3, 4, 5, 6, 7, 8;

-- +goose Down
DROP TABLE incident_cells;
