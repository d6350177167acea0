package incident_test

import (
	"bytes"
	"errors"
	"io"
	"os"
	"testing"

	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// drain reads r to the end and checks that it never panics, never loops and gives whole rows.
func drain(t *testing.T, r record.Reader, size int) {
	for i := 0; i <= size+2; i++ {
		row, err := r.Next()
		var rowErr *record.RowError
		switch {
		case errors.Is(err, io.EOF):
			return
		case errors.As(err, &rowErr):
			if rowErr.Line < 1 {
				t.Fatalf("row error with line %d", rowErr.Line)
			}
			continue
		case err != nil:
			return // the file is refused
		}
		if row.Line < 1 || len(row.Values) != len(incident.Columns) || len(row.Content) == 0 {
			t.Fatalf("bad row %+v", row)
		}
	}
	t.Fatalf("more rows than the %d bytes of input allow", size)
}

func FuzzCSVReader(f *testing.F) {
	f.Add([]byte(csvHeader + "r1,2024-05-01 14:30,exact,robbery,14-17,18-24,51.515,-0.09,street,\n"))
	f.Add([]byte(csvHeader + "\"r1\n,2024-05,month,robbery,0-9,,,,,1e3\r\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := incident.NewCSVReader(bytes.NewReader(data)); err == nil {
			drain(t, r, len(data))
		}
	})
}

func FuzzPoliceUKReader(f *testing.F) {
	data, err := os.ReadFile("testdata/2024-01-city-of-london-street.csv")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(data[:2000])
	f.Add([]byte(policeUKHeader + "\n,2024-01,F,F,,,No Location,,,Anti-social behaviour,,\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := incident.NewPoliceUKReader(bytes.NewReader(data), incident.ScopeSYV); err == nil {
			drain(t, r, len(data))
		}
	})
}

func FuzzGeoJSONReader(f *testing.F) {
	f.Add([]byte(collection(robberyFeature)))
	f.Add([]byte(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":null},[],7]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if r, err := incident.NewGeoJSONReader(bytes.NewReader(data)); err == nil {
			drain(t, r, len(data))
		}
	})
}
