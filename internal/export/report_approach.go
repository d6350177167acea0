package export

import (
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strings"

	"github.com/placesafe/placesafe/internal/intervention"
	"github.com/placesafe/placesafe/internal/label"
)

// q2 answers: is it a partnership approach, with what method and aim.
func (b *build) q2() (template.HTML, template.HTML) {
	if len(b.interventions) == 0 {
		return unanswered("<p>No interventions in places and spaces are recorded, so there is no partnership approach, method or aim to show. Record each intervention with its lead and partner agencies, method, aim and places.</p>")
	}
	var a, w htmlw
	partnership, approved := 0, 0
	methods := map[string]int{}
	for _, it := range b.interventions {
		if it.Partnership {
			partnership++
		}
		if it.ReviewStatus == intervention.ReviewApproved {
			approved++
		}
		methods[it.Methodology]++
	}
	keys := slices.Sorted(maps.Keys(methods))
	var used []string
	for _, k := range keys {
		used = append(used, fmt.Sprintf("%s (%d)", methodology(k), methods[k]))
	}
	a.f("<p>%v recorded; %v led by one agency with at least one partner (a partnership approach), and %v approved at VRP review. Methods used: %v.</p>",
		tally(len(b.interventions), "intervention is", "interventions are"), tally(partnership, "is", "are"),
		tally(approved, "has been", "have been"), strings.Join(used, "; "))
	for _, it := range b.interventions {
		b.interventionCard(&w, it)
	}
	return a.html(), w.html()
}

// interventionCard describes one intervention: who, how, why, where, when, on what intelligence.
func (b *build) interventionCard(w *htmlw, it *intervention.Intervention) {
	w.f(`<article class="intervention" id="intervention-%v"><h3>%v</h3><dl>`, it.ID, it.Title)
	dd := func(term, v string) {
		if v == "" {
			v = "not recorded"
		}
		w.f("<dt>%v</dt><dd>%v</dd>", term, v)
	}
	partners := agencyList(it.Partners)
	if partners == "" {
		partners = "none: a single-agency intervention"
	}
	dd("Lead agency", agency(it.LeadAgency))
	dd("Partners", partners)
	dd("Method", methodology(it.Methodology))
	dd("Aim", it.Aim)
	dd("Mechanism (why it should work)", it.Mechanism)
	dd("Intended outcomes", it.IntendedOutcomes)
	dd("Places", b.placeNames(it.Places))
	period := it.StartDate
	if it.EndDate != nil {
		period += " to " + *it.EndDate
	} else if period != "" {
		period += " onwards"
	}
	dd("Period", period)
	dd("Status", label.Lower(it.Status))
	review := label.Lower(it.ReviewStatus)
	if it.ReviewComment != "" {
		review += ": " + it.ReviewComment
	}
	dd("VRP review", review)
	var intel []string
	for _, id := range it.Analyses {
		title := fmt.Sprintf("saved analysis %d (not readable by this role)", id)
		for _, an := range b.analyses {
			if an.ID == id {
				title = fmt.Sprintf("%s (saved analysis %d, %s)", an.Title, an.ID, an.CreatedAt.UTC().Format("2006-01-02"))
			}
		}
		intel = append(intel, title)
	}
	if len(intel) == 0 {
		intel = append(intel, "no saved analysis is cited")
	}
	dd("Intelligence it rests on", strings.Join(intel, "; "))
	cost := ""
	if it.Cost != nil {
		cost = pounds(int64(*it.Cost))
	}
	dd("Cost", cost)
	w.f("</dl></article>")
}

// pounds writes pence as pounds with thousands separators: "£48,000" or "£1,234.50".
func pounds(pence int64) string {
	whole, p := pence/100, pence%100
	digits := fmt.Sprint(whole)
	var out []byte
	for i := range digits {
		if i > 0 && (len(digits)-i)%3 == 0 {
			out = append(out, ',')
		}
		out = append(out, digits[i])
	}
	if p != 0 {
		return fmt.Sprintf("£%s.%02d", out, p)
	}
	return "£" + string(out)
}
