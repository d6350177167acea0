package geo

import "github.com/paulmach/orb"

// Region is one local area of a study area: an id and its boundary.
type Region struct {
	ID   int64
	Area Area
}

// Regions are the local areas that together make a study area, in id order.
type Regions []Region

// Union returns the study area the regions make: every polygon of every region. Local
// authorities share edges and do not overlap, so the polygons are kept side by side rather
// than dissolved: a point is in the union exactly when it is in one of them.
func (rs Regions) Union() Area {
	var mp orb.MultiPolygon
	for _, r := range rs {
		mp = append(mp, r.Area.mp...)
	}
	return newArea(mp)
}

// Locate returns the id of the region that contains lat, lng and true, or false when none
// does. A point on an edge two regions share belongs to the first of them.
func (rs Regions) Locate(lat, lng float64) (int64, bool) {
	for _, r := range rs {
		if r.Area.Contains(lat, lng) {
			return r.ID, true
		}
	}
	return 0, false
}
