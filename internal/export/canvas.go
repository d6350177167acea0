package export

import (
	"image"
	"image/color"
	"image/draw"
	"math"

	"github.com/paulmach/orb"
	"golang.org/x/image/font"
	"golang.org/x/image/font/basicfont"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"
)

// canvas draws lon/lat geometry onto an RGBA image with a simple equirectangular projection:
// x is longitude scaled by the cosine of the middle latitude, y is latitude, both scaled to
// fit the map's box. Shapes of one colour are gathered into one path and drawn at once (a
// rasterizer pass costs the whole image), all with the same winding, so that overlaps add
// (and saturate) instead of cancelling.
type canvas struct {
	img        *image.RGBA
	r          *vector.Rasterizer
	box        image.Rectangle // the map's part of the image
	minLon     float64
	maxLat     float64
	k          float64 // cos(middle latitude)
	scale      float64 // pixels per projected degree
	offX, offY float64
}

// newCanvas makes a w×h white image whose map box shows bound.
func newCanvas(w, h int, box image.Rectangle, bound orb.Bound) *canvas {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	c := &canvas{img: img, r: vector.NewRasterizer(w, h), box: box}
	midLat := (bound.Min[1] + bound.Max[1]) / 2
	c.k = math.Cos(midLat * math.Pi / 180)
	c.minLon, c.maxLat = bound.Min[0], bound.Max[1]
	spanX := math.Max((bound.Max[0]-bound.Min[0])*c.k, 1e-9)
	spanY := math.Max(bound.Max[1]-bound.Min[1], 1e-9)
	c.scale = math.Min(float64(box.Dx())/spanX, float64(box.Dy())/spanY)
	c.offX = float64(box.Min.X) + (float64(box.Dx())-spanX*c.scale)/2
	c.offY = float64(box.Min.Y) + (float64(box.Dy())-spanY*c.scale)/2
	return c
}

// mapHeight is the height a map box of width w needs to show bound at its aspect, within
// [lo, hi].
func mapHeight(w int, bound orb.Bound, lo, hi int) int {
	k := math.Cos((bound.Min[1] + bound.Max[1]) / 2 * math.Pi / 180)
	spanX := (bound.Max[0] - bound.Min[0]) * k
	spanY := bound.Max[1] - bound.Min[1]
	if spanX <= 0 || spanY <= 0 {
		return lo
	}
	h := int(math.Round(float64(w) * spanY / spanX))
	return max(lo, min(hi, h))
}

// xy projects a point to pixels.
func (c *canvas) xy(p orb.Point) (float32, float32) {
	x := c.offX + (p[0]-c.minLon)*c.k*c.scale
	y := c.offY + (c.maxLat-p[1])*c.scale
	return float32(x), float32(y)
}

// metres converts a distance on the ground to pixels (a degree of latitude is 111,320 m).
func (c *canvas) metres(m float64) float64 { return m / 111320 * c.scale }

// paint fills the path gathered so far with col and starts a new one.
func (c *canvas) paint(col color.Color) {
	b := c.img.Bounds()
	c.r.Draw(c.img, b, image.NewUniform(col), image.Point{})
	c.r.Reset(b.Dx(), b.Dy())
}

// polygon adds a projected ring to the path, clockwise on screen.
func (c *canvas) ring(ring orb.Ring) {
	pts := make([][2]float32, 0, len(ring))
	for _, p := range ring {
		x, y := c.xy(p)
		pts = append(pts, [2]float32{x, y})
	}
	c.poly(pts)
}

// poly adds a closed polygon to the path, turned clockwise on screen.
func (c *canvas) poly(pts [][2]float32) {
	if len(pts) < 3 {
		return
	}
	var area float64
	for i := range pts {
		j := (i + 1) % len(pts)
		area += float64(pts[i][0])*float64(pts[j][1]) - float64(pts[j][0])*float64(pts[i][1])
	}
	if area < 0 { // counter-clockwise on screen (y down): reverse
		for i, j := 0, len(pts)-1; i < j; i, j = i+1, j-1 {
			pts[i], pts[j] = pts[j], pts[i]
		}
	}
	c.r.MoveTo(pts[0][0], pts[0][1])
	for _, p := range pts[1:] {
		c.r.LineTo(p[0], p[1])
	}
	c.r.ClosePath()
}

// line adds a stroke of width w pixels along pts: a quadrilateral per segment and a square
// at each joint, all clockwise, so that they merge.
func (c *canvas) line(pts []orb.Point, w float64) {
	h := float32(w / 2)
	var prevX, prevY float32
	for i, p := range pts {
		x, y := c.xy(p)
		c.poly([][2]float32{{x - h, y - h}, {x + h, y - h}, {x + h, y + h}, {x - h, y + h}})
		if i > 0 {
			dx, dy := x-prevX, y-prevY
			l := float32(math.Hypot(float64(dx), float64(dy)))
			if l > 0 {
				nx, ny := -dy/l*h, dx/l*h
				c.poly([][2]float32{{prevX + nx, prevY + ny}, {x + nx, y + ny}, {x - nx, y - ny}, {prevX - nx, prevY - ny}})
			}
		}
		prevX, prevY = x, y
	}
}

// circle adds the outline of a circle of radius rad pixels round p, w pixels wide.
func (c *canvas) circle(p orb.Point, rad, w float64) {
	x, y := c.xy(p)
	const n = 48
	var outer, inner [][2]float32
	for i := range n + 1 {
		a := 2 * math.Pi * float64(i) / n
		outer = append(outer, [2]float32{x + float32((rad+w/2)*math.Cos(a)), y + float32((rad+w/2)*math.Sin(a))})
		inner = append(inner, [2]float32{x + float32(math.Max(rad-w/2, 0)*math.Cos(a)), y + float32(math.Max(rad-w/2, 0)*math.Sin(a))})
	}
	// The annulus as n quadrilaterals, each clockwise.
	for i := range n {
		c.poly([][2]float32{outer[i], outer[i+1], inner[i+1], inner[i]})
	}
}

// rect fills a rectangle in pixels and outlines it in grey.
func (c *canvas) rect(r image.Rectangle, fill color.Color) {
	draw.Draw(c.img, r, image.NewUniform(color.RGBA{0x66, 0x66, 0x66, 0xff}), image.Point{}, draw.Src)
	draw.Draw(c.img, r.Inset(1), image.NewUniform(fill), image.Point{}, draw.Src)
}

// text writes s (ASCII) with its baseline at (x, y).
func (c *canvas) text(x, y int, s string, col color.Color) {
	d := font.Drawer{Dst: c.img, Src: image.NewUniform(col), Face: basicfont.Face7x13, Dot: fixed.P(x, y)}
	d.DrawString(s)
}

// rgb parses "#rrggbb".
func rgb(s string) color.RGBA {
	var v [3]uint8
	for i := range v {
		v[i] = uint8(unhex(s[1+2*i])<<4 | unhex(s[2+2*i]))
	}
	return color.RGBA{v[0], v[1], v[2], 0xff}
}

func unhex(b byte) byte {
	switch {
	case b >= '0' && b <= '9':
		return b - '0'
	case b >= 'a' && b <= 'f':
		return b - 'a' + 10
	case b >= 'A' && b <= 'F':
		return b - 'A' + 10
	}
	return 0
}
