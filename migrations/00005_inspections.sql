-- The JTAI inspection workflow fills in the foundation's inspection tables: versions
-- for optimistic concurrency (ETag / If-Match), who did what, the evidence library's documents
-- and links, and the tables of the Annex A checklist, the case sample and the letter's findings
-- with the action plan. Lines of enquiry and frameworks are Go data (internal/inspection), not
-- rows: line_key columns hold their keys and the code checks them against the framework.

-- +goose Up
ALTER TABLE inspections
    ADD CONSTRAINT inspections_framework_check CHECK (framework IN
        ('early_help', 'criminal_exploitation', 'front_door', 'serious_youth_violence', 'domestic_abuse')),
    ADD CONSTRAINT inspections_status_check CHECK (status IN
        ('notified', 'fieldwork', 'reporting', 'published', 'closed')),
    -- NULL until the letter says whether a written statement of proposed action is required.
    ADD COLUMN written_statement_required boolean,
    ADD COLUMN version    int NOT NULL DEFAULT 1,
    ADD COLUMN updated_at timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN updated_by bigint REFERENCES users (id) ON DELETE SET NULL;
CREATE INDEX inspections_notified_idx ON inspections (notified_on);

ALTER TABLE inspection_milestones
    ADD COLUMN recorded_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN recorded_at timestamptz NOT NULL DEFAULT now();

-- Evidence: a document held in the database (storage 'database', content bytea) or a link.
-- storage 'directory' is reserved for a configured directory (storage_path relative to it);
-- nothing writes it yet.
ALTER TABLE evidence
    ADD COLUMN kind          text NOT NULL DEFAULT 'document' CHECK (kind IN ('document', 'link')),
    ADD COLUMN filename      text NOT NULL DEFAULT '',
    ADD COLUMN storage       text NOT NULL DEFAULT 'database' CHECK (storage IN ('database', 'directory', 'none')),
    ADD COLUMN storage_path  text NOT NULL DEFAULT '',
    ADD COLUMN version       int NOT NULL DEFAULT 1,
    ADD COLUMN updated_at    timestamptz NOT NULL DEFAULT now(),
    ADD COLUMN updated_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD COLUMN qa_updated_at timestamptz,
    ADD COLUMN qa_updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
    ADD CONSTRAINT evidence_content_check CHECK (
        (kind = 'link' AND url IS NOT NULL AND content IS NULL AND storage = 'none') OR
        (kind = 'document' AND url IS NULL AND sha256 IS NOT NULL AND size_bytes IS NOT NULL
            AND (storage = 'database') = (content IS NOT NULL)));
CREATE INDEX evidence_inspection_idx ON evidence (inspection_id, id);
-- The same file twice in one inspection's library is one document (tag it to more lines).
CREATE UNIQUE INDEX evidence_document_sha_key ON evidence (inspection_id, sha256) WHERE kind = 'document';
CREATE INDEX evidence_lines_key_idx ON evidence_lines (line_key);

-- Self-assessment: every POST adds a version of the line's narrative and RAG rating.
ALTER TABLE self_assessments ADD COLUMN version int NOT NULL DEFAULT 1;
CREATE UNIQUE INDEX self_assessments_version_key ON self_assessments (inspection_id, line_key, version);

-- Annex A: the template an admin edits per framework (empty until first edited: the defaults
-- are Go data), and each inspection's own copy, taken when the inspection is created.
CREATE TABLE annex_a_templates (
    framework    text NOT NULL,
    key          text NOT NULL,
    position     int NOT NULL,
    title        text NOT NULL,
    description  text NOT NULL DEFAULT '',
    owner_agency text NOT NULL,
    due_unit     text NOT NULL CHECK (due_unit IN ('working_days', 'hours')),
    due_amount   int NOT NULL CHECK (due_amount >= 0),
    fills_from   text NOT NULL DEFAULT '',
    line_keys    text[] NOT NULL DEFAULT '{}',
    updated_at   timestamptz NOT NULL DEFAULT now(),
    updated_by   bigint REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (framework, key)
);

CREATE TABLE annex_a_items (
    id            bigserial PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    key           text NOT NULL,
    position      int NOT NULL,
    title         text NOT NULL,
    description   text NOT NULL DEFAULT '',
    owner_agency  text NOT NULL,
    due_unit      text NOT NULL CHECK (due_unit IN ('working_days', 'hours')),
    due_amount    int NOT NULL CHECK (due_amount >= 0),
    fills_from    text NOT NULL DEFAULT '',
    line_keys     text[] NOT NULL DEFAULT '{}',
    status        text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'submitted')),
    note          text NOT NULL DEFAULT '',
    submitted_at  timestamptz,
    version       int NOT NULL DEFAULT 1,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (inspection_id, key)
);

CREATE TABLE annex_a_evidence (
    item_id     bigint NOT NULL REFERENCES annex_a_items (id) ON DELETE CASCADE,
    evidence_id bigint NOT NULL REFERENCES evidence (id) ON DELETE CASCADE,
    PRIMARY KEY (item_id, evidence_id)
);

-- The case sample: children by the local case system's pseudonymous reference only (no names,
-- dates of birth or addresses; the API refuses them), at most 30 per inspection, 5 to 7 of
-- them selected for the multi-agency audit (the API enforces the counts).
CREATE TABLE case_sample (
    id                  bigserial PRIMARY KEY,
    inspection_id       bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    reference           text NOT NULL CHECK (reference ~ '^[A-Za-z0-9-]{1,32}$'),
    age_at_notification int NOT NULL CHECK (age_at_notification BETWEEN 0 AND 17),
    agencies            text[] NOT NULL DEFAULT '{}',
    selected_for_audit  boolean NOT NULL DEFAULT false,
    version             int NOT NULL DEFAULT 1,
    created_at          timestamptz NOT NULL DEFAULT now(),
    created_by          bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at          timestamptz NOT NULL DEFAULT now(),
    updated_by          bigint REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (inspection_id, reference)
);

CREATE TABLE case_audits (
    case_id    bigint NOT NULL REFERENCES case_sample (id) ON DELETE CASCADE,
    agency     text NOT NULL,
    status     text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'complete')),
    findings   text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (case_id, agency)
);

-- After the letter: its findings and the partnership's action plan.
CREATE TABLE findings (
    id            bigserial PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('strength', 'area_for_improvement', 'area_for_priority_action')),
    text          text NOT NULL,
    line_keys     text[] NOT NULL DEFAULT '{}',
    version       int NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX findings_inspection_idx ON findings (inspection_id, id);

CREATE TABLE action_plan_items (
    id            bigserial PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    finding_id    bigint REFERENCES findings (id) ON DELETE SET NULL,
    action        text NOT NULL,
    owner_agency  text NOT NULL,
    owner         text NOT NULL DEFAULT '',
    due_on        date NOT NULL,
    status        text NOT NULL DEFAULT 'not_started' CHECK (status IN ('not_started', 'in_progress', 'complete')),
    completed_on  date,
    progress_note text NOT NULL DEFAULT '',
    version       int NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX action_plan_inspection_idx ON action_plan_items (inspection_id, due_on);

-- +goose Down
DROP TABLE action_plan_items, findings, case_audits, case_sample, annex_a_evidence, annex_a_items, annex_a_templates;
DROP INDEX self_assessments_version_key;
ALTER TABLE self_assessments DROP COLUMN version;
DROP INDEX evidence_lines_key_idx, evidence_document_sha_key, evidence_inspection_idx;
ALTER TABLE evidence
    DROP CONSTRAINT evidence_content_check,
    DROP COLUMN kind, DROP COLUMN filename, DROP COLUMN storage, DROP COLUMN storage_path,
    DROP COLUMN version, DROP COLUMN updated_at, DROP COLUMN updated_by,
    DROP COLUMN qa_updated_at, DROP COLUMN qa_updated_by;
ALTER TABLE inspection_milestones DROP COLUMN recorded_by, DROP COLUMN recorded_at;
DROP INDEX inspections_notified_idx;
ALTER TABLE inspections
    DROP CONSTRAINT inspections_framework_check, DROP CONSTRAINT inspections_status_check,
    DROP COLUMN written_statement_required, DROP COLUMN version, DROP COLUMN updated_at,
    DROP COLUMN created_by, DROP COLUMN updated_by;
