package search_test

import (
	"context"
	"testing"

	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/postgres/pgtest"
	"github.com/placesafe/placesafe/internal/search"
)

// Two incidents on one police.uk street location in LSOA E01000916, one elsewhere, and a park.
func seed(t *testing.T) *search.Store {
	t.Helper()
	db := pgtest.MustOpenDB(t)
	ctx := context.Background()
	for _, sql := range []string{
		`INSERT INTO imports (id, kind, format, status) VALUES (1, 'incidents', 'policeuk', 'done')`,
		`INSERT INTO incidents (import_id, row_key, occurred_at, time_precision, category, harm_weight, lsoa_code, lsoa_name, location, lat, lng, h3_cell)
		 VALUES (1, 'a', '2024-01-01', 'month', 'robbery', 365, 'E01000916', 'Camden 027B', 'On or near Leather Lane', 51.5200, -0.1090, 1),
		        (1, 'b', '2024-02-01', 'month', 'robbery', 365, 'E01000916', 'Camden 027B', 'On or near Leather Lane', 51.5210, -0.1080, 1),
		        (1, 'c', '2024-02-01', 'month', 'robbery', 365, 'E01000917', 'Camden 027C', 'On or near Hatton Garden', 51.5190, -0.1070, 1)`,
		`INSERT INTO places (kind, name, geojson) VALUES ('park', 'Leather Lane Gardens',
		 '{"type":"Polygon","coordinates":[[[-0.11,51.52],[-0.10,51.52],[-0.10,51.53],[-0.11,51.52]]]}')`,
	} {
		if _, err := db.Pool.Exec(ctx, sql); err != nil {
			t.Fatal(err)
		}
	}
	return &search.Store{Pool: db.Pool}
}

func kinds(rs []search.Result) map[string][]string {
	out := map[string][]string{}
	for _, r := range rs {
		out[r.Kind] = append(out[r.Kind], r.Label)
	}
	return out
}

func TestSearch(t *testing.T) {
	s := seed(t)
	ctx := audit.WithActor(context.Background(), audit.Actor{Email: "analyst@example.org"})
	tests := []struct {
		name        string
		q           string
		recordLevel bool
		want        map[string][]string
	}{
		{"a street and a place for an analyst", "leather lane", true,
			map[string][]string{"place": {"Leather Lane Gardens"}, "street": {"On or near Leather Lane"}}},
		{"only the place for a partner: streets are record-level", "leather lane", false,
			map[string][]string{"place": {"Leather Lane Gardens"}}},
		{"an LSOA by code prefix", "E0100091", true, map[string][]string{"lsoa": {"E01000916", "E01000917"}}},
		{"an LSOA by name", "027c", true, map[string][]string{"lsoa": {"E01000917"}}},
		{"a cell id for anyone", "89195da49b7ffff", false, map[string][]string{"cell": {"89195da49b7ffff"}}},
		{"wildcards are literal", "%", true, map[string][]string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			q := tt.q
			if q == "%" {
				q = "%%"
			}
			rs, err := s.Search(ctx, q, tt.recordLevel)
			if err != nil {
				t.Fatal(err)
			}
			got := kinds(rs)
			if len(got) != len(tt.want) {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			for k, v := range tt.want {
				if len(got[k]) != len(v) {
					t.Fatalf("%s: got %v, want %v", k, got[k], v)
				}
				for i := range v {
					if got[k][i] != v[i] {
						t.Errorf("%s %d: got %q, want %q", k, i, got[k][i], v[i])
					}
				}
			}
		})
	}
}

func TestSearchStreetBoxHoldsItsRecords(t *testing.T) {
	s := seed(t)
	rs, err := s.Search(context.Background(), "Leather Lane", true)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rs {
		if r.Kind == search.KindStreet && r.BBox != [4]float64{-0.1090, 51.5200, -0.1080, 51.5210} {
			t.Errorf("street box %v, want the two records' box", r.BBox)
		}
	}
}

func TestSearchStreetOnOnePointIsAPoint(t *testing.T) {
	s := seed(t)
	rs, err := s.Search(context.Background(), "Hatton", true)
	if err != nil {
		t.Fatal(err)
	}
	if len(rs) != 1 || rs[0].Geom.Type != "Point" || rs[0].BBox != [4]float64{-0.1070, 51.5190, -0.1070, 51.5190} {
		t.Errorf("got %+v, want one point at the record", rs)
	}
}

func TestSearchAuditsRecordLevelSearches(t *testing.T) {
	s := seed(t)
	ctx := audit.WithActor(context.Background(), audit.Actor{Email: "analyst@example.org"})
	for _, recordLevel := range []bool{true, false} {
		if _, err := s.Search(ctx, "Hatton", recordLevel); err != nil {
			t.Fatal(err)
		}
	}
	var n, rows int64
	if err := s.Pool.QueryRow(context.Background(), `SELECT count(*), max(row_count) FROM audit_log
		WHERE action = 'search.records' AND params->>'q' = 'Hatton'`).Scan(&n, &rows); err != nil {
		t.Fatal(err)
	}
	if n != 1 || rows != 1 {
		t.Errorf("%d audit entries with %d results, want one entry (the analyst's) with 1", n, rows)
	}
}

func TestSearchRefusesBadQueries(t *testing.T) {
	s := seed(t)
	for _, q := range []string{"", "a", "two\nlines", string(make([]byte, 101))} {
		if _, err := s.Search(context.Background(), q, true); err == nil {
			t.Errorf("%q: no error", q)
		}
	}
}
