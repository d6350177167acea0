package inspection_test

import (
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

var d = calendar.MustParse

// dues returns key → due date of a timetable.
func dues(ms []inspection.Milestone) map[string]string {
	out := map[string]string{}
	for _, m := range ms {
		out[m.Key] = m.Due.String()
	}
	return out
}

func checkDues(t *testing.T, ms []inspection.Milestone, want map[string]string) {
	t.Helper()
	got := dues(ms)
	for _, k := range inspection.MilestoneKeys() {
		if got[k] != want[k] {
			t.Errorf("%s due %s, want %s", k, got[k], want[k])
		}
	}
}

// The worked dates below were counted by hand on a calendar, one working day at a time; a
// working day is Monday to Friday and not an England and Wales bank holiday.
func TestTimetableWorkedDates(t *testing.T) {
	today := d("2020-01-01") // before everything: nothing is late
	tests := []struct {
		name     string
		notified string
		want     map[string]string
	}{
		{
			// Easter 2024: Good Friday 29 March, Easter Monday 1 April; early May bank holiday
			// 6 May, spring bank holiday 27 May, summer bank holiday 26 August.
			// From Monday 18 March: 19, 20, 21, 22, 25, 26, 27, 28 March are working days
			// 1–8; 29 March and 1 April are holidays; Tuesday 2 April is 9 (case audits) and
			// Wednesday 3 April is 10 (fieldwork starts). Fieldwork's 5 days are 3, 4, 5, 8, 9
			// April, so it ends on Tuesday 9 April.
			// Draft letter, 15 after 9 April: 10–12 (3), 15–19 (8), 22–26 (13), 29, 30 → 30 April.
			// Comments, 9 after the draft: 1–3 May (3), 6 May holiday, 7–10 (7), 13, 14 → 14 May.
			// Final letter, 7 after: 15–17 (3), 20–23 (7) → Thursday 23 May.
			// Publication, 3 after: 24 May, 27 May holiday, 28, 29 → Wednesday 29 May.
			// Written statement, 70 after 29 May: 30–31 May (2), June's four full weeks (22),
			// July's five weeks to 2 August (47), 5–23 August (62), 26 August holiday,
			// 27–30 August (66), 2–5 September (70) → Thursday 5 September.
			name: "across Easter 2024", notified: "2024-03-18",
			want: map[string]string{
				"notification": "2024-03-18", "case_audits": "2024-04-02", "fieldwork_start": "2024-04-03",
				"fieldwork_end": "2024-04-09", "draft_letter": "2024-04-30", "partnership_comments": "2024-05-14",
				"final_letter": "2024-05-23", "publication": "2024-05-29", "written_statement": "2024-09-05",
			},
		},
		{
			// Christmas 2021: the 25th and 26th fall on a weekend, so Monday 27 and Tuesday 28
			// December are the substitute days; New Year's Day 2022 is a Saturday, so Monday
			// 3 January is its substitute.
			// From Monday 6 December: 7–10 (4), 13–17 (9: case audits Friday 17 December),
			// Monday 20 December is 10: fieldwork starts. Fieldwork is 20–24 December, ending on
			// Friday 24 December (Christmas Eve is a working day).
			// Draft letter, 15 after 24 December: 27 and 28 are holidays, 29–31 (3), 3 January
			// holiday, 4–7 (7), 10–14 (12), 17–19 (15) → Wednesday 19 January 2022.
			// Comments, 9 after: 20–21 (2), 24–28 (7), 31 January, 1 February → 1 February.
			// Final letter, 7 after: 2–4 (3), 7–10 (7) → Thursday 10 February.
			// Publication, 3 after: 11, 14, 15 → Tuesday 15 February.
			// Written statement, 70 after 15 February: 16–18 (3), five weeks to 25 March (28),
			// 28 March–8 April (38), 11–14 April (42), Good Friday 15 and Easter Monday 18
			// April, 19–22 (46), 25–29 (51), 2 May holiday, 3–6 (55), 9–13 (60), 16–20 (65),
			// 23–27 (70) → Friday 27 May 2022.
			name: "across Christmas 2021 and New Year 2022", notified: "2021-12-06",
			want: map[string]string{
				"notification": "2021-12-06", "case_audits": "2021-12-17", "fieldwork_start": "2021-12-20",
				"fieldwork_end": "2021-12-24", "draft_letter": "2022-01-19", "partnership_comments": "2022-02-01",
				"final_letter": "2022-02-10", "publication": "2022-02-15", "written_statement": "2022-05-27",
			},
		},
		{
			// The one-off bank holiday for the State Funeral of Queen Elizabeth II, Monday
			// 19 September 2022, falls on the day fieldwork would have started.
			// From Monday 5 September: 6–9 (4), 12–16 (9: case audits Friday 16 September),
			// 19 September holiday, Tuesday 20 September is 10: fieldwork starts. Fieldwork is
			// 20, 21, 22, 23, 26 September, ending Monday 26 September.
			// Draft letter, 15 after: 27–30 (4), 3–7 October (9), 10–14 (14), 17 → 17 October.
			// Comments, 9 after: 18–21 (4), 24–28 (9) → Friday 28 October.
			// Final letter, 7 after: 31 October, 1–4 November (5), 7, 8 → Tuesday 8 November.
			// Publication, 3 after: 9, 10, 11 → Friday 11 November.
			// Written statement, 70 after 11 November: six weeks 14 November–23 December (30),
			// 26 December (Boxing Day) and 27 December (Christmas substitute) holidays,
			// 28–30 (33), 2 January 2023 holiday, 3–6 (37), five weeks to 10 February (62),
			// 13–17 (67), 20, 21, 22 → Wednesday 22 February 2023.
			name: "across the State Funeral bank holiday", notified: "2022-09-05",
			want: map[string]string{
				"notification": "2022-09-05", "case_audits": "2022-09-16", "fieldwork_start": "2022-09-20",
				"fieldwork_end": "2022-09-26", "draft_letter": "2022-10-17", "partnership_comments": "2022-10-28",
				"final_letter": "2022-11-08", "publication": "2022-11-11", "written_statement": "2023-02-22",
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ms := inspection.Timetable(d(tt.notified), nil, nil, today)
			checkDues(t, ms, tt.want)
			for _, m := range ms {
				if m.Late || m.Error != "" {
					t.Errorf("%s late=%v error=%q", m.Key, m.Late, m.Error)
				}
			}
		})
	}
}

// The published counts hold from the last day of fieldwork whatever the chain of steps.
func TestTimetableCountsFromFieldworkEnd(t *testing.T) {
	for _, notified := range []string{"2019-04-08", "2022-05-23", "2023-04-24", "2025-12-01", "2026-03-16"} {
		ms := dues(inspection.Timetable(d(notified), nil, nil, d(notified)))
		end := d(ms["fieldwork_end"])
		for key, n := range map[string]int{"draft_letter": 15, "partnership_comments": 24, "final_letter": 31, "publication": 34} {
			want, _ := calendar.AddWorkingDays(end, n)
			if ms[key] != want.String() {
				t.Errorf("notified %s: %s %s, want %d working days after %s = %s", notified, key, ms[key], n, end, want)
			}
		}
		start, _ := calendar.AddWorkingDays(d(notified), 10)
		if ms["fieldwork_start"] != start.String() {
			t.Errorf("notified %s: fieldwork_start %s, want %s", notified, ms["fieldwork_start"], start)
		}
	}
}

func TestActualDatesMoveLaterMilestones(t *testing.T) {
	// The Easter 2024 inspection above. Fieldwork ran a day over, to Wednesday 10 April:
	// the draft letter is then due 15 working days after 10 April: 11, 12, 15–19, 22–26,
	// 29, 30 April, 1 May → Wednesday 1 May; comments 9 after: 2, 3, (6 May holiday), 7–10,
	// 13–15 → 15 May; final letter 7 after: 16, 17, 20–24 → 24 May; publication 3 after:
	// (27 May holiday) 28, 29, 30 → Thursday 30 May.
	actual := map[string]calendar.Date{"fieldwork_end": d("2024-04-10")}
	ms := inspection.Timetable(d("2024-03-18"), actual, nil, d("2024-04-11"))
	got := dues(ms)
	for k, want := range map[string]string{"fieldwork_end": "2024-04-09", "draft_letter": "2024-05-01",
		"partnership_comments": "2024-05-15", "final_letter": "2024-05-24", "publication": "2024-05-30"} {
		if got[k] != want {
			t.Errorf("%s due %s, want %s", k, got[k], want)
		}
	}
	late := map[string]bool{}
	for _, m := range ms {
		late[m.Key] = m.Late
	}
	// Done after its due date: late. Case audits (due 2 April) and fieldwork start (3 April)
	// have no actual date and were due before today (11 April): late. The rest are not due.
	for k, want := range map[string]bool{"notification": false, "case_audits": true, "fieldwork_start": true,
		"fieldwork_end": true, "draft_letter": false, "publication": false} {
		if late[k] != want {
			t.Errorf("%s late = %v, want %v", k, late[k], want)
		}
	}

	// Publication on Monday 3 June moves the written statement to 70 working days after it:
	// 4–7 June (4), 10 June–23 August, eleven weeks (59), 26 August holiday, 27–30 August (63),
	// 2–6 September (68), 9, 10 → Tuesday 10 September 2024.
	actual["publication"] = d("2024-06-03")
	ms = inspection.Timetable(d("2024-03-18"), actual, nil, d("2024-06-04"))
	if got := dues(ms)["written_statement"]; got != "2024-09-10" {
		t.Errorf("written_statement due %s, want 2024-09-10", got)
	}

	// Not required: never late.
	no := false
	ms = inspection.Timetable(d("2024-03-18"), actual, &no, d("2025-01-01"))
	ws := ms[len(ms)-1]
	if ws.Key != "written_statement" || ws.Required || ws.Late {
		t.Errorf("written statement not required: %+v", ws)
	}
}

func TestTimetableBeyondTheCalendarIsAnError(t *testing.T) {
	// Notified in November 2100: the letters fall in 2101, beyond the bank-holiday calendar.
	ms := inspection.Timetable(d("2100-11-01"), nil, nil, d("2100-11-01"))
	got := dues(ms)
	if got["fieldwork_start"] != "2100-11-15" {
		t.Errorf("fieldwork_start %s, want 2100-11-15", got["fieldwork_start"])
	}
	outside := 0
	for _, m := range ms {
		if strings.Contains(m.Error, "outside the bank-holiday calendar") {
			outside++
		}
	}
	ws := ms[len(ms)-1]
	if outside == 0 || !ws.Due.IsZero() || ws.Error == "" {
		t.Errorf("timetable %+v, want the first milestone past 2100 to say why it has no date, and the written statement none", ms)
	}
}

func TestNotificationCheck(t *testing.T) {
	for _, tt := range []struct {
		date       string
		warn       bool
		refusalHas string
	}{
		{"2024-03-18", false, ""},              // Monday
		{"2024-03-19", true, ""},               // Tuesday: accepted with a warning
		{"2024-03-16", false, "is a Saturday"}, // weekend
		{"2024-03-17", false, "is a Sunday"},   // weekend
		{"2024-04-01", false, "bank holiday in England and Wales (Easter Monday)"},
		{"2022-09-19", false, "State Funeral"}, // one-off bank holiday on a Monday
		{"2024-03-29", false, "(Good Friday)"},
		{"1977-06-06", false, "outside the bank-holiday calendar"},
		{"2017-06-05", false, ""}, // a Monday, before the years GOV.UK lists
		{"2031-06-02", false, ""}, // a Monday after them
	} {
		warnings, refusal := inspection.NotificationCheck(d(tt.date))
		if tt.refusalHas == "" && refusal != "" || !strings.Contains(refusal, tt.refusalHas) {
			t.Errorf("%s: refusal %q, want one containing %q", tt.date, refusal, tt.refusalHas)
		}
		if (len(warnings) > 0) != tt.warn {
			t.Errorf("%s: warnings %q, want warning=%v", tt.date, warnings, tt.warn)
		}
	}
}
