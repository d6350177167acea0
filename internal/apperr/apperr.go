// Package apperr holds placesafe's one error type: a code that the HTTP layer maps to a status
// in one place, a message safe to show the client, and optional details (such as bad rows).
package apperr

import (
	"errors"
	"fmt"
	"time"
)

// Codes an *Error can carry. Each maps to one HTTP status (see the server's error handler).
const (
	Invalid              = "invalid"               // 400: the request is malformed
	Unprocessable        = "unprocessable"         // 422: well-formed, but its content is refused
	Unauthorized         = "unauthorized"          // 401: no or bad credentials
	Forbidden            = "forbidden"             // 403: the role may not do this
	NotFound             = "not_found"             // 404
	Conflict             = "conflict"              // 409
	PreconditionFailed   = "precondition_failed"   // 412: a stale version
	PreconditionRequired = "precondition_required" // 428: an update sent without If-Match
	TooLarge             = "too_large"             // 413
	TooManyRequests      = "too_many_requests"     // 429: throttled; RetryAfter says for how long
	Unavailable          = "unavailable"           // 503: busy for now; RetryAfter says when to try again
	Internal             = "internal"              // 500: logged, never shown
)

// Error is an application error with a code and a message meant for the user.
type Error struct {
	Code    string
	Message string
	// Details are listed in the response as they are (for example bad rows {line,column,reason}).
	Details []any
	// RetryAfter, when set, is sent as the Retry-After header (whole seconds, at least 1).
	RetryAfter time.Duration
}

func (e *Error) Error() string { return fmt.Sprintf("%s: %s", e.Code, e.Message) }

// Errorf returns an *Error with code and a formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// WithDetails returns an *Error carrying details.
func WithDetails(code, message string, details []any) *Error {
	return &Error{Code: code, Message: message, Details: details}
}

// Code returns the code of the first *Error in err's chain, or Internal.
func Code(err error) string {
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return Internal
}
