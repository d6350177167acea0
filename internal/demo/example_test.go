package demo_test

import (
	"fmt"
	"strings"
	"time"

	"github.com/placesafe/placesafe/internal/demo"
	"github.com/placesafe/placesafe/internal/record"
)

func ExampleGenerate() {
	b, err := demo.Generate(demo.Options{Seed: 1, End: time.Date(2026, 5, 1, 0, 0, 0, 0, record.London()), Incidents: 1000})
	if err != nil {
		panic(err)
	}
	var csv strings.Builder
	if err := b.WriteIncidentsCSV(&csv); err != nil {
		panic(err)
	}
	header, _, _ := strings.Cut(csv.String(), "\n")
	fmt.Printf("%s: %d places, %d incidents from %s\n", b.Name, len(b.Places), len(b.Incidents), b.Start.Format("2006-01-02"))
	fmt.Println(header)
	// Output:
	// Northbridge: 12 places, 1000 incidents from 2023-05-01
	// source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight
}
