package geo

import (
	"math"
	"strconv"
	"testing"
)

// cityPoints are places inside the City of London (lat, lng).
var cityPoints = [][2]float64{
	{51.5138, -0.0984}, // St Paul's Cathedral
	{51.5142, -0.0885}, // Bank of England
	{51.5178, -0.0823}, // Liverpool Street station
	{51.5155, -0.0922}, // Guildhall
	{51.5202, -0.0938}, // Barbican Centre
	{51.5133, -0.0890}, // Mansion House
	{51.5101, -0.0860}, // Monument
	{51.5136, -0.1080}, // Fleet Street, Temple Bar
	{51.5128, -0.0831}, // Leadenhall Market
	{51.5145, -0.0803}, // 30 St Mary Axe
}

// manchesterPoints are places in Manchester (lat, lng): valid WGS84, another area.
var manchesterPoints = [][2]float64{
	{53.4808, -2.2426}, // Town Hall
	{53.4774, -2.2309}, // Piccadilly station
	{53.4631, -2.2913}, // Old Trafford
}

func TestDiagnosePoint(t *testing.T) {
	city := mustCityOfLondon(t)
	diagnose := func(lat, lng float64) Diagnosis { return DiagnosePoint(city, lat, lng) }
	checkPoints(t, "DiagnosePoint", diagnose, []pointCase[Diagnosis]{
		{"St Paul's", 51.5138, -0.0984, LooksFine},
		{"St Paul's swapped", -0.0984, 51.5138, LooksSwapped},
		// St Paul's is about E532100 N181100 on the British National Grid.
		{"BNG easting as longitude, northing as latitude", 181000, 532000, LooksBNG},
		{"BNG easting as latitude, northing as longitude", 532000, 181000, LooksBNG},
		{"BNG far north (Shetland, N1,160,000)", 1160000, 445000, LooksBNG},
		{"Manchester", 53.4808, -2.2426, LooksElsewhere},
		{"null island", 0, 0, LooksElsewhere},
		{"latitude 95", 95, -0.1, LooksInvalid},
		{"negative metres are not BNG", -181000, -532000, LooksInvalid},
		{"easting beyond 700000 whichever value is the easting", 750000, 1400000, LooksInvalid},
		{"northing beyond 1300000", 1400000, 532000, LooksInvalid},
		{"small metre values are not BNG", 500, 532000, LooksInvalid},
		{"NaN", math.NaN(), math.NaN(), LooksInvalid},
	})
}

func TestCoordinateCheckVerdict(t *testing.T) {
	city := mustCityOfLondon(t)
	swap := func(ps [][2]float64) [][2]float64 {
		out := make([][2]float64, len(ps))
		for i, p := range ps {
			out[i] = [2]float64{p[1], p[0]}
		}
		return out
	}
	bng := [][2]float64{{181000, 532000}, {181100, 532100}, {181500, 533200}, {180900, 531800}}
	concat := func(parts ...[][2]float64) [][2]float64 {
		var out [][2]float64
		for _, p := range parts {
			out = append(out, p...)
		}
		return out
	}
	repeat := func(ps [][2]float64, times int) [][2]float64 {
		var out [][2]float64
		for range times {
			out = append(out, ps...)
		}
		return out
	}
	tests := []struct {
		name   string
		points [][2]float64
		want   Diagnosis
		counts CoordinateCounts
	}{
		{"no points", nil, LooksFine, CoordinateCounts{}},
		{"all inside", cityPoints, LooksFine, CoordinateCounts{Total: 10, Inside: 10}},
		{"swapped City of London file", swap(cityPoints), LooksSwapped, CoordinateCounts{Total: 10, Swapped: 10}},
		{"BNG file", bng, LooksBNG, CoordinateCounts{Total: 4, BNG: 4}},
		{"Manchester file", manchesterPoints, LooksElsewhere, CoordinateCounts{Total: 3, Elsewhere: 3}},
		{"out-of-range file", [][2]float64{{95, 200}, {-5000, 3}}, LooksInvalid, CoordinateCounts{Total: 2, Invalid: 2}},
		{"mostly good with a few outliers", concat(cityPoints, manchesterPoints[:1], bng[:1], [][2]float64{{0, 0}}),
			LooksFine, CoordinateCounts{Total: 13, Inside: 10, BNG: 1, Elsewhere: 2}},
		{"exactly half unusable stays fine", concat(cityPoints[:3], manchesterPoints), LooksFine,
			CoordinateCounts{Total: 6, Inside: 3, Elsewhere: 3}},
		{"a force-wide file: most points elsewhere, some inside", concat(cityPoints[:1], swap(cityPoints[:2]), manchesterPoints), LooksFine,
			CoordinateCounts{Total: 6, Inside: 1, Swapped: 2, Elsewhere: 3}},
		{"exactly 1 in 100 inside is accepted", concat(cityPoints[:1], repeat(manchesterPoints, 33)), LooksFine,
			CoordinateCounts{Total: 100, Inside: 1, Elsewhere: 99}},
		{"fewer than 1 in 100 inside is another area", concat(cityPoints[:1], repeat(manchesterPoints, 34)), LooksElsewhere,
			CoordinateCounts{Total: 103, Inside: 1, Elsewhere: 102}},
		{"British National Grid majority refuses despite points inside", concat(cityPoints[:3], bng), LooksBNG,
			CoordinateCounts{Total: 7, Inside: 3, BNG: 4}},
		{"another area's file with columns swapped", concat(swap(cityPoints[:2]), manchesterPoints), LooksSwapped,
			CoordinateCounts{Total: 5, Swapped: 2, Elsewhere: 3}},
		{"ties go to swapped before elsewhere", concat(swap(cityPoints[:2]), manchesterPoints[:2]), LooksSwapped,
			CoordinateCounts{Total: 4, Swapped: 2, Elsewhere: 2}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := NewCoordinateCheck(city)
			for _, p := range tt.points {
				check.Add(p[0], p[1])
			}
			got, counts := check.Verdict()
			if got != tt.want {
				t.Errorf("Verdict() = %v, want %v", got, tt.want)
			}
			if counts != tt.counts {
				t.Errorf("counts = %+v, want %+v", counts, tt.counts)
			}
		})
	}
}

func TestCoordinateCheckAddReportsInside(t *testing.T) {
	check := NewCoordinateCheck(mustCityOfLondon(t))
	if !check.Add(51.5138, -0.0984) {
		t.Error("St Paul's not reported inside")
	}
	if check.Add(-0.0984, 51.5138) {
		t.Error("swapped St Paul's reported inside")
	}
}

func TestCoordinateCheckDoesNotAllocate(t *testing.T) {
	check := NewCoordinateCheck(mustCityOfLondon(t))
	allocs := testing.AllocsPerRun(1000, func() {
		check.Add(51.5138, -0.0984)
		check.Add(-0.0984, 51.5138)
		check.Add(181000, 532000)
		check.Add(53.4808, -2.2426)
		check.Add(95, 200)
	})
	if allocs != 0 {
		t.Errorf("Add allocates %v times per call; memory must not grow with the file", allocs)
	}
}

func TestDiagnosisString(t *testing.T) {
	tests := []struct {
		d    Diagnosis
		want string
	}{
		{LooksFine, "coordinates look fine"},
		{LooksSwapped, "latitude and longitude look swapped"},
		{LooksBNG, "coordinates look like British National Grid eastings and northings, not latitude and longitude"},
		{LooksElsewhere, "coordinates are valid latitude and longitude but lie outside the study area"},
		{LooksInvalid, "coordinates are outside the range of latitude and longitude"},
		{Diagnosis(99), "Diagnosis(99)"},
	}
	for _, tt := range tests {
		if got := tt.d.String(); got != tt.want {
			t.Errorf("Diagnosis(%d).String() = %q, want %q", int(tt.d), got, tt.want)
		}
	}
}

func TestValidLatLng(t *testing.T) {
	checkPoints(t, "ValidLatLng", ValidLatLng, []pointCase[bool]{
		{"St Paul's", 51.5138, -0.0984, true},
		{"corners of the range", -90, 180, true},
		{"other corners", 90, -180, true},
		{"latitude just over 90", 90.000001, 0, false},
		{"longitude just under -180", 0, -180.000001, false},
		{"NaN", math.NaN(), 0, false},
		{"infinity", 0, math.Inf(-1), false},
	})
}

// policeUKPoints reads the coordinates of testdata/2024-01-city-of-london-street.csv, the
// police.uk street-level crimes of City of London Police for January 2024 (OGL v3.0),
// skipping rows with no location.
func policeUKPoints(tb testing.TB) [][2]float64 {
	tb.Helper()
	rows := ReadTestCSV(tb, "2024-01-city-of-london-street.csv")
	var points [][2]float64
	for _, row := range rows[1:] { // columns 4 and 5 are Longitude, Latitude
		if row[4] == "" || row[5] == "" {
			continue
		}
		lng, err1 := strconv.ParseFloat(row[4], 64)
		lat, err2 := strconv.ParseFloat(row[5], 64)
		if err1 != nil || err2 != nil {
			tb.Fatalf("row %v: %v %v", row, err1, err2)
		}
		points = append(points, [2]float64{lat, lng})
	}
	return points
}

func TestCoordinateCheckPoliceUK(t *testing.T) {
	city := mustCityOfLondon(t)
	points := policeUKPoints(t)
	tests := []struct {
		name string
		flip bool
		want Diagnosis
	}{
		{"as published", false, LooksFine},
		{"columns swapped", true, LooksSwapped},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			check := NewCoordinateCheck(city)
			for _, p := range points {
				if tt.flip {
					check.Add(p[1], p[0])
				} else {
					check.Add(p[0], p[1])
				}
			}
			got, counts := check.Verdict()
			t.Logf("counts: %+v", counts)
			if got != tt.want {
				t.Errorf("Verdict() = %v, want %v (counts %+v)", got, tt.want, counts)
			}
		})
	}
}
