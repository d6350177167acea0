-- The child's part in an incident (victim, perpetrator or both), where the partnership's data
-- records it; the serious youth violence scope reads it beside the age bands.

-- +goose Up
ALTER TABLE incidents ADD COLUMN involvement text
    CHECK (involvement IN ('victim', 'perpetrator', 'both'));

-- +goose Down
ALTER TABLE incidents DROP COLUMN involvement;
