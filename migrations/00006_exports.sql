-- Evidence pack exports: each build is a row, so that its progress can be
-- polled and its ZIP downloaded after a restart. A build cut off by a restart stays 'running'
-- until start-up marks it failed (export.Service.FailInterrupted). The pack is built for the
-- requester's role at the time (role): a pack built for a record-level role holds unsuppressed
-- counts, so the code hands it only to its requester while they keep that access, or to an admin.

-- +goose Up
CREATE TABLE exports (
    id            bigserial PRIMARY KEY,
    kind          text NOT NULL DEFAULT 'evidence_pack' CHECK (kind IN ('evidence_pack')),
    inspection_id bigint NOT NULL REFERENCES inspections (id) ON DELETE CASCADE,
    requested_by  bigint REFERENCES users (id) ON DELETE SET NULL,
    role          text NOT NULL,
    status        text NOT NULL CHECK (status IN ('running', 'done', 'failed')),
    -- {"done": 3, "total": 15, "step": "hot spots"}
    progress      jsonb NOT NULL DEFAULT '{}',
    -- the build's parameters and, once done, the rows of each table (for the audit log)
    params        jsonb NOT NULL DEFAULT '{}',
    row_counts    jsonb NOT NULL DEFAULT '{}',
    content       bytea,
    sha256        text NOT NULL DEFAULT '',
    size          bigint NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    finished_at   timestamptz,
    error         text NOT NULL DEFAULT '',
    CONSTRAINT exports_done_check CHECK (status <> 'done' OR (content IS NOT NULL AND finished_at IS NOT NULL))
);
CREATE INDEX exports_inspection_idx ON exports (inspection_id, id);
CREATE INDEX exports_running_idx ON exports (status) WHERE status = 'running';

-- +goose Down
DROP TABLE exports;
