package disclosure_test

import (
	"math/rand/v2"
	"testing"

	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
)

var policy = disclosure.New(5)

func TestRolesBelowRecordLevelAreProtected(t *testing.T) {
	for _, tt := range []struct {
		role      string
		protected bool
	}{
		{auth.RoleAdmin, false}, {auth.RoleAnalyst, false},
		{auth.RoleVRPLead, true}, {auth.RolePartner, true}, {auth.RoleInspector, true},
	} {
		if got := policy.For(tt.role).Protected(); got != tt.protected {
			t.Errorf("%s: protected %v, want %v", tt.role, got, tt.protected)
		}
	}
}

// TestAtomsAndLabels: hand-worked values of the rule at threshold 5. Area atoms are rounded to
// the nearest 5, halves up (NHS Digital's HES rule rounds to the nearest 5 in the same way).
func TestAtomsAndLabels(t *testing.T) {
	partner := policy.For(auth.RolePartner)
	tests := []struct {
		name           string
		tally          disclosure.Tally
		label          string
		low, high      int64
		exact          bool
		status         disclosure.Status
		estimateWanted float64
	}{
		{"grid atom of 0 is shown as 0", partner.GridAtom(0), "0", 0, 0, true, disclosure.StatusExact, 0},
		{"grid atom of 3 reads <5", partner.GridAtom(3), "<5", 1, 4, false, disclosure.StatusSmall, 2.5},
		{"grid atom of 5 is exact", partner.GridAtom(5), "5", 5, 5, true, disclosure.StatusExact, 5},
		{"area atom of 7 rounds to 5 (true 5 to 7)", partner.AreaAtom(7), "≈5", 5, 7, true, disclosure.StatusRounded, 5},
		{"area atom of 8 rounds to 10 (true 8 to 12)", partner.AreaAtom(8), "≈10", 8, 12, true, disclosure.StatusRounded, 10},
		{"area atom of 12 rounds to 10", partner.AreaAtom(12), "≈10", 8, 12, true, disclosure.StatusRounded, 10},
		{"area atom of 13 rounds to 15", partner.AreaAtom(13), "≈15", 13, 17, true, disclosure.StatusRounded, 15},
		{"two small grid atoms read 2–8, never <5", partner.GridAtom(1).Add(partner.GridAtom(4)), "2–8", 2, 8, false, disclosure.StatusRange, 5},
		{"grid atoms 12 + small: 13–16", partner.GridAtom(12).Add(partner.GridAtom(2)), "13–16", 13, 16, false, disclosure.StatusRange, 14.5},
		// Months 12, 3, 0, 7, 1, 5 of one place: ≈10, <5, 0, ≈5, <5, ≈5. Known 20 from three
		// rounded atoms (two at the threshold) and two small: 20 − 2 + 2 = 20 to 20 + 6 + 8 = 34.
		{"a place's six months", sum(partner.AreaAtom, 12, 3, 0, 7, 1, 5), "20–34", 20, 34, false, disclosure.StatusRange, 25},
		{"analyst sees 3", policy.Raw().GridAtom(3), "3", 3, 3, true, disclosure.StatusExact, 3},
		{"analyst's area atom is not rounded", policy.Raw().AreaAtom(12), "12", 12, 12, true, disclosure.StatusExact, 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := partner
			c := v.Publish(tt.tally)
			if c.Label != tt.label || c.Low != tt.low || c.High != tt.high || (c.N != nil) != tt.exact || c.Status != tt.status {
				t.Errorf("published %+v, want %s [%d, %d] status %s", c, tt.label, tt.low, tt.high, tt.status)
			}
			if c.Suppressed == (c.N != nil) {
				t.Errorf("suppressed %v with a number %v", c.Suppressed, c.N)
			}
			if got := v.Estimate(tt.tally); got != tt.estimateWanted {
				t.Errorf("estimate %v, want %v", got, tt.estimateWanted)
			}
		})
	}
}

func sum(atom func(int64) disclosure.Tally, ns ...int64) disclosure.Tally {
	var t disclosure.Tally
	for _, n := range ns {
		t = t.Add(atom(n))
	}
	return t
}

// TestBoundsHoldAndSmallLabelsAreTrue: over random sums of atoms of both kinds, the published
// range always holds the true total, "<5" is only ever shown for a true 1 to 4, and a number is
// never shown as 0 when there are records.
func TestBoundsHoldAndSmallLabelsAreTrue(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	partner := policy.For(auth.RolePartner)
	for i := 0; i < 20000; i++ {
		var tally disclosure.Tally
		var truth int64
		for j := 0; j < 1+r.IntN(12); j++ {
			n := int64(r.IntN(3)) // many zeros and small atoms
			if r.IntN(3) == 0 {
				n = int64(r.IntN(40))
			}
			truth += n
			if i%2 == 0 {
				tally = tally.Add(partner.GridAtom(n))
			} else {
				tally = tally.Add(partner.AreaAtom(n))
			}
		}
		c := partner.Publish(tally)
		if truth < c.Low || truth > c.High {
			t.Fatalf("true %d outside published [%d, %d] (%s) of %+v", truth, c.Low, c.High, c.Label, tally)
		}
		if c.Label == "<5" && (truth < 1 || truth > 4) {
			t.Fatalf("<5 shown for a true %d", truth)
		}
		if c.N != nil && *c.N == 0 && truth != 0 {
			t.Fatalf("0 shown for a true %d", truth)
		}
	}
}

func TestAViewerMustComeFromThePolicy(t *testing.T) {
	defer func() {
		if recover() == nil {
			t.Error("a zero Viewer was accepted: outputs could be built without saying who sees them")
		}
	}()
	var v disclosure.Viewer
	v.Protected()
}
