package incident

import (
	"io"

	"github.com/placesafe/placesafe/internal/pii"
	"github.com/placesafe/placesafe/internal/record"
)

// geoJSONProperties are the properties of a placesafe incident GeoJSON feature: the CSV columns
// without lat and lng.
var geoJSONProperties = []string{
	"source_ref", "occurred_at", "time_precision", "category", "victim_age_band",
	"suspect_age_band", "setting", "harm_weight", "involvement",
}

// NewGeoJSONReader reads a GeoJSON FeatureCollection of Point features whose properties are
// the columns of the placesafe CSV format without lat and lng, with the same rules (see
// NewCSVReader); a property may be a string, a number or null. The location comes from the
// geometry, [longitude, latitude] in WGS84; a null geometry means no location. Row.Line is the
// 1-based feature number, and Row.Content is "name=value" for each property in name order,
// then "coordinates=" and the coordinates as written.
//
// The features are read one at a time. The first feature's property names are checked by
// pii.CheckHeader before NewGeoJSONReader returns; those of later features when they are read.
func NewGeoJSONReader(r io.Reader) (record.Reader, error) {
	return record.NewGeoJSONReader(r, record.GeoJSONSpec{Columns: geoJSONProperties, CheckHeader: pii.CheckHeader}, placesafeRow)
}
