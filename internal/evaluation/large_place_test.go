package evaluation_test

import (
	"context"
	"strings"
	"testing"

	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/place"
)

// TestPlaceTooLargeForTheResolutionIsRefusedByName: a 40 km² neighbourhood has no cells at
// resolution 12, so an evaluation at that resolution is refused naming it rather than counting
// nothing.
func TestPlaceTooLargeForTheResolutionIsRefusedByName(t *testing.T) {
	f := newFixture(t)
	ctx := context.Background()
	// About 6.3 km by 6.3 km round the City.
	square := orb.Polygon{{{-0.137, 51.486}, {-0.046, 51.486}, {-0.046, 51.543}, {-0.137, 51.543}, {-0.137, 51.486}}}
	p := &place.Place{Kind: place.KindOther, Name: "Neighbourhood", Geometry: square}
	if err := f.srv.Places.Create(ctx, p); err != nil {
		t.Fatal(err)
	}
	req := f.request()
	req.Target = evaluation.AreaSpec{Places: []int64{p.ID}}
	req.Buffer = evaluation.BufferSpec{Rings: 1}
	req.Control = evaluation.ControlSpec{}
	req.Res = 12
	_, err := f.srv.Evaluation.Evaluate(ctx, req, f.srv.Policy.Raw())
	if apperr.Code(err) != apperr.Unprocessable || !strings.Contains(err.Error(), "too large for cells at resolution 12") {
		t.Errorf("evaluation at res 12: %v, want a refusal naming the place", err)
	}
}
