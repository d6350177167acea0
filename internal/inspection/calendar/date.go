// Package calendar holds calendar days and working-day arithmetic over the bank holidays of
// England and Wales, computed by rule for 1978 to 2100. It is pure: no database, no clock, no
// placesafe types. A date outside those years is an error, never a guess.
package calendar

import (
	"fmt"
	"time"
)

// Date is a calendar day with no time of day and no zone, written YYYY-MM-DD. The zero Date
// is "no date".
type Date struct{ t time.Time } // midnight UTC, so that == compares days

// NewDate returns the day y-m-d (normalised as time.Date normalises).
func NewDate(y int, m time.Month, d int) Date { return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)} }

// DateOf returns the calendar day of t in t's own location.
func DateOf(t time.Time) Date { return NewDate(t.Date()) }

// Parse reads a YYYY-MM-DD date.
func Parse(s string) (Date, error) {
	t, err := time.Parse(time.DateOnly, s)
	if err != nil {
		return Date{}, fmt.Errorf("date %q: want YYYY-MM-DD", s)
	}
	return Date{t}, nil
}

// MustParse is Parse for literals known to be good; it panics on a bad one.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d.t.IsZero() }

// String is YYYY-MM-DD ("" for the zero Date).
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format(time.DateOnly)
}

// Year is the year of d.
func (d Date) Year() int { return d.t.Year() }

// Weekday is the day of the week of d.
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }

// AddDays returns d moved by n calendar days.
func (d Date) AddDays(n int) Date { return Date{d.t.AddDate(0, 0, n)} }

// Before reports whether d is earlier than e.
func (d Date) Before(e Date) bool { return d.t.Before(e.t) }

// After reports whether d is later than e.
func (d Date) After(e Date) bool { return d.t.After(e.t) }

// Time returns d as midnight UTC (for storing in a PostgreSQL date).
func (d Date) Time() time.Time { return d.t }

// In returns the instant at which d starts in loc.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.t.Year(), d.t.Month(), d.t.Day(), 0, 0, 0, 0, loc)
}

// MarshalText writes YYYY-MM-DD; the zero Date is written as JSON null by MarshalJSON.
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText reads YYYY-MM-DD.
func (d *Date) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = v
	return nil
}

// MarshalJSON writes "YYYY-MM-DD", or null for the zero Date.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	return []byte(`"` + d.String() + `"`), nil
}

// UnmarshalJSON reads "YYYY-MM-DD"; null leaves the zero Date.
func (d *Date) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*d = Date{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("date %s: want a string YYYY-MM-DD", b)
	}
	return d.UnmarshalText(b[1 : len(b)-1])
}
