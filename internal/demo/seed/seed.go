// Package seed loads the demo borough's places, interventions, consultations and saved
// analysis into the stores, through their own services, as `serve --demo` does. The domain
// packages know nothing of the demo; internal/demo generates it and this package seeds it.
package seed

import (
	"context"

	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/place"
)

// Places registers the demo borough's places (demo.Borough.Places) and returns the ids of
// those not already registered by name, in order: loading the demo twice adds nothing.
func Places(ctx context.Context, svc *place.Service, places []demo.Place) ([]int64, error) {
	ps := make([]*place.Place, len(places))
	for i, d := range places {
		ps[i] = &place.Place{Kind: string(d.Kind), Name: d.Name, Geometry: d.Geometry, BufferMetres: d.BufferMetres,
			Source: "demo", Notes: "fictional place of the demo borough"}
	}
	return svc.RegisterNew(ctx, ps, "demo")
}
