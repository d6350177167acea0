package export

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/placesafe/placesafe/internal/analysis"
	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/apperr"
	"github.com/placesafe/placesafe/internal/consultation"
	"github.com/placesafe/placesafe/internal/evaluation"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/ingest"
	"github.com/placesafe/placesafe/internal/intervention"
	"github.com/placesafe/placesafe/internal/place"
	"github.com/placesafe/placesafe/internal/record"
)

// The gathering steps read everything through the role-aware services; none counts records
// itself.

func (b *build) readInspection(ctx context.Context) error {
	snap, err := b.svc.Inspections.Snapshot(ctx, b.inspectionID, false) // never the case sample
	if err != nil {
		return err
	}
	b.snap = snap
	b.asOf = b.svc.Inspections.Today().String()
	return nil
}

// DataSource is one landed import the pack's data come from.
type DataSource struct {
	ImportID   int64      `json:"import_id"`
	Kind       string     `json:"kind"`
	Format     string     `json:"format"`
	Filename   string     `json:"filename"`
	FinishedAt *time.Time `json:"finished_at"`
}

func (b *build) readSources(ctx context.Context) error {
	var err error
	if b.area, err = viewedArea(ctx, b.svc.Area, b.scope); err != nil {
		return err
	}
	done := ingest.StatusDone
	imports, err := api.ReadAll(func(p api.Page) ([]*ingest.Report, int, error) {
		return b.svc.Imports.List(ctx, ingest.Filter{Status: &done, Limit: p.Limit, Offset: p.Offset})
	})
	if err != nil {
		return err
	}
	for _, r := range imports {
		b.sources = append(b.sources, DataSource{ImportID: r.ImportID, Kind: r.Kind, Format: r.Format, Filename: r.Filename, FinishedAt: r.FinishedAt})
	}
	slices.SortFunc(b.sources, func(x, y DataSource) int { return int(x.ImportID - y.ImportID) })
	if b.spans[hotspot.KindIncidents], err = dataSpan(ctx, b.svc.Pool, b.scope, hotspot.KindIncidents); err != nil {
		return err
	}
	if b.spans[hotspot.KindActivity], err = dataSpan(ctx, b.svc.Pool, b.scope, hotspot.KindActivity); err != nil {
		return err
	}
	if b.hotPeriod, err = wholeMonths(b.spans[hotspot.KindIncidents], HotspotMonth); err != nil {
		return err
	}
	b.emPeriod, err = wholeMonths(b.spans[hotspot.KindIncidents], 0)
	return err
}

// layerQuery is the query of a map layer as GET /api/v1/hotspots takes it.
func layerQuery(p Period) url.Values {
	return url.Values{"kind": {hotspot.KindIncidents}, "res": {strconv.Itoa(CellRes)}, "k": {strconv.Itoa(NeighbourRings)},
		"kernel": {Kernel}, "fdr": {strconv.FormatBool(FDR)}, "from": {p.From}, "to": {p.To}}
}

// emptyLayer is a layer with no cells and no parameters.
func emptyLayer() *hotspot.Layer { return &hotspot.Layer{Meta: map[string]any{}} }

// readLayer makes a layer for the pack's role, its cells in id order: the saved layer is what
// the map shows, in an order that does not depend on how the database happened to return the
// cells. A study area that is missing or too large for the resolution leaves the layer empty
// with a note, as the map would show nothing.
func (b *build) readLayer(ctx context.Context, name string, q url.Values) (*hotspot.Layer, error) {
	l, err := b.svc.Layers.Layer(ctx, name, q, b.role)
	switch apperr.Code(err) {
	case apperr.PreconditionFailed, apperr.Invalid, apperr.Unprocessable:
		b.notes = append(b.notes, fmt.Sprintf("The %s layer could not be made: %s.", name, message(err)))
		return emptyLayer(), nil
	}
	if err != nil {
		return nil, err
	}
	slices.SortStableFunc(l.Cells, func(x, y hotspot.LayerCell) int { return strings.Compare(x.Cell.String(), y.Cell.String()) })
	return l, nil
}

func (b *build) readHotspots(ctx context.Context) (err error) {
	if b.hotPeriod.empty() {
		b.hotspots = emptyLayer()
		b.notes = append(b.notes, "No incidents are recorded, so there is no hot spot analysis.")
		return nil
	}
	b.hotspots, err = b.readLayer(ctx, hotspot.LayerHotspots, layerQuery(b.hotPeriod))
	return err
}

func (b *build) readEmerging(ctx context.Context) (err error) {
	if b.emPeriod.empty() {
		b.emerging = emptyLayer()
		return nil
	}
	q := layerQuery(b.emPeriod)
	q.Set("bin", EmergingBin)
	b.emerging, err = b.readLayer(ctx, hotspot.LayerEmerging, q)
	return err
}

// placeRow is a place of the register with its profile over the hot spot period.
type placeRow struct {
	place   *place.Place
	profile *place.Profile
}

func (b *build) readPlaces(ctx context.Context) error {
	var from, to time.Time
	if !b.hotPeriod.empty() {
		var errFrom, errTo error
		from, errFrom = time.ParseInLocation(time.DateOnly, b.hotPeriod.From, record.London())
		to, errTo = time.ParseInLocation(time.DateOnly, b.hotPeriod.To, record.London())
		if err := errors.Join(errFrom, errTo); err != nil {
			return fmt.Errorf("hot spot period: %w", err)
		}
	}
	places, err := api.ReadAll(func(p api.Page) ([]*place.Place, int, error) {
		return b.svc.Places.List(ctx, place.Filter{Sort: "name", Limit: p.Limit, Offset: p.Offset})
	})
	if err != nil {
		return err
	}
	for _, p := range places {
		row := placeRow{place: p}
		if !b.hotPeriod.empty() {
			if row.profile, err = b.svc.Places.Profile(ctx, p.ID, place.ProfileOptions{From: from, To: to, Res: CellRes, K: NeighbourRings, Viewer: b.viewer}); err != nil {
				return fmt.Errorf("profile of place %d: %w", p.ID, err)
			}
		}
		b.places = append(b.places, row)
	}
	slices.SortFunc(b.places, func(x, y placeRow) int { return int(x.place.ID - y.place.ID) })
	return nil
}

func (b *build) readInterventions(ctx context.Context) error {
	var err error
	b.interventions, err = api.ReadAll(func(p api.Page) ([]*intervention.Intervention, int, error) {
		return b.svc.Interventions.List(ctx, intervention.Filter{Sort: "title", Limit: p.Limit, Offset: p.Offset})
	})
	if err != nil {
		return err
	}
	slices.SortFunc(b.interventions, func(x, y *intervention.Intervention) int { return int(x.ID - y.ID) })
	for _, it := range b.interventions {
		d, err := b.svc.Interventions.Dosage(ctx, it, b.viewer)
		if err != nil {
			return err
		}
		b.dosage[it.ID] = d
	}
	fc, err := b.svc.Interventions.FeatureCollection(ctx, b.interventions)
	if err != nil {
		return err
	}
	b.ivFeatures = fc.Features
	return nil
}

func (b *build) readConsultations(ctx context.Context) error {
	var err error
	b.consultations, err = api.ReadAll(func(p api.Page) ([]*consultation.Consultation, int, error) {
		return b.svc.Consultations.List(ctx, consultation.Filter{Limit: p.Limit, Offset: p.Offset})
	})
	if err != nil {
		return err
	}
	slices.SortFunc(b.consultations, func(x, y *consultation.Consultation) int {
		if x.HeldOn != y.HeldOn {
			if x.HeldOn < y.HeldOn {
				return -1
			}
			return 1
		}
		return int(x.ID - y.ID)
	})
	return nil
}

// evalRow is an intervention's evaluation, or why it has none.
type evalRow struct {
	iv     *intervention.Intervention
	ev     *evaluation.InterventionEvaluation
	reason string
}

func (b *build) readEvaluations(ctx context.Context) error {
	for _, it := range b.interventions {
		ev, err := b.svc.Evaluation.EvaluateIntervention(ctx, it.ID, b.viewer)
		switch apperr.Code(err) {
		case apperr.Unprocessable, apperr.Invalid, apperr.PreconditionFailed:
			b.evaluations = append(b.evaluations, evalRow{iv: it, reason: message(err)})
			continue
		}
		if err != nil {
			return fmt.Errorf("evaluate intervention %d: %w", it.ID, err)
		}
		b.evaluations = append(b.evaluations, evalRow{iv: it, ev: ev})
	}
	return nil
}

func (b *build) readAnalyses(ctx context.Context) error {
	var err error
	b.analyses, err = api.ReadAll(func(p api.Page) ([]*analysis.Analysis, int, error) {
		return b.svc.Analyses.List(ctx, analysis.Filter{Limit: p.Limit, Offset: p.Offset}, b.role)
	})
	if err != nil {
		return err
	}
	if !b.scope.All {
		// Of the saved analyses of the pack's areas, a pack of some local areas holds only those
		// its interventions rest on.
		b.analyses = slices.DeleteFunc(b.analyses, func(a *analysis.Analysis) bool {
			return !slices.ContainsFunc(b.interventions, func(it *intervention.Intervention) bool { return slices.Contains(it.Analyses, a.ID) })
		})
	}
	slices.SortFunc(b.analyses, func(x, y *analysis.Analysis) int { return int(x.ID - y.ID) })
	return nil
}

// message is the client-safe message of an *apperr.Error.
func message(err error) string {
	var e *apperr.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return "internal error"
}
