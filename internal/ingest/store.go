package ingest

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strconv"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/cellcount"
)

const reportColumns = `id, kind, format, scope, filename, status, rows_read, rows_imported, rows_duplicate,
	rows_skipped, skipped, skipped_by_reason, files, errors, message, created_by, created_at, finished_at, withdrawn_at`

func scanReport(row pgx.Row, extra ...any) (*Report, error) {
	r := &Report{}
	dst := append([]any{&r.ImportID, &r.Kind, &r.Format, &r.Scope, &r.Filename, &r.Status, &r.RowsRead,
		&r.RowsImported, &r.RowsDuplicate, &r.RowsSkipped, &r.Skipped, &r.SkippedByReason, &r.Files, &r.Errors,
		&r.Message, &r.CreatedBy, &r.CreatedAt, &r.FinishedAt, &r.WithdrawnAt}, extra...)
	if err := row.Scan(dst...); err != nil {
		return nil, err
	}
	return r, nil
}

// Get returns an import's report; a running import shows the rows read so far.
func (s *Service) Get(ctx context.Context, id int64) (*Report, error) {
	r, err := scanReport(s.pool.QueryRow(ctx, `SELECT `+reportColumns+` FROM imports WHERE id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, apperr.Errorf(apperr.NotFound, "no import %d", id)
	}
	if err != nil {
		return nil, fmt.Errorf("get import %d: %w", id, err)
	}
	s.mu.Lock()
	if src, ok := s.live[id]; ok && r.Status == StatusRunning {
		r.RowsRead = src.read.Load()
		r.Files = src.progress()
	}
	s.mu.Unlock()
	return r, nil
}

// Filter narrows List; nil fields do not filter.
type Filter struct {
	Kind   *string
	Status *string
	Limit  int
	Offset int
}

// List returns imports newest first (without their row lists) and the total that match.
func (s *Service) List(ctx context.Context, f Filter) ([]*Report, int, error) {
	f.Limit = api.Limit(f.Limit)
	rows, err := s.pool.Query(ctx, `SELECT `+reportColumns+`, COUNT(*) OVER () FROM imports
		WHERE ($1::text IS NULL OR kind = $1) AND ($2::text IS NULL OR status = $2)
		ORDER BY id DESC LIMIT $3 OFFSET $4`, f.Kind, f.Status, f.Limit, f.Offset)
	if err != nil {
		return nil, 0, fmt.Errorf("list imports: %w", err)
	}
	total := 0
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (*Report, error) {
		r, err := scanReport(row, &total)
		if err != nil {
			return nil, err
		}
		r.Skipped, r.Errors, r.Files = nil, nil, nil // the lists belong to GET /imports/{id}
		return r, nil
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list imports: %w", err)
	}
	return out, total, nil
}

// Withdraw removes every row of a landed import in one transaction, audit-logged; other
// imports are untouched.
func (s *Service) Withdraw(ctx context.Context, id int64) (*Report, error) {
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var kind, status string
		err := tx.QueryRow(ctx, `SELECT kind, status FROM imports WHERE id = $1 FOR UPDATE`, id).Scan(&kind, &status)
		if errors.Is(err, pgx.ErrNoRows) {
			return apperr.Errorf(apperr.NotFound, "no import %d", id)
		}
		if err != nil {
			return err
		}
		if status != StatusDone {
			return apperr.Errorf(apperr.Conflict, "import %d is %s; only a done import can be withdrawn", id, status)
		}
		tbl, _ := table(kind)
		if kind == KindIncidents {
			if err := cellcount.Remove(ctx, tx, id); err != nil {
				return err
			}
		}
		tag, err := tx.Exec(ctx, `DELETE FROM `+tbl+` WHERE import_id = $1`, id)
		if err != nil {
			return fmt.Errorf("delete rows: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE imports SET status = 'withdrawn', withdrawn_at = now(), withdrawn_by = $2
			WHERE id = $1`, id, audit.ActorFrom(ctx).ID()); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "import.withdraw", "imports/"+strconv.FormatInt(id, 10), map[string]any{"kind": kind}, tag.RowsAffected())
	})
	if err != nil {
		return nil, fmt.Errorf("withdraw import %d: %w", id, err)
	}
	return s.Get(ctx, id)
}

// FailInterrupted marks imports left running by a stopped process as failed: their
// transaction never committed, so nothing of them was written.
func (s *Service) FailInterrupted(ctx context.Context) (int64, error) {
	tag, err := s.pool.Exec(ctx, `UPDATE imports SET status = 'failed', finished_at = now(),
		message = 'interrupted by a restart; nothing was written' WHERE status = 'running'`)
	if err != nil {
		return 0, fmt.Errorf("fail interrupted imports: %w", err)
	}
	return tag.RowsAffected(), nil
}

// RunInBackground imports the spooled file at path as import id, then removes the file.
func (s *Service) RunInBackground(ctx context.Context, id int64, o Options, path string) {
	actor := audit.ActorFrom(ctx)
	s.bg.Add(1)
	go func() {
		defer s.bg.Done()
		defer os.Remove(path) // the spool directory is the service's own: a file left there is harmless
		ctx := audit.WithActor(s.bgCtx, actor)
		f, err := os.Open(path)
		if err != nil {
			err = s.finishBadly(ctx, id, o, fmt.Errorf("open spooled upload: %w", err))
			s.log.Error("background import failed", "import_id", id, "error", err)
			return
		}
		defer f.Close() // read only
		if _, err := s.Run(ctx, id, o, f); err != nil && apperr.Code(err) == apperr.Internal {
			s.log.Error("background import failed", "import_id", id, "error", err)
		}
	}()
}
