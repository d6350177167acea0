package api

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"unicode/utf8"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/text"
)

// Hygiene refuses (400, naming the field) a request whose query parameters, path parameters
// or JSON strings are not fit to reach a store: invalid UTF-8, or a character text.Check
// refuses. Parameters are single-line; JSON strings may hold line breaks and tabs (the domain's
// own checks refuse them where a field is one line). A JSON body is checked whole when it is at
// most maxJSON bytes; a larger one (an upload) is left to its parser, which checks every field.
func Hygiene(maxJSON int64) echo.MiddlewareFunc {
	return func(next echo.HandlerFunc) echo.HandlerFunc {
		return func(c echo.Context) error {
			var bad Refusal
			checkQuery(c.Request().URL.RawQuery, &bad)
			for i, name := range c.ParamNames() {
				v := c.ParamValues()[i]
				if u, err := url.PathUnescape(v); err == nil {
					v = u
				}
				if err := text.Check(v, 0, false); err != nil {
					bad.Add(name, "%s", err)
				}
			}
			if len(bad) == 0 {
				if err := checkJSONBody(c, maxJSON, &bad); err != nil {
					return err
				}
			}
			if len(bad) > 0 {
				return invalid(bad)
			}
			return next(c)
		}
	}
}

// invalid is a 400 naming every refused field.
func invalid(bad Refusal) error {
	err := bad.Err("request").(*apperr.Error)
	err.Code = apperr.Invalid
	return err
}

// checkQuery checks every name and value of a raw query string. The raw string is read, not
// URL.Query(), which would drop a pair that does not decode.
func checkQuery(raw string, bad *Refusal) {
	for raw != "" {
		var pair string
		pair, raw, _ = cutAny(raw, "&;")
		if pair == "" {
			continue
		}
		k, v, _ := cutAny(pair, "=")
		name, err := url.QueryUnescape(k)
		if err != nil {
			bad.Add(strconv.Quote(k), "is not a well-formed query parameter name")
			continue
		}
		if err := text.Check(name, 200, false); err != nil {
			bad.Add(strconv.Quote(name), "the parameter name %s", err)
			continue
		}
		value, err := url.QueryUnescape(v)
		if err != nil {
			bad.Add(name, "is not well-formed (a %% not followed by two hex digits)")
			continue
		}
		if err := text.Check(value, 0, false); err != nil {
			bad.Add(name, "%s", err)
		}
	}
}

func cutAny(s, seps string) (before, after string, found bool) {
	for i := 0; i < len(s); i++ {
		if bytes.IndexByte([]byte(seps), s[i]) >= 0 {
			return s[:i], s[i+1:], true
		}
	}
	return s, "", false
}

// checkJSONBody reads a JSON body of at most maxJSON bytes, checks every key and string in it,
// and puts it back for the handler.
func checkJSONBody(c echo.Context, maxJSON int64, bad *Refusal) error {
	req := c.Request()
	mt, _, _ := mime.ParseMediaType(req.Header.Get(echo.HeaderContentType))
	if req.Body == nil || req.Body == http.NoBody || (mt != echo.MIMEApplicationJSON && mt != "application/geo+json") {
		return nil
	}
	if req.ContentLength > maxJSON {
		return nil
	}
	b, err := io.ReadAll(io.LimitReader(req.Body, maxJSON+1))
	if err != nil {
		return readError(err)
	}
	if int64(len(b)) > maxJSON { // a body of unknown length turned out large: hand it on whole
		req.Body = readCloser{io.MultiReader(bytes.NewReader(b), req.Body), req.Body}
		return nil
	}
	req.Body = io.NopCloser(bytes.NewReader(b))
	if !utf8.Valid(b) {
		bad.Add("body", "is not valid UTF-8 text")
		return nil
	}
	var v any
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	if dec.Decode(&v) != nil {
		return nil // the handler's decoder says what is wrong with it
	}
	WalkJSON(v, func(path, name string) bool {
		if err := text.Check(name, 0, false); err != nil {
			bad.Add(strconv.Quote(path), "the member name %s", err)
			return false
		}
		return true
	}, func(path, s string) {
		if err := text.Check(s, 0, true); err != nil {
			bad.Add(orBody(path), "%s", err)
		}
	})
	return nil
}

func readError(err error) error {
	var tooBig *http.MaxBytesError
	if errors.As(err, &tooBig) {
		return err
	}
	return apperr.Errorf(apperr.Invalid, "read body: %v", err)
}

type readCloser struct {
	io.Reader
	io.Closer
}

func orBody(path string) string {
	if path == "" {
		return "body"
	}
	return path
}
