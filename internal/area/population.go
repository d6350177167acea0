package area

import (
	"bytes"
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/labstack/echo/v4"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/audit"
)

// populationColumns are the columns of a population file: a local area's ONS code, a year and
// the children aged 0 to 17 living there (ONS mid-year estimates summed over ages 0 to 17).
var populationColumns = []string{"ons_code", "year", "children"}

// SetPopulation stores the children of each local area by year from a CSV file, replacing the
// figures of the areas and years it names; a bad row refuses the whole file, naming the line.
func (s *Store) SetPopulation(ctx context.Context, data []byte) (int, error) {
	r := csv.NewReader(bytes.NewReader(data))
	head, err := r.Read()
	if err != nil {
		return 0, apperr.Errorf(apperr.Unprocessable, "population file: no header line: %v", err)
	}
	for i := range head {
		head[i] = strings.ToLower(strings.TrimSpace(strings.TrimPrefix(head[i], "\ufeff")))
	}
	if strings.Join(head, ",") != strings.Join(populationColumns, ",") {
		return 0, apperr.Errorf(apperr.Unprocessable, "population file: the header is %q; want %s", strings.Join(head, ","), strings.Join(populationColumns, ","))
	}
	type row struct {
		code           string
		year           int
		children, line int64
	}
	var rows []row
	var bad api.Refusal
	for {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		line, _ := r.FieldPos(0)
		if err != nil {
			return 0, apperr.Errorf(apperr.Unprocessable, "population file line %d: %v", line, err)
		}
		year, err1 := strconv.Atoi(strings.TrimSpace(rec[1]))
		children, err2 := strconv.ParseInt(strings.TrimSpace(rec[2]), 10, 64)
		switch {
		case !onsCode.MatchString(strings.TrimSpace(rec[0])):
			bad.Add(fmt.Sprintf("line %d", line), "ons_code %q is not an ONS (GSS) code", rec[0])
		case err1 != nil || year < 1990 || year > 2100:
			bad.Add(fmt.Sprintf("line %d", line), "year %q is not a year from 1990 to 2100", rec[1])
		case err2 != nil || children <= 0:
			bad.Add(fmt.Sprintf("line %d", line), "children %q is not a whole number above 0", rec[2])
		default:
			rows = append(rows, row{strings.TrimSpace(rec[0]), year, children, int64(line)})
		}
	}
	if err := bad.Err("population file"); err != nil {
		return 0, err
	}
	if len(rows) == 0 {
		return 0, apperr.Errorf(apperr.Unprocessable, "population file: no rows below the header")
	}
	err = pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		for _, r := range rows {
			tag, err := tx.Exec(ctx, `INSERT INTO local_area_population (local_area_id, year, children)
				SELECT id, $2, $3 FROM local_areas WHERE ons_code = $1
				ON CONFLICT (local_area_id, year) DO UPDATE SET children = EXCLUDED.children`, r.code, r.year, r.children)
			if err != nil {
				return err
			}
			if tag.RowsAffected() == 0 {
				return apperr.Errorf(apperr.Unprocessable, "population file line %d: %s is not the ONS code of a local area here; nothing was stored", r.line, r.code)
			}
		}
		return audit.Record(ctx, tx, "local_area.population", "local-areas/population", map[string]any{"rows": len(rows)}, -1)
	})
	if err != nil {
		return 0, fmt.Errorf("store population: %w", err)
	}
	return len(rows), nil
}

// SetPopulation takes a population CSV file (see populationColumns) in the body (admin).
func (h *Handler) SetPopulation(c echo.Context) error {
	body, err := api.ReadBody(c)
	if err != nil {
		return err
	}
	n, err := h.Store.SetPopulation(c.Request().Context(), body)
	if err != nil {
		return err
	}
	return c.JSON(http.StatusOK, map[string]any{"rows": n})
}
