package export

import (
	"strings"

	"github.com/placesafe/placesafe/internal/label"
)

// methodology and agency are codes as words inside a sentence, from the label table the
// dashboard uses too.
func methodology(key string) string { return label.Lower(key) }

func agency(key string) string { return label.Lower(key) }

func agencyList(keys []string) string {
	out := make([]string, len(keys))
	for i, k := range keys {
		out[i] = agency(k)
	}
	return strings.Join(out, ", ")
}

// binWords name the Gi* confidence bins, hottest first.
var binWords = map[int]string{
	3: "hot spot, 99% confidence", 2: "hot spot, 95% confidence", 1: "hot spot, 90% confidence",
	0:  "not significant",
	-1: "cold spot, 90% confidence", -2: "cold spot, 95% confidence", -3: "cold spot, 99% confidence",
}
