// Package intervention holds the partnership's place interventions: what was done where, by
// which agencies, with what method, aim and mechanism, on what intelligence (saved analyses),
// and the VRP review each one goes through (draft → submitted → returned or approved). It
// answers the inspectors' second question — is this a partnership approach, with what method
// and aim — and links each intervention to the activity records that measure its dosage.
//
// Every change names the version it was made against (ETag / If-Match): a stale version is
// refused with 412 and changes nothing. Every change is audit-logged in its own transaction.
package intervention

import (
	"slices"
	"time"

	"github.com/placesafe/placesafe/internal/versioned"
)

// Methodologies: the documented list an intervention's method is chosen from.
const (
	ProblemOrientedPolicing          = "problem_oriented_policing"          // SARA: scan, analyse, respond, assess
	EnvironmentalDesign              = "environmental_design"               // CPTED: crime prevention through environmental design
	DetachedOutreachYouthWork        = "detached_outreach_youth_work"       // youth workers meeting young people where they are
	GuardianshipSafeHavens           = "guardianship_safe_havens"           // capable guardians, safe havens in shops and stations
	HotspotPatrols                   = "hotspot_patrols"                    // visible patrols focused on hot spots
	CCTVLighting                     = "cctv_lighting"                      // CCTV and street lighting
	DispersalOrderPSPO               = "dispersal_order_pspo"               // dispersal order or public spaces protection order
	ContextualSafeguardingAssessment = "contextual_safeguarding_assessment" // contextual safeguarding location assessment
	CommunityEngagement              = "community_engagement"               // meetings, events, street surgeries
	EducationInSchool                = "education_in_school"                // sessions for pupils
	OtherMethodology                 = "other"
)

// Methodologies lists every methodology.
var Methodologies = []string{
	ProblemOrientedPolicing, EnvironmentalDesign, DetachedOutreachYouthWork, GuardianshipSafeHavens,
	HotspotPatrols, CCTVLighting, DispersalOrderPSPO, ContextualSafeguardingAssessment,
	CommunityEngagement, EducationInSchool, OtherMethodology,
}

// Statuses of the intervention itself (not of its review).
const (
	StatusPlanned   = "planned"
	StatusActive    = "active"
	StatusCompleted = "completed"
	StatusStopped   = "stopped"
)

// Statuses lists every status.
var Statuses = []string{StatusPlanned, StatusActive, StatusCompleted, StatusStopped}

// Review states of the VRP review (see review.go).
const (
	ReviewDraft     = "draft"
	ReviewSubmitted = "submitted"
	ReviewReturned  = "returned"
	ReviewApproved  = "approved"
)

// ReviewStates lists every review state.
var ReviewStates = []string{ReviewDraft, ReviewSubmitted, ReviewReturned, ReviewApproved}

// Intervention is one place intervention as the API shows it: what a client wrote, then what
// the store computes and keeps about it.
type Intervention struct {
	ID int64 `json:"id"`
	Input

	// Agencies are the lead agency then the partners; a partnership approach has two or more.
	Agencies    []string `json:"agencies"`
	AgencyCount int      `json:"agency_count"`
	Partnership bool     `json:"partnership"`
	// Serves are the local areas it serves: those named and those its places lie in. Their
	// users see it.
	Serves        []int64   `json:"serves"`
	ReviewStatus  string    `json:"review_status"`
	ReviewComment string    `json:"review_comment"`
	Version       int       `json:"version"`
	CreatedBy     *int64    `json:"created_by"`
	UpdatedBy     *int64    `json:"updated_by"`
	CreatedAt     time.Time `json:"created_at"`
	UpdatedAt     time.Time `json:"updated_at"`

	// Dosage is the activity that delivered it; only GET /api/v1/interventions/{id} fills it.
	Dosage *Dosage `json:"dosage,omitempty"`
}

// Input is what a client writes: the body of POST, and (laid over the current values) of PATCH.
type Input struct {
	Title            string   `json:"title"`
	Aim              string   `json:"aim"`
	Methodology      string   `json:"methodology"`
	Mechanism        string   `json:"mechanism"`
	LeadAgency       string   `json:"lead_agency"`
	Partners         []string `json:"partners"`
	Places           []int64  `json:"places"`
	StartDate        string   `json:"start_date"`
	EndDate          *string  `json:"end_date"`
	Status           string   `json:"status"`
	Cost             *Pounds  `json:"cost"`
	IntendedOutcomes string   `json:"intended_outcomes"`
	Analyses         []int64  `json:"analyses"`
	// LocalAreas are the local areas named as served, besides those its places lie in.
	LocalAreas []int64 `json:"local_areas"`
}

// input returns the intervention's writable fields; pointers and slices are copies, so that a
// patch decoded into them leaves it as it was.
func (it *Intervention) input() Input {
	in := it.Input
	in.Partners, in.Places, in.Analyses = slices.Clone(in.Partners), slices.Clone(in.Places), slices.Clone(in.Analyses)
	in.LocalAreas = slices.Clone(in.LocalAreas)
	in.EndDate, in.Cost = versioned.Copy(in.EndDate), versioned.Copy(in.Cost)
	return in
}

// fillAgencies sets the computed partnership fields from the lead agency and partners.
func (it *Intervention) fillAgencies() {
	it.Agencies = Agencies(it.LeadAgency, it.Partners)
	it.AgencyCount = len(it.Agencies)
	it.Partnership = it.AgencyCount >= 2
}
