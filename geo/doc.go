// Package geo holds placesafe's pure geographic computation: H3 cells, study-area boundaries
// and coordinate diagnosis. It does no I/O and returns errors only for bad input.
//
// Coordinate order differs between our dependencies: orb uses Point{lon, lat} and h3 uses
// LatLng{Lat, Lng}. PointToLatLng and LatLngToPoint are the only places that convert.
package geo
