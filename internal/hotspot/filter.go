// Package hotspot holds the analytic core's database side: it aggregates incidents and activity
// records into the H3 cells that cover the study area (zeros included), runs Getis–Ord Gi* and
// emerging hot spot analysis from geo/ on them, and serves the results with small-number
// suppression for roles without record-level access.
package hotspot

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/placesafe/placesafe/internal/activity"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/audit"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// Resolutions of analysis, and the finest one shown to roles without record-level access.
const (
	MinRes           = 6
	MaxRes           = 12
	MaxRestrictedRes = 9
)

// MaxCells is the most cells an analysis covers; a study area that needs more at the asked
// resolution is refused with the finest resolution that fits.
const MaxCells = 150_000

// Kinds of record analysed.
const (
	KindIncidents = "incidents"
	KindActivity  = "activity"
)

// Filter selects the records of an analysis. From and To are inclusive London dates; zero
// means the data's own first or last day.
type Filter struct {
	Kind       string
	Res        int
	From, To   time.Time
	Categories []string // incident categories, or activity types for activity
	AgeBands   []string // victim age bands (incidents only)
	Settings   []string // incidents only
	Partners   []string // activity only
	// AgeScope keeps the incidents of an age scope (the SYV strand's children by default);
	// activity records carry no ages and ignore it.
	AgeScope incident.AgeScope
	// Areas keeps the records of these local areas alone and the cells that cover them; nil is
	// the whole deployment. Service.scoped sets it from the request's area.Viewer.
	Areas []int64
	// perArea splits a protected viewer's atoms by local area as well (see Service.scoped).
	perArea bool
}

// narrowed reports whether the filter narrows by anything but period and resolution.
func (f Filter) narrowed() bool {
	return len(f.Categories)+len(f.AgeBands)+len(f.Settings)+len(f.Partners) > 0
}

// ParseFilter reads kind, res, from, to, scope, category, age_band, setting and partner from
// query parameters (lists may be repeated or comma-separated); scope "syv" (the default) is
// syv, "all" every age.
func ParseFilter(q url.Values, defaultRes int, syv incident.AgeScope) (Filter, error) {
	f := Filter{Kind: q.Get("kind"), Res: defaultRes, AgeScope: syv}
	if name := q.Get("scope"); name != "" {
		sc, err := syv.Named(name)
		if err != nil {
			return f, apperr.Errorf(apperr.Invalid, "%v", err)
		}
		f.AgeScope = sc
	}
	if f.Kind == "" {
		f.Kind = KindIncidents
	}
	if f.Kind != KindIncidents && f.Kind != KindActivity {
		return f, apperr.Errorf(apperr.Invalid, "kind %q: want incidents or activity", f.Kind)
	}
	if v := q.Get("res"); v != "" {
		r, err := strconv.Atoi(v)
		if err != nil {
			return f, apperr.Errorf(apperr.Invalid, "res %q is not a whole number", v)
		}
		f.Res = r
	}
	if f.Res < MinRes || f.Res > MaxRes {
		return f, apperr.Errorf(apperr.Invalid, "res %d is out of range: analysis resolutions are %d to %d", f.Res, MinRes, MaxRes)
	}
	var err error
	if f.From, err = api.LondonDate("from", q.Get("from")); err != nil {
		return f, err
	}
	if f.To, err = api.LondonDate("to", q.Get("to")); err != nil {
		return f, err
	}
	if !f.From.IsZero() && !f.To.IsZero() && f.To.Before(f.From) {
		return f, apperr.Errorf(apperr.Invalid, "the period is empty: to %s is before from %s", f.To.Format(time.DateOnly), f.From.Format(time.DateOnly))
	}
	f.Categories, f.AgeBands, f.Settings, f.Partners = listParam(q, "category"), listParam(q, "age_band"), listParam(q, "setting"), listParam(q, "partner")
	return f, f.validateLists()
}

func (f *Filter) validateLists() error {
	check := func(name string, got, allowed []string) error {
		for _, v := range got {
			if !slices.Contains(allowed, v) {
				return apperr.Errorf(apperr.Invalid, "%s %q is unknown: want one of %s", name, v, strings.Join(allowed, ", "))
			}
		}
		return nil
	}
	if f.Kind == KindActivity {
		f.AgeScope = incident.AgeScope{}
		if len(f.AgeBands)+len(f.Settings) > 0 {
			return apperr.Errorf(apperr.Invalid, "age_band and setting filter incidents, not activity")
		}
		if err := check("category", f.Categories, activity.Types); err != nil {
			return err
		}
		for _, p := range f.Partners {
			if err := record.CheckText(p); err != nil || len(p) > activity.MaxPartnerLen {
				return apperr.Errorf(apperr.Invalid, "partner %q is not a valid partner name", p)
			}
		}
		return nil
	}
	if len(f.Partners) > 0 {
		return apperr.Errorf(apperr.Invalid, "partner filters activity, not incidents")
	}
	if err := check("category", f.Categories, incident.Categories); err != nil {
		return err
	}
	if err := check("age_band", f.AgeBands, incident.AgeBands); err != nil {
		return err
	}
	return check("setting", f.Settings, incident.Settings)
}

// listParam reads a parameter given as repeated values, comma-separated lists or both, without
// duplicates.
func listParam(q url.Values, name string) []string {
	var out []string
	for _, v := range q[name] {
		for _, p := range strings.Split(v, ",") {
			if p = strings.TrimSpace(p); p != "" && !slices.Contains(out, p) {
				out = append(out, p)
			}
		}
	}
	return out
}

// restrict applies the rules for roles without record-level access (see README, "Small-number
// suppression"): resolution 9 or coarser, no narrowing filters, whole calendar months. The one
// age scope these roles see is held by Service.AgeScope, for every caller.
func (f *Filter) restrict() error {
	if f.Res > MaxRestrictedRes {
		return apperr.Errorf(apperr.Forbidden, "roles without record-level access see resolutions %d to %d; res %d is finer", MinRes, MaxRestrictedRes, f.Res)
	}
	if f.narrowed() {
		return apperr.Errorf(apperr.Forbidden, "filters by category, age band, setting and partner are for roles with record-level access (admin, analyst)")
	}
	if !f.From.IsZero() {
		f.From = time.Date(f.From.Year(), f.From.Month(), 1, 0, 0, 0, 0, record.London())
	}
	if !f.To.IsZero() {
		f.To = time.Date(f.To.Year(), f.To.Month()+1, 0, 0, 0, 0, 0, record.London())
	}
	return nil
}

// describe gives the filter as audit-log parameters.
func (f Filter) describe() map[string]any {
	return map[string]any{"kind": f.Kind, "res": f.Res, "from": dateString(f.From), "to": dateString(f.To),
		"category": f.Categories, "age_band": f.AgeBands, "setting": f.Settings, "partner": f.Partners,
		"scope": f.scopeName()}
}

// auditParams are f's audit-log parameters for the request ctx, with the local areas it
// views as every export records them (audit.Coverage): a pattern of requests narrowed by area
// shows.
func auditParams(ctx context.Context, f Filter) map[string]any {
	p := f.describe()
	v := area.ViewerFrom(ctx)
	p["local_areas"] = audit.Coverage(v.All, v.Areas)
	return p
}

// scopeName is the age scope's name, or "" for activity (which has no ages).
func (f Filter) scopeName() string {
	if f.Kind != KindIncidents {
		return ""
	}
	return f.AgeScope.Name
}

func dateString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.DateOnly)
}

func boolParam(q url.Values, name string, def bool) (bool, error) {
	v := q.Get(name)
	if v == "" {
		return def, nil
	}
	b, err := strconv.ParseBool(v)
	if err != nil {
		return false, apperr.Errorf(apperr.Invalid, "%s %q: want true or false", name, v)
	}
	return b, nil
}

func itoa(n int) string { return strconv.Itoa(n) }
