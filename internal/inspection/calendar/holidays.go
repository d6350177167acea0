package calendar

// The bank holidays of England and Wales, 2018–2030 inclusive, as GOV.UK publishes them at
// https://www.gov.uk/bank-holidays.json (division "england-and-wales": title, date, notes).
//
// How sure each year is (see YearSource):
//   - 2018–2027 "published": copied from GOV.UK's list, one-off days included: 2020-05-08
//     (the early May bank holiday moved to Friday for VE Day), 2022-06-02 and 2022-06-03 (the
//     spring bank holiday moved and the Platinum Jubilee bank holiday added), 2022-09-19 (the
//     State Funeral of Queen Elizabeth II), 2023-05-08 (the coronation of King Charles III).
//   - 2028 "announced": GOV.UK's list was extended to 2028 late in 2025 (New Year's Day on a
//     Saturday gives Monday 3 January); the dates are those of the standard rules below.
//   - 2029–2030 "derived": not yet announced; worked out by the standard rules of the Banking
//     and Financial Dealings Act 1971 and royal proclamation practice: New Year's Day (a
//     weekend one moves to the Monday), Good Friday, Easter Monday, the first Monday of May,
//     the last Monday of May, the last Monday of August, Christmas Day and Boxing Day (a
//     weekend one moves to the next weekday not already a holiday). A one-off day proclaimed
//     later must be added here by hand.
//
// TestTableFollowsTheRules checks every year against those rules, with the one-off days of
// 2020, 2022 and 2023 as the only differences.

// FirstYear and LastYear bound the table: a date outside them is an error.
const (
	FirstYear = 2018
	LastYear  = 2030
)

// Source names where the table comes from.
const Source = "GOV.UK bank holidays, England and Wales (https://www.gov.uk/bank-holidays.json)"

// YearSource says how each year of the table is known: "published" (copied from GOV.UK),
// "announced" (announced by the government, dates by the standard rules) or "derived" (the
// standard rules only; not yet announced).
func YearSource(year int) string {
	switch {
	case year < FirstYear || year > LastYear:
		return ""
	case year <= 2027:
		return "published"
	case year == 2028:
		return "announced"
	}
	return "derived"
}

// Holiday is one bank holiday as GOV.UK lists it.
type Holiday struct {
	Date  string `json:"date"`
	Title string `json:"title"`
	Notes string `json:"notes"` // "Substitute day" when the holiday moved off a weekend
}

// englandAndWales is the table, in date order.
var englandAndWales = []Holiday{
	// 2018
	{"2018-01-01", "New Year’s Day", ""},
	{"2018-03-30", "Good Friday", ""},
	{"2018-04-02", "Easter Monday", ""},
	{"2018-05-07", "Early May bank holiday", ""},
	{"2018-05-28", "Spring bank holiday", ""},
	{"2018-08-27", "Summer bank holiday", ""},
	{"2018-12-25", "Christmas Day", ""},
	{"2018-12-26", "Boxing Day", ""},
	// 2019
	{"2019-01-01", "New Year’s Day", ""},
	{"2019-04-19", "Good Friday", ""},
	{"2019-04-22", "Easter Monday", ""},
	{"2019-05-06", "Early May bank holiday", ""},
	{"2019-05-27", "Spring bank holiday", ""},
	{"2019-08-26", "Summer bank holiday", ""},
	{"2019-12-25", "Christmas Day", ""},
	{"2019-12-26", "Boxing Day", ""},
	// 2020
	{"2020-01-01", "New Year’s Day", ""},
	{"2020-04-10", "Good Friday", ""},
	{"2020-04-13", "Easter Monday", ""},
	{"2020-05-08", "Early May bank holiday (VE day)", ""},
	{"2020-05-25", "Spring bank holiday", ""},
	{"2020-08-31", "Summer bank holiday", ""},
	{"2020-12-25", "Christmas Day", ""},
	{"2020-12-28", "Boxing Day", "Substitute day"},
	// 2021
	{"2021-01-01", "New Year’s Day", ""},
	{"2021-04-02", "Good Friday", ""},
	{"2021-04-05", "Easter Monday", ""},
	{"2021-05-03", "Early May bank holiday", ""},
	{"2021-05-31", "Spring bank holiday", ""},
	{"2021-08-30", "Summer bank holiday", ""},
	{"2021-12-27", "Christmas Day", "Substitute day"},
	{"2021-12-28", "Boxing Day", "Substitute day"},
	// 2022
	{"2022-01-03", "New Year’s Day", "Substitute day"},
	{"2022-04-15", "Good Friday", ""},
	{"2022-04-18", "Easter Monday", ""},
	{"2022-05-02", "Early May bank holiday", ""},
	{"2022-06-02", "Spring bank holiday", ""},
	{"2022-06-03", "Platinum Jubilee bank holiday", ""},
	{"2022-08-29", "Summer bank holiday", ""},
	{"2022-09-19", "Bank Holiday for the State Funeral of Queen Elizabeth II", ""},
	{"2022-12-26", "Boxing Day", ""},
	{"2022-12-27", "Christmas Day", "Substitute day"},
	// 2023
	{"2023-01-02", "New Year’s Day", "Substitute day"},
	{"2023-04-07", "Good Friday", ""},
	{"2023-04-10", "Easter Monday", ""},
	{"2023-05-01", "Early May bank holiday", ""},
	{"2023-05-08", "Bank holiday for the coronation of King Charles III", ""},
	{"2023-05-29", "Spring bank holiday", ""},
	{"2023-08-28", "Summer bank holiday", ""},
	{"2023-12-25", "Christmas Day", ""},
	{"2023-12-26", "Boxing Day", ""},
	// 2024
	{"2024-01-01", "New Year’s Day", ""},
	{"2024-03-29", "Good Friday", ""},
	{"2024-04-01", "Easter Monday", ""},
	{"2024-05-06", "Early May bank holiday", ""},
	{"2024-05-27", "Spring bank holiday", ""},
	{"2024-08-26", "Summer bank holiday", ""},
	{"2024-12-25", "Christmas Day", ""},
	{"2024-12-26", "Boxing Day", ""},
	// 2025
	{"2025-01-01", "New Year’s Day", ""},
	{"2025-04-18", "Good Friday", ""},
	{"2025-04-21", "Easter Monday", ""},
	{"2025-05-05", "Early May bank holiday", ""},
	{"2025-05-26", "Spring bank holiday", ""},
	{"2025-08-25", "Summer bank holiday", ""},
	{"2025-12-25", "Christmas Day", ""},
	{"2025-12-26", "Boxing Day", ""},
	// 2026
	{"2026-01-01", "New Year’s Day", ""},
	{"2026-04-03", "Good Friday", ""},
	{"2026-04-06", "Easter Monday", ""},
	{"2026-05-04", "Early May bank holiday", ""},
	{"2026-05-25", "Spring bank holiday", ""},
	{"2026-08-31", "Summer bank holiday", ""},
	{"2026-12-25", "Christmas Day", ""},
	{"2026-12-28", "Boxing Day", "Substitute day"},
	// 2027
	{"2027-01-01", "New Year’s Day", ""},
	{"2027-03-26", "Good Friday", ""},
	{"2027-03-29", "Easter Monday", ""},
	{"2027-05-03", "Early May bank holiday", ""},
	{"2027-05-31", "Spring bank holiday", ""},
	{"2027-08-30", "Summer bank holiday", ""},
	{"2027-12-27", "Christmas Day", "Substitute day"},
	{"2027-12-28", "Boxing Day", "Substitute day"},
	// 2028
	{"2028-01-03", "New Year’s Day", "Substitute day"},
	{"2028-04-14", "Good Friday", ""},
	{"2028-04-17", "Easter Monday", ""},
	{"2028-05-01", "Early May bank holiday", ""},
	{"2028-05-29", "Spring bank holiday", ""},
	{"2028-08-28", "Summer bank holiday", ""},
	{"2028-12-25", "Christmas Day", ""},
	{"2028-12-26", "Boxing Day", ""},
	// 2029
	{"2029-01-01", "New Year’s Day", ""},
	{"2029-03-30", "Good Friday", ""},
	{"2029-04-02", "Easter Monday", ""},
	{"2029-05-07", "Early May bank holiday", ""},
	{"2029-05-28", "Spring bank holiday", ""},
	{"2029-08-27", "Summer bank holiday", ""},
	{"2029-12-25", "Christmas Day", ""},
	{"2029-12-26", "Boxing Day", ""},
	// 2030
	{"2030-01-01", "New Year’s Day", ""},
	{"2030-04-19", "Good Friday", ""},
	{"2030-04-22", "Easter Monday", ""},
	{"2030-05-06", "Early May bank holiday", ""},
	{"2030-05-27", "Spring bank holiday", ""},
	{"2030-08-26", "Summer bank holiday", ""},
	{"2030-12-25", "Christmas Day", ""},
	{"2030-12-26", "Boxing Day", ""},
}
