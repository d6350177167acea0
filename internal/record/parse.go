package record

// This file and parse_csv.go, parse_geojson.go hold the parsing shared by the incident and
// activity formats: text checks, Europe/London times, coordinates, and the streaming CSV and
// GeoJSON sources that turn a file into RawRows.

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/London must load on hosts without a zoneinfo database
	"unicode/utf8"

	"github.com/placesafe/placesafe/internal/text"
)

// MaxFieldLen is the longest field, in characters, that any format accepts.
const MaxFieldLen = 256

// SkipNoLocation is the SkipReason of a row with no coordinates.
const SkipNoLocation = "no location"

// RawRow is one data row as read from a file, before its fields are given types: the fields
// by column name, the canonical Content, and the location.
type RawRow struct {
	// Line is the Row.Line this row will have.
	Line int
	// Content is every source column as read, in file order.
	Content []string
	// Lat and Lng are WGS84 degrees, meaningful when HasLocation is true.
	Lat, Lng    float64
	HasLocation bool
	fields      map[string]string
}

// Get returns the field of column col with surrounding spaces removed, or "" when the column
// is absent or blank.
func (r RawRow) Get(col string) string {
	return strings.TrimSpace(r.fields[col])
}

// Row returns a Row with the line, content and location of r, and SkipReason "no location"
// when it has none. The caller fills in Values.
func (r RawRow) Row() Row {
	row := Row{Line: r.Line, Content: r.Content, Lat: r.Lat, Lng: r.Lng, HasLocation: r.HasLocation}
	if !r.HasLocation {
		row.SkipReason = SkipNoLocation
	}
	return row
}

// Errorf returns a *RowError for column col of r.
func (r RawRow) Errorf(col, format string, args ...any) *RowError {
	return &RowError{Line: r.Line, Column: col, Reason: fmt.Sprintf(format, args...)}
}

// Choice returns column col's value when it is one of values, or blank when blank is allowed;
// otherwise a *RowError saying the value is not what (an article and a noun: "a category")
// and listing the values.
func (r RawRow) Choice(col, what string, values []string, blank bool) (string, error) {
	v := r.Get(col)
	if (blank && v == "") || slices.Contains(values, v) {
		return v, nil
	}
	orBlank := ""
	if blank {
		orBlank = ", or blank"
	}
	return v, r.Errorf(col, "%q is not %s (one of %v%s)", v, what, values, orBlank)
}

// RawSource streams the RawRows of one file. Next follows the contract of Reader.Next.
type RawSource interface {
	Next() (RawRow, error)
}

// NewReader returns a Reader that reads src and turns each RawRow into a Row with parse.
// parse returns a *RowError for a bad row.
func NewReader(src RawSource, parse func(RawRow) (Row, error)) Reader {
	return &rawReader{src: src, parse: parse}
}

type rawReader struct {
	src   RawSource
	parse func(RawRow) (Row, error)
}

func (r *rawReader) Next() (Row, error) {
	raw, err := r.src.Next()
	if err != nil {
		return Row{Line: raw.Line}, err
	}
	row, err := r.parse(raw)
	if err != nil {
		return Row{Line: raw.Line}, err
	}
	return row, nil
}

// CheckText returns an error when s is not fit to store and show (see text.Check): longer than
// MaxFieldLen characters, not valid UTF-8, or holding a control character (tabs and line breaks
// included) or an invisible bidirectional-text control that could make it display as something
// else.
func CheckText(s string) error {
	if err := text.Check(s, MaxFieldLen, false); err != nil {
		if !utf8.ValidString(s) {
			return fmt.Errorf("%w (save the file as UTF-8)", err)
		}
		return err
	}
	return nil
}

// DisplayName returns a column name fit to put in an error message: as it is when CheckText
// accepts it, otherwise quoted with Go escapes and cut to 64 characters.
func DisplayName(s string) string {
	if CheckText(s) == nil {
		return s
	}
	q := strconv.QuoteToGraphic(strings.ToValidUTF8(s, "\uFFFD"))
	if r := []rune(q); len(r) > 64 {
		q = string(r[:63]) + "…"
	}
	return q
}

// TimeForm says which layout a time was written in.
type TimeForm int

// The layouts ParseTime accepts.
const (
	// TimeOfDay is a date with a time of day: RFC 3339 with an offset, or a Europe/London
	// wall-clock time "YYYY-MM-DD HH:MM[:SS]" (or with "T" for the space).
	TimeOfDay TimeForm = iota + 1
	// DateOnly is "YYYY-MM-DD", read as 00:00 Europe/London that day.
	DateOnly
	// MonthOnly is "YYYY-MM", read as 00:00 Europe/London on the first day of the month.
	MonthOnly
)

// ParsedTime is a time read by ParseTime.
type ParsedTime struct {
	// Time is the instant, in Europe/London.
	Time time.Time
	Form TimeForm
	// WholeHour is true when the minutes, seconds and fraction were zero as written.
	WholeHour bool
}

var london = mustLoadLondon()

func mustLoadLondon() *time.Location {
	loc, err := time.LoadLocation("Europe/London")
	if err != nil {
		panic(err) // cannot happen: time/tzdata is embedded
	}
	return loc
}

// London returns the Europe/London location.
func London() *time.Location { return london }

// Month is the Europe/London calendar month of t, as "2006-01": the month a record counts in
// on every monthly series.
func Month(t time.Time) string { return t.In(london).Format("2006-01") }

var localLayouts = []string{
	"2006-01-02 15:04", "2006-01-02 15:04:05", "2006-01-02T15:04", "2006-01-02T15:04:05",
}

// ParseTime reads s (already trimmed) as an RFC 3339 time with an offset, a Europe/London
// wall-clock time, a date or a month (see TimeForm). Years outside 1900–2100 are refused.
//
// A wall-clock time that does not exist in London (in the hour skipped when clocks go forward,
// e.g. 2024-03-31 01:30) or happens twice (in the hour repeated when they go back, e.g.
// 2024-10-27 01:30) is read with the UTC offset in force just before the change: 01:30 on
// 2024-03-31 is 01:30 GMT (02:30 BST), and 01:30 on 2024-10-27 is the first 01:30, BST
// (00:30 UTC). This is the rule of RFC 5545 (iCalendar, section 3.3.5) and of Python's zoneinfo
// (fold=0); a file that means the other reading can say so with an RFC 3339 offset.
func ParseTime(s string) (ParsedTime, error) {
	var p ParsedTime
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		p = ParsedTime{Time: t.In(london), Form: TimeOfDay, WholeHour: t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0}
	} else if t, ok := parseLayouts(s, localLayouts...); ok {
		p = ParsedTime{Time: LondonTime(t), Form: TimeOfDay, WholeHour: t.Minute() == 0 && t.Second() == 0 && t.Nanosecond() == 0}
	} else if t, ok := parseLayouts(s, "2006-01-02"); ok {
		p = ParsedTime{Time: LondonTime(t), Form: DateOnly, WholeHour: true}
	} else if t, ok := parseLayouts(s, "2006-01"); ok {
		p = ParsedTime{Time: LondonTime(t), Form: MonthOnly, WholeHour: true}
	} else {
		return ParsedTime{}, fmt.Errorf("%q is not a time: use RFC 3339 (2024-05-01T14:30:00+01:00), YYYY-MM-DD HH:MM[:SS] in London time, YYYY-MM-DD or YYYY-MM", s)
	}
	if y := p.Time.Year(); y < 1900 || y > 2100 {
		return ParsedTime{}, fmt.Errorf("year %d is out of range (1900–2100)", y)
	}
	return p, nil
}

func parseLayouts(s string, layouts ...string) (time.Time, bool) {
	for _, l := range layouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// LondonTime returns the instant at which London clocks show the wall-clock fields of wall
// (whose location is ignored), resolving gaps and overlaps as ParseTime documents. Go's
// time.Date leaves that choice unspecified, so it is made here.
func LondonTime(wall time.Time) time.Time {
	w := time.Date(wall.Year(), wall.Month(), wall.Day(), wall.Hour(), wall.Minute(), wall.Second(), wall.Nanosecond(), time.UTC)
	// London changes its offset at most twice a year, so the offsets 12 hours either side are
	// the ones before and after any change that can touch w.
	_, before := w.Add(-12 * time.Hour).In(london).Zone()
	_, after := w.Add(12 * time.Hour).In(london).Zone()
	var found time.Time
	for _, off := range []int{before, after} {
		t := w.Add(-time.Duration(off) * time.Second)
		if _, got := t.In(london).Zone(); got == off && (found.IsZero() || t.Before(found)) {
			found = t
		}
	}
	if found.IsZero() { // in a gap
		found = w.Add(-time.Duration(before) * time.Second)
	}
	return found.In(london)
}

// DayAfter is the start of the London day after date d: the exclusive end of a period whose
// last day d is inclusive.
func DayAfter(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day()+1, 0, 0, 0, 0, london)
}

// ParseDecimal reads a plain decimal number such as "51.5", "-0.1" or "1e3". Hexadecimal,
// "Inf" and "NaN" spellings, which strconv.ParseFloat accepts, are refused.
func ParseDecimal(s string) (float64, error) {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || strings.Trim(s, "0123456789.+-eE") != "" || math.IsNaN(v) || math.IsInf(v, 0) {
		return 0, fmt.Errorf("%q is not a decimal number", s)
	}
	return v, nil
}

// setLocation reads the latitude and longitude texts of a row into raw. Both blank means no
// location; one blank or not a number is a *RowError naming the column. The range is not
// checked here: the import pipeline does it, so that a file of British National Grid or
// swapped coordinates is refused saying what it looks like rather than row by row.
func setLocation(raw *RawRow, latCol, lat, lngCol, lng string) *RowError {
	lat, lng = strings.TrimSpace(lat), strings.TrimSpace(lng)
	switch {
	case lat == "" && lng == "":
		return nil
	case lat == "":
		return raw.Errorf(latCol, "latitude is blank but longitude is not")
	case lng == "":
		return raw.Errorf(lngCol, "longitude is blank but latitude is not")
	}
	var err error
	if raw.Lat, err = ParseDecimal(lat); err != nil {
		return raw.Errorf(latCol, "latitude %v", err)
	}
	if raw.Lng, err = ParseDecimal(lng); err != nil {
		return raw.Errorf(lngCol, "longitude %v", err)
	}
	raw.HasLocation = true
	return nil
}
