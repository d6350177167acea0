package api

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
)

// Optimistic concurrency for records that carry a version: GET answers the version as a
// strong ETag ("3"); a change must send it back in If-Match, so that two people editing the
// same record cannot overwrite each other unseen.

// ETag is the entity tag of a version: the number in quotes.
func ETag(version int) string { return strconv.Quote(strconv.Itoa(version)) }

// SetETag sets the response's ETag header to version's.
func SetETag(c echo.Context, version int) { c.Response().Header().Set("ETag", ETag(version)) }

// IfMatch reads the version a change was made against from the If-Match header. A missing
// header, or "*" (which would match any version), is refused with 428; a header that names no
// version of this API (a weak tag included: If-Match compares strongly) cannot match and is
// refused with 412.
func IfMatch(r *http.Request) (int, error) {
	h := strings.TrimSpace(r.Header.Get("If-Match"))
	if h == "" || h == "*" {
		return 0, apperr.Errorf(apperr.PreconditionRequired,
			"If-Match is required: send the ETag of the version you are changing (from its GET), e.g. If-Match: \"3\"")
	}
	v, err := strconv.Unquote(h)
	n, nerr := strconv.Atoi(v)
	if err != nil || nerr != nil || n < 1 || strconv.Itoa(n) != v {
		return 0, apperr.Errorf(apperr.PreconditionFailed, "If-Match %s is not an ETag of this API (they look like \"3\")", h)
	}
	return n, nil
}

// Versioned reads what every change to a versioned resource starts with: the positive id in
// path parameter name and the version from If-Match (see IfMatch).
func Versioned(c echo.Context, name string) (id int64, version int, err error) {
	if id, err = PathID(c, name); err != nil {
		return 0, 0, err
	}
	version, err = IfMatch(c.Request())
	return id, version, err
}

// VersionedBody is Versioned with the request body (ReadBody): what a change that sends one
// starts with.
func VersionedBody(c echo.Context, name string) (id int64, version int, body []byte, err error) {
	if id, version, err = Versioned(c, name); err != nil {
		return 0, 0, nil, err
	}
	body, err = ReadBody(c)
	return id, version, body, err
}

// JSONVersion answers v as JSON with status and version as its ETag: what a versioned record's
// answer is.
func JSONVersion(c echo.Context, status, version int, v any) error {
	SetETag(c, version)
	return c.JSON(status, v)
}

// Created answers a new versioned record v: 201 with its ETag and its Location.
func Created(c echo.Context, location string, version int, v any) error {
	c.Response().Header().Set(echo.HeaderLocation, location)
	return JSONVersion(c, http.StatusCreated, version, v)
}
