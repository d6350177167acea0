package demo

import (
	"encoding/csv"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/paulmach/orb/geojson"
)

// IncidentHeader and ActivityHeader are the header lines of the placesafe CSV formats.
const (
	IncidentHeader = "source_ref,occurred_at,time_precision,category,victim_age_band,suspect_age_band,lat,lng,setting,harm_weight"
	ActivityHeader = "source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children"
)

// Layouts of local London times in the CSV files, by precision.
const (
	LayoutExact = "2006-01-02 15:04"
	LayoutDay   = "2006-01-02"
	LayoutMonth = "2006-01"
)

// WriteBoundaryGeoJSON writes a FeatureCollection holding the boundary as one Polygon
// feature with a name property.
func (b *Borough) WriteBoundaryGeoJSON(w io.Writer) error {
	f := geojson.NewFeature(b.Boundary)
	f.Properties["name"] = b.Name
	data, err := geojson.NewFeatureCollection().Append(f).MarshalJSON()
	if err != nil {
		return fmt.Errorf("demo: encode boundary of %s: %w", b.Name, err)
	}
	if _, err := w.Write(append(data, '\n')); err != nil {
		return fmt.Errorf("demo: write boundary of %s: %w", b.Name, err)
	}
	return nil
}

// WriteIncidentsCSV writes the incidents in the placesafe incident CSV format, leaving
// harm_weight blank so that the importer applies the category default.
func (b *Borough) WriteIncidentsCSV(w io.Writer) error {
	return writeCSV(w, IncidentHeader, "incident", "incidents", b.Incidents, func(inc Incident) (string, []string) {
		return inc.SourceRef, []string{inc.SourceRef, formatTime(inc.OccurredAt, inc.Precision), inc.Precision,
			inc.Category, inc.VictimAgeBand, inc.SuspectAgeBand, coord(inc.Lat), coord(inc.Lng),
			inc.Setting, ""}
	})
}

// WriteActivityCSV writes the activities in the placesafe activity CSV format.
func (b *Borough) WriteActivityCSV(w io.Writer) error {
	return writeCSV(w, ActivityHeader, "activity", "activity", b.Activities, func(a Activity) (string, []string) {
		return a.SourceRef, []string{a.SourceRef, a.StartedAt.Format(LayoutExact), strconv.Itoa(a.DurationMinutes),
			a.ActivityType, a.Partner, coord(a.Lat), coord(a.Lng), strconv.Itoa(a.ContactsChildren)}
	})
}

// writeCSV writes header, then a record for each of xs as record gives it with its source
// reference; one and many name a record and the records in errors.
func writeCSV[T any](w io.Writer, header, one, many string, xs []T, record func(T) (ref string, fields []string)) error {
	cw := csv.NewWriter(w)
	if err := cw.Write(splitHeader(header)); err != nil {
		return fmt.Errorf("demo: write %s header: %w", many, err)
	}
	for _, x := range xs {
		ref, fields := record(x)
		if err := cw.Write(fields); err != nil {
			return fmt.Errorf("demo: write %s %s: %w", one, ref, err)
		}
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return fmt.Errorf("demo: write %s: %w", many, err)
	}
	return nil
}

// formatTime formats a local time as the precision requires.
func formatTime(t time.Time, precision string) string {
	switch precision {
	case PrecisionDay:
		return t.Format(LayoutDay)
	case PrecisionMonth:
		return t.Format(LayoutMonth)
	}
	return t.Format(LayoutExact)
}

// coord formats a coordinate with six decimals.
func coord(v float64) string { return strconv.FormatFloat(v, 'f', 6, 64) }

// splitHeader splits a header line into its column names.
func splitHeader(h string) []string { return strings.Split(h, ",") }
