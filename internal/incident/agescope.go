package incident

import (
	"fmt"
	"slices"
	"strings"
)

// The age scopes of an analysis of incidents (the import's Scope, by contrast, selects
// categories).
const (
	// AgeScopeSYV is the serious youth violence strand's scope: records involving a child of the
	// scope's age bands as victim or suspect, and records that carry no age at all (the data
	// cannot tell, so they are kept and counted apart). A record whose known ages all fall
	// outside the bands is left out.
	AgeScopeSYV = "syv"
	// AgeScopeAll is every record, whatever the ages.
	AgeScopeAll = "all"
)

// AgeScopes lists the age scope names.
var AgeScopes = []string{AgeScopeSYV, AgeScopeAll}

// DefaultSYVBands are the SYV strand's child age bands: the JTAI theme looks at children aged
// 10 and over (shared/domain/JTAI.md: "Children aged 10 and over who are at risk of or affected
// by SYV"), and a child is under 18.
var DefaultSYVBands = []string{"10-13", "14-17"}

// The involvement of the child in a record, where the partnership's data records it.
const (
	InvolvementVictim      = "victim"
	InvolvementPerpetrator = "perpetrator"
	InvolvementBoth        = "both"
)

// Involvements lists the involvement values a file may give.
var Involvements = []string{InvolvementVictim, InvolvementPerpetrator, InvolvementBoth}

// AgeScope is an age scope with its bands. The zero AgeScope is not yet resolved: services
// replace it by their deployment's SYV scope (see hotspot.Service.AgeScope).
type AgeScope struct {
	Name  string
	Bands []string // the child age bands of AgeScopeSYV
}

// SYVScope returns the SYV age scope for bands, which must be known age bands other than "unknown".
func SYVScope(bands []string) (AgeScope, error) {
	if len(bands) == 0 {
		return AgeScope{}, fmt.Errorf("the SYV scope needs at least one age band")
	}
	for _, b := range bands {
		if b == "unknown" || !slices.Contains(AgeBands, b) {
			return AgeScope{}, fmt.Errorf("age band %q: want some of %s", b, strings.Join(AgeBands[:len(AgeBands)-1], ", "))
		}
	}
	sorted := slices.Clone(bands)
	slices.SortFunc(sorted, func(a, b string) int { return slices.Index(AgeBands, a) - slices.Index(AgeBands, b) })
	return AgeScope{Name: AgeScopeSYV, Bands: slices.Compact(sorted)}, nil
}

// Named returns the scope called name: syv gives s's own bands, all every record.
func (s AgeScope) Named(name string) (AgeScope, error) {
	switch name {
	case AgeScopeSYV:
		return AgeScope{Name: AgeScopeSYV, Bands: s.Bands}, nil
	case AgeScopeAll:
		// The bands stay: all ages still reads a child's involvement from them.
		return AgeScope{Name: AgeScopeAll, Bands: s.Bands}, nil
	}
	return s, fmt.Errorf("scope %q: want %s", name, strings.Join(AgeScopes, " or "))
}

// IsAll reports whether the scope keeps every record.
func (s AgeScope) IsAll() bool { return s.Name == AgeScopeAll }

// SQL is the condition on the incidents table that keeps the scope's records, or "" for all.
// The bands are inlined: they are checked against the fixed list of age bands, so they cannot
// carry anything but those literals, and a fixed text keeps query plans and cache keys stable.
func (s AgeScope) SQL() string {
	if s.Name == "" {
		panic("incident: an unresolved age scope reached a query")
	}
	if s.IsAll() {
		return ""
	}
	return fmt.Sprintf("(victim_age_band IN %[1]s OR suspect_age_band IN %[1]s OR %[2]s)", s.bandList(), NoAgeSQL)
}

// bandList is the scope's bands as an SQL list of literals; "(NULL)", which matches nothing,
// when it has none.
func (s AgeScope) bandList() string {
	if len(s.Bands) == 0 {
		return "(NULL)"
	}
	quoted := make([]string, len(s.Bands))
	for i, b := range s.Bands {
		if !slices.Contains(AgeBands, b) {
			panic("incident: scope band " + b + " is not an age band")
		}
		quoted[i] = "'" + b + "'"
	}
	return "(" + strings.Join(quoted, ", ") + ")"
}

// Keeps reports whether the scope keeps a record of these age bands (suspect "" for none):
// SQL's condition, for code that sums records outside the database.
func (s AgeScope) Keeps(victim, suspect string) bool {
	if s.Name == "" {
		panic("incident: an unresolved age scope reached a sum")
	}
	if s.IsAll() {
		return true
	}
	return slices.Contains(s.Bands, victim) || slices.Contains(s.Bands, suspect) || NoAge(victim, suspect)
}

// NoAge reports whether a record of these age bands (suspect "" for none) gives no age at all:
// NoAgeSQL's condition in Go.
func NoAge(victim, suspect string) bool {
	return victim == "unknown" && (suspect == "" || suspect == "unknown")
}

// NoAgeSQL is the condition of a record that carries no age at all, as police.uk street-level
// records (which publish none).
const NoAgeSQL = "(victim_age_band = 'unknown' AND (suspect_age_band IS NULL OR suspect_age_band = 'unknown'))"

// InvolvementSQL is the child's involvement in a record in scope s: the value the file gave,
// or else what the age bands show (a victim of the scope's bands, a suspect of them, or
// both); NULL when neither tells.
func (s AgeScope) InvolvementSQL() string {
	return fmt.Sprintf(`COALESCE(involvement, CASE
		WHEN victim_age_band IN %[1]s AND suspect_age_band IN %[1]s THEN 'both'
		WHEN victim_age_band IN %[1]s THEN 'victim'
		WHEN suspect_age_band IN %[1]s THEN 'perpetrator' END)`, s.bandList())
}

// Label names the scope for a reader, e.g. "Children aged 10–17 (victim or suspect)".
func (s AgeScope) Label() string {
	if s.IsAll() {
		return "All ages"
	}
	lo, _, _ := strings.Cut(s.Bands[0], "-")
	last := s.Bands[len(s.Bands)-1]
	_, hi, ok := strings.Cut(last, "-")
	if !ok { // "25+"
		return fmt.Sprintf("Children and young people aged %s (victim or suspect)", strings.TrimSuffix(lo, "+")+"+")
	}
	return fmt.Sprintf("Children aged %s–%s (victim or suspect)", lo, hi)
}

// Statement is the sentence that states a view's scope and what its records can support;
// noAge is how many records in the view carry no age at all, of total. Only a viewer with
// record-level access is told those numbers (exact); others read the rule without them.
func (s AgeScope) Statement(noAge, total int64, exact bool) string {
	if s.IsAll() {
		return "Scope: all ages. Every record is counted, whatever the ages of those involved."
	}
	base := "Scope: " + strings.ToLower(s.Label()[:1]) + s.Label()[1:] + ", the serious youth violence strand. Records whose known ages all fall outside these bands are left out."
	const kept = "police.uk street-level data publishes none"
	switch {
	case !exact:
		return base + " Records that give no age (" + kept + ") are kept, because the data cannot tell whether a child was involved."
	case total == 0:
		return base
	case noAge == 0:
		return base + " Every record in this view gives an age."
	case noAge == total:
		return base + " No record in this view gives an age (" + kept + "), so it shows where violence happens, not whether children were involved."
	}
	return base + fmt.Sprintf(" %d of the %d records in this view give no age (%s); they are kept because the data cannot tell whether a child was involved.", noAge, total, kept)
}
