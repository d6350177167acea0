package evaluation

import (
	"context"
	"fmt"
	"math"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/label"
	"github.com/placesafe/placesafe/outcome"
)

// Estimate is a figure with its 95% interval; nil fields mean "not defined" (see notes).
type Estimate struct {
	Estimate *float64 `json:"estimate"`
	CILow    *float64 `json:"ci_low"`
	CIHigh   *float64 `json:"ci_high"`
	Thin     bool     `json:"thin"`
}

// PrePostOut is a published count (nil when suppressed or not shown).
type PrePostOut struct {
	Pre            *float64 `json:"pre"`
	Post           *float64 `json:"post"`
	PreSuppressed  bool     `json:"pre_suppressed,omitempty"`
	PostSuppressed bool     `json:"post_suppressed,omitempty"`
	PreLabel       string   `json:"pre_label,omitempty"`  // as a protected viewer reads it ("<5", "≈25", "22–38")
	PostLabel      string   `json:"post_label,omitempty"` // as a protected viewer reads it
}

// Figures are the outcome figures of one measure (counts or harm-weighted sums).
type Figures struct {
	RateRatio          Estimate `json:"rate_ratio"`
	RelativeEffectSize Estimate `json:"relative_effect_size"`
	// Reduction is 1 − 1/RES with its interval: 0.25 = a 25% fall relative to the control.
	Reduction      Estimate `json:"reduction"`
	DiD            Estimate `json:"did"`
	WDQ            WDQOut   `json:"wdq"`
	TotalNetEffect *float64 `json:"total_net_effect"`
	TNETarget      *float64 `json:"total_net_effect_target"`
	TNEBuffer      *float64 `json:"total_net_effect_buffer"`
	WDD            WDDOut   `json:"wdd"`
}

// WDQOut is the weighted displacement quotient and its reading.
type WDQOut struct {
	Value          *float64 `json:"value"`
	SuccessMeasure *float64 `json:"success_measure"`
	BufferMeasure  *float64 `json:"buffer_measure"`
	Interpretation string   `json:"interpretation"`
}

// WDDOut is the weighted displacement difference test, with its local and displacement parts.
type WDDOut struct {
	Estimate       *float64 `json:"estimate"`
	SE             *float64 `json:"se"`
	Z              *float64 `json:"z"`
	P              *float64 `json:"p"`
	Local          *float64 `json:"local"`
	Displacement   *float64 `json:"displacement"`
	DisplacementSE *float64 `json:"displacement_se"`
}

// Result is an evaluation with its inputs, figures, method and caveats.
type Result struct {
	Res              int                    `json:"res"`
	Target           []string               `json:"target_cells"`
	Buffer           []string               `json:"buffer_cells"`
	Control          []string               `json:"control_cells"`
	ControlSuggested bool                   `json:"control_suggested"`
	Pre              Period                 `json:"pre"`
	Post             Period                 `json:"post"`
	Categories       []string               `json:"categories"`
	Scope            string                 `json:"scope"`
	ScopeStatement   string                 `json:"scope_statement"`
	Counts           map[string]*PrePostOut `json:"counts"`
	Harm             map[string]*PrePostOut `json:"harm"`
	Figures
	HarmFigures *Figures   `json:"harm_figures,omitempty"`
	Monthly     []MonthOut `json:"monthly"`
	SMS         SMSOut     `json:"sms"`
	Verdict     Verdict    `json:"verdict"`
	Statement   string     `json:"statement"` // the verdict's headline
	Method      []string   `json:"method"`
	Notes       []string   `json:"notes"`
	Suppressed  bool       `json:"suppressed"`
}

// MonthOut is one month of the three areas' series, each nil when suppressed.
type MonthOut struct {
	Month   string   `json:"month"`
	Period  string   `json:"period"`
	Target  *float64 `json:"target"`
	Buffer  *float64 `json:"buffer"`
	Control *float64 `json:"control"`
	// Partial is true when the period covers only part of the month: its counts are of those
	// days only, and charts leave it out rather than plot it as a whole month.
	Partial bool `json:"partial,omitempty"`
	// Labels say how a protected viewer reads each value ("<5", "≈25"); empty for record-level viewers.
	TargetLabel  string `json:"target_label,omitempty"`
	BufferLabel  string `json:"buffer_label,omitempty"`
	ControlLabel string `json:"control_label,omitempty"`
}

// SMSOut is the Maryland Scientific Methods Scale level the design achieved.
type SMSOut struct {
	Level       int    `json:"level"`
	Description string `json:"description"`
	Comparable  bool   `json:"comparable_control"`
}

func ptr(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// method lists how the figures are made, for the response and the evidence pack.
var method = []string{
	"Rate ratio: (target after / target before) / (control after / control before), 95% interval on the log scale with Var(ln RR) = 1/Tb + 1/Ta + 1/Cb + 1/Ca (Poisson); a zero count adds 0.5 to all four.",
	"Relative effect size (Farrington & Welsh): (Ca·Tb)/(Cb·Ta), above 1 a desirable effect; reduction = 1 − 1/RES.",
	"Difference in differences on monthly counts: (mean target after − before) − (mean control after − before), SE from the variances of the four monthly means.",
	"Weighted displacement quotient (Bowers & Johnson 2003): (Da/Ca − Db/Cb) / (Ta/Ca − Tb/Cb), read as in Guerette (2009); total net effect = [Tb·Ca/Cb − Ta] + [Db·Ca/Cb − Da].",
	"Weighted displacement difference (Wheeler & Ratcliffe 2018): ΔT − ΔCt + ΔD − ΔCd, variance the sum of the counts; harm-weighted with the sums of squared weights.",
	"Too thin to conclude: any area with fewer than 10 events in a period; the figures are still shown, with a note.",
	"Matched control (when suggested): cells outside target and buffer with the closest pre-period level and trend per cell (see README, Evaluation); for roles without record-level access, a cell's monthly counts are its equal share of what its resolution-9 map cell publishes for the month, and cells sharing a map cell with the target are left out.",
}

func (s *Service) evaluate(ctx context.Context, req *Request, r *resolved, v disclosure.Viewer) (*Result, error) {
	c, err := count(ctx, s.pool, &r.areas, r.pre, r.post, req.Categories, r.scope)
	if err != nil {
		return nil, err
	}
	out := &Result{Res: r.areas.Res, ControlSuggested: r.areas.ControlSuggested, Pre: dates(r.pre), Post: dates(r.post),
		Categories: req.Categories, Method: method, Notes: append([]string{}, r.notes...), Suppressed: v.Protected(),
		Scope: r.scope.Name, ScopeStatement: r.scope.Statement(0, 0, false)}
	if out.Categories == nil {
		out.Categories = []string{}
	}
	out.Target, out.Buffer, out.Control = cellStrings(r.areas.Target), cellStrings(r.areas.Buffer), cellStrings(r.areas.Control)
	if v.Protected() {
		// Every figure below is computed from the published (area, month) counts.
		var published map[string]*PrePostOut
		c, published, out.Monthly = protectCounts(v, c)
		out.Counts = published
	}
	events, notes, err := figures(c.Events, c)
	if err != nil {
		return nil, err
	}
	out.Figures = events
	if v.Protected() {
		notes = withoutEventCounts(notes, events)
	}
	out.Notes = append(out.Notes, notes...)
	if !v.Protected() {
		harm, _, err := figures(c.Harm, nil)
		if err != nil {
			return nil, err
		}
		out.HarmFigures = &harm
		out.Counts, out.Harm = map[string]*PrePostOut{}, map[string]*PrePostOut{}
		for _, n := range []string{AreaTarget, AreaBuffer, AreaControl} {
			out.Counts[n] = &PrePostOut{Pre: ptr(c.Events[n].Pre.Sum), Post: ptr(c.Events[n].Post.Sum)}
			out.Harm[n] = &PrePostOut{Pre: ptr(c.Harm[n].Pre.Sum), Post: ptr(c.Harm[n].Post.Sum)}
		}
		for _, m := range c.Monthly {
			out.Monthly = append(out.Monthly, MonthOut{Month: m.Month, Period: m.Period, Target: ptr(m.Target), Buffer: ptr(m.Buffer), Control: ptr(m.Control), Partial: m.Partial})
		}
	}
	comparable := comparable(c.Events[AreaTarget].Pre.Sum/float64(len(r.areas.Target)), c.Events[AreaControl].Pre.Sum/float64(max(1, len(r.areas.Control))))
	level, desc := outcome.SMSLevel(outcome.Design{PostMeasure: true, PreMeasure: true, Control: len(r.areas.Control) > 0, ComparableControl: comparable})
	out.SMS = SMSOut{Level: level, Description: desc, Comparable: comparable}
	if !comparable {
		out.Notes = append(out.Notes, "the control's pre-period level per cell is not within a factor of two of the target's, so the design is not credited with a comparable control")
	}
	names, err := s.names(ctx, req)
	if err != nil {
		return nil, err
	}
	out.Verdict = newVerdict(out, names)
	out.Statement = out.Verdict.Headline
	return out, nil
}

// withoutEventCounts drops, for protected viewers, the caveats that quote an area's number of
// events (they would quote an estimate as if it were a count) and says instead, without a
// number, that some period is thin.
func withoutEventCounts(notes []string, f Figures) []string {
	var out []string
	for _, n := range notes {
		if !strings.Contains(n, " event") {
			out = append(out, n)
		}
	}
	if f.RateRatio.Thin || f.DiD.Thin {
		out = append(out, fmt.Sprintf("some area has fewer than %d events in a period (published counts): too few to conclude firmly", outcome.ThinEvents))
	}
	return out
}

// names are the areas as the verdict speaks of them: the target's places by name.
func (s *Service) names(ctx context.Context, req *Request) (Names, error) {
	if len(req.Target.Places) == 0 {
		return Names{}, nil
	}
	rows, err := s.pool.Query(ctx, `SELECT name FROM places WHERE id = ANY($1) ORDER BY name`, req.Target.Places)
	if err != nil {
		return Names{}, fmt.Errorf("place names: %w", err)
	}
	list, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return Names{}, fmt.Errorf("place names: %w", err)
	}
	return Names{Target: label.JoinAnd(list)}, nil
}

func dates(s span) Period {
	return Period{From: s.from.Format("2006-01-02"), To: s.to.Format("2006-01-02")}
}

// figures computes every figure of one measure.
func figures(m map[string]*outcome.PrePost, c *Counts) (Figures, []string, error) {
	var f Figures
	var notes []string
	t, b, k := *m[AreaTarget], *m[AreaBuffer], *m[AreaControl]
	rr, err := outcome.RateRatio(t, k)
	if err != nil {
		return f, nil, fmt.Errorf("rate ratio: %w", err)
	}
	f.RateRatio = est(rr.Defined, rr.Estimate, rr.CILow, rr.CIHigh, rr.Thin)
	notes = append(notes, rr.Caveats...)
	res, err := outcome.RelativeEffectSize(t, k)
	if err != nil {
		return f, nil, fmt.Errorf("relative effect size: %w", err)
	}
	f.RelativeEffectSize = est(res.Defined, res.Estimate, res.CILow, res.CIHigh, res.Thin)
	f.Reduction = est(res.Defined, res.Reduction, res.ReductionLow, res.ReductionHigh, res.Thin)
	wdq, err := outcome.WDQ(t, b, k)
	if err != nil {
		return f, nil, fmt.Errorf("wdq: %w", err)
	}
	f.WDQ = WDQOut{Value: ptr(wdq.Value), SuccessMeasure: ptr(wdq.SuccessMeasure), BufferMeasure: ptr(wdq.BufferMeasure), Interpretation: string(wdq.Interpretation)}
	notes = append(notes, wdq.Caveats...)
	tne, err := outcome.TotalNetEffect(t, b, k)
	if err != nil {
		return f, nil, fmt.Errorf("total net effect: %w", err)
	}
	f.TotalNetEffect, f.TNETarget, f.TNEBuffer = ptr(tne.Total), ptr(tne.Target), ptr(tne.Buffer)
	wdd, err := outcome.WDD(outcome.WDDInput{Target: t, TargetControl: k, Buffer: b, SharedControl: true})
	if err != nil {
		return f, nil, fmt.Errorf("wdd: %w", err)
	}
	f.WDD = WDDOut{Estimate: ptr(wdd.Estimate), SE: ptr(wdd.SE), Z: ptr(wdd.Z), P: ptr(wdd.P),
		Local: ptr(wdd.Local), Displacement: ptr(wdd.Displacement), DisplacementSE: ptr(wdd.DisplacementSE)}
	notes = append(notes, wdd.Caveats...)
	if c != nil {
		did, err := outcome.DiffInDiff(c.PreMonths[AreaTarget], c.PostMonths[AreaTarget], c.PreMonths[AreaControl], c.PostMonths[AreaControl])
		if err != nil {
			return f, nil, fmt.Errorf("difference in differences: %w", err)
		}
		f.DiD = est(did.Defined, did.Estimate, did.CILow, did.CIHigh, did.Thin)
		notes = append(notes, did.Caveats...)
	}
	return f, dedupe(notes), nil
}

func est(defined bool, e, lo, hi float64, thin bool) Estimate {
	if !defined {
		return Estimate{Thin: thin}
	}
	return Estimate{Estimate: ptr(e), CILow: ptr(lo), CIHigh: ptr(hi), Thin: thin}
}

func dedupe(xs []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, x := range xs {
		if !seen[x] {
			seen[x] = true
			out = append(out, x)
		}
	}
	return out
}

func cellStrings(cells []h3.Cell) []string {
	out := make([]string, len(cells))
	for i, c := range cells {
		out[i] = c.String()
	}
	return out
}
