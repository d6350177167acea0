package export

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"

	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/geo"
)

// BinColours are the dashboard's colours of the Gi* confidence bins −3 … 3 (ColorBrewer RdBu).
var BinColours = map[int]string{
	-3: "#2166ac", -2: "#67a9cf", -1: "#d1e5f0", 0: "#f7f7f7", 1: "#fddbc7", 2: "#ef8a62", 3: "#b2182b",
}

// Colours of the outlines.
var (
	areaColour  = rgb("#4d4d4d")
	placeColour = rgb("#000000")
	textColour  = rgb("#1a1a1a")
)

// Map layout, in pixels.
const (
	mapWidth = 900 // the map box
	legendW  = 250
	margin   = 16
	titleH   = 28
	minMapH  = 400
	maxMapH  = 1100
)

// drawMaps writes maps/hotspots.png (hot spot bins, study area, places) and maps/places.png
// (study area and places, labelled with their ids).
func (b *build) drawMaps(context.Context) error {
	bound, ok := b.mapBound()
	if !ok {
		b.notes = append(b.notes, "No study area, hot spot cells or places are recorded, so no map was drawn.")
		return nil
	}
	hot, err := b.drawMap(bound, fmt.Sprintf("Gi* hot spots of incidents, %s to %s (res %d, k %d, FDR)", b.hotPeriod.From, b.hotPeriod.To, CellRes, NeighbourRings), true)
	if err != nil {
		return err
	}
	b.files["maps/hotspots.png"] = hot
	pl, err := b.drawMap(bound, "Places register and study area", false)
	if err != nil {
		return err
	}
	b.files["maps/places.png"] = pl
	return nil
}

// mapBound is the study area's bound, or that of the cells and places.
func (b *build) mapBound() (orb.Bound, bool) {
	if b.area != nil {
		return b.area.Area.Bound(), true
	}
	var bound orb.Bound
	ok := false
	grow := func(g orb.Geometry) {
		if g == nil {
			return
		}
		if !ok {
			bound, ok = g.Bound(), true
			return
		}
		bound = bound.Union(g.Bound())
	}
	for _, c := range b.hotspots.Cells {
		grow(geo.CellBoundary(c.Cell))
	}
	for _, r := range b.places {
		grow(r.place.Geometry)
	}
	return bound, ok
}

func (b *build) drawMap(bound orb.Bound, title string, cells bool) ([]byte, error) {
	// Pad the bound a little so that outlines at the edge are whole.
	pad := 0.02 * max(bound.Max[0]-bound.Min[0], bound.Max[1]-bound.Min[1])
	bound = orb.Bound{Min: orb.Point{bound.Min[0] - pad, bound.Min[1] - pad}, Max: orb.Point{bound.Max[0] + pad, bound.Max[1] + pad}}
	mh := mapHeight(mapWidth, bound, minMapH, maxMapH)
	w := margin + mapWidth + margin + legendW + margin
	h := titleH + mh + 2*margin
	box := image.Rect(margin, titleH+margin, margin+mapWidth, titleH+margin+mh)
	c := newCanvas(w, h, box, bound)
	c.text(margin, 20, ascii(title), textColour)

	if cells {
		for bin := -3; bin <= 3; bin++ {
			n := 0
			for _, cell := range b.hotspots.Cells {
				if cell.GiBin == bin {
					c.ring(geo.CellBoundary(cell.Cell)[0])
					n++
				}
			}
			if n > 0 {
				c.paint(rgb(BinColours[bin]))
			}
		}
	}
	if b.area != nil {
		for _, p := range b.area.Area.MultiPolygon() {
			for _, r := range p {
				c.line(r, 2)
			}
		}
		c.paint(areaColour)
	}
	for _, r := range b.places {
		b.outline(c, r.place.Geometry, r.place.BufferMetres)
	}
	c.paint(placeColour)
	for _, r := range b.places {
		x, y := c.xy(r.place.Geometry.Bound().Center())
		label := fmt.Sprint(r.place.ID)
		at := image.Pt(int(x)+6, int(y)-6)
		draw.Draw(c.img, image.Rect(at.X-2, at.Y-11, at.X+7*len(label)+2, at.Y+3), image.NewUniform(color.White), image.Point{}, draw.Src)
		c.text(at.X, at.Y, label, textColour)
	}
	b.legend(c, w-legendW-margin, titleH+margin, cells)

	var buf bytes.Buffer
	if err := png.Encode(&buf, c.img); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// outline adds a place to the path: the rings of an area, the centre line of a street, the
// buffer circle of a point.
func (b *build) outline(c *canvas, g orb.Geometry, buffer float64) {
	switch g := g.(type) {
	case orb.Polygon:
		for _, r := range g {
			c.line(r, 2)
		}
	case orb.MultiPolygon:
		for _, p := range g {
			b.outline(c, p, 0)
		}
	case orb.LineString:
		c.line(g, 3)
	case orb.MultiLineString:
		for _, l := range g {
			c.line(l, 3)
		}
	case orb.Point:
		c.circle(g, max(c.metres(buffer), 5), 2)
	}
}

// legend draws the colour key at (x, y).
func (b *build) legend(c *canvas, x, y int, cells bool) {
	const box, row = 18, 24
	line := y + 12
	if cells {
		c.text(x, line, "Gi* confidence (FDR)", textColour)
		line += 10
		for bin := 3; bin >= -3; bin-- {
			c.rect(image.Rect(x, line, x+box, line+box), rgb(BinColours[bin]))
			c.text(x+box+8, line+13, ascii(binWords[bin]), textColour)
			line += row
		}
		line += 8
	}
	c.rect(image.Rect(x, line+box/2-1, x+box, line+box/2+1), areaColour)
	c.text(x+box+8, line+13, "study area", textColour)
	line += row
	frame := image.Rect(x, line, x+box, line+box)
	draw.Draw(c.img, frame, image.NewUniform(placeColour), image.Point{}, draw.Src)
	draw.Draw(c.img, frame.Inset(2), image.NewUniform(color.White), image.Point{}, draw.Src)
	c.text(x+box+8, line+13, "place (outline), with its id", textColour)
	line += row + 8
	if cells {
		c.text(x, line, "Counts are not drawn; see", textColour)
		c.text(x, line+14, "csv/hotspots.csv", textColour)
		return
	}
	for _, r := range b.places { // the key to the ids, while there is room
		if line+14 > c.img.Bounds().Dy()-margin {
			c.text(x, line, "... see csv/places.csv", textColour)
			break
		}
		name := ascii(r.place.Name)
		if len(name) > 30 {
			name = name[:29] + "."
		}
		c.text(x, line, fmt.Sprintf("%2d %s", r.place.ID, name), textColour)
		line += 15
	}
}

// ascii replaces what the map's font cannot draw.
func ascii(s string) string {
	out := make([]rune, 0, len(s))
	for _, r := range s {
		switch {
		case r == '–' || r == '—':
			out = append(out, '-')
		case r < 0x20 || r > 0x7e:
			out = append(out, '?')
		default:
			out = append(out, r)
		}
	}
	return string(out)
}
