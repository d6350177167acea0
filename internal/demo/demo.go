// Package demo generates a deterministic fictional borough, Northbridge, with places,
// incidents and partner activity, so that an empty placesafe database can show a
// meaningful dashboard. It does no I/O except writing to the io.Writers it is given.
package demo

import (
	"errors"
	"fmt"
	"time"
	_ "time/tzdata" // London rules must not depend on the host's zoneinfo

	"github.com/paulmach/orb"
	"github.com/placesafe/placesafe/internal/record"
)

// Name is the fictional borough's name; it is not a real English borough.
const Name = "Northbridge"

// Defaults used when Options leaves a field at zero.
const (
	DefaultYears     = 3
	DefaultIncidents = 20000
)

// Options says which borough to generate.
type Options struct {
	// Seed selects the random stream; the same options always give the same borough.
	Seed uint64
	// End is exclusive: the first instant after the data, for example the first day of
	// the current month in Europe/London. It is required.
	End time.Time
	// Years is the length of the period before End (default 3).
	Years int
	// Incidents is the exact number of incidents (default 20000).
	Incidents int
	// VRU makes the borough the area of a Violence Reduction Unit: three local areas whose
	// union is the borough (LocalAreas), with population figures. Without it the borough is
	// one partnership's single area.
	VRU bool
}

// Borough is a generated fictional borough with its places, incidents and activity.
type Borough struct {
	Name string
	// Boundary is the borough outline in WGS84 (lon, lat): one closed, counter-clockwise ring.
	Boundary orb.Polygon
	// Places are the named places partners watch, all inside Boundary.
	Places []Place
	// Interventions are the partnership responses the activity data reflects.
	Interventions []Intervention
	// Start and End bound the data: every incident and activity starts in [Start, End).
	Start, End time.Time
	// Incidents are in chronological order, numbered NB-000001 onwards.
	Incidents []Incident
	// Activities are in chronological order, numbered NBA-000001 onwards.
	Activities []Activity
	// LocalAreas are the parts of a VRU borough (Options.VRU), in order; none otherwise.
	LocalAreas []LocalArea
}

// Intervention is a dated partnership response at one place.
type Intervention struct {
	Name         string
	Place        string
	ActivityType string
	Partner      string
	Start        time.Time
}

// Generate builds the borough described by o.
func Generate(o Options) (*Borough, error) {
	o, err := o.withDefaults()
	if err != nil {
		return nil, err
	}
	end := o.End.In(record.London())
	start := end.AddDate(-o.Years, 0, 0)
	w := newWorld(start, end)
	b := &Borough{
		Name:          Name,
		Boundary:      orb.Polygon{w.boundary.lonLat},
		Places:        w.exportPlaces(),
		Interventions: w.interventions(),
		Start:         start,
		End:           end,
	}
	b.Incidents, err = w.incidents(o.Seed, o.Incidents)
	if err != nil {
		return nil, err
	}
	b.Activities = w.activities(o.Seed)
	if o.VRU {
		b.LocalAreas = w.localAreas()
	}
	return b, nil
}

// withDefaults fills zero fields and checks the rest.
func (o Options) withDefaults() (Options, error) {
	if o.End.IsZero() {
		return o, errors.New("demo: options: End is required")
	}
	if o.Years == 0 {
		o.Years = DefaultYears
	}
	if o.Incidents == 0 {
		o.Incidents = DefaultIncidents
	}
	if o.Years < 1 || o.Years > 20 {
		return o, fmt.Errorf("demo: options: years %d out of range 1..20", o.Years)
	}
	if o.Incidents < 1 || o.Incidents > 1_000_000 {
		return o, fmt.Errorf("demo: options: incidents %d out of range 1..1000000", o.Incidents)
	}
	return o, nil
}
