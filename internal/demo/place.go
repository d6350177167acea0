package demo

import (
	"math"

	"github.com/paulmach/orb"
)

// Kind is the kind of a place.
type Kind string

// Place kinds.
const (
	KindPark           Kind = "park"
	KindStreet         Kind = "street"
	KindShoppingCentre Kind = "shopping_centre"
	KindTransportHub   Kind = "transport_hub"
	KindSchoolVicinity Kind = "school_vicinity"
)

// Place is a named place in the borough.
type Place struct {
	Kind Kind
	Name string
	// Geometry is an orb.Polygon, or an orb.LineString for a street (lon, lat).
	Geometry orb.Geometry
	// BufferMetres is the half-width of a street's corridor; zero for other kinds.
	BufferMetres float64
}

// trend says how a place's incident rate moves over the period.
type trend int

const (
	steady   trend = iota
	cooling        // falls after the place's intervention starts
	emerging       // heats up in the last twelve months
)

// placeSpec is a place as the generator sees it: geometry in metres and its share of
// incidents on an ordinary day.
type placeSpec struct {
	kind   Kind
	name   string
	shape  orb.Geometry // orb.Ring or orb.LineString, metres from the centre
	buffer float64
	weight float64 // relative incident weight; background is 30
	trend  trend
	sigma  float64 // spread in metres of incidents around the place
	line   *polyline
	bound  orb.Bound // of shape, widened by buffer for streets
}

// Names of the places the tests and the activity plan refer to.
const (
	interchange = "Northbridge Interchange"
	highStreet  = "Northbridge High Street"
	ashdownPark = "Ashdown Park"
	kestrel     = "Kestrel Fields"
	riverside   = "Riverside Centre"
	millbrook   = "Millbrook Recreation Ground"
	hollinsWood = "Hollins Wood"
	canalRoad   = "Canal Road"
	foundryLane = "Foundry Lane"
	wexleyRoad  = "Wexley Road"
	fairholme   = "Fairholme Academy vicinity"
	stAidans    = "St Aidan's School vicinity"
)

// backgroundWeight is the weight of incidents scattered across the borough.
const backgroundWeight = 30.0

// newPlaces lays out the borough's places. Order matters where areas touch: the first
// place containing a point names its setting.
func newPlaces() []*placeSpec {
	ps := []*placeSpec{
		{kind: KindTransportHub, name: interchange, weight: 14, sigma: 35,
			shape: blob(400, -150, 130, 85, 0.3, 8, 1)},
		{kind: KindShoppingCentre, name: riverside, weight: 7, sigma: 30,
			shape: blob(-300, 150, 150, 100, -0.2, 8, 2)},
		{kind: KindPark, name: ashdownPark, weight: 9, trend: cooling, sigma: 60,
			shape: blob(-1300, -200, 190, 140, 0.4, 9, 3)},
		{kind: KindPark, name: millbrook, weight: 5, sigma: 60,
			shape: blob(1000, 1000, 160, 125, -0.5, 9, 4)},
		{kind: KindPark, name: kestrel, weight: 6, trend: emerging, sigma: 60,
			shape: blob(850, -1350, 170, 120, 0.1, 9, 5)},
		{kind: KindPark, name: hollinsWood, weight: 2, sigma: 80,
			shape: blob(-1750, 700, 230, 170, 0.8, 10, 6)},
		{kind: KindSchoolVicinity, name: fairholme, weight: 4, sigma: 50,
			shape: blob(-300, -1200, 200, 200, 0, 12, 0)},
		{kind: KindSchoolVicinity, name: stAidans, weight: 3, sigma: 50,
			shape: blob(400, 1650, 200, 200, 0, 12, 0)},
		{kind: KindStreet, name: highStreet, weight: 13, buffer: 30, sigma: 15,
			shape: orb.LineString{{-1100, 500}, {-500, 420}, {100, 380}, {600, 450}}},
		{kind: KindStreet, name: canalRoad, weight: 5, buffer: 25, sigma: 12,
			shape: orb.LineString{{-1500, -700}, {-600, -500}, {200, -600}, {900, -850}}},
		{kind: KindStreet, name: foundryLane, weight: 2, buffer: 20, sigma: 10,
			shape: orb.LineString{{1200, 300}, {1400, -400}, {1500, -1000}}},
		{kind: KindStreet, name: wexleyRoad, weight: 2, buffer: 20, sigma: 10,
			shape: orb.LineString{{-1400, 1400}, {-700, 1150}, {0, 1250}}},
	}
	for _, p := range ps {
		p.bound = p.shape.Bound().Pad(p.buffer)
		if ls, ok := p.shape.(orb.LineString); ok {
			p.line = newPolyline(ls)
		}
	}
	return ps
}

// blob is a closed counter-clockwise ring of n vertices round (cx, cy) with semi-axes
// rx, ry rotated by rot radians; bumps > 0 makes the outline irregular.
func blob(cx, cy, rx, ry, rot float64, n int, bumps float64) orb.Ring {
	r := make(orb.Ring, 0, n+1)
	for k := range n {
		th := 2 * math.Pi * float64(k) / float64(n)
		f := 1 + 0.12*math.Sin(bumps*1.7+3*th)*math.Min(bumps, 1)
		x, y := rx*f*math.Cos(th), ry*f*math.Sin(th)
		r = append(r, orb.Point{
			cx + x*math.Cos(rot) - y*math.Sin(rot),
			cy + x*math.Sin(rot) + y*math.Cos(rot),
		})
	}
	return append(r, r[0])
}

// export converts the place to WGS84.
func (p *placeSpec) export() Place {
	out := Place{Kind: p.kind, Name: p.name, BufferMetres: p.buffer}
	switch g := p.shape.(type) {
	case orb.Ring:
		ll := make(orb.Ring, len(g))
		for i, q := range g {
			ll[i] = toLonLat(q)
		}
		out.Geometry = orb.Polygon{ll}
	case orb.LineString:
		ll := make(orb.LineString, len(g))
		for i, q := range g {
			ll[i] = toLonLat(q)
		}
		out.Geometry = ll
	}
	return out
}

// setting is the incident setting for a point inside this place.
func (p *placeSpec) setting() string {
	switch p.kind {
	case KindPark:
		return "park"
	case KindShoppingCentre:
		return "shopping"
	case KindTransportHub:
		return "transport"
	case KindSchoolVicinity:
		return "school_vicinity"
	default:
		return "street"
	}
}
