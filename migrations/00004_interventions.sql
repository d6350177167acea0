-- Interventions, consultations and saved analyses as the API uses them: the rules the
-- code checks, repeated in the schema so that no other writer can break them; who may read a
-- saved analysis; and indexes for the list filters (by place, intervention, analysis) and for
-- activity dosage (activity of some partners in a period).

-- +goose Up
ALTER TABLE interventions
    ADD CONSTRAINT interventions_dates_check CHECK (end_date IS NULL OR start_date IS NULL OR end_date >= start_date),
    ADD CONSTRAINT interventions_cost_check CHECK (cost_pence IS NULL OR cost_pence >= 0);

ALTER TABLE consultations
    ADD CONSTRAINT consultations_age_range_check CHECK ((age_min IS NULL OR age_min BETWEEN 0 AND 25)
        AND (age_max IS NULL OR age_max BETWEEN 0 AND 25));

-- 'all': run with the rules of roles without record-level access (suppressed counts), so that
-- every role, inspectors included, can read it; 'record_level': run with an analyst's full
-- access and readable by admins and analysts only.
ALTER TABLE saved_analyses
    ADD COLUMN audience text NOT NULL DEFAULT 'all' CHECK (audience IN ('all', 'record_level')),
    ADD CONSTRAINT saved_analyses_kind_check CHECK (kind IN ('hotspots', 'emerging'));

CREATE INDEX intervention_places_place_idx ON intervention_places (place_id);
CREATE INDEX intervention_analyses_analysis_idx ON intervention_analyses (analysis_id);
CREATE INDEX consultation_places_place_idx ON consultation_places (place_id);
CREATE INDEX consultation_interventions_intervention_idx ON consultation_interventions (intervention_id);
CREATE INDEX consultations_held_on_idx ON consultations (held_on);
CREATE INDEX activities_partner_started_idx ON activities (partner, started_at);

-- +goose Down
SELECT 1;
