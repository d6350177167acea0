// Package disclosure is placesafe's statistical disclosure control: the one rule by which a
// count reaches a viewer without record-level access (see README, "Disclosure control").
//
// Every number such a viewer receives is built from atoms, the finest groups of records the
// service publishes for them: a (resolution-9 cell, calendar month) on the grid, a (place or
// intervention area, calendar month) elsewhere, each split by local area too, records in no
// local area forming atoms of their own (so that narrowing a request to some local areas takes
// away whole atoms and differencing it against the whole shows nothing new). An atom of 1 to threshold−1 records is small
// and is never shown as a number; a grid atom of at least the threshold is exact; an area atom
// of at least the threshold is rounded to the nearest multiple of the threshold, because areas
// overlap the grid and each other and their exact counts could be differenced against it.
// A total is the sum of its atoms' published values: exact when none is small, otherwise the
// range the small atoms allow. Statistics shown to these viewers (Gi* z-scores, rate ratios,
// trends) are computed from the same protected values, so solving them gives back nothing
// the viewer was not already shown.
package disclosure

import (
	"fmt"
	"math"
	"strconv"

	"github.com/placesafe/placesafe/internal/auth"
)

// RuleVersion numbers this rule, for outputs stored under it (saved analyses): a stored output
// of an earlier rule is not shown to protected viewers. Version 3 holds every protected output
// of incidents to the deployment's one age scope; an output of an earlier version counted all
// ages, and beside a scoped one would differ by the records of other ages. Version 4 splits
// the map's (cell, month) atoms by local area, records in none an atom of their own, as the
// area atoms of places, dosage and evaluations are: a saved map of version 3 may publish a
// cell's month of two areas (or of an area and records in none) as one exact atom, which less
// the same month of the map narrowed to one area gives the other's count, however small.
// (Saved analyses hold map layers only, so dosage and evaluation atoms, split later, are in
// none of them.)
const RuleVersion = 4

// DefaultThreshold is the smallest count shown as a number when none is configured.
const DefaultThreshold = 5

// Policy is the disclosure rule of a deployment.
type Policy struct {
	threshold int64
}

// New returns the policy with the given threshold (counts below it are small).
func New(threshold int) Policy {
	if threshold < 1 {
		threshold = DefaultThreshold
	}
	return Policy{threshold: int64(threshold)}
}

// Threshold is the smallest count shown as a number.
func (p Policy) Threshold() int { return int(p.threshold) }

// For returns the viewer of the given role: protected unless the role has record-level access.
func (p Policy) For(role string) Viewer {
	return Viewer{policy: p, role: role, protected: !auth.RecordLevel(role)}
}

// Raw is a viewer with record-level access, for outputs built for admins and analysts.
func (p Policy) Raw() Viewer { return Viewer{policy: p, role: auth.RoleAnalyst} }

// Viewer is who an output is for. Its zero value is not usable: outputs cannot be built
// without saying who will see them.
type Viewer struct {
	policy    Policy
	role      string
	protected bool
}

// Protected reports whether the viewer sees protected counts (no record-level access).
func (v Viewer) Protected() bool {
	if v.policy.threshold == 0 {
		panic("disclosure: a Viewer must come from Policy.For or Policy.Raw")
	}
	return v.protected
}

// Role is the viewer's role.
func (v Viewer) Role() string { return v.role }

// Threshold is the smallest count the viewer is shown as a number.
func (v Viewer) Threshold() int { return int(v.policy.threshold) }

// Tally is a sum of published atoms: Known is the sum of the atoms shown as numbers (exact or
// rounded), Small the number of atoms of 1 to threshold−1, Rounded the number of atoms in Known
// that were rounded and RoundedMin those of them rounded to the threshold itself (whose true
// value cannot lie below it).
type Tally struct {
	Known      int64
	Small      int64
	Rounded    int64
	RoundedMin int64
}

// Add returns the sum of two tallies.
func (t Tally) Add(u Tally) Tally {
	return Tally{Known: t.Known + u.Known, Small: t.Small + u.Small, Rounded: t.Rounded + u.Rounded, RoundedMin: t.RoundedMin + u.RoundedMin}
}

// GridAtom is a (resolution-9 cell, month) atom of n records as the viewer may see it.
func (v Viewer) GridAtom(n int64) Tally {
	if !v.Protected() || n == 0 || n >= v.policy.threshold {
		return Tally{Known: n}
	}
	return Tally{Small: 1}
}

// AreaAtom is an (area, month) atom of n records as the viewer may see it.
func (v Viewer) AreaAtom(n int64) Tally {
	if !v.Protected() || n == 0 {
		return Tally{Known: n}
	}
	if n < v.policy.threshold {
		return Tally{Small: 1}
	}
	r := v.policy.round(n)
	t := Tally{Known: r, Rounded: 1}
	if r == v.policy.threshold {
		t.RoundedMin = 1
	}
	return t
}

// Exact is a number the viewer may see as it is (record-level viewers, or a figure that is
// not a count of records, such as a number of places).
func (v Viewer) Exact(n int64) Tally { return Tally{Known: n} }

// round rounds n (at least the threshold) to the nearest multiple of the threshold, halves up,
// never below the threshold.
func (p Policy) round(n int64) int64 {
	b := p.threshold
	r := (n + b/2) / b * b
	if b%2 == 0 && n%b == b/2 {
		r = (n/b + 1) * b
	}
	return max(r, b)
}

// Status says how a published count was protected.
type Status string

// Statuses of a published count.
const (
	StatusExact   Status = "exact"   // the true count
	StatusSmall   Status = "small"   // one small atom: truly 1 to threshold−1
	StatusRange   Status = "range"   // includes small atoms: the true count lies in [Low, High]
	StatusRounded Status = "rounded" // a sum of atoms rounded to the threshold's base: the true count lies in [Low, High]
)

// Count is a published count.
type Count struct {
	N      *int64 `json:"count"` // the number shown: exact or rounded; nil when only a range or "<5" can be shown
	Low    int64  `json:"count_low"`
	High   int64  `json:"count_high"`
	Label  string `json:"count_label"` // the count as a reader sees it: "17", "<5", "22–38", "≈25"
	Status Status `json:"protection"`
	Reason string `json:"protection_reason,omitempty"`
	// Suppressed is true when no single number can be shown (N is nil).
	Suppressed bool `json:"suppressed"`
}

// Publish turns a tally into the count the viewer is shown: the number when it is exact or
// rounded, "<threshold" for one small atom alone, otherwise the range the atoms allow. Low and
// High always bound the true count.
func (v Viewer) Publish(t Tally) Count {
	th := v.policy.threshold
	below, above := th/2, (th-1)/2 // how far a rounded atom may lie from its true value
	lo := t.Known - (t.Rounded-t.RoundedMin)*below + t.Small
	hi := t.Known + t.Rounded*above + t.Small*(th-1)
	switch {
	case t.Small == 0 && t.Rounded == 0:
		n := t.Known
		return Count{N: &n, Low: n, High: n, Label: strconv.FormatInt(n, 10), Status: StatusExact}
	case t.Small == 0:
		n := t.Known
		return Count{N: &n, Low: lo, High: hi, Label: "≈" + strconv.FormatInt(n, 10), Status: StatusRounded,
			Reason: fmt.Sprintf("rounded to the nearest %d", th)}
	case t.Known == 0 && t.Small == 1:
		return Count{Low: 1, High: th - 1, Label: "<" + strconv.FormatInt(th, 10), Status: StatusSmall, Suppressed: true,
			Reason: fmt.Sprintf("fewer than %d records", th)}
	}
	reason := fmt.Sprintf("includes %d group(s) of fewer than %d records", t.Small, th)
	if t.Rounded > 0 {
		reason += fmt.Sprintf(" and %d rounded to the nearest %d", t.Rounded, th)
	}
	return Count{Low: lo, High: hi, Label: strconv.FormatInt(lo, 10) + "–" + strconv.FormatInt(hi, 10), Status: StatusRange,
		Suppressed: true, Reason: reason}
}

// Estimate is the value statistics use for a tally: the known part plus the middle of each
// small atom's range. It is a function of what the viewer is shown and nothing else.
func (v Viewer) Estimate(t Tally) float64 {
	return float64(t.Known) + float64(t.Small)*float64(v.policy.threshold)/2
}

// Value is the estimate of a published count (for charts and statistics).
func (c Count) Value() float64 {
	if c.N != nil {
		return float64(*c.N)
	}
	return (float64(c.Low) + float64(c.High)) / 2
}

// Share is a proportion of two counts as the viewer may see it: exact for record-level viewers;
// for protected viewers computed on the published counts and given to whole percent only.
func (v Viewer) Share(part, whole Count) *float64 {
	if whole.Value() == 0 {
		return nil
	}
	s := part.Value() / whole.Value()
	if v.Protected() {
		s = math.Round(s*100) / 100
	}
	return &s
}

// Rule is the rule in plain words, for the API, manifests and reports.
func (p Policy) Rule() string {
	t := p.threshold
	return fmt.Sprintf("For roles without record-level access, counts are built from groups of records: "+
		"(resolution-9 cell, calendar month) on the map and (place or intervention, calendar month) elsewhere, "+
		"each also by local area (records in none forming groups of their own). "+
		"A group of fewer than %[2]d records (but more than none) is never shown as a number (one such group alone reads <%[2]d); "+
		"place and intervention groups of %[2]d or more are rounded to the nearest %[2]d; "+
		"a total that includes smaller groups is shown as the range those groups allow. "+
		"Hot spot, trend and evaluation statistics are computed from these published counts. "+
		"Periods are whole calendar months; drawn areas, category filters and resolutions finer than 9 are for roles with record-level access.",
		t-1, t)
}
