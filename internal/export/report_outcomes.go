package export

import (
	"fmt"
	"html/template"
	"strings"

	"github.com/placesafe/placesafe/internal/evaluation"
)

// q5 answers: what the outcome is and how partners evaluate — each intervention's statement,
// figures and Maryland level.
func (b *build) q5() (template.HTML, template.HTML) {
	if len(b.evaluations) == 0 {
		return unanswered("<p>No interventions are recorded, so nothing has been evaluated.</p>")
	}
	var a, w htmlw
	evaluated, comparable := 0, 0
	levels := map[int]int{}
	for _, e := range b.evaluations {
		if e.ev != nil {
			evaluated++
			levels[e.ev.Result.SMS.Level]++
			if e.ev.Result.SMS.Comparable {
				comparable++
			}
		}
	}
	a.f("<p>%v of the %v could be evaluated from the incident data: a before–after comparison of the intervention's places (target) with a matched control area and a displacement buffer round them, ",
		tally(evaluated, "intervention", "interventions"), tally(len(b.evaluations), "intervention", "interventions"))
	var lv []string
	for l := 5; l >= 1; l-- {
		if n := levels[l]; n > 0 {
			lv = append(lv, fmt.Sprintf("level %d: %s", l, plural(n, "evaluation", "evaluations")))
		}
	}
	if len(lv) == 0 {
		lv = append(lv, "none")
	}
	a.f("rated on the Maryland Scientific Methods Scale as used in crime prevention (Sherman et al. 1997): %v; %v had a comparable control.</p>",
		strings.Join(lv, ", "), tally(comparable, "evaluation", "evaluations"))
	for _, e := range b.evaluations {
		b.evaluationCard(&w, e)
	}
	w.f("<h3>How the figures are made</h3><ul>")
	for _, m := range evaluationMethod(b.evaluations) {
		w.f("<li>%v</li>", m)
	}
	w.f("</ul>")
	return a.html(), w.html()
}

func evaluationMethod(evs []evalRow) []string {
	for _, e := range evs {
		if e.ev != nil {
			return e.ev.Result.Method
		}
	}
	return nil
}

// evaluationCard shows one intervention's outcome: statement, counts, figures, chart, notes.
func (b *build) evaluationCard(w *htmlw, e evalRow) {
	w.f(`<article class="evaluation" id="evaluation-%v"><h3>%v</h3>`, e.iv.ID, e.iv.Title)
	if e.ev == nil {
		w.f("<p>Not evaluated: %v</p></article>", e.reason)
		return
	}
	r := e.ev.Result
	w.f(`<p class="statement">%v</p><ul class="verdict"><li>%v</li><li>%v</li><li>%v</li><li>%v</li></ul>`, r.Verdict.Headline,
		r.Verdict.Effect.Sentence, r.Verdict.Buffer.Sentence, r.Verdict.Net.Sentence, r.Verdict.Design.Sentence)
	w.f("<p>Before %v to %v, after %v to %v; Maryland level %v: %v.</p>", r.Pre.From, r.Pre.To, r.Post.From, r.Post.To, r.SMS.Level,
		strings.TrimSuffix(r.SMS.Description, "."))
	var rows [][]any
	for _, area := range []string{evaluation.AreaTarget, evaluation.AreaBuffer, evaluation.AreaControl} {
		c := r.Counts[area]
		if c == nil {
			continue
		}
		rows = append(rows, []any{area, countHTML(publishedFloat(c.Pre, c.PreLabel)), countHTML(publishedFloat(c.Post, c.PostLabel))})
	}
	w.table([]string{"area", "incidents before", "incidents after"}, rows)
	if !r.Suppressed {
		est := func(x evaluation.Estimate) string {
			if x.Estimate == nil {
				return "not defined"
			}
			s := fmt.Sprintf("%.2f", *x.Estimate)
			if x.CILow != nil && x.CIHigh != nil {
				s += fmt.Sprintf(" (95%% interval %.2f to %.2f)", *x.CILow, *x.CIHigh)
			}
			return s
		}
		opt := func(x *float64, f string) string {
			if x == nil {
				return "not defined"
			}
			return fmt.Sprintf(f, *x)
		}
		wdd := opt(r.WDD.Estimate, "%.1f")
		if r.WDD.SE != nil && r.WDD.P != nil {
			wdd += fmt.Sprintf(" (SE %.1f, p = %.3f)", *r.WDD.SE, *r.WDD.P)
		}
		w.table([]string{"figure", "value"}, [][]any{
			{"rate ratio, target against control", est(r.RateRatio)},
			{"relative effect size (above 1 is desirable)", est(r.RelativeEffectSize)},
			{"weighted displacement quotient", wdq(r.WDQ)},
			{"total net effect (incidents prevented)", opt(r.TotalNetEffect, "%.1f")},
			{"weighted displacement difference", wdd},
			{"cost", e.ev.EMMIE.Economic},
		})
	}
	w.f(`<figure><img src="%v" alt="Monthly incidents in the target, buffer and control areas of %v"><figcaption>Monthly incidents of the target, buffer and control areas; months below the disclosure threshold and part months are gaps.</figcaption></figure>`,
		b.embedded(chartPath(e.iv.ID)), e.iv.Title)
	if len(r.Notes) > 0 {
		w.f("<details><summary>Notes and caveats</summary><ul>")
		for _, n := range r.Notes {
			w.f("<li>%v</li>", n)
		}
		w.f("</ul></details>")
	}
	w.f("</article>")
}

// wdq writes the weighted displacement quotient with its reading.
func wdq(q evaluation.WDQOut) string {
	reading := strings.ReplaceAll(q.Interpretation, "_", " ")
	if q.Value == nil {
		if reading == "" || reading == "undefined" {
			return "not defined"
		}
		return "not defined: " + reading
	}
	if reading == "" {
		return fmt.Sprintf("%.2f", *q.Value)
	}
	return fmt.Sprintf("%.2f: %s", *q.Value, reading)
}
