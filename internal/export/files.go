package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"

	"github.com/paulmach/orb/geojson"
)

// writeCSV writes csv/<table>.csv for every table: a header row, then the rows as the
// workbook holds them (UTF-8, no byte-order mark).
func (b *build) writeCSV(context.Context) error {
	for _, t := range b.tables {
		var buf bytes.Buffer
		w := csv.NewWriter(&buf)
		if err := w.Write(t.columns); err != nil {
			return err
		}
		rec := make([]string, len(t.columns))
		for _, row := range t.rows {
			for i, v := range row {
				rec[i] = text(v)
				if s, ok := v.(string); ok {
					rec[i] = defuse(s)
				}
			}
			if err := w.Write(rec); err != nil {
				return err
			}
		}
		w.Flush()
		if err := w.Error(); err != nil {
			return err
		}
		b.files["csv/"+t.name+".csv"] = buf.Bytes()
	}
	return nil
}

// defuse keeps a spreadsheet from reading free text as a formula (CSV injection): text that
// starts with =, +, -, @, a tab or a carriage return gets a leading apostrophe.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// writeLayers writes layers/*.geojson: the study area, the hot spot and emerging hot spot
// layers exactly as the map renders them for the role, the places register and the
// interventions with their places.
func (b *build) writeLayers(context.Context) error {
	var areaFeatures []*geojson.Feature
	if b.area != nil {
		areaFeatures = append(areaFeatures, b.area.Feature())
	}
	var placeFeatures []*geojson.Feature
	for _, r := range b.places {
		placeFeatures = append(placeFeatures, r.place.Feature())
	}
	for name, features := range map[string][]*geojson.Feature{
		"layers/study-area.geojson": areaFeatures, "layers/places.geojson": placeFeatures,
		"layers/interventions.geojson": b.ivFeatures,
	} {
		raw, err := featureCollection(features)
		if err != nil {
			return err
		}
		b.files[name] = raw
	}
	var err error
	if b.files["layers/hotspots.geojson"], err = b.hotspots.GeoJSON(); err != nil {
		return err
	}
	b.files["layers/emerging-hotspots.geojson"], err = b.emerging.GeoJSON()
	return err
}

// featureCollection marshals features as a FeatureCollection; orb writes properties with
// sorted keys, so the bytes depend only on the features.
func featureCollection(features []*geojson.Feature) ([]byte, error) {
	fc := geojson.NewFeatureCollection()
	fc.Features = append(fc.Features, features...)
	return json.Marshal(fc)
}
