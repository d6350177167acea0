package export_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/placesafe/placesafe/internal/export"
	"github.com/placesafe/placesafe/internal/inspection"
)

// TestThePackCoversEveryStrand builds packs of the demo's two JTAI records (Northbridge
// notified after a completed audit round; Eastmere preparing, its round open) and checks that
// each covers every strand, that the opening narrative states the same figures as the store,
// and that children's references and staff contact details never enter a pack.
func TestThePackCoversEveryStrand(t *testing.T) {
	srv, own := MustServer(t, false)
	ctx := context.Background()
	if err := srv.DemoInspections(ctx, "Northbridge"); err != nil {
		t.Fatal(err)
	}
	list, _, err := srv.Inspections.List(ctx, inspection.Filter{})
	if err != nil {
		t.Fatal(err)
	}
	byArea := map[string]*inspection.Inspection{}
	for _, in := range list {
		if in.ID != own {
			byArea[in.LocalArea] = in
		}
	}
	nb, em := byArea["Northbridge"], byArea["Eastmere"]
	if nb == nil || em == nil {
		t.Fatalf("demo inspections %v, want Northbridge and Eastmere", byArea)
	}
	at := time.Now().UTC()
	for _, tc := range []struct {
		in   *inspection.Inspection
		role string
	}{{nb, "analyst"}, {nb, "partner"}, {em, "analyst"}, {em, "inspector"}} {
		t.Run(tc.in.LocalArea+" as "+tc.role, func(t *testing.T) {
			o := open(t, MustBuild(t, srv, tc.in.ID, tc.role, at).Zip)
			html := string(o.files[export.FileReport])
			for _, id := range []string{"kickoff", "strand-strategic", "strand-work_with_children", "q1", "q5",
				"self-assessment", "action-plan", "meetings", "people", "annex-a"} {
				if section(html, id) == "" {
					t.Errorf("report.html has no section %s", id)
				}
			}
			r, err := srv.Inspections.Readiness(ctx, tc.in.ID)
			if err != nil {
				t.Fatal(err)
			}
			var lines, evidenced, assessed int
			for _, s := range r.Strands {
				lines, evidenced, assessed = lines+s.Lines, evidenced+s.Evidenced, assessed+s.Assessed
			}
			plan, err := srv.Inspections.ActionPlan(ctx, tc.in.ID)
			if err != nil {
				t.Fatal(err)
			}
			meetings, err := srv.Inspections.Meetings(ctx, tc.in.ID, inspection.MeetingFilter{})
			if err != nil {
				t.Fatal(err)
			}
			kick := section(html, "kickoff")
			for _, want := range []string{
				fmt.Sprintf("Readiness stands at %d%%: %d of %d lines of enquiry have approved evidence in the library and %d have a current self-assessment", r.Percent, evidenced, lines, assessed),
				fmt.Sprintf("%d of %d practice audit rounds are complete", r.Audits.Complete, r.Audits.Rounds),
				fmt.Sprintf("The action plan holds <span class=\"tally\">%d action", len(plan)),
				fmt.Sprintf("<span class=\"tally\">%d meeting", len(meetings)),
				"Places and spaces: no incident records are held", // this server holds no incidents
			} {
				if !strings.Contains(kick, want) {
					t.Errorf("the narrative does not say %q:\n%s", want, kick)
				}
			}
			preparing := tc.in.NotifiedOn.IsZero()
			if strings.Contains(kick, "it has not been notified") != preparing {
				t.Errorf("preparing %v, narrative %q", preparing, kick)
			}
			wwc := section(html, "strand-work_with_children")
			for _, want := range []string{"Practice audits", "Case sample", "Serious youth violence dip sample"} {
				if preparing && tc.role != "analyst" && want == "Serious youth violence dip sample" {
					want = "still open is not summarised for this role" // an open round's figures still move
				}
				if !strings.Contains(wwc, want) {
					t.Errorf("work with children does not say %q:\n%s", want, wwc)
				}
			}
			if !strings.Contains(section(html, "meetings"), "Run an Annex A dry run with the performance leads") {
				t.Error("the meetings section lacks the preparation group's decision")
			}
			if !strings.Contains(section(html, "people"), "Tom Reid") {
				t.Error("the people section lacks the police SPOC")
			}
			for name, b := range o.files {
				for _, never := range []string{"NB-CSC-004211", "NB-CSC-004378", "jtai.spoc@police.example", "dcs@council.example"} {
					if strings.Contains(string(b), never) {
						t.Errorf("%s holds %q", name, never)
					}
				}
			}
		})
	}
	t.Run("a protected role reads the audit counts as published", func(t *testing.T) {
		o := open(t, MustBuild(t, srv, nb.ID, "partner", at).Zip)
		wwc := section(string(o.files[export.FileReport]), "strand-work_with_children")
		// Two cases, four gradings, all "good": below the threshold of 5, so "<5" and never the digits.
		if !strings.Contains(wwc, `<span class="count">&lt;5</span>`) || strings.Contains(wwc, `<span class="count">2</span>`) {
			t.Errorf("a partner's audit summary shows small counts:\n%s", wwc)
		}
		a := open(t, MustBuild(t, srv, nb.ID, "analyst", at).Zip)
		if !strings.Contains(section(string(a.files[export.FileReport]), "strand-work_with_children"), `<span class="count">4</span>`) {
			t.Error("an analyst's audit summary does not give the four gradings exactly")
		}
	})
}
