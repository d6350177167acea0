// Package text holds the service's one check of text that comes from outside (request
// parameters, JSON strings, imported fields) before it is stored or shown.
package text

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Check returns an error saying why v is not fit to store and show, or nil: it is not valid
// UTF-8, it is longer than max characters (max <= 0: no limit), or it holds a control
// character (NUL and the rest of C0, DEL, C1), an invisible bidirectional-text control that
// could make it display as something else, or a byte-order mark. Multiline text may hold tabs
// and line breaks.
func Check(v string, max int, multiline bool) error {
	if !utf8.ValidString(v) {
		return fmt.Errorf("is not valid UTF-8 text")
	}
	if max > 0 {
		if n := utf8.RuneCountInString(v); n > max {
			return fmt.Errorf("is %d characters long, more than %d", n, max)
		}
	}
	for _, c := range v {
		if multiline && (c == '\n' || c == '\r' || c == '\t') {
			continue
		}
		if Forbidden(c) {
			return fmt.Errorf("holds the control character %U", c)
		}
	}
	return nil
}

// Forbidden reports whether c may never appear in stored text: a control character (C0, DEL,
// C1), a bidirectional-text control (U+061C, U+200E–U+200F, U+202A–U+202E, U+2066–U+2069) or
// the byte-order mark.
func Forbidden(c rune) bool {
	return unicode.IsControl(c) || unicode.Is(unicode.Bidi_Control, c) || c == '\uFEFF'
}
