package label_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/placesafe/placesafe/internal/label"
)

func TestEveryCodeHasWords(t *testing.T) {
	n := 0
	for group, codes := range label.Groups() {
		for code, l := range codes {
			n++
			first := []rune(l)[0]
			if strings.Contains(l, "_") || (!unicode.IsUpper(first) && !unicode.IsDigit(first)) {
				t.Errorf("%s %q reads %q", group, code, l)
			}
		}
	}
	if n < 100 {
		t.Errorf("only %d codes labelled", n)
	}
}

func TestLabelsReadAsAReaderExpects(t *testing.T) {
	tests := []struct{ code, of, lower string }{
		{"childrens_social_care", "Children's social care", "children's social care"},
		{"cctv_lighting", "CCTV and street lighting", "CCTV and street lighting"},
		{"dispersal_order_pspo", "Dispersal order or public spaces protection order", "dispersal order or public spaces protection order"},
		{"not_started", "Not started", "not started"},
		{"25+", "25 and over", "25 and over"},
		{"youth_justice", "Youth justice", "youth justice"},
	}
	for _, tt := range tests {
		if got := label.Of(tt.code); got != tt.of {
			t.Errorf("Of(%q) = %q, want %q", tt.code, got, tt.of)
		}
		if got := label.Lower(tt.code); got != tt.lower {
			t.Errorf("Lower(%q) = %q, want %q", tt.code, got, tt.lower)
		}
	}
}
