// Command sample writes the test basemap (basemaptest.NewSample) to a file, as PMTiles or,
// when the name ends in .mbtiles, MBTiles: the browser tests start the service with it.
//
//	go run ./internal/basemap/basemaptest/sample OUT.pmtiles
package main

import (
	"fmt"
	"os"
	"strings"

	"github.com/placesafe/placesafe/internal/basemap/basemaptest"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: sample OUT.pmtiles|OUT.mbtiles")
		os.Exit(2)
	}
	s, err := basemaptest.NewSample(basemaptest.DataDir())
	if err == nil {
		if strings.HasSuffix(os.Args[1], ".mbtiles") {
			err = s.WriteMBTiles(os.Args[1])
		} else {
			err = s.WritePMTiles(os.Args[1])
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "sample basemap:", err)
		os.Exit(1)
	}
}
