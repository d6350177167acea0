package evaluation

import (
	"context"
	"fmt"
	"math"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/outcome"
)

// protectRequest limits a request from a viewer without record-level access to what the
// disclosure rule can publish safely: registered places as target and control (or a suggested
// control), a buffer of rings, the default resolution, no category filter, and whole calendar
// months (each period is narrowed to the whole months inside it). Two requests from such a
// viewer can then differ only by whole places and whole months, which are atoms of the rule.
func protectRequest(req *Request) ([]string, error) {
	switch {
	case len(req.Target.Cells) > 0 || len(req.Control.Cells) > 0 || len(req.Buffer.Cells) > 0:
		return nil, apperr.Errorf(apperr.Forbidden, "evaluations of drawn cell sets are for roles with record-level access (admin, analyst); name registered places as target and control")
	case len(req.Categories) > 0:
		return nil, apperr.Errorf(apperr.Forbidden, "category filters are for roles with record-level access (admin, analyst)")
	case req.Res != 0 && req.Res != DefaultRes:
		return nil, apperr.Errorf(apperr.Forbidden, "roles without record-level access evaluate at resolution %d only", DefaultRes)
	case req.Buffer.Metres != 0:
		return nil, apperr.Errorf(apperr.Forbidden, "roles without record-level access give the buffer in rings, not metres")
	}
	var notes []string
	for _, p := range []*Period{&req.Pre, &req.Post} {
		from, err1 := time.ParseInLocation(time.DateOnly, p.From, record.London())
		to, err2 := time.ParseInLocation(time.DateOnly, p.To, record.London())
		if err1 != nil || err2 != nil {
			continue // resolve reports the bad date
		}
		if from.Day() != 1 {
			from = time.Date(from.Year(), from.Month()+1, 1, 0, 0, 0, 0, record.London())
		}
		if next := to.AddDate(0, 0, 1); next.Day() != 1 {
			to = time.Date(to.Year(), to.Month(), 0, 0, 0, 0, 0, record.London())
		}
		if to.Before(from) {
			return nil, apperr.Errorf(apperr.Invalid, "the period %s to %s holds no whole calendar month, and roles without record-level access see whole months only", p.From, p.To)
		}
		if f, t := from.Format(time.DateOnly), to.Format(time.DateOnly); f != p.From || t != p.To {
			notes = append(notes, "the period "+p.From+" to "+p.To+" is narrowed to the whole months "+f+" to "+t+" (small-number protection)")
			p.From, p.To = f, t
		}
	}
	return notes, nil
}

// protectCounts replaces the counts of every (area, month) by its published value: the sum of
// its area atoms of the disclosure rule, one per local area (see area.AtomColumn). The figures
// computed from the result are functions of what the viewer is shown and nothing else.
// Harm-weighted tallies are not published to these viewers.
func protectCounts(v disclosure.Viewer, c *Counts) (*Counts, map[string]*PrePostOut, []MonthOut) {
	out := &Counts{Events: map[string]*outcome.PrePost{}, PreMonths: map[string][]float64{}, PostMonths: map[string][]float64{}}
	tallies := map[string]*[2]disclosure.Tally{}
	areas := []string{AreaTarget, AreaBuffer, AreaControl}
	for _, n := range areas {
		out.Events[n], tallies[n] = &outcome.PrePost{}, &[2]disclosure.Tally{}
	}
	var months []MonthOut
	for _, m := range c.Monthly {
		mo := MonthOut{Month: m.Month, Period: m.Period, Partial: m.Partial}
		pm := Month{Month: m.Month, Period: m.Period, Partial: m.Partial}
		for _, n := range areas {
			var atom disclosure.Tally
			for _, k := range m.byLocalArea[n] {
				atom = atom.Add(v.AreaAtom(k))
			}
			pub := v.Publish(atom)
			est := v.Estimate(atom)
			i := 0
			if m.Period == "post" {
				i = 1
			}
			tallies[n][i] = tallies[n][i].Add(atom)
			var shown *float64
			if pub.N != nil {
				shown = ptr(float64(*pub.N))
			}
			switch n {
			case AreaTarget:
				mo.Target, mo.TargetLabel, pm.Target = shown, pub.Label, est
			case AreaBuffer:
				mo.Buffer, mo.BufferLabel, pm.Buffer = shown, pub.Label, est
			default:
				mo.Control, mo.ControlLabel, pm.Control = shown, pub.Label, est
			}
			if m.Period == "post" {
				out.PostMonths[n] = append(out.PostMonths[n], est)
			} else {
				out.PreMonths[n] = append(out.PreMonths[n], est)
			}
		}
		months = append(months, mo)
		out.Monthly = append(out.Monthly, pm)
	}
	published := map[string]*PrePostOut{}
	for _, n := range areas {
		t := tallies[n]
		out.Events[n].Pre, out.Events[n].Post = estimateTally(v.Estimate(t[0])), estimateTally(v.Estimate(t[1]))
		pre, post := v.Publish(t[0]), v.Publish(t[1])
		po := &PrePostOut{PreLabel: pre.Label, PostLabel: post.Label, PreSuppressed: pre.Suppressed, PostSuppressed: post.Suppressed}
		if pre.N != nil {
			po.Pre = ptr(float64(*pre.N))
		}
		if post.N != nil {
			po.Post = ptr(float64(*post.N))
		}
		published[n] = po
	}
	return out, published, months
}

// estimateTally is an unweighted tally of an estimated count (Poisson: variance equals the count).
func estimateTally(est float64) outcome.Tally {
	return outcome.Tally{Sum: est, SumSq: est, Events: int(math.Round(est))}
}

// publishedMatchNote tells a protected viewer what a suggested control was matched on.
const publishedMatchNote = "control: matched on published figures only (each cell's share of the monthly counts its resolution-9 map cell shows you in the pre period; cells in the target's own map cells left out), so the cells chosen say nothing the map does not show"

// publishedPreSeries returns each cell's monthly pre-period series as protected viewer v may
// already derive it from the map, for the control matching. A resolution-10 cell has no
// published count of its own: the finest figures v is shown cell by cell are the map's
// (resolution-9 cell, month) atoms (hotspot.Service.MonthlyAtoms, every map output's atoms over
// the same records: v's local areas, v's age scope, no category). So a cell's month is the
// published value of its resolution-9 cell's month (a range's middle, disclosure.Count.Value),
// shared equally among that cell's children at res, which for v is never coarser than 9
// (protectRequest). Two data sets whose maps read the same give every cell the same series,
// and so the same control.
func (s *Service) publishedPreSeries(ctx context.Context, v disclosure.Viewer, res int, cells []h3.Cell, pre span, scope incident.AgeScope) (map[h3.Cell][]float64, error) {
	wanted := map[h3.Cell]bool{}
	for _, c := range cells {
		wanted[c.Parent(hotspot.MaxRestrictedRes)] = true
	}
	atoms := map[h3.Cell][]disclosure.Tally{} // a resolution-9 cell's months, its areas' atoms summed
	f := hotspot.Filter{Kind: hotspot.KindIncidents, Res: hotspot.MaxRestrictedRes, From: pre.from, To: pre.to, AgeScope: scope}
	err := s.hotspot.MonthlyAtoms(ctx, f, v, func(month time.Time, c h3.Cell, t disclosure.Tally) {
		i, in := pre.monthIndex(month)
		if !in || !wanted[c] {
			return
		}
		if atoms[c] == nil {
			atoms[c] = make([]disclosure.Tally, pre.months())
		}
		atoms[c][i] = atoms[c][i].Add(t)
	})
	if err != nil {
		return nil, fmt.Errorf("published pre-period series: %w", err)
	}
	out := make(map[h3.Cell][]float64, len(cells))
	for _, c := range cells {
		k := c.Parent(hotspot.MaxRestrictedRes)
		share := float64(len(k.Children(res)))
		out[c] = make([]float64, pre.months())
		for i, t := range atoms[k] {
			out[c][i] = v.Publish(t).Value() / share
		}
	}
	return out, nil
}

// leaveOutTargetsMapCells takes out of series the candidates that share a resolution-9 map cell
// with the target: their published months hold the target's own records, and matched on them
// the target would be compared with itself. It reports whether any candidate is left.
func leaveOutTargetsMapCells(series map[h3.Cell][]float64, target []h3.Cell) bool {
	own, inTarget := map[h3.Cell]bool{}, map[h3.Cell]bool{}
	for _, c := range target {
		own[c.Parent(hotspot.MaxRestrictedRes)], inTarget[c] = true, true
	}
	for c := range series {
		if !inTarget[c] && own[c.Parent(hotspot.MaxRestrictedRes)] {
			delete(series, c)
		}
	}
	return len(series) > len(inTarget)
}
