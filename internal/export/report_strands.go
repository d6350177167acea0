package export

import (
	"fmt"
	"html/template"
	"slices"
	"strings"

	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/label"
)

// strandSection is one strand of the framework other than places and spaces (which the five
// questions answer from data): its lines of enquiry with what the partnership recorded
// against each, and for work with children the audits and the case sample.
type strandSection struct {
	ID, Title string
	Lines     []question
	Extra     template.HTML
}

// lineRecord is what the partnership recorded against a line: its current self-assessment and
// the evidence tagged to it.
func (b *build) lineRecord(key string) (*inspection.Assessment, []*inspection.Evidence) {
	var current *inspection.Assessment
	for _, a := range b.snap.Assessments {
		if a.Line.Key == key {
			current = a.Current
		}
	}
	var ev []*inspection.Evidence
	for _, e := range b.snap.Evidence {
		if slices.Contains(e.Lines, key) {
			ev = append(ev, e)
		}
	}
	return current, ev
}

// strandSections groups the framework's lines by strand, in the framework's order.
func (b *build) strandSections() []strandSection {
	var out []strandSection
	for _, st := range inspection.Strands {
		if st == inspection.StrandPlacesAndSpaces {
			continue
		}
		sec := strandSection{ID: "strand-" + st, Title: label.Of(st)}
		for _, l := range b.snap.Lines {
			if l.Strand != st {
				continue
			}
			q := question{ID: "line-" + l.Key, Key: l.Key, Title: l.Title, Text: l.Text}
			q.SelfAssessment, q.Evidence = b.lineRecord(l.Key)
			sec.Lines = append(sec.Lines, q)
		}
		if st == inspection.StrandWorkWithChildren {
			sec.Extra = b.workWithChildren()
		}
		if len(sec.Lines) > 0 || sec.Extra != "" {
			out = append(out, sec)
		}
	}
	return out
}

// caseCount marks up a count of children or of their cases: exact for record-level roles,
// otherwise as the disclosure rule publishes one area atom (fewer than the threshold shown
// as "<5", others rounded).
func (b *build) caseCount(n int) template.HTML {
	return countHTML(b.viewer.Publish(b.viewer.AreaAtom(int64(n))).Label)
}

// workWithChildren summarises the rolling audit rounds and the inspection's case sample, by
// counts only: the children's references never enter a pack. Roles without record-level
// access see completed rounds only, whose figures no longer change, so that two packs built
// a grading apart cannot be differenced into one child's grade.
func (b *build) workWithChildren() template.HTML {
	var w htmlw
	w.f("<h3>Practice audits</h3>")
	rounds := b.snap.AuditRounds
	if len(rounds) == 0 {
		w.f("<p>No audit round is recorded. Partnerships audit practice on the current theme every %v months.</p>", inspection.RoundEvery)
	} else {
		var rows [][]any
		withheld := 0
		for _, r := range rounds {
			if b.viewer.Protected() && r.Status != "complete" {
				withheld++
				continue
			}
			grades := map[string]int{}
			for _, a := range r.ByAgency {
				for g, n := range a.Grades {
					grades[g] += n
				}
			}
			row := []any{r.Title, fmt.Sprintf("%s to %s", r.PeriodFrom, r.PeriodTo), label.Of(r.Phase), label.Of(r.Status),
				b.caseCount(len(r.Cases)), template.HTML(fmt.Sprintf("%s of %s", b.caseCount(r.Complete), b.caseCount(r.Gradings)))}
			for _, g := range inspection.Grades {
				row = append(row, b.caseCount(grades[g]))
			}
			rows = append(rows, append(row, r.Learning))
		}
		head := []string{"round", "period", "phase", "status", "cases", "gradings done"}
		for _, g := range inspection.Grades {
			head = append(head, label.Of(g))
		}
		if len(rows) > 0 {
			w.table(append(head, "learning agreed"), rows)
		}
		if withheld > 0 {
			w.f("<p>%v still open %v not summarised for this role: their figures change as agencies grade.</p>",
				tally(withheld, "round", "rounds"), map[bool]string{true: "is", false: "are"}[withheld == 1])
		}
	}
	w.f("<h3>Case sample</h3>")
	cs := b.snap.CaseSummary
	if cs.Children == 0 {
		w.f("<p>No child is on the case sample yet. Inspectors ask for a list of about %v children relevant to the theme and audit some of them with the partnership.</p>", inspection.MaxSample)
	} else {
		w.f("<p>The case sample holds %v children (by pseudonymous reference only; inspectors ask for about %v); %v are selected for audit, and every involved agency has completed its audit for %v of them.</p>",
			b.caseCount(cs.Children), inspection.MaxSample, b.caseCount(cs.Selected), b.caseCount(cs.AuditComplete))
	}
	return w.html()
}

// tableOr is a table of rows, or the sentence empty when there are none.
func tableOr(empty string, head []string, rows [][]any) template.HTML {
	var w htmlw
	if len(rows) == 0 {
		w.f("<p>%v</p>", empty)
	} else {
		w.table(head, rows)
	}
	return w.html()
}

// selfAssessmentTable lists every line's current self-assessment.
func (b *build) selfAssessmentTable() template.HTML {
	var rows [][]any
	for _, a := range b.snap.Assessments {
		if a.Current == nil {
			rows = append(rows, []any{a.Line.Title, label.Of(a.Line.Strand), "not assessed", "", ""})
			continue
		}
		rows = append(rows, []any{a.Line.Title, label.Of(a.Line.Strand), a.Current.RAG, a.Current.Version, a.Current.Narrative})
	}
	return tableOr("The framework has no lines of enquiry.", []string{"line of enquiry", "strand", "rating", "version", "narrative"}, rows)
}

// actionPlanTable lists the action plan.
func (b *build) actionPlanTable() template.HTML {
	var rows [][]any
	for _, a := range b.snap.ActionPlan {
		late := ""
		if a.Late {
			late = "late"
		}
		rows = append(rows, []any{a.Action, label.Of(a.Source), agency(a.OwnerAgency), a.Owner, a.DueOn.String(), label.Of(a.Status), late})
	}
	return tableOr("The action plan has no actions yet.", []string{"action", "from", "owning agency", "owner", "due", "status", "late"}, rows)
}

// meetingsTable lists the meetings with their decisions and the actions they gave.
func (b *build) meetingsTable() template.HTML {
	var rows [][]any
	for _, m := range b.snap.Meetings {
		var acts []string
		for _, a := range m.Actions {
			acts = append(acts, a.Action)
		}
		rows = append(rows, []any{m.HeldOn.String(), label.Of(m.Kind), m.Title, agencyList(m.Agencies),
			strings.Join(m.Decisions, "; "), strings.Join(acts, "; ")})
	}
	return tableOr("No meeting is recorded.", []string{"held on", "kind", "meeting", "agencies", "decisions", "actions"}, rows)
}

// peopleTable names each agency's leads for the inspection (posts and names; the pack carries
// no contact details).
func (b *build) peopleTable() template.HTML {
	var rows [][]any
	for _, p := range b.snap.People {
		rows = append(rows, []any{agency(p.Agency), label.Of(p.Role), p.Post, p.StaffName, p.Responsibilities})
	}
	return tableOr("No agency has named its JTAI single point of contact or leads yet.", []string{"agency", "part", "post", "name", "responsibilities"}, rows)
}
