package text_test

import (
	"testing"

	"github.com/placesafe/placesafe/internal/text"
)

func TestCheck(t *testing.T) {
	tests := []struct {
		name      string
		v         string
		max       int
		multiline bool
		ok        bool
	}{
		{"plain text", "Northbridge Park", 100, false, true},
		{"accents and emoji", "Café — 🌳", 100, false, true},
		{"empty", "", 10, false, true},
		{"NUL", "a\x00b", 100, false, false},
		{"invalid UTF-8 (overlong slash)", "a\xc0\xafb", 100, false, false},
		{"C0 escape", "a\x1bb", 100, true, false},
		{"DEL", "a\x7fb", 100, true, false},
		{"C1 next line", "a\u0085b", 100, true, false},
		{"right-to-left override", "file\u202Efdp.exe", 100, true, false},
		{"isolate", "a\u2066b", 100, false, false},
		{"left-to-right mark", "a\u200Eb", 100, false, false},
		{"arabic letter mark", "a\u061Cb", 100, false, false},
		{"byte-order mark", "\uFEFFa", 100, false, false},
		{"newline in single-line text", "a\nb", 100, false, false},
		{"tab in single-line text", "a\tb", 100, false, false},
		{"newline and tab in multiline text", "a\r\n\tb", 100, true, true},
		{"too long", "abcdef", 5, false, false},
		{"five characters of two bytes fit five", "ééééé", 5, false, true},
		{"no limit", string(make([]byte, 0, 1)) + "x", 0, false, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := text.Check(tt.v, tt.max, tt.multiline)
			if (err == nil) != tt.ok {
				t.Errorf("Check(%q, %d, %v) = %v, want ok %v", tt.v, tt.max, tt.multiline, err, tt.ok)
			}
		})
	}
}
