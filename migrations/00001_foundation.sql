-- The whole mission's schema, laid out once so that later features fill in tables rather than
-- reshape them. H3 cells are bigint (h3.Cell as int64); coordinates are WGS84 degrees.

-- +goose Up

-- Accounts ---------------------------------------------------------------------------------
CREATE TABLE users (
    id            bigserial PRIMARY KEY,
    email         text NOT NULL,
    password_hash text NOT NULL,
    role          text NOT NULL CHECK (role IN ('admin', 'analyst', 'vrp_lead', 'partner', 'inspector')),
    created_at    timestamptz NOT NULL DEFAULT now(),
    disabled_at   timestamptz
);
CREATE UNIQUE INDEX users_email_key ON users (lower(email));

-- Tokens and sessions keep only a SHA-256 of the secret: a leaked table grants nothing.
CREATE TABLE api_tokens (
    id           bigserial PRIMARY KEY,
    user_id      bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text NOT NULL DEFAULT '',
    token_hash   bytea NOT NULL UNIQUE,
    created_at   timestamptz NOT NULL DEFAULT now(),
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE TABLE sessions (
    id         bigserial PRIMARY KEY,
    user_id    bigint NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    token_hash bytea NOT NULL UNIQUE,
    csrf_token text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz NOT NULL
);

-- Audit log: append-only. The trigger refuses UPDATE and DELETE even from a bug or psql.
CREATE TABLE audit_log (
    id         bigserial PRIMARY KEY,
    at         timestamptz NOT NULL DEFAULT now(),
    user_id    bigint,
    user_email text NOT NULL DEFAULT '',
    action     text NOT NULL,
    resource   text NOT NULL DEFAULT '',
    params     jsonb NOT NULL DEFAULT '{}',
    row_count  bigint,
    request_id text NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at_idx ON audit_log (at);
CREATE INDEX audit_log_action_idx ON audit_log (action, at);

-- +goose StatementBegin
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
-- +goose StatementEnd
CREATE TRIGGER audit_log_no_change BEFORE UPDATE OR DELETE ON audit_log
    FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();

-- Study area: one boundary for the installation (id is always 1).
CREATE TABLE study_area (
    id         int PRIMARY KEY CHECK (id = 1),
    name       text NOT NULL DEFAULT '',
    geojson    jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by bigint REFERENCES users (id) ON DELETE SET NULL
);

-- Imports and the records they bring -------------------------------------------------------
CREATE TABLE imports (
    id             bigserial PRIMARY KEY,
    kind           text NOT NULL CHECK (kind IN ('incidents', 'activity')),
    format         text NOT NULL CHECK (format IN ('placesafe', 'policeuk', 'geojson')),
    scope          text NOT NULL DEFAULT 'syv',
    filename       text NOT NULL DEFAULT '',
    status         text NOT NULL CHECK (status IN ('running', 'done', 'rejected', 'failed', 'withdrawn')),
    rows_read      bigint NOT NULL DEFAULT 0,
    rows_imported  bigint NOT NULL DEFAULT 0,
    rows_duplicate bigint NOT NULL DEFAULT 0,
    rows_skipped   bigint NOT NULL DEFAULT 0,
    skipped        jsonb NOT NULL DEFAULT '[]',
    skipped_by_reason jsonb NOT NULL DEFAULT '{}',
    errors         jsonb NOT NULL DEFAULT '[]',
    message        text NOT NULL DEFAULT '',
    created_by     bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at     timestamptz NOT NULL DEFAULT now(),
    finished_at    timestamptz,
    withdrawn_at   timestamptz,
    withdrawn_by   bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX imports_created_at_idx ON imports (created_at);

-- row_key = SHA-256 of kind, format, the row's content and its occurrence number among
-- identical rows of its file: re-imports collide, identical police.uk rows do not.
CREATE TABLE incidents (
    id               bigserial PRIMARY KEY,
    import_id        bigint NOT NULL REFERENCES imports (id),
    row_key          bytea NOT NULL UNIQUE,
    source_ref       text,
    occurred_at      timestamptz NOT NULL,
    time_precision   text NOT NULL CHECK (time_precision IN ('exact', 'hour', 'day', 'month')),
    category         text NOT NULL,
    source_category  text,
    victim_age_band  text,
    suspect_age_band text,
    setting          text,
    harm_weight      double precision NOT NULL,
    lsoa_code        text,
    lat              double precision NOT NULL,
    lng              double precision NOT NULL,
    h3_cell          bigint NOT NULL
);
CREATE INDEX incidents_import_idx ON incidents (import_id);
CREATE INDEX incidents_occurred_idx ON incidents (occurred_at);
CREATE INDEX incidents_cell_idx ON incidents (h3_cell);

CREATE TABLE activities (
    id                bigserial PRIMARY KEY,
    import_id         bigint NOT NULL REFERENCES imports (id),
    row_key           bytea NOT NULL UNIQUE,
    source_ref        text,
    started_at        timestamptz NOT NULL,
    duration_minutes  int NOT NULL,
    activity_type     text NOT NULL,
    partner           text NOT NULL,
    contacts_children int NOT NULL DEFAULT 0,
    lat               double precision NOT NULL,
    lng               double precision NOT NULL,
    h3_cell           bigint NOT NULL,
    intervention_id   bigint
);
CREATE INDEX activities_import_idx ON activities (import_id);
CREATE INDEX activities_started_idx ON activities (started_at);
CREATE INDEX activities_cell_idx ON activities (h3_cell);

-- Places, interventions, consultations ---------------------
CREATE TABLE places (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL CHECK (kind IN ('park', 'street', 'shopping_centre', 'transport_hub', 'school_vicinity', 'other')),
    name          text NOT NULL,
    geojson       jsonb NOT NULL,
    buffer_metres double precision NOT NULL DEFAULT 0,
    owner         text NOT NULL DEFAULT '',
    notes         text NOT NULL DEFAULT '',
    source        text NOT NULL DEFAULT '',
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now()
);

-- Every H3 cell that intersects the place (not only those whose centre is inside).
CREATE TABLE place_cells (
    place_id bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    res      smallint NOT NULL,
    h3_cell  bigint NOT NULL,
    PRIMARY KEY (place_id, res, h3_cell)
);
CREATE INDEX place_cells_cell_idx ON place_cells (res, h3_cell);

CREATE TABLE saved_analyses (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL,
    title        text NOT NULL DEFAULT '',
    params       jsonb NOT NULL,
    result       jsonb NOT NULL,
    data_version jsonb NOT NULL,
    created_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE interventions (
    id                bigserial PRIMARY KEY,
    title             text NOT NULL,
    aim               text NOT NULL DEFAULT '',
    methodology       text NOT NULL,
    mechanism         text NOT NULL DEFAULT '',
    lead_agency       text NOT NULL,
    partner_agencies  text[] NOT NULL DEFAULT '{}',
    start_date        date,
    end_date          date,
    status            text NOT NULL CHECK (status IN ('planned', 'active', 'completed', 'stopped')),
    cost_pence        bigint,
    intended_outcomes text NOT NULL DEFAULT '',
    review_status     text NOT NULL DEFAULT 'draft',
    review_comment    text NOT NULL DEFAULT '',
    version           int NOT NULL DEFAULT 1,
    created_at        timestamptz NOT NULL DEFAULT now(),
    updated_at        timestamptz NOT NULL DEFAULT now()
);
ALTER TABLE activities ADD FOREIGN KEY (intervention_id) REFERENCES interventions (id) ON DELETE SET NULL;

CREATE TABLE intervention_places (
    intervention_id bigint NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    place_id        bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    PRIMARY KEY (intervention_id, place_id)
);

CREATE TABLE intervention_analyses (
    intervention_id bigint NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    analysis_id     bigint NOT NULL REFERENCES saved_analyses (id),
    PRIMARY KEY (intervention_id, analysis_id)
);

CREATE TABLE consultations (
    id               bigserial PRIMARY KEY,
    held_on          date NOT NULL,
    method           text NOT NULL,
    children_count   int NOT NULL DEFAULT 0,
    age_min          int,
    age_max          int,
    adults_count     int NOT NULL DEFAULT 0,
    run_by           text NOT NULL DEFAULT '',
    what_was_said    text NOT NULL DEFAULT '',
    what_changed     text NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE consultation_places (
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    place_id        bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    PRIMARY KEY (consultation_id, place_id)
);
CREATE TABLE consultation_interventions (
    consultation_id bigint NOT NULL REFERENCES consultations (id) ON DELETE CASCADE,
    intervention_id bigint NOT NULL REFERENCES interventions (id) ON DELETE CASCADE,
    PRIMARY KEY (consultation_id, intervention_id)
);

-- Evaluations --------------------------------------------------------------------------------
CREATE TABLE evaluations (
    id              bigserial PRIMARY KEY,
    intervention_id bigint REFERENCES interventions (id) ON DELETE CASCADE,
    params          jsonb NOT NULL,
    result          jsonb NOT NULL,
    data_version    jsonb NOT NULL DEFAULT '{}',
    created_by      bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE survey_measures (
    id          bigserial PRIMARY KEY,
    place_id    bigint NOT NULL REFERENCES places (id) ON DELETE CASCADE,
    measure     text NOT NULL,
    period      text NOT NULL CHECK (period IN ('before', 'after')),
    surveyed_on date NOT NULL,
    respondents int NOT NULL CHECK (respondents > 0),
    positive    int NOT NULL CHECK (positive >= 0),
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- Inspections (JTAI) -------------------------------------------------------------------------
CREATE TABLE inspections (
    id          bigserial PRIMARY KEY,
    framework   text NOT NULL,
    local_area  text NOT NULL,
    notified_on date NOT NULL,
    status      text NOT NULL DEFAULT 'notified',
    created_at  timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE inspection_milestones (
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    key           text NOT NULL,
    actual        date NOT NULL,
    PRIMARY KEY (inspection_id, key)
);
CREATE TABLE evidence (
    id            bigserial PRIMARY KEY,
    inspection_id bigint REFERENCES inspections (id) ON DELETE CASCADE,
    title         text NOT NULL,
    url           text,
    content       bytea,
    content_type  text,
    size_bytes    bigint,
    sha256        text,
    owner_agency  text NOT NULL DEFAULT '',
    qa_status     text NOT NULL DEFAULT 'draft' CHECK (qa_status IN ('draft', 'quality_assured', 'approved')),
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE evidence_lines (
    evidence_id bigint NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    line_key    text NOT NULL,
    PRIMARY KEY (evidence_id, line_key)
);
CREATE TABLE self_assessments (
    id            bigserial PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    line_key      text NOT NULL,
    narrative     text NOT NULL,
    rag           text NOT NULL CHECK (rag IN ('red', 'amber', 'green')),
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);

-- +goose Down
-- The foundation is not reversible short of dropping the database.
SELECT 1;
