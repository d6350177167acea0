package inspection

import (
	"regexp"

	"github.com/placesafe/placesafe/internal/apperr"
)

// Free text in the inspection's records (meeting notes, decisions, audit learning, emerging
// themes, comments) is about practice, never about a child as a person. Text that carries what
// looks like a child's identifying data is refused with the reason, as the case sample refuses
// a reference that looks like a name or a date of birth: refer to a child by the local case
// system's pseudonymous reference instead.
var personalText = []struct {
	re  *regexp.Regexp
	why string
}{
	{regexp.MustCompile(`(?i)\b(d\.?o\.?b\.?|date of birth|born on)\b`), "a date of birth"},
	{regexp.MustCompile(`\b\d{3}[ -]?\d{3}[ -]?\d{4}\b`), "an NHS number"},
	{regexp.MustCompile(`(?i)\b[A-CEGHJ-PR-TW-Z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[A-D]\b`), "a national insurance number"},
	{regexp.MustCompile(`\b[A-Z]\d{11}[0-9A-Z]\b`), "a unique pupil number"},
	{regexp.MustCompile(`(?i)\b[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}\b`), "a full postcode"},
	{regexp.MustCompile(`(?i)\b(child|young person|pupil|victim|perpetrator)('s)?\s+(name|address|home)\b`), "a child's name or address"},
}

// optText, optFreeText and optAgency check a field given as a pointer: nil is a field not
// given, with nothing to check.
func optText(field string, v *string, max int, required, multiline bool) error {
	if v == nil {
		return nil
	}
	return checkText(field, *v, max, required, multiline)
}

func optFreeText(field string, v *string, max int, required bool) error {
	if v == nil {
		return nil
	}
	return checkFreeText(field, *v, max, required)
}

func optAgency(field string, v *string) error { return oneOf(field, v, agencyKeys()) }

// optMatch refuses v, when given and not empty, unless re matches it; why says why.
func optMatch(v *string, re *regexp.Regexp, why func(v string) error) error {
	if v == nil || *v == "" || re.MatchString(*v) {
		return nil
	}
	return why(*v)
}

// nonEmpty is v, or nil when v is empty: an empty value clears its field and is not checked.
func nonEmpty(v *string) *string {
	if v == nil || *v == "" {
		return nil
	}
	return v
}

// firstError returns the first of errs that is not nil: a body's checks, in the order its
// fields are refused.
func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkFreeText checks text as checkText does (newlines allowed) and refuses text that looks
// like it carries a child's personal data.
func checkFreeText(field, v string, max int, required bool) error {
	if err := checkText(field, v, max, required, true); err != nil {
		return err
	}
	for _, p := range personalText {
		if p.re.MatchString(v) {
			return apperr.Errorf(apperr.Unprocessable,
				"%s looks like it holds %s; placesafe keeps no child's personal data: refer to a child by the case system's pseudonymous reference", field, p.why)
		}
	}
	return nil
}
