package evaluation

import (
	"context"
	"fmt"
	"math"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/outcome"
)

// SurveyMeasure is one survey of children about a place, e.g. "feel safe here": of Respondents
// children asked, Positive answered yes. Period says whether it was before or after the
// intervention it is compared across.
type SurveyMeasure struct {
	ID          int64  `json:"id"`
	PlaceID     int64  `json:"place_id"`
	Measure     string `json:"measure"`
	Period      string `json:"period"`
	SurveyedOn  string `json:"surveyed_on"`
	Respondents int    `json:"respondents"`
	Positive    int    `json:"positive"`
	// Labels say how a viewer without record-level access reads the two headcounts ("<5",
	// "≈25"); for them Respondents and Positive are the published values, not the recorded ones.
	RespondentsLabel string `json:"respondents_label,omitempty"`
	PositiveLabel    string `json:"positive_label,omitempty"`
}

// protect replaces the headcounts by their published values (each survey is an atom of the
// disclosure rule); statistics computed afterwards use only those.
func (m *SurveyMeasure) protect(v disclosure.Viewer) {
	if !v.Protected() {
		return
	}
	r, p := v.AreaAtom(int64(m.Respondents)), v.AreaAtom(int64(m.Positive))
	m.RespondentsLabel, m.PositiveLabel = v.Publish(r).Label, v.Publish(p).Label
	m.Respondents, m.Positive = int(math.Round(v.Estimate(r))), int(math.Round(v.Estimate(p)))
	m.Positive = min(m.Positive, m.Respondents)
}

// Validate checks a survey measure.
func (m *SurveyMeasure) Validate() error {
	m.Measure = strings.TrimSpace(m.Measure)
	switch {
	case m.Measure == "" || len(m.Measure) > 200 || record.CheckText(m.Measure) != nil:
		return apperr.Errorf(apperr.Unprocessable, "measure: give a short description such as \"feel safe in the park\" (up to 200 characters)")
	case m.Period != "before" && m.Period != "after":
		return apperr.Errorf(apperr.Unprocessable, "period %q: want before or after", m.Period)
	case m.Respondents <= 0:
		return apperr.Errorf(apperr.Unprocessable, "respondents must be at least 1")
	case m.Positive < 0 || m.Positive > m.Respondents:
		return apperr.Errorf(apperr.Unprocessable, "positive must be between 0 and respondents (%d)", m.Respondents)
	}
	if _, err := time.Parse(time.DateOnly, m.SurveyedOn); err != nil {
		return apperr.Errorf(apperr.Unprocessable, "surveyed_on %q: want a date YYYY-MM-DD", m.SurveyedOn)
	}
	return nil
}

// AddSurvey stores a survey measure for a place.
func (s *Service) AddSurvey(ctx context.Context, m *SurveyMeasure) error {
	if err := m.Validate(); err != nil {
		return err
	}
	var exists bool
	if err := s.pool.QueryRow(ctx, `SELECT EXISTS (SELECT 1 FROM places WHERE id = $1)`, m.PlaceID).Scan(&exists); err != nil {
		return fmt.Errorf("add survey: %w", err)
	}
	if !exists {
		return apperr.Errorf(apperr.NotFound, "no place %d", m.PlaceID)
	}
	return s.pool.QueryRow(ctx, `INSERT INTO survey_measures (place_id, measure, period, surveyed_on, respondents, positive)
		VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`, m.PlaceID, m.Measure, m.Period, m.SurveyedOn, m.Respondents, m.Positive).Scan(&m.ID)
}

// ListSurveys returns the survey measures of places, oldest first, as viewer v may see them.
func (s *Service) ListSurveys(ctx context.Context, places []int64, v disclosure.Viewer) ([]SurveyMeasure, error) {
	rows, err := s.pool.Query(ctx, `SELECT id, place_id, measure, period, to_char(surveyed_on, 'YYYY-MM-DD'), respondents, positive
		FROM survey_measures WHERE place_id = ANY($1) ORDER BY surveyed_on, id`, places)
	if err != nil {
		return nil, fmt.Errorf("list surveys: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (SurveyMeasure, error) {
		var m SurveyMeasure
		if err := row.Scan(&m.ID, &m.PlaceID, &m.Measure, &m.Period, &m.SurveyedOn, &m.Respondents, &m.Positive); err != nil {
			return m, err
		}
		m.protect(v)
		return m, nil
	})
}

// Survey is the before/after comparison of one measure at one place: the latest survey of each
// period, with Newcombe's interval for the change in the share answering yes.
type Survey struct {
	PlaceID    int64          `json:"place_id"`
	Measure    string         `json:"measure"`
	Before     *SurveyMeasure `json:"before"`
	After      *SurveyMeasure `json:"after"`
	Change     *float64       `json:"change"`
	ChangeLow  *float64       `json:"change_ci_low"`
	ChangeHigh *float64       `json:"change_ci_high"`
	Statement  string         `json:"statement"`
	Notes      []string       `json:"notes"`
}

// Surveys pairs the survey measures of places before and after.
func (s *Service) Surveys(ctx context.Context, places []int64, v disclosure.Viewer) ([]Survey, error) {
	all, err := s.ListSurveys(ctx, places, v)
	if err != nil {
		return nil, err
	}
	type key struct {
		place   int64
		measure string
	}
	pairs := map[key]*Survey{}
	var order []key
	for i := range all {
		m := &all[i]
		k := key{m.PlaceID, m.Measure}
		p := pairs[k]
		if p == nil {
			p = &Survey{PlaceID: m.PlaceID, Measure: m.Measure, Notes: []string{}}
			pairs[k] = p
			order = append(order, k)
		}
		if m.Period == "before" {
			p.Before = m // the latest of each period wins: the list is oldest first
		} else {
			p.After = m
		}
	}
	out := []Survey{}
	for _, k := range order {
		p := pairs[k]
		switch {
		case p.Before == nil || p.After == nil:
			p.Statement = "a survey before and one after are needed to measure a change"
		default:
			ch, err := outcome.SurveyChange(p.Before.Positive, p.Before.Respondents, p.After.Positive, p.After.Respondents)
			if err != nil {
				return nil, err
			}
			p.Change, p.ChangeLow, p.ChangeHigh = ptr(ch.Difference), ptr(ch.CI.Low), ptr(ch.CI.High)
			p.Notes = append(p.Notes, ch.Caveats...)
			p.Statement = surveyStatement(p.Measure, ch)
		}
		out = append(out, *p)
	}
	return out, nil
}

func surveyStatement(measure string, ch outcome.ProportionChange) string {
	pp := func(x float64) string { return fmt.Sprintf("%.0f percentage points", 100*abs(x)) }
	switch {
	case ch.CI.Low > 0:
		return fmt.Sprintf("The share answering yes to %q rose by %s (95%% interval %s to %s).", measure, pp(ch.Difference), pp(ch.CI.Low), pp(ch.CI.High))
	case ch.CI.High < 0:
		return fmt.Sprintf("The share answering yes to %q fell by %s (95%% interval %s to %s).", measure, pp(ch.Difference), pp(ch.CI.High), pp(ch.CI.Low))
	}
	return fmt.Sprintf("The 95%% interval of the change in the share answering yes to %q includes no change.", measure)
}

func abs(x float64) float64 {
	if x < 0 {
		return -x
	}
	return x
}
