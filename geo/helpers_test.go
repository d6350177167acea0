package geo

import (
	"encoding/csv"
	"os"
	"testing"

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
	f, err := os.Open("testdata/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		tb.Fatal(err)
	}
	return rows
}
