package demo

import (
	"bytes"
	"encoding/csv"
	"sync"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/record"
)

// testEnd is the first instant after the test data: 1 May 2026 in London.
func testEnd(tb testing.TB) time.Time {
	tb.Helper()
	return time.Date(2026, time.May, 1, 0, 0, 0, 0, record.London())
}

// MustGenerate generates a borough or fails the test.
func MustGenerate(tb testing.TB, o Options) *Borough {
	tb.Helper()
	b, err := Generate(o)
	if err != nil {
		tb.Fatalf("generate %+v: %v", o, err)
	}
	return b
}

var (
	defaultOnce    sync.Once
	defaultBorough *Borough
)

// mustDefault generates the default borough once for the tests that only read it.
func mustDefault(tb testing.TB) *Borough {
	tb.Helper()
	defaultOnce.Do(func() { defaultBorough = MustGenerate(tb, Options{Seed: 42, End: testEnd(tb)}) })
	if defaultBorough == nil {
		tb.Fatal("default borough failed to generate")
	}
	return defaultBorough
}

// mustCSV writes with write and parses the result, failing the test when its header line is
// not header; it returns the rows after the header.
func mustCSV(tb testing.TB, header string, write func(*bytes.Buffer) error) [][]string {
	tb.Helper()
	var buf bytes.Buffer
	if err := write(&buf); err != nil {
		tb.Fatalf("write: %v", err)
	}
	if got, _, _ := bytes.Cut(buf.Bytes(), []byte("\n")); string(got) != header {
		tb.Fatalf("header = %q", got)
	}
	recs, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		tb.Fatalf("parse written CSV: %v", err)
	}
	return recs[1:]
}
