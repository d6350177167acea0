package inspection

import (
	"fmt"
	"time"

	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// Milestone keys, in the order they fall.
const (
	MilestoneNotification        = "notification"
	MilestoneCaseAudits          = "case_audits"
	MilestoneFieldworkStart      = "fieldwork_start"
	MilestoneFieldworkEnd        = "fieldwork_end"
	MilestoneDraftLetter         = "draft_letter"
	MilestonePartnershipComments = "partnership_comments"
	MilestoneFinalLetter         = "final_letter"
	MilestonePublication         = "publication"
	MilestoneWrittenStatement    = "written_statement"
)

// step is how one milestone is computed: WorkingDays after the date of From (its actual date
// when recorded, else its due date).
type step struct {
	key, title, from string
	workingDays      int
}

// steps follow ../shared/domain/JTAI.md. Each milestone is computed from the one it follows,
// so an actual date moves every milestone after it; without actual dates the gaps add up to
// the published counts from the last day of fieldwork: draft letter 15, the partnership's
// comments 24 (the DCS has 9 working days from the draft), final letter under embargo 31,
// publication 34. Fieldwork starts 10 working days after notification and lasts 5 working
// days, so its last day is 4 working days after its first. Case audits happen in week 2 and
// are due by its last working day, the day before fieldwork. The written statement of proposed
// action, when required, is due 70 working days after publication.
var steps = []step{
	{MilestoneNotification, "Notification; set-up discussion, Annex A information request and selection of children's cases (week 1)", "", 0},
	{MilestoneCaseAudits, "Case audits of the selected children complete; off-site analysis (end of week 2)", MilestoneNotification, 9},
	{MilestoneFieldworkStart, "Fieldwork starts on site (week 3)", MilestoneNotification, 10},
	{MilestoneFieldworkEnd, "Last day of fieldwork; feedback of findings", MilestoneFieldworkStart, 4},
	{MilestoneDraftLetter, "Draft letter for factual accuracy (15 working days after fieldwork)", MilestoneFieldworkEnd, 15},
	{MilestonePartnershipComments, "Partnership's comments on the draft, brought together by the DCS (24 working days after fieldwork)", MilestoneDraftLetter, 9},
	{MilestoneFinalLetter, "Final letter, under embargo (31 working days after fieldwork)", MilestonePartnershipComments, 7},
	{MilestonePublication, "Letter published (34 working days after fieldwork)", MilestoneFinalLetter, 3},
	{MilestoneWrittenStatement, "Written statement of proposed action, when required (70 working days after publication)", MilestonePublication, 70},
}

// MilestoneKeys lists the milestone keys in the order they fall.
func MilestoneKeys() []string {
	out := make([]string, len(steps))
	for i, s := range steps {
		out[i] = s.key
	}
	return out
}

func validMilestone(key string) bool {
	for _, s := range steps {
		if s.key == key {
			return true
		}
	}
	return false
}

// Milestone is one date of the timetable.
type Milestone struct {
	Key   string        `json:"key"`
	Title string        `json:"title"`
	Due   calendar.Date `json:"due"` // null when it cannot be computed (see Error)
	// Actual is the date it happened, when recorded (the notification's is its date).
	Actual calendar.Date `json:"actual"`
	// Late: done after its due date, or not done and due before today.
	Late bool `json:"late"`
	// From and WorkingDays say how Due is computed: WorkingDays after From's actual or due date.
	From        string `json:"from,omitempty"`
	WorkingDays int    `json:"working_days"`
	// Required is false only for a written statement the letter did not require.
	Required bool   `json:"required"`
	Error    string `json:"error,omitempty"`
}

// Timetable computes the milestones of an inspection notified on notified, with the actual
// dates recorded so far, as of today. writtenStatement says whether the letter requires a
// written statement of proposed action (nil: not known yet). A due date that cannot be
// computed because it falls beyond the bank-holiday table is left null with an Error; it is
// never guessed.
func Timetable(notified calendar.Date, actual map[string]calendar.Date, writtenStatement *bool, today calendar.Date) []Milestone {
	return TimetableWith(notified, actual, writtenStatement, today, DefaultWrittenStatementDays)
}

// DefaultWrittenStatementDays is the written statement's default: 70 working days after
// publication.
const DefaultWrittenStatementDays = 70

// TimetableWith is Timetable with the written statement due writtenStatementDays working days
// after publication, as adjusted for an inspection.
func TimetableWith(notified calendar.Date, actual map[string]calendar.Date, writtenStatement *bool, today calendar.Date, writtenStatementDays int) []Milestone {
	out := make([]Milestone, 0, len(steps))
	effective := map[string]calendar.Date{}
	for _, s := range steps {
		if s.key == MilestoneWrittenStatement && writtenStatementDays > 0 && writtenStatementDays != s.workingDays {
			s.workingDays = writtenStatementDays
			s.title = fmt.Sprintf("Written statement of proposed action, when required (%d working days after publication, as adjusted for this inspection)", writtenStatementDays)
		}
		m := Milestone{Key: s.key, Title: s.title, From: s.from, WorkingDays: s.workingDays, Required: true}
		switch {
		case s.from == "":
			m.Due, m.Actual = notified, notified
		case effective[s.from].IsZero():
			m.Error = fmt.Sprintf("cannot be computed: %s has no date", s.from)
		default:
			due, err := calendar.AddWorkingDays(effective[s.from], s.workingDays)
			if err != nil {
				m.Error = "cannot be computed: " + err.Error()
			} else {
				m.Due = due
			}
		}
		if s.from != "" {
			m.Actual = actual[s.key]
		}
		if s.key == MilestoneWrittenStatement && writtenStatement != nil && !*writtenStatement {
			m.Required = false
		}
		switch {
		case !m.Required || m.Due.IsZero():
		case !m.Actual.IsZero():
			m.Late = m.Actual.After(m.Due)
		default:
			m.Late = m.Due.Before(today)
		}
		effective[s.key] = m.Due
		if !m.Actual.IsZero() {
			effective[s.key] = m.Actual
		}
		out = append(out, m)
	}
	return out
}

// NotificationCheck says whether notified is an acceptable notification date: a working day
// is accepted (with a warning when it is not the framework's notification day, Monday for the
// current frameworks); a weekend, a bank holiday or a date outside the calendar is refused
// with the reason.
func NotificationCheck(notified calendar.Date) (warnings []string, refusal string) {
	if calendar.IsWeekend(notified) {
		return nil, fmt.Sprintf("notified_on %s is a %s: notification is made on a working day (a Monday for the current frameworks)",
			notified, notified.Weekday())
	}
	h, holiday, err := calendar.BankHoliday(notified)
	if err != nil {
		return nil, "notified_on " + err.Error()
	}
	if holiday {
		return nil, fmt.Sprintf("notified_on %s is a bank holiday in England and Wales (%s): notification is made on a working day",
			notified, h.Title)
	}
	if notified.Weekday() != time.Monday {
		warnings = append(warnings, fmt.Sprintf("notified_on %s is a %s: notification for the current frameworks is on a Monday (older inspections used a Tuesday); the timetable is computed from the date given",
			notified, notified.Weekday()))
	}
	return warnings, ""
}
