package inspection

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/pii"
)

// decodeJSON reads a JSON object into dst as api.DecodeJSON does, first refusing with 422 a
// field whose name looks like personal data (a name, date of birth, address, postcode, phone,
// e-mail, NHS, national insurance or pupil number; see internal/pii), at any depth.
func decodeJSON(c echo.Context, dst any) error {
	b, err := api.ReadBody(c)
	if err != nil {
		return err
	}
	return decodeJSONBytes(b, dst)
}

// decodeStaffJSON is decodeJSON for a record of a member of staff: the top-level fields
// staffContact (their name and work e-mail and phone) are allowed, and only those.
func decodeStaffJSON(c echo.Context, dst any) error {
	b, err := api.ReadBody(c)
	if err != nil {
		return err
	}
	return decodeJSONBytes(b, dst, staffContact...)
}

// staffContact are the fields of a member of staff's contact details.
var staffContact = []string{"staff_name", "work_email", "work_phone"}

func decodeJSONBytes(b []byte, dst any, allowed ...string) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return apperr.Errorf(apperr.Invalid, "the request body is empty; send a JSON object")
	}
	var generic any
	if err := json.Unmarshal(b, &generic); err != nil {
		return apperr.Errorf(apperr.Invalid, "the body is not JSON: %v", err)
	}
	if _, ok := generic.(map[string]any); !ok {
		return apperr.Errorf(apperr.Invalid, "the body must be a JSON object")
	}
	bad := slices.DeleteFunc(personalFields(generic), func(f personalField) bool { return slices.Contains(allowed, f.path) })
	if len(bad) > 0 {
		details := make([]any, len(bad))
		names := make([]string, len(bad))
		for i, f := range bad {
			details[i] = map[string]string{"field": f.path, "looks_like": f.kind}
			names[i] = fmt.Sprintf("%q (%s)", f.path, f.kind)
		}
		return apperr.WithDetails(apperr.Unprocessable, fmt.Sprintf(
			"field %s looks like personal data; placesafe records children by pseudonymous case reference only, never names, dates of birth or addresses",
			strings.Join(names, ", ")), details)
	}
	return api.DecodeJSON(b, dst)
}

type personalField struct{ path, kind string }

// personalFields lists the member names, at any depth, that look like personal data.
func personalFields(v any) []personalField {
	var out []personalField
	api.WalkJSON(v, func(path, name string) bool {
		if kind := pii.Kind(name); kind != "" {
			out = append(out, personalField{path, kind})
		}
		return true
	}, nil)
	return out
}
