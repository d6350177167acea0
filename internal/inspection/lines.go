package inspection

import "slices"

// Strands group a framework's lines of enquiry.
const (
	StrandStrategic        = "strategic"          // how the partnership works together
	StrandWorkWithChildren = "work_with_children" // how partners respond to individual children
	StrandPlacesAndSpaces  = "places_and_spaces"  // SYV: interventions in places and spaces
	StrandPartnershipFocus = "focus"              // the other frameworks' lines, unstranded
)

// Line is one line of enquiry: what inspectors evaluate. Evidence, self-assessments, Annex A
// items and findings are tagged with line keys. Lines are data (framework_lines), versioned
// with their framework.
type Line struct {
	Key       string `json:"key"`
	Framework string `json:"framework"`
	Strand    string `json:"strand"`
	Title     string `json:"title"`
	Text      string `json:"text"`
}

// Strands lists the strands a line may belong to.
var Strands = []string{StrandStrategic, StrandWorkWithChildren, StrandPlacesAndSpaces, StrandPartnershipFocus}

// line returns the line with key among lines, and whether there is one.
func line(lines []Line, key string) (Line, bool) {
	i := slices.IndexFunc(lines, func(l Line) bool { return l.Key == key })
	if i < 0 {
		return Line{}, false
	}
	return lines[i], true
}
