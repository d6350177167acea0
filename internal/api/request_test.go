package api

import "testing"

// TestLimitAnswersOneBoundedPage: a store asked for no page, a negative one or one above
// MaxLimit answers the default page; any limit from 1 to MaxLimit is kept.
func TestLimitAnswersOneBoundedPage(t *testing.T) {
	tests := []struct {
		name    string
		n, want int
	}{
		{"absent", 0, DefaultLimit},
		{"negative", -3, DefaultLimit},
		{"one", 1, 1},
		{"the largest page", MaxLimit, MaxLimit},
		{"above the largest page", MaxLimit + 1, DefaultLimit},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Limit(tt.n); got != tt.want {
				t.Errorf("Limit(%d) = %d, want %d", tt.n, got, tt.want)
			}
		})
	}
}
