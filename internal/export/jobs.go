package export

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
)

// Statuses of an export job.
const (
	StatusRunning = "running"
	StatusDone    = "done"
	StatusFailed  = "failed"
)

// MaxRunning is how many packs are built at once; later requests wait their turn ("queued").
const MaxRunning = 2

// Service runs evidence pack builds in the background and keeps them, with their ZIP, in the
// exports table, so that progress can be polled and a pack downloaded after a restart.
type Service struct {
	Builder *Builder
	pool    *pgxpool.Pool
	log     *slog.Logger
	bgCtx   context.Context
	cancel  context.CancelFunc
	wg      sync.WaitGroup
	slots   chan struct{}
	waiting atomic.Int64

	// Observe, when set, is told of every build that ends, its status and how long it took
	// (waiting for a slot included).
	Observe func(status string, d time.Duration)
}

// Waiting is how many builds wait for a slot (MaxRunning build at once).
func (s *Service) Waiting() int64 { return s.waiting.Load() }

// NewService returns a Service building with b.
func NewService(b *Builder, log *slog.Logger) *Service {
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{Builder: b, pool: b.Pool, log: log, bgCtx: ctx, cancel: cancel, slots: make(chan struct{}, MaxRunning)}
}

// Progress is how far a build has gone: Done of Total steps, Step the one running.
type Progress struct {
	Done  int    `json:"done"`
	Total int    `json:"total"`
	Step  string `json:"step"`
}

// Job is one export as GET /api/v1/exports/{id} shows it.
type Job struct {
	ID           int64          `json:"export_id"`
	Kind         string         `json:"kind"`
	InspectionID int64          `json:"inspection_id"`
	RequestedBy  *int64         `json:"requested_by"`
	Role         string         `json:"role"`
	Status       string         `json:"status"`
	Progress     Progress       `json:"progress"`
	Params       map[string]any `json:"params"`
	RowCounts    map[string]int `json:"row_counts"`
	SHA256       string         `json:"sha256,omitempty"`
	Size         int64          `json:"size"`
	CreatedAt    time.Time      `json:"created_at"`
	FinishedAt   *time.Time     `json:"finished_at"`
	Error        string         `json:"error,omitempty"`
	// Filename and Download are set once the pack is done.
	Filename string `json:"filename,omitempty"`
	Download string `json:"download,omitempty"`

	scope area.Viewer // the local areas the export covers (params "local_areas" says it too)
}

// Resource is the job's path in the API and the audit log.
func (j *Job) Resource() string { return "/api/v1/exports/" + strconv.FormatInt(j.ID, 10) }

// fill sets the fields derived from the stored ones.
func (j *Job) fill() {
	if j.Status == StatusDone && j.FinishedAt != nil {
		j.Filename = fmt.Sprintf("placesafe-evidence-pack-%d-%s.zip", j.InspectionID, londonDay(*j.FinishedAt))
		j.Download = j.Resource() + "/download"
	}
}

// params are a build's parameters as the job and the audit log record them, with the local
// areas the pack covers.
func (s *Service) params(inspectionID int64, role string, scope area.Viewer) map[string]any {
	return map[string]any{"inspection_id": inspectionID, "role": role, "local_areas": coverage(scope), "res": CellRes, "k": NeighbourRings, "kernel": Kernel, "fdr": FDR,
		"emerging_bin": EmergingBin, "hotspot_months": HotspotMonth, "suppression_threshold": s.Builder.Policy.Threshold(),
		"suppressed": !auth.RecordLevel(role), "version": Version}
}

// RecordWrite audit-logs a pack of inspection inspectionID, built for role, that the command
// line wrote to file: with the parameters and local areas an export through the API records.
func (s *Service) RecordWrite(ctx context.Context, pack *Pack, inspectionID int64, role, file string) error {
	params := s.params(inspectionID, role, pack.scope)
	params["sha256"], params["size"], params["row_counts"], params["file"] = pack.SHA256, len(pack.Zip), pack.Manifest.Rows, file
	return audit.Record(ctx, s.pool, "export.evidence_pack.write", "cli/evidence-pack", params, rowTotal(pack.Manifest.Rows))
}

// rowTotal is the rows a pack's tables hold in all, the row count of its audit entries.
func rowTotal(rows map[string]int) int64 {
	var total int64
	for _, n := range rows {
		total += int64(n)
	}
	return total
}

// Share asks for the copy of a pack that may be handed to someone without record-level access:
// built for CopyFor's role (the inspector's) by a requester with record-level access, and
// recorded with whom it is shared.
type Share struct {
	CopyFor    string `json:"copy_for"`    // the role the copy is built for: inspector, partner or vrp_lead
	SharedWith string `json:"shared_with"` // who receives it (e.g. "Ofsted lead inspector"), for the record
}

// Start records a build of inspection id's pack for user and starts it in the background,
// audit-logged with its parameters. The pack covers the local area inspected, which the
// user must see. With a Share, a record-level user builds the copy for another role instead
// of their own.
func (s *Service) Start(ctx context.Context, inspectionID int64, user *auth.User, share *Share) (*Job, error) {
	scope, err := packAreas(ctx, s.pool, inspectionID)
	if err != nil {
		return nil, err
	}
	if !area.ViewerFrom(ctx).Covers(scope) {
		return nil, apperr.Errorf(apperr.NotFound, "no inspection %d", inspectionID)
	}
	role := user.Role
	if share != nil {
		switch {
		case !auth.RecordLevel(user.Role):
			return nil, apperr.Errorf(apperr.Forbidden, "a copy for another role is built by admins and analysts; build your own pack instead")
		case share.CopyFor == "" || auth.RecordLevel(share.CopyFor) || !auth.ValidRole(share.CopyFor):
			return nil, apperr.Errorf(apperr.Invalid, "copy_for %q: want a role without record-level access (inspector, partner, vrp_lead)", share.CopyFor)
		case strings.TrimSpace(share.SharedWith) == "" || len(share.SharedWith) > 200:
			return nil, apperr.Errorf(apperr.Invalid, "shared_with: say who receives the copy (up to 200 characters)")
		}
		role = share.CopyFor
	}
	params := s.params(inspectionID, role, scope)
	if share != nil {
		params["copy_for"], params["shared_with"], params["built_by_role"] = share.CopyFor, strings.TrimSpace(share.SharedWith), user.Role
	}
	var id int64
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		p := Progress{Total: Steps, Step: "queued"} // pgx writes it to the jsonb column with encoding/json
		if err := tx.QueryRow(ctx, `INSERT INTO exports (inspection_id, requested_by, role, status, progress, params, local_areas)
			VALUES ($1, $2, $3, 'running', $4, $5, $6) RETURNING id`, inspectionID, user.ID, role, p, params, scopeColumn(scope)).Scan(&id); err != nil {
			return err
		}
		action := "export.evidence_pack.start"
		if share != nil {
			action = "export.evidence_pack.share"
		}
		return audit.Record(ctx, tx, action, "/api/v1/exports/"+strconv.FormatInt(id, 10), params, -1)
	})
	if err != nil {
		return nil, fmt.Errorf("start evidence pack of inspection %d: %w", inspectionID, err)
	}
	actor := audit.ActorFrom(ctx)
	s.wg.Add(1)
	go func() {
		defer s.wg.Done()
		s.run(audit.WithActor(s.bgCtx, actor), id, inspectionID, role, scope)
	}()
	return s.get(ctx, id)
}

// run builds a pack of the local areas scope sees and stores it, or the reason it failed.
// The scope is handed over explicitly: the request's context, and the viewer it carries,
// end with the request.
func (s *Service) run(ctx context.Context, id, inspectionID int64, role string, scope area.Viewer) {
	started, status := time.Now(), StatusFailed
	if s.Observe != nil {
		defer func() { s.Observe(status, time.Since(started)) }()
	}
	s.waiting.Add(1)
	select {
	case s.slots <- struct{}{}:
		s.waiting.Add(-1)
		defer func() { <-s.slots }()
	case <-ctx.Done():
		s.waiting.Add(-1)
		s.fail(id, "interrupted by a shutdown before it started")
		return
	}
	progress := func(done, total int, step string) {
		p := Progress{Done: done, Total: total, Step: step}
		if _, err := s.pool.Exec(ctx, `UPDATE exports SET progress = $2 WHERE id = $1`, id, p); err != nil && ctx.Err() == nil {
			s.log.Warn("export progress not recorded", "export_id", id, "error", err.Error())
		}
	}
	pack, err := s.Builder.BuildFor(ctx, scope, inspectionID, role, progress)
	if err != nil {
		reason := "the build failed; the error is in the service log"
		switch {
		case ctx.Err() != nil:
			reason = "interrupted by a shutdown"
		case apperr.Code(err) != apperr.Internal:
			reason = message(err)
		default:
			s.log.Error("evidence pack failed", "export_id", id, "inspection_id", inspectionID, "error", err.Error())
		}
		s.fail(id, reason)
		return
	}
	rows, total := pack.Manifest.Rows, rowTotal(pack.Manifest.Rows)
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		p := Progress{Done: Steps, Total: Steps, Step: "done"}
		if _, err := tx.Exec(ctx, `UPDATE exports SET status = 'done', progress = $2, content = $3, sha256 = $4, size = $5,
			row_counts = $6, finished_at = now() WHERE id = $1`, id, p, pack.Zip, pack.SHA256, len(pack.Zip), rows); err != nil {
			return err
		}
		params := s.params(inspectionID, role, scope)
		params["sha256"], params["size"], params["row_counts"] = pack.SHA256, len(pack.Zip), rows
		return audit.Record(ctx, tx, "export.evidence_pack.build", "/api/v1/exports/"+strconv.FormatInt(id, 10), params, total)
	})
	if err != nil {
		s.log.Error("evidence pack not stored", "export_id", id, "error", err.Error())
		s.fail(id, "the pack was built but could not be stored; the error is in the service log")
		return
	}
	status = StatusDone
}

// fail marks a job failed with a reason safe to show.
func (s *Service) fail(id int64, reason string) {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := s.pool.Exec(ctx, `UPDATE exports SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status = 'running'`,
		id, reason); err != nil {
		s.log.Error("export failure not recorded", "export_id", id, "error", err.Error())
	}
}

// FailInterrupted marks builds left running by a stopped process as failed; it is called at
// start-up, before any build can run.
func (s *Service) FailInterrupted(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE exports SET status = 'failed', finished_at = now(),
		error = 'interrupted by a restart; request the pack again' WHERE status = 'running'`)
	if err != nil {
		return 0, fmt.Errorf("fail interrupted exports: %w", err)
	}
	return tag.RowsAffected(), nil
}

// Close stops running builds (they are marked failed) and waits for them.
func (s *Service) Close() {
	s.cancel()
	s.wg.Wait()
}

const jobColumns = `id, kind, inspection_id, requested_by, role, status, progress, params, row_counts, sha256, size,
	created_at, finished_at, error, local_areas`

// scopeColumn is the exports.local_areas value of scope: NULL for the whole deployment.
func scopeColumn(scope area.Viewer) any {
	if scope.All {
		return nil
	}
	return scope.Areas
}

func (s *Service) get(ctx context.Context, id int64) (*Job, error) {
	j := &Job{}
	var areas []int64
	err := s.pool.QueryRow(ctx, `SELECT `+jobColumns+` FROM exports WHERE id = $1`, id).Scan(&j.ID, &j.Kind, &j.InspectionID,
		&j.RequestedBy, &j.Role, &j.Status, &j.Progress, &j.Params, &j.RowCounts, &j.SHA256, &j.Size, &j.CreatedAt, &j.FinishedAt, &j.Error, &areas)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "no export %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get export %d: %w", id, err)
	}
	j.scope = area.Viewer{All: areas == nil, Areas: areas}
	j.fill()
	return j, nil
}

// Get returns export id if user may read it: its requester, while they keep the access it
// was built for, or an admin, and only while the request views every local area it covers.
// Others are told it does not exist.
func (s *Service) Get(ctx context.Context, id int64, user *auth.User) (*Job, error) {
	j, err := s.get(ctx, id)
	if err != nil {
		return nil, err
	}
	if !area.ViewerFrom(ctx).Covers(j.scope) {
		return nil, apperr.Errorf(apperr.NotFound, "no export %d", id)
	}
	if user.Role == auth.RoleAdmin {
		return j, nil
	}
	if j.RequestedBy == nil || *j.RequestedBy != user.ID {
		return nil, apperr.Errorf(apperr.NotFound, "no export %d", id)
	}
	if auth.RecordLevel(j.Role) && !auth.RecordLevel(user.Role) {
		return nil, apperr.Errorf(apperr.Forbidden, "export %d was built for the %s role with exact counts; your role (%s) sees suppressed counts: request a new pack", id, j.Role, user.Role)
	}
	return j, nil
}

// Content returns a done export's ZIP for user, audit-logged with its parameters and rows.
func (s *Service) Content(ctx context.Context, id int64, user *auth.User) (*Job, []byte, error) {
	j, err := s.Get(ctx, id, user)
	if err != nil {
		return nil, nil, err
	}
	switch j.Status {
	case StatusRunning:
		return nil, nil, apperr.Errorf(apperr.Conflict, "export %d is still running (step %d of %d: %s); poll %s until it is done", id, j.Progress.Done, j.Progress.Total, j.Progress.Step, j.Resource())
	case StatusFailed:
		return nil, nil, apperr.Errorf(apperr.Conflict, "export %d failed: %s", id, j.Error)
	}
	var content []byte
	if err := s.pool.QueryRow(ctx, `SELECT content FROM exports WHERE id = $1`, id).Scan(&content); err != nil {
		return nil, nil, fmt.Errorf("read export %d: %w", id, err)
	}
	params := s.params(j.InspectionID, j.Role, j.scope)
	params["sha256"], params["size"], params["row_counts"], params["filename"] = j.SHA256, j.Size, j.RowCounts, j.Filename
	if err := audit.Record(ctx, s.pool, "export.evidence_pack.download", j.Resource(), params, rowTotal(j.RowCounts)); err != nil {
		return nil, nil, err
	}
	return j, content, nil
}
