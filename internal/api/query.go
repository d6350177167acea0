package api

import (
	"net/url"
	"strconv"
	"time"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/record"
)

// IntQuery reads query parameter name as a whole number from lo to hi; def when it is absent
// or empty.
func IntQuery(q url.Values, name string, def, lo, hi int) (int, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < lo || n > hi {
		return 0, apperr.Errorf(apperr.Invalid, "%s %q: want a whole number from %d to %d", name, v, lo, hi)
	}
	return n, nil
}

// LondonDate reads v, the value of query parameter name, as the start of a London day; the
// zero time when v is empty (no bound).
func LondonDate(name, v string) (time.Time, error) {
	if v == "" {
		return time.Time{}, nil
	}
	t, err := time.ParseInLocation(time.DateOnly, v, record.London())
	if err != nil {
		return t, apperr.Errorf(apperr.Invalid, "%s %q: want a date YYYY-MM-DD", name, v)
	}
	return t, nil
}
