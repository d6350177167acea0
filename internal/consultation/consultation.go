// Package consultation holds the record of how children, young people and communities were
// consulted about places and interventions — the inspectors' third question: when, how, how
// many children and young people (and of what ages) and adults, who ran it, what was said and
// what changed because of it ("you said, we did").
//
// Records are anonymous: free text must not name or otherwise identify a child or anyone
// else. Names cannot be recognised reliably by a program, so that rule is the author's to keep
// (the API description says so); what can be recognised — an e-mail address, a phone number,
// a full postcode, an NHS number — is refused.
package consultation

import (
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/placesafe/placesafe/internal/api"
	"github.com/placesafe/placesafe/internal/record"
	"github.com/placesafe/placesafe/internal/versioned"
)

// Methods of consultation.
const (
	MethodSurvey               = "survey"
	MethodYouthForum           = "youth_forum"
	MethodFocusGroup           = "focus_group"
	MethodWalkabout            = "walkabout"
	MethodDetachedConversation = "detached_conversation"
	MethodSchoolSession        = "school_session"
	MethodCommunityMeeting     = "community_meeting"
)

// Methods lists every method.
var Methods = []string{MethodSurvey, MethodYouthForum, MethodFocusGroup, MethodWalkabout,
	MethodDetachedConversation, MethodSchoolSession, MethodCommunityMeeting}

// Limits on a record's fields.
const (
	MaxAge      = 25 // children and young people: up to 25, as for care leavers and SEND
	MaxCount    = 100_000
	MaxRunByLen = 200
	MaxTextLen  = 4000
	MaxLinks    = 100
)

// Consultation is one consultation as the API shows it: what a client wrote, then what the
// store keeps about it.
type Consultation struct {
	ID int64 `json:"id"`
	Input
	// Serves are the local areas it serves: those named and those of its places and
	// interventions. Their users see it.
	Serves    []int64   `json:"serves"`
	Version   int       `json:"version"`
	CreatedBy *int64    `json:"created_by"`
	CreatedAt time.Time `json:"created_at"`
	UpdatedAt time.Time `json:"updated_at"`
}

// Input is what a client writes: the body of POST, and (laid over the current values) of PATCH.
type Input struct {
	HeldOn        string  `json:"held_on"`
	Method        string  `json:"method"`
	ChildrenCount int     `json:"children_count"`
	AgeMin        *int    `json:"age_min"`
	AgeMax        *int    `json:"age_max"`
	AdultsCount   int     `json:"adults_count"`
	RunBy         string  `json:"run_by"`
	WhatWasSaid   string  `json:"what_was_said"`
	WhatChanged   string  `json:"what_changed"`
	Places        []int64 `json:"places"`
	Interventions []int64 `json:"interventions"`
	// LocalAreas are the local areas named as served, besides those of its places and
	// interventions.
	LocalAreas []int64 `json:"local_areas"`
}

// input returns the consultation's writable fields; pointers and slices are copies, so that
// a patch decoded into them leaves c as it was.
func (c *Consultation) input() Input {
	in := c.Input
	in.AgeMin, in.AgeMax = versioned.Copy(in.AgeMin), versioned.Copy(in.AgeMax)
	in.Places, in.Interventions = slices.Clone(in.Places), slices.Clone(in.Interventions)
	in.LocalAreas = slices.Clone(in.LocalAreas)
	return in
}

// validate checks the fields that need no database, as of today (a London date); it trims
// the text fields.
func (in *Input) validate(today time.Time) api.Refusal {
	var r api.Refusal
	in.RunBy = strings.TrimSpace(in.RunBy)
	in.WhatWasSaid = strings.TrimSpace(in.WhatWasSaid)
	in.WhatChanged = strings.TrimSpace(in.WhatChanged)
	held, err := time.Parse(time.DateOnly, in.HeldOn)
	switch {
	case err != nil:
		r.Add("held_on", "%q: want the date it was held, YYYY-MM-DD", in.HeldOn)
	case held.After(today):
		r.Add("held_on", "%s is in the future: record a consultation once it has been held", in.HeldOn)
	}
	if !slices.Contains(Methods, in.Method) {
		r.Add("method", "%q is not a method: want one of %s", in.Method, strings.Join(Methods, ", "))
	}
	for _, n := range []struct {
		field string
		v     int
	}{{"children_count", in.ChildrenCount}, {"adults_count", in.AdultsCount}} {
		if n.v < 0 || n.v > MaxCount {
			r.Add(n.field, "%d is out of range: want 0 to %d", n.v, MaxCount)
		}
	}
	if in.ChildrenCount == 0 && in.AdultsCount == 0 {
		r.Add("children_count", "nobody took part: give the number of children and young people, of adults, or both")
	}
	in.validateAges(&r)
	r.Text("run_by", in.RunBy, MaxRunByLen, false)
	if in.RunBy == "" {
		r.Add("run_by", "is required: the agency or organisation that ran it")
	}
	r.Text("what_was_said", in.WhatWasSaid, MaxTextLen, true)
	if in.WhatWasSaid == "" {
		r.Add("what_was_said", "is required: what children, young people or the community said")
	}
	r.Text("what_changed", in.WhatChanged, MaxTextLen, true)
	for _, f := range []struct{ field, v string }{{"run_by", in.RunBy}, {"what_was_said", in.WhatWasSaid}, {"what_changed", in.WhatChanged}} {
		if kind := personalData(f.v); kind != "" {
			r.Add(f.field, "looks like it holds %s; consultation records are anonymous: remove it", kind)
		}
	}
	r.IDs("places", in.Places, MaxLinks)
	r.IDs("interventions", in.Interventions, MaxLinks)
	return r
}

// validateAges checks the age range: both ends or neither, each 0 to MaxAge, in order, given
// when children took part and only then.
func (in *Input) validateAges(r *api.Refusal) {
	for _, a := range []struct {
		field string
		v     *int
	}{{"age_min", in.AgeMin}, {"age_max", in.AgeMax}} {
		if a.v != nil && (*a.v < 0 || *a.v > MaxAge) {
			r.Add(a.field, "%d is out of range: ages of children and young people are 0 to %d", *a.v, MaxAge)
		}
	}
	switch {
	case (in.AgeMin == nil) != (in.AgeMax == nil):
		r.Add("age_max", "give both age_min and age_max, or neither")
	case in.AgeMin != nil && *in.AgeMin > *in.AgeMax:
		r.Add("age_max", "%d is below age_min %d", *in.AgeMax, *in.AgeMin)
	case in.AgeMin == nil && in.ChildrenCount > 0:
		r.Add("age_min", "give the age range (age_min and age_max) of the children and young people who took part")
	case in.AgeMin != nil && in.ChildrenCount == 0:
		r.Add("age_min", "an age range is given but children_count is 0")
	}
}

// Patterns of personal data that free text can be checked for. A name cannot be.
var personalPatterns = []struct {
	kind string
	re   *regexp.Regexp
}{
	{"an e-mail address", regexp.MustCompile(`[\pL\pN._%+-]+@[\pL\pN-]+(\.[\pL\pN-]+)+`)},
	// UK numbers: 07xxx xxxxxx, 020 xxxx xxxx, +44 7xxx ..., with spaces or hyphens.
	{"a phone number", regexp.MustCompile(`(\+44\s?\(?0?\)?|\b0)\d(?:[\s-]?\d){8,9}\b`)},
	// A full (unit) postcode: outward code, space optional, inward code (digit, two letters).
	{"a full postcode", regexp.MustCompile(`(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[ABD-HJLNP-UW-Z]{2}\b`)},
	// NHS numbers are written 3-3-4.
	{"an NHS number", regexp.MustCompile(`\b\d{3}[\s-]\d{3}[\s-]\d{4}\b`)},
}

// personalData names the kind of personal data s looks like it holds, or "".
func personalData(s string) string {
	for _, p := range personalPatterns {
		if p.re.MatchString(s) {
			return p.kind
		}
	}
	return ""
}

// today is the current date in London.
func today() time.Time {
	n := time.Now().In(record.London())
	return time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, time.UTC)
}
