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

// TestReadAllReadsEveryPage: a list of n records answered a page at a time is read whole, in
// order, with as many requests as it has pages (and one for an empty list); a list that
// answers an empty page before its total ends there rather than asking for ever.
func TestReadAllReadsEveryPage(t *testing.T) {
	tests := []struct {
		name          string
		n, stopAt     int // stopAt: the offset from which pages come back empty (n: none early)
		pageCap       int // the most a page holds, whatever is asked (0: as asked)
		want, queries int
	}{
		{"empty", 0, 0, 0, 0, 1},
		{"less than a page", 7, 7, 0, 7, 1},
		{"exactly a page", MaxLimit, MaxLimit, 0, MaxLimit, 1},
		{"a page and one", MaxLimit + 1, MaxLimit + 1, 0, MaxLimit + 1, 2},
		{"two and a half pages", 2*MaxLimit + MaxLimit/2, 2*MaxLimit + MaxLimit/2, 0, 2*MaxLimit + MaxLimit/2, 3},
		{"a total that overstates the rows", 3 * MaxLimit, MaxLimit, 0, MaxLimit, 2},
		{"a list whose pages hold fewer than asked", 450, 450, 100, 450, 5},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			queries := 0
			got, err := ReadAll(func(p Page) ([]int, int, error) {
				queries++
				if p.Limit != MaxLimit {
					t.Fatalf("asked for a page of %d, want %d", p.Limit, MaxLimit)
				}
				var page []int
				size := p.Limit
				if tt.pageCap > 0 {
					size = min(size, tt.pageCap)
				}
				for i := p.Offset; i < min(p.Offset+size, tt.stopAt); i++ {
					page = append(page, i)
				}
				return page, tt.n, nil
			})
			if err != nil {
				t.Fatal(err)
			}
			if len(got) != tt.want || queries != tt.queries {
				t.Fatalf("read %d records in %d requests, want %d in %d", len(got), queries, tt.want, tt.queries)
			}
			for i, v := range got {
				if v != i {
					t.Fatalf("record %d is %d: pages out of order", i, v)
				}
			}
		})
	}
}
