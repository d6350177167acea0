-- Preparation before notification. A partnership prepares for a JTAI all year (evidence, a
-- self-assessment, Annex A dry runs, six-monthly practice audits, action plans): the inspection
-- record exists from the day it starts preparing, with its framework chosen and no notification
-- date (status 'preparing'). Recording the notification sets notified_on and the timetable
-- follows; what was prepared stays on the same record, so it is carried over as it is.

-- +goose Up
ALTER TABLE inspections
    ALTER COLUMN notified_on DROP NOT NULL,
    DROP CONSTRAINT inspections_status_check,
    ADD CONSTRAINT inspections_status_check CHECK (status IN
        ('preparing', 'notified', 'fieldwork', 'reporting', 'published', 'closed')),
    ADD CONSTRAINT inspections_notified_check CHECK ((notified_on IS NULL) = (status = 'preparing')),
    ADD COLUMN notification_recorded_at timestamptz,
    ADD COLUMN notification_recorded_by bigint REFERENCES users (id) ON DELETE SET NULL;

-- Rolling practice audits: a round every six months (each time a new theme is announced), with
-- a sample of children by pseudonymous case reference and each involved agency's grading of its
-- practice, with strengths and learning. Actions arising go to the action plan.
CREATE TABLE audit_rounds (
    id            bigserial PRIMARY KEY,
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    title         text NOT NULL,
    period_from   date NOT NULL,
    period_to     date NOT NULL CHECK (period_to >= period_from),
    status        text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'complete')),
    learning      text NOT NULL DEFAULT '',
    completed_on  date,
    -- Whether the round was opened while preparing or after the notification.
    phase         text NOT NULL CHECK (phase IN ('preparation', 'inspection')),
    version       int NOT NULL DEFAULT 1,
    created_at    timestamptz NOT NULL DEFAULT now(),
    created_by    bigint REFERENCES users (id) ON DELETE SET NULL,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    updated_by    bigint REFERENCES users (id) ON DELETE SET NULL
);
CREATE INDEX audit_rounds_inspection_idx ON audit_rounds (inspection_id, period_from);

CREATE TABLE audit_round_cases (
    id         bigserial PRIMARY KEY,
    round_id   bigint NOT NULL REFERENCES audit_rounds (id) ON DELETE CASCADE,
    reference  text NOT NULL CHECK (reference ~ '^[A-Za-z0-9-]{1,32}$'),
    agencies   text[] NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now(),
    created_by bigint REFERENCES users (id) ON DELETE SET NULL,
    UNIQUE (round_id, reference)
);

CREATE TABLE audit_gradings (
    case_id    bigint NOT NULL REFERENCES audit_round_cases (id) ON DELETE CASCADE,
    agency     text NOT NULL,
    status     text NOT NULL CHECK (status IN ('not_started', 'in_progress', 'complete')),
    grade      text CHECK (grade IN ('outstanding', 'good', 'requires_improvement', 'inadequate')),
    strengths  text NOT NULL DEFAULT '',
    learning   text NOT NULL DEFAULT '',
    updated_at timestamptz NOT NULL DEFAULT now(),
    updated_by bigint REFERENCES users (id) ON DELETE SET NULL,
    PRIMARY KEY (case_id, agency),
    CHECK (status <> 'complete' OR grade IS NOT NULL)
);

-- The action plan serves preparation as well as the letter: an action says where it came from.
ALTER TABLE action_plan_items
    ADD COLUMN source text NOT NULL DEFAULT 'finding' CHECK (source IN ('finding', 'preparation', 'audit', 'meeting')),
    ADD COLUMN audit_round_id bigint REFERENCES audit_rounds (id) ON DELETE SET NULL;

-- +goose Down
ALTER TABLE action_plan_items DROP COLUMN audit_round_id, DROP COLUMN source;
DROP TABLE audit_gradings, audit_round_cases, audit_rounds;
DELETE FROM inspections WHERE notified_on IS NULL;
ALTER TABLE inspections
    DROP COLUMN notification_recorded_by, DROP COLUMN notification_recorded_at,
    DROP CONSTRAINT inspections_notified_check,
    DROP CONSTRAINT inspections_status_check,
    ADD CONSTRAINT inspections_status_check CHECK (status IN
        ('notified', 'fieldwork', 'reporting', 'published', 'closed')),
    ALTER COLUMN notified_on SET NOT NULL;
