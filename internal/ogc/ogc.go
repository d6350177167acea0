// Package ogc serves feature collections by OGC API – Features (Part 1: Core, with the GeoJSON
// and HTML encodings), so that desktop GIS (QGIS, ArcGIS Pro, GDAL) reads them directly. It
// holds the protocol only: each collection's features come from a Load function that calls the
// same service the /api/v1 routes use, with the caller's role, so values, disclosure protection
// and audit records are the same whichever door the data leaves by.
package ogc

import (
	"context"
	"encoding/json"
	"net/url"
	"time"

	"github.com/paulmach/orb"
)

// Conformance classes this service declares: each is exercised by the package's tests and by
// GDAL's OGC API Features driver in internal/server.
var Conformance = []string{
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html",
	"http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30",
}

// Collection is one feature collection.
type Collection struct {
	ID, Title, Description string
	// Temporal says the collection answers datetime: Load gets the interval (cells and hot
	// spots analyse that period), and features that carry times are also filtered by them.
	Temporal bool
	// Params are further query parameters passed to Load as they are (a hot spot run's res,
	// k, kernel, ...); any other parameter is refused.
	Params []string
	// Load returns every feature of the collection as the caller's role may see it.
	Load func(ctx context.Context, r Request) (*Features, error)
}

// Request is what a Load is asked for.
type Request struct {
	Role     string
	From, To time.Time  // the datetime interval; zero ends are open
	Query    url.Values // the collection's own Params
}

// Features is a Load's answer.
type Features struct {
	Items []Feature
	// Meta is the service's own description of the features (period, resolution, disclosure
	// rule), passed on as the foreign member "meta"; nil for none.
	Meta json.RawMessage
}

// Feature is one feature, already encoded as a GeoJSON Feature by the service that made it.
type Feature struct {
	ID          string
	Bound       orb.Bound // for bbox; meaningful only when HasGeometry
	HasGeometry bool
	// Start and End are the feature's own time span (zero: open); HasTime says it has one.
	Start, End time.Time
	HasTime    bool
	JSON       json.RawMessage
}

// inInterval reports whether the feature's span meets [from, to] (zero ends open).
func (f *Feature) inInterval(from, to time.Time) bool {
	if !f.HasTime {
		return true
	}
	if !to.IsZero() && !f.Start.IsZero() && f.Start.After(to) {
		return false
	}
	if !from.IsZero() && !f.End.IsZero() && f.End.Before(from) {
		return false
	}
	return true
}

// intersects reports whether the feature's bound meets b.
func (f *Feature) intersects(b orb.Bound) bool {
	return f.HasGeometry && f.Bound.Intersects(b)
}
