// Package disclosuretest finds small counts in what the service sends to a role without
// record-level access: JSON and GeoJSON fields that hold counts, CSV and workbook columns, and
// sentences. Which fields and words are counts is written here from the API's documentation,
// independently of the production code that decides what to protect, so that a count the
// production code forgets to protect is still found.
package disclosuretest

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// countKeys are the JSON fields and table columns that hold counts of records or people. A
// list's paging "total" counts rows of a register (places, consultations), not records.
var countKeys = map[string]bool{
	"count": true, "value": true, "records": true, "incidents": true, "events": true,
	"sessions": true, "minutes": true, "contacts": true, "child_contacts": true, "children_count": true,
	"adults_count": true, "respondents": true, "positive": true, "pre": true, "post": true,
	"target": true, "buffer": true, "control": true, "timed_records": true, "dated_records": true,
	"rows_imported": true, "headcount": true, "hours": true,
}

// notCounts are numbers named like counts that count no records or people.
var notCounts = map[string]bool{
	"agency_count": true, // agencies in a partnership
}

// countColumn reports whether a field or column name holds a count: one of countKeys, or a name
// ending in _count, or a table column named like "target_before_count".
func countColumn(name string) bool {
	n := strings.ToLower(name)
	if notCounts[n] {
		return false
	}
	return countKeys[n] || strings.HasSuffix(n, "_count") || strings.HasSuffix(n, "_sessions") ||
		strings.HasSuffix(n, "_incidents") || strings.HasSuffix(n, "_respondents")
}

// countWords are the nouns a sentence counts ("3 incidents", "2 children").
var countSentence = regexp.MustCompile(`(?i)\b(\d+(?:[.,]\d+)?)\s+(?:[a-z-]+\s+)?(incidents?|events?|records?|sessions?|children|child|adults?|respondents?|contacts?|people|young people|victims?|offences?|crimes?)\b`)

// Finding is a small count where none should be.
type Finding struct {
	Where, Value string
}

// Scanner collects findings; Threshold is the smallest count that may be shown as a number.
type Scanner struct {
	Threshold int
	Found     []Finding
	Scanned   int // counts and sentences looked at
}

// small reports whether a shown value is a count of 1 to Threshold−1. Labels are read as the
// rule writes them: "<5", "≈25" (a rounded count), "12–40" (a range: its bounds are not counts).
func (s *Scanner) small(v string) bool {
	v = strings.TrimSpace(v)
	switch {
	case v == "", v == "<"+strconv.Itoa(s.Threshold), strings.Contains(v, "–"):
		return false
	case strings.HasPrefix(v, "≈"):
		v = strings.TrimPrefix(v, "≈")
	}
	n, err := strconv.ParseFloat(v, 64)
	// A count is a whole number; a fraction in a count field is a statistic (a ratio, a mean).
	return err == nil && n == float64(int64(n)) && n > 0 && n < float64(s.Threshold)
}

// Value checks one shown count.
func (s *Scanner) Value(where, v string) {
	s.Scanned++
	if s.small(v) {
		s.Found = append(s.Found, Finding{where, v})
	}
}

// Text checks the counts quoted in sentences.
func (s *Scanner) Text(where, text string) {
	for _, m := range countSentence.FindAllStringSubmatchIndex(text, -1) {
		s.Scanned++
		if s.small(text[m[2]:m[3]]) {
			s.Found = append(s.Found, Finding{where, strings.Join(strings.Fields(text[max(0, m[0]-60):min(len(text), m[1]+20)]), " ")})
		}
	}
}

// JSON walks a JSON document: every count field's number or label, and every string as text.
func (s *Scanner) JSON(where string, body []byte) error {
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return fmt.Errorf("%s: %w", where, err)
	}
	s.walk(where, "", v)
	return nil
}

func (s *Scanner) walk(where, key string, v any) {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			s.walk(where+"."+k, k, x)
		}
	case []any:
		for i, x := range v {
			s.walk(fmt.Sprintf("%s[%d]", where, i), key, x)
		}
	case float64:
		if countColumn(key) {
			s.Value(where, strconv.FormatFloat(v, 'f', -1, 64))
		}
	case string:
		if countColumn(key) || strings.HasSuffix(key, "_label") {
			s.Value(where, v)
		}
		s.Text(where, v)
	}
}

// Table checks the count columns of a table whose first row is its header.
func (s *Scanner) Table(where string, rows [][]string) {
	if len(rows) == 0 {
		return
	}
	for i, name := range rows[0] {
		for r, row := range rows[1:] {
			if i >= len(row) {
				continue
			}
			if countColumn(name) {
				s.Value(fmt.Sprintf("%s row %d %s", where, r+2, name), row[i])
			}
			s.Text(fmt.Sprintf("%s row %d %s", where, r+2, name), row[i])
		}
	}
}
