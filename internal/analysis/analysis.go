// Package analysis holds saved analyses: a hot spot or emerging hot spot run kept with its
// parameters, its result (the GeoJSON the map showed) and the data version it covered (the
// imports and the study area), so that the intelligence an intervention rested on — the
// inspectors' first question — can be shown again later, unchanged, whatever has been imported
// since.
//
// # Who reads what
//
// Analysts and admins save. By default an analysis is saved for every role ("audience":
// "all"): it is run with the rules of roles without record-level access (suppressed counts,
// resolution 9 or coarser, no category, age band, setting or partner filter), so that the VRP
// lead, partners and inspectors can read exactly what was saved. "audience": "record_level"
// runs it with the saving analyst's own access (full counts, finer cells, filters); only admins
// and analysts can then read it. Gi* and emerging categories are computed on the full data in
// both cases, so the hot spots are the same; only the counts shown differ.
//
// # Local areas
//
// An analysis saved by a user of some local areas (or narrowed to one with the area switcher)
// is computed over those areas' records and records them; one saved for the whole deployment
// covers every area. A user reads an analysis only when they see every local area it covers;
// to the others it does not exist.
package analysis

import (
	"encoding/json"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/text"
)

// Kinds of saved analysis: the map layers they are run as.
const (
	KindHotspots = hotspot.LayerHotspots // Getis–Ord Gi*
	KindEmerging = hotspot.LayerEmerging // emerging hot spots
)

// Audiences of a saved analysis (see the package documentation).
const (
	AudienceAll         = "all"
	AudienceRecordLevel = "record_level"
)

// MaxTitleLen is the longest title, in characters.
const MaxTitleLen = 200

// paramNames are the query parameters of each kind, as GET /api/v1/hotspots and
// /api/v1/hotspots/emerging take them.
var paramNames = map[string][]string{
	KindHotspots: {"kind", "res", "from", "to", "scope", "category", "age_band", "setting", "partner", "k", "kernel", "fdr", "measure"},
	KindEmerging: {"kind", "res", "from", "to", "scope", "category", "age_band", "setting", "partner", "k", "kernel", "fdr", "measure", "bin", "previous"},
}

// Analysis is one saved analysis.
type Analysis struct {
	ID          int64          `json:"id"`
	Kind        string         `json:"kind"`
	Title       string         `json:"title"`
	Audience    string         `json:"audience"`
	Params      map[string]any `json:"params"` // a string, or an array of strings when repeated
	DataVersion DataVersion    `json:"data_version"`
	CreatedBy   *int64         `json:"created_by"`
	// CreatedByEmail is the author's email; empty when the account is gone.
	CreatedByEmail string    `json:"created_by_email"`
	CreatedAt      time.Time `json:"created_at"`
	// DisclosureRule is the version of the disclosure rule the result was protected by.
	DisclosureRule int `json:"disclosure_rule"`
	// LocalAreas are the local areas the analysis was computed over, in id order; null for the
	// whole deployment.
	LocalAreas []int64 `json:"local_areas"`
	// Result is the GeoJSON FeatureCollection as stored; lists leave it out.
	Result json.RawMessage `json:"result,omitempty"`
}

// Withheld reports whether a reader of role is refused a's result for having been protected by
// an earlier disclosure rule than the one in force (record-level readers never are).
func (a *Analysis) Withheld(role string) bool {
	return !auth.RecordLevel(role) && a.DisclosureRule < disclosure.RuleVersion
}

// DataVersion is the data an analysis covered.
type DataVersion struct {
	// RecordKind is incidents or activity: the records analysed.
	RecordKind string `json:"record_kind"`
	// Imports are the ids of the landed (done) imports of that kind, ascending.
	Imports []int64 `json:"imports"`
	// StudyAreaUpdatedAt is when the study area was last set; null when none was.
	StudyAreaUpdatedAt *time.Time `json:"study_area_updated_at"`
}

// same reports whether two data versions cover the same data.
func (d DataVersion) same(o DataVersion) bool {
	sameArea := (d.StudyAreaUpdatedAt == nil) == (o.StudyAreaUpdatedAt == nil) &&
		(d.StudyAreaUpdatedAt == nil || d.StudyAreaUpdatedAt.Equal(*o.StudyAreaUpdatedAt))
	return d.RecordKind == o.RecordKind && slices.Equal(d.Imports, o.Imports) && sameArea
}

// Input is the body of POST /api/v1/analyses. Params values are strings, numbers, booleans or
// arrays of them, exactly as the query parameters of the map layer ("res": "9" or 9).
type Input struct {
	Kind     string                     `json:"kind"`
	Title    string                     `json:"title"`
	Audience string                     `json:"audience"`
	Params   map[string]json.RawMessage `json:"params"`
}

// query validates in and returns its parameters as query values.
func (in *Input) query() (url.Values, error) {
	in.Title = strings.TrimSpace(in.Title)
	names, ok := paramNames[in.Kind]
	if !ok {
		return nil, unprocessable("kind", "%q: want hotspots or emerging", in.Kind)
	}
	if in.Title == "" {
		return nil, unprocessable("title", "is required: say what the analysis shows")
	}
	if err := text.Check(in.Title, MaxTitleLen, false); err != nil {
		return nil, unprocessable("title", "must be one line of at most %d characters: it %s", MaxTitleLen, err)
	}
	if in.Audience == "" {
		in.Audience = AudienceAll
	}
	if in.Audience != AudienceAll && in.Audience != AudienceRecordLevel {
		return nil, unprocessable("audience", "%q: want all or record_level", in.Audience)
	}
	q := url.Values{}
	keys := slices.Sorted(maps.Keys(in.Params))
	for _, k := range keys {
		if !slices.Contains(names, k) {
			return nil, unprocessable("params."+k, "is not a parameter of a %s analysis (want %s)", in.Kind, strings.Join(names, ", "))
		}
		vals, err := paramValues(in.Params[k])
		if err != nil {
			return nil, unprocessable("params."+k, "%v", err)
		}
		q[k] = vals
	}
	return q, nil
}

// paramValues reads a parameter given as a string, number, boolean or an array of them.
func paramValues(raw json.RawMessage) ([]string, error) {
	var list []json.RawMessage
	if err := json.Unmarshal(raw, &list); err != nil {
		list = []json.RawMessage{raw}
	}
	out := make([]string, 0, len(list))
	for _, r := range list {
		var v any
		dec := json.NewDecoder(strings.NewReader(string(r)))
		dec.UseNumber()
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		switch v := v.(type) {
		case string:
			out = append(out, v)
		case json.Number:
			out = append(out, v.String())
		case bool:
			out = append(out, fmt.Sprint(v))
		default:
			return nil, fmt.Errorf("want a string, number or boolean, or an array of them")
		}
	}
	return out, nil
}

// storedParams is q as saved: one value as a string, several as an array.
func storedParams(q url.Values) map[string]any {
	out := make(map[string]any, len(q))
	for k, v := range q {
		if len(v) == 1 {
			out[k] = v[0]
		} else {
			out[k] = v
		}
	}
	return out
}

// unprocessable is a 422 naming the refused field.
func unprocessable(field, format string, args ...any) error {
	reason := fmt.Sprintf(format, args...)
	return apperr.WithDetails(apperr.Unprocessable, "analysis refused: "+field+": "+reason,
		[]any{map[string]string{"field": field, "reason": reason}})
}
