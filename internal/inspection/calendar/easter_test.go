package calendar

import (
	"testing"
	"time"
)

// TestEasterSunday checks the anonymous Gregorian algorithm against the examples Jean Meeus
// gives with it (Astronomical Algorithms, 2nd ed., 1998, chapter 8: 1991, 1992, 1993, 1954,
// 2000, 1818), against the extremes he names (22 March in 2285, 25 April in 2038) and against
// recent and coming years as the Church of England's tables give them.
func TestEasterSunday(t *testing.T) {
	for _, tt := range []struct {
		year  int
		month time.Month
		day   int
	}{
		{1991, time.March, 31}, {1992, time.April, 19}, {1993, time.April, 11}, {1954, time.April, 18},
		{2000, time.April, 23}, {1818, time.March, 22}, {2285, time.March, 22}, {2038, time.April, 25},
		{2024, time.March, 31}, {2025, time.April, 20}, {2026, time.April, 5}, {2027, time.March, 28},
	} {
		if got, want := easterSunday(tt.year), NewDate(tt.year, tt.month, tt.day); got != want {
			t.Errorf("Easter %d = %s, want %s", tt.year, got, want)
		}
	}
}
