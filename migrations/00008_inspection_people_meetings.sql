-- People and meetings of a JTAI. Each agency names a JTAI single point of contact (SPOC) and
-- its leads: members of staff, with work contact details only (children are never recorded
-- here; the API refuses anything that looks like a child's personal data). Meetings run from the
-- preparation group to the kick-off, the fieldwork sessions and the feedback, with the agencies
-- attending, decisions and the actions they give the action plan. During fieldwork a daily log
-- keeps the emerging themes, and after it the factual-accuracy comments on the draft letter are
-- logged against the DCS's deadline.

-- +goose Up
CREATE TABLE inspection_people (
    id               bigserial PRIMARY KEY,
    inspection_id    bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    agency           text NOT NULL,
    role             text NOT NULL CHECK (role IN ('spoc', 'strategic_lead', 'dcs', 'jtai_coordinator', 'member')),
    post             text NOT NULL,
    staff_name       text NOT NULL,
    work_email       text NOT NULL DEFAULT '',
    work_phone       text NOT NULL DEFAULT '',
    responsibilities text NOT NULL DEFAULT '',
    version          int NOT NULL DEFAULT 1,
    created_at       timestamptz NOT NULL DEFAULT now(),
    created_by       bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    updated_by       bigint REFERENCES users (id) ON DELETE SET NULL
);
-- One SPOC per agency.
CREATE UNIQUE INDEX inspection_people_spoc_key ON inspection_people (inspection_id, agency) WHERE role = 'spoc';

CREATE TABLE meetings (
    id            bigserial PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    kind          text NOT NULL CHECK (kind IN ('preparation_group', 'set_up', 'kick_off', 'fieldwork', 'feedback', 'other')),
    -- For a fieldwork session: whom inspectors meet or what they observe.
    activity      text NOT NULL DEFAULT '' CHECK (activity IN ('', 'practitioners', 'managers', 'leaders',
        'children_and_families', 'observation', 'case_tracking', 'inspection_team')),
    title         text NOT NULL,
    held_on       date NOT NULL,
    starts_at     time,
    location      text NOT NULL DEFAULT '',
    agencies      text[] NOT NULL DEFAULT '{}',
    attendee_ids  bigint[] NOT NULL DEFAULT '{}',
    notes         text NOT NULL DEFAULT '',
    version       int NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX meetings_inspection_idx ON meetings (inspection_id, held_on, starts_at);

CREATE TABLE meeting_decisions (
    meeting_id bigint NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    position   int NOT NULL,
    text       text NOT NULL,
    PRIMARY KEY (meeting_id, position)
);

ALTER TABLE action_plan_items ADD COLUMN meeting_id bigint REFERENCES meetings (id) ON DELETE SET NULL;

CREATE TABLE fieldwork_log (
    id            bigserial PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    day           date NOT NULL,
    kind          text NOT NULL CHECK (kind IN ('emerging_theme', 'strength', 'concern', 'feedback', 'request')),
    text          text NOT NULL,
    line_keys     text[] NOT NULL DEFAULT '{}',
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX fieldwork_log_inspection_idx ON fieldwork_log (inspection_id, day, id);

CREATE TABLE accuracy_comments (
    id            bigserial PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    paragraph     text NOT NULL,
    agency        text NOT NULL,
    comment       text NOT NULL,
    status        text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'agreed', 'submitted', 'withdrawn')),
    response      text NOT NULL DEFAULT '',
    version       int NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX accuracy_comments_inspection_idx ON accuracy_comments (inspection_id, id);

-- +goose Down
DROP TABLE accuracy_comments, fieldwork_log;
ALTER TABLE action_plan_items DROP COLUMN meeting_id;
DROP TABLE meeting_decisions, meetings, inspection_people;
