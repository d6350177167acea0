package export

import (
	"context"
	"fmt"
	"strings"

	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/place"
)

// makeTables turns what was read into the pack's tables, in the workbook's sheet order.
func (b *build) makeTables(context.Context) error {
	b.tables = nil
	for _, mk := range []func() *table{b.hotspotTable, b.emergingTable, b.placeTable, b.interventionTable,
		b.consultationTable, b.evaluationTable, b.surveyTable, b.annexATable, b.annexAProgressTable} {
		b.tables = append(b.tables, mk()) // in order: Annex A names the tables before it
	}
	return nil
}

// table returns the table called name.
func (b *build) table(name string) *table {
	for _, t := range b.tables {
		if t.name == name {
			return t
		}
	}
	return nil
}

func (b *build) hotspotTable() *table {
	t := newTable("hotspots", "Gi* hot spots of incidents, "+b.hotPeriod.From+" to "+b.hotPeriod.To,
		"cell", "count", "value", "suppressed", "gi_z", "gi_p", "gi_bin")
	// Numbers are as the layer's GeoJSON publishes them (hotspot.Published).
	for _, c := range b.hotspots.Cells {
		var count, value any
		if label := c.Count.Label; b.viewer.Protected() && label != "" {
			count = label
		} else if c.Count.N != nil {
			count = *c.Count.N
		}
		if !b.hotspots.Protected {
			value = hotspot.Published(c.Value)
		}
		t.add(c.Cell.String(), count, value, c.Count.Suppressed, hotspot.Published(c.GiZ), hotspot.Published(c.GiP), int64(c.GiBin))
	}
	return t
}

func (b *build) emergingTable() *table {
	t := newTable("emerging_hotspots", "Emerging hot spots, monthly, "+b.emPeriod.From+" to "+b.emPeriod.To,
		"cell", "category", "trend_tau", "trend_p", "slices")
	for _, c := range b.emerging.Cells {
		t.add(c.Cell.String(), string(c.Category), hotspot.Published(c.TrendTau), hotspot.Published(c.TrendP), int64(b.emerging.Slices))
	}
	return t
}

// hotCells counts a place's cells in a hot spot (bin 1 or more).
func hotCells(pr *place.Profile) (hot int64, max int64) {
	for i, c := range pr.Cells {
		if c.GiBin > 0 {
			hot++
		}
		if i == 0 || int64(c.GiBin) > max {
			max = int64(c.GiBin)
		}
	}
	return hot, max
}

func (b *build) placeTable() *table {
	t := newTable("places", "Places register, with incidents and activity "+b.hotPeriod.From+" to "+b.hotPeriod.To,
		"id", "kind", "name", "owner", "geometry", "buffer_metres", "source", "osm_id",
		"incidents_count", "activity_sessions_count", "activity_hours", "cells", "hot_spot_cells", "max_gi_bin",
		"interventions", "consultations")
	for _, r := range b.places {
		p := r.place
		row := []any{p.ID, p.Kind, p.Name, p.Owner, p.Geometry.GeoJSONType(), p.BufferMetres, p.Source, p.OSMID}
		if pr := r.profile; pr != nil {
			hot, max := hotCells(pr)
			var maxBin any
			if len(pr.Cells) > 0 {
				maxBin = max
			}
			var ivs, cons []int64
			for _, iv := range pr.Interventions {
				ivs = append(ivs, iv.ID)
			}
			for _, c := range pr.Consultations {
				cons = append(cons, c.ID)
			}
			row = append(row, count(pr.Incidents.Total.Count),
				count(pr.Activity.Sessions.Count), hours(pr.Activity.Minutes),
				int64(len(pr.Cells)), hot, maxBin, joinInts(ivs), joinInts(cons))
		} else {
			row = append(row, nil, nil, nil, nil, nil, nil, "", "")
		}
		t.add(row...)
	}
	return t
}

// placeNames names the places with ids.
func (b *build) placeNames(ids []int64) string {
	var names []string
	for _, id := range ids {
		name := fmt.Sprintf("place %d", id)
		for _, r := range b.places {
			if r.place.ID == id {
				name = r.place.Name
			}
		}
		names = append(names, name)
	}
	return strings.Join(names, "; ")
}

func (b *build) interventionTable() *table {
	t := newTable("interventions", "Interventions in places and spaces",
		"id", "title", "methodology", "lead_agency", "partner_agencies", "agencies", "partnership",
		"aim", "mechanism", "intended_outcomes", "places", "start_date", "end_date", "status", "review_status",
		"review_comment", "cost_pounds", "analyses", "dosage_from", "dosage_to", "sessions_count", "activity_hours",
		"child_contacts_count")
	for _, it := range b.interventions {
		var end, cost any
		if it.EndDate != nil {
			end = *it.EndDate
		}
		if it.Cost != nil {
			cost = float64(*it.Cost) / 100
		}
		d := b.dosage[it.ID]
		var to any
		if d.To != nil {
			to = *d.To
		}
		t.add(it.ID, it.Title, it.Methodology, it.LeadAgency, strings.Join(it.Partners, "; "), strings.Join(it.Agencies, "; "),
			it.Partnership, it.Aim, it.Mechanism, it.IntendedOutcomes, b.placeNames(it.Places), it.StartDate, end,
			it.Status, it.ReviewStatus, it.ReviewComment, cost, joinInts(it.Analyses), d.From, to,
			count(d.Sessions), hours(d.Minutes), optional(d.ChildContacts))
	}
	return t
}

func (b *build) consultationTable() *table {
	t := newTable("consultations", "Consultation and engagement: you said, we did",
		"id", "held_on", "method", "children_count", "age_min", "age_max", "adults_count", "run_by",
		"you_said", "we_did", "places", "interventions")
	for _, c := range b.consultations {
		var lo, hi any
		if c.AgeMin != nil {
			lo = int64(*c.AgeMin)
		}
		if c.AgeMax != nil {
			hi = int64(*c.AgeMax)
		}
		t.add(c.ID, c.HeldOn, c.Method, b.headcount(int64(c.ChildrenCount)), lo, hi, b.headcount(int64(c.AdultsCount)),
			c.RunBy, c.WhatWasSaid, c.WhatChanged, b.placeNames(c.Places), joinInts(c.Interventions))
	}
	return t
}

func (b *build) evaluationTable() *table {
	t := newTable("evaluations", "Outcome evaluations of interventions (incidents, target against matched control)",
		"intervention_id", "title", "start_date", "evaluated", "reason", "pre_from", "pre_to", "post_from", "post_to",
		"target_before_count", "target_after_count", "buffer_before_count", "buffer_after_count",
		"control_before_count", "control_after_count",
		"rate_ratio", "rate_ratio_ci_low", "rate_ratio_ci_high", "relative_effect_size", "res_ci_low", "res_ci_high",
		"wdq", "wdq_interpretation", "total_net_effect", "wdd", "wdd_se", "wdd_p",
		"sms_level", "sms_description", "comparable_control", "thin", "protected_counts", "verdict", "effect", "buffer", "net_effect", "design", "economic")
	for _, e := range b.evaluations {
		if e.ev == nil {
			row := []any{e.iv.ID, e.iv.Title, e.iv.StartDate, false, e.reason}
			for range len(t.columns) - len(row) {
				row = append(row, nil)
			}
			t.add(row...)
			continue
		}
		r := e.ev.Result
		row := []any{e.iv.ID, e.iv.Title, e.ev.StartDate, true, "", r.Pre.From, r.Pre.To, r.Post.From, r.Post.To}
		for _, area := range []string{evaluation.AreaTarget, evaluation.AreaBuffer, evaluation.AreaControl} {
			c := r.Counts[area]
			if c == nil {
				row = append(row, nil, nil)
				continue
			}
			row = append(row, publishedFloat(c.Pre, c.PreLabel), publishedFloat(c.Post, c.PostLabel))
		}
		row = append(row, round(r.RateRatio.Estimate, 4), round(r.RateRatio.CILow, 4), round(r.RateRatio.CIHigh, 4),
			round(r.RelativeEffectSize.Estimate, 4), round(r.RelativeEffectSize.CILow, 4), round(r.RelativeEffectSize.CIHigh, 4),
			round(r.WDQ.Value, 4), r.WDQ.Interpretation, round(r.TotalNetEffect, 2),
			round(r.WDD.Estimate, 2), round(r.WDD.SE, 2), round(r.WDD.P, 4),
			int64(r.SMS.Level), r.SMS.Description, r.SMS.Comparable, r.RateRatio.Thin, r.Suppressed,
			r.Verdict.Headline, r.Verdict.Effect.Sentence, r.Verdict.Buffer.Sentence, r.Verdict.Net.Sentence, r.Verdict.Design.Sentence, e.ev.EMMIE.Economic)
		t.add(row...)
	}
	return t
}

func (b *build) surveyTable() *table {
	t := newTable("surveys", "Survey measures of how safe children feel, before and after",
		"intervention_id", "place_id", "place", "measure", "before_surveyed_on", "before_respondents_count", "before_yes_count",
		"after_surveyed_on", "after_respondents_count", "after_yes_count", "change", "change_ci_low", "change_ci_high", "statement")
	seen := map[string]bool{}
	for _, e := range b.evaluations {
		if e.ev == nil {
			continue
		}
		for _, s := range e.ev.Surveys {
			key := fmt.Sprint(e.iv.ID, s.PlaceID, s.Measure)
			if seen[key] {
				continue
			}
			seen[key] = true
			row := []any{e.iv.ID, s.PlaceID, b.placeNames([]int64{s.PlaceID}), s.Measure}
			for _, m := range []*evaluation.SurveyMeasure{s.Before, s.After} {
				if m == nil {
					row = append(row, nil, nil, nil)
					continue
				}
				// For roles below record-level access the measures arrive protected, with labels.
				row = append(row, m.SurveyedOn, labelled(m.Respondents, m.RespondentsLabel), labelled(m.Positive, m.PositiveLabel))
			}
			row = append(row, round(s.Change, 4), round(s.ChangeLow, 4), round(s.ChangeHigh, 4), s.Statement)
			t.add(row...)
		}
	}
	return t
}

func (b *build) annexATable() *table {
	t := newTable("annex_a", "Annex A information request: the checklist",
		"position", "key", "title", "owner_agency", "due_on", "due_at", "status", "submitted_at", "late",
		"fills_from", "in_this_pack", "lines", "evidence", "note")
	for _, it := range b.snap.AnnexA.Items {
		var dueOn, dueAt, submitted any
		if !it.DueOn.IsZero() {
			dueOn = it.DueOn.String()
		}
		if it.DueAt != nil {
			dueAt = it.DueAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		if it.SubmittedAt != nil {
			submitted = it.SubmittedAt.UTC().Format("2006-01-02T15:04:05Z")
		}
		t.add(int64(it.Position), it.Key, it.Title, it.OwnerAgency, dueOn, dueAt, it.Status, submitted, it.Late,
			it.FillsFrom, b.filledBy(it.FillsFrom), strings.Join(it.Lines, "; "), joinInts(it.EvidenceIDs), it.Note)
	}
	return t
}

func (b *build) annexAProgressTable() *table {
	t := newTable("annex_a_progress", "Annex A progress by agency",
		"agency", "items", "not_started", "in_progress", "submitted", "late", "percent_submitted")
	a := b.snap.AnnexA
	for _, p := range append(a.ByAgency, a.Total) {
		t.add(p.Agency, int64(p.Items), int64(p.NotStarted), int64(p.InProgress), int64(p.Submitted), int64(p.Late), int64(p.PercentSubmitted))
	}
	return t
}

// filledBy names the pack's file that answers an Annex A item filled from placesafe's data.
func (b *build) filledBy(source string) string {
	if source == "" || b.table(source) == nil {
		return ""
	}
	return "csv/" + source + ".csv"
}
