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

// MinInsideShare is the share of located points that must fall inside the area for a file to
// be accepted: a file with fewer inside (under 1 in 100) is a wrong file or a wrong area.
const MinInsideShare = 0.01

// Verdict decides whether the points may be imported, and says what they look like when not.
//
// Points elsewhere (valid latitude and longitude outside the area) are the normal case for a
// file covering more than the area, such as a force-wide police file for one borough: they do
// not refuse the points unless fewer than MinInsideShare of all points lie inside. Swapped,
// British National Grid and out-of-range points are faults of the file: they refuse it when they
// make up more than half the points.
//
// When refused, the diagnosis is the most common class of swapped, BNG and invalid points if
// those make up more than half; otherwise, with too few inside, swapped if more points are
// inside once swapped than as given (a force file of another area in the wrong order), else the
// most common unusable class (ties go to the earlier of swapped, BNG, elsewhere, invalid).
// Verdict also returns the counts.
func (c *CoordinateCheck) Verdict() (Diagnosis, CoordinateCounts) {
	n := c.counts
	faulty := n.Swapped + n.BNG + n.Invalid
	tooFewInside := float64(n.Inside) < MinInsideShare*float64(n.Total)
	switch {
	case 2*faulty > n.Total:
		return mostCommon([]classCount{{LooksSwapped, n.Swapped}, {LooksBNG, n.BNG}, {LooksInvalid, n.Invalid}}), n
	case !tooFewInside:
		return LooksFine, n
	case n.Swapped > n.Inside:
		return LooksSwapped, n
	}
	return mostCommon([]classCount{{LooksSwapped, n.Swapped}, {LooksBNG, n.BNG}, {LooksElsewhere, n.Elsewhere}, {LooksInvalid, n.Invalid}}), n
}

type classCount struct {
	d Diagnosis
	n int
}

// mostCommon returns the class with the largest count, the earliest on ties.
func mostCommon(cs []classCount) Diagnosis {
	best := cs[0]
	for _, c := range cs[1:] {
		if c.n > best.n {
			best = c
		}
	}
	return best.d
}
