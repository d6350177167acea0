package cellcount

import (
	"fmt"
	"testing"
)

// TestAColumnRefusesAValueBeyondItsCodes: a loaded column codes its values in one byte, SQL
// NULL taking one code as any value does; the value beyond the 256th, NULL included, is
// refused rather than given a code that wraps round to another value's.
func TestAColumnRefusesAValueBeyondItsCodes(t *testing.T) {
	for _, tc := range []struct {
		name  string
		first []byte // a value coded first, nil for NULL
		last  []byte // the value past the column's codes
	}{
		{"NULL after 256 values", []byte("0"), nil},
		{"a value after NULL and 255 values", nil, []byte("extra")},
	} {
		t.Run(tc.name, func(t *testing.T) {
			d := dict{code: map[string]uint8{}, null: -1}
			seen := map[uint8]bool{}
			code := func(v []byte) {
				c, err := d.codeOf(v)
				if err != nil {
					t.Fatalf("value %d of %d refused: %v", len(seen)+1, codes, err)
				}
				if seen[c] {
					t.Fatalf("code %d given twice", c)
				}
				seen[c] = true
			}
			code(tc.first)
			for i := 1; len(seen) < codes; i++ {
				code([]byte(fmt.Sprint(i)))
			}
			if c, err := d.codeOf(tc.last); err == nil {
				t.Errorf("the value past %d codes was given code %d, which another value holds", codes, c)
			}
		})
	}
}
