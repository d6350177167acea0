package geo

import (
	"fmt"
	"math"
	"testing"

	"github.com/paulmach/orb"
	"github.com/uber/h3-go/v4"
)

// generatedPolygon returns a closed, wavy oval of about width × height metres centred on lat,
// lng, with 360 corners: a stand-in for a district boundary.
func generatedPolygon(lat, lng, width, height float64) orb.MultiPolygon {
	const n = 360
	ring := make(orb.Ring, 0, n+1)
	kx := metresPerDegree * math.Cos(lat*math.Pi/180)
	for i := range n {
		a := 2 * math.Pi * float64(i) / n
		wobble := 1 + 0.05*math.Sin(7*a) + 0.03*math.Cos(13*a)
		ring = append(ring, orb.Point{
			lng + width/2*wobble*math.Cos(a)/kx,
			lat + height/2*wobble*math.Sin(a)/metresPerDegree,
		})
	}
	ring = append(ring, ring[0])
	return orb.MultiPolygon{{ring}}
}

func BenchmarkCoverCityOfLondon(b *testing.B) {
	mp := mustCityOfLondon(b).MultiPolygon()
	for _, res := range []int{9, 10, 11, 12} {
		b.Run(fmt.Sprintf("res=%d", res), func(b *testing.B) {
			var cells []h3.Cell
			for b.Loop() {
				var err error
				if cells, err = CoverMultiPolygon(mp, res, 1e6); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(cells)), "cells")
		})
	}
}

func BenchmarkCoverGenerated6x5km(b *testing.B) {
	mp := generatedPolygon(51.5, -0.1, 6000, 5000)
	b.Run("res=10", func(b *testing.B) {
		var cells []h3.Cell
		for b.Loop() {
			var err error
			if cells, err = CoverMultiPolygon(mp, 10, 1e6); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(len(cells)), "cells")
	})
	// For comparison: centre containment only, which misses the cells along the edge.
	b.Run("res=10/PolygonToCells", func(b *testing.B) {
		gp := h3.GeoPolygon{GeoLoop: geoLoop(mp[0][0])}
		var cells []h3.Cell
		for b.Loop() {
			cells = h3.PolygonToCells(gp, 10)
		}
		b.ReportMetric(float64(len(cells)), "cells")
	})
}

func BenchmarkCoverLineBuffer(b *testing.B) {
	for _, tt := range []struct {
		metres float64
		res    int
	}{{5, 12}, {50, 12}, {50, 10}} {
		b.Run(fmt.Sprintf("metres=%v/res=%d", tt.metres, tt.res), func(b *testing.B) {
			var cells []h3.Cell
			for b.Loop() {
				var err error
				if cells, err = CoverLineBuffer(cheapside, tt.metres, tt.res, 1e6); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(len(cells)), "cells")
		})
	}
}
