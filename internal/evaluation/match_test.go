package evaluation

import (
	"math"
	"testing"

	"github.com/uber/h3-go/v4"
)

func TestSlopeHandWorked(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		want float64
	}{
		{"flat", []float64{3, 3, 3, 3}, 0},
		{"rising by two a month", []float64{1, 3, 5, 7}, 2},
		// x̄ = 1.5, ȳ = 2.5; Σ(dx·dy) = (−1.5)(1.5) + (−0.5)(−1.5) + (0.5)(0.5) + (1.5)(−0.5) = −2;
		// Σdx² = 5; slope = −0.4.
		{"noisy falling", []float64{4, 1, 3, 2}, -0.4},
		{"one month", []float64{5}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := slope(tt.x); math.Abs(got-tt.want) > 1e-12 {
				t.Errorf("slope(%v) = %v, want %v", tt.x, got, tt.want)
			}
		})
	}
}

func TestSuggestControlPicksTheClosestLevelAndTrend(t *testing.T) {
	// Target mean cell: level 4, rising by 1 a month.
	target := []float64{2.5, 3.5, 4.5, 5.5}
	cands := map[h3.Cell][]float64{
		1: {2.5, 3.5, 4.5, 5.5}, // identical
		2: {4, 4, 4, 4},         // same level, flat
		3: {0, 0, 0, 0},         // empty
		4: {10, 11, 12, 13},     // same trend, far higher
		5: {3, 3.5, 5, 5},       // close on both
		6: {0, 0, 1, 0},
		7: {20, 15, 10, 5},
	}
	got := suggestControl(target, cands, 1)
	// n = max(3×1, 5) = 5 of 7: the two farthest (7 falling steeply, 4 far higher) are left out.
	want := []h3.Cell{1, 2, 3, 5, 6}
	if len(got) != len(want) {
		t.Fatalf("got %v, want %v", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Fatalf("got %v, want %v", got, want)
		}
	}
}

func TestComparable(t *testing.T) {
	for _, tt := range []struct {
		t, c float64
		want bool
	}{{4, 4, true}, {4, 2, true}, {4, 8, true}, {4, 1.9, false}, {4, 8.1, false}, {0, 0, true}, {0, 1, false}} {
		if got := comparable(tt.t, tt.c); got != tt.want {
			t.Errorf("comparable(%v, %v) = %v, want %v", tt.t, tt.c, got, tt.want)
		}
	}
}
