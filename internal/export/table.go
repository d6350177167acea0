package export

import (
	"math"
	"strconv"
	"strings"
)

// table is one table of the pack: a workbook sheet and a CSV file of the same name. A cell is
// a string, an int64, a float64, a bool or nil (empty).
type table struct {
	name    string
	title   string
	columns []string
	rows    [][]any
}

func newTable(name, title string, columns ...string) *table {
	return &table{name: name, title: title, columns: columns}
}

func (t *table) add(cells ...any) {
	if len(cells) != len(t.columns) {
		panic("export: table " + t.name + ": row of " + strconv.Itoa(len(cells)) + " cells for " + strconv.Itoa(len(t.columns)) + " columns")
	}
	t.rows = append(t.rows, cells)
}

// IsCountColumn reports whether a column (or GeoJSON property) holds counts of records or
// people, which are suppressed for roles below record-level access: "count" and names ending
// in "_count", except "agency_count", the interventions' number of agencies.
func IsCountColumn(name string) bool {
	return name == "count" || strings.HasSuffix(name, "_count") && name != "agency_count"
}

// countColumns lists the table's count columns.
func (t *table) countColumns() []string {
	out := []string{}
	for _, c := range t.columns {
		if IsCountColumn(c) {
			out = append(out, c)
		}
	}
	return out
}

// text formats a cell as CSV and the report write it.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int64:
		return strconv.FormatInt(v, 10)
	case int:
		return strconv.Itoa(v)
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		if v {
			return "yes"
		}
		return "no"
	}
	panic("export: unexpected cell type")
}

// suppressedMark is how a suppressed count is written: "<5" for a threshold of 5.
func (b *build) suppressedMark() string { return "<" + strconv.Itoa(b.svc.Threshold) }

// published is a count the API already published for the role: nil with suppressed set is
// written as the mark, nil otherwise is not shown (empty).
func (b *build) published(n *int64, suppressed bool) any {
	switch {
	case n != nil:
		return *n
	case suppressed:
		return b.suppressedMark()
	}
	return nil
}

// publishedFloat is published for counts the API gives as float64.
func (b *build) publishedFloat(n *float64, suppressed bool) any {
	if n == nil {
		return b.published(nil, suppressed)
	}
	v := int64(math.Round(*n))
	return b.published(&v, false)
}

// headcount applies the threshold to a count the API shows as recorded (children and adults
// consulted, survey respondents): the pack withholds 1 to threshold−1 from restricted roles.
func (b *build) headcount(n int64) any {
	if b.restricted && n > 0 && n < int64(b.svc.Threshold) {
		return b.suppressedMark()
	}
	return n
}

// suppressedHeadcount reports whether headcount hides n.
func (b *build) suppressedHeadcount(n int64) bool {
	return b.restricted && n > 0 && n < int64(b.svc.Threshold)
}

// round rounds x to d decimal places; nil stays nil.
func round(x *float64, d int) any {
	if x == nil || math.IsNaN(*x) || math.IsInf(*x, 0) {
		return nil
	}
	p := math.Pow(10, float64(d))
	return math.Round(*x*p) / p
}

func f64(x float64) *float64 { return &x }

// hours turns minutes into hours to one decimal place; nil stays nil.
func hours(minutes *int64) any {
	if minutes == nil {
		return nil
	}
	return round(f64(float64(*minutes)/60), 1)
}

func joinInts(xs []int64) string {
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = strconv.FormatInt(x, 10)
	}
	return strings.Join(parts, "; ")
}
