package intervention_test

import (
	"encoding/json"
	"testing"

	"github.com/placesafe/placesafe/internal/intervention"
)

func TestPoundsAreReadExactly(t *testing.T) {
	tests := []struct {
		in    string
		pence int64
		ok    bool
	}{
		{"0", 0, true},
		{"12500", 1250000, true},
		{"12500.5", 1250050, true},
		{"0.29", 29, true},
		{"100000000", 10000000000, true},
		{"100000000.01", 0, false},
		{"1.005", 0, false},
		{"-1", 0, false},
		{"1e3", 0, false},
		{`"12"`, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var p intervention.Pounds
			err := json.Unmarshal([]byte(tt.in), &p)
			if (err == nil) != tt.ok || tt.ok && int64(p) != tt.pence {
				t.Errorf("%s = %d pence, err %v; want %d, ok %v", tt.in, p, err, tt.pence, tt.ok)
			}
		})
	}
	b, _ := json.Marshal(intervention.Pounds(1250005))
	if string(b) != "12500.05" {
		t.Errorf("1250005 pence marshals as %s, want 12500.05", b)
	}
}
