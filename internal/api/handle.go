package api

import (
	"context"
	"net/http"

	"github.com/labstack/echo/v4"
)

// WithID calls f with the request's context and the positive id in path parameter name: the
// start of every handler that reads or acts on one record.
func WithID[T any](c echo.Context, name string, f func(context.Context, int64) (T, error)) (T, error) {
	id, err := PathID(c, name)
	if err != nil {
		var zero T
		return zero, err
	}
	return f(c.Request().Context(), id)
}

// WithBody binds the JSON body into a new In (see Bind) and calls f with it: the start of a
// handler that creates a record.
func WithBody[In, T any](c echo.Context, f func(context.Context, In) (T, error)) (T, error) {
	var in In
	if err := Bind(c, &in); err != nil {
		var zero T
		return zero, err
	}
	return f(c.Request().Context(), in)
}

// WithIDBody calls f with the positive id in path parameter name and the JSON body bound into a
// new In: the start of a handler that acts on one record with a body.
func WithIDBody[In, T any](c echo.Context, name string, f func(ctx context.Context, id int64, in In) (T, error)) (T, error) {
	return WithID(c, name, func(ctx context.Context, id int64) (T, error) {
		return WithBody(c, func(ctx context.Context, in In) (T, error) { return f(ctx, id, in) })
	})
}

// WithChange calls f with the id in path parameter name, the If-Match version and the body
// (see VersionedBody): the start of a handler that changes a versioned record.
func WithChange[T any](c echo.Context, name string, f func(ctx context.Context, id int64, version int, body []byte) (T, error)) (T, error) {
	id, version, body, err := VersionedBody(c, name)
	if err != nil {
		var zero T
		return zero, err
	}
	return f(c.Request().Context(), id, version, body)
}

// Delete removes the versioned record whose id is in path parameter name with del, made
// against the If-Match version, and answers 204.
func Delete(c echo.Context, name string, del func(ctx context.Context, id int64, version int) error) error {
	id, version, err := Versioned(c, name)
	if err != nil {
		return err
	}
	if err := del(c.Request().Context(), id, version); err != nil {
		return err
	}
	return c.NoContent(http.StatusNoContent)
}

// WithFilter reads a list request's filter with parse and calls list with it: the start of a
// handler that answers a page of records, with the total that match.
func WithFilter[F, T any](c echo.Context, parse func(echo.Context) (F, error), list func(context.Context, F) ([]T, int, error)) (F, []T, int, error) {
	f, err := parse(c)
	if err != nil {
		return f, nil, 0, err
	}
	items, total, err := list(c.Request().Context(), f)
	return f, items, total, err
}
