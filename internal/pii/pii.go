// Package pii refuses files whose column names look like personal data. placesafe imports
// anonymised records only: a file that carries a child's name, date of birth, address, full
// postcode, phone number, e-mail address, NHS number, national insurance number or unique pupil
// number is refused as a whole, before any row is read.
//
// The check looks at column names, not values. It errs on the side of refusing: a partnership
// whose export has such a column must drop it before import, which is what anonymisation means.
package pii

import (
	"slices"
	"strings"

	"github.com/placesafe/placesafe/internal/record"
)

// Reason is the FileError reason for a file refused by CheckHeader.
const Reason = "column looks like personal data; records must be anonymised"

// CheckHeader returns a *record.FileError naming every column whose name looks like personal
// data, or nil when there is none.
func CheckHeader(cols []string) error {
	var bad []string
	for _, c := range cols {
		if Kind(c) != "" {
			bad = append(bad, record.DisplayName(c))
		}
	}
	if len(bad) == 0 {
		return nil
	}
	return &record.FileError{Reason: Reason, Columns: bad}
}

// Kind says which kind of personal data a column name looks like ("name", "date of birth",
// "address", "postcode", "phone", "email", "NHS number", "national insurance number", "unique
// pupil number"), or "" when it looks like none. Case, spaces, underscores, hyphens and other
// punctuation are ignored, so "Date_of-Birth", "DOB" and "dateofbirth" are the same.
func Kind(col string) string {
	words := normalise(col)
	if len(words) == 0 {
		return ""
	}
	joined := strings.Join(words, "")
	for _, k := range kinds {
		if k.match(words, joined) {
			return k.name
		}
	}
	return ""
}

// normalise lowercases a column name and splits it into words at anything that is not a
// letter or a digit.
func normalise(col string) []string {
	return strings.FieldsFunc(strings.ToLower(col), func(r rune) bool {
		return !('a' <= r && r <= 'z' || '0' <= r && r <= '9')
	})
}

type kind struct {
	name  string
	match func(words []string, joined string) bool
}

// kinds are tried in order, so that "email address" is an e-mail address.
var kinds = []kind{
	{"name", isPersonName},
	{"date of birth", func(w []string, j string) bool {
		return slices.Contains(w, "dob") || j == "dob" ||
			containsAny(j, "dateofbirth", "birthdate", "birthday", "dateborn")
	}},
	{"email", func(w []string, j string) bool { return strings.Contains(j, "email") }},
	{"address", func(w []string, j string) bool {
		return containsAny(j, "address", "housenumber", "houseno", "housename", "flatnumber") ||
			slices.Contains(w, "addr")
	}},
	{"postcode", isFullPostcode},
	{"phone", func(w []string, j string) bool {
		return containsAny(j, "phone", "mobile", "landline") || slices.Contains(w, "tel")
	}},
	{"NHS number", func(w []string, j string) bool {
		return containsAny(j, "nhsnumber", "nhsno", "nhsid", "chinumber")
	}},
	{"national insurance number", func(w []string, j string) bool {
		return containsAny(j, "nationalinsurance", "nino") || slices.Contains(w, "ni") && slices.Contains(w, "number")
	}},
	{"unique pupil number", func(w []string, j string) bool {
		return slices.Contains(w, "upn") || j == "upn" || containsAny(j, "uniquepupil", "pupilnumber", "pupilno")
	}},
}

// nameWords are joined spellings that always mean a person's name.
var nameWords = []string{
	"forename", "surname", "firstname", "lastname", "fullname", "givenname", "familyname",
	"middlename", "maidenname", "childname", "childsname", "victimname", "suspectname",
	"offendername", "personname", "pupilname", "knownas",
}

// personWords, beside the word "name", make a column a person's name ("child name", "name of
// victim"); other qualifiers do not ("LSOA name", "school name", "partner name").
var personWords = []string{
	"first", "last", "full", "given", "family", "middle", "maiden", "preferred", "child", "childs",
	"victim", "suspect", "offender", "person", "persons", "pupil", "student", "parent", "carer",
	"mother", "father", "guardian", "patient", "client", "young", "youth", "witness", "resident",
}

func isPersonName(w []string, j string) bool {
	if containsAny(j, nameWords...) {
		return true
	}
	i := slices.IndexFunc(w, func(s string) bool { return s == "name" || s == "names" })
	if i < 0 {
		return false
	}
	if len(w) == 1 {
		return true // a bare "name" column: whose name cannot be told, so refuse it
	}
	return slices.ContainsFunc(w, func(s string) bool { return slices.Contains(personWords, s) })
}

// coarsePostcode are the parts of a postcode that may be imported. A full (unit) postcode
// covers about 15 addresses and, with a date and an age band, can single out a child; a
// postcode sector ("SW1A 1") covers a few thousand addresses and a district ("SW1A") about ten
// thousand, which is as coarse as the LSOA (about 1,500 residents) that police.uk publishes.
var coarsePostcode = []string{"district", "sector", "area", "outward", "outcode", "prefix"}

func isFullPostcode(w []string, j string) bool {
	if !containsAny(j, "postcode", "postalcode", "zipcode") && j != "zip" && !slices.Contains(w, "pc") {
		return false
	}
	return !slices.ContainsFunc(w, func(s string) bool { return slices.Contains(coarsePostcode, s) })
}

func containsAny(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}
