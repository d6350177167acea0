package ogc

import (
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
)

// Paging limits: a page holds DefaultLimit features unless limit says otherwise, at most
// MaxLimit.
const (
	DefaultLimit = 1000
	MaxLimit     = 10000
)

// itemsQuery is an items request's standard parameters.
type itemsQuery struct {
	limit, offset int
	bbox          *orb.Bound
	from, to      time.Time
	html          bool
	own           url.Values // the collection's own parameters
}

// standard parameters of the items request ("f" picks the encoding).
var standard = []string{"limit", "offset", "bbox", "bbox-crs", "datetime", "f", "crs"}

func parseItems(q url.Values, c *Collection, wantsHTML bool) (itemsQuery, error) {
	iq := itemsQuery{limit: DefaultLimit, own: url.Values{}, html: wantsHTML}
	for name, vs := range q {
		switch {
		case slices.Contains(standard, name):
		case slices.Contains(c.Params, name):
			iq.own[name] = vs
		default:
			return iq, apperr.Errorf(apperr.Invalid, "query parameter %q is unknown to collection %s (it takes limit, offset, bbox, datetime%s)",
				name, c.ID, strings.Join(append([]string{""}, c.Params...), ", "))
		}
	}
	page, err := api.PagingOf(q, DefaultLimit, MaxLimit)
	if err != nil {
		return iq, err
	}
	iq.limit, iq.offset = page.Limit, page.Offset
	for _, name := range []string{"bbox-crs", "crs"} {
		if v := q.Get(name); v != "" && v != crs84 {
			return iq, apperr.Errorf(apperr.Invalid, "%s %q: only %s is offered", name, v, crs84)
		}
	}
	if v := q.Get("bbox"); v != "" {
		b, err := parseBBox(v)
		if err != nil {
			return iq, err
		}
		iq.bbox = &b
	}
	if v := q.Get("datetime"); v != "" {
		if !c.Temporal {
			return iq, apperr.Errorf(apperr.Invalid, "collection %s has no time: datetime does not apply", c.ID)
		}
		if iq.from, iq.to, err = parseDatetime(v); err != nil {
			return iq, err
		}
	}
	switch q.Get("f") {
	case "":
	case "json", "geojson":
		iq.html = false
	case "html":
		iq.html = true
	default:
		return iq, apperr.Errorf(apperr.Invalid, "f %q: want json or html", q.Get("f"))
	}
	return iq, nil
}

const crs84 = "http://www.opengis.net/def/crs/OGC/1.3/CRS84"

// parseBBox reads minLon,minLat,maxLon,maxLat (or the six numbers of a 3D box, heights ignored).
func parseBBox(v string) (orb.Bound, error) {
	parts := strings.Split(v, ",")
	if len(parts) != 4 && len(parts) != 6 {
		return orb.Bound{}, apperr.Errorf(apperr.Invalid, "bbox %q: want minLon,minLat,maxLon,maxLat", v)
	}
	n := make([]float64, len(parts))
	for i, p := range parts {
		x, err := strconv.ParseFloat(strings.TrimSpace(p), 64)
		if err != nil {
			return orb.Bound{}, apperr.Errorf(apperr.Invalid, "bbox %q: %q is not a number", v, p)
		}
		n[i] = x
	}
	if len(n) == 6 {
		n = []float64{n[0], n[1], n[3], n[4]}
	}
	if n[1] > n[3] || n[1] < -90 || n[3] > 90 {
		return orb.Bound{}, apperr.Errorf(apperr.Invalid, "bbox %q: latitudes must be in -90..90, the lower first", v)
	}
	// A box across the antimeridian (minLon > maxLon) is not needed in England.
	if n[0] > n[2] {
		return orb.Bound{}, apperr.Errorf(apperr.Invalid, "bbox %q: the western longitude must come first", v)
	}
	return orb.Bound{Min: orb.Point{n[0], n[1]}, Max: orb.Point{n[2], n[3]}}, nil
}

// parseDatetime reads an instant or an interval "start/end" with ".." (or nothing) for an open
// end; instants are RFC 3339 date-times or dates.
func parseDatetime(v string) (from, to time.Time, err error) {
	start, end, interval := strings.Cut(v, "/")
	if !interval {
		end = start
	}
	if from, err = parseInstant(start, false); err != nil {
		return from, to, err
	}
	if to, err = parseInstant(end, true); err != nil {
		return from, to, err
	}
	if !from.IsZero() && !to.IsZero() && to.Before(from) {
		return from, to, apperr.Errorf(apperr.Invalid, "datetime %q ends before it starts", v)
	}
	return from, to, nil
}

func parseInstant(s string, end bool) (time.Time, error) {
	if s == "" || s == ".." {
		return time.Time{}, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return t, apperr.Errorf(apperr.Invalid, "datetime %q: want an RFC 3339 date-time, a date, or an interval start/end with .. for an open end", s)
	}
	if end { // a date as the end of an interval includes the whole day
		t = t.Add(24*time.Hour - time.Nanosecond)
	}
	return t, nil
}
