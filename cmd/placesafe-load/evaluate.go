package main

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"

	"github.com/placesafe/placesafe/geo"
	"github.com/placesafe/placesafe/internal/evaluation"
)

// evaluations measures POST /api/v1/evaluations as an analyst runs them, one at a time: a
// resolution-10 cell with a one-ring buffer, a year before and a year after a random start,
// against a given control cell, and the same with a suggested control (matched on every
// study-area cell).
func evaluations(ctx context.Context, c *client, st *stats, pool *pgxpool.Pool, sp span, rng *rand.Rand, o runOptions) error {
	cells, err := sampleCells(ctx, pool, 10)
	if err != nil {
		return err
	}
	if len(cells) < 2 {
		return fmt.Errorf("evaluations: the data set holds too few cells to choose a target and a control")
	}
	request := func(suggest bool) ([]byte, error) {
		target, control := cells[rng.IntN(len(cells))], cells[rng.IntN(len(cells))]
		t, err := geo.ParseCell(target)
		if err != nil {
			return nil, err
		}
		ct, err := geo.ParseCell(control)
		if err != nil {
			return nil, err
		}
		for tries := 0; ct == t || t.GridDistance(ct) <= 2; tries++ {
			if tries == 1000 {
				return nil, fmt.Errorf("evaluations: no sampled cell lies three rings or more from %s", target)
			}
			control = cells[rng.IntN(len(cells))]
			if ct, err = geo.ParseCell(control); err != nil {
				return nil, err
			}
		}
		days := int(sp.to.Sub(sp.from).Hours()/24) - 2*365
		start := sp.from.AddDate(0, 0, 365+rng.IntN(max(1, days)))
		req := evaluation.Request{Target: evaluation.AreaSpec{Cells: []string{target}}, Buffer: evaluation.BufferSpec{Rings: 1},
			Control: evaluation.ControlSpec{Cells: []string{control}},
			Pre:     evaluation.Period{From: start.AddDate(-1, 0, 0).Format(time.DateOnly), To: start.AddDate(0, 0, -1).Format(time.DateOnly)},
			Post:    evaluation.Period{From: start.Format(time.DateOnly), To: start.AddDate(1, 0, -1).Format(time.DateOnly)},
			Scope:   o.scope}
		if suggest {
			req.Control = evaluation.ControlSpec{Suggest: true}
		}
		return json.Marshal(req)
	}
	for _, tc := range []struct {
		kind     string
		suggest  bool
		requests int
	}{
		{"evaluation, one at a time, res 10 cell, given control, 1 + 1 years", false, max(1, o.requests/16)},
		{"evaluation, one at a time, res 10 cell, suggested control, 1 + 1 years", true, max(1, o.requests/32)},
	} {
		bodies := make(chan []byte, tc.requests)
		for range tc.requests {
			b, err := request(tc.suggest)
			if err != nil {
				return err
			}
			bodies <- b
		}
		close(bodies)
		wall := drive(1, func() bool {
			b, ok := <-bodies
			if ok {
				status, d, err := c.post("/api/v1/evaluations", b)
				st.add(tc.kind, status, d, err)
			}
			return ok
		})
		st.print(tc.kind, wall)
	}
	return nil
}
