package analysis

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Layerer renders a map layer as GeoJSON for a role; *hotspot.Layers is one.
type Layerer interface {
	GeoJSON(ctx context.Context, layer string, q url.Values, role string) ([]byte, error)
}

// Service runs and keeps saved analyses.
type Service struct {
	pool   *pgxpool.Pool
	layers Layerer
}

// NewService returns a Service that runs analyses with layers and keeps them in pool.
func NewService(pool *pgxpool.Pool, layers Layerer) *Service {
	return &Service{pool: pool, layers: layers}
}

// restrictedRole is the role an analysis for every audience is run as: one without
// record-level access, so that the saved counts are those every role may see.
const restrictedRole = auth.RoleInspector

// saveAttempts bounds the reruns of an analysis whose data changed while it ran.
const saveAttempts = 3

// Save runs the analysis in for a caller of role and keeps it with its parameters, its result
// and the data version it covered, audit-logged. An import that lands while the analysis runs
// would make the data version wrong, so the version is read before the run and again in the
// saving transaction, and the run is repeated when they differ.
func (s *Service) Save(ctx context.Context, in Input, role string) (*Analysis, error) {
	q, err := in.query()
	if err != nil {
		return nil, err
	}
	runAs := role
	if in.Audience == AudienceAll {
		runAs = restrictedRole
	}
	recordKind := q.Get("kind")
	if recordKind == "" {
		recordKind = hotspot.KindIncidents
	}
	for range saveAttempts {
		before, err := dataVersion(ctx, s.pool, recordKind)
		if err != nil {
			return nil, err
		}
		result, err := s.layers.GeoJSON(ctx, in.Kind, q, runAs)
		if err != nil {
			if in.Audience == AudienceAll && apperr.Code(err) == apperr.Forbidden {
				return nil, unprocessable("params", "an analysis for every role follows the rules of roles without record-level access (%s); save it with \"audience\": \"record_level\" to keep it for admins and analysts only", errMessage(err))
			}
			return nil, err
		}
		a, err := s.insert(ctx, in, q, result, before)
		if errors.Is(err, errDataChanged) {
			continue
		}
		return a, err
	}
	return nil, apperr.Errorf(apperr.Conflict, "records were imported while the analysis ran, %d times; try again", saveAttempts)
}

var errDataChanged = errors.New("data changed during the run")

// insert keeps the analysis if the data version is still dv.
func (s *Service) insert(ctx context.Context, in Input, q url.Values, result []byte, dv DataVersion) (*Analysis, error) {
	var a *Analysis
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		now, err := dataVersion(ctx, tx, dv.RecordKind)
		if err != nil {
			return err
		}
		if !now.same(dv) {
			return errDataChanged
		}
		params, err := json.Marshal(storedParams(q))
		if err != nil {
			return fmt.Errorf("encode params: %w", err)
		}
		version, err := json.Marshal(dv)
		if err != nil {
			return fmt.Errorf("encode data version: %w", err)
		}
		var id int64
		if err := tx.QueryRow(ctx, `INSERT INTO saved_analyses (kind, title, audience, params, result, data_version, created_by, disclosure_rule, local_areas)
			VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id`,
			in.Kind, in.Title, in.Audience, params, json.RawMessage(result), version, versioned.Actor(ctx), disclosure.RuleVersion, coveredAreas(ctx)).Scan(&id); err != nil {
			return err
		}
		if a, err = get(ctx, tx, id, true); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "analysis.save", resource(id), map[string]any{
			"kind": in.Kind, "title": in.Title, "audience": in.Audience, "params": a.Params,
			"imports": dv.Imports}, int64(len(dv.Imports)))
	})
	if err != nil {
		return nil, fmt.Errorf("save analysis %q: %w", in.Title, err)
	}
	return a, nil
}

// coveredAreas are the local areas an analysis saved by the request covers, in id order; nil
// for the whole deployment.
func coveredAreas(ctx context.Context) []int64 {
	v := area.ViewerFrom(ctx)
	if v.All {
		return nil
	}
	out := append([]int64{}, v.Areas...) // never nil: nil is the whole deployment
	slices.Sort(out)
	return slices.Compact(out)
}

// sees reports whether the request sees every local area of an analysis covering areas.
func sees(ctx context.Context, q versioned.Querier, areas []int64) (bool, error) {
	cond, arg := seenSQL(ctx, "$2::bigint[]", 1)
	var ok bool
	if err := q.QueryRow(ctx, "SELECT "+cond, arg, areas).Scan(&ok); err != nil {
		return false, fmt.Errorf("local areas of an analysis: %w", err)
	}
	return ok, nil
}

// seenSQL is the condition that the request sees every local area an analysis covers, the
// analysis's areas being col (NULL: the whole deployment, seen by a request that sees every
// local area there is), and its parameter $n.
func seenSQL(ctx context.Context, col string, n int) (string, any) {
	v := area.ViewerFrom(ctx)
	var areas any
	if !v.All {
		areas = append([]int64{}, v.Areas...)
	}
	return fmt.Sprintf(`($%[2]d::bigint[] IS NULL OR (%[1]s IS NOT NULL AND %[1]s <@ $%[2]d::bigint[])
		OR (%[1]s IS NULL AND NOT EXISTS (SELECT 1 FROM local_areas la WHERE la.id <> ALL($%[2]d::bigint[]))))`, col, n), areas
}

// dataVersion reads the landed imports of recordKind and the study area's last change.
func dataVersion(ctx context.Context, q versioned.Querier, recordKind string) (DataVersion, error) {
	dv := DataVersion{RecordKind: recordKind}
	err := q.QueryRow(ctx, `SELECT COALESCE((SELECT array_agg(id ORDER BY id) FROM imports WHERE status = 'done' AND kind = $1), '{}'),
		(SELECT max(updated_at) FROM local_areas)`, recordKind).Scan(&dv.Imports, &dv.StudyAreaUpdatedAt)
	if err != nil {
		return dv, fmt.Errorf("read data version: %w", err)
	}
	return dv, nil
}

// columns are read with the author's email, so that lists say who saved each analysis.
const columns = `id, kind, title, audience, params, data_version, created_by,
	COALESCE((SELECT email FROM users WHERE users.id = saved_analyses.created_by), ''), created_at, disclosure_rule, local_areas`

func scan(row pgx.Row, withResult bool, extra ...any) (*Analysis, error) {
	a := &Analysis{}
	var result []byte
	dst := []any{&a.ID, &a.Kind, &a.Title, &a.Audience, &a.Params, &a.DataVersion, &a.CreatedBy, &a.CreatedByEmail, &a.CreatedAt, &a.DisclosureRule, &a.LocalAreas}
	if withResult {
		dst = append(dst, &result)
	}
	if err := row.Scan(append(dst, extra...)...); err != nil {
		return nil, err
	}
	if withResult {
		// jsonb prints with spaces after separators; the API answers it compact, the same
		// bytes every time.
		var buf bytes.Buffer
		if err := json.Compact(&buf, result); err != nil {
			return nil, fmt.Errorf("stored result of analysis %d: %w", a.ID, err)
		}
		a.Result = buf.Bytes()
	}
	return a, nil
}

// get reads saved analysis id, with its result when withResult.
func get(ctx context.Context, q versioned.Querier, id int64, withResult bool) (*Analysis, error) {
	sql := `SELECT ` + columns + ` FROM saved_analyses WHERE id = $1`
	if withResult {
		sql = `SELECT ` + columns + `, result FROM saved_analyses WHERE id = $1`
	}
	scanOne := func(row pgx.Row, extra ...any) (*Analysis, error) { return scan(row, withResult, extra...) }
	return versioned.Get(ctx, q, sql, false, scanOne, "saved analysis", id)
}

// Get returns a saved analysis with its result as stored, for a reader of role: an analysis
// kept for record-level roles is refused (403) to the others, one covering a local area the
// request does not see answers as one that does not exist, and its reading is audit-logged,
// as record-level views of the map are.
func (s *Service) Get(ctx context.Context, id int64, role string) (*Analysis, error) {
	a, err := get(ctx, s.pool, id, true)
	if err != nil {
		return nil, err
	}
	if ok, err := sees(ctx, s.pool, a.LocalAreas); err != nil || !ok {
		if err != nil {
			return nil, err
		}
		return nil, apperr.Errorf(apperr.NotFound, "no saved analysis %d", id)
	}
	switch {
	case auth.RecordLevel(role):
		if a.Audience == AudienceRecordLevel {
			if err := audit.Record(ctx, s.pool, "analysis.view", resource(id), map[string]any{"kind": a.Kind, "params": a.Params}, -1); err != nil {
				return nil, err
			}
		}
	case a.Audience == AudienceRecordLevel:
		return nil, apperr.Errorf(apperr.Forbidden, "saved analysis %d holds record-level counts and is kept for admins and analysts", id)
	case a.Withheld(role):
		return nil, apperr.Errorf(apperr.Forbidden, "saved analysis %d was protected by an earlier disclosure rule; an analyst can save it again for every role", id)
	default: // an aggregate view of a role below record-level access: logged without a record count
		if err := audit.Record(ctx, s.pool, "analysis.view", resource(id), map[string]any{"kind": a.Kind, "params": a.Params, "role": role}, 0); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// Filter narrows List.
type Filter struct {
	Kind   *string
	Limit  int
	Offset int
}

// List returns saved analyses newest first, without their results, that a reader of role may
// read and whose local areas the request sees, and how many there are in all.
func (s *Service) List(ctx context.Context, f Filter, role string) ([]*Analysis, int, error) {
	f.Limit = api.Limit(f.Limit)
	seen, areas := seenSQL(ctx, "local_areas", 5)
	rows, err := s.pool.Query(ctx, `SELECT `+columns+`, COUNT(*) OVER () FROM saved_analyses
		WHERE ($1::text IS NULL OR kind = $1) AND ($2 OR audience = 'all') AND `+seen+`
		ORDER BY id DESC LIMIT $3 OFFSET $4`, f.Kind, auth.RecordLevel(role), f.Limit, f.Offset, areas)
	if err != nil {
		return nil, 0, fmt.Errorf("list analyses: %w", err)
	}
	total := 0
	out, err := pgx.CollectRows(rows, func(r pgx.CollectableRow) (*Analysis, error) {
		return scan(r, false, &total)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("list analyses: %w", err)
	}
	return out, total, nil
}

func resource(id int64) string { return "analyses/" + strconv.FormatInt(id, 10) }

// errMessage is the message of an *apperr.Error, or its text.
func errMessage(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return err.Error()
}

// DataVersion returns the data the map shows now for records of recordKind (incidents or
// activity): the landed imports and the study area's last change, as a saved analysis records
// them, so that an exported map names the data it was drawn from.
func (s *Service) DataVersion(ctx context.Context, recordKind string) (DataVersion, error) {
	if recordKind != "incidents" && recordKind != "activity" {
		return DataVersion{}, apperr.Errorf(apperr.Invalid, "kind %q: want incidents or activity", recordKind)
	}
	return dataVersion(ctx, s.pool, recordKind)
}
