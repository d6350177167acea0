package export

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"time"

	"github.com/paulmach/orb/geojson"

	"github.com/placesafe/placesafe/internal/analysis"
	"github.com/placesafe/placesafe/internal/area"
	"github.com/placesafe/placesafe/internal/auth"
	"github.com/placesafe/placesafe/internal/consultation"
	"github.com/placesafe/placesafe/internal/disclosure"
	"github.com/placesafe/placesafe/internal/hotspot"
	"github.com/placesafe/placesafe/internal/inspection"
	"github.com/placesafe/placesafe/internal/intervention"
)

// Builder builds evidence packs.
type Builder struct {
	Services
	// Now is the clock of the generation time (time.Now when nil).
	Now func() time.Time
}

// ProgressFunc is told of each step as it starts: done steps of total, and the step's name.
type ProgressFunc func(done, total int, step string)

// Pack is a built evidence pack.
type Pack struct {
	Zip      []byte
	SHA256   string // of Zip, hex
	Manifest *Manifest

	scope area.Viewer // the local areas the pack covers
}

// build is one pack being made: what was read, then the files made from it.
type build struct {
	svc          Services
	inspectionID int64
	role         string
	viewer       disclosure.Viewer
	scope        area.Viewer // the local areas the pack covers
	generatedAt  time.Time
	asOf         string // London date lateness is judged on

	snap          *inspection.Snapshot
	area          *area.StudyArea
	sources       []DataSource
	spans         map[string]Period
	hotPeriod     Period
	emPeriod      Period
	hotspots      *hotspot.Layer // cells in id order
	emerging      *hotspot.Layer // cells in id order
	places        []placeRow
	interventions []*intervention.Intervention
	dosage        map[int64]*intervention.Dosage
	ivFeatures    []*geojson.Feature
	consultations []*consultation.Consultation
	evaluations   []evalRow
	analyses      []*analysis.Analysis
	notes         []string // what could not be made, for the report

	tables []*table
	files  map[string][]byte
}

// steps are the stages of a build, in order; their names are what progress reports.
var steps = []struct {
	name string
	run  func(*build, context.Context) error
}{
	{"inspection", (*build).readInspection},
	{"data sources", (*build).readSources},
	{"hot spots", (*build).readHotspots},
	{"emerging hot spots", (*build).readEmerging},
	{"places", (*build).readPlaces},
	{"interventions", (*build).readInterventions},
	{"consultations", (*build).readConsultations},
	{"evaluations", (*build).readEvaluations},
	{"saved analyses", (*build).readAnalyses},
	{"tables", (*build).makeTables},
	{"workbook", (*build).writeWorkbook},
	{"csv files", (*build).writeCSV},
	{"map layers", (*build).writeLayers},
	{"maps", (*build).drawMaps},
	{"charts", (*build).drawCharts},
	{"report", (*build).writeReport},
}

// Steps is the number of steps progress counts (the archive is the last).
var Steps = len(steps) + 1

// Build makes the evidence pack of an inspection for a reader of role, of the local area
// inspected alone (see BuildFor). progress may be nil. Record-level roles' views of the data
// are audit-logged by the services as they are read; the caller logs the export itself.
func (bl *Builder) Build(ctx context.Context, inspectionID int64, role string, progress ProgressFunc) (*Pack, error) {
	scope, err := packAreas(ctx, bl.Pool, inspectionID)
	if err != nil {
		return nil, fmt.Errorf("evidence pack of inspection %d: %w", inspectionID, err)
	}
	return bl.BuildFor(ctx, scope, inspectionID, role, progress)
}

// BuildFor is Build of the local areas scope sees: every list, map, period and count in the
// pack holds those areas alone, as the API answers a user of them.
func (bl *Builder) BuildFor(ctx context.Context, scope area.Viewer, inspectionID int64, role string, progress ProgressFunc) (*Pack, error) {
	ctx = area.WithViewer(ctx, scope)
	if !auth.ValidRole(role) {
		return nil, fmt.Errorf("build evidence pack: unknown role %q", role)
	}
	now := time.Now
	if bl.Now != nil {
		now = bl.Now
	}
	b := &build{svc: bl.Services, inspectionID: inspectionID, role: role, viewer: bl.Services.Policy.For(role), scope: scope,
		generatedAt: now().UTC().Truncate(time.Second), spans: map[string]Period{},
		dosage: map[int64]*intervention.Dosage{}, files: map[string][]byte{}}
	if progress == nil {
		progress = func(int, int, string) {}
	}
	for i, s := range steps {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		progress(i, Steps, s.name)
		if err := s.run(b, ctx); err != nil {
			return nil, fmt.Errorf("evidence pack of inspection %d: %s: %w", inspectionID, s.name, err)
		}
	}
	progress(len(steps), Steps, "archive")
	m, err := b.manifest()
	if err != nil {
		return nil, err
	}
	zipped, err := b.zip()
	if err != nil {
		return nil, err
	}
	sum := sha256.Sum256(zipped)
	progress(Steps, Steps, "done")
	return &Pack{Zip: zipped, SHA256: hex.EncodeToString(sum[:]), Manifest: m, scope: b.scope}, nil
}

// sha returns the hex SHA-256 of b.
func sha(b []byte) string {
	s := sha256.Sum256(b)
	return hex.EncodeToString(s[:])
}
