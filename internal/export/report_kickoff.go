package export

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/placesafe/placesafe/internal/label"
)

// kickOffFigures are the figures the opening narrative states; the sections below show the
// same ones in detail.
type kickOffFigures struct {
	Percent                    int
	Lines, Evidenced, Assessed int
	Agencies, SPOCs            int
	AnnexItems, AnnexSubmitted int
	AnnexLate                  int
	Rounds, RoundsComplete     int
	ActionsOpen, ActionsLate   int
	ActionsComplete            int
	Meetings, Decisions        int
}

func (b *build) kickOffFigures() kickOffFigures {
	var f kickOffFigures
	if r := b.snap.Readiness; r != nil {
		f.Percent = r.Percent
		for _, s := range r.Strands {
			f.Lines, f.Evidenced, f.Assessed = f.Lines+s.Lines, f.Evidenced+s.Evidenced, f.Assessed+s.Assessed
		}
		for _, a := range r.Agencies {
			f.Agencies++
			if a.SPOC {
				f.SPOCs++
			}
		}
		f.Rounds, f.RoundsComplete = r.Audits.Rounds, r.Audits.Complete
	}
	if a := b.snap.AnnexA; a != nil {
		f.AnnexItems, f.AnnexSubmitted, f.AnnexLate = a.Total.Items, a.Total.Submitted, a.Total.Late
	}
	for _, a := range b.snap.ActionPlan {
		switch {
		case a.Status == "complete":
			f.ActionsComplete++
		default:
			f.ActionsOpen++
		}
		if a.Late && a.Status != "complete" {
			f.ActionsLate++
		}
	}
	for _, m := range b.snap.Meetings {
		f.Meetings++
		f.Decisions += len(m.Decisions)
	}
	return f
}

// kickOff is the pack's opening narrative, for the partnership's presentation at the start of
// the inspection: where it stands on every strand, in sentences made from kickOffFigures.
func (b *build) kickOff() template.HTML {
	in := b.snap.Inspection
	f := b.kickOffFigures()
	var w htmlw
	by := ""
	if len(in.Inspectorates) > 0 {
		names := make([]string, len(in.Inspectorates))
		for i, x := range in.Inspectorates {
			names[i] = label.Of(x)
		}
		by = " by " + label.JoinAnd(names)
	}
	if in.NotifiedOn.IsZero() {
		w.f("<p>%v is preparing for a Joint Targeted Area Inspection on %v%v; it has not been notified.</p>", in.LocalArea, in.FrameworkTitle, by)
	} else {
		w.f("<p>%v was notified on %v of a Joint Targeted Area Inspection on %v%v.</p>", in.LocalArea, in.NotifiedOn.String(), in.FrameworkTitle, by)
	}
	w.f("<p>Readiness stands at %v%%: %v of %v lines of enquiry have approved evidence in the library and %v have a current self-assessment",
		f.Percent, f.Evidenced, f.Lines, f.Assessed)
	if r := b.snap.Readiness; r != nil && len(r.Strands) > 0 {
		var parts []string
		for _, s := range r.Strands {
			parts = append(parts, fmt.Sprintf("%s %d of %d", label.Lower(s.Strand), s.Evidenced, s.Lines))
		}
		w.f(" (evidenced by strand: %v)", strings.Join(parts, ", "))
	}
	w.f(". %v of %v agencies have named a JTAI single point of contact.</p>", f.SPOCs, f.Agencies)
	if f.AnnexItems > 0 {
		w.f("<p>%v of %v Annex A items are submitted", f.AnnexSubmitted, f.AnnexItems)
		if f.AnnexLate > 0 {
			w.f(", %v late", f.AnnexLate)
		}
		w.f(".</p>")
	}
	w.f("<p>%v of %v practice audit rounds are complete", f.RoundsComplete, f.Rounds)
	if a := b.snap.Readiness; a != nil && !a.Audits.NextDue.IsZero() {
		w.f("; the next is due by %v", a.Audits.NextDue.String())
		if a.Audits.Overdue {
			w.f(" and is overdue")
		}
	}
	w.f(". The action plan holds %v: %v open (%v late) and %v complete. %v are recorded, with %v.</p>",
		tally(f.ActionsOpen+f.ActionsComplete, "action", "actions"), f.ActionsOpen, f.ActionsLate, f.ActionsComplete,
		tally(f.Meetings, "meeting", "meetings"), tally(f.Decisions, "decision", "decisions"))
	if s := b.scopeStatement(); s != "" {
		w.f("<p>Places and spaces: %v</p>", s)
	} else {
		w.f("<p>Places and spaces: no incident records are held, so there is no hot spot analysis.</p>")
	}
	return w.html()
}

// scopeStatement is the hot spot layer's statement of its age scope, or "" without one.
func (b *build) scopeStatement() string {
	if b.hotspots == nil {
		return ""
	}
	s, _ := b.hotspots.Meta["scope_statement"].(string) // absent from a layer without incidents
	return s
}
