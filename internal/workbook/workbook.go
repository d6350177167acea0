// Package workbook turns the dashboard's table into an XLSX workbook: the same columns and
// the same values as the CSV export, numbers as numbers and protected counts ("<5", ranges)
// as the text the viewer was shown. The dashboard audit-logs the export before it asks.
package workbook

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/text"
)

// Table is the body of POST /api/v1/workbooks/table.
type Table struct {
	Title   string              `json:"title"` // the sheet's title row: the layer and its period
	Columns []string            `json:"columns"`
	Rows    [][]json.RawMessage `json:"rows"` // each cell a number, a string or null
}

// Limits of a table: the map's layers have at most some tens of thousands of cells.
const (
	maxColumns = 20
	maxRows    = 100_000
	maxText    = 200
)

// MediaType is an XLSX file's.
const MediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

// Handler answers POST /api/v1/workbooks/table with the table as an XLSX file.
func Handler(c echo.Context) error {
	var t Table
	if err := api.Bind(c, &t); err != nil {
		return err
	}
	rows, err := t.cells()
	if err != nil {
		return err
	}
	out, err := t.write(rows)
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	c.Response().Header().Set("Content-Disposition", `attachment; filename="placesafe-table.xlsx"`)
	return c.Blob(http.StatusOK, MediaType, out)
}

// cells checks the table and reads each cell as a float64, a string or nil.
func (t Table) cells() ([][]any, error) {
	if len(t.Columns) == 0 || len(t.Columns) > maxColumns {
		return nil, apperr.Errorf(apperr.Unprocessable, "columns: want 1 to %d", maxColumns)
	}
	if len(t.Rows) > maxRows {
		return nil, apperr.Errorf(apperr.Unprocessable, "rows: %d, at most %d", len(t.Rows), maxRows)
	}
	if err := text.Check(t.Title, maxText, false); err != nil {
		return nil, apperr.Errorf(apperr.Unprocessable, "title: %v", err)
	}
	for i, c := range t.Columns {
		if err := text.Check(c, maxText, false); err != nil || c == "" {
			return nil, apperr.Errorf(apperr.Unprocessable, "column %d: a name of one line", i+1)
		}
	}
	out := make([][]any, len(t.Rows))
	for i, r := range t.Rows {
		if len(r) != len(t.Columns) {
			return nil, apperr.Errorf(apperr.Unprocessable, "row %d: %d cells for %d columns", i+1, len(r), len(t.Columns))
		}
		out[i] = make([]any, len(r))
		for j, raw := range r {
			var v any
			if err := json.Unmarshal(raw, &v); err != nil {
				return nil, apperr.Errorf(apperr.Unprocessable, "row %d, column %d: %v", i+1, j+1, err)
			}
			switch x := v.(type) {
			case nil, float64:
			case string:
				if err := text.Check(x, maxText, false); err != nil {
					return nil, apperr.Errorf(apperr.Unprocessable, "row %d, column %d: %v", i+1, j+1, err)
				}
			default:
				return nil, apperr.Errorf(apperr.Unprocessable, "row %d, column %d: want a number, text or null", i+1, j+1)
			}
			out[i][j] = v
		}
	}
	return out, nil
}

// write lays the sheet out as the evidence pack's workbook does: a bold, frozen header row,
// here under a title row.
func (t Table) write(rows [][]any) ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	const sheet = "Table"
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return nil, err
	}
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return nil, err
	}
	first := 1
	if t.Title != "" {
		if err := f.SetCellStr(sheet, "A1", t.Title); err != nil {
			return nil, err
		}
		first = 2
	}
	head := make([]any, len(t.Columns))
	for i, c := range t.Columns {
		head[i] = c
	}
	if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", first), &head); err != nil {
		return nil, err
	}
	last, _ := excelize.CoordinatesToCellName(len(t.Columns), first)
	if err := f.SetCellStyle(sheet, fmt.Sprintf("A%d", first), last, bold); err != nil {
		return nil, err
	}
	for i, r := range rows {
		if err := f.SetSheetRow(sheet, fmt.Sprintf("A%d", first+1+i), &r); err != nil {
			return nil, err
		}
	}
	top, _ := excelize.CoordinatesToCellName(1, first+1)
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: first, TopLeftCell: top, ActivePane: "bottomLeft"}); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
