package ingest

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/activity"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/text"
)

// Service runs imports and keeps their reports.
type Service struct {
	pool  *pgxpool.Pool
	areas func(context.Context) (geo.Regions, error)
	log   *slog.Logger

	// TempDir holds police.uk archives while they are imported ("" means the system's
	// temporary directory).
	TempDir       string
	archiveLimits ArchiveLimits

	mu   sync.Mutex
	live map[int64]*rowSource // imports running in this process, for progress

	bgCtx    context.Context
	bgCancel context.CancelFunc
	bg       sync.WaitGroup

	// Observe, when set, is told of every import that ends (landed, refused or failed) with
	// its report and how long it took.
	Observe func(r *Report, d time.Duration)
}

// NewService returns a Service; areas gives the local areas rows are placed in (none: rows are
// checked against the UK's bounding box and belong to no local area).
func NewService(pool *pgxpool.Pool, areas func(context.Context) (geo.Regions, error), log *slog.Logger) *Service {
	ctx, cancel := context.WithCancel(context.Background())
	return &Service{pool: pool, areas: areas, log: log, archiveLimits: DefaultArchiveLimits, live: map[int64]*rowSource{},
		bgCtx: ctx, bgCancel: cancel}
}

// SetArchiveLimits replaces the limits on police.uk archives (DefaultArchiveLimits).
func (s *Service) SetArchiveLimits(l ArchiveLimits) { s.archiveLimits = l }

// Close cancels background imports (they end as failed, with nothing written) and waits.
func (s *Service) Close() {
	s.bgCancel()
	s.bg.Wait()
}

// table is where a kind's rows land, and the columns its readers fill.
func table(kind string) (string, []string) {
	if kind == KindActivity {
		return "activities", activity.Columns
	}
	return "incidents", incident.Columns
}

// Validate checks and normalises the options.
func (o *Options) Validate() error {
	switch o.Kind {
	case KindIncidents, KindActivity:
	default:
		return apperr.Errorf(apperr.Invalid, "kind %q: want incidents or activity", o.Kind)
	}
	switch o.Format {
	case FormatPlacesafe, FormatGeoJSON:
	case FormatPoliceUK:
		if o.Kind != KindIncidents {
			return apperr.Errorf(apperr.Invalid, "format policeuk holds incidents, not %s", o.Kind)
		}
	default:
		return apperr.Errorf(apperr.Invalid, "format %q: want placesafe, policeuk or geojson", o.Format)
	}
	switch o.Scope {
	case "":
		o.Scope = string(incident.ScopeSYV)
	case string(incident.ScopeSYV), string(incident.ScopeAll):
	default:
		return apperr.Errorf(apperr.Invalid, "scope %q: want syv or all", o.Scope)
	}
	// The file name is only a label: keep it short and printable.
	o.Filename = strings.Map(func(r rune) rune {
		if text.Forbidden(r) {
			return -1
		}
		return r
	}, strings.ToValidUTF8(o.Filename, ""))
	if r := []rune(o.Filename); len(r) > 255 {
		o.Filename = string(r[:255])
	}
	return nil
}

func newReader(o Options, r io.Reader) (record.Reader, error) {
	switch {
	case o.Kind == KindActivity && o.Format == FormatGeoJSON:
		return activity.NewGeoJSONReader(r)
	case o.Kind == KindActivity:
		return activity.NewCSVReader(r)
	case o.Format == FormatPoliceUK:
		return incident.NewPoliceUKReader(r, incident.Scope(o.Scope))
	case o.Format == FormatGeoJSON:
		return incident.NewGeoJSONReader(r)
	default:
		return incident.NewCSVReader(r)
	}
}

// Create records a new running import and returns its id.
func (s *Service) Create(ctx context.Context, o *Options) (int64, error) {
	if err := o.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := s.pool.QueryRow(ctx, `INSERT INTO imports (kind, format, scope, filename, status, created_by)
		VALUES ($1, $2, $3, $4, 'running', $5) RETURNING id`, o.Kind, o.Format, o.Scope, o.Filename, audit.ActorFrom(ctx).ID()).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("create import: %w", err)
	}
	return id, nil
}

// Run imports body as import id. The file lands whole or not at all: a refused file returns an
// unprocessable *apperr.Error listing its bad rows, and the import is marked rejected.
func (s *Service) Run(ctx context.Context, id int64, o Options, body io.Reader) (*Report, error) {
	started := time.Now()
	if s.Observe != nil {
		defer func() {
			if r, err := s.Get(context.WithoutCancel(ctx), id); err == nil {
				s.Observe(r, time.Since(started))
			}
		}()
	}
	err := s.run(ctx, id, o, body)
	if err == nil {
		return s.Get(ctx, id)
	}
	return nil, s.finishBadly(ctx, id, o, err)
}

func (s *Service) run(ctx context.Context, id int64, o Options, body io.Reader) error {
	return pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// The local areas stay as read until the records placed in them land.
		if err := area.LockForPlacing(ctx, tx); err != nil {
			return err
		}
		regions, err := s.areas(ctx)
		if err != nil {
			return err
		}
		return s.land(ctx, tx, id, o, body, regions)
	})
}

// land reads body into import id's records placed in regions, in tx.
func (s *Service) land(ctx context.Context, tx pgx.Tx, id int64, o Options, body io.Reader, regions geo.Regions) error {
	a := geo.UKArea()
	if len(regions) > 0 {
		a = regions.Union()
	}
	src, cleanup, err := s.source(o, body, geo.NewCoordinateCheck(a))
	if err != nil {
		return err
	}
	defer cleanup()
	src.regions = regions
	s.mu.Lock()
	s.live[id] = src
	s.mu.Unlock()
	defer func() {
		s.mu.Lock()
		delete(s.live, id)
		s.mu.Unlock()
	}()

	tbl, cols := table(o.Kind)
	if _, err := tx.Exec(ctx, fmt.Sprintf(`CREATE TEMP TABLE import_stage ON COMMIT DROP AS
		SELECT 0::int AS file_no, 0::bigint AS line, ''::bytea AS content_hash, %s, lat, lng, h3_cell, local_area_id FROM %s WITH NO DATA`,
		strings.Join(cols, ", "), tbl)); err != nil {
		return fmt.Errorf("create staging table: %w", err)
	}
	copyCols := append(append([]string{"file_no", "line", "content_hash"}, cols...), "lat", "lng", "h3_cell", "local_area_id")
	started := time.Now()
	src.start()
	_, err = tx.CopyFrom(ctx, pgx.Identifier{"import_stage"}, copyCols, src)
	src.stop()
	if err != nil {
		if src.fatal != nil {
			return src.fatal
		}
		return fmt.Errorf("stage rows: %w", err)
	}
	if err := src.fileRefusal(); err != nil {
		return err
	}
	s.log.Info("import staged", "import_id", id, "rows", src.staged, "duration_ms", time.Since(started).Milliseconds())
	started = time.Now()
	imported, byFile, err := moveRows(ctx, tx, id, tbl, cols, src.archive != nil)
	if err != nil {
		return err
	}
	s.log.Info("import moved", "import_id", id, "rows", imported, "duration_ms", time.Since(started).Milliseconds())
	if o.Kind == KindIncidents {
		started = time.Now()
		if err := cellcount.Add(ctx, tx, id); err != nil {
			return err
		}
		s.log.Info("import summed", "import_id", id, "duration_ms", time.Since(started).Milliseconds())
	}
	skipped, err1 := json.Marshal(nonNil(src.skips))
	byWhy, err2 := json.Marshal(src.byWhy)
	files, err3 := json.Marshal(src.fileReports(byFile))
	if err := errors.Join(err1, err2, err3); err != nil {
		return fmt.Errorf("report of import %d: %w", id, err)
	}
	read := src.read.Load()
	if _, err := tx.Exec(ctx, `UPDATE imports SET status = 'done', rows_read = $2, rows_imported = $3,
		rows_duplicate = $4, rows_skipped = $5, skipped = $6, skipped_by_reason = $7, files = $8, finished_at = now()
		WHERE id = $1`, id, read, imported, src.staged-imported, src.skipped, skipped, byWhy, files); err != nil {
		return fmt.Errorf("record import %d: %w", id, err)
	}
	params := map[string]any{"kind": o.Kind, "format": o.Format, "scope": o.Scope, "filename": o.Filename,
		"rows_read": read, "rows_duplicate": src.staged - imported, "rows_skipped": src.skipped}
	if src.archive != nil {
		params["street_files"] = len(src.names)
	}
	return audit.Record(ctx, tx, "import.create", "imports/"+strconv.FormatInt(id, 10), params, imported)
}

// source opens the file's rows: a police.uk file may be one CSV file or a ZIP archive of them,
// told apart by the content, not the name; the other formats are single files. cleanup
// removes what opening made (a spooled archive).
func (s *Service) source(o Options, body io.Reader, check *geo.CoordinateCheck) (*rowSource, func(), error) {
	br := bufio.NewReaderSize(body, 64<<10)
	if !isZip(br) {
		rd, err := newReader(o, br)
		if err != nil {
			return nil, nil, err
		}
		return newRowSource(rd, o.Kind, o.Format, check), func() {}, nil
	}
	if o.Format != FormatPoliceUK {
		return nil, nil, apperr.Errorf(apperr.Unprocessable, "the file is a ZIP archive: archives are read for format policeuk only; nothing was imported")
	}
	f, cleanup, err := spool(s.TempDir, br)
	if err != nil {
		return nil, nil, err
	}
	_, streets, reports, err := openArchive(f, s.archiveLimits)
	if err != nil {
		cleanup()
		return nil, nil, err
	}
	ar := newArchiveReader(streets, incident.Scope(o.Scope))
	src := newArchiveSource(ar, o.Kind, o.Format, check)
	src.reports = reports
	return src, func() { ar.close(); cleanup() }, nil
}

// moveRows moves the staged rows into tbl as import id, skipping those already there, and
// returns how many it added, and for an archive how many of each file. The occurrence number
// among identical rows of a file (by line) joins the content hash, so that police.uk's
// identical rows stay separate incidents while a re-import, or the same file twice in an
// archive, collides.
func moveRows(ctx context.Context, tx pgx.Tx, id int64, tbl string, cols []string, byFile bool) (int64, map[int]int64, error) {
	colList := strings.Join(cols, ", ")
	if !byFile {
		tag, err := tx.Exec(ctx, fmt.Sprintf(`INSERT INTO %[1]s (import_id, row_key, %[2]s, lat, lng, h3_cell, local_area_id)
			SELECT $1, sha256(content_hash || int8send(occ)), %[2]s, lat, lng, h3_cell, local_area_id
			FROM (SELECT s.*, row_number() OVER (PARTITION BY content_hash ORDER BY line) AS occ FROM import_stage s) x
			ON CONFLICT (row_key) DO NOTHING`, tbl, colList), id)
		if err != nil {
			return 0, nil, fmt.Errorf("move rows into %s: %w", tbl, err)
		}
		return tag.RowsAffected(), nil, nil
	}
	// The rows go in file order, so that of two identical files the earlier is imported and
	// the later counted as duplicate.
	rows, err := tx.Query(ctx, fmt.Sprintf(`WITH staged AS (
			SELECT s.*, sha256(content_hash || int8send(row_number() OVER (PARTITION BY file_no, content_hash ORDER BY line))) AS key
			FROM import_stage s),
		ins AS (INSERT INTO %[1]s (import_id, row_key, %[2]s, lat, lng, h3_cell, local_area_id)
			SELECT $1, key, %[2]s, lat, lng, h3_cell, local_area_id FROM staged ORDER BY file_no, line
			ON CONFLICT (row_key) DO NOTHING RETURNING row_key)
		SELECT f.file_no, count(*) FROM ins
		JOIN (SELECT DISTINCT ON (key) key, file_no FROM staged ORDER BY key, file_no) f ON f.key = ins.row_key
		GROUP BY f.file_no`, tbl, colList), id)
	if err != nil {
		return 0, nil, fmt.Errorf("move rows into %s: %w", tbl, err)
	}
	out := map[int]int64{}
	var total int64
	for rows.Next() {
		var f int32
		var n int64
		if err := rows.Scan(&f, &n); err != nil {
			return 0, nil, fmt.Errorf("move rows into %s: %w", tbl, err)
		}
		out[int(f)] = n
		total += n
	}
	if err := rows.Err(); err != nil {
		return 0, nil, fmt.Errorf("move rows into %s: %w", tbl, err)
	}
	return total, out, nil
}

func nonNil(s []Skip) []Skip {
	if s == nil {
		return []Skip{}
	}
	return s
}

// finishBadly marks a refused or failed import and returns the error for the caller.
func (s *Service) finishBadly(ctx context.Context, id int64, o Options, err error) error {
	status, msg := StatusFailed, "the import failed; nothing was written"
	var out error = err
	var details []any
	var fileErr *record.FileError
	var ref *refusal
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig):
		status, msg = StatusRejected, fmt.Sprintf("the file is larger than the %d-byte limit; nothing was written", tooBig.Limit)
		out = apperr.Errorf(apperr.TooLarge, "%s", msg)
	case errors.As(err, &fileErr):
		status, msg = StatusRejected, fileErr.Error()
		for _, c := range fileErr.Columns {
			details = append(details, map[string]string{"column": c})
		}
		out = apperr.WithDetails(apperr.Unprocessable, "file refused: "+msg, details)
	case errors.As(err, &ref):
		status, msg, details = StatusRejected, ref.msg, ref.details
		out = apperr.WithDetails(apperr.Unprocessable, msg, details)
	case ctx.Err() != nil:
		msg = "the import was interrupted; nothing was written"
	case apperr.Code(err) != apperr.Internal:
		status, msg = StatusRejected, err.Error()
	}
	// The request's context may be gone (a cancelled upload); record the outcome regardless.
	bg := context.WithoutCancel(ctx)
	errs, jerr := json.Marshal(nonNilAny(details))
	if jerr != nil {
		s.log.Error("encode import errors", "import_id", id, "error", jerr)
		errs = []byte("[]")
	}
	if _, uerr := s.pool.Exec(bg, `UPDATE imports SET status = $2, message = $3, errors = $4, finished_at = now()
		WHERE id = $1`, id, status, msg, errs); uerr != nil {
		s.log.Error("record failed import", "import_id", id, "error", uerr)
	}
	if aerr := audit.Record(bg, s.pool, "import."+status, "imports/"+strconv.FormatInt(id, 10), map[string]any{
		"kind": o.Kind, "format": o.Format, "filename": o.Filename, "message": msg, "bad_rows": len(details)}, 0); aerr != nil {
		s.log.Error("audit failed import", "import_id", id, "error", aerr)
	}
	return out
}

func nonNilAny(d []any) []any {
	if d == nil {
		return []any{}
	}
	return d
}
