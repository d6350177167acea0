package calendar_test

import (
	"errors"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// easter is Easter Sunday by Gauss's Easter formula in Heiner Lichtenberg's form (1997), valid
// for every Gregorian year: a second hand, by another algorithm than the calendar's own
// (Meeus/Jones/Butcher), against which the calendar's rules are checked.
func easter(y int) calendar.Date {
	k := y / 100
	moonShift := 15 + (3*k+3)/4 - (8*k+13)/25
	sunShift := 2 - (3*k+3)/4
	golden := y % 19
	seed := (19*golden + moonShift) % 30
	correction := (seed + golden/11) / 29
	fullMoon := 21 + seed - correction // the paschal full moon, as a day of March
	firstSunday := 7 - (y+y/4+sunShift)%7
	return calendar.NewDate(y, time.March, fullMoon+7-(fullMoon-firstSunday)%7) // days past 31 March run into April
}

func monday(y int, m time.Month, last bool) calendar.Date {
	d := calendar.NewDate(y, m, 1)
	step := 1
	if last {
		d, step = calendar.NewDate(y, m+1, 0), -1
	}
	for d.Weekday() != time.Monday {
		d = d.AddDays(step)
	}
	return d
}

// byRules is the year's bank holidays by the standard rules, without one-off days.
func byRules(y int) []string {
	var out []calendar.Date
	nyd := calendar.NewDate(y, 1, 1)
	switch nyd.Weekday() {
	case time.Saturday:
		nyd = nyd.AddDays(2)
	case time.Sunday:
		nyd = nyd.AddDays(1)
	}
	e := easter(y)
	out = append(out, nyd, e.AddDays(-2), e.AddDays(1), monday(y, time.May, false), monday(y, time.May, true),
		monday(y, time.August, true))
	// Christmas and Boxing Day: a weekend one moves to the next weekday not already a holiday.
	xmas, boxing := calendar.NewDate(y, 12, 25), calendar.NewDate(y, 12, 26)
	switch xmas.Weekday() {
	case time.Friday: // Boxing Day on Saturday → Monday 28th
		boxing = boxing.AddDays(2)
	case time.Saturday: // Monday 27th and Tuesday 28th
		xmas, boxing = xmas.AddDays(2), boxing.AddDays(2)
	case time.Sunday: // Boxing Day on Monday 26th, Christmas on Tuesday 27th
		xmas = xmas.AddDays(2)
	}
	out = append(out, xmas, boxing)
	s := make([]string, len(out))
	for i, d := range out {
		s[i] = d.String()
	}
	slices.Sort(s)
	return s
}

// TestRulesReproduceThePublishedTable checks the computed calendar against GOV.UK's list for
// 2018–2030, date, title and notes.
func TestRulesReproduceThePublishedTable(t *testing.T) {
	var got []calendar.Holiday
	for y := 2018; y <= 2030; y++ {
		hs, err := calendar.Holidays(y)
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, hs...)
	}
	want := publishedTable(t)
	if !slices.Equal(got, want) {
		for i := range max(len(got), len(want)) {
			var g, w calendar.Holiday
			if i < len(got) {
				g = got[i]
			}
			if i < len(want) {
				w = want[i]
			}
			if g != w {
				t.Errorf("holiday %d: computed %+v, published %+v", i, g, w)
			}
		}
	}
}

// TestEveryYearFollowsTheRules checks every year of the calendar against rules worked out
// independently here, with the proclaimed one-off changes as the only differences.
func TestEveryYearFollowsTheRules(t *testing.T) {
	added := map[string]bool{"1981-07-29": true, "1995-05-08": true, "1999-12-31": true, "2002-06-03": true, "2002-06-04": true,
		"2011-04-29": true, "2012-06-04": true, "2012-06-05": true, "2020-05-08": true, "2022-06-02": true, "2022-06-03": true,
		"2022-09-19": true, "2023-05-08": true}
	removed := map[string]bool{"1995-05-01": true, "2002-05-27": true, "2012-05-28": true, "2020-05-04": true, "2022-05-30": true}
	for y := calendar.FirstYear; y <= calendar.LastYear; y++ {
		hs, err := calendar.Holidays(y)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, h := range hs {
			if !added[h.Date] {
				got = append(got, h.Date)
			}
		}
		var want []string
		for _, d := range byRules(y) {
			if !removed[d] {
				want = append(want, d)
			}
		}
		if !slices.Equal(got, want) {
			t.Errorf("%d: calendar %v\nrules %v", y, got, want)
		}
	}
}

func TestCalendarIsWellFormed(t *testing.T) {
	prev := ""
	for y := calendar.FirstYear; y <= calendar.LastYear; y++ {
		hs, _ := calendar.Holidays(y)
		if len(hs) < 8 {
			t.Errorf("%d has %d bank holidays, want at least 8", y, len(hs))
		}
		for _, h := range hs {
			d := calendar.MustParse(h.Date)
			if calendar.IsWeekend(d) {
				t.Errorf("%s (%s) is a %s", h.Date, h.Title, d.Weekday())
			}
			if d.Year() != y {
				t.Errorf("%s (%s) is listed in %d", h.Date, h.Title, y)
			}
			if h.Date <= prev {
				t.Errorf("%s is out of order or repeated", h.Date)
			}
			prev = h.Date
		}
	}
}

func TestOneOffDays(t *testing.T) {
	for _, tt := range []struct{ date, title string }{
		{"1981-07-29", "Royal wedding of the Prince of Wales and Lady Diana Spencer"},
		{"1995-05-08", "Early May bank holiday (VE day)"},
		{"1999-12-31", "Millennium celebrations"},
		{"2002-06-03", "Golden Jubilee bank holiday"},
		{"2002-06-04", "Spring bank holiday"},
		{"2011-04-29", "Royal wedding"},
		{"2012-06-04", "Spring bank holiday"},
		{"2012-06-05", "Queen’s Diamond Jubilee"},
		{"2020-05-08", "Early May bank holiday (VE day)"},
		{"2022-06-02", "Spring bank holiday"},
		{"2022-06-03", "Platinum Jubilee bank holiday"},
		{"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II"},
		{"2023-05-08", "Bank holiday for the coronation of King Charles III"},
	} {
		h, ok, err := calendar.BankHoliday(calendar.MustParse(tt.date))
		if err != nil || !ok || h.Title != tt.title {
			t.Errorf("%s: got %+v %v %v, want %q", tt.date, h, ok, err, tt.title)
		}
	}
	// The days the moved holidays would have fallen on are ordinary working days.
	for _, d := range []string{"1995-05-01", "2002-05-27", "2012-05-28", "2020-05-04", "2022-05-30"} {
		if ok, err := calendar.IsWorkingDay(calendar.MustParse(d)); !ok || err != nil {
			t.Errorf("%s: working day = %v %v, want true", d, ok, err)
		}
	}
}

// TestOlderAndLaterYears checks dates known from the published lists of their years.
func TestOlderAndLaterYears(t *testing.T) {
	for _, tt := range []struct {
		date string
		want bool // a working day
	}{
		{"1978-03-24", false}, // Good Friday 1978 (Easter 26 March)
		{"1978-05-01", false}, // the first early May bank holiday
		{"1983-01-03", false}, // New Year's Day substitute (1 January a Saturday)
		{"1995-05-08", false}, // VE Day 50th anniversary
		{"1999-12-27", false}, // Christmas Day substitute (25th a Saturday)
		{"1999-12-28", false}, // Boxing Day substitute
		{"1999-12-29", true},
		{"2000-01-03", false}, // New Year's Day 2000 substitute
		{"2002-06-03", false}, // Golden Jubilee
		{"2004-12-28", false}, // Boxing Day substitute (26th a Sunday, 25th a Saturday)
		{"2011-04-29", false}, // royal wedding
		{"2011-04-25", false}, // Easter Monday 2011, the same week
		{"2016-12-27", false}, // Christmas Day substitute (25th a Sunday, Boxing Day Monday 26th)
		{"2038-04-26", false}, // Easter Monday of the latest Easter of the century (25 April)
		{"2100-12-28", false}, // Boxing Day substitute (25th a Saturday)
	} {
		got, err := calendar.IsWorkingDay(calendar.MustParse(tt.date))
		if err != nil || got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, %v; want %v", tt.date, got, err, tt.want)
		}
	}
}

func TestIsWorkingDay(t *testing.T) {
	for _, tt := range []struct {
		date string
		want bool
	}{
		{"2024-03-28", true},  // Maundy Thursday
		{"2024-03-29", false}, // Good Friday
		{"2024-03-30", false}, // Saturday
		{"2024-04-01", false}, // Easter Monday
		{"2024-04-02", true},
		{"2021-12-27", false}, // Christmas Day substitute (25th a Saturday)
		{"2021-12-28", false}, // Boxing Day substitute
		{"2022-01-03", false}, // New Year's Day substitute
		{"2026-12-28", false}, // Boxing Day substitute (26th a Saturday)
		{"2028-01-03", false}, // announced substitute for Saturday 1 January 2028
		{"2030-12-27", true},
	} {
		got, err := calendar.IsWorkingDay(calendar.MustParse(tt.date))
		if err != nil || got != tt.want {
			t.Errorf("IsWorkingDay(%s) = %v, %v; want %v", tt.date, got, err, tt.want)
		}
	}
}

func TestAddWorkingDays(t *testing.T) {
	for _, tt := range []struct {
		name, from string
		n          int
		want       string
	}{
		{"plain week", "2024-06-03", 4, "2024-06-07"},
		{"over a weekend", "2024-06-07", 1, "2024-06-10"},
		{"zero is the day itself", "2024-06-08", 0, "2024-06-08"},
		{"from a Saturday", "2024-06-08", 1, "2024-06-10"},
		// Thursday 28 March 2024; Good Friday 29th, weekend, Easter Monday 1 April.
		{"over Easter 2024", "2024-03-28", 1, "2024-04-02"},
		// Friday 24 December 2021; weekend, then both Christmas substitutes (27th, 28th).
		{"over Christmas 2021", "2021-12-24", 1, "2021-12-29"},
		// Friday 16 September 2022; weekend, then the State Funeral on Monday 19th.
		{"over the State Funeral", "2022-09-16", 1, "2022-09-20"},
		// Thursday 7 May 2020 → the VE Day holiday on Friday 8th → Monday 11th.
		{"over VE Day 2020", "2020-05-07", 1, "2020-05-11"},
		{"backwards over Easter", "2024-04-02", -1, "2024-03-28"},
		{"backwards two weeks", "2024-06-14", -10, "2024-05-31"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, err := calendar.AddWorkingDays(calendar.MustParse(tt.from), tt.n)
			if err != nil || got.String() != tt.want {
				t.Errorf("AddWorkingDays(%s, %d) = %s, %v; want %s", tt.from, tt.n, got, err, tt.want)
			}
		})
	}
}

func TestOutsideTheCalendarIsAnError(t *testing.T) {
	var oor *calendar.OutOfRangeError
	for _, d := range []string{"1977-12-30", "2101-01-03"} {
		_, err := calendar.IsWorkingDay(calendar.MustParse(d))
		if !errors.As(err, &oor) || err.Error() != d+" is outside the bank-holiday calendar: England and Wales bank holidays are known for 1978 to 2100" {
			t.Errorf("%s: err %v, want OutOfRangeError naming the years", d, err)
		}
	}
	// Starting inside the calendar but running past its end is an error too, not a guess.
	if _, err := calendar.AddWorkingDays(calendar.MustParse("2100-12-20"), 10); !errors.As(err, &oor) || oor.Date.Year() != 2101 {
		t.Errorf("past 2100: err %v, want OutOfRangeError in 2101", err)
	}
	if _, err := calendar.Holidays(1977); err == nil {
		t.Error("Holidays(1977) succeeded")
	}
}

func TestDateJSON(t *testing.T) {
	var d calendar.Date
	if err := d.UnmarshalJSON([]byte(`"2024-02-29"`)); err != nil || d.String() != "2024-02-29" {
		t.Errorf("got %s %v", d, err)
	}
	for _, bad := range []string{`"2023-02-29"`, `"29/02/2024"`, `20240229`, `"2024-2-9"`} {
		if err := d.UnmarshalJSON([]byte(bad)); err == nil {
			t.Errorf("%s parsed", bad)
		}
	}
	if b, _ := (calendar.Date{}).MarshalJSON(); string(b) != "null" {
		t.Errorf("zero date marshals as %s", b)
	}
}

func ExampleAddWorkingDays() {
	// Fieldwork starts 10 working days after a notification on Monday 8 April 2024.
	start, _ := calendar.AddWorkingDays(calendar.MustParse("2024-04-08"), 10)
	fmt.Println(start, start.Weekday())
	// Output: 2024-04-22 Monday
}
