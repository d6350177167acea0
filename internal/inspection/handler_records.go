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

// keptRecord is a versioned record kept under an inspection.
type keptRecord interface{ idVersion() (int64, int) }

func (f *Finding) idVersion() (int64, int)         { return f.ID, f.Version }
func (a *Action) idVersion() (int64, int)          { return a.ID, a.Version }
func (p *Person) idVersion() (int64, int)          { return p.ID, p.Version }
func (m *Meeting) idVersion() (int64, int)         { return m.ID, m.Version }
func (c *Child) idVersion() (int64, int)           { return c.ID, c.Version }
func (c *AccuracyComment) idVersion() (int64, int) { return c.ID, c.Version }
func (r *AuditRound) idVersion() (int64, int)      { return r.ID, r.Version }
func (e *Evidence) idVersion() (int64, int)        { return e.ID, e.Version }
func (it *AnnexAItem) idVersion() (int64, int)     { return it.ID, it.Version }
func (in *Inspection) idVersion() (int64, int)     { return in.ID, in.Version }

// routes serves one kind of record kept under an inspection: the path of its collection
// ("findings"), its path parameter ("finding"), how its bodies are read, and the store's
// methods that add, read, change and remove one (nil for what the kind does not offer).
type routes[N, P any, R keptRecord] struct {
	path, param string
	decode      func(echo.Context, any) error
	add         func(ctx context.Context, inspectionID int64, n N) (R, error)
	get         func(ctx context.Context, inspectionID, id int64) (R, error)
	update      func(ctx context.Context, inspectionID, id int64, version int, p P) (R, error)
	remove      func(ctx context.Context, inspectionID, id int64) error
}

func (r routes[N, P, R]) Add(c echo.Context) error { return addRecord(c, r.path, r.decode, r.add) }
func (r routes[N, P, R]) Get(c echo.Context) error { return getRecord(c, r.param, r.get) }
func (r routes[N, P, R]) Update(c echo.Context) error {
	return updateRecord(c, r.param, r.decode, r.update)
}
func (r routes[N, P, R]) Delete(c echo.Context) error { return deleteRecord(c, r.param, r.remove) }

// addRecord adds a record from a JSON body of type N, read by decode, to inspection {id}, and
// answers 201 with it, its ETag and its Location under path ("findings").
func addRecord[N any, R keptRecord](c echo.Context, path string, decode func(echo.Context, any) error,
	add func(ctx context.Context, inspectionID int64, n N) (R, error)) error {
	return addTo(c, decode, add, func(r R) string {
		rid, _ := r.idVersion()
		return "/" + path + "/" + itoa(rid)
	})
}

// addTo adds what a JSON body of type N, read by decode, describes to inspection {id}, and
// answers 201 with what add returns, at the Location below the inspection that at names
// ("/fieldwork"), with its ETag when it is a versioned record.
func addTo[N, R any](c echo.Context, decode func(echo.Context, any) error,
	add func(ctx context.Context, inspectionID int64, n N) (R, error), at func(R) string) error {
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
	location := "/api/v1/inspections/" + itoa(id) + at(r)
	if rec, ok := any(r).(keptRecord); ok {
		_, version := rec.idVersion()
		return api.Created(c, location, version, r)
	}
	c.Response().Header().Set(echo.HeaderLocation, location)
	return c.JSON(http.StatusCreated, r)
}

// answer reads inspection {id} or a part of it with read and answers it, with its ETag when
// it is a versioned record.
func answer[T any](c echo.Context, read func(ctx context.Context, inspectionID int64) (T, error)) error {
	return answerAs(c, read, func(_ int64, v T) any { return v })
}

// changeWith reads what a change to inspection {id} starts with (versionedJSON) into a P,
// runs change and answers the record it returns with its ETag.
func changeWith[P any, R keptRecord](c echo.Context, change func(ctx context.Context, id int64, version int, p P) (R, error)) error {
	var p P
	id, version, err := versionedJSON(c, &p)
	if err != nil {
		return err
	}
	r, err := change(c.Request().Context(), id, version, p)
	if err != nil {
		return err
	}
	return answerRecord(c, http.StatusOK, r)
}

// answerAs reads a part of inspection {id} with read and answers what as makes of it, with
// its ETag when that is a versioned record.
func answerAs[T any](c echo.Context, read func(ctx context.Context, inspectionID int64) (T, error), as func(id int64, v T) any) error {
	id, err := api.PathID(c, "id")
	if err != nil {
		return err
	}
	v, err := read(c.Request().Context(), id)
	if err != nil {
		return err
	}
	out := as(id, v)
	if r, ok := out.(keptRecord); ok {
		return answerRecord(c, http.StatusOK, r)
	}
	return c.JSON(http.StatusOK, out)
}

// listing reads a list of inspection {id} with read and answers it under name beside the
// inspection's id and the members more adds (the keys a client chooses from, counts).
func listing[T any](c echo.Context, name string, read func(ctx context.Context, inspectionID int64) (T, error),
	more func(T) map[string]any) error {
	return answerAs(c, read, func(id int64, list T) any {
		out := map[string]any{"inspection_id": id, name: list}
		if more != nil {
			for k, v := range more(list) {
				out[k] = v
			}
		}
		return out
	})
}

// paged answers under name the page of a list that list reads, with the total that match.
func paged[T any](c echo.Context, name string, list func(ctx context.Context, page api.Page) ([]T, int, error)) error {
	page, err := api.Paging(c)
	if err != nil {
		return err
	}
	items, total, err := list(c.Request().Context(), page)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, api.List(name, items, total, page))
}

// getRecord answers record {name} of inspection {id} with its ETag.
func getRecord[R keptRecord](c echo.Context, name string, get func(ctx context.Context, inspectionID, id int64) (R, error)) error {
	id, rid, err := pathIDs(c, name)
	if err != nil {
		return err
	}
	r, err := get(c.Request().Context(), id, rid)
	if err != nil {
		return err
	}
	return answerRecord(c, http.StatusOK, r)
}

// updateRecord changes record {name} of inspection {id} from a JSON body of type P, read by
// decode, at the version If-Match names, and answers it with its ETag.
func updateRecord[P any, R keptRecord](c echo.Context, name string, decode func(echo.Context, any) error,
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
	return answerRecord(c, http.StatusOK, r)
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

// changePart reads inspection {id}, the path ids names names within it (its record, the
// part of the record) and a JSON body of type N, and runs change on them: a change to a part
// of a record (a case of an audit round, an agency's audit of a child) that answers the
// record. It returns the ids read and the record.
func changePart[N any, R keptRecord](c echo.Context, change func(ctx context.Context, ids []int64, n N) (R, error), names ...string) ([]int64, R, error) {
	var r R
	ids := make([]int64, len(names)+1)
	for i, name := range append([]string{"id"}, names...) {
		var err error
		if ids[i], err = api.PathID(c, name); err != nil {
			return nil, r, err
		}
	}
	var n N
	if err := decodeJSON(c, &n); err != nil {
		return nil, r, err
	}
	r, err := change(c.Request().Context(), ids, n)
	return ids, r, err
}

// setPart is changePart for a PUT that answers the changed record with its ETag.
func setPart[N any, R keptRecord](c echo.Context, change func(ctx context.Context, ids []int64, n N) (R, error), names ...string) error {
	_, r, err := changePart(c, change, names...)
	if err != nil {
		return err
	}
	return answerRecord(c, http.StatusOK, r)
}

// answerRecord answers a versioned record with status and its ETag.
func answerRecord[R keptRecord](c echo.Context, status int, r R) error {
	_, version := r.idVersion()
	return api.JSONVersion(c, status, version, r)
}

// countBy counts list by key, every one of keys counted (0 when none).
func countBy[T any](list []T, keys []string, key func(T) string) map[string]int {
	counts := make(map[string]int, len(keys))
	for _, k := range keys {
		counts[k] = 0
	}
	for _, v := range list {
		counts[key(v)]++
	}
	return counts
}
