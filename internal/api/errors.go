package api

import (
	"errors"
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
)

var statusOf = map[string]int{
	apperr.Invalid:              http.StatusBadRequest,
	apperr.Unprocessable:        http.StatusUnprocessableEntity,
	apperr.Unauthorized:         http.StatusUnauthorized,
	apperr.Forbidden:            http.StatusForbidden,
	apperr.NotFound:             http.StatusNotFound,
	apperr.Conflict:             http.StatusConflict,
	apperr.PreconditionFailed:   http.StatusPreconditionFailed,
	apperr.PreconditionRequired: http.StatusPreconditionRequired,
	apperr.TooLarge:             http.StatusRequestEntityTooLarge,
	apperr.TooManyRequests:      http.StatusTooManyRequests,
	apperr.Unavailable:          http.StatusServiceUnavailable,
	apperr.Internal:             http.StatusInternalServerError,
}

// codeOfStatus maps echo's own errors (unknown route, wrong method, bad bind) to a code.
var codeOfStatus = map[int]string{
	http.StatusBadRequest:            apperr.Invalid,
	http.StatusUnauthorized:          apperr.Unauthorized,
	http.StatusForbidden:             apperr.Forbidden,
	http.StatusNotFound:              apperr.NotFound,
	http.StatusMethodNotAllowed:      "method_not_allowed",
	http.StatusRequestEntityTooLarge: apperr.TooLarge,
	http.StatusUnsupportedMediaType:  "unsupported_media_type",
}

// Body is the one error shape of the API.
type Body struct {
	Error BodyError `json:"error"`
}

// BodyError is the content of an error response.
type BodyError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
	Details []any  `json:"details"`
}

// ErrorHandler returns echo's HTTPErrorHandler: it maps codes to statuses in one place (with
// errors.As, so wrapped errors keep their code), logs internal errors and never shows their text.
func ErrorHandler(log *slog.Logger) echo.HTTPErrorHandler {
	return func(err error, c echo.Context) {
		if c.Response().Committed {
			return
		}
		status, body := render(err)
		var ae *apperr.Error
		if errors.As(err, &ae) && ae.RetryAfter > 0 {
			secs := int64((ae.RetryAfter + time.Second - 1) / time.Second)
			c.Response().Header().Set("Retry-After", strconv.FormatInt(secs, 10))
		}
		if status == http.StatusInternalServerError {
			log.Error("internal error", "error", err, "method", c.Request().Method, "path", c.Path(),
				"request_id", c.Response().Header().Get(echo.HeaderXRequestID))
		}
		if c.Request().Method == http.MethodHead {
			_ = c.NoContent(status)
			return
		}
		_ = c.JSON(status, body)
	}
}

func render(err error) (int, Body) {
	var ae *apperr.Error
	var he *echo.HTTPError
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &ae):
		status, ok := statusOf[ae.Code]
		if !ok {
			status = http.StatusInternalServerError
		}
		if status == http.StatusInternalServerError {
			return status, internalBody()
		}
		d := ae.Details
		if d == nil {
			d = []any{}
		}
		return status, Body{BodyError{Code: ae.Code, Message: ae.Message, Details: d}}
	case errors.As(err, &tooBig):
		return http.StatusRequestEntityTooLarge, Body{BodyError{Code: apperr.TooLarge,
			Message: "the request body is larger than the limit", Details: []any{}}}
	case errors.As(err, &he) && he.Code < 500:
		code, ok := codeOfStatus[he.Code]
		if !ok {
			code = apperr.Invalid
		}
		msg := http.StatusText(he.Code)
		if m, ok := he.Message.(string); ok {
			msg = m
		}
		return he.Code, Body{BodyError{Code: code, Message: msg, Details: []any{}}}
	}
	return http.StatusInternalServerError, internalBody()
}

func internalBody() Body {
	return Body{BodyError{Code: apperr.Internal, Message: "internal error; it has been logged", Details: []any{}}}
}
