package incident

// Default harm weights, in days of imprisonment, from the Cambridge Crime Harm Index (CCHI).
//
// Method: Sherman, L., Neyroud, P. & Neyroud, E. (2016) "The Cambridge Crime Harm Index:
// Measuring Total Harm from Crime Based on Sentencing Guidelines", Policing 10(3):171–183,
// doi:10.1093/police/paw003. An offence's weight is the starting point, in days, of the
// England and Wales sentencing guideline for a first offender (fines and community orders
// converted to days at the minimum wage).
//
// Values: the CCHI spreadsheet, February 2026 update by Dr Eleanor Neyroud (Cambridge Centre for
// Evidence-Based Policing, cambridge-ebp.co.uk/the-chi), gives a weight per Home Office offence
// code. police.uk and placesafe categories are broader, so a category takes the MEDIAN weight
// of the offence codes in the matching Home Office "offence subgroup". Those medians are taken
// from a public project that computed them from that spreadsheet: github.com/isthisben/cbl-realcrime,
// data/cchi_weights.csv and data/raw/CCHI_SOURCES.md (commit 5591939d942691fec9e9da6349fa7afbde726b7f).
// Plainly: that project is not peer reviewed and the medians are its arithmetic, not the CCHI
// authors'; the spreadsheet itself could not be opened here to re-check them. The homicide
// value is confirmed independently: 5,475 days (a 15-year starting point) is the CCHI murder
// weight reported by The Economist, "Bobbies on the spreadsheet", 1 September 2016.
//
// Where a placesafe category spans several subgroups (marked "our choice" below), its weight is
// the mean of the subgroup medians weighted by the number of offences recorded in England and
// Wales in the year ending March 2025 (Home Office police recorded crime, as listed in the same
// cchi_weights.csv). That weighting is placesafe's own choice, not a published value.
//
// Anti-social behaviour is not a notifiable crime and has no CCHI weight; its weight is our choice.
var harmWeights = map[string]float64{
	// Subgroup "Homicide": median 5,475 (murder starting point 15 years).
	Homicide: 5475,
	// Subgroup "Violence with injury": median 365 (73 offence codes).
	ViolenceWithInjury: 365,
	// Subgroup "Violence without injury": median 10; "Stalking and harassment" is also 10.
	ViolenceWithoutInjury: 10,
	// Our choice: "Rape offences" median 2,555 (71,509 offences) and "Other sexual offences"
	// median 182.25 (135,333), weighted by count: 207,369,934.25 / 206,842 = 1,002.55.
	SexualOffence: 1002.55,
	// Our choice: police.uk "Violence and sexual offences" covers seven subgroups; medians
	// weighted by count: homicide 5,475 (524), violence with injury 365 (516,757), violence
	// without injury 10 (804,983), stalking and harassment 10 (598,830), death or serious injury
	// by unlawful driving 365 (2,244), rape 2,555 (71,509), other sexual offences 182.25
	// (135,333): 413,712,329.25 / 2,130,180 = 194.21.
	ViolenceAndSexual: 194.21,
	// Subgroups "Robbery of business property" and "Robbery of personal property": both 365.
	Robbery: 365,
	// Subgroup "Possession of weapons offences": median 273.75.
	PossessionOfWeapons: 273.75,
	// Our choice: "Possession of drugs" median 3 (135,651) and "Trafficking of drugs" median 5
	// (66,504): 739,473 / 202,155 = 3.66.
	Drugs: 3.66,
	// Subgroup "Public order offences": median 7.5.
	PublicOrder: 7.5,
	// Our choice: "Criminal damage" median 2 (432,167) and "Arson" median 185 (22,837):
	// 5,089,179 / 455,004 = 11.18.
	CriminalDamageArson: 11.18,
	// Our choice: "Residential burglary" median 273.5 (166,316) and "Non-residential burglary"
	// median 183.5 (78,332): 59,861,348 / 244,648 = 244.68.
	Burglary: 244.68,
	// Subgroup "Vehicle offences": median 5.
	VehicleCrime: 5,
	// Subgroup "Other theft offences": median 2.
	Theft: 2,
	// Subgroup "Shoplifting": median 1.
	Shoplifting: 1,
	// Subgroup "Bicycle theft": median 2.
	BicycleTheft: 2,
	// Subgroup "Theft from the person": median 2.
	TheftFromPerson: 2,
	// Our choice: no CCHI weight exists (not a crime). 1 day, the lowest weight of any
	// notifiable offence (shoplifting), so that an incident of anti-social behaviour never
	// outweighs a crime.
	AntiSocialBehaviour: 1,
	// Subgroup "Miscellaneous crimes against society" (police.uk "Other crime"): median 10.
	Other: 10,
}

// DefaultHarmWeight returns the default harm weight of a placesafe category, in days (see the
// table above for where each number comes from), and false for an unknown category.
func DefaultHarmWeight(cat string) (float64, bool) {
	w, ok := harmWeights[cat]
	return w, ok
}
