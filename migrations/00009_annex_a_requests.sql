-- Annex A as the inspectorates use it: each item's due date can be set by the partnership's
-- JTAI lead (overriding the template's "n working days after notification"), inspectors may add
-- requests in exceptional circumstances during the inspection (each with its own due date and
-- why it is necessary), and before notification the partnership runs dry runs that record which
-- items would be missing.

-- +goose Up
ALTER TABLE annex_a_items
    ADD COLUMN due_on       date,
    ADD COLUMN exceptional  boolean NOT NULL DEFAULT false,
    ADD COLUMN necessity    text NOT NULL DEFAULT '',
    ADD COLUMN requested_on date,
    ADD CONSTRAINT annex_a_items_exceptional_check CHECK (NOT exceptional OR (due_on IS NOT NULL AND requested_on IS NOT NULL));

CREATE TABLE annex_a_dry_runs (
    id                  bigserial PRIMARY KEY,
    inspection_id       bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    assumed_notified_on date NOT NULL,
    items               int NOT NULL,
    ready               int NOT NULL,
    -- The items that would be missing, as the dry run reported them.
    missing             jsonb NOT NULL,
    run_at              timestamptz NOT NULL DEFAULT now(),
    run_by              bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX annex_a_dry_runs_inspection_idx ON annex_a_dry_runs (inspection_id, id);

-- +goose Down
DROP TABLE annex_a_dry_runs;
ALTER TABLE annex_a_items DROP CONSTRAINT annex_a_items_exceptional_check,
    DROP COLUMN requested_on, DROP COLUMN necessity, DROP COLUMN exceptional, DROP COLUMN due_on;
