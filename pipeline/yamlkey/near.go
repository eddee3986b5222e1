package yamlkey

import (
	"reflect"
	"regexp"
	"strings"
)

// EditDistance is the Levenshtein distance between a and b, in bytes: how
// far a typo is from a word lethe knows (did-you-mean hints, and which
// wrong values an error may quote).
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

// nearKey returns the key v's type knows at the place of the unknown key
// (its dotted path, as Locate gives it) that is closest to it, if it is
// close enough to be a typo of it ("batch.max_record" is max_records), or
// "". It reads the yaml tags of the structs along the path, through maps
// and lists.
func nearKey(v any, path string) string {
	t := reflect.TypeOf(v)
	parts := strings.Split(path, ".")
	for _, p := range parts[:len(parts)-1] {
		name, idx, _ := strings.Cut(p, "[")
		if t = field(t, name); t == nil {
			return ""
		}
		for ; idx != ""; _, idx, _ = strings.Cut(idx, "[") {
			if t = elem(t); t == nil {
				return ""
			}
		}
	}
	unknown := parts[len(parts)-1]
	best, bestD := "", 3
	for _, k := range keysOf(elem0(t)) {
		if d := EditDistance(unknown, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// field returns the type of the value key names in t: a struct's field of
// that yaml name, or a map's values.
func field(t reflect.Type, key string) reflect.Type {
	t = elem0(t)
	switch {
	case t == nil:
		return nil
	case t.Kind() == reflect.Map:
		return t.Elem()
	case t.Kind() != reflect.Struct:
		return nil
	}
	for i := range t.NumField() {
		f := t.Field(i)
		name, inline, skip := yamlKey(f)
		switch {
		case skip:
		case inline:
			if ft := field(f.Type, key); ft != nil {
				return ft
			}
		case name == key:
			return f.Type
		}
	}
	return nil
}

// elem returns the element type of a list or map type, nil for others.
func elem(t reflect.Type) reflect.Type {
	switch t = elem0(t); {
	case t == nil:
		return nil
	case t.Kind() == reflect.Slice, t.Kind() == reflect.Array, t.Kind() == reflect.Map:
		return t.Elem()
	}
	return nil
}

// elem0 is t without its pointers.
func elem0(t reflect.Type) reflect.Type {
	for t != nil && t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t
}

// keysOf returns the yaml keys of struct type t, inline structs' included.
func keysOf(t reflect.Type) []string {
	if t == nil || t.Kind() != reflect.Struct {
		return nil
	}
	var keys []string
	for i := range t.NumField() {
		name, inline, skip := yamlKey(t.Field(i))
		switch {
		case skip:
		case inline:
			keys = append(keys, keysOf(elem0(t.Field(i).Type))...)
		default:
			keys = append(keys, name)
		}
	}
	return keys
}

// ShownKey is path, a dotted key of a document to be decoded into v (as
// Locate gives it), with the keys from the first one v's type does not
// know left out, unless they are all plain keys (plainKey), as Locate
// leaves out an unknown key: a key is named before the decode that would
// refuse an unknown one (an empty key under it, a ${NAME} in it), and a
// passphrase typed where a key goes ("correct horse battery staple: {~:
// x}") was printed as the key (a leak hunt). The rest goes whole, since a
// key may hold dots of its own (alice.canary@example.com).
func ShownKey(v any, path string) string {
	t := reflect.TypeOf(v)
	parts := strings.Split(path, ".")
	for i, p := range parts {
		name, idx, _ := strings.Cut(p, "[")
		if idx != "" && !indexes.MatchString("["+idx) {
			t = nil
		} else if t != nil {
			t = field(t, name)
		}
		if t != nil {
			for ; idx != "" && t != nil; _, idx, _ = strings.Cut(idx, "[") {
				t = elem(t)
			}
			continue
		}
		for _, q := range parts[i:] {
			if name, idx, _ := strings.Cut(q, "["); !plainKey.MatchString(name) || idx != "" && !indexes.MatchString("["+idx) {
				return strings.Join(append(parts[:i], "<key not shown>"), ".")
			}
		}
		break
	}
	return path
}

// indexes are the list indexes after a key in a path: [0][3].
var indexes = regexp.MustCompile(`^(\[\d+\])+$`)
