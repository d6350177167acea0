package hotspot

import (
	"bytes"
	"strconv"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/geo"
)

// The map layers carry up to MaxCells hexagons; they are written by hand rather than through
// orb/geojson's reflection so that a large layer costs milliseconds, not hundreds of them.

// appendPolygon appends a cell's hexagon as a GeoJSON Polygon geometry.
func appendPolygon(b []byte, c h3.Cell) []byte {
	b = append(b, `{"type":"Polygon","coordinates":[[`...)
	for i, p := range geo.CellBoundary(c)[0] {
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, '[')
		b = strconv.AppendFloat(b, p[0], 'f', 7, 64)
		b = append(b, ',')
		b = strconv.AppendFloat(b, p[1], 'f', 7, 64)
		b = append(b, ']')
	}
	return append(b, "]]}"...)
}

// geometry returns the grid's cell i as a GeoJSON Polygon. The hexagons of a covering are
// written once and kept with it: writing them (a call into H3 and fourteen numbers each) was
// most of the cost of a map request.
func (gr *grid) geometry(i int) []byte {
	gr.geomOnce.Do(func() {
		gr.geomEnd = make([]int, len(gr.cells))
		for j, c := range gr.cells {
			gr.geomBuf = appendPolygon(gr.geomBuf, c)
			gr.geomEnd[j] = len(gr.geomBuf)
		}
	})
	start := 0
	if i > 0 {
		start = gr.geomEnd[i-1]
	}
	return gr.geomBuf[start:gr.geomEnd[i]]
}

// featureWriter writes a FeatureCollection with foreign member "meta".
type featureWriter struct {
	buf   bytes.Buffer
	n     int
	props []byte
	grid  *grid // the covering whose kept hexagons are written (nil: each is computed)
}

func newFeatureWriter(meta []byte, gr *grid) *featureWriter {
	w := &featureWriter{grid: gr}
	w.buf.WriteString(`{"type":"FeatureCollection","meta":`)
	w.buf.Write(meta)
	w.buf.WriteString(`,"features":[`)
	return w
}

// feature writes one hexagon with the properties accumulated by the prop helpers.
func (w *featureWriter) feature(c h3.Cell) {
	if w.n > 0 {
		w.buf.WriteByte(',')
	}
	w.n++
	b := w.buf.AvailableBuffer()
	b = append(b, `{"type":"Feature","id":"`...)
	b = append(b, c.String()...)
	b = append(b, `","geometry":`...)
	if i, ok := w.grid.indexOf(c); ok {
		b = append(b, w.grid.geometry(i)...)
	} else {
		b = appendPolygon(b, c)
	}
	b = append(b, `,"properties":{"cell":"`...)
	b = append(b, c.String()...)
	b = append(b, '"')
	b = append(b, w.props...)
	b = append(b, "}}"...)
	w.buf.Write(b)
	w.props = w.props[:0]
}

func (w *featureWriter) int(name string, v int64) {
	w.props = append(append(append(w.props, `,"`...), name...), `":`...)
	w.props = strconv.AppendInt(w.props, v, 10)
}

func (w *featureWriter) float(name string, v float64) {
	w.props = append(append(append(w.props, `,"`...), name...), `":`...)
	w.props = strconv.AppendFloat(w.props, finite(v), 'g', 8, 64)
}

func (w *featureWriter) null(name string) {
	w.props = append(append(append(w.props, `,"`...), name...), `":null`...)
}

func (w *featureWriter) bool(name string, v bool) {
	w.props = append(append(append(w.props, `,"`...), name...), `":`...)
	w.props = strconv.AppendBool(w.props, v)
}

func (w *featureWriter) string(name, v string) {
	w.props = append(append(append(w.props, `,"`...), name...), `":`...)
	w.props = strconv.AppendQuote(w.props, v)
}

func (w *featureWriter) bytes() []byte {
	w.buf.WriteString("]}")
	return w.buf.Bytes()
}
