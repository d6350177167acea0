package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/text"
)

// FieldError is one refused field of a request body; the details of a 422 list them.
type FieldError struct {
	Field  string `json:"field"`
	Reason string `json:"reason"`
}

// Error returns the field and the reason.
func (e *FieldError) Error() string { return e.Field + ": " + e.Reason }

// Refusal collects the refused fields of one request.
type Refusal []*FieldError

// Add refuses field for the formatted reason.
func (r *Refusal) Add(field, format string, args ...any) {
	*r = append(*r, &FieldError{Field: field, Reason: fmt.Sprintf(format, args...)})
}

// Err returns nil when nothing was refused, or a 422 whose message names every refused field
// ("<what> refused: title: is required; ...") and whose details are {field, reason}.
func (r Refusal) Err(what string) error {
	if len(r) == 0 {
		return nil
	}
	msgs := make([]string, len(r))
	details := make([]any, len(r))
	for i, f := range r {
		msgs[i] = f.Error()
		details[i] = f
	}
	return apperr.WithDetails(apperr.Unprocessable, what+" refused: "+strings.Join(msgs, "; "), details)
}

// Text refuses v as field when text.Check does: longer than max characters, not UTF-8, or
// holding a control character (line breaks and tabs are allowed in multiline text).
func (r *Refusal) Text(field, v string, max int, multiline bool) {
	if err := text.Check(v, max, multiline); err != nil {
		r.Add(field, "%s", err)
	}
}

// IDs refuses as field ids that are not positive, are repeated, or are more than max.
func (r *Refusal) IDs(field string, ids []int64, max int) {
	if len(ids) > max {
		r.Add(field, "%d ids, more than %d", len(ids), max)
	}
	for i, id := range ids {
		if id <= 0 {
			r.Add(field, "%d is not an id", id)
		} else if slices.Index(ids, id) < i {
			r.Add(field, "%d is listed twice", id)
		}
	}
}

// ReadBody reads the request body; the route's body limit applies (413).
func ReadBody(c echo.Context) ([]byte, error) {
	b, err := io.ReadAll(c.Request().Body)
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return nil, err
	}
	if err != nil {
		return nil, apperr.Errorf(apperr.Invalid, "read body: %v", err)
	}
	return b, nil
}

// Bind reads the request body (ReadBody) and decodes it into v (DecodeJSON).
func Bind(c echo.Context, v any) error {
	b, err := ReadBody(c)
	if err != nil {
		return err
	}
	return DecodeJSON(b, v)
}

// DecodeJSON reads one JSON object from b into v, refusing unknown members (a misspelt field
// must not be dropped silently) and data after the object (400). A value of the wrong JSON type,
// or one a field's UnmarshalJSON refuses with a *FieldError, is a 422 naming the field.
func DecodeJSON(b []byte, v any) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return apperr.Errorf(apperr.Invalid, "the body is empty: send a JSON object")
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	err := dec.Decode(v)
	if err == nil && dec.More() {
		err = errors.New("data after the JSON object")
	}
	var fe *FieldError
	var te *json.UnmarshalTypeError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &fe):
		return Refusal{fe}.Err("request")
	case errors.As(err, &te) && te.Field != "":
		return Refusal{{Field: te.Field, Reason: fmt.Sprintf("is a JSON %s, want %s", te.Value, jsonKind(te.Type.Kind().String()))}}.Err("request")
	}
	return apperr.Errorf(apperr.Invalid, "the body is not the JSON object expected: %s", strings.TrimPrefix(err.Error(), "json: "))
}

func jsonKind(goKind string) string {
	switch goKind {
	case "slice", "array":
		return "an array"
	case "string":
		return "a string"
	case "struct", "map":
		return "an object"
	case "bool":
		return "true or false"
	}
	return "a number"
}
