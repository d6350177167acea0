package export

import (
	"archive/zip"
	"bytes"
	"encoding/json"
	"maps"
	"slices"
	"time"
)

// FormatName names the layout of the pack that manifest.json describes.
const FormatName = "placesafe-evidence-pack/1"

// Manifest is manifest.json: what the pack holds, from which data, made how and for whom.
type Manifest struct {
	Format      string    `json:"format"`
	Version     string    `json:"version"`
	GeneratedAt time.Time `json:"generated_at"`
	// GenerationTimeFields are the only parts of the pack that differ between two builds of
	// the same data with the same parameters.
	GenerationTimeFields []string      `json:"generation_time_fields"`
	Inspection           InspectionRef `json:"inspection"`
	Role                 string        `json:"role"`
	Suppression          Suppression   `json:"suppression"`
	Parameters           Parameters    `json:"parameters"`
	Periods              Periods       `json:"periods"`
	DataSources          []DataSource  `json:"data_sources"`
	StudyArea            *StudyAreaRef `json:"study_area"`
	DataAsOf             time.Time     `json:"data_as_of"`
	Tables               []TableInfo   `json:"tables"`
	Files                []FileInfo    `json:"files"`
	Notes                []string      `json:"notes"`
	// Rows are the rows of each table, for the audit log.
	Rows map[string]int `json:"-"`
}

// InspectionRef names the inspection a pack is for.
type InspectionRef struct {
	ID         int64  `json:"id"`
	Framework  string `json:"framework"`
	LocalArea  string `json:"local_area"`
	NotifiedOn string `json:"notified_on"`
	Status     string `json:"status"`
}

// Suppression says whether small counts were withheld, and how they are written.
type Suppression struct {
	Threshold int    `json:"threshold"`
	Applied   bool   `json:"applied"`
	Mark      string `json:"mark"`
	Rule      string `json:"rule"`
}

// Parameters are the analyses' parameters.
type Parameters struct {
	Res         int    `json:"res"`
	K           int    `json:"k"`
	Kernel      string `json:"kernel"`
	FDR         bool   `json:"fdr"`
	Measure     string `json:"measure"`
	EmergingBin string `json:"emerging_bin"`
	// AsOf is the London date of generation, on which lateness (Annex A items, milestones) is
	// judged: a generation-time field.
	AsOf string `json:"as_of"`
}

// Periods are the data's own span and the periods of each analysis.
type Periods struct {
	Incidents     Period             `json:"incidents"`
	Activity      Period             `json:"activity"`
	Hotspots      Period             `json:"hotspots"`
	Emerging      Period             `json:"emerging_hotspots"`
	PlaceProfiles Period             `json:"place_profiles"`
	Evaluations   []EvaluationPeriod `json:"evaluations"`
}

// EvaluationPeriod is the before and after periods of one intervention's evaluation.
type EvaluationPeriod struct {
	InterventionID int64  `json:"intervention_id"`
	Pre            Period `json:"pre"`
	Post           Period `json:"post"`
}

// StudyAreaRef names the study area the analyses cover.
type StudyAreaRef struct {
	Name      string    `json:"name"`
	UpdatedAt time.Time `json:"updated_at"`
}

// TableInfo describes one table: its CSV file, its sheet, its rows and its count columns.
type TableInfo struct {
	Name         string   `json:"name"`
	Title        string   `json:"title"`
	CSV          string   `json:"csv"`
	Sheet        string   `json:"sheet"`
	Rows         int      `json:"rows"`
	Columns      []string `json:"columns"`
	CountColumns []string `json:"count_columns"`
}

// FileInfo is one file of the pack with its SHA-256 (hex) and size in bytes.
type FileInfo struct {
	Path   string `json:"path"`
	SHA256 string `json:"sha256"`
	Size   int    `json:"size"`
}

// manifest makes manifest.json from the files made so far.
func (b *build) manifest() (*Manifest, error) {
	in := b.snap.Inspection
	m := &Manifest{Format: FormatName, Version: Version, GeneratedAt: b.generatedAt,
		GenerationTimeFields: []string{"manifest.json: generated_at", "manifest.json: parameters.as_of",
			"report.html: the footer (element id \"generated\"): the generation time and the date lateness is judged on",
			"manifest.json: the sha256 of report.html, which follows from its footer"},
		Inspection: InspectionRef{ID: in.ID, Framework: in.Framework, LocalArea: in.LocalArea, NotifiedOn: in.NotifiedOn.String(), Status: in.Status},
		Role:       b.role,
		Suppression: Suppression{Threshold: b.viewer.Threshold(), Applied: b.viewer.Protected(), Mark: b.suppressedMark(),
			Rule: b.svc.Policy.Rule()},
		Parameters: Parameters{Res: CellRes, K: NeighbourRings, Kernel: Kernel, FDR: FDR, Measure: "count", EmergingBin: EmergingBin, AsOf: b.asOf},
		Periods: Periods{Incidents: b.spans["incidents"], Activity: b.spans["activity"], Hotspots: b.hotPeriod, Emerging: b.emPeriod,
			PlaceProfiles: b.hotPeriod, Evaluations: []EvaluationPeriod{}},
		DataSources: b.sources, DataAsOf: b.dataAsOf().UTC(), Notes: b.notes, Rows: map[string]int{}}
	if !b.viewer.Protected() {
		m.Suppression.Rule = "not applied: the pack was built for a role with record-level access and holds exact counts"
	}
	if m.DataSources == nil {
		m.DataSources = []DataSource{}
	}
	if m.Notes == nil {
		m.Notes = []string{}
	}
	if b.area != nil {
		m.StudyArea = &StudyAreaRef{Name: b.area.Name, UpdatedAt: b.area.UpdatedAt.UTC()}
	}
	for _, e := range b.evaluations {
		if e.ev != nil {
			r := e.ev.Result
			m.Periods.Evaluations = append(m.Periods.Evaluations, EvaluationPeriod{InterventionID: e.iv.ID,
				Pre: Period{r.Pre.From, r.Pre.To}, Post: Period{r.Post.From, r.Post.To}})
		}
	}
	for _, t := range b.tables {
		m.Tables = append(m.Tables, TableInfo{Name: t.name, Title: t.title, CSV: "csv/" + t.name + ".csv", Sheet: t.name,
			Rows: len(t.rows), Columns: t.columns, CountColumns: t.countColumns()})
		m.Rows[t.name] = len(t.rows)
	}
	for _, path := range b.paths() {
		if path == FileManifest {
			continue
		}
		m.Files = append(m.Files, FileInfo{Path: path, SHA256: sha(b.files[path]), Size: len(b.files[path])})
	}
	raw, err := json.MarshalIndent(m, "", "  ")
	if err != nil {
		return nil, err
	}
	b.files[FileManifest] = append(raw, '\n')
	return m, nil
}

// paths lists the pack's files in name order.
func (b *build) paths() []string {
	return slices.Sorted(maps.Keys(b.files))
}

// zip writes every file, in name order, each with the same constant time.
func (b *build) zip() ([]byte, error) {
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	for _, path := range b.paths() {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: path, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return nil, err
		}
		if _, err := w.Write(b.files[path]); err != nil {
			return nil, err
		}
	}
	if err := zw.Close(); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
