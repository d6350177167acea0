package inspection

import "slices"

// Strands group a framework's lines of enquiry.
const (
	StrandStrategic        = "strategic"          // how the partnership works together
	StrandWorkWithChildren = "work_with_children" // how partners respond to individual children
	StrandPlacesAndSpaces  = "places_and_spaces"  // SYV: interventions in places and spaces
	StrandPartnershipFocus = "focus"              // the other frameworks' lines, unstranded
)

// Line is one line of enquiry: what inspectors evaluate. Evidence, self-assessments, Annex A
// items and findings are tagged with line keys.
type Line struct {
	Key       string `json:"key"`
	Framework string `json:"framework"`
	Strand    string `json:"strand"`
	Title     string `json:"title"`
	Text      string `json:"text"`
}

// lines are the frameworks' lines of enquiry, from the inspectorates' framework summaries as
// local partnerships' briefings quote them (../shared/domain/seeds/004 lists all five; JTAI.md
// gathers the SYV strands). The wording is kept close to the inspectorates' own.
var lines = []Line{
	// Serious youth violence: strategic. "How partnerships: …"
	{"syv_intelligence", SeriousYouthViolence, StrandStrategic, "Information and intelligence",
		"How partnerships collate and share information and intelligence to understand risk and the implications of serious youth violence within the local community or communities."},
	{"syv_decisions", SeriousYouthViolence, StrandStrategic, "Interventions and commissioning",
		"How partnerships use this information and engage with communities to inform their decision-making on interventions and commissioning services."},
	{"syv_engagement", SeriousYouthViolence, StrandStrategic, "Engaging children, parents and carers",
		"How partnerships engage meaningfully with children, parents and carers to understand their needs and views."},
	{"syv_prevention", SeriousYouthViolence, StrandStrategic, "Prevention",
		"How partnerships develop and implement approaches to prevention, including the role of education providers and multi-agency interventions in places and spaces to address risk and improve safety for children."},
	{"syv_workforce", SeriousYouthViolence, StrandStrategic, "Supporting the workforce",
		"How partnerships support the workforce, so that they have the skills, the knowledge and the right working conditions to help and protect children."},
	{"syv_oversight", SeriousYouthViolence, StrandStrategic, "Evaluation and oversight",
		"How partnerships evaluate and oversee their responses to serious youth violence."},
	// Serious youth violence: work with children. "How partners intervene with individual
	// children or groups of children affected by SYV and criminal exploitation to: …"
	{"syv_identification", SeriousYouthViolence, StrandWorkWithChildren, "Response at the point of identification",
		"How partners respond to all forms of serious youth violence and child criminal exploitation at the point of identification."},
	{"syv_assessment", SeriousYouthViolence, StrandWorkWithChildren, "Assessment, planning and decisions",
		"How partners assess, plan and make decisions in response to notifications and referrals of children at risk of or subject to serious youth violence and/or criminal exploitation."},
	{"syv_protection", SeriousYouthViolence, StrandWorkWithChildren, "Protection, support and care",
		"How partners protect, support and care for children who are at risk of or have been harmed by serious youth violence and/or criminal exploitation, including looked-after children."},
	// Serious youth violence: places and spaces, the five questions inspectors consider.
	{"pas_q1", SeriousYouthViolence, StrandPlacesAndSpaces, "Q1 Information and intelligence",
		"What information and intelligence partners use to inform their decisions about interventions in places and spaces."},
	{"pas_q2", SeriousYouthViolence, StrandPlacesAndSpaces, "Q2 Partnership approach, method and aim",
		"Whether this is a partnership approach, what methodology or approach partners use and what the aim of the intervention(s) is."},
	{"pas_q3", SeriousYouthViolence, StrandPlacesAndSpaces, "Q3 Consulting children and communities",
		"How partners consult and engage children and communities in relation to this work."},
	{"pas_q4", SeriousYouthViolence, StrandPlacesAndSpaces, "Q4 Safer children and places",
		"How partners make sure that children and places and spaces are safer."},
	{"pas_q5", SeriousYouthViolence, StrandPlacesAndSpaces, "Q5 Outcome and evaluation",
		"What the outcome is and how partners evaluate their interventions."},

	// Early help.
	{"eh_right_help", EarlyHelp, StrandPartnershipFocus, "Right help at the right time",
		"Whether agencies work effectively together so that children and their families get the right help at the right time."},
	{"eh_vision", EarlyHelp, StrandPartnershipFocus, "Shared strategic vision",
		"Whether there is a shared strategic vision for helping families early, and whether it is well understood across the local partnership, at all operational levels, and by families and communities."},
	{"eh_local_need", EarlyHelp, StrandPartnershipFocus, "Understanding local need",
		"How effectively leaders understand local need and engage with families, their neighbourhoods and communities to deliver an appropriate local offer."},
	{"eh_changing_need", EarlyHelp, StrandPartnershipFocus, "Responding to changing need",
		"Whether leaders understand how local need changes over time, and update their offer of help to respond to these changes effectively."},
	{"eh_oversight", EarlyHelp, StrandPartnershipFocus, "Monitoring and evaluation",
		"Whether the local safeguarding partnership monitors and evaluates the work of statutory partners effectively."},
	{"eh_workforce", EarlyHelp, StrandPartnershipFocus, "Workforce",
		"Whether the workforce has the appropriate skills, knowledge and capacity to support children and their families effectively."},

	// Criminal exploitation of children.
	{"cce_identification", CriminalExploitation, StrandPartnershipFocus, "Response at the point of identification",
		"The multi-agency arrangements for responding to all forms of child criminal exploitation at the point of identification."},
	{"cce_assessment", CriminalExploitation, StrandPartnershipFocus, "Assessment, planning and decisions",
		"Assessment, planning and decision-making in response to notifications and referrals of children at risk of criminal exploitation, or who have been criminally exploited."},
	{"cce_protection", CriminalExploitation, StrandPartnershipFocus, "Protection, support and care",
		"Protecting, supporting and caring for children who are at risk of or have been harmed by criminal exploitation, including the support and care of children looked after and care leavers."},
	{"cce_prevention", CriminalExploitation, StrandPartnershipFocus, "Prevention and disruption",
		"Preventing child criminal exploitation, including through awareness-raising and the use of disruption activity."},
	{"cce_sexual_exploitation", CriminalExploitation, StrandPartnershipFocus, "Child sexual exploitation",
		"Identifying children at risk of sexual exploitation and the multi-agency response."},
	{"cce_oversight", CriminalExploitation, StrandPartnershipFocus, "Partnership oversight",
		"How effectively the local partnership, through its multi-agency safeguarding arrangements, monitors, promotes, coordinates and evaluates the work of the statutory partners."},

	// Identification of initial need and risk (front door).
	{"fd_front_doors", FrontDoor, StrandPartnershipFocus, "Agencies' front doors",
		"How effectively the front doors of individual agencies identify and respond to initial need and risk."},
	{"fd_mash", FrontDoor, StrandPartnershipFocus, "The multi-agency safeguarding hub",
		"The effectiveness of the multi-agency safeguarding hub (MASH) or equivalent."},
	{"fd_contribution", FrontDoor, StrandPartnershipFocus, "Each agency's contribution",
		"How effectively each agency contributes to the multi-agency response, including early decision-making across early help, child in need and child protection."},
	{"fd_oversight", FrontDoor, StrandPartnershipFocus, "Partnership oversight",
		"How effectively the local partnership, through its multi-agency safeguarding arrangements, monitors, promotes, coordinates and evaluates the work of the statutory partners."},
	{"fd_leadership", FrontDoor, StrandPartnershipFocus, "Leaders and managers",
		"The impact of leaders and managers on practice with children and families in relation to the front door."},
	{"fd_timeliness", FrontDoor, StrandPartnershipFocus, "Timeliness and improvement",
		"The timeliness of this work and the impact of the local area's actions to improve the multi-agency response to children in need of help and protection."},

	// Children who are victims of domestic abuse.
	{"da_identification", DomesticAbuse, StrandPartnershipFocus, "Response at the point of identification",
		"The multi-agency arrangements for responding to children who are victims of domestic abuse, at the point of identification."},
	{"da_assessment", DomesticAbuse, StrandPartnershipFocus, "Assessment, planning and decisions",
		"Assessment, planning and decision-making in response to notifications and referrals of children who are victims of domestic abuse."},
	{"da_protection", DomesticAbuse, StrandPartnershipFocus, "Protection, support and care",
		"Protecting, supporting and caring for children who are at risk of, or who have been victims of, domestic abuse."},
	{"da_prevention", DomesticAbuse, StrandPartnershipFocus, "Prevention",
		"Preventing children from becoming victims of domestic abuse."},
}

// Lines returns the framework's lines of enquiry in order (nil for an unknown framework).
func Lines(framework string) []Line {
	var out []Line
	for _, l := range lines {
		if l.Framework == framework {
			out = append(out, l)
		}
	}
	return out
}

// LineByKey returns the framework's line with key, and whether there is one.
func LineByKey(framework, key string) (Line, bool) {
	i := slices.IndexFunc(lines, func(l Line) bool { return l.Framework == framework && l.Key == key })
	if i < 0 {
		return Line{}, false
	}
	return lines[i], true
}
