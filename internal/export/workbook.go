package export

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/xuri/excelize/v2"
)

// writeWorkbook writes workbook.xlsx: one sheet per table, a bold frozen header row. Its
// created and modified properties are the time of the latest change to the data, so that the
// same data give the same file.
func (b *build) writeWorkbook(context.Context) error {
	f := excelize.NewFile()
	defer f.Close() // the workbook is written to memory; closing only removes excelize's temporary files
	header, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return err
	}
	for i, t := range b.tables {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", t.name); err != nil {
				return err
			}
		} else if _, err := f.NewSheet(t.name); err != nil {
			return err
		}
		if err := writeSheet(f, t, header); err != nil {
			return fmt.Errorf("sheet %s: %w", t.name, err)
		}
	}
	f.SetActiveSheet(0)
	stamp := b.dataAsOf().UTC().Format("2006-01-02T15:04:05Z")
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    "placesafe evidence pack, inspection " + fmt.Sprint(b.inspectionID),
		Subject:  "Evidence pack for a Joint Targeted Area Inspection",
		Creator:  "placesafe " + Version,
		Created:  stamp,
		Modified: stamp, LastModifiedBy: "placesafe " + Version,
		Description: fmt.Sprintf("Built for the %s role; suppression threshold %d, applied: %t",
			b.role, b.viewer.Threshold(), b.viewer.Protected()),
	}); err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	b.files[FileWorkbook] = buf.Bytes()
	return nil
}

func writeSheet(f *excelize.File, t *table, header int) error {
	head := make([]any, len(t.columns))
	for i, c := range t.columns {
		head[i] = c
	}
	if err := f.SetSheetRow(t.name, "A1", &head); err != nil {
		return err
	}
	last, err := excelize.CoordinatesToCellName(len(t.columns), 1)
	if err != nil {
		return err
	}
	if err := f.SetCellStyle(t.name, "A1", last, header); err != nil {
		return err
	}
	for r, row := range t.rows {
		cells := make([]any, len(row))
		for i, v := range row {
			switch v := v.(type) {
			case bool, nil:
				cells[i] = text(v)
			default:
				cells[i] = v
			}
		}
		cell, err := excelize.CoordinatesToCellName(1, r+2)
		if err != nil {
			return err
		}
		if err := f.SetSheetRow(t.name, cell, &cells); err != nil {
			return err
		}
	}
	for i := range t.columns {
		col, err := excelize.ColumnNumberToName(i + 1)
		if err != nil {
			return err
		}
		if err := f.SetColWidth(t.name, col, col, 18); err != nil {
			return err
		}
	}
	return f.SetPanes(t.name, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"})
}

// dataAsOf is the time of the latest change to the data the pack holds: imports, study area,
// places, interventions, consultations, saved analyses and the inspection's records.
func (b *build) dataAsOf() time.Time {
	var t time.Time
	later := func(x time.Time) {
		if x.After(t) {
			t = x
		}
	}
	for _, s := range b.sources {
		if s.FinishedAt != nil {
			later(*s.FinishedAt)
		}
	}
	if b.area != nil {
		later(b.area.UpdatedAt)
	}
	for _, r := range b.places {
		later(r.place.UpdatedAt)
	}
	for _, it := range b.interventions {
		later(it.UpdatedAt)
	}
	for _, c := range b.consultations {
		later(c.UpdatedAt)
	}
	for _, a := range b.analyses {
		later(a.CreatedAt)
	}
	in := b.snap.Inspection
	later(in.UpdatedAt)
	for _, it := range b.snap.AnnexA.Items {
		later(it.UpdatedAt)
	}
	for _, e := range b.snap.Evidence {
		later(e.UpdatedAt)
	}
	for _, a := range b.snap.Assessments {
		if a.Current != nil {
			later(a.Current.CreatedAt)
		}
	}
	for _, f := range b.snap.Findings {
		later(f.UpdatedAt)
	}
	for _, a := range b.snap.ActionPlan {
		later(a.UpdatedAt)
	}
	if t.IsZero() {
		return zipTime
	}
	return t.Truncate(time.Second)
}
