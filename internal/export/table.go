package export

import (
	"math"
	"strconv"
	"strings"

	"github.com/placesafe/placesafe/internal/disclosure"
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
func (b *build) suppressedMark() string { return "<" + strconv.Itoa(b.viewer.Threshold()) }

// count is a count as the API published it for the pack's role: the number when one is shown,
// otherwise its label ("<5", "22–38").
func count(c disclosure.Count) any {
	if c.N != nil && c.Status == disclosure.StatusExact {
		return *c.N
	}
	return c.Label
}

// publishedFloat is a monthly count the API gives as a float64 with its label: the number
// when there is one, else the label (empty when neither).
func publishedFloat(n *float64, label string) any {
	if n != nil && label == "" {
		return int64(math.Round(*n))
	}
	if label != "" {
		return label
	}
	return nil
}

// optional is a count shown only to some roles: nil (not shown) when absent.
func optional(n *int64) any {
	if n == nil {
		return nil
	}
	return *n
}

// labelled is a number the API published with a label for protected roles: the label when
// there is one, else the number.
func labelled(n int, label string) any {
	if label != "" {
		return label
	}
	return int64(n)
}

// headcount is a number of people (children and adults consulted) as the pack's role may see
// it: each consultation is an atom of the disclosure rule.
func (b *build) headcount(n int64) any {
	return count(b.viewer.Publish(b.viewer.AreaAtom(n)))
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
