// Package api holds what every HTTP handler shares: reading paging and ids from a request,
// limiting bodies, and rendering errors in the one JSON shape
// {"error":{"code","message","details"}}.
package api

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
)

// Page is a list request's window.
type Page struct {
	Limit  int `json:"limit"`
	Offset int `json:"offset"`
}

// MaxLimit is the largest page a list answers, and DefaultLimit the page it answers when
// none is asked for.
const (
	MaxLimit     = 200
	DefaultLimit = 50
)

// Paging reads ?limit= (default DefaultLimit, at most MaxLimit) and ?offset= (default 0).
func Paging(c echo.Context) (Page, error) {
	return PagingOf(c.QueryParams(), DefaultLimit, MaxLimit)
}

// Limit is the page a store answers for a requested limit n: DefaultLimit when n is absent or
// above MaxLimit. Routes refuse such a limit first (Paging); this bounds the stores' other
// callers, such as the evidence pack, to one page too.
func Limit(n int) int {
	if n <= 0 || n > MaxLimit {
		return DefaultLimit
	}
	return n
}

// ReadAll reads every record of a paged list, MaxLimit at a time from the start, until a page
// is empty or the total the list reports is reached: for callers that need a whole list, such
// as the evidence pack and the OGC collections, beyond the one page a store answers.
func ReadAll[T any](list func(p Page) (page []T, total int, err error)) ([]T, error) {
	var all []T
	for p := (Page{Limit: MaxLimit}); ; {
		page, total, err := list(p)
		if err != nil {
			return nil, err
		}
		all = append(all, page...)
		p.Offset += len(page)
		if p.Offset >= total || len(page) == 0 {
			return all, nil
		}
	}
}

// PagingOf reads limit (default def, at most max) and offset (default 0) from query q.
func PagingOf(q url.Values, def, max int) (Page, error) {
	p := Page{Limit: def}
	var err error
	if v := q.Get("limit"); v != "" {
		if p.Limit, err = strconv.Atoi(v); err != nil || p.Limit < 1 || p.Limit > max {
			return p, apperr.Errorf(apperr.Invalid, "limit %q: want 1 to %d", v, max)
		}
	}
	if v := q.Get("offset"); v != "" {
		if p.Offset, err = strconv.Atoi(v); err != nil || p.Offset < 0 {
			return p, apperr.Errorf(apperr.Invalid, "offset %q: want 0 or more", v)
		}
	}
	return p, nil
}

// Optional is query parameter name, or nil when it is absent or empty: a filter's field that
// only narrows the answer when given.
func Optional(c echo.Context, name string) *string {
	if v := c.QueryParam(name); v != "" {
		return &v
	}
	return nil
}

// PathID reads a positive integer path parameter.
func PathID(c echo.Context, name string) (int64, error) {
	id, err := strconv.ParseInt(c.Param(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.Invalid, "%s %q is not a positive number", name, c.Param(name))
	}
	return id, nil
}

// BodyLimit refuses bodies larger than n bytes: at once when Content-Length says so, and as
// the handler reads otherwise (the read fails with *http.MaxBytesError, mapped to 413).
func BodyLimit(n int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			req := c.Request()
			if req.ContentLength > n {
				return apperr.Errorf(apperr.TooLarge, "body of %d bytes is larger than the %d-byte limit", req.ContentLength, n)
			}
			req.Body = http.MaxBytesReader(c.Response(), req.Body, n)
			return next(c)
		}
	}
}

// List is the body of a paged list response: the items under name, the total that match, and
// the page asked for.
func List(name string, items any, total int, p Page) map[string]any {
	return map[string]any{name: items, "total": total, "limit": p.Limit, "offset": p.Offset}
}
