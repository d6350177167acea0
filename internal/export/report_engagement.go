package export

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/placesafe/placesafe/internal/label"
)

// q3 answers: how partners consult and engage children and communities.
func (b *build) q3() (template.HTML, template.HTML) {
	if len(b.consultations) == 0 {
		return unanswered("<p>No consultations are recorded: there is no record of children, young people or communities being asked about these places or interventions, nor of what changed as a result.</p>")
	}
	var a, w htmlw
	var children, adults int64
	consulted := map[int64]bool{}
	for _, c := range b.consultations {
		children += int64(c.ChildrenCount)
		adults += int64(c.AdultsCount)
		for _, id := range c.Interventions {
			consulted[id] = true
		}
	}
	a.f("<p>%v recorded, from %v to %v, reaching %v children and young people and %v adults; %v of the %v had a consultation linked to it.</p>",
		tally(len(b.consultations), "consultation is", "consultations are"), b.consultations[0].HeldOn,
		b.consultations[len(b.consultations)-1].HeldOn, countHTML(b.headcount(children)), countHTML(b.headcount(adults)),
		tally(len(consulted), "intervention", "interventions"), tally(len(b.interventions), "intervention", "interventions"))

	var rows [][]any
	for _, c := range b.consultations {
		ages := "not recorded"
		if c.AgeMin != nil && c.AgeMax != nil {
			ages = fmt.Sprintf("%d to %d", *c.AgeMin, *c.AgeMax)
		}
		rows = append(rows, []any{c.HeldOn, label.Of(c.Method), countHTML(b.headcount(int64(c.ChildrenCount))), ages,
			countHTML(b.headcount(int64(c.AdultsCount))), c.RunBy, b.placeNames(c.Places), b.interventionTitles(c.Interventions)})
	}
	w.table([]string{"held on", "method", "children and young people", "ages", "adults", "run by", "places", "interventions"}, rows)
	w.f("<h3>You said, we did</h3>")
	for _, c := range b.consultations {
		said, did := c.WhatWasSaid, c.WhatChanged
		if said == "" {
			said = "not recorded"
		}
		if did == "" {
			did = "nothing recorded yet"
		}
		w.f(`<div class="ysww"><p class="when">%v, %v, %v</p><p><strong>You said:</strong> %v</p><p><strong>We did:</strong> %v</p></div>`,
			c.HeldOn, label.Of(c.Method), b.placeNames(c.Places), said, did)
	}
	var missing []string
	for _, it := range b.interventions {
		if !consulted[it.ID] {
			missing = append(missing, it.Title)
		}
	}
	if len(missing) > 0 {
		w.f("<p>No consultation is linked to: %v.</p>", strings.Join(missing, "; "))
	}
	return a.html(), w.html()
}

// interventionTitles names the interventions with ids.
func (b *build) interventionTitles(ids []int64) string {
	var out []string
	for _, id := range ids {
		t := fmt.Sprintf("intervention %d", id)
		for _, it := range b.interventions {
			if it.ID == id {
				t = it.Title
			}
		}
		out = append(out, t)
	}
	return strings.Join(out, "; ")
}

// q4 answers: how partners make sure children and places are safer — what was delivered
// where, incidents in the places, and how safe children say they feel.
func (b *build) q4() (template.HTML, template.HTML) {
	var a, w htmlw
	surveys := b.table("surveys").rows
	delivered := 0
	for _, it := range b.interventions {
		if d := b.dosage[it.ID]; d.Sessions.High > 0 {
			delivered++
		}
	}
	switch {
	case len(b.interventions) == 0:
		a.f("<p>No interventions are recorded, so there is no delivery to show. ")
	default:
		a.f("<p>Activity records show delivery for %v of the %v (sessions of the interventions' agencies in their places and periods). ",
			tally(delivered, "intervention", "interventions"), tally(len(b.interventions), "intervention", "interventions"))
	}
	if len(surveys) == 0 {
		a.f("No survey measures of how safe children feel in these places are recorded.</p>")
	} else {
		a.f("%v of how safe children feel are recorded.</p>", tally(len(surveys), "survey comparison", "survey comparisons"))
	}

	if len(b.interventions) > 0 {
		w.f("<h3>Activity dosage</h3>")
		var rows [][]any
		for _, it := range b.interventions {
			d := b.dosage[it.ID]
			period := d.From
			if d.To != nil {
				period += " to " + *d.To
			} else if period != "" {
				period += " onwards"
			}
			rows = append(rows, []any{it.Title, b.placeNames(it.Places), agencyList(d.ActivityPartners), period,
				countHTML(count(d.Sessions)), hours(d.Minutes), countHTML(optional(d.ChildContacts))})
		}
		w.table([]string{"intervention", "places", "activity partners", "period", "sessions", "hours", "contacts with children"}, rows)
	}
	if !b.hotPeriod.empty() && len(b.places) > 0 {
		w.f("<h3>Incidents and activity in each place, %v to %v</h3>", b.hotPeriod.From, b.hotPeriod.To)
		var rows [][]any
		for _, r := range b.places {
			if r.profile == nil {
				continue
			}
			hot, _ := hotCells(r.profile)
			rows = append(rows, []any{r.place.ID, r.place.Name, label.Of(r.place.Kind),
				countHTML(count(r.profile.Incidents.Total.Count)),
				countHTML(count(r.profile.Activity.Sessions.Count)), hours(r.profile.Activity.Minutes),
				fmt.Sprintf("%d of %d", hot, len(r.profile.Cells))})
		}
		w.table([]string{"id", "place", "kind", "incidents", "activity sessions", "hours", "hot spot cells"}, rows)
		if b.viewer.Protected() {
			w.f("<p>%v</p>", b.svc.Policy.Rule())
		}
	}
	w.f("<h3>How safe children say they feel</h3>")
	if len(surveys) == 0 {
		w.f("<p>Nothing recorded: no place has a survey measure (for example \"feel safe here\") before and after an intervention.</p>")
	} else {
		var rows [][]any
		for _, s := range surveys {
			rows = append(rows, []any{s[2], s[3], countHTML(s[6]), countHTML(s[5]), countHTML(s[9]), countHTML(s[8]), s[13]})
		}
		w.table([]string{"place", "measure", "yes before", "asked before", "yes after", "asked after", "what it shows"}, rows)
	}
	return a.html(), w.html()
}
