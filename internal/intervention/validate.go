package intervention

import (
	"slices"
	"strings"
	"time"

	"github.com/placesafe/placesafe/internal/api"
)

// Lengths of text fields, in characters. Free text may hold line breaks; no field may hold
// other control characters.
const (
	MaxTitleLen = 200
	MaxTextLen  = 4000 // aim, mechanism, intended outcomes, review comments
	MaxLinks    = 100  // places or analyses of one intervention
)

// parseDate reads a date YYYY-MM-DD.
func parseDate(s string) (time.Time, error) {
	return time.Parse(time.DateOnly, s)
}

// validate checks the fields that need no database; it trims the text fields.
func (in *Input) validate() api.Refusal {
	var r api.Refusal
	in.Title = strings.TrimSpace(in.Title)
	in.Aim = strings.TrimSpace(in.Aim)
	in.Mechanism = strings.TrimSpace(in.Mechanism)
	in.IntendedOutcomes = strings.TrimSpace(in.IntendedOutcomes)
	if in.Title == "" {
		r.Add("title", "is required")
	}
	r.Text("title", in.Title, MaxTitleLen, false)
	if in.Aim == "" {
		r.Add("aim", "is required: what the intervention is meant to achieve")
	}
	r.Text("aim", in.Aim, MaxTextLen, true)
	r.Text("mechanism", in.Mechanism, MaxTextLen, true)
	r.Text("intended_outcomes", in.IntendedOutcomes, MaxTextLen, true)
	if !slices.Contains(Methodologies, in.Methodology) {
		r.Add("methodology", "%q is not a methodology: want one of %s", in.Methodology, strings.Join(Methodologies, ", "))
	}
	if !slices.Contains(AgencyList, in.LeadAgency) {
		r.Add("lead_agency", "%q is not an agency: want one of %s", in.LeadAgency, strings.Join(AgencyList, ", "))
	}
	for i, p := range in.Partners {
		switch {
		case !slices.Contains(AgencyList, p):
			r.Add("partners", "%q is not an agency: want one of %s", p, strings.Join(AgencyList, ", "))
		case p == in.LeadAgency:
			r.Add("partners", "%s is the lead agency; list only the other agencies", p)
		case slices.Index(in.Partners, p) < i:
			r.Add("partners", "%s is listed twice", p)
		}
	}
	if in.Status == "" {
		in.Status = StatusPlanned
	}
	if !slices.Contains(Statuses, in.Status) {
		r.Add("status", "%q is not a status: want one of %s", in.Status, strings.Join(Statuses, ", "))
	}
	start, err := parseDate(in.StartDate)
	if err != nil {
		r.Add("start_date", "%q: want a date YYYY-MM-DD", in.StartDate)
	}
	if in.EndDate != nil {
		end, err := parseDate(*in.EndDate)
		switch {
		case err != nil:
			r.Add("end_date", "%q: want a date YYYY-MM-DD, or null when open-ended", *in.EndDate)
		case !start.IsZero() && end.Before(start):
			r.Add("end_date", "%s is before the start date %s", *in.EndDate, in.StartDate)
		}
	}
	if len(in.Places) == 0 {
		r.Add("places", "name at least one place (ids from GET /api/v1/places)")
	}
	r.IDs("places", in.Places, MaxLinks)
	r.IDs("analyses", in.Analyses, MaxLinks)
	return r
}
