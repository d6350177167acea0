-- +goose Up
-- A deployment serves one or more local areas: the local authorities of a Violence Reduction
-- Unit's force area, or the one borough of a partnership. The study area is their union. Each
-- record belongs to the local area that contains it, each inspection to one local area, and
-- places, interventions and consultations to one or more; users see the local areas they
-- belong to, or the whole deployment.
CREATE TABLE local_areas (
    id         bigserial PRIMARY KEY,
    name       text NOT NULL,
    -- The ONS (GSS) code of the local authority, such as E08000026. NULL only for the area a
    -- single-area deployment had before local areas existed, until an admin names its code.
    ons_code   text UNIQUE,
    geojson    jsonb NOT NULL,
    version    int NOT NULL DEFAULT 1,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by bigint REFERENCES users (id) ON DELETE SET NULL
);

-- Children (aged 0 to 17) living in each local area by year, such as ONS mid-year estimates:
-- the denominators of rates per 1,000 children.
CREATE TABLE local_area_population (
    local_area_id bigint NOT NULL REFERENCES local_areas (id) ON DELETE CASCADE,
    year          int NOT NULL CHECK (year BETWEEN 1990 AND 2100),
    children      bigint NOT NULL CHECK (children > 0),
    PRIMARY KEY (local_area_id, year)
);

-- A user sees the whole deployment (VRU staff) or the local areas listed for them. Accounts
-- that existed before local areas saw everything, and keep doing so.
ALTER TABLE users ADD COLUMN all_areas boolean NOT NULL DEFAULT true;
ALTER TABLE users ALTER COLUMN all_areas SET DEFAULT false;
CREATE TABLE user_areas (
    user_id       bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    local_area_id bigint NOT NULL REFERENCES local_areas (id) ON DELETE CASCADE,
    PRIMARY KEY (user_id, local_area_id)
);

-- The study area a deployment had becomes its first local area, keeping its name.
INSERT INTO local_areas (id, name, geojson, updated_at, updated_by)
SELECT 1, COALESCE(NULLIF(name, ''), 'Study area'), geojson, updated_at, updated_by FROM study_area;
SELECT setval(pg_get_serial_sequence('local_areas', 'id'), 1, EXISTS (SELECT 1 FROM local_areas));

-- Records, their pre-summed cells and inspections gain their local area. Where the deployment
-- had a study area, everything it held belongs to the area it became: a column default fills
-- existing rows without rewriting a table of millions of records, and is dropped at once so
-- that new rows must name their area. Without a study area, existing rows belong to no area
-- and only whole-deployment users see them.
-- +goose StatementBegin
DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['incidents', 'activities', 'incident_cells', 'inspections'] LOOP
        IF EXISTS (SELECT 1 FROM local_areas WHERE id = 1) THEN
            EXECUTE format('ALTER TABLE %I ADD COLUMN local_area_id bigint DEFAULT 1', t);
            EXECUTE format('ALTER TABLE %I ALTER COLUMN local_area_id DROP DEFAULT', t);
        ELSE
            EXECUTE format('ALTER TABLE %I ADD COLUMN local_area_id bigint', t);
        END IF;
        -- NOT VALID: every existing value is the area just made, so checking millions of rows
        -- proves nothing; new and changed rows are checked.
        EXECUTE format('ALTER TABLE %I ADD CONSTRAINT %I FOREIGN KEY (local_area_id) REFERENCES local_areas (id) NOT VALID',
            t, t || '_local_area_fk');
    END LOOP;
END $$;
-- +goose StatementEnd
CREATE INDEX inspections_local_area_idx ON inspections (local_area_id);

-- Places and interventions belong to one or more local areas (a park on a borough boundary
-- belongs to both): a place to those its geometry lies in, an intervention to those named on it
-- and those of its places.
CREATE TABLE place_local_areas (
    place_id      bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    local_area_id bigint NOT NULL REFERENCES local_areas (id),
    PRIMARY KEY (place_id, local_area_id)
);
CREATE INDEX place_local_areas_area_idx ON place_local_areas (local_area_id);
CREATE TABLE intervention_local_areas (
    intervention_id bigint NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    local_area_id   bigint NOT NULL REFERENCES local_areas (id),
    PRIMARY KEY (intervention_id, local_area_id)
);
CREATE INDEX intervention_local_areas_area_idx ON intervention_local_areas (local_area_id);
-- An intervention serves the local areas named on it and those its places lie in, which follow
-- the places as they are redrawn.
CREATE VIEW intervention_areas AS
    SELECT intervention_id, local_area_id FROM intervention_local_areas
    UNION
    SELECT ip.intervention_id, pa.local_area_id FROM intervention_places ip JOIN place_local_areas pa ON pa.place_id = ip.place_id;
INSERT INTO place_local_areas SELECT id, 1 FROM places WHERE EXISTS (SELECT 1 FROM local_areas WHERE id = 1);
INSERT INTO intervention_local_areas SELECT id, 1 FROM interventions WHERE EXISTS (SELECT 1 FROM local_areas WHERE id = 1);

-- A consultation serves the local areas named on it and those of its places and interventions.
CREATE TABLE consultation_local_areas (
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    local_area_id   bigint NOT NULL REFERENCES local_areas (id),
    PRIMARY KEY (consultation_id, local_area_id)
);
INSERT INTO consultation_local_areas SELECT id, 1 FROM consultations WHERE EXISTS (SELECT 1 FROM local_areas WHERE id = 1);
CREATE VIEW consultation_areas AS
    SELECT consultation_id, local_area_id FROM consultation_local_areas
    UNION
    SELECT cp.consultation_id, pa.local_area_id FROM consultation_places cp JOIN place_local_areas pa ON pa.place_id = cp.place_id
    UNION
    SELECT ci.consultation_id, ia.local_area_id FROM consultation_interventions ci JOIN intervention_areas ia ON ia.intervention_id = ci.intervention_id;

-- The local areas are now the one record of the study area.
DROP TABLE study_area;

-- +goose Down
DROP VIEW consultation_areas;
DROP TABLE consultation_local_areas;
DROP VIEW intervention_areas;
CREATE TABLE study_area (
    id         int PRIMARY KEY CHECK (id = 1),
    name       text NOT NULL DEFAULT '',
    geojson    jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by bigint REFERENCES users (id) ON DELETE SET NULL
);
INSERT INTO study_area (id, name, geojson, updated_at, updated_by)
SELECT 1, name, geojson, updated_at, updated_by FROM local_areas ORDER BY id LIMIT 1;
DROP TABLE intervention_local_areas;
DROP TABLE place_local_areas;
ALTER TABLE inspections DROP COLUMN local_area_id;
ALTER TABLE incident_cells DROP COLUMN local_area_id;
ALTER TABLE activities DROP COLUMN local_area_id;
ALTER TABLE incidents DROP COLUMN local_area_id;
DROP TABLE user_areas;
ALTER TABLE users DROP COLUMN all_areas;
DROP TABLE local_area_population;
DROP TABLE local_areas;
