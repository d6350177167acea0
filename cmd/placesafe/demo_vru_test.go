package main

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/cellcount"
)

// TestServeDemoIsAVRU: `serve --demo` loads the borough as three local areas with population
// figures; every incident lies in one of them, and the demo partner of Eastmere sees Eastmere
// alone while the demo partner sees all three.
func TestServeDemoIsAVRU(t *testing.T) {
	m := &Main{Config: testConfig(t), Demo: true, Log: slog.New(slog.NewTextHandler(io.Discard, nil)), Out: io.Discard}
	ctx := start(t, m, 2*time.Minute)
	pool := m.DB.Pool

	rows, err := pool.Query(ctx, `SELECT a.name, a.ons_code, (SELECT count(*) FROM incidents i WHERE i.local_area_id = a.id),
		(SELECT count(*) FROM local_area_population p WHERE p.local_area_id = a.id) FROM local_areas a ORDER BY a.id`)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	var total int64
	for rows.Next() {
		var name, code string
		var incidents, years int64
		if err := rows.Scan(&name, &code, &incidents, &years); err != nil {
			t.Fatal(err)
		}
		names = append(names, name+" "+code)
		if incidents < 2000 || years < 3 {
			t.Errorf("%s holds %d incidents and %d years of population figures; want a share of the demo and every year", name, incidents, years)
		}
		total += incidents
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(names, ", "); got != "Northbridge E06009901, Fernley E06009902, Eastmere E06009903" {
		t.Errorf("local areas %s", got)
	}
	if total != 20000 {
		t.Errorf("the local areas hold %d incidents, want all 20000", total)
	}
	if n, err := cellcount.Mismatches(ctx, pool); err != nil || n != 0 {
		t.Errorf("%d summed cells differ from the records (%v)", n, err)
	}

	base := "http://" + m.Addr()
	for _, c := range []struct {
		email string
		want  []string
	}{
		{"partner.eastmere@northbridge.example", []string{"Eastmere"}},
		{"partner@northbridge.example", []string{"Northbridge", "Fernley", "Eastmere"}},
	} {
		cookies, err := cookiejar.New(nil)
		if err != nil {
			t.Fatal(err)
		}
		jar := &http.Client{Jar: cookies}
		if code := signInDemo(t, jar, base, c.email); code != http.StatusOK {
			t.Fatalf("%s sign-in = %d, want 200", c.email, code)
		}
		resp, err := jar.Get(base + "/api/v1/local-areas")
		if err != nil {
			t.Fatal(err)
		}
		var l struct {
			LocalAreas []struct{ Name string } `json:"local_areas"`
		}
		err = json.NewDecoder(resp.Body).Decode(&l)
		resp.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, a := range l.LocalAreas {
			got = append(got, a.Name)
		}
		if strings.Join(got, ",") != strings.Join(c.want, ",") {
			t.Errorf("%s sees %v, want %v", c.email, got, c.want)
		}
	}
}
