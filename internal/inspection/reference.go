package inspection

import (
	"regexp"
	"strconv"
	"strings"

	"github.com/placesafe/placesafe/internal/apperr"
)

// A case-sample reference is the local case system's pseudonymous reference for a child
// ("NB-CSC-001234"): letters, digits and dashes, at most 32 characters, with at least one
// digit. Values that look like personal data are refused with the reason, so that a name,
// e-mail address or date of birth pasted into the field never reaches the database.
var (
	referenceChars = regexp.MustCompile(`^[A-Za-z0-9-]{1,32}$`)
	// Two or more capitalised words: "Jane Doe", "Jane-Doe", "Mary Ann O'Neil".
	capitalisedWords = regexp.MustCompile(`^[A-Z][a-z'’]+(?:[\s-]+[A-Z][a-z'’]+)+$`)
	spacedCapitals   = regexp.MustCompile(`[A-Z][a-z'’]+\s+[A-Z][a-z'’]*`)
	separatedDate    = regexp.MustCompile(`(\d{1,4})[-/. ](\d{1,2})[-/. ](\d{1,4})`)
	monthDate        = regexp.MustCompile(`(?i)\d{1,2}[-/. ]?(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*[-/. ]?\d{2,4}`)
	eightDigits      = regexp.MustCompile(`^\d{8}$`)
)

// CheckReference refuses a case-sample reference that is not a pseudonymous case reference.
func CheckReference(ref string) error {
	refuse := func(why string) error {
		return apperr.Errorf(apperr.Unprocessable,
			"reference %s; send the local case system's pseudonymous reference (letters, digits and dashes, e.g. NB-CSC-001234), never a name, date of birth or address", why)
	}
	switch {
	case strings.TrimSpace(ref) == "":
		return refuse("is required")
	case strings.Contains(ref, "@"):
		return refuse("looks like an e-mail address")
	case capitalisedWords.MatchString(strings.TrimSpace(ref)) || spacedCapitals.MatchString(ref):
		return refuse("looks like a person's name")
	case looksLikeDate(ref):
		return refuse("looks like a date")
	case !referenceChars.MatchString(ref):
		return refuse("holds characters other than letters, digits and dashes, or is longer than 32")
	case !strings.ContainsAny(ref, "0123456789"):
		return refuse("has no digits, so it looks like a name or a word rather than a case reference")
	}
	return nil
}

func looksLikeDate(s string) bool {
	if monthDate.MatchString(s) {
		return true
	}
	for _, m := range separatedDate.FindAllStringSubmatch(s, -1) {
		if plausibleDate(m[1], m[2], m[3]) || plausibleDate(m[3], m[2], m[1]) {
			return true
		}
	}
	// A bare YYYYMMDD or DDMMYYYY.
	if eightDigits.MatchString(s) {
		return plausibleDate(s[:4], s[4:6], s[6:]) || plausibleDate(s[4:], s[2:4], s[:2])
	}
	return false
}

// plausibleDate reports whether y-m-d reads as a date of this or the last century.
func plausibleDate(y, m, d string) bool {
	// The caller matched y, m and d as digits; a failed conversion gives 0, which is implausible.
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(m)
	di, _ := strconv.Atoi(d)
	yearOK := len(y) == 4 && yi >= 1900 && yi <= 2099 || len(y) == 2
	return yearOK && mi >= 1 && mi <= 12 && di >= 1 && di <= 31
}
