package api

import (
	"fmt"
	"maps"
	"slices"
)

// WalkJSON visits a value decoded from JSON into any: each member with member(path, name),
// whose false skips the member's value, and each string with str(path, s) (str may be nil).
// Members are visited in name order and named by their path: title, lines[2], a.b; the value
// itself has the path "".
func WalkJSON(v any, member func(path, name string) bool, str func(path, s string)) {
	walkJSON("", v, member, str)
}

func walkJSON(path string, v any, member func(path, name string) bool, str func(path, s string)) {
	switch v := v.(type) {
	case string:
		if str != nil {
			str(path, v)
		}
	case []any:
		for i, x := range v {
			walkJSON(fmt.Sprintf("%s[%d]", path, i), x, member, str)
		}
	case map[string]any:
		names := slices.Sorted(maps.Keys(v))
		for _, k := range names {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if member(p, k) {
				walkJSON(p, v[k], member, str)
			}
		}
	}
}
