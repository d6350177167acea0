package area_test

import (
	"testing"

	"github.com/placesafe/placesafe/internal/area"
)

// TestAViewerCoversWhatItSeesAll: an output of some areas is covered by a viewer who sees each
// of them, one of the whole deployment by a viewer of the whole deployment only.
func TestAViewerCoversWhatItSeesAll(t *testing.T) {
	all, west, westEast := area.Viewer{All: true}, area.Viewer{Areas: []int64{1}}, area.Viewer{Areas: []int64{1, 2}}
	for _, c := range []struct {
		name        string
		viewer      area.Viewer
		scope       area.Viewer
		wantCovered bool
	}{
		{"the whole deployment's viewer, an output of West", all, west, true},
		{"the whole deployment's viewer, the whole deployment's output", all, all, true},
		{"West's viewer, West's output", west, west, true},
		{"West's viewer, an output of West and East", west, westEast, false},
		{"a West and East viewer, West's output", westEast, west, true},
		{"a West and East viewer, the whole deployment's output", westEast, all, false},
		{"a viewer of no area, an output of no area", area.Viewer{Areas: []int64{}}, area.Viewer{Areas: []int64{}}, true},
	} {
		if got := c.viewer.Covers(c.scope); got != c.wantCovered {
			t.Errorf("%s: covered %v, want %v", c.name, got, c.wantCovered)
		}
	}
}
