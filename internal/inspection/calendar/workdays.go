package calendar

import "time"

// inTable refuses a date outside the calendar's years.
func inTable(d Date) error {
	if d.IsZero() || d.Year() < FirstYear || d.Year() > LastYear {
		return &OutOfRangeError{Date: d}
	}
	return nil
}

// Holidays returns the bank holidays of year, in date order.
func Holidays(year int) ([]Holiday, error) {
	if err := inTable(NewDate(year, 1, 1)); err != nil {
		return nil, err
	}
	return append([]Holiday(nil), byYear[year]...), nil
}

// BankHoliday returns the bank holiday on d and whether there is one.
func BankHoliday(d Date) (Holiday, bool, error) {
	if err := inTable(d); err != nil {
		return Holiday{}, false, err
	}
	h, ok := byDate[d]
	return h, ok, nil
}

// IsWeekend reports whether d is a Saturday or a Sunday.
func IsWeekend(d Date) bool {
	w := d.Weekday()
	return w == time.Saturday || w == time.Sunday
}

// IsWorkingDay reports whether d is neither a weekend day nor a bank holiday in England and Wales.
func IsWorkingDay(d Date) (bool, error) {
	_, hol, err := BankHoliday(d)
	if err != nil {
		return false, err
	}
	return !hol && !IsWeekend(d), nil
}

// AddWorkingDays returns the n-th working day after d (n > 0) or before it (n < 0); d itself is
// not counted, so AddWorkingDays(Monday, 1) is Tuesday in a week without bank holidays, and a
// start on a weekend counts from the next working day. n == 0 returns d as it is. Every day
// passed over must be in the calendar's years.
func AddWorkingDays(d Date, n int) (Date, error) {
	if err := inTable(d); err != nil {
		return Date{}, err
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		ok, err := IsWorkingDay(d)
		if err != nil {
			return Date{}, err
		}
		if ok {
			n--
		}
	}
	return d, nil
}
