package geo_test

import (
	"fmt"
	"math"
	"strconv"
	"testing"

	"github.com/placesafe/placesafe/geo"
)

// readBograRainfall reads the Bogra column of pyMannKendall's test data (see
// testdata/README.md), dropping the missing months as pyMannKendall does.
func readBograRainfall(t *testing.T) []float64 {
	t.Helper()
	rows := geo.ReadTestCSV(t, "pymannkendall-monthly-rainfall-bogra.csv")
	var x []float64
	for _, row := range rows[1:] {
		if row[2] == "" {
			continue
		}
		v, err := strconv.ParseFloat(row[2], 64)
		if err != nil {
			t.Fatal(err)
		}
		x = append(x, v)
	}
	return x
}

func TestMannKendallPyMannKendall(t *testing.T) {
	// pyMannKendall tests/test_pymannkendall.py, test_original_test: s == -1959.0,
	// var_s == 4889800.333333333, z == -0.8854562842589916, p == 0.37591058740506833,
	// Tau == -0.03153167653875869. The series has 353 months and many ties (dry months of 0).
	r, err := geo.MannKendall(readBograRainfall(t))
	if err != nil {
		t.Fatal(err)
	}
	if r.N != 353 || r.S != -1959 {
		t.Errorf("N = %d, S = %d, want 353 and -1959", r.N, r.S)
	}
	for _, c := range []struct {
		name      string
		got, want float64
	}{
		{"VarS", r.VarS, 4889800.333333333},
		{"Z", r.Z, -0.8854562842589916},
		{"P", r.P, 0.37591058740506833},
		{"Tau", r.Tau, -0.03153167653875869},
	} {
		if math.Abs(c.got/c.want-1) > 1e-12 {
			t.Errorf("%s = %.17g, pyMannKendall gives %.17g", c.name, c.got, c.want)
		}
	}
}

func TestMannKendall(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		want geo.MKResult
	}{
		// Gilbert (1987), Statistical Methods for Environmental Pollution Monitoring, chapter 16,
		// p. 212: n = 22 with ties (six 20s; pairs of 23, 26, 30); the book reports Z = 3.1. By
		// hand: Var(S) = [22·21·49 − (6·5·17 + 3·(2·1·9))]/18 = (22638 − 564)/18 = 1226.33.
		{"Gilbert 1987 example", []float64{20, 20, 20, 20, 15, 20, 20, 30, 27, 26, 23, 35, 25, 28, 70, 26, 24, 34, 32, 23, 50, 30},
			geo.MKResult{N: 22, S: 111, VarS: 22074.0 / 18, Z: 110 / math.Sqrt(22074.0/18), P: 0.0016828688708946, Tau: 111.0 / 231}},
		// Pairs: 1<2, 1<2, 1<3, 2=2, 2<3, 2<3: S = 5. Var = (4·3·13 − 2·1·9)/18 = 138/18.
		{"one tie, rising", []float64{1, 2, 2, 3},
			geo.MKResult{N: 4, S: 5, VarS: 138.0 / 18, Z: 4 / math.Sqrt(138.0/18), P: 0.1485617748918687, Tau: 5.0 / 6}},
		// Pairs from 3: four falls; among the 1s: ties; 1<2 three times: S = −1, so Z = 0.
		// Var = (5·4·15 − 3·2·11)/18 = 234/18 = 13.
		{"three tied, S of −1", []float64{3, 1, 1, 1, 2},
			geo.MKResult{N: 5, S: -1, VarS: 13, Z: 0, P: 1, Tau: -0.1}},
		// Strictly falling: S = −10, Var = 5·4·15/18 = 50/3, Z = −9/√(50/3).
		{"strictly falling", []float64{5, 4, 3, 2, 1},
			geo.MKResult{N: 5, S: -10, VarS: 50.0 / 3, Z: -9 / math.Sqrt(50.0/3), P: 0.027486336111510353, Tau: -1}},
		{"no variation", []float64{7, 7, 7},
			geo.MKResult{N: 3, S: 0, VarS: 0, Z: 0, P: 1, Tau: 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := geo.MannKendall(tt.x)
			if err != nil {
				t.Fatal(err)
			}
			if got.N != tt.want.N || got.S != tt.want.S {
				t.Errorf("N, S = %d, %d, want %d, %d", got.N, got.S, tt.want.N, tt.want.S)
			}
			for _, c := range []struct {
				name      string
				got, want float64
			}{{"VarS", got.VarS, tt.want.VarS}, {"Z", got.Z, tt.want.Z}, {"P", got.P, tt.want.P}, {"Tau", got.Tau, tt.want.Tau}} {
				if math.Abs(c.got-c.want) > 1e-12*max(1, math.Abs(c.want)) {
					t.Errorf("%s = %.17g, want %.17g", c.name, c.got, c.want)
				}
			}
		})
	}
	if r, _ := geo.MannKendall([]float64{20, 20, 20, 20, 15, 20, 20, 30, 27, 26, 23, 35, 25, 28, 70, 26, 24, 34, 32, 23, 50, 30}); math.Round(r.Z*10)/10 != 3.1 {
		t.Errorf("Gilbert example: Z = %v, the book reports 3.1", r.Z)
	}
}

func TestMannKendallRefusesBadInput(t *testing.T) {
	tests := []struct {
		name string
		x    []float64
		want string
	}{
		{"two values", []float64{1, 2}, "at least 3"},
		{"NaN", []float64{1, math.NaN(), 3}, "value 1 is NaN"},
		{"infinity", []float64{1, 2, math.Inf(-1)}, "value 2 is -Inf"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := geo.MannKendall(tt.x)
			geo.CheckErrorMentions(t, err, tt.want)
		})
	}
}

func ExampleMannKendall() {
	// Gilbert (1987), chapter 16: 22 measurements over time.
	x := []float64{20, 20, 20, 20, 15, 20, 20, 30, 27, 26, 23, 35, 25, 28, 70, 26, 24, 34, 32, 23, 50, 30}
	r, err := geo.MannKendall(x)
	if err != nil {
		panic(err)
	}
	fmt.Printf("S=%d Var(S)=%.2f Z=%.2f p=%.4f tau=%.3f\n", r.S, r.VarS, r.Z, r.P, r.Tau)
	// Output: S=111 Var(S)=1226.33 Z=3.14 p=0.0017 tau=0.481
}
