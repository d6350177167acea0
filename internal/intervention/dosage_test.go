package intervention_test

import (
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/server/servertest"

	"github.com/paulmach/orb"

	"github.com/placesafe/placesafe/internal/intervention"
)

// The activity of TestDosageCountsRecordsInsidePlaceAndPeriod, worked by hand. The park is the
// square lng −0.10..−0.09, lat 51.50..51.51; the annex is the square lng −0.095..−0.085, lat
// 51.505..51.515, overlapping the park's north-east corner; High Street runs along lat 51.52
// from lng −0.12 to −0.11 with a 20 m buffer (0.0001° of latitude is 11 m).
const dosageCSV = `source_ref,started_at,duration_minutes,activity_type,partner,lat,lng,contacts_children
A01,2024-03-05 16:00,120,detached_youth_work,youth_service,51.505000,-0.095000,12
A02,2024-03-10 18:00,60,patrol,police,51.520100,-0.115000,3
A03,2024-03-10 18:00,60,patrol,police,51.520300,-0.115000,4
A04,2024-02-28 16:00,90,detached_youth_work,youth_service,51.505000,-0.095000,9
A05,2024-04-01 00:30,50,detached_youth_work,youth_service,51.505000,-0.095000,7
A06,2024-03-31 23:30,30,outreach,voluntary_sector,51.502000,-0.098000,5
A07,2024-03-06 10:00,45,school_session,education,51.505000,-0.095000,30
A08,2024-03-07 16:00,60,detached_youth_work,youth_service,51.511000,-0.099000,6
A09,2024-03-08 15:00,45,patrol,police,51.500000,-0.095000,2
A10,2024-03-09 17:00,40,detached_youth_work,youth_service,51.507000,-0.093000,1
`

// Counted for youth_justice (youth_service) with police and voluntary_sector, March 2024:
//
//	A01 in the park, in March                       120 min, 12 contacts
//	A02 11 m from the street, within its buffer      60 min,  3
//	A06 in the park on 31 March at 23:30 (London)    30 min,  5
//	A09 on the park's southern edge (counts inside)  45 min,  2
//	A10 in the park and the annex: counted once      40 min,  1
//	                                         5 sessions, 295 min, 23 contacts
//
// Not counted: A03 (33 m from the street), A04 (February), A05 (1 April, 00:30 London),
// A07 (education is not one of the agencies), A08 (north of the park, outside both squares).
func TestDosageCountsRecordsInsidePlaceAndPeriod(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	annex := ts.addPlace(t, "park", "Ashdown Annex", square(-0.095, 51.505, 0.01), 0)
	street := ts.addPlace(t, "street", "High Street", `{"type":"LineString","coordinates":[[-0.12,51.52],[-0.11,51.52]]}`, 20)
	ts.importActivity(t, dosageCSV)

	create := func(extra ...string) int64 {
		var it interventionJSON
		servertest.Decode(t, ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions",
			body([]int64{park, annex, street}, append([]string{`"end_date":"2024-03-31"`}, extra...)...)), &it)
		return it.ID
	}
	partnership := create()
	policeAlone := create(`"lead_agency":"police"`, `"partners":[]`)
	openEnded := create(`"end_date":null`)

	tests := []struct {
		name                       string
		id                         int64
		role                       string
		sessions, minutes, contact *int64
		label                      string
		to                         string
	}{
		{"partnership, March", partnership, "analyst", n(5), n(295), n(23), "5", "2024-03-31"},
		{"partnership, March, as a partner: rounded, no minutes or contacts", partnership, "partner", n(5), nil, nil, "≈5", "2024-03-31"},
		{"police alone", policeAlone, "analyst", n(2), n(105), n(5), "2", "2024-03-31"},
		{"police alone, below the threshold for a partner", policeAlone, "partner", nil, nil, nil, "<5", "2024-03-31"},
		{"open-ended: April's record counts too", openEnded, "admin", n(6), n(345), n(30), "6", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var it interventionJSON
			servertest.Decode(t, ts.MustSend(t, http.StatusOK, tt.role, http.MethodGet, loc(tt.id), ""), &it)
			d := it.Dosage
			if d == nil {
				t.Fatal("no dosage")
			}
			if !eq(d.Sessions.N, tt.sessions) || !eq(d.Minutes, tt.minutes) || !eq(d.ChildContacts, tt.contact) || d.Sessions.Label != tt.label {
				t.Errorf("dosage %s sessions (%q), %s minutes, %s contacts; want %s (%q), %s, %s",
					show(d.Sessions.N), d.Sessions.Label, show(d.Minutes), show(d.ChildContacts), show(tt.sessions), tt.label, show(tt.minutes), show(tt.contact))
			}
			if d.From != "2024-03-01" || (tt.to == "") != (d.To == nil) || d.To != nil && *d.To != tt.to {
				t.Errorf("period %s to %v, want 2024-03-01 to %q", d.From, d.To, tt.to)
			}
		})
	}
}

func n(v int64) *int64 { return &v }

func eq(a, b *int64) bool { return (a == nil) == (b == nil) && (a == nil || *a == *b) }

func show(p *int64) string {
	if p == nil {
		return "null"
	}
	return fmt.Sprint(*p)
}

func TestCountDosage(t *testing.T) {
	park, err := intervention.NewShape(orb.Polygon{{{0, 0}, {0.01, 0}, {0.01, 0.01}, {0, 0.01}, {0, 0}}}, 0)
	if err != nil {
		t.Fatal(err)
	}
	london := record.London()
	period := intervention.Period{From: time.Date(2024, 3, 1, 0, 0, 0, 0, london), To: time.Date(2024, 4, 1, 0, 0, 0, 0, london)}
	at := func(day int) time.Time { return time.Date(2024, 3, day, 12, 0, 0, 0, london) }
	acts := []intervention.Activity{
		{StartedAt: at(1), Partner: "police", DurationMinutes: 10, ContactsChildren: 1, Lat: 0.005, Lng: 0.005},
		{StartedAt: at(2), Partner: "police", DurationMinutes: 20, ContactsChildren: 2, Lat: 0, Lng: 0.005},       // on the edge
		{StartedAt: at(3), Partner: "police", DurationMinutes: 40, ContactsChildren: 4, Lat: -0.0001, Lng: 0.005}, // just outside
		{StartedAt: at(4), Partner: "vrp", DurationMinutes: 80, ContactsChildren: 8, Lat: 0.005, Lng: 0.005},      // not a partner
		{StartedAt: period.To, Partner: "police", DurationMinutes: 160, ContactsChildren: 16, Lat: 0.005, Lng: 0.005},
		{StartedAt: period.From, Partner: "youth_service", DurationMinutes: 320, ContactsChildren: 32, Lat: 0.005, Lng: 0.005},
	}
	got := intervention.CountDosage([]intervention.Shape{park}, []string{"police", "youth_service"}, period, acts)
	want := intervention.Totals{Sessions: 3, Minutes: 350, ChildContacts: 35}
	if got != want {
		t.Errorf("CountDosage = %+v, want %+v", got, want)
	}
}

func TestActivityPartners(t *testing.T) {
	got := intervention.ActivityPartners([]string{"youth_justice", "childrens_social_care", "vrp_vru", "police"})
	want := []string{"police", "vrp", "youth_service"}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("ActivityPartners = %v, want %v", got, want)
	}
}
