package demo

import "math/rand/v2"

// weighted is a value with a relative weight.
type weighted struct {
	value  string
	weight float64
}

// choose draws one value from the table.
func choose(r *rand.Rand, table []weighted) string {
	ws := make([]float64, len(table))
	for i, t := range table {
		ws[i] = t.weight
	}
	return table[pick(r, ws)].value
}

// Incident categories other than homicide, which addHomicides assigns, by setting:
// violence with and without injury, robbery, possession of weapons, sexual offence.
var categoryShares = map[string][5]float64{
	"street":          {36, 28, 20, 12, 4},
	"park":            {38, 30, 14, 10, 8},
	"transport":       {32, 28, 24, 14, 2},
	"shopping":        {30, 32, 28, 8, 2},
	"school_vicinity": {40, 38, 12, 8, 2},
	"residential":     {44, 34, 8, 8, 6},
	"other":           {40, 32, 14, 8, 6},
}

var categories = [5]string{"violence_with_injury", "violence_without_injury",
	"robbery", "possession_of_weapons", "sexual_offence"}

// category draws an incident category with shares that suit the setting.
func category(r *rand.Rand, setting string) string {
	shares := categoryShares[setting]
	return categories[pick(r, shares[:])]
}

var victimAges = []weighted{
	{"0-9", 1.5}, {"10-13", 18}, {"14-17", 45}, {"18-24", 30}, {"25+", 3}, {"unknown", 2.5},
}

var suspectAges = []weighted{
	{"", 30}, {"10-13", 7}, {"14-17", 31}, {"18-24", 25}, {"25+", 4}, {"unknown", 3},
}

// victimAge draws a victim age band, mostly 10–24.
func victimAge(r *rand.Rand) string { return choose(r, victimAges) }

// suspectAge draws a suspect age band, blank when no suspect is known.
func suspectAge(r *rand.Rand) string { return choose(r, suspectAges) }

var precisions = []weighted{{PrecisionExact, 85}, {PrecisionDay, 10}, {PrecisionMonth, 5}}

// precision draws how precisely the time of an incident is known.
func precision(r *rand.Rand) string { return choose(r, precisions) }

// Settings for points outside every place, by the kind they cluster on.
var fallbackSettings = map[Kind][]weighted{
	"":                 {{"residential", 45}, {"street", 40}, {"other", 15}},
	KindTransportHub:   {{"street", 70}, {"other", 30}},
	KindShoppingCentre: {{"street", 60}, {"other", 40}},
	KindPark:           {{"street", 40}, {"residential", 45}, {"other", 15}},
	KindSchoolVicinity: {{"street", 50}, {"residential", 40}, {"other", 10}},
	KindStreet:         {{"residential", 65}, {"other", 35}},
}

// displacedSettings are the settings of displaced incidents that land in no place: the
// streets round the shopping centre, mostly.
var displacedSettings = []weighted{{"street", 75}, {"residential", 15}, {"other", 10}}

// fallbackSetting draws the setting of a point that lies in no place, near p (nil for
// the background).
func fallbackSetting(r *rand.Rand, p *placeSpec) string {
	var k Kind
	if p != nil {
		k = p.kind
	}
	return choose(r, fallbackSettings[k])
}
