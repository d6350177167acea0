package incident_test

import (
	"errors"
	"io"
	"os"
	"reflect"
	"strings"
	"testing"

	"github.com/placesafe/placesafe/internal/incident"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/record/recordtest"
)

const policeUKHeader = "Crime ID,Month,Reported by,Falls within,Longitude,Latitude,Location,LSOA code,LSOA name,Crime type,Last outcome category,Context"

// openPoliceUKFile opens a reader on testdata/file with the scope s; the file is closed when
// the test ends.
func openPoliceUKFile(t *testing.T, file string, s incident.Scope) record.Reader {
	t.Helper()
	f, err := os.Open("testdata/" + file)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	r, err := incident.NewPoliceUKReader(f, s)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// policeUK opens police.uk files with the scope s.
func policeUK(s incident.Scope) recordtest.NewReader {
	return func(r io.Reader) (record.Reader, error) { return incident.NewPoliceUKReader(r, s) }
}

// The real files in testdata are City of London Police street-level crime, January and March
// 2024, from data.police.uk (Open Government Licence v3.0), as published: CRLF, no BOM.
func TestPoliceUKRealFiles(t *testing.T) {
	tests := []struct {
		file       string
		scope      incident.Scope
		rows       int
		noLocation int // rows without coordinates, whatever their skip reason
		noCrimeID  int
		duplicates int // rows identical in every column to another row
		imported   int // rows with no SkipReason
		outOfScope int
	}{
		{"2024-01-city-of-london-street.csv", incident.ScopeAll, 734, 77, 12, 8, 734 - 77, 0},
		{"2024-01-city-of-london-street.csv", incident.ScopeSYV, 734, 77, 12, 8, 125, 734 - 146},
		{"2024-01-city-of-london-street.csv", "", 734, 77, 12, 8, 125, 734 - 146},
		{"2024-03-city-of-london-street.csv", incident.ScopeAll, 757, 66, 52, 29, 757 - 66, 0},
		{"2024-03-city-of-london-street.csv", incident.ScopeSYV, 757, 66, 52, 29, 121, 757 - 141},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+string(tt.scope), func(t *testing.T) {
			rows, rowErrs, fileErr := recordtest.ReadAll(t, openPoliceUKFile(t, tt.file, tt.scope), len(incident.Columns))
			if len(rowErrs) != 0 || fileErr != nil {
				t.Fatalf("row errors %v, file error %v", rowErrs, fileErr)
			}
			if len(rows) != tt.rows {
				t.Errorf("%d rows, want %d", len(rows), tt.rows)
			}
			var noLoc, noID, imported, outOfScope int
			seen := map[string]int{}
			for i, row := range rows {
				if row.Line != i+2 {
					t.Fatalf("row %d has line %d, want %d: no row may be lost", i, row.Line, i+2)
				}
				if !row.HasLocation {
					noLoc++
				}
				if row.Values[0] == nil {
					noID++
				}
				switch {
				case row.SkipReason == "":
					imported++
				case strings.HasPrefix(row.SkipReason, "category out of scope ("):
					outOfScope++
					if want := "category out of scope (" + row.Content[9] + ")"; row.SkipReason != want {
						t.Errorf("line %d: skip reason %q, want %q", row.Line, row.SkipReason, want)
					}
				case row.SkipReason != record.SkipNoLocation || row.HasLocation:
					t.Errorf("line %d: skip reason %q with location %v", row.Line, row.SkipReason, row.HasLocation)
				}
				seen[strings.Join(row.Content, "\x00")]++
			}
			duplicates := 0
			for _, n := range seen {
				if n > 1 {
					duplicates += n
				}
			}
			got := []int{noLoc, noID, duplicates, imported, outOfScope}
			want := []int{tt.noLocation, tt.noCrimeID, tt.duplicates, tt.imported, tt.outOfScope}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("no location, no Crime ID, duplicates, imported, out of scope = %v, want %v", got, want)
			}
		})
	}
}

func TestPoliceUKValues(t *testing.T) {
	row, err := openPoliceUKFile(t, "2024-01-city-of-london-street.csv", incident.ScopeAll).Next()
	if err != nil {
		t.Fatal(err)
	}
	want := record.Row{
		Line: 2, Lat: 51.518275, Lng: -0.106220, HasLocation: true,
		Content: []string{"e7b720d0e1302d2d06db7b28b29132eb194864d44d79218a566f03d9e3c790f6", "2024-01", "City of London Police",
			"City of London Police", "-0.106220", "51.518275", "On or near B500", "E01000916", "Camden 027B", "Theft from the person",
			"Investigation complete; no suspect identified", ""},
		Values: []any{"e7b720d0e1302d2d06db7b28b29132eb194864d44d79218a566f03d9e3c790f6", recordtest.LondonTime(t, "2024-01-01T00:00:00Z"),
			"month", "theft_from_person", "Theft from the person", "unknown", nil, nil, 2.0, "E01000916", nil, "Camden 027B", "On or near B500"},
	}
	if !reflect.DeepEqual(row, want) {
		t.Errorf("first row\n got %#v\nwant %#v", row, want)
	}
}

func TestPoliceUKRows(t *testing.T) {
	tests := []struct {
		name   string
		line   string
		scope  incident.Scope
		values []any
		skip   string
	}{
		{"summer month starts at midnight BST", "abc,2024-04,Force,Force,-0.1,51.5,On or near X,E01000001,City of London 001A,Robbery,,",
			incident.ScopeSYV, []any{"abc", recordtest.LondonTime(t, "2024-03-31T23:00:00Z"), "month", "robbery", "Robbery", "unknown", nil, nil, 365.0, "E01000001", nil, "City of London 001A", "On or near X"}, ""},
		{"no Crime ID, no location, no LSOA", ",2024-01,Force,Force,,,No Location,,,Anti-social behaviour,,",
			incident.ScopeAll, []any{nil, recordtest.LondonTime(t, "2024-01-01T00:00:00Z"), "month", "anti_social_behaviour", "Anti-social behaviour", "unknown", nil, nil, 1.0, nil, nil, nil, "No Location"}, "no location"},
		{"out of scope comes before no location", ",2024-01,Force,Force,,,No Location,,,Anti-social behaviour,,",
			incident.ScopeSYV, []any{nil, recordtest.LondonTime(t, "2024-01-01T00:00:00Z"), "month", "anti_social_behaviour", "Anti-social behaviour", "unknown", nil, nil, 1.0, nil, nil, nil, "No Location"}, "category out of scope (Anti-social behaviour)"},
		{"violence and sexual offences in scope", "id,2024-01,Force,Force,-0.1,51.5,On or near X,W01000001,Cardiff,Violence and sexual offences,,",
			incident.ScopeSYV, []any{"id", recordtest.LondonTime(t, "2024-01-01T00:00:00Z"), "month", "violence_and_sexual", "Violence and sexual offences", "unknown", nil, nil, 194.21, "W01000001", nil, "Cardiff", "On or near X"}, ""},
		{"weapons in scope", "id,2024-01,Force,Force,-0.1,51.5,On or near X,,,Possession of weapons,,",
			incident.ScopeSYV, []any{"id", recordtest.LondonTime(t, "2024-01-01T00:00:00Z"), "month", "possession_of_weapons", "Possession of weapons", "unknown", nil, nil, 273.75, nil, nil, nil, "On or near X"}, ""},
		{"drugs out of the default scope", "id,2024-01,Force,Force,-0.1,51.5,On or near X,,,Drugs,,",
			"", []any{"id", recordtest.LondonTime(t, "2024-01-01T00:00:00Z"), "month", "drugs", "Drugs", "unknown", nil, nil, 3.66, nil, nil, nil, "On or near X"}, "category out of scope (Drugs)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			row := recordtest.ReadOne(t, policeUK(tt.scope), policeUKHeader+"\n"+tt.line+"\n", len(incident.Columns))
			if !reflect.DeepEqual(row.Values, tt.values) || row.SkipReason != tt.skip {
				t.Errorf("values %#v skip %q\nwant   %#v skip %q", row.Values, row.SkipReason, tt.values, tt.skip)
			}
		})
	}
}

func TestPoliceUKBadRows(t *testing.T) {
	good := "id,2024-01,Force,Force,-0.1,51.5,On or near X,E01000001,City of London 001A,Robbery,,"
	recordtest.CheckBadRows(t, policeUK(incident.ScopeAll), policeUKHeader+"\n", good, len(incident.Columns), []recordtest.BadRow{
		{"unknown crime type", "id,2024-01,Force,Force,-0.1,51.5,On or near X,E01000001,L,Knife crime,,", "Crime type"},
		{"blank crime type", "id,2024-01,Force,Force,-0.1,51.5,On or near X,E01000001,L,,,", "Crime type"},
		{"month as a date", "id,2024-01-01,Force,Force,-0.1,51.5,On or near X,E01000001,L,Robbery,,", "Month"},
		{"month in words", "id,January 2024,Force,Force,-0.1,51.5,On or near X,E01000001,L,Robbery,,", "Month"},
		{"bad LSOA code", "id,2024-01,Force,Force,-0.1,51.5,On or near X,S01000001,L,Robbery,,", "LSOA code"},
		{"longitude only", "id,2024-01,Force,Force,-0.1,,On or near X,E01000001,L,Robbery,,", "Latitude"},
		{"latitude not a number", "id,2024-01,Force,Force,-0.1,fifty,On or near X,E01000001,L,Robbery,,", "Latitude"},
		{"control character in Context", "id,2024-01,Force,Force,-0.1,51.5,On or near X,E01000001,L,Robbery,,\x1b[31m", "Context"},
		{"short row", "id,2024-01,Force", ""},
	})
}

func TestPoliceUKBOMAndCRLF(t *testing.T) {
	data, err := os.ReadFile("testdata/2024-01-city-of-london-street.csv")
	if err != nil {
		t.Fatal(err)
	}
	lf := strings.ReplaceAll(string(data), "\r\n", "\n")
	for name, in := range map[string]string{
		"BOM and CRLF": "\xef\xbb\xbf" + string(data),
		"BOM and LF":   "\xef\xbb\xbf" + lf,
		"LF":           lf,
	} {
		t.Run(name, func(t *testing.T) {
			rows, rowErrs, fileErr := recordtest.Read(t, policeUK(incident.ScopeAll), in, len(incident.Columns))
			if len(rows) != 734 || len(rowErrs) != 0 || fileErr != nil {
				t.Fatalf("%d rows, row errors %v, file error %v", len(rows), rowErrs, fileErr)
			}
			if rows[0].Values[0] != "e7b720d0e1302d2d06db7b28b29132eb194864d44d79218a566f03d9e3c790f6" || rows[0].Content[11] != "" {
				t.Errorf("first row %q", rows[0].Content)
			}
		})
	}
}

func TestPoliceUKHeader(t *testing.T) {
	tests := []struct {
		name    string
		header  string
		columns []string
	}{
		{"old Easting/Northing format", "Month,Reported by,Falls within,Easting,Northing,Location,Crime type,Context",
			[]string{"Easting", "Northing"}},
		{"missing Context", strings.TrimSuffix(policeUKHeader, ",Context"), []string{"Context"}},
		{"personal data added", policeUKHeader + ",Victim name", []string{"Victim name"}},
		{"placesafe file", strings.TrimSpace(csvHeader), []string{"source_ref", "occurred_at", "time_precision", "category",
			"victim_age_band", "suspect_age_band", "lat", "lng", "setting", "harm_weight"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := incident.NewPoliceUKReader(strings.NewReader(tt.header+"\n"), incident.ScopeSYV)
			var fe *record.FileError
			if !errors.As(err, &fe) || !reflect.DeepEqual(fe.Columns, tt.columns) {
				t.Errorf("error = %v, want a FileError naming %q", err, tt.columns)
			}
		})
	}
	if _, err := incident.NewPoliceUKReader(strings.NewReader(policeUKHeader+"\n"), "everything"); err == nil {
		t.Error("unknown scope accepted")
	}
}
