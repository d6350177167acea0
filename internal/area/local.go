package area

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/postgres"
)

// LocalAreaRef names a local authority area of the deployment.
type LocalAreaRef struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
	// ONSCode is the GSS code of the local authority, such as E08000026; nil only for the area
	// of a deployment that had one study area before local areas, until an admin names it.
	ONSCode *string `json:"ons_code"`
}

// LocalArea is one local authority area of the deployment.
type LocalArea struct {
	LocalAreaRef
	Area      geo.Area  `json:"-"`
	Version   int       `json:"version"`
	UpdatedAt time.Time `json:"updated_at"`
}

// NewLocalArea is the body of POST /local-areas: a name, the ONS code and the boundary as
// GeoJSON (a Polygon, a MultiPolygon or a Feature or FeatureCollection of them, in WGS84).
type NewLocalArea struct {
	Name     string          `json:"name"`
	ONSCode  *string         `json:"ons_code"`
	Boundary json.RawMessage `json:"boundary"`
}

// LocalAreaPatch changes a local area; absent fields are left as they are.
type LocalAreaPatch struct {
	Name     *string         `json:"name"`
	ONSCode  *string         `json:"ons_code"`
	Boundary json.RawMessage `json:"boundary"`
}

// onsCode is a GSS code of nine characters: the country's letter (E, W, S, N) and eight
// digits, the first two naming the kind of area (E06, E07, E08, E09, W06, S12, N09 for
// local authorities).
var onsCode = regexp.MustCompile(`^[ENSW][0-9]{8}$`)

// checkFields refuses a bad name or ONS code (nil fields are not checked).
func checkFields(name, code *string) error {
	var bad api.Refusal
	if name != nil {
		if *name == "" {
			bad.Add("name", "is required")
		}
		bad.Text("name", *name, 200, false)
	}
	if code != nil && !onsCode.MatchString(*code) {
		bad.Add("ons_code", "%q is not an ONS (GSS) code such as E08000026", *code)
	}
	return bad.Err("local area")
}

// parseBoundary validates a local area's boundary and returns it with its normalised GeoJSON:
// one MultiPolygon, no foreign members.
func parseBoundary(data []byte) (geo.Area, []byte, error) {
	a, err := geo.ParseBoundary(data)
	if err != nil {
		return geo.Area{}, nil, apperr.Errorf(apperr.Unprocessable, "boundary refused: %v", err)
	}
	if err := checkSize(a); err != nil {
		return geo.Area{}, nil, err
	}
	norm, err := json.Marshal(geojson.NewGeometry(a.MultiPolygon()))
	if err != nil {
		return geo.Area{}, nil, fmt.Errorf("encode boundary: %w", err)
	}
	return a, norm, nil
}

// querier reads rows: the pool, or a transaction that sees its own changes.
type querier interface {
	Query(ctx context.Context, sql string, args ...any) (pgx.Rows, error)
}

// load reads every local area, in id order.
func load(ctx context.Context, q querier) ([]*LocalArea, error) {
	rows, err := q.Query(ctx, `SELECT id, name, ons_code, geojson, version, updated_at FROM local_areas ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("load local areas: %w", err)
	}
	defer rows.Close()
	var out []*LocalArea
	for rows.Next() {
		l := &LocalArea{}
		var raw []byte
		if err := rows.Scan(&l.ID, &l.Name, &l.ONSCode, &raw, &l.Version, &l.UpdatedAt); err != nil {
			return nil, fmt.Errorf("load local areas: %w", err)
		}
		if l.Area, err = geo.ParseBoundary(raw); err != nil {
			return nil, fmt.Errorf("stored boundary of local area %d no longer parses: %w", l.ID, err)
		}
		out = append(out, l)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("load local areas: %w", err)
	}
	return out, nil
}

// Locals returns the local areas in id order.
func (s *Store) Locals(ctx context.Context) ([]*LocalArea, error) {
	sa, err := s.Get(ctx)
	if err != nil || sa == nil {
		return nil, err
	}
	return sa.Locals, nil
}

// Local returns local area id, or a 404.
func (s *Store) Local(ctx context.Context, id int64) (*LocalArea, error) {
	locals, err := s.Locals(ctx)
	if err != nil {
		return nil, err
	}
	for _, l := range locals {
		if l.ID == id {
			return l, nil
		}
	}
	return nil, notFound(id)
}

// notFound is the answer for a local area that does not exist or that the user does not see.
func notFound(id int64) error { return apperr.Errorf(apperr.NotFound, "no local area %d", id) }

func localResource(id int64) string { return "local-areas/" + strconv.FormatInt(id, 10) }

// AddLocal adds a local area to the deployment, audit-logged. The study area grows by it, and
// in the same transaction every record and place is placed anew (see Placement).
func (s *Store) AddLocal(ctx context.Context, n NewLocalArea) (*LocalArea, *Placement, error) {
	if err := checkFields(&n.Name, n.ONSCode); err != nil {
		return nil, nil, err
	}
	a, norm, err := parseBoundary(n.Boundary)
	if err != nil {
		return nil, nil, err
	}
	var id int64
	var pl *Placement
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockAreas(ctx, tx); err != nil {
			return err
		}
		if err := checkCount(ctx, tx); err != nil {
			return err
		}
		if err := checkUnion(ctx, tx, 0, a); err != nil {
			return err
		}
		if err := tx.QueryRow(ctx, `INSERT INTO local_areas (name, ons_code, geojson, updated_by) VALUES ($1, $2, $3, $4) RETURNING id`,
			n.Name, n.ONSCode, norm, audit.ActorFrom(ctx).ID()).Scan(&id); err != nil {
			return onsTaken(err, n.ONSCode)
		}
		if pl, err = placeAll(ctx, tx, 0); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "local_area.create", localResource(id), placementParams(boundaryParams(n.Name, n.ONSCode, a), pl), -1)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("add local area: %w", err)
	}
	l, err := s.Local(ctx, id)
	return l, pl, err
}

// ChangeLocal changes local area id at version (412 when it has moved on), audit-logged. A new
// boundary places every record and place anew in the same transaction (see Placement; nil
// when the boundary stays).
func (s *Store) ChangeLocal(ctx context.Context, id int64, version int, p LocalAreaPatch) (*LocalArea, *Placement, error) {
	if err := checkFields(p.Name, p.ONSCode); err != nil {
		return nil, nil, err
	}
	var norm []byte
	var a geo.Area
	if len(p.Boundary) > 0 {
		var err error
		if a, norm, err = parseBoundary(p.Boundary); err != nil {
			return nil, nil, err
		}
	}
	var pl *Placement
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		// A rename takes the lock too: a placement elsewhere writes every area's row, and
		// waiting for it here (rather than holding this row) keeps the two from deadlocking.
		if err := lockAreas(ctx, tx); err != nil {
			return err
		}
		var cur int
		var same bool
		err := tx.QueryRow(ctx, `SELECT version, coalesce(geojson = $2::jsonb, false) FROM local_areas WHERE id = $1 FOR UPDATE`, id, norm).Scan(&cur, &same)
		if errors.Is(err, pgx.ErrNoRows) {
			return notFound(id)
		}
		if err != nil {
			return err
		}
		if cur != version {
			return apperr.Errorf(apperr.PreconditionFailed, "local area %d is at version %d, not %d: reload it and apply the change again", id, cur, version)
		}
		if same {
			// The boundary it has already (the study area set again from the same file): no
			// record moves, and placing them all anew would only make the cell index read
			// every record again.
			norm = nil
		}
		if norm != nil {
			if err := checkUnion(ctx, tx, id, a); err != nil {
				return err
			}
		}
		// updated_at keys the caches of the study area (its boundary, cell coverings) and saved
		// analyses' data: a change that changes nothing leaves it.
		changed := norm != nil || p.Name != nil || p.ONSCode != nil
		if _, err := tx.Exec(ctx, `UPDATE local_areas SET name = coalesce($2, name), ons_code = coalesce($3, ons_code),
			geojson = coalesce($4, geojson), version = version + 1, updated_at = CASE WHEN $6 THEN now() ELSE updated_at END,
			updated_by = $5 WHERE id = $1`,
			id, p.Name, p.ONSCode, norm, audit.ActorFrom(ctx).ID(), changed); err != nil {
			return onsTaken(err, p.ONSCode)
		}
		params := map[string]any{"version": version + 1}
		if p.Name != nil {
			params["name"] = *p.Name
		}
		if p.ONSCode != nil {
			params["ons_code"] = *p.ONSCode
		}
		if norm != nil {
			params["boundary"] = boundaryParams("", nil, a)
			if pl, err = placeAll(ctx, tx, 0); err != nil {
				return err
			}
			params = placementParams(params, pl)
		}
		return audit.Record(ctx, tx, "local_area.update", localResource(id), params, -1)
	})
	if err != nil {
		return nil, nil, fmt.Errorf("change local area %d: %w", id, err)
	}
	l, err := s.Local(ctx, id)
	return l, pl, err
}

// DeleteLocal removes local area id, audit-logged: its records and places are placed anew among
// the areas that remain, in the same transaction (see Placement). Inspections and the
// interventions and consultations named for it keep it (409).
func (s *Store) DeleteLocal(ctx context.Context, id int64) (*Placement, error) {
	var pl *Placement
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		if err := lockAreas(ctx, tx); err != nil {
			return err
		}
		var exists, held bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM local_areas WHERE id = $1),
			EXISTS (SELECT 1 FROM inspections WHERE local_area_id = $1)
			OR EXISTS (SELECT 1 FROM intervention_local_areas WHERE local_area_id = $1)
			OR EXISTS (SELECT 1 FROM consultation_local_areas WHERE local_area_id = $1)`, id).Scan(&exists, &held); err != nil {
			return err
		}
		if !exists {
			return notFound(id)
		}
		if held {
			return apperr.Errorf(apperr.Conflict, "local area %d holds inspections, or interventions or consultations named for it: move them first", id)
		}
		var err error
		if pl, err = placeAll(ctx, tx, id); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `DELETE FROM local_areas WHERE id = $1`, id); err != nil {
			return err
		}
		// The study area changed now: the areas that remain carry the time, which is what
		// every cache of the study area (its boundary, cell coverings) is keyed by; placeAll
		// has moved the placement time the data version carries.
		if _, err := tx.Exec(ctx, `UPDATE local_areas SET updated_at = now()`); err != nil {
			return err
		}
		return audit.Record(ctx, tx, "local_area.delete", localResource(id), placementParams(map[string]any{}, pl), -1)
	})
	if err != nil {
		return nil, fmt.Errorf("delete local area %d: %w", id, err)
	}
	return pl, nil
}

// checkCount refuses one local area more than cellcount.MaxLocalAreas, the most the cell index
// that map requests sum can tell apart. It counts in tx under lockAreas, so that two additions
// at once cannot each find room for one and together pass the limit.
func checkCount(ctx context.Context, tx pgx.Tx) error {
	var n int
	if err := tx.QueryRow(ctx, `SELECT count(*) FROM local_areas`).Scan(&n); err != nil {
		return fmt.Errorf("count local areas: %w", err)
	}
	if n >= cellcount.MaxLocalAreas {
		return apperr.Errorf(apperr.Unprocessable, "a deployment holds at most %d local areas, and this one has %d: remove one before adding another",
			cellcount.MaxLocalAreas, n)
	}
	return nil
}

// checkUnion refuses a boundary a that would take the study area past its bounds, with local
// area except (0 for none) replaced by it. It reads the areas in tx under lockAreas, so that two
// changes at once cannot each pass the bounds and together exceed them.
func checkUnion(ctx context.Context, tx pgx.Tx, except int64, a geo.Area) error {
	locals, err := load(ctx, tx)
	if err != nil {
		return err
	}
	rs := geo.Regions{{Area: a}}
	for _, l := range locals {
		if l.ID != except {
			rs = append(rs, geo.Region{ID: l.ID, Area: l.Area})
		}
	}
	return checkSize(rs.Union())
}

// onsTaken turns a clash on the unique ONS code into a 409 naming it.
func onsTaken(err error, code *string) error {
	if postgres.IsUniqueViolation(err) && code != nil {
		return apperr.Errorf(apperr.Conflict, "ons_code %s is already another local area's", *code)
	}
	return err
}

// boundaryParams are what the audit log keeps of a boundary: its name and code, how many
// polygons and its bounding box.
func boundaryParams(name string, code *string, a geo.Area) map[string]any {
	b := a.Bound()
	p := map[string]any{"polygons": len(a.MultiPolygon()), "bbox": []float64{b.Min[0], b.Min[1], b.Max[0], b.Max[1]}}
	if name != "" {
		p["name"] = name
	}
	if code != nil {
		p["ons_code"] = *code
	}
	return p
}
