package intervention_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/server/servertest"
)

// createIn creates an intervention and drives it, as admin, to review state.
func (ts *testServer) createIn(t *testing.T, place int64, state string) (id int64, version string) {
	t.Helper()
	rec := ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions", body([]int64{place}))
	var it interventionJSON
	servertest.Decode(t, rec, &it)
	steps := map[string][]string{"draft": nil, "submitted": {"submit"}, "returned": {"submit", "return"}, "approved": {"submit", "approve"}}[state]
	version = etag(rec)
	for _, action := range steps {
		comment := ""
		if action == "return" {
			comment = `{"comment":"Say how the sessions will be staffed after 6pm"}`
		}
		rec = ts.MustSend(t, http.StatusOK, "admin", http.MethodPost, fmt.Sprintf("/api/v1/interventions/%d/%s", it.ID, action),
			comment, "If-Match", version)
		version = etag(rec)
	}
	return it.ID, version
}

func TestReviewTransitionsByRoleAndState(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	roles := []string{"admin", "analyst", "vrp_lead", "partner", "inspector"}
	states := []string{"draft", "submitted", "returned", "approved"}
	// want[action][role] gives the status for each state in the order of states.
	authorOK := []int{200, 409, 200, 409}
	reviewerOK := []int{409, 200, 409, 409}
	forbidden := []int{403, 403, 403, 403}
	want := map[string]map[string][]int{
		"submit":  {"admin": authorOK, "analyst": authorOK, "partner": authorOK, "vrp_lead": forbidden, "inspector": forbidden},
		"return":  {"admin": reviewerOK, "vrp_lead": reviewerOK, "analyst": forbidden, "partner": forbidden, "inspector": forbidden},
		"approve": {"admin": reviewerOK, "vrp_lead": reviewerOK, "analyst": forbidden, "partner": forbidden, "inspector": forbidden},
	}
	reached := map[string]string{"submit": "submitted", "return": "returned", "approve": "approved"}
	for _, action := range []string{"submit", "return", "approve"} {
		for _, role := range roles {
			for i, state := range states {
				t.Run(fmt.Sprintf("%s as %s from %s", action, role, state), func(t *testing.T) {
					id, version := ts.createIn(t, park, state)
					rec := ts.Send(t, role, http.MethodPost, fmt.Sprintf("/api/v1/interventions/%d/%s", id, action),
						`{"comment":"Needs a plan for the school holidays"}`, "If-Match", version)
					if rec.Code != want[action][role][i] {
						t.Fatalf("status %d, want %d: %s", rec.Code, want[action][role][i], rec.Body)
					}
					var it interventionJSON
					servertest.Decode(t, ts.MustSend(t, http.StatusOK, "inspector", http.MethodGet, loc(id), ""), &it)
					switch rec.Code {
					case http.StatusOK:
						if it.ReviewStatus != reached[action] {
							t.Errorf("review status %s after %s, want %s", it.ReviewStatus, action, reached[action])
						}
					case http.StatusConflict:
						if !strings.Contains(rec.Body.String(), "is "+state) {
							t.Errorf("409 %s does not name the current state %s", rec.Body, state)
						}
						fallthrough
					default:
						if it.ReviewStatus != state || etag(rec) != "" && etag(rec) != version {
							t.Errorf("a refused %s changed the intervention: %s, ETag %s", action, it.ReviewStatus, etag(rec))
						}
					}
				})
			}
		}
	}
}

func TestReturnedInterventionIsEditedAndResubmittedWithHistory(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	id, v := ts.createIn(t, park, "submitted")
	path := func(action string) string { return fmt.Sprintf("/api/v1/interventions/%d/%s", id, action) }

	noComment := ts.Send(t, "vrp_lead", http.MethodPost, path("return"), `{"comment":"  "}`, "If-Match", v)
	if noComment.Code != http.StatusUnprocessableEntity || !strings.Contains(noComment.Body.String(), "comment") {
		t.Errorf("return without a comment = %d %s, want 422 naming the comment", noComment.Code, noComment.Body)
	}
	rec := ts.MustSend(t, http.StatusOK, "vrp_lead", http.MethodPost, path("return"), `{"comment":"Add the evening staffing"}`, "If-Match", v)
	var it interventionJSON
	servertest.Decode(t, rec, &it)
	if it.ReviewStatus != "returned" || it.ReviewComment != "Add the evening staffing" {
		t.Errorf("after return: %s %q", it.ReviewStatus, it.ReviewComment)
	}
	rec = ts.MustSend(t, http.StatusOK, "partner", http.MethodPatch, loc(id), `{"mechanism":"Two youth workers until 9pm"}`, "If-Match", etag(rec))
	rec = ts.MustSend(t, http.StatusOK, "partner", http.MethodPost, path("submit"), "", "If-Match", etag(rec))
	rec = ts.MustSend(t, http.StatusOK, "vrp_lead", http.MethodPost, path("approve"), `{"comment":"Approved at the VRP board"}`, "If-Match", etag(rec))
	if rec := ts.Send(t, "analyst", http.MethodPatch, loc(id), `{"title":"Too late"}`, "If-Match", etag(rec)); rec.Code != http.StatusConflict ||
		!strings.Contains(rec.Body.String(), "approved") {
		t.Errorf("PATCH an approved intervention = %d %s, want 409 naming the state", rec.Code, rec.Body)
	}
	var hist struct {
		Reviews []struct {
			From    string `json:"from_status"`
			To      string `json:"to_status"`
			Comment string `json:"comment"`
			ByEmail string `json:"by_email"`
			At      string `json:"at"`
		} `json:"reviews"`
	}
	servertest.Decode(t, ts.MustSend(t, http.StatusOK, "inspector", http.MethodGet, path("reviews"), ""), &hist)
	want := []string{
		"draft→submitted by admin@example.org",
		"submitted→returned by vrp_lead@example.org: Add the evening staffing",
		"returned→submitted by partner@example.org",
		"submitted→approved by vrp_lead@example.org: Approved at the VRP board",
	}
	if len(hist.Reviews) != len(want) {
		t.Fatalf("history %+v, want %d steps", hist.Reviews, len(want))
	}
	for i, r := range hist.Reviews {
		got := r.From + "→" + r.To + " by " + r.ByEmail
		if r.Comment != "" {
			got += ": " + r.Comment
		}
		if got != want[i] || r.At == "" {
			t.Errorf("step %d: %s at %q, want %s", i, got, r.At, want[i])
		}
	}
	var audited int
	if err := ts.DB.Pool.QueryRow(t.Context(), `SELECT count(*) FROM audit_log WHERE resource = $1
		AND action IN ('intervention.submit', 'intervention.return', 'intervention.approve')`, fmt.Sprintf("interventions/%d", id)).Scan(&audited); err != nil || audited != 4 {
		t.Errorf("%d review steps audit-logged (%v), want 4", audited, err)
	}
}

func TestSubmissionNeedsMechanismAndOutcomes(t *testing.T) {
	ts := newTestServer(t)
	park := ts.addPlace(t, "park", "Ashdown Park", square(-0.10, 51.50, 0.01), 0)
	rec := ts.MustSend(t, http.StatusCreated, "analyst", http.MethodPost, "/api/v1/interventions",
		body([]int64{park}, `"mechanism":""`, `"intended_outcomes":""`))
	var it interventionJSON
	servertest.Decode(t, rec, &it)
	sub := ts.Send(t, "analyst", http.MethodPost, fmt.Sprintf("/api/v1/interventions/%d/submit", it.ID), "", "If-Match", etag(rec))
	if sub.Code != http.StatusUnprocessableEntity || !strings.Contains(sub.Body.String(), "mechanism") || !strings.Contains(sub.Body.String(), "intended_outcomes") {
		t.Errorf("submit without mechanism and outcomes = %d %s, want 422 naming both", sub.Code, sub.Body)
	}
}
