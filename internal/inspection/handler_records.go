package inspection

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
)

// The records kept under an inspection (findings, actions, people, meetings, the case sample,
// accuracy comments, audit rounds, evidence) are added, read, changed and removed the same
// way; these handlers do it once.

// record is a versioned record kept under an inspection.
type record interface{ idVersion() (int64, int) }

func (f *Finding) idVersion() (int64, int)         { return f.ID, f.Version }
func (a *Action) idVersion() (int64, int)          { return a.ID, a.Version }
func (p *Person) idVersion() (int64, int)          { return p.ID, p.Version }
func (m *Meeting) idVersion() (int64, int)         { return m.ID, m.Version }
func (c *Child) idVersion() (int64, int)           { return c.ID, c.Version }
func (c *AccuracyComment) idVersion() (int64, int) { return c.ID, c.Version }
func (r *AuditRound) idVersion() (int64, int)      { return r.ID, r.Version }
func (e *Evidence) idVersion() (int64, int)        { return e.ID, e.Version }

// addRecord adds a record from a JSON body of type N, read by decode, to inspection {id}, and
// answers 201 with it, its ETag and its Location under path ("findings").
func addRecord[N any, R record](c echo.Context, path string, decode func(echo.Context, any) error,
	add func(ctx context.Context, inspectionID int64, n N) (R, error)) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	var n N
	if err := decode(c, &n); err != nil {
		return err
	}
	r, err := add(c.Request().Context(), id, n)
	if err != nil {
		return err
	}
	rid, version := r.idVersion()
	return api.Created(c, "/api/v1/inspections/"+itoa(id)+"/"+path+"/"+itoa(rid), version, r)
}

// getRecord answers record {name} of inspection {id} with its ETag.
func getRecord[R record](c echo.Context, name string, get func(ctx context.Context, inspectionID, id int64) (R, error)) error {
	id, rid, err := pathIDs(c, name)
	if err != nil {
		return err
	}
	r, err := get(c.Request().Context(), id, rid)
	if err != nil {
		return err
	}
	_, version := r.idVersion()
	return api.JSONVersion(c, http.StatusOK, version, r)
}

// updateRecord changes record {name} of inspection {id} from a JSON body of type P, read by
// decode, at the version If-Match names, and answers it with its ETag.
func updateRecord[P any, R record](c echo.Context, name string, decode func(echo.Context, any) error,
	update func(ctx context.Context, inspectionID, id int64, version int, p P) (R, error)) error {
	id, rid, err := pathIDs(c, name)
	if err != nil {
		return err
	}
	version, err := ifMatch(c)
	if err != nil {
		return err
	}
	var p P
	if err := decode(c, &p); err != nil {
		return err
	}
	r, err := update(c.Request().Context(), id, rid, version, p)
	if err != nil {
		return err
	}
	_, v := r.idVersion()
	return api.JSONVersion(c, http.StatusOK, v, r)
}

// deleteRecord removes record {name} of inspection {id}.
func deleteRecord(c echo.Context, name string, del func(ctx context.Context, inspectionID, id int64) error) error {
	id, rid, err := pathIDs(c, name)
	if err != nil {
		return err
	}
	if err := del(c.Request().Context(), id, rid); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}
