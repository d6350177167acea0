package main

import (
	"time"

	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/record"
)

// demoOptions fixes the demo data set: the same seed always, ending at the start of the
// current month so that "the last 12 months" shows data, the borough split into the local
// areas of a Violence Reduction Unit.
func demoOptions(now time.Time) demo.Options {
	london := record.London()
	n := now.In(london)
	return demo.Options{Seed: 20241, End: time.Date(n.Year(), n.Month(), 1, 0, 0, 0, 0, london), Years: 3, Incidents: 20000, VRU: true}
}
