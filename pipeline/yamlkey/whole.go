package yamlkey

import (
	"encoding"
	"fmt"
	"math"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"gopkg.in/yaml.v3"
)

// notWhole returns the key of a value of doc that yaml.v3, decoding doc
// into a value of v's type, cuts or wraps to fit an integer, and the
// problem to report; "" and "" when there is none. yaml.v3 takes 1023.99
// for 1023, 0.5 for 0 (a default) and -.inf for the smallest int64 without
// a word (reviews).
//
// It decodes doc again, with yaml.v3 itself, into v's type and into a
// mirror of it whose integers are float64s, and compares the two: every
// rule of yaml.v3 (aliases, merge keys, inline structs and maps, key types,
// the syntax of numbers) then holds for both alike, which two reviews
// found a walk of the document's nodes could not match. A document the
// mirror does not take (none should) is not checked, nor the inside of a
// recursive type (reflect cannot build its mirror).
func notWhole(doc []byte, v any) (key, problem string) {
	t := reflect.TypeOf(v)
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	m := mirrorOf(t)
	if m == nil {
		return "", "" // no integer to cut
	}
	// Both decoded afresh: v may hold values (defaults) the document
	// leaves as they are.
	ov, mv := reflect.New(t), reflect.New(m.typ)
	if unpanicked(func() error { return yaml.Unmarshal(doc, ov.Interface()) }) != nil ||
		unpanicked(func() error { return yaml.Unmarshal(doc, mv.Interface()) }) != nil {
		return "", ""
	}
	var path []string
	problem = m.find(mv.Elem(), ov.Elem(), &path)
	if problem == "" {
		return "", ""
	}
	key = strings.TrimPrefix(strings.Join(path, ""), ".")
	if line := valueLine(doc, key); line > 0 {
		problem = fmt.Sprintf("line %d: %s", line, problem)
	}
	return key, problem
}

// mirror is the twin of a Go type that holds integers, with float64s in
// their place: what yaml.v3 would put in them, uncut.
type mirror struct {
	typ     reflect.Type
	integer bool    // a float64 standing for an integer (changed reads its kind off the decoded value)
	elem    *mirror // of a pointer, slice, array or map
	// fields are a struct's, one per field of typ: its YAML key ("" when
	// inline) and its mirror (nil where it holds no integer).
	fields []mirrorField
}

type mirrorField struct {
	key   string
	index int // of the original's field
	m     *mirror
}

var mirrors sync.Map // reflect.Type -> *mirror (nil: no integer in it)

// mirrorOf returns t's mirror, or nil when t holds no integer yaml.v3 would
// fill from a number (an integer of a type that decodes itself is its own
// business).
func mirrorOf(t reflect.Type) *mirror {
	if m, ok := mirrors.Load(t); ok {
		return m.(*mirror)
	}
	m := buildMirror(t, map[reflect.Type]bool{})
	mirrors.Store(t, m)
	return m
}

var (
	durationType = reflect.TypeFor[time.Duration]()
	nodeType     = reflect.TypeFor[yaml.Node]() // yaml.v3 stores the node itself
	float64Type  = reflect.TypeFor[float64]()
	unmarshalers = []reflect.Type{reflect.TypeFor[yaml.Unmarshaler](), reflect.TypeFor[encoding.TextUnmarshaler](), reflect.TypeFor[obsoleteUnmarshaler]()}
)

// obsoleteUnmarshaler is yaml.v2's interface, which yaml.v3 still honours.
type obsoleteUnmarshaler interface {
	UnmarshalYAML(unmarshal func(any) error) error
}

// buildMirror builds t's mirror. inProgress breaks recursive types, which
// reflect cannot build: their inside is not checked.
func buildMirror(t reflect.Type, inProgress map[reflect.Type]bool) *mirror {
	if t == durationType || t == nodeType || inProgress[t] {
		return nil
	}
	for _, u := range unmarshalers {
		if t.Implements(u) || reflect.PointerTo(t).Implements(u) {
			return nil
		}
	}
	if reflect.Int <= t.Kind() && t.Kind() <= reflect.Uintptr {
		return &mirror{typ: float64Type, integer: true}
	}
	inProgress[t] = true
	defer delete(inProgress, t)
	var e *mirror
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		if e = buildMirror(t.Elem(), inProgress); e == nil {
			return nil
		}
	case reflect.Struct:
		return structMirror(t, inProgress)
	default:
		return nil
	}
	m := &mirror{elem: e}
	switch t.Kind() {
	case reflect.Pointer:
		m.typ = reflect.PointerTo(e.typ)
	case reflect.Slice:
		m.typ = reflect.SliceOf(e.typ)
	case reflect.Array:
		m.typ = reflect.ArrayOf(t.Len(), e.typ)
	default:
		m.typ = reflect.MapOf(t.Key(), e.typ)
	}
	return m
}

// structMirror is buildMirror for a struct: the fields yaml.v3 reads
// (exported ones, and embedded ones), under the YAML tags they have (an
// embedded struct of an unexported type becomes an exported field: the
// tag keeps it inline), with integers mirrored.
func structMirror(t reflect.Type, inProgress map[reflect.Type]bool) *mirror {
	m := &mirror{}
	var fields []reflect.StructField
	mirrored := false
	for i := range t.NumField() {
		f := t.Field(i)
		name, inline, skip := yamlKey(f)
		if skip {
			continue
		}
		tag := name // the mirror's field has another name
		if inline {
			tag = ",inline"
		}
		ft := f.Type
		fm := buildMirror(f.Type, inProgress)
		if fm != nil {
			ft, mirrored = fm.typ, true
		}
		fields = append(fields, reflect.StructField{Name: "F" + strconv.Itoa(i), Type: ft, Tag: reflect.StructTag(`yaml:` + strconv.Quote(tag))})
		m.fields = append(m.fields, mirrorField{key: name, index: i, m: fm})
	}
	if !mirrored {
		return nil
	}
	m.typ = reflect.StructOf(fields)
	return m
}

// yamlKey returns the key yaml.v3 reads struct field f under, "" with
// inline for an inline one, or skip for one it leaves alone (unexported,
// or tagged "-").
func yamlKey(f reflect.StructField) (name string, inline, skip bool) {
	if !f.IsExported() && !f.Anonymous {
		return "", false, true
	}
	tag := f.Tag.Get("yaml")
	if tag == "" && !strings.Contains(string(f.Tag), ":") {
		tag = string(f.Tag) // yaml.v3 takes a bare tag whole
	}
	if tag == "-" {
		return "", false, true
	}
	name, opts, _ := strings.Cut(tag, ",")
	if strings.Contains(","+opts+",", ",inline,") {
		return "", true, false
	}
	if name == "" {
		name = strings.ToLower(f.Name)
	}
	return name, false, false
}

// find compares mv, a value of m.typ, with ov, the same document decoded
// into the original type, for a number yaml.v3 cut or wrapped to fit an
// integer, keeping path (".key", "[i]") to it; it returns the problem, or
// "".
func (m *mirror) find(mv, ov reflect.Value, path *[]string) string {
	if m.integer {
		return changed(mv.Float(), ov)
	}
	at := len(*path)
	switch mv.Kind() {
	case reflect.Pointer:
		if !mv.IsNil() && !ov.IsNil() {
			return m.elem.find(mv.Elem(), ov.Elem(), path)
		}
	case reflect.Slice, reflect.Array:
		for i := range min(mv.Len(), ov.Len()) {
			*path = append((*path)[:at], "["+strconv.Itoa(i)+"]")
			if p := m.elem.find(mv.Index(i), ov.Index(i), path); p != "" {
				return p
			}
		}
	case reflect.Map:
		keys := mv.MapKeys()
		sort.Slice(keys, func(i, j int) bool { return fmt.Sprint(keys[i]) < fmt.Sprint(keys[j]) })
		for _, k := range keys {
			o := ov.MapIndex(k)
			if !o.IsValid() {
				continue
			}
			*path = append((*path)[:at], "."+fmt.Sprint(k))
			if p := m.elem.find(mv.MapIndex(k), o, path); p != "" {
				return p
			}
		}
	case reflect.Struct:
		for i, f := range m.fields {
			if f.m == nil {
				continue
			}
			*path = (*path)[:at]
			if f.key != "" {
				*path = append(*path, "."+f.key)
			}
			if p := f.m.find(mv.Field(i), ov.Field(f.index), path); p != "" {
				return p
			}
		}
	}
	*path = (*path)[:at]
	return ""
}

// changed returns why the integer got, decoded from the number f, is not
// f, or "".
func changed(f float64, got reflect.Value) string {
	if f != math.Trunc(f) || math.IsInf(f, 0) || math.IsNaN(f) {
		return "got a number that is not whole, want a whole number"
	}
	var g float64
	if got.CanInt() {
		g = float64(got.Int())
	} else {
		g = float64(got.Uint())
	}
	if g != f {
		name := got.Kind().String()
		if got.Kind() == reflect.Uintptr {
			name = "uint64"
		}
		return "got a whole number out of range, want one " + intRanges[name]
	}
	return ""
}

// valueLine returns the line of the value at key in doc, or 0 (a value a
// merge key or an alias gave has none of its own).
func valueLine(doc []byte, key string) int {
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil {
		return 0
	}
	line := 0
	walkYAML(&root, "", func(p yamlPlace) {
		if line == 0 && !p.isKey && p.path == key {
			line = p.line
		}
	})
	return line
}
