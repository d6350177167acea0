package evaluation

import (
	"fmt"
	"math"
	"regexp"
	"strconv"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
)

func cellStrings(cells []h3.Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.String()
	}
	return out
}

// publish shows an area's two periods; for restricted roles a period whose event count is
// between 1 and the threshold is suppressed (its harm too, since harm would reveal it).
func (s *Service) publish(m, events *geo.PrePost, restricted bool) *PrePostOut {
	out := &PrePostOut{Pre: ptr(m.Pre.Sum), Post: ptr(m.Post.Sum)}
	if restricted {
		if n := events.Pre.Events; n > 0 && n < s.threshold {
			out.Pre, out.PreSuppressed = nil, true
		}
		if n := events.Post.Events; n > 0 && n < s.threshold {
			out.Post, out.PostSuppressed = nil, true
		}
	}
	return out
}

// small suppresses a monthly count between 1 and the threshold for restricted roles.
func (s *Service) small(n float64, restricted bool) *float64 {
	if restricted && n > 0 && n < float64(s.threshold) {
		return nil
	}
	return ptr(n)
}

// suppressFigures withholds every figure from a restricted role when any area's count in a
// period is suppressed: the figures are functions of the counts and would give them away.
func (s *Service) suppressFigures(r *Result) {
	hidden := false
	for _, c := range r.Counts {
		hidden = hidden || c.PreSuppressed || c.PostSuppressed
	}
	r.Suppressed = hidden
	r.Notes = s.suppressNotes(r.Notes)
	if !hidden {
		return
	}
	r.Figures, r.HarmFigures = Figures{}, nil
	r.Statement = fmt.Sprintf("Some areas had between 1 and %d events in a period, so the figures are shown only to roles with record-level access.", s.threshold-1)
	r.Notes = append(r.Notes, "figures withheld: small counts are suppressed for this role")
}

// eventsInNote finds counts of events in the statistics' caveats ("had 3 events before").
var eventsInNote = regexp.MustCompile(`\b(\d+) (events?|respondents?)\b`)

// suppressNotes rewrites counts below the threshold in notes as "<N" for restricted roles.
func (s *Service) suppressNotes(notes []string) []string {
	out := make([]string, len(notes))
	for i, n := range notes {
		out[i] = eventsInNote.ReplaceAllStringFunc(n, func(m string) string {
			parts := eventsInNote.FindStringSubmatch(m)
			if v, err := strconv.Atoi(parts[1]); err == nil && v > 0 && v < s.threshold {
				return fmt.Sprintf("<%d %s", s.threshold, parts[2])
			}
			return m
		})
	}
	return out
}

func pct(x float64) string { return fmt.Sprintf("%.0f%%", math.Abs(x)*100) }

// statement puts the result in plain words, claiming no effect or direction that the 95%
// intervals do not support.
func statement(r *Result) string {
	rr := r.RateRatio
	var s string
	switch {
	case rr.Estimate == nil || rr.CILow == nil || rr.CIHigh == nil:
		s = "The data cannot give an estimate of the change in the target area relative to the control (see notes)."
	case *rr.CIHigh < 1:
		s = fmt.Sprintf("Relative to the control area, incidents in the target area fell by about %s after the start (95%% interval %s to %s fewer).",
			pct(*rr.Estimate-1), pct(*rr.CIHigh-1), pct(*rr.CILow-1))
	case *rr.CILow > 1:
		s = fmt.Sprintf("Relative to the control area, incidents in the target area rose by about %s after the start (95%% interval %s to %s more).",
			pct(*rr.Estimate-1), pct(*rr.CILow-1), pct(*rr.CIHigh-1))
	default:
		s = fmt.Sprintf("The 95%% interval of the change relative to the control includes no change (rate ratio %.2f, %.2f to %.2f): the data do not show whether incidents in the target area changed because of the intervention.",
			*rr.Estimate, *rr.CILow, *rr.CIHigh)
	}
	if rr.Thin {
		s += " Some areas had fewer than 10 events in a period, too few to conclude firmly."
	}
	w := r.WDD
	if w.Displacement != nil && w.DisplacementSE != nil && *w.DisplacementSE > 0 {
		z := *w.Displacement / *w.DisplacementSE
		switch {
		case z > geo.Z95:
			s += fmt.Sprintf(" Incidents in the surrounding buffer rose relative to the control beyond what chance explains (%+.0f events, z = %.1f): a sign of displacement.", *w.Displacement, z)
		case z < -geo.Z95:
			s += fmt.Sprintf(" Incidents in the surrounding buffer fell relative to the control beyond what chance explains (%+.0f events, z = %.1f): a diffusion of benefits.", *w.Displacement, z)
		default:
			s += " The surrounding buffer shows no change beyond chance: no evidence of displacement or of a diffusion of benefits."
		}
	}
	return s
}
