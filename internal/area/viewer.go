package area

import (
	"context"
	"fmt"
	"slices"
)

// Viewer is what a request may see of the deployment: all of it (VRU staff, admins, the
// command line) or the local areas listed.
type Viewer struct {
	All   bool
	Areas []int64
}

type viewerKey struct{}

// Header names the one local area a request views, of those its user sees: the dashboard's area
// switcher sends it. Without it a request views every area its user sees.
const Header = "X-Local-Area"

// Narrow returns v viewing local area id alone, or false when v does not see it.
func (v Viewer) Narrow(id int64) (Viewer, bool) {
	if !v.Sees(id) {
		return v, false
	}
	return Viewer{Areas: []int64{id}}, true
}

// WithViewer returns ctx carrying v; the sign-in middleware sets it for every signed-in request.
func WithViewer(ctx context.Context, v Viewer) context.Context {
	return context.WithValue(ctx, viewerKey{}, v)
}

// ViewerFrom returns the viewer ctx carries, or the whole deployment when it carries none (the
// command line and start-up, which act for the deployment).
func ViewerFrom(ctx context.Context) Viewer {
	if v, ok := ctx.Value(viewerKey{}).(Viewer); ok {
		return v
	}
	return Viewer{All: true}
}

// Sees reports whether v may see what belongs to local area id.
func (v Viewer) Sees(id int64) bool { return v.All || slices.Contains(v.Areas, id) }

// SeesAny reports whether v may see what belongs to any of the local areas ids (a place on a
// boundary belongs to both sides).
func (v Viewer) SeesAny(ids []int64) bool { return v.All || slices.ContainsFunc(ids, v.Sees) }

// Covers reports whether v sees everything scope sees: the whole deployment only when v does,
// otherwise every one of scope's areas (an export of some areas is read only by such a viewer).
func (v Viewer) Covers(scope Viewer) bool {
	if scope.All {
		return v.All
	}
	return v.All || !slices.ContainsFunc(scope.Areas, func(id int64) bool { return !v.Sees(id) })
}

// Filter returns an SQL condition, true for rows whose local area column col v may see, and
// the value to pass as its parameter $n. Rows of no local area are the whole deployment's.
func (v Viewer) Filter(col string, n int) (string, any) {
	cond := fmt.Sprintf("($%[2]d::bigint[] IS NULL OR %[1]s = ANY($%[2]d::bigint[]))", col, n)
	if v.All {
		return cond, nil
	}
	return cond, append([]int64{}, v.Areas...)
}

// FilterThrough is Filter for records linked to local areas through table link, whose column
// owner holds the record's id, ref: true for records linked to an area v sees. Records linked
// to none are the whole deployment's.
func (v Viewer) FilterThrough(link, owner, ref string, n int) (string, any) {
	cond := fmt.Sprintf("($%[4]d::bigint[] IS NULL OR EXISTS (SELECT 1 FROM %[1]s l WHERE l.%[2]s = %[3]s AND l.local_area_id = ANY($%[4]d::bigint[])))", link, owner, ref, n)
	if v.All {
		return cond, nil
	}
	return cond, append([]int64{}, v.Areas...)
}
