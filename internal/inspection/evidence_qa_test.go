package inspection_test

import (
	"fmt"
	"net/http"
	"slices"
	"testing"
)

// TestEvidenceQAMovesAreTheMovesTheServiceMakes: for every role and every QA status, the
// qa_moves an evidence item carries are exactly the moves that succeed: each move listed is
// made, each one not listed is refused.
func TestEvidenceQAMovesAreTheMovesTheServiceMakes(t *testing.T) {
	e, in := newInspection(t)
	base := "/api/v1/inspections/" + itoa(in.ID) + "/evidence"
	statuses := []string{"draft", "quality_assured", "approved"}
	// The admin's path to each status from a new draft.
	path := map[string][]string{"draft": nil, "quality_assured": {"quality_assured"}, "approved": {"quality_assured", "approved"}}
	type qaBody struct {
		evidenceBody
		QAMoves []string `json:"qa_moves"`
	}
	// item adds a link and moves it to status as admin.
	n := 0
	item := func(t *testing.T, status string) qaBody {
		t.Helper()
		n++
		var ev qaBody
		e.must(t, http.StatusCreated, req{role: "partner", method: http.MethodPost, path: base,
			body: fmt.Sprintf(`{"title":"Walk %d","url":"https://example.org/walk/%d","owner_agency":"voluntary_sector","lines":["pas_q3"]}`, n, n)}, &ev)
		for _, to := range path[status] {
			e.must(t, http.StatusOK, req{role: "admin", method: http.MethodPatch, path: base + "/" + itoa(ev.ID),
				body: `{"qa_status":"` + to + `"}`, ifMatch: fmt.Sprintf(`"%d"`, ev.Version)}, &ev)
		}
		return ev
	}
	for _, role := range []string{"admin", "analyst", "vrp_lead", "partner", "inspector"} {
		for _, from := range statuses {
			for _, to := range statuses {
				if to == from {
					continue
				}
				t.Run(role+" moves "+from+" to "+to, func(t *testing.T) {
					ev := item(t, from)
					var got qaBody
					e.must(t, http.StatusOK, req{role: role, method: http.MethodGet, path: base + "/" + itoa(ev.ID)}, &got)
					var list struct {
						Evidence []qaBody `json:"evidence"`
					}
					e.must(t, http.StatusOK, req{role: role, method: http.MethodGet, path: base + "?qa_status=" + from}, &list)
					for _, l := range list.Evidence {
						if l.ID == ev.ID && !slices.Equal(l.QAMoves, got.QAMoves) {
							t.Errorf("the list says qa_moves %v, the item %v", l.QAMoves, got.QAMoves)
						}
					}
					listed := slices.Contains(got.QAMoves, to)
					rec := e.do(t, req{role: role, method: http.MethodPatch, path: base + "/" + itoa(ev.ID),
						body: `{"qa_status":"` + to + `"}`, ifMatch: fmt.Sprintf(`"%d"`, got.Version)})
					switch {
					case listed && rec.Code != http.StatusOK:
						t.Errorf("qa_moves %v lists %s, but the move is refused: %d %s", got.QAMoves, to, rec.Code, rec.Body)
					case !listed && rec.Code != http.StatusForbidden && rec.Code != http.StatusUnprocessableEntity:
						t.Errorf("qa_moves %v does not list %s, but the move answers %d, want 403 or 422: %s", got.QAMoves, to, rec.Code, rec.Body)
					}
				})
			}
		}
	}
}

// TestEvidenceAnswersCarryTheCallersQAMoves: what adding and changing evidence answers tells
// the caller where they may move it next.
func TestEvidenceAnswersCarryTheCallersQAMoves(t *testing.T) {
	e, in := newInspection(t)
	base := "/api/v1/inspections/" + itoa(in.ID) + "/evidence"
	var ev struct {
		ID      int64    `json:"id"`
		QAMoves []string `json:"qa_moves"`
	}
	e.must(t, http.StatusCreated, req{role: "vrp_lead", method: http.MethodPost, path: base,
		body: `{"title":"Park safety walk","url":"https://example.org/walk","owner_agency":"voluntary_sector","lines":["pas_q3"]}`}, &ev)
	if !slices.Equal(ev.QAMoves, []string{"quality_assured"}) {
		t.Errorf("a new draft answered to the VRP lead: qa_moves %v, want [quality_assured]", ev.QAMoves)
	}
	e.must(t, http.StatusOK, req{role: "analyst", method: http.MethodPatch, path: base + "/" + itoa(ev.ID),
		body: `{"qa_status":"quality_assured"}`, ifMatch: `"1"`}, &ev)
	if !slices.Equal(ev.QAMoves, []string{"draft", "approved"}) {
		t.Errorf("quality-assured evidence answered to the analyst: qa_moves %v, want [draft approved]", ev.QAMoves)
	}
	rec := e.must(t, http.StatusOK, req{role: "partner", method: http.MethodGet, path: base + "/" + itoa(ev.ID)}, &ev)
	if ev.QAMoves == nil || len(ev.QAMoves) != 0 {
		t.Errorf("quality-assured evidence answered to a partner: qa_moves %v (%s), want []", ev.QAMoves, rec.Body)
	}
}
