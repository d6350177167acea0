-- Places, interventions, consultations and saved analyses as the register holds them:
-- versions for optimistic concurrency (ETag / If-Match), who changed what, and the VRP review
-- history of each intervention.

-- +goose Up
ALTER TABLE places
    ADD COLUMN version    int NOT NULL DEFAULT 1,
    ADD COLUMN osm_id     text NOT NULL DEFAULT '',
    ADD COLUMN created_by bigint REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX places_kind_idx ON places (kind);

ALTER TABLE interventions
    ADD CONSTRAINT interventions_review_status_check
        CHECK (review_status IN ('draft', 'submitted', 'returned', 'approved')),
    ADD COLUMN created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN updated_by bigint REFERENCES users (id) ON DELETE SET NULL;

-- Every review step: submitted, returned (with a comment) or approved, by whom and when.
CREATE TABLE intervention_reviews (
    id              bigserial PRIMARY KEY,
    intervention_id bigint NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    from_status     text NOT NULL,
    to_status       text NOT NULL,
    comment         text NOT NULL DEFAULT '',
    by_user         bigint REFERENCES users (id) ON DELETE SET NULL,
    by_email        text NOT NULL DEFAULT '',
    at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX intervention_reviews_idx ON intervention_reviews (intervention_id, at);

ALTER TABLE consultations
    ADD COLUMN version    int NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD CONSTRAINT consultations_ages_check CHECK (age_min IS NULL OR age_max IS NULL OR age_min <= age_max),
    ADD CONSTRAINT consultations_counts_check CHECK (children_count >= 0 AND adults_count >= 0);

-- +goose Down
SELECT 1;
