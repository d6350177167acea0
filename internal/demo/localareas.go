package demo

import (
	"fmt"
	"io"
	"math"

	"github.com/paulmach/orb"
	"github.com/paulmach/orb/geojson"
)

// LocalArea is one local authority of the demo's Violence Reduction Unit: a part of the
// borough, with a fictional ONS code and the children living there by year.
type LocalArea struct {
	Name    string
	ONSCode string
	// Boundary is the part in WGS84: the centre of the borough and a run of its outline.
	Boundary orb.Polygon
	// Children are the children aged 0 to 17 living in the area, by year.
	Children map[int]int64
}

// sector is a part of the borough: the outline's vertices from index from to index to
// (going round counter-clockwise), and its children in the first year of the data.
type sector struct {
	name, code string
	from, to   int
	children   int64
}

// vruSectors split the borough's 72-vertex outline along three straight lines from its centre
// (at 30°, 150° and 270° from east). The outline is drawn round the centre at increasing
// angles, so every point of the borough lies in one part (or on a line two share) and the
// parts make the borough exactly. The codes are fictional: no English authority has them.
var vruSectors = []sector{
	{"Northbridge", "E06009901", 6, 30, 14_200},
	{"Fernley", "E06009902", 30, 54, 11_300},
	{"Eastmere", "E06009903", 54, 78, 9_800},
}

// childGrowth is the yearly growth of the demo's child population.
const childGrowth = 0.006

// localAreas splits the borough into the local areas of a Violence Reduction Unit, with
// population figures for each year from the first of the data to the last.
func (w *world) localAreas() []LocalArea {
	ring := w.boundary.lonLat
	n := len(ring) - 1 // the last point closes the ring
	centre := toLonLat(orb.Point{})
	first, last := w.start.Year(), w.end.Add(-1).Year()
	out := make([]LocalArea, len(vruSectors))
	for i, s := range vruSectors {
		part := orb.Ring{centre}
		for k := s.from; k <= s.to; k++ {
			part = append(part, ring[k%n])
		}
		part = append(part, centre)
		children := map[int]int64{}
		for y := first; y <= last; y++ {
			children[y] = int64(math.Round(float64(s.children) * math.Pow(1+childGrowth, float64(y-first))))
		}
		out[i] = LocalArea{Name: s.name, ONSCode: s.code, Boundary: orb.Polygon{part}, Children: children}
	}
	return out
}

// Feature returns the local area's boundary as a GeoJSON Feature with its name and code.
func (a LocalArea) Feature() *geojson.Feature {
	f := geojson.NewFeature(a.Boundary)
	f.Properties["name"], f.Properties["ons_code"] = a.Name, a.ONSCode
	return f
}

// WriteLocalAreasGeoJSON writes the local areas as a FeatureCollection, one Feature each with
// its name and ons_code.
func (b *Borough) WriteLocalAreasGeoJSON(w io.Writer) error {
	fc := geojson.NewFeatureCollection()
	for _, a := range b.LocalAreas {
		fc.Append(a.Feature())
	}
	data, err := fc.MarshalJSON()
	if err != nil {
		return fmt.Errorf("demo: encode local areas: %w", err)
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("demo: write local areas: %w", err)
	}
	return nil
}

// WritePopulationCSV writes the local areas' children by year in the format of
// PUT /api/v1/local-areas/population: ons_code,year,children.
func (b *Borough) WritePopulationCSV(w io.Writer) error {
	if _, err := fmt.Fprintln(w, "ons_code,year,children"); err != nil {
		return fmt.Errorf("demo: write population: %w", err)
	}
	for _, a := range b.LocalAreas {
		for y := b.Start.Year(); y <= b.End.Add(-1).Year(); y++ {
			if _, err := fmt.Fprintf(w, "%s,%d,%d\n", a.ONSCode, y, a.Children[y]); err != nil {
				return fmt.Errorf("demo: write population: %w", err)
			}
		}
	}
	return nil
}
