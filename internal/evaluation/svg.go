package evaluation

import (
	"fmt"
	"html"
	"strings"
)

// SVG draws the monthly incidents of the target and control areas (and the buffer), with the
// start of the post period marked and a legend: the chart the evidence pack and the
// intervention page show. Suppressed months are gaps.
func SVG(title string, r *Result) []byte {
	const w, h, l, rt, t, b = 720.0, 300.0, 48.0, 16.0, 36.0, 56.0
	n := len(r.Monthly)
	maxV := 1.0
	for _, m := range r.Monthly {
		for _, v := range []*float64{m.Target, m.Buffer, m.Control} {
			if v != nil && *v > maxV {
				maxV = *v
			}
		}
	}
	x := func(i int) float64 {
		if n < 2 {
			return l + (w-l-rt)/2
		}
		return l + float64(i)*(w-l-rt)/float64(n-1)
	}
	y := func(v float64) float64 { return t + (h-t-b)*(1-v/maxV) }
	var sb strings.Builder
	fmt.Fprintf(&sb, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="%.0f" height="%.0f" role="img" font-family="sans-serif" font-size="11">`, w, h, w, h)
	fmt.Fprintf(&sb, `<title>%s</title><desc>%s</desc><rect width="100%%" height="100%%" fill="#fff"/>`, html.EscapeString(title), html.EscapeString(r.Verdict.Headline))
	fmt.Fprintf(&sb, `<text x="%.0f" y="20" font-size="14" font-weight="bold">%s</text>`, l, html.EscapeString(title))
	fmt.Fprintf(&sb, `<line x1="%.0f" y1="%.0f" x2="%.0f" y2="%.0f" stroke="#888"/>`, l, h-b, w-rt, h-b)
	for _, v := range []float64{0, maxV / 2, maxV} {
		fmt.Fprintf(&sb, `<text x="%.0f" y="%.1f" text-anchor="end">%.0f</text><line x1="%.0f" x2="%.0f" y1="%.1f" y2="%.1f" stroke="#eee"/>`, l-4, y(v)+4, v, l, w-rt, y(v), y(v))
	}
	start := -1
	for i, m := range r.Monthly {
		if m.Period == "post" && start < 0 {
			start = i
		}
		if i == 0 || i == n-1 || (i%6 == 0 && n-1-i >= 3) {
			anchor := "middle" // the end labels keep inside the picture
			switch i {
			case 0:
				anchor = "start"
			case n - 1:
				anchor = "end"
			}
			fmt.Fprintf(&sb, `<text x="%.1f" y="%.0f" text-anchor="%s">%s</text>`, x(i), h-b+14, anchor, m.Month)
		}
	}
	if start >= 0 {
		fmt.Fprintf(&sb, `<line x1="%.1f" x2="%.1f" y1="%.0f" y2="%.0f" stroke="#000" stroke-dasharray="4 3"/><text x="%.1f" y="%.0f">start</text>`,
			x(start), x(start), t, h-b, x(start)+4, t+10)
	}
	series := []struct {
		name, colour, dash string
		get                func(MonthOut) *float64
	}{
		{"target", "#D55E00", "", func(m MonthOut) *float64 { return m.Target }},
		{"control", "#0072B2", "6 3", func(m MonthOut) *float64 { return m.Control }},
		{"buffer", "#009E73", "2 3", func(m MonthOut) *float64 { return m.Buffer }},
	}
	for si, s := range series {
		var d strings.Builder
		pen := "M"
		for i, m := range r.Monthly {
			v := s.get(m)
			if v == nil || m.Partial { // a part month is not drawn as if it were whole
				pen = "M"
				continue
			}
			fmt.Fprintf(&d, "%s%.1f,%.1f", pen, x(i), y(*v))
			pen = "L"
		}
		fmt.Fprintf(&sb, `<path d="%s" fill="none" stroke="%s" stroke-width="2" stroke-dasharray="%s"/>`, d.String(), s.colour, s.dash)
		lx := l + float64(si)*110
		fmt.Fprintf(&sb, `<line x1="%.0f" x2="%.0f" y1="%.0f" y2="%.0f" stroke="%s" stroke-width="2" stroke-dasharray="%s"/><text x="%.0f" y="%.0f">%s area</text>`,
			lx, lx+24, h-14, h-14, s.colour, s.dash, lx+28, h-10, s.name)
	}
	caption := "incidents a month"
	for _, m := range r.Monthly {
		if m.Partial {
			caption += "; part months left out"
			break
		}
	}
	fmt.Fprintf(&sb, `<text x="%.0f" y="%.0f" text-anchor="end">%s</text>`, w-rt, h-10, caption)
	sb.WriteString(`</svg>`)
	return []byte(sb.String())
}
