package geo

import "fmt"

// Diagnosis says what a set of imported coordinates looks like relative to the study area.
type Diagnosis int

// The diagnoses, from fine to unusable.
const (
	LooksFine      Diagnosis = iota // inside the area
	LooksSwapped                    // latitude and longitude swapped: the swapped point is inside
	LooksBNG                        // British National Grid eastings and northings, not degrees
	LooksElsewhere                  // valid WGS84 latitude/longitude outside the area
	LooksInvalid                    // out of range for latitude/longitude and not BNG either
)

// String returns the diagnosis as a sentence fragment for a user.
func (d Diagnosis) String() string {
	switch d {
	case LooksFine:
		return "coordinates look fine"
	case LooksSwapped:
		return "latitude and longitude look swapped"
	case LooksBNG:
		return "coordinates look like British National Grid eastings and northings, not latitude and longitude"
	case LooksElsewhere:
		return "coordinates are valid latitude and longitude but lie outside the study area"
	case LooksInvalid:
		return "coordinates are outside the range of latitude and longitude"
	}
	return fmt.Sprintf("Diagnosis(%d)", int(d))
}

// ValidLatLng reports whether lat is in −90..90 and lng in −180..180 (NaN is not valid).
func ValidLatLng(lat, lng float64) bool {
	return lat >= -90 && lat <= 90 && lng >= -180 && lng <= 180
}

// looksBNG reports whether the pair looks like British National Grid metres, in either order:
// easting 1000..700000 and northing 1000..1300000.
func looksBNG(lat, lng float64) bool {
	bng := func(x, y float64) bool {
		return x > 1000 && x <= 700000 && y > 1000 && y <= 1300000
	}
	return bng(lng, lat) || bng(lat, lng)
}

// DiagnosePoint classifies one point against the area; LooksFine means it is inside.
func DiagnosePoint(a Area, lat, lng float64) Diagnosis {
	switch {
	case ValidLatLng(lat, lng) && a.Contains(lat, lng):
		return LooksFine
	case ValidLatLng(lng, lat) && a.Contains(lng, lat):
		return LooksSwapped
	case ValidLatLng(lat, lng):
		return LooksElsewhere
	case looksBNG(lat, lng):
		return LooksBNG
	}
	return LooksInvalid
}

// CoordinateCounts counts the points given to a CoordinateCheck by class.
type CoordinateCounts struct {
	Total     int // every point added
	Inside    int // inside the area
	Swapped   int // inside once latitude and longitude are swapped
	BNG       int // look like British National Grid
	Elsewhere int // valid latitude/longitude outside the area
	Invalid   int // out of range and not BNG
}

// Unusable returns the number of points not inside the area.
func (c CoordinateCounts) Unusable() int {
	return c.Total - c.Inside
}

// CoordinateCheck accumulates the classes of an import's points in constant memory.
type CoordinateCheck struct {
	area   Area
	counts CoordinateCounts
}

// NewCoordinateCheck returns a check of points against a.
func NewCoordinateCheck(a Area) *CoordinateCheck {
	return &CoordinateCheck{area: a}
}

// Add classifies and counts one point, reporting whether it is inside the area.
func (c *CoordinateCheck) Add(lat, lng float64) (inside bool) {
	c.counts.Total++
	switch DiagnosePoint(c.area, lat, lng) {
	case LooksFine:
		c.counts.Inside++
		return true
	case LooksSwapped:
		c.counts.Swapped++
	case LooksBNG:
		c.counts.BNG++
	case LooksElsewhere:
		c.counts.Elsewhere++
	default:
		c.counts.Invalid++
	}
	return false
}

// Verdict returns LooksFine unless more than half the points are unusable, in which case it
// returns the most common unusable class (ties go to the earlier of swapped, BNG, elsewhere,
// invalid); it also returns the counts.
func (c *CoordinateCheck) Verdict() (Diagnosis, CoordinateCounts) {
	n := c.counts
	if 2*n.Unusable() <= n.Total {
		return LooksFine, n
	}
	best, most := LooksSwapped, n.Swapped
	for _, cand := range []struct {
		d Diagnosis
		n int
	}{{LooksBNG, n.BNG}, {LooksElsewhere, n.Elsewhere}, {LooksInvalid, n.Invalid}} {
		if cand.n > most {
			best, most = cand.d, cand.n
		}
	}
	return best, n
}
