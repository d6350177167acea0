package record_test

import (
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/record"
)

func TestParseTime(t *testing.T) {
	utc := func(s string) time.Time {
		t.Helper()
		v, err := time.Parse(time.RFC3339, s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	tests := []struct {
		name      string
		in        string
		want      time.Time
		form      record.TimeForm
		wholeHour bool
	}{
		{"RFC 3339 with offset", "2024-05-01T14:30:00+01:00", utc("2024-05-01T13:30:00Z"), record.TimeOfDay, false},
		{"RFC 3339 Z", "2024-01-15T09:00:00Z", utc("2024-01-15T09:00:00Z"), record.TimeOfDay, true},
		{"RFC 3339 fraction", "2024-01-15T09:00:00.5Z", utc("2024-01-15T09:00:00.5Z"), record.TimeOfDay, false},
		{"local winter GMT", "2024-01-15 18:45", utc("2024-01-15T18:45:00Z"), record.TimeOfDay, false},
		{"local summer BST", "2024-07-01 18:00", utc("2024-07-01T17:00:00Z"), record.TimeOfDay, true},
		{"local with T and seconds", "2024-07-01T18:00:30", utc("2024-07-01T17:00:30Z"), record.TimeOfDay, false},
		// 2024-03-31 01:00–02:00 does not exist in London: read with the offset before the
		// change (GMT), so 01:30 is 01:30 UTC, shown as 02:30 BST.
		{"DST gap", "2024-03-31 01:30", utc("2024-03-31T01:30:00Z"), record.TimeOfDay, false},
		{"DST gap on the hour", "2024-03-31 01:00", utc("2024-03-31T01:00:00Z"), record.TimeOfDay, true},
		{"just before gap", "2024-03-31 00:59", utc("2024-03-31T00:59:00Z"), record.TimeOfDay, false},
		{"just after gap", "2024-03-31 02:00", utc("2024-03-31T01:00:00Z"), record.TimeOfDay, true},
		// 2024-10-27 01:00–02:00 happens twice: the first one (BST) is taken.
		{"DST overlap", "2024-10-27 01:30", utc("2024-10-27T00:30:00Z"), record.TimeOfDay, false},
		{"DST overlap start", "2024-10-27 01:00", utc("2024-10-27T00:00:00Z"), record.TimeOfDay, true},
		{"after overlap", "2024-10-27 02:00", utc("2024-10-27T02:00:00Z"), record.TimeOfDay, true},
		{"overlap second reading by offset", "2024-10-27T01:30:00+00:00", utc("2024-10-27T01:30:00Z"), record.TimeOfDay, false},
		{"date", "2024-06-15", utc("2024-06-14T23:00:00Z"), record.DateOnly, true},
		{"month winter", "2024-01", utc("2024-01-01T00:00:00Z"), record.MonthOnly, true},
		{"month summer", "2024-04", utc("2024-03-31T23:00:00Z"), record.MonthOnly, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := record.ParseTime(tt.in)
			if err != nil {
				t.Fatalf("ParseTime(%q): %v", tt.in, err)
			}
			if !got.Time.Equal(tt.want) || got.Form != tt.form || got.WholeHour != tt.wholeHour {
				t.Errorf("ParseTime(%q) = %v form %d whole hour %v, want %v form %d whole hour %v",
					tt.in, got.Time.UTC(), got.Form, got.WholeHour, tt.want, tt.form, tt.wholeHour)
			}
			if got.Time.Location() != record.London() {
				t.Errorf("location %v, want Europe/London", got.Time.Location())
			}
		})
	}
}

func TestParseTimeRefused(t *testing.T) {
	for _, in := range []string{
		"", "yesterday", "2024-13-01", "2024-02-30", "2024-1-5", "15/01/2024", "2024-01-15 25:00",
		"2024-01-15T10:00+01:00", "2024", "1899-12-31", "2101-01", "2024-01-15 10", "2024-01-15T10:00:00+0100",
	} {
		if got, err := record.ParseTime(in); err == nil {
			t.Errorf("ParseTime(%q) = %v, want an error", in, got.Time)
		}
	}
}

func TestLondonTimeIgnoresLocation(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Fatal(err)
	}
	got := record.LondonTime(time.Date(2024, 7, 1, 12, 0, 0, 0, ny))
	if want := time.Date(2024, 7, 1, 11, 0, 0, 0, time.UTC); !got.Equal(want) {
		t.Errorf("LondonTime = %v, want %v", got, want)
	}
}

// TestMonthIsTheLondonCalendarMonth: a record counts in the month of its London wall clock.
// At 23:30 UTC on 31 March 2024 London is on BST (from 31 March, 01:00 UTC) and already in
// April; on 31 January it is on GMT and still in January.
func TestMonthIsTheLondonCalendarMonth(t *testing.T) {
	tests := []struct {
		name string
		at   time.Time
		want string
	}{
		{"summer time, after midnight in London", time.Date(2024, 3, 31, 23, 30, 0, 0, time.UTC), "2024-04"},
		{"winter time, before midnight in London", time.Date(2024, 1, 31, 23, 30, 0, 0, time.UTC), "2024-01"},
		{"new year in London", time.Date(2024, 12, 31, 23, 59, 0, 0, time.FixedZone("UTC-1", -3600)), "2025-01"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := record.Month(tt.at); got != tt.want {
				t.Errorf("Month(%v) = %s, want %s", tt.at, got, tt.want)
			}
		})
	}
}

func TestCheckText(t *testing.T) {
	tests := []struct {
		name string
		in   string
		ok   bool
	}{
		{"plain", "On or near Cheapside", true},
		{"accents and symbols", "Café £5 – “quoted”", true},
		{"empty", "", true},
		{"256 characters", strings.Repeat("é", 256), true},
		{"257 characters", strings.Repeat("a", 257), false},
		{"tab", "a\tb", false},
		{"newline", "a\nb", false},
		{"carriage return", "a\rb", false},
		{"NUL", "a\x00b", false},
		{"escape", "a\x1b[31mred", false},
		{"DEL", "a\x7fb", false},
		{"C1 control", "a\u0085b", false},
		{"right-to-left override", "abc\u202Etxt.exe", false},
		{"isolate", "a\u2066b", false},
		{"byte order mark", "\uFEFFabc", false},
		{"invalid UTF-8", "caf\xe9", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if err := record.CheckText(tt.in); (err == nil) != tt.ok {
				t.Errorf("CheckText(%q) = %v, want ok %v", tt.in, err, tt.ok)
			}
		})
	}
}

func TestParseDecimal(t *testing.T) {
	for in, want := range map[string]float64{"51.5": 51.5, "-0.1": -0.1, "0": 0, "1e2": 100, "+3": 3} {
		if got, err := record.ParseDecimal(in); err != nil || got != want {
			t.Errorf("ParseDecimal(%q) = %v, %v; want %v", in, got, err, want)
		}
	}
	for _, in := range []string{"", "abc", "NaN", "Inf", "-inf", "0x1p3", "1,5", "1_000", "5 6"} {
		if got, err := record.ParseDecimal(in); err == nil {
			t.Errorf("ParseDecimal(%q) = %v, want an error", in, got)
		}
	}
}

func TestDisplayName(t *testing.T) {
	if got := record.DisplayName("LSOA code"); got != "LSOA code" {
		t.Errorf("DisplayName kept = %q", got)
	}
	if got := record.DisplayName("a\x1bb"); got != `"a\x1bb"` {
		t.Errorf("DisplayName escaped = %q", got)
	}
	if got := []rune(record.DisplayName(strings.Repeat("x", 300))); len(got) != 64 {
		t.Errorf("DisplayName long has %d characters, want 64", len(got))
	}
}
