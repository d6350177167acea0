package hotspot

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/uber/h3-go/v4"

	"github.com/placesafe/placesafe/internal/activity"
	"github.com/placesafe/placesafe/internal/cellcount"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
)

// Count is one published number with its key (a month, a category, an hour).
type Count struct {
	Key string `json:"key"`
	disclosure.Count
	Value *float64 `json:"value,omitempty"` // harm-weighted sum or minutes; record-level viewers only
}

// CellDetail describes the records of one cell.
type CellDetail struct {
	Cell     string  `json:"cell"`
	Res      int     `json:"res"`
	Kind     string  `json:"kind"`
	From     string  `json:"from"`
	To       string  `json:"to"`
	Total    Count   `json:"total"`
	Monthly  []Count `json:"monthly"`
	Category []Count `json:"by_category,omitempty"`
	AgeBand  []Count `json:"by_age_band,omitempty"`
	// Involvement is the child's part in each record in scope: the value the file gave, else
	// what the age bands show; "unknown" when neither tells.
	Involvement []Count `json:"by_involvement,omitempty"`
	// Scope and ScopeStatement state the incidents' age scope (see incident.AgeScope).
	Scope          string `json:"scope,omitempty"`
	ScopeStatement string `json:"scope_statement,omitempty"`
	// Hour of day counts only records whose time is known to the hour; day of week only those
	// known to the day. TimedRecords and DatedRecords say how many that is.
	Hour         []Count `json:"by_hour,omitempty"`
	Weekday      []Count `json:"by_weekday,omitempty"`
	TimedRecords *int64  `json:"timed_records,omitempty"`
	DatedRecords *int64  `json:"dated_records,omitempty"`
	Note         string  `json:"note,omitempty"`
}

var weekdays = []string{"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"}

// Cell returns the monthly series and breakdowns of cell c's records. Viewers without
// record-level access get the total and monthly series only, each built from (resolution-9
// cell, month) atoms by the disclosure rule, as on the map.
func (s *Service) Cell(ctx context.Context, c h3.Cell, f Filter, v disclosure.Viewer) (*CellDetail, error) {
	f, err := s.scoped(ctx, f, v)
	if err != nil {
		return nil, err
	}
	from, to, toEnd, ok, err := s.period(ctx, f, v)
	if err != nil {
		return nil, err
	}
	d := &CellDetail{Cell: c.String(), Res: c.Resolution(), Kind: f.Kind, From: dateString(from), To: dateString(to), Monthly: []Count{},
		Scope: f.scopeName()}
	if f.Kind == KindIncidents {
		d.ScopeStatement = f.AgeScope.Statement(0, 0, false)
	}
	if !ok {
		d.Total = Count{Key: "total", Count: v.Publish(disclosure.Tally{})}
		return d, nil
	}
	var args []any
	where := f.where(from, toEnd, &args) + " AND " + cellcount.InSQL("h3_cell", []h3.Cell{c})
	src := sourceOf(f.Kind)
	measure := "sum(harm_weight)"
	if f.Kind == KindActivity {
		measure = "sum(duration_minutes)::float8"
	}
	type month struct {
		tally disclosure.Tally
		value float64
	}
	monthly := map[string]*month{}
	var total disclosure.Tally
	var totalValue float64
	rows, err := s.pool.Query(ctx, fmt.Sprintf(`SELECT date_trunc('month', %s, 'Europe/London'), count(*), %s
		FROM %s WHERE %s GROUP BY %s, 1%s`, src.at, measure, src.table, where, cellcount.ParentSQL("h3_cell", min(MaxRestrictedRes, d.Res)), f.atomGroups()), args...)
	if err != nil {
		return nil, fmt.Errorf("cell %s monthly: %w", c, err)
	}
	for rows.Next() {
		var m time.Time
		var n int64
		var value float64
		if err := rows.Scan(&m, &n, &value); err != nil {
			rows.Close()
			return nil, fmt.Errorf("cell %s monthly: %w", c, err)
		}
		key := record.Month(m)
		g := monthly[key]
		if g == nil {
			g = &month{}
			monthly[key] = g
		}
		atom := v.GridAtom(n)
		g.tally, g.value = g.tally.Add(atom), g.value+value
		total, totalValue = total.Add(atom), totalValue+value
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("cell %s monthly: %w", c, err)
	}
	publish := func(key string, t disclosure.Tally, value float64) Count {
		out := Count{Key: key, Count: v.Publish(t)}
		if !v.Protected() {
			out.Value = &value
		}
		return out
	}
	d.Total = publish("total", total, totalValue)
	for m := time.Date(from.Year(), from.Month(), 1, 0, 0, 0, 0, record.London()); m.Before(toEnd); m = m.AddDate(0, 1, 0) {
		g := monthly[record.Month(m)]
		if g == nil {
			g = &month{}
		}
		d.Monthly = append(d.Monthly, publish(record.Month(m), g.tally, g.value))
	}
	if v.Protected() {
		d.Note = "breakdowns by category, age band and time are shown to roles with record-level access only"
		return d, nil
	}
	return d, s.breakdowns(ctx, d, f, where, args, v)
}

// breakdown is one way of splitting a cell's records: expr gives each record's key, NULL
// counted as "unknown", or left out where only is false.
type breakdown struct {
	expr, only string
	keys       []string
	out        *[]Count
	total      *int64 // the records counted, when wanted
}

// breakdowns fills d's breakdowns in one pass over the cell's records (a grouping set each).
func (s *Service) breakdowns(ctx context.Context, d *CellDetail, f Filter, where string, args []any, v disclosure.Viewer) error {
	src := sourceOf(f.Kind)
	hours := make([]string, 24)
	for h := range hours {
		hours[h] = fmt.Sprint(h)
	}
	timed, dated := "true", "true"
	if f.Kind == KindIncidents {
		timed, dated = "time_precision IN ('exact', 'hour')", "time_precision <> 'month'"
	}
	var nTimed, nDated, total int64
	var noAge []Count
	var parts []breakdown
	if f.Kind == KindIncidents {
		parts = []breakdown{
			{expr: "category", keys: incident.Categories, out: &d.Category},
			{expr: "victim_age_band", keys: incident.AgeBands, out: &d.AgeBand},
			{expr: f.AgeScope.InvolvementSQL(), keys: append(slices.Clone(incident.Involvements), "unknown"), out: &d.Involvement},
			{expr: "(" + incident.NoAgeSQL + ")", keys: []string{"true", "false"}, out: &noAge, total: &total},
		}
	} else {
		parts = []breakdown{{expr: "activity_type", keys: activity.Types, out: &d.Category}}
	}
	parts = append(parts,
		breakdown{expr: fmt.Sprintf("extract(hour FROM %s AT TIME ZONE 'Europe/London')::int", src.at), only: timed, keys: hours, out: &d.Hour, total: &nTimed},
		breakdown{expr: fmt.Sprintf("(extract(isodow FROM %s AT TIME ZONE 'Europe/London')::int - 1)", src.at), only: dated,
			keys: []string{"0", "1", "2", "3", "4", "5", "6"}, out: &d.Weekday, total: &nDated})

	cols, names, sets := make([]string, len(parts)), make([]string, len(parts)), make([]string, len(parts))
	for i, p := range parts {
		key := fmt.Sprintf("coalesce((%s)::text, 'unknown')", p.expr)
		if p.only != "" {
			key = fmt.Sprintf("CASE WHEN %s THEN (%s)::text END", p.only, p.expr)
		}
		names[i] = fmt.Sprintf("k%d", i)
		cols[i], sets[i] = key+" AS "+names[i], "("+names[i]+")"
	}
	// GROUPING gives a bit per key (the last key the lowest), set when the row's grouping set
	// leaves that key out.
	q := fmt.Sprintf(`SELECT GROUPING(%[1]s), %[1]s, count(*) FROM (SELECT %[2]s FROM %[3]s WHERE %[4]s) x GROUP BY GROUPING SETS (%[5]s)`,
		strings.Join(names, ", "), strings.Join(cols, ", "), src.table, where, strings.Join(sets, ", "))
	got := make([]map[string]int64, len(parts))
	for i := range got {
		got[i] = map[string]int64{}
	}
	rows, err := s.pool.Query(ctx, q, args...)
	if err != nil {
		return fmt.Errorf("cell %s breakdowns: %w", d.Cell, err)
	}
	keys := make([]*string, len(parts))
	dest := make([]any, 0, len(parts)+2)
	var grouping int32
	var n int64
	dest = append(dest, &grouping)
	for i := range keys {
		dest = append(dest, &keys[i])
	}
	dest = append(dest, &n)
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			rows.Close()
			return fmt.Errorf("cell %s breakdowns: %w", d.Cell, err)
		}
		for i := range parts {
			// The set grouping by key i leaves only bit len-1-i clear.
			if grouping&(1<<(len(parts)-1-i)) == 0 && keys[i] != nil {
				got[i][*keys[i]] += n
			}
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("cell %s breakdowns: %w", d.Cell, err)
	}
	for i, p := range parts {
		var out []Count
		var sum int64
		for _, k := range p.keys {
			sum += got[i][k]
			out = append(out, Count{Key: k, Count: v.Publish(v.Exact(got[i][k]))})
			delete(got[i], k)
		}
		for k, c := range got[i] { // keys outside the list (none expected) still show
			sum += c
			out = append(out, Count{Key: k, Count: v.Publish(v.Exact(c))})
		}
		*p.out = out
		if p.total != nil {
			*p.total = sum
		}
	}
	if f.Kind == KindIncidents {
		var none int64
		if noAge[0].N != nil {
			none = *noAge[0].N
		}
		d.ScopeStatement = f.AgeScope.Statement(none, total, true)
	}
	for i := range d.Weekday {
		if i < len(weekdays) {
			d.Weekday[i].Key = weekdays[i]
		}
	}
	d.TimedRecords, d.DatedRecords = &nTimed, &nDated
	return nil
}
