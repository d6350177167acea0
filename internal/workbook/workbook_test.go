package workbook_test

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/labstack/echo/v4"
	"github.com/xuri/excelize/v2"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/workbook"
)

func post(t *testing.T, body string) *httptest.ResponseRecorder {
	t.Helper()
	e := echo.New()
	e.HTTPErrorHandler = api.ErrorHandler(slog.New(slog.DiscardHandler))
	e.POST("/t", workbook.Handler)
	req := httptest.NewRequest(http.MethodPost, "/t", strings.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	rec := httptest.NewRecorder()
	e.ServeHTTP(rec, req)
	return rec
}

func TestTableKeepsNumbersAndProtectedCountsApart(t *testing.T) {
	rec := post(t, `{"title":"Hot spots, 2024-01-01 to 2024-12-31","columns":["Cell","Incidents","Gi* z"],
		"rows":[["89195da49b3ffff",12,2.5],["89195da49a7ffff","<5",null]]}`)
	if rec.Code != http.StatusOK || rec.Header().Get("Content-Type") != workbook.MediaType {
		t.Fatalf("POST: %d %s %s", rec.Code, rec.Header().Get("Content-Type"), rec.Body)
	}
	f, err := excelize.OpenReader(bytes.NewReader(rec.Body.Bytes()))
	if err != nil {
		t.Fatal(err)
	}
	rows, err := f.GetRows("Table")
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 4 || rows[0][0] != "Hot spots, 2024-01-01 to 2024-12-31" || strings.Join(rows[1], "|") != "Cell|Incidents|Gi* z" {
		t.Fatalf("rows %q", rows)
	}
	for _, c := range []struct {
		cell string
		want excelize.CellType
		text string
	}{{"B3", excelize.CellTypeUnset, "12"}, {"C3", excelize.CellTypeUnset, "2.5"}, {"B4", excelize.CellTypeSharedString, "<5"}} {
		typ, _ := f.GetCellType("Table", c.cell)
		v, _ := f.GetCellValue("Table", c.cell)
		if typ != c.want || v != c.text {
			t.Errorf("%s: type %v value %q, want type %v value %q", c.cell, typ, v, c.want, c.text)
		}
	}
}

func TestTableRefusesWhatIsNotATable(t *testing.T) {
	for _, tc := range []struct{ name, body string }{
		{"no columns", `{"columns":[],"rows":[]}`},
		{"a row too short", `{"columns":["a","b"],"rows":[[1]]}`},
		{"a cell that is an object", `{"columns":["a"],"rows":[[{"x":1}]]}`},
		{"a cell of two lines", `{"columns":["a"],"rows":[["x\ny"]]}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if rec := post(t, tc.body); rec.Code != http.StatusUnprocessableEntity {
				t.Errorf("POST %s: %d, want 422", tc.body, rec.Code)
			}
		})
	}
}
