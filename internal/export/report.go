package export

import (
	"bytes"
	"context"
	_ "embed"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/label"
)

//go:embed report.tmpl
var reportTemplate string

var reportTmpl = template.Must(template.New("report").Funcs(template.FuncMap{
	"count": countHTML,
	"text":  text,
	"label": label.Of,
}).Parse(reportTemplate))

// countHTML writes a count (a number or the suppression mark) in an element of class
// "count", the one place report.html shows counts of records and people; a count that is not
// shown to the role is written apart from them.
func countHTML(v any) template.HTML {
	if v == nil {
		return `<span class="na">not shown</span>`
	}
	return template.HTML(`<span class="count">` + template.HTMLEscapeString(text(v)) + `</span>`)
}

// report is what report.tmpl shows.
type report struct {
	Title      string
	Inspection *inspection.Inspection
	Role       string
	Restricted bool
	Threshold  int
	Rule       string
	// Covered of Lines lines of enquiry have approved evidence or are answered by this pack's
	// data (Answered); GapRows are the rest.
	Covered, Lines int
	Answered       []gapRow
	Mark           string
	Version        string
	GeneratedAt    string
	AsOf           string
	DataAsOf       string
	Notes          []string
	Questions      []question
	AnnexA         *inspection.AnnexA
	Gaps           *inspection.Gaps
	GapRows        []gapRow
	Files          []string
	// The other strands and the partnership's own records: the opening narrative, the lines
	// of the strategic and work-with-children strands, the self-assessment, the action plan,
	// the meetings and the people.
	KickOff                              template.HTML
	Strands                              []strandSection
	SelfAssessment, ActionPlan, Meetings template.HTML
	People                               template.HTML
}

// question is one of the five places-and-spaces questions with the pack's answer.
type question struct {
	ID, Key, Title, Text string
	// Answer is the opening paragraph: what the data say, in figures.
	Answer template.HTML
	// Body is the rest of the section.
	Body template.HTML
	// SelfAssessment and Evidence are what the partnership recorded against the line.
	SelfAssessment *inspection.Assessment
	Evidence       []*inspection.Evidence
}

type gapRow struct {
	Title, Strand, Evidence, RAG string
}

// answeredByPack says which places-and-spaces lines this pack's own data answers, and where: a
// line so answered is not a gap, though no document is filed against it.
func (b *build) answeredByPack(key string) (string, bool) {
	switch key {
	case "pas_q1":
		return "section 1: incident records and hot spots", !b.spans["incidents"].empty()
	case "pas_q2":
		return "section 2: the interventions' aims, methods and partnerships", len(b.interventions) > 0
	case "pas_q3":
		return "section 3: consultations with children and communities", len(b.consultations) > 0
	case "pas_q4":
		delivered := false
		for _, d := range b.dosage {
			delivered = delivered || d.Sessions.High > 0
		}
		return "section 4: activity dosage in the places", delivered
	case "pas_q5":
		evaluated := false
		for _, e := range b.evaluations {
			evaluated = evaluated || e.ev != nil
		}
		return "section 5: outcome evaluations", evaluated
	}
	return "", false
}

// writeReport writes report.html: the five questions answered from the data, Annex A
// progress and the gap analysis, with the maps and charts linked by relative path.
func (b *build) writeReport(context.Context) error {
	in := b.snap.Inspection
	r := report{
		Title:      fmt.Sprintf("JTAI evidence pack: %s (%s)", in.LocalArea, in.FrameworkTitle),
		Inspection: in, Role: b.role, Restricted: b.viewer.Protected(), Threshold: b.viewer.Threshold(), Rule: b.svc.Policy.Rule(), Mark: b.suppressedMark(),
		Version: Version, GeneratedAt: b.generatedAt.Format("2006-01-02 15:04:05 UTC"), AsOf: b.asOf,
		DataAsOf: b.dataAsOf().UTC().Format("2006-01-02 15:04 UTC"), Notes: b.notes,
		AnnexA: b.snap.AnnexA, Gaps: b.snap.Gaps, Files: b.paths(),
	}
	r.KickOff, r.Strands = b.kickOff(), b.strandSections()
	r.SelfAssessment, r.ActionPlan, r.Meetings, r.People = b.selfAssessmentTable(), b.actionPlanTable(), b.meetingsTable(), b.peopleTable()
	r.Files = append(r.Files, FileManifest, FileReport)
	sort.Strings(r.Files)
	for i, answer := range []func() (template.HTML, template.HTML){b.q1, b.q2, b.q3, b.q4, b.q5} {
		q := question{ID: fmt.Sprintf("q%d", i+1), Key: fmt.Sprintf("pas_q%d", i+1), Title: questionTitles[i], Text: questionTexts[i]}
		for _, l := range b.snap.Lines {
			if l.Key == q.Key {
				q.Title, q.Text = l.Title, l.Text
			}
		}
		q.SelfAssessment, q.Evidence = b.lineRecord(q.Key)
		q.Answer, q.Body = answer()
		r.Questions = append(r.Questions, q)
	}
	r.Covered, r.Lines = b.snap.Gaps.Covered, b.snap.Gaps.Lines
	for _, g := range b.snap.Gaps.Gaps {
		if where, ok := b.answeredByPack(g.Line.Key); ok {
			r.Answered = append(r.Answered, gapRow{Title: g.Line.Title, Strand: label.Of(g.Line.Strand), Evidence: where})
			r.Covered++
			continue
		}
		var parts []string
		for _, k := range slices.Sorted(maps.Keys(g.Evidence)) {
			parts = append(parts, fmt.Sprintf("%s %d", label.Lower(k), g.Evidence[k]))
		}
		ev := strings.Join(parts, ", ")
		if ev == "" {
			ev = "none"
		}
		rag := g.RAG
		if rag == "" {
			rag = "not assessed"
		}
		r.GapRows = append(r.GapRows, gapRow{Title: g.Line.Title, Strand: label.Of(g.Line.Strand), Evidence: ev, RAG: rag})
	}
	var buf bytes.Buffer
	if err := reportTmpl.Execute(&buf, r); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	b.files[FileReport] = buf.Bytes()
	return nil
}

// The five questions as JTAI.md gives them, for frameworks whose lines do not hold them.
var questionTitles = []string{
	"Q1 Information and intelligence", "Q2 Partnership approach, method and aim", "Q3 Consulting children and communities",
	"Q4 Safer children and places", "Q5 Outcome and evaluation",
}

var questionTexts = []string{
	"What information and intelligence partners use to inform their decisions about interventions in places and spaces.",
	"Whether this is a partnership approach, what methodology or approach partners use and what the aim of the intervention(s) is.",
	"How partners consult and engage children and communities in relation to this work.",
	"How partners make sure that children and places and spaces are safer.",
	"What the outcome is and how partners evaluate their interventions.",
}
