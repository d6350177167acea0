// Package export builds the evidence pack of an inspection: one ZIP with a
// workbook, CSV tables, GeoJSON layers, map images, evaluation charts, an HTML report organised
// by the five places-and-spaces questions and a manifest of every file with its SHA-256.
//
// # Suppression
//
// A pack is built for a role, the requester's. Every data file is made through the same
// role-aware functions the API answers with (hotspot.Layers.Layer, place.Service.Profile,
// intervention.Store.Dosage, evaluation.Service.EvaluateIntervention), so a role below
// record-level access gets the suppressed counts it would see on the map, in every file.
// The pack applies the same threshold to the headcounts the API shows as recorded
// (children and adults consulted, survey respondents), so that no count between 1 and the
// threshold appears anywhere in a suppressed pack. Counts are easy to find: in the tables
// they are the columns named "count" or ending in "_count" (the manifest lists them), in
// GeoJSON the properties "count" and "value", in report.html the elements of class "count".
// A suppressed count is written "<N" (N the threshold). The numbers of interventions,
// consultations, places, cells and checklist items are not counts of people or records and
// are not suppressed.
//
// # Local areas
//
// A pack is the evidence of the inspected local authority: it is built for the inspection's
// local area alone, whoever asks, by running every service with that area as the viewer, so
// that its lists, maps, periods and counts are those a user of the area gets from the API.
// An inspection of no local area (a deployment without them) gets the whole deployment's.
//
// # Determinism
//
// The same data and parameters give the same files, byte for byte, apart from the
// generation time: manifest.json's "generated_at" and "parameters.as_of" (the London date on
// which lateness is judged), and report.html's footer (element id "generated") with, in
// consequence, report.html's SHA-256 in the manifest. The manifest lists them in
// "generation_time_fields". ZIP entries carry a constant time and are written in name order;
// the workbook's created and modified properties are the time of the latest change to the data
// ("data_as_of").
package export

import "time"

// Version is the placesafe version written into every manifest; the build may set it with
// -ldflags "-X github.com/placesafe/placesafe/internal/export.Version=v1.2.3".
var Version = "dev"

// Parameters of the analyses a pack holds.
const (
	CellRes        = 9         // H3 resolution of the hot spot cells
	NeighbourRings = 1         // Gi* neighbourhood: the rings of cells around each cell
	Kernel         = "uniform" // Gi* weights
	FDR            = true      // false-discovery-rate corrected confidence bins
	HotspotMonth   = 12        // the hot spot table covers the last 12 whole months of data
	EmergingBin    = "month"   // emerging hot spots: monthly slices over every whole month of data
)

// zipTime is the modification time of every ZIP entry: the DOS epoch, so that two builds of
// the same data give the same archive.
var zipTime = time.Date(1980, 1, 1, 0, 0, 0, 0, time.UTC)

// File names inside the pack.
const (
	FileManifest = "manifest.json"
	FileReport   = "report.html"
	FileWorkbook = "workbook.xlsx"
)
