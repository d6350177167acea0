package intervention

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/placesafe/placesafe/internal/api"
)

// MaxCostPence is the largest cost accepted: £100 million.
const MaxCostPence = 100_000_000_00

// Pounds is a sum of money in pence, written in JSON as pounds with at most two decimal places
// (12500.5 is £12,500.50). It is read from the JSON text exactly, never through a float, so
// that 0.1 + 0.2 pounds cannot become 29 pence.
type Pounds int64

// MarshalJSON writes the sum as a number of pounds with two decimal places.
func (p Pounds) MarshalJSON() ([]byte, error) {
	return fmt.Appendf(nil, "%d.%02d", int64(p)/100, int64(p)%100), nil
}

// UnmarshalJSON reads a non-negative JSON number of pounds with at most two decimal places.
func (p *Pounds) UnmarshalJSON(b []byte) error {
	s := string(bytes.TrimSpace(b))
	pence, err := parsePounds(s)
	if err != nil {
		return &api.FieldError{Field: "cost", Reason: err.Error()}
	}
	*p = Pounds(pence)
	return nil
}

// parsePounds turns "12500", "12500.5" or "12500.50" into pence.
func parsePounds(s string) (int64, error) {
	bad := fmt.Errorf("%s is not a sum of pounds: want a number such as 12500 or 12500.50", s)
	whole, frac, hasFrac := strings.Cut(s, ".")
	if whole == "" || strings.HasPrefix(whole, "-") || strings.HasPrefix(whole, "+") || (hasFrac && frac == "") {
		if strings.HasPrefix(whole, "-") {
			return 0, fmt.Errorf("%s is negative: a cost is 0 or more", s)
		}
		return 0, bad
	}
	if len(frac) > 2 {
		return 0, fmt.Errorf("%s has more than two decimal places: give pounds and pence", s)
	}
	for _, r := range whole + frac {
		if r < '0' || r > '9' {
			return 0, bad
		}
	}
	if len(whole) > 12 {
		return 0, fmt.Errorf("%s is more than the largest cost accepted (%d pounds)", s, MaxCostPence/100)
	}
	// whole and frac are checked digits, whole at most 12 of them: neither conversion can fail.
	w, _ := strconv.ParseInt(whole, 10, 64)
	f, _ := strconv.ParseInt((frac + "00")[:2], 10, 64)
	pence := w*100 + f
	if pence > MaxCostPence {
		return 0, fmt.Errorf("%s is more than the largest cost accepted (%d pounds)", s, MaxCostPence/100)
	}
	return pence, nil
}
