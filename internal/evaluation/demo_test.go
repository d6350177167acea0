package evaluation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/server/servertest"
)

// TestDemoInterventionsAreToldApart checks the evaluations of the demo borough: the
// generator made the Ashdown Park youth work effective, moved the Riverside Centre's incidents
// into the streets round it after the dispersal order, and left the Interchange's incidents
// alone when safe havens opened. The default evaluation of each must say so.
func TestDemoInterventionsAreToldApart(t *testing.T) {
	srv := servertest.NewDemo(t, servertest.DemoOptions)
	db := srv.DB
	ctx := context.Background()
	byTitle := map[string]int64{}
	rows, err := db.Pool.Query(ctx, `SELECT id, title FROM interventions`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		var title string
		if err := rows.Scan(&id, &title); err != nil {
			t.Fatal(err)
		}
		byTitle[title] = id
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	eval := func(title string) *evaluation.Result {
		id, ok := byTitle[title]
		if !ok {
			t.Fatalf("no demo intervention %q (have %v)", title, byTitle)
		}
		ev, err := srv.Evaluation.EvaluateIntervention(ctx, id, srv.Policy.Raw())
		if err != nil {
			t.Fatalf("%s: %v", title, err)
		}
		r := ev.Result
		t.Logf("%s: RR %v [%v, %v]; WDD displacement %v ± %v; WDQ %v %q\n  %s", title, val(r.RateRatio.Estimate), val(r.RateRatio.CILow), val(r.RateRatio.CIHigh),
			val(r.WDD.Displacement), val(r.WDD.DisplacementSE), val(r.WDQ.Value), r.WDQ.Interpretation, r.Statement)
		return r
	}
	ashdown := eval("Detached youth work in Ashdown Park")
	riverside := eval("Riverside Centre dispersal order")
	interchange := eval("Safe havens at Northbridge Interchange")

	// The Kestrel Fields patrols began four months before the data end: the post period is
	// shortened to the data and the notes say so.
	kestrel := eval("Kestrel Fields patrol plan")
	if joined := strings.Join(kestrel.Notes, " "); !strings.Contains(joined, "post period is shortened") {
		t.Errorf("Kestrel (still running): notes %q do not say the post period was shortened", joined)
	}
	if kestrel.Post.From >= kestrel.Post.To || kestrel.Post.To != "2026-10-31" {
		t.Errorf("Kestrel post period %v, want it to end on the last day of data, 2026-10-31", kestrel.Post)
	}

	if hi := ashdown.RateRatio.CIHigh; hi == nil || *hi >= 1 {
		t.Errorf("Ashdown (effective): rate ratio interval reaches %v, want wholly below 1", val(hi))
	}
	if z := dispZ(riverside); z <= 1.96 {
		t.Errorf("Riverside (displacement): buffer change z = %.2f, want above 1.96", z)
	}
	if z := dispZ(ashdown); z > 1.96 {
		t.Errorf("Ashdown: buffer change z = %.2f, want no displacement", z)
	}
	if lo, hi := interchange.RateRatio.CILow, interchange.RateRatio.CIHigh; lo == nil || hi == nil || *lo > 1 || *hi < 1 {
		t.Errorf("Interchange (no effect): rate ratio interval %v to %v, want it to include 1", val(lo), val(hi))
	}
}

func val(p *float64) any {
	if p == nil {
		return "nil"
	}
	return *p
}

func dispZ(r *evaluation.Result) float64 {
	if r.WDD.Displacement == nil || r.WDD.DisplacementSE == nil || *r.WDD.DisplacementSE == 0 {
		return 0
	}
	return *r.WDD.Displacement / *r.WDD.DisplacementSE
}
