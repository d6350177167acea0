package calendar

import (
	"fmt"
	"sort"
	"time"
)

// The bank holidays of England and Wales are computed for any year from FirstYear to LastYear
// by the standard rules of the Banking and Financial Dealings Act 1971 and the royal
// proclamations made under it every year:
//   - New Year's Day, 1 January (a bank holiday since 1974);
//   - Good Friday and Easter Monday, from Easter Sunday by the anonymous Gregorian algorithm
//     (see easterSunday);
//   - the early May bank holiday, the first Monday of May (since 1978);
//   - the spring bank holiday, the last Monday of May;
//   - the summer bank holiday, the last Monday of August;
//   - Christmas Day and Boxing Day.
//
// A holiday on a Saturday or a Sunday has a substitute day: the next weekday that is not
// already a holiday (New Year's Day on a Saturday gives Monday 3 January; Christmas Day on a
// Saturday gives Monday 27 and Tuesday 28 December; on a Sunday Boxing Day stays Monday 26 and
// Christmas Day moves to Tuesday 27).
//
// The one-off changes proclaimed since 1978 are in oneOffs. A one-off day proclaimed in future
// must be added there: until then a year after the last proclamation is the standard rules'.
// The rules reproduce GOV.UK's published list (https://www.gov.uk/bank-holidays.json) for
// 2018–2030 exactly, which a test checks.

// FirstYear and LastYear bound the calendar: a date outside them is an error. 1978 is the first
// year of the early May bank holiday; before it the rules differed.
const (
	FirstYear = 1978
	LastYear  = 2100
)

// Source names where the calendar comes from.
const Source = "England and Wales bank holidays by the rules of the Banking and Financial Dealings Act 1971 and royal proclamations, one-off days included; matches GOV.UK (https://www.gov.uk/bank-holidays.json)"

// Holiday is one bank holiday as GOV.UK lists it.
type Holiday struct {
	Date  string `json:"date"`
	Title string `json:"title"`
	Notes string `json:"notes"` // "Substitute day" when the holiday moved off a weekend
}

// Titles as GOV.UK writes them.
const (
	titleNewYear   = "New Year’s Day"
	titleGoodFri   = "Good Friday"
	titleEasterMon = "Easter Monday"
	titleEarlyMay  = "Early May bank holiday"
	titleSpring    = "Spring bank holiday"
	titleSummer    = "Summer bank holiday"
	titleChristmas = "Christmas Day"
	titleBoxing    = "Boxing Day"
	substitute     = "Substitute day"
)

// oneOff is a proclaimed change to a year's standard holidays: the standard holiday titled
// moved (if any) is moved to the date, or, with no moved title, the date is an extra holiday.
type oneOff struct {
	date  string
	title string
	moved string // the standard holiday it replaces, or "" for an additional day
}

// oneOffs are the changes proclaimed since 1978.
var oneOffs = []oneOff{
	{"1981-07-29", "Royal wedding of the Prince of Wales and Lady Diana Spencer", ""},
	{"1995-05-08", "Early May bank holiday (VE day)", titleEarlyMay}, // 50th anniversary, moved from 1 May
	{"1999-12-31", "Millennium celebrations", ""},
	{"2002-06-03", "Golden Jubilee bank holiday", ""},
	{"2002-06-04", titleSpring, titleSpring}, // moved from 27 May
	{"2011-04-29", "Royal wedding", ""},
	{"2012-06-04", titleSpring, titleSpring}, // moved from 28 May
	{"2012-06-05", "Queen’s Diamond Jubilee", ""},
	{"2020-05-08", "Early May bank holiday (VE day)", titleEarlyMay}, // 75th anniversary, moved from 4 May
	{"2022-06-02", titleSpring, titleSpring},                         // moved from 30 May
	{"2022-06-03", "Platinum Jubilee bank holiday", ""},
	{"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II", ""},
	{"2023-05-08", "Bank holiday for the coronation of King Charles III", ""},
}

// OutOfRangeError is returned for a date outside the years of the calendar.
type OutOfRangeError struct{ Date Date }

func (e *OutOfRangeError) Error() string {
	return fmt.Sprintf("%s is outside the bank-holiday calendar: England and Wales bank holidays are known for %d to %d",
		e.Date, FirstYear, LastYear)
}

// byYear holds every year's holidays, computed once.
var byYear, byDate = func() (map[int][]Holiday, map[Date]Holiday) {
	years := map[int][]Holiday{}
	dates := map[Date]Holiday{}
	for y := FirstYear; y <= LastYear; y++ {
		hs := computeYear(y)
		years[y] = hs
		for _, h := range hs {
			dates[MustParse(h.Date)] = h
		}
	}
	return years, dates
}()

// computeYear applies the rules and the year's one-off changes.
func computeYear(y int) []Holiday {
	type day struct {
		d            Date
		title, notes string
	}
	easter := easterSunday(y)
	days := []day{
		{NewDate(y, time.January, 1), titleNewYear, ""},
		{easter.AddDays(-2), titleGoodFri, ""},
		{easter.AddDays(1), titleEasterMon, ""},
		{mondayOf(y, time.May, false), titleEarlyMay, ""},
		{mondayOf(y, time.May, true), titleSpring, ""},
		{mondayOf(y, time.August, true), titleSummer, ""},
	}
	for _, o := range oneOffs {
		d := MustParse(o.date)
		if d.Year() != y {
			continue
		}
		if o.moved == "" {
			days = append(days, day{d, o.title, ""})
			continue
		}
		for i := range days {
			if days[i].title == o.moved {
				days[i] = day{d, o.title, ""}
			}
		}
	}
	if nyd := days[0].d; IsWeekend(nyd) {
		days[0] = day{nextWeekday(nyd), titleNewYear, substitute}
	}
	// Christmas Day and Boxing Day: one on a weekend moves to the next weekday that is not
	// already a holiday, the days on weekdays being placed first.
	taken := map[Date]bool{}
	xmas := []day{{NewDate(y, time.December, 25), titleChristmas, ""}, {NewDate(y, time.December, 26), titleBoxing, ""}}
	for _, x := range xmas {
		if !IsWeekend(x.d) {
			taken[x.d] = true
		}
	}
	for _, x := range xmas {
		if IsWeekend(x.d) {
			x.d, x.notes = nextWeekday(x.d), substitute
			for taken[x.d] {
				x.d = nextWeekday(x.d)
			}
			taken[x.d] = true
		}
		days = append(days, x)
	}
	sort.Slice(days, func(i, j int) bool { return days[i].d.Before(days[j].d) })
	out := make([]Holiday, len(days))
	for i, d := range days {
		out[i] = Holiday{Date: d.d.String(), Title: d.title, Notes: d.notes}
	}
	return out
}

// nextWeekday returns the first Monday-to-Friday day after d.
func nextWeekday(d Date) Date {
	d = d.AddDays(1)
	for IsWeekend(d) {
		d = d.AddDays(1)
	}
	return d
}

// mondayOf returns the first (or, with last, the last) Monday of month m of year y.
func mondayOf(y int, m time.Month, last bool) Date {
	d, step := NewDate(y, m, 1), 1
	if last {
		d, step = NewDate(y, m+1, 0), -1
	}
	for d.Weekday() != time.Monday {
		d = d.AddDays(step)
	}
	return d
}

// easterSunday returns Easter Sunday of year y (Gregorian calendar) by the anonymous Gregorian
// algorithm, as given by Jean Meeus, Astronomical Algorithms (2nd ed., 1998), chapter 8, valid
// for every Gregorian year.
func easterSunday(y int) Date {
	a := y % 19
	b, c := y/100, y%100
	d, e := b/4, b%4
	f := (b + 8) / 25
	g := (b - f + 1) / 3
	h := (19*a + b - d - g + 15) % 30
	i, k := c/4, c%4
	l := (32 + 2*e + 2*i - h - k) % 7
	m := (a + 11*h + 22*l) / 451
	month := (h + l - 7*m + 114) / 31
	day := (h+l-7*m+114)%31 + 1
	return NewDate(y, time.Month(month), day)
}
