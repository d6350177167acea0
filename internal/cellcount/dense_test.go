package cellcount

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"
)

// TestDenseTotalsUnderAgeRulesEqualTheRows: a request under an age rule, with the records
// without age counted apart, gets from whole months' dense totals exactly what reading every
// row gives (the rows themselves, recounted here by hand), for period sums, time slices and
// disclosure atoms.
func TestDenseTotalsUnderAgeRulesEqualTheRows(t *testing.T) {
	s := syntheticSnapshot(60_000, 240)
	if s.DenseMonths() < 100 {
		t.Fatalf("only %d months have dense totals: the test would not exercise them", s.DenseMonths())
	}
	x := &Index{}
	keep := func(v, u string) bool { return v == "1" || v == "2" || u == "3" }
	noAge := func(v, u string) bool { return v == "0" && u == "0" }
	from := DayOf(time.Date(2017, 2, 14, 0, 0, 0, 0, time.UTC)) // part months at both ends
	to := DayOf(time.Date(2020, 7, 9, 0, 0, 0, 0, time.UTC))
	target := make([]int32, len(s.cells))
	for i := range target {
		target[i] = int32(i / 3) // three summed cells to an output cell
	}
	outs := len(s.cells) / 3
	code := func(k, i int) string { return *s.dict[k].values[s.key[k][i]] }

	rules := []struct {
		name        string
		keep, noAge func(v, u string) bool
	}{
		{"all ages, no-age records counted", nil, noAge},
		{"an age rule, no-age records counted", keep, noAge},
		{"an age rule alone", keep, nil},
	}
	for _, rule := range rules {
		for _, sliced := range []bool{false, true} {
			t.Run(fmt.Sprintf("%s/sliced=%v", rule.name, sliced), func(t *testing.T) {
				q := Query{From: from, To: to, Keep: rule.keep, NoAge: rule.noAge}
				var slot []int32
				slots := 1
				if sliced { // calendar quarters, the first slice left out
					first := Epoch.AddDate(0, 0, int(from))
					slot = make([]int32, to-from)
					for d := range slot {
						day := first.AddDate(0, 0, d)
						quarter := (day.Year()-first.Year())*4 + (int(day.Month())-1)/3 - (int(first.Month())-1)/3
						slot[d] = int32(quarter) - 1
						slots = max(slots, quarter)
					}
				}
				count, value, noA := make([]int64, outs*slots), make([]float64, outs*slots), make([]int64, outs*slots)
				wantCount, wantValue, wantNoAge := slices.Clone(count), slices.Clone(value), slices.Clone(noA)
				var outNoAge []int64
				if rule.noAge != nil {
					outNoAge = noA
				}
				if err := x.Sum(context.Background(), s, q, target, slot, outs, count, value, outNoAge); err != nil {
					t.Fatal(err)
				}
				for i := range s.day {
					if s.day[i] < from || s.day[i] >= to {
						continue
					}
					v, u := code(victimKey, i), code(suspectKey, i)
					if rule.keep != nil && !rule.keep(v, u) {
						continue
					}
					o := target[s.cell[i]]
					if slot != nil {
						sl := slot[s.day[i]-from]
						if sl < 0 {
							continue
						}
						o += sl * int32(outs)
					}
					wantCount[o] += int64(s.n[i])
					wantValue[o] += s.harm[i]
					if rule.noAge != nil && rule.noAge(v, u) {
						wantNoAge[o] += int64(s.n[i])
					}
				}
				if !slices.Equal(count, wantCount) {
					t.Errorf("counts differ from the rows' recount")
				}
				if rule.noAge != nil && !slices.Equal(noA, wantNoAge) {
					t.Errorf("no-age counts differ from the rows' recount")
				}
				for i := range value {
					if d := value[i] - wantValue[i]; d > 1e-6 || d < -1e-6 {
						t.Fatalf("harm of output %d: %v, the rows give %v", i, value[i], wantValue[i])
					}
				}
			})
		}
	}

	t.Run("atoms under an age rule", func(t *testing.T) {
		q := Query{From: from, To: to, Keep: keep, NoAge: noAge}
		got := map[string]int64{}
		if err := x.Atoms(context.Background(), s, q, target, outs, func(m time.Time, a int32, n int64) {
			got[fmt.Sprint(m.Format("2006-01"), a)] += n
		}); err != nil {
			t.Fatal(err)
		}
		want := map[string]int64{}
		for i := range s.day {
			if s.day[i] >= from && s.day[i] < to && keep(code(victimKey, i), code(suspectKey, i)) {
				first, _ := monthOf(s.day[i])
				want[fmt.Sprint(Epoch.AddDate(0, 0, int(first)).Format("2006-01"), target[s.cell[i]])] += int64(s.n[i])
			}
		}
		if len(got) != len(want) {
			t.Fatalf("%d atoms, the rows give %d", len(got), len(want))
		}
		for k, n := range want {
			if got[k] != n {
				t.Fatalf("atom %s: %d, the rows give %d", k, got[k], n)
			}
		}
	})

	if len(s.scopes) != 3 {
		t.Errorf("dense totals were built for %d age rules, want 3 (two in sums, one shared by the atoms)", len(s.scopes))
	}
}
