// Package evaluation turns records into outcome evidence for an intervention or an ad hoc area:
// events in a target area, a displacement buffer and a control area before and after a start,
// and the figures a sceptical analyst asks for (rate ratio, relative effect size,
// difference-in-differences, WDQ, total net effect, WDD), each with its caveats.
package evaluation

import (
	"time"

	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/record"
)

// AreaSpec names an area by H3 cells (strings of one resolution) or by places.
type AreaSpec struct {
	Cells  []string `json:"cells,omitempty"`
	Places []int64  `json:"places,omitempty"`
}

// BufferSpec is the displacement buffer: explicit cells, a number of cell rings round the
// target, or a distance in metres round it (turned into rings of the analysis resolution).
type BufferSpec struct {
	Cells  []string `json:"cells,omitempty"`
	Rings  int      `json:"rings,omitempty"`
	Metres float64  `json:"metres,omitempty"`
}

// ControlSpec is the control area: explicit cells or places, or a suggestion (Suggest) of
// matched cells.
type ControlSpec struct {
	Cells   []string `json:"cells,omitempty"`
	Places  []int64  `json:"places,omitempty"`
	Suggest bool     `json:"suggest,omitempty"`
}

// Period is an inclusive range of London dates.
type Period struct {
	From string `json:"from"`
	To   string `json:"to"`
}

// Request is an evaluation's inputs.
type Request struct {
	Target     AreaSpec    `json:"target"`
	Buffer     BufferSpec  `json:"buffer"`
	Control    ControlSpec `json:"control"`
	Pre        Period      `json:"pre"`
	Post       Period      `json:"post"`
	Categories []string    `json:"categories,omitempty"`
	// Scope is the incidents' age scope: "syv" (the default) or "all" (record-level roles).
	Scope string `json:"scope,omitempty"`
	// Res is the resolution used for places (their covering cells); cells given as strings
	// carry their own. Default 10.
	Res int `json:"res,omitempty"`
}

// span is a parsed period: [from, end) in London time.
type span struct {
	from, to, end time.Time
}

func (p Period) parse(name string) (span, error) {
	from, err := time.ParseInLocation(time.DateOnly, p.From, record.London())
	if err != nil {
		return span{}, apperr.Errorf(apperr.Invalid, "%s.from %q: want a date YYYY-MM-DD", name, p.From)
	}
	to, err := time.ParseInLocation(time.DateOnly, p.To, record.London())
	if err != nil {
		return span{}, apperr.Errorf(apperr.Invalid, "%s.to %q: want a date YYYY-MM-DD", name, p.To)
	}
	if to.Before(from) {
		return span{}, apperr.Errorf(apperr.Invalid, "%s period is empty: to %s is before from %s", name, p.To, p.From)
	}
	return span{from: from, to: to, end: to.AddDate(0, 0, 1)}, nil
}

// months is the number of calendar months the span touches.
func (s span) months() int {
	return (s.to.Year()-s.from.Year())*12 + int(s.to.Month()-s.from.Month()) + 1
}

// monthIndex is the place in the span's months of the month that starts at m, and false when
// the span does not touch it.
func (s span) monthIndex(m time.Time) (int, bool) {
	m = m.In(record.London())
	i := (m.Year()-s.from.Year())*12 + int(m.Month()-s.from.Month())
	return i, i >= 0 && i < s.months()
}
