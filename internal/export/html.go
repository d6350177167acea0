package export

import (
	"fmt"
	"html/template"
	"strings"
)

// htmlw writes report HTML: the format strings are the package's own, every argument is
// escaped unless it is already template.HTML.
type htmlw struct{ b strings.Builder }

func escapeArg(v any) any {
	switch v := v.(type) {
	case template.HTML:
		return v
	case string:
		return template.HTMLEscapeString(v)
	case int, int64, float64:
		return v
	}
	return template.HTMLEscapeString(fmt.Sprint(v))
}

// f writes format with its arguments escaped.
func (w *htmlw) f(format string, args ...any) {
	for i, a := range args {
		args[i] = escapeArg(a)
	}
	fmt.Fprintf(&w.b, format, args...)
}

// table writes a table; a cell that is template.HTML goes in as it is, others as text.
func (w *htmlw) table(head []string, rows [][]any) {
	w.b.WriteString("<table><thead><tr>")
	for _, h := range head {
		w.f("<th>%s</th>", h)
	}
	w.b.WriteString("</tr></thead><tbody>")
	for _, row := range rows {
		w.b.WriteString("<tr>")
		for _, c := range row {
			if h, ok := c.(template.HTML); ok {
				w.f("<td>%s</td>", h)
			} else {
				w.f("<td>%s</td>", text(c))
			}
		}
		w.b.WriteString("</tr>")
	}
	w.b.WriteString("</tbody></table>\n")
}

func (w *htmlw) html() template.HTML { return template.HTML(w.b.String()) }

// plural gives "1 intervention" or "3 interventions": for tallies of the register (not
// counts of records or people, which go through countHTML).
func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// tally marks up a number of register entries, cells or items (never suppressed).
func tally(n int, one, many string) template.HTML {
	return template.HTML(`<span class="tally">` + template.HTMLEscapeString(plural(n, one, many)) + `</span>`)
}

// unanswered is a question's answer when nothing is recorded to answer it from: the answer says
// so, and there is nothing more to show.
func unanswered(answer template.HTML) (template.HTML, template.HTML) { return answer, "" }
