package demo

import (
	"bytes"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/record"
)

func TestGenerateIsDeterministic(t *testing.T) {
	end := testEnd(t)
	base := Options{Seed: 7, End: end, Incidents: 3000}
	other := base
	other.Seed = 8
	tests := []struct {
		name string
		a, b Options
		same bool
	}{
		{"same options give the same bytes", base, base, true},
		{"another seed gives other data", base, other, false},
	}
	writers := []struct {
		name  string
		write func(*Borough, *bytes.Buffer) error
	}{
		{"incidents", func(b *Borough, w *bytes.Buffer) error { return b.WriteIncidentsCSV(w) }},
		{"activity", func(b *Borough, w *bytes.Buffer) error { return b.WriteActivityCSV(w) }},
	}
	for _, tt := range tests {
		for _, wr := range writers {
			t.Run(tt.name+"/"+wr.name, func(t *testing.T) {
				var x, y bytes.Buffer
				if err := wr.write(MustGenerate(t, tt.a), &x); err != nil {
					t.Fatal(err)
				}
				if err := wr.write(MustGenerate(t, tt.b), &y); err != nil {
					t.Fatal(err)
				}
				if got := bytes.Equal(x.Bytes(), y.Bytes()); got != tt.same {
					t.Errorf("identical output = %v, want %v", got, tt.same)
				}
			})
		}
	}
}

func TestGenerateOptions(t *testing.T) {
	end := testEnd(t)
	tests := []struct {
		name      string
		opts      Options
		incidents int
		years     int
		wantErr   bool
	}{
		{"defaults", Options{End: end}, DefaultIncidents, DefaultYears, false},
		{"small and short", Options{Seed: 1, End: end, Years: 1, Incidents: 500}, 500, 1, false},
		{"end in the middle of a day", Options{Seed: 2, End: end.Add(-(36*time.Hour + 23*time.Minute)), Incidents: 2000}, 2000, 3, false},
		{"end given in UTC", Options{Seed: 3, End: time.Date(2025, 11, 1, 0, 0, 0, 0, time.UTC), Incidents: 1000}, 1000, 3, false},
		{"missing end", Options{Incidents: 10}, 0, 0, true},
		{"negative incidents", Options{End: end, Incidents: -1}, 0, 0, true},
		{"too many years", Options{End: end, Years: 50}, 0, 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := Generate(tt.opts)
			if tt.wantErr {
				if err == nil {
					t.Fatal("want an error, got none")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if len(b.Incidents) != tt.incidents {
				t.Errorf("incidents = %d, want %d", len(b.Incidents), tt.incidents)
			}
			if want := b.End.AddDate(-tt.years, 0, 0); !b.Start.Equal(want) {
				t.Errorf("start = %v, want %v", b.Start, want)
			}
			for _, inc := range b.Incidents {
				if inc.OccurredAt.Before(b.Start) || !inc.OccurredAt.Before(b.End) {
					t.Fatalf("%s at %v outside [%v, %v)", inc.SourceRef, inc.OccurredAt, b.Start, b.End)
				}
			}
			for _, a := range b.Activities {
				if a.StartedAt.Before(b.Start) || !a.StartedAt.Before(b.End) {
					t.Fatalf("%s at %v outside [%v, %v)", a.SourceRef, a.StartedAt, b.Start, b.End)
				}
			}
		})
	}
}

func TestLocalTimeAvoidsClockChanges(t *testing.T) {
	loc := record.London()
	w := newWorld(time.Date(2025, 1, 1, 0, 0, 0, 0, loc), time.Date(2026, 1, 1, 0, 0, 0, 0, loc))
	springForward := day{date: time.Date(2025, 3, 30, 0, 0, 0, 0, loc)}
	fallBack := day{date: time.Date(2025, 10, 26, 0, 0, 0, 0, loc)}
	outside := day{date: time.Date(2026, 1, 1, 0, 0, 0, 0, loc)}
	tests := []struct {
		name   string
		d      day
		hh, mm int
		ok     bool
	}{
		{"before the gap", springForward, 0, 59, true},
		{"inside the gap", springForward, 1, 30, false},
		{"after the gap", springForward, 2, 0, true},
		{"repeated hour in autumn", fallBack, 1, 30, true},
		{"after the period", outside, 12, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok := w.localTime(tt.d, tt.hh, tt.mm)
			if ok != tt.ok {
				t.Fatalf("ok = %v, want %v (time %v)", ok, tt.ok, got)
			}
			if ok && (got.Hour() != tt.hh || got.Minute() != tt.mm) {
				t.Errorf("time = %v, want %02d:%02d", got, tt.hh, tt.mm)
			}
		})
	}
}

func BenchmarkGenerate(b *testing.B) {
	end := testEnd(b)
	for b.Loop() {
		g := MustGenerate(b, Options{Seed: 1, End: end})
		if err := g.WriteIncidentsCSV(discard{}); err != nil {
			b.Fatal(err)
		}
		if err := g.WriteActivityCSV(discard{}); err != nil {
			b.Fatal(err)
		}
	}
}

// discard is an io.Writer that keeps nothing.
type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }
