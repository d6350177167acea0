package versioned_test

import (
	"errors"
	"slices"
	"testing"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/versioned"
)

func TestCheck(t *testing.T) {
	if err := versioned.Check("place 3", 2, 2); err != nil {
		t.Errorf("the current version is refused: %v", err)
	}
	var e *apperr.Error
	err := versioned.Check("place 3", 4, 2)
	want := `place 3 has changed: it is at version 4 (ETag "4"), not 2; fetch it again and reapply your change`
	if !errors.As(err, &e) || e.Code != apperr.PreconditionFailed || e.Message != want {
		t.Errorf("a stale version: %v, want %s: %s", err, apperr.PreconditionFailed, want)
	}
}

func TestPatch(t *testing.T) {
	type input struct {
		Title string  `json:"title"`
		End   *string `json:"end"`
	}
	end := "2026-01-31"
	for _, tc := range []struct {
		name, patch string
		want        input
		fields      []string
		code        string
	}{
		{"a member replaces its field", `{"title":"New"}`, input{Title: "New", End: &end}, []string{"title"}, ""},
		{"null clears a field", `{"end":null}`, input{Title: "Old"}, []string{"end"}, ""},
		{"an empty object changes nothing", `{}`, input{Title: "Old", End: &end}, []string{}, ""},
		{"an array is not a patch", `[]`, input{}, nil, apperr.Invalid},
		{"null is not a patch", `null`, input{}, nil, apperr.Invalid},
		{"an unknown member is refused", `{"titel":"x"}`, input{}, nil, apperr.Invalid},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := end
			in := input{Title: "Old", End: &e}
			fields, err := versioned.Patch([]byte(tc.patch), &in)
			if tc.code != "" {
				if apperr.Code(err) != tc.code {
					t.Fatalf("error %v, want code %s", err, tc.code)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			slices.Sort(fields)
			if !slices.Equal(fields, tc.fields) || in.Title != tc.want.Title || (in.End == nil) != (tc.want.End == nil) ||
				(in.End != nil && *in.End != *tc.want.End) {
				t.Errorf("got %+v, fields %v; want %+v, fields %v", in, fields, tc.want, tc.fields)
			}
		})
	}
}
