package geo

import (
	"errors"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/record/recordtest"
	"github.com/uber/h3-go/v4"
)

// pointCase is a named point and what a check of it should answer.
type pointCase[W comparable] struct {
	name     string
	lat, lng float64
	want     W
}

// checkPoints runs check, called fn in failures, on each case as a subtest.
func checkPoints[W comparable](t *testing.T, fn string, check func(lat, lng float64) W, tests []pointCase[W]) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := check(tt.lat, tt.lng); got != tt.want {
				t.Errorf("%s(%v, %v) = %v, want %v", fn, tt.lat, tt.lng, got, tt.want)
			}
		})
	}
}

// CheckErrorMentions fails the test unless err is an error whose text contains want. It is
// exported for the tests of package geo_test too.
func CheckErrorMentions(t *testing.T, err error, want string) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Errorf("error %v, want one containing %q", err, want)
	}
}

// checkSuggestedResolution checks a covering, made by cover at a resolution within a limit of
// cells, that is refused at resolution 15 for more than limit cells: the refusal is a
// *TooManyCellsError naming a coarser resolution, the covering at that resolution fits, and
// one resolution finer is refused. It returns the refusal and the fitting covering.
func checkSuggestedResolution(t *testing.T, limit int, cover func(res, limit int) ([]h3.Cell, error)) (*TooManyCellsError, []h3.Cell) {
	t.Helper()
	_, err := cover(15, limit)
	var tooMany *TooManyCellsError
	if !errors.As(err, &tooMany) || tooMany.Finest < 0 || tooMany.Finest >= 15 {
		t.Fatalf("got %v, want a *TooManyCellsError naming a coarser resolution", err)
	}
	cells, err := cover(tooMany.Finest, limit)
	if err != nil || len(cells) > limit {
		t.Fatalf("at the suggested resolution %d: %d cells, error %v", tooMany.Finest, len(cells), err)
	}
	var finer *TooManyCellsError
	if _, err := cover(tooMany.Finest+1, limit); !errors.As(err, &finer) {
		t.Errorf("at resolution %d, one finer than suggested: got %v, want a refusal", tooMany.Finest+1, err)
	}
	return tooMany, cells
}

// mustParseCell parses a cell the test takes as given.
func mustParseCell(tb testing.TB, s string) h3.Cell {
	tb.Helper()
	c, err := ParseCell(s)
	if err != nil {
		tb.Fatal(err)
	}
	return c
}

// ReadTestCSV reads testdata/name whole, header row included, failing the test when it
// cannot. It is exported for the tests of package geo_test too.
func ReadTestCSV(tb testing.TB, name string) [][]string {
	tb.Helper()
	return recordtest.ReadCSVFile(tb, "testdata/"+name)
}
