package inspection

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/inspection/calendar"
)

// Readiness is how ready a partnership is for its inspection: per strand of the framework's
// lines of enquiry (approved evidence and a current self-assessment), per agency (Annex A items
// ready to submit, its gradings in the latest audit round, its open and late actions, whether it
// has named a JTAI single point of contact) and the audit rounds' rhythm.
type Readiness struct {
	InspectionID int64             `json:"inspection_id"`
	Phase        string            `json:"phase"`
	Strands      []StrandReadiness `json:"strands"`
	Agencies     []AgencyReadiness `json:"agencies"`
	Audits       AuditRhythm       `json:"audits"`
	// Percent is the mean of the parts' percentages: lines evidenced, lines self-assessed,
	// Annex A items ready and gradings done in the latest audit round.
	Percent int `json:"percent"`
}

// StrandReadiness counts one strand's lines that have approved evidence and a current
// self-assessment, with the self-assessment's ratings.
type StrandReadiness struct {
	Strand    string         `json:"strand"`
	Lines     int            `json:"lines"`
	Evidenced int            `json:"evidenced"`
	Assessed  int            `json:"assessed"`
	RAG       map[string]int `json:"rag"`
}

// AgencyReadiness is one agency's part of the preparation.
type AgencyReadiness struct {
	Agency string `json:"agency"`
	// SPOC is true once the agency has named its JTAI single point of contact.
	SPOC        bool `json:"spoc"`
	AnnexAItems int  `json:"annex_a_items"`
	AnnexAReady int  `json:"annex_a_ready"`
	// AuditGradings and AuditComplete are the agency's gradings in the latest audit round.
	AuditGradings int `json:"audit_gradings"`
	AuditComplete int `json:"audit_complete"`
	ActionsOpen   int `json:"actions_open"`
	ActionsLate   int `json:"actions_late"`
}

// AuditRhythm says how the rolling audits keep up: a round every six months.
type AuditRhythm struct {
	Rounds          int           `json:"rounds"`
	Complete        int           `json:"complete"`
	LatestRoundID   *int64        `json:"latest_round_id"`
	LastCompletedOn calendar.Date `json:"last_completed_on"`
	// NextDue is six months after the last completed round; Overdue when that has passed (or
	// no round was ever completed).
	NextDue calendar.Date `json:"next_due"`
	Overdue bool          `json:"overdue"`
}

// Readiness computes the inspection's readiness as of today.
func (s *Store) Readiness(ctx context.Context, inspectionID int64) (*Readiness, error) {
	return consistentRead(ctx, s.pool, fmt.Sprintf("readiness of inspection %d", inspectionID), func(tx pgx.Tx) (*Readiness, error) {
		return s.readiness(ctx, tx, inspectionID)
	})
}

func (s *Store) readiness(ctx context.Context, tx pgx.Tx, inspectionID int64) (*Readiness, error) {
	h, err := head(ctx, tx, inspectionID)
	if err != nil {
		return nil, err
	}
	r := &Readiness{InspectionID: inspectionID, Phase: PhaseInspection, Strands: []StrandReadiness{}, Agencies: []AgencyReadiness{}}
	if h.preparing() {
		r.Phase = PhasePreparation
	}
	g, err := gaps(ctx, tx, inspectionID)
	if err != nil {
		return nil, err
	}
	gap := map[string]bool{}
	for _, l := range g.Gaps {
		gap[l.Line.Key] = true
	}
	sa, err := assessments(ctx, tx, inspectionID, h.Lines, false, "")
	if err != nil {
		return nil, err
	}
	var lines, evidenced, assessed int
	for _, la := range sa {
		i := len(r.Strands) - 1
		if i < 0 || r.Strands[i].Strand != la.Line.Strand {
			r.Strands = append(r.Strands, StrandReadiness{Strand: la.Line.Strand, RAG: map[string]int{"red": 0, "amber": 0, "green": 0}})
			i++
		}
		st := &r.Strands[i]
		st.Lines++
		lines++
		if !gap[la.Line.Key] {
			st.Evidenced++
			evidenced++
		}
		if la.Current != nil {
			st.Assessed++
			assessed++
			st.RAG[la.Current.RAG]++
		}
	}

	per := map[string]*AgencyReadiness{}
	agency := func(key string) *AgencyReadiness {
		if per[key] == nil {
			per[key] = &AgencyReadiness{Agency: key}
		}
		return per[key]
	}
	requests, err := s.annexRequests(ctx, tx, h)
	if err != nil {
		return nil, err
	}
	var annexItems, annexReadyN int
	for _, it := range requests {
		a := agency(it.OwnerAgency)
		a.AnnexAItems++
		annexItems++
		if it.ready {
			a.AnnexAReady++
			annexReadyN++
		}
	}
	rs, err := rounds(ctx, tx, inspectionID, 0)
	if err != nil {
		return nil, err
	}
	var gradings, gradingsDone int
	r.Audits.Rounds = len(rs)
	for _, rd := range rs {
		if rd.Status == "complete" {
			r.Audits.Complete++
			if rd.CompletedOn.After(r.Audits.LastCompletedOn) {
				r.Audits.LastCompletedOn = rd.CompletedOn
			}
		}
	}
	if len(rs) > 0 {
		latest := rs[len(rs)-1]
		r.Audits.LatestRoundID = &latest.ID
		gradings, gradingsDone = latest.Gradings, latest.Complete
		for _, ag := range latest.ByAgency {
			a := agency(ag.Agency)
			a.AuditGradings, a.AuditComplete = ag.Gradings, ag.Complete
		}
	}
	today := s.Today()
	if !r.Audits.LastCompletedOn.IsZero() {
		r.Audits.NextDue = calendar.DateOf(r.Audits.LastCompletedOn.Time().AddDate(0, RoundEvery, 0))
	}
	r.Audits.Overdue = r.Audits.NextDue.IsZero() || r.Audits.NextDue.Before(today)

	actions, err := s.actions().of(ctx, tx, inspectionID)
	if err != nil {
		return nil, err
	}
	for _, ac := range actions {
		if ac.Status != "complete" {
			agency(ac.OwnerAgency).ActionsOpen++
		}
		if ac.Late && ac.Status != "complete" {
			agency(ac.OwnerAgency).ActionsLate++
		}
	}
	spocs, err := spocAgencies(ctx, tx, inspectionID)
	if err != nil {
		return nil, err
	}
	for _, key := range spocs {
		agency(key).SPOC = true
	}
	for _, ag := range Agencies {
		if a := per[ag.Key]; a != nil {
			r.Agencies = append(r.Agencies, *a)
		}
	}
	r.Percent = meanPercent([][2]int{{evidenced, lines}, {assessed, lines}, {annexReadyN, annexItems}, {gradingsDone, gradings}})
	return r, nil
}

// meanPercent is the mean of done/total × 100 over the parts with a total, rounded down.
func meanPercent(parts [][2]int) int {
	sum, n := 0, 0
	for _, p := range parts {
		if p[1] > 0 {
			sum += p[0] * 100 / p[1]
			n++
		}
	}
	if n == 0 {
		return 0
	}
	return sum / n
}

// annexRequest is an Annex A request with whether it is ready: submitted, or with evidence
// linked that has been quality-assured or approved (filed ready for submission).
type annexRequest struct {
	AnnexAItem
	ready bool
}

// annexRequests reads the inspection's Annex A requests (placesafe's own evidence items left
// out), due as from h's notification date, each with whether it is ready.
func (s *Store) annexRequests(ctx context.Context, tx pgx.Tx, h inspectionHead) ([]annexRequest, error) {
	items, err := s.annexAItems(ctx, tx, h, "")
	if err != nil {
		return nil, err
	}
	ready, err := annexReady(ctx, tx, h.ID)
	if err != nil {
		return nil, err
	}
	var out []annexRequest
	for _, it := range items {
		if it.countsAsAnnexA() {
			out = append(out, annexRequest{it, it.Status == "submitted" || ready[it.ID]})
		}
	}
	return out, nil
}

// annexReady reports, by Annex A item id, whether the item has linked evidence that has been
// quality-assured or approved: filed ready for submission.
func annexReady(ctx context.Context, tx pgx.Tx, inspectionID int64) (map[int64]bool, error) {
	ids, err := collect(ctx, tx, "readiness of the Annex A items", pgx.RowTo[int64], `SELECT DISTINCT i.id FROM annex_a_items i
		JOIN annex_a_evidence ae ON ae.item_id = i.id JOIN evidence e ON e.id = ae.evidence_id
		WHERE i.inspection_id = $1 AND e.qa_status IN ('quality_assured', 'approved')`, inspectionID)
	if err != nil {
		return nil, err
	}
	out := make(map[int64]bool, len(ids))
	for _, id := range ids {
		out[id] = true
	}
	return out, nil
}

// spocAgencies lists the agencies that have named a JTAI single point of contact.
func spocAgencies(ctx context.Context, tx pgx.Tx, inspectionID int64) ([]string, error) {
	rows, err := tx.Query(ctx, `SELECT agency FROM inspection_people WHERE inspection_id = $1 AND role = 'spoc'`, inspectionID)
	if err != nil {
		return nil, fmt.Errorf("load SPOCs: %w", err)
	}
	return pgx.CollectRows(rows, pgx.RowTo[string])
}
