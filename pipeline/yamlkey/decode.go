package yamlkey

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"reflect"
	"regexp"
	"strconv"
	"strings"
	"time"

	"gopkg.in/yaml.v3"
)

// Decode decodes doc, one YAML document, into v, refusing keys v has no
// field for, and returns the key and problem of the first error (see
// Locate), or "" and "". A second document is refused: a file that holds
// "---" and more keys after it would otherwise have them silently
// ignored, a policy's drop rules among them.
func Decode(doc []byte, v any) (key, problem string) {
	_, key, problem = decode(doc, v)
	return key, problem
}

// decode is Decode that also returns the key as it is written (locate).
func decode(doc []byte, v any) (written, key, problem string) {
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return "", "", ""
		}
		return locate(doc, err)
	}
	switch key, line := fraction(doc, reflect.TypeOf(v)); {
	case line < 0:
		return key, key, "aliases and merge keys (<<) nest too deep to check the values they give"
	case key != "":
		return key, key, fmt.Sprintf("line %d: got a number with a fraction, want a whole number", line)
	}
	key, problem = secondDocument(dec)
	return key, key, problem
}

// fraction returns the key and line of the first value of doc, decoded into
// a t, that is a number with a fraction where t has a whole number:
// yaml.v3 takes 1023.99 for 1023 and 0.5 for 0 (the default) without a
// word (a review). A whole number written as one (1e6, 3.0) is taken. It
// reads the document as yaml.v3 decodes it: aliases resolved (also as
// keys), a mapping's own keys before those of its merge key (<<), the
// first merged mapping's before a later one's, and a merged key the
// mapping holds already not read at all. A document whose aliases would
// take more than a million steps gives line -1 and the key "yaml".
func fraction(doc []byte, t reflect.Type) (key string, line int) {
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil || len(root.Content) == 0 {
		return "", 0
	}
	steps := 0
	// at, when not 0, is the line of the alias that led to n: where the
	// value is used, and the key named is there. set, for a mapping
	// merged into another, holds the keys given already.
	var walk func(n *yaml.Node, t reflect.Type, path string, at int, set map[string]bool) bool
	walk = func(n *yaml.Node, t reflect.Type, path string, at int, set map[string]bool) bool {
		if steps++; steps > maxFractionSteps {
			key, line = "yaml", -1
			return true
		}
		for t.Kind() == reflect.Pointer {
			t = t.Elem()
		}
		if reflect.PointerTo(t).Implements(unmarshaler) {
			return false // decodes itself
		}
		if at == 0 {
			at = n.Line
		}
		switch {
		case n.Kind == yaml.AliasNode && n.Alias != nil:
			return walk(n.Alias, t, path, at, set)
		case n.Kind == yaml.ScalarNode:
			if !wholeKind(t.Kind()) || t == durationType || n.ShortTag() != "!!float" {
				return false
			}
			f, err := strconv.ParseFloat(n.Value, 64)
			if err != nil || f == math.Trunc(f) {
				return false
			}
			key, line = path, at
			return true
		case n.Kind == yaml.SequenceNode && (t.Kind() == reflect.Slice || t.Kind() == reflect.Array):
			for i, c := range n.Content {
				if walk(c, t.Elem(), fmt.Sprintf("%s[%d]", path, i), 0, nil) {
					return true
				}
			}
		case n.Kind == yaml.MappingNode && (t.Kind() == reflect.Map || t.Kind() == reflect.Struct):
			var merge *yaml.Node // the last merge key's, as yaml.v3 takes it
			for i := 0; i+1 < len(n.Content); i += 2 {
				k, c := n.Content[i], n.Content[i+1]
				for k.Kind == yaml.AliasNode && k.Alias != nil {
					k = k.Alias
				}
				if k.ShortTag() == "!!merge" {
					merge = c
					continue
				}
				if set != nil {
					if set[k.Value] {
						continue // given by the mapping this one is merged into
					}
					set[k.Value] = true
				}
				p := k.Value
				if path != "" {
					p = path + "." + k.Value
				}
				var ft reflect.Type
				if t.Kind() == reflect.Struct {
					ft = fieldType(t, k.Value)
				} else {
					ft = t.Elem()
				}
				if ft != nil && walk(c, ft, p, 0, nil) {
					return true
				}
			}
			if merge == nil {
				return false
			}
			if set == nil {
				set = map[string]bool{}
				for i := 0; i+1 < len(n.Content); i += 2 {
					k := n.Content[i]
					for k.Kind == yaml.AliasNode && k.Alias != nil {
						k = k.Alias
					}
					set[k.Value] = true
				}
			}
			merged := []*yaml.Node{merge}
			if merge.Kind == yaml.SequenceNode {
				merged = merge.Content
			}
			for _, m := range merged {
				if walk(m, t, path, 0, set) {
					return true
				}
			}
		}
		return false
	}
	walk(root.Content[0], t, "", 0, nil)
	return key, line
}

// fieldType is the type of struct t's field that YAML key name decodes
// into, as yaml.v3 names fields (its tag's name, else the lower-cased
// field name; inline structs' fields as t's own, an inline map's values
// for the keys no field takes), or nil.
func fieldType(t reflect.Type, name string) reflect.Type {
	var rest reflect.Type // an inline map's values
	for i := range t.NumField() {
		f := t.Field(i)
		if !f.IsExported() && !f.Anonymous { // an embedded struct may be inlined
			continue
		}
		tag, opts, _ := strings.Cut(f.Tag.Get("yaml"), ",")
		if tag == "-" {
			continue
		}
		if strings.Contains(","+opts+",", ",inline,") {
			ft := f.Type
			for ft.Kind() == reflect.Pointer {
				ft = ft.Elem()
			}
			if ft.Kind() == reflect.Struct {
				if in := fieldType(ft, name); in != nil {
					return in
				}
			} else if ft.Kind() == reflect.Map {
				rest = ft.Elem()
			}
			continue
		}
		if tag == "" {
			tag = strings.ToLower(f.Name)
		}
		if tag == name {
			return f.Type
		}
	}
	return rest
}

// maxFractionSteps bounds fraction's walk: it follows aliases and merge
// keys as yaml.v3 does, which bounds its own work, and this is the net
// should the two ever differ (a variable for the tests).
var maxFractionSteps = 1_000_000

// wholeKind reports whether k is an integer kind.
func wholeKind(k reflect.Kind) bool {
	return reflect.Int <= k && k <= reflect.Uint64
}

var (
	unmarshaler  = reflect.TypeFor[yaml.Unmarshaler]()
	durationType = reflect.TypeFor[time.Duration]()
)

// secondDocument reports a document after the one dec has read; an empty
// one (a trailing "---") is none.
func secondDocument(dec *yaml.Decoder) (key, problem string) {
	var next yaml.Node
	switch err := dec.Decode(&next); {
	case errors.Is(err, io.EOF):
		return "", ""
	case err != nil:
		_, p := Locate(nil, err)
		return "yaml", "after the first document (a line ---): " + p
	case len(next.Content) == 0 || next.Content[0].Kind == yaml.ScalarNode && next.Content[0].ShortTag() == "!!null":
		return "", ""
	}
	return "yaml", fmt.Sprintf("a second YAML document starts at line %d (after a line ---): only one is read, and the keys after it would be ignored", next.Line)
}

// EnvRef returns the dotted path of the first key or value of doc that
// holds a ${NAME} reference, for files that are not expanded (a policy):
// a reference there would be taken as it is written. Comments do not
// count. ok is false when there is none, or doc does not parse.
func EnvRef(doc []byte) (key string, ok bool) {
	if !bytes.Contains(doc, []byte("${")) {
		return "", false
	}
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil {
		return "", false
	}
	walkYAML(&root, "", func(p yamlPlace) {
		if !ok && p.node.Kind == yaml.ScalarNode && envRef.MatchString(p.node.Value) {
			key, ok = p.path, true
		}
	})
	return key, ok
}

// envRef matches ${NAME}.
var envRef = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_]*\}`)

// marked is a document with its ${NAME} references replaced by
// placeholders of letters, digits and underscores, which every YAML
// context takes ({replication: ${R}}): prefix, the reference's index, "__".
// The prefix is one the document does not hold, so a placeholder is never
// the file's own text.
type marked struct {
	doc    []byte
	names  []string
	holder *regexp.Regexp // matches a placeholder; group 1 is the index
}

func mark(doc []byte) marked {
	// It starts with a letter YAML gives no escape: "\${X}" in double
	// quotes stays the escape error it is without references, where a
	// leading '_' made "\_" of it, a no-break space, and the placeholder
	// text went into the value (a review's group "crm-\u00a0_lethe...").
	prefix := "lethe_env_ref_"
	for bytes.Contains(doc, []byte(prefix)) {
		prefix += "x"
	}
	m := marked{holder: regexp.MustCompile(regexp.QuoteMeta(prefix) + `(\d+)__`)}
	m.doc = envRef.ReplaceAllFunc(doc, func(ref []byte) []byte {
		m.names = append(m.names, string(ref[2:len(ref)-1]))
		return fmt.Appendf(nil, "%s%d__", prefix, len(m.names)-1)
	})
	return m
}

// ExpandEnv replaces every ${NAME} in the keys and values of doc with
// lookup(NAME), after parsing (see mark): in a comment it stays as it is,
// and what it stands for is a value whatever it holds ("team-a #prod" is
// not cut at its #, "x, keys: {...}" adds no key, "*name" is no alias). An
// unquoted, untagged value is typed by what it becomes (replication: ${R}
// with R=3 is a number). It returns the document written again (use
// DecodeExpanded, whose errors name the original's lines), or the path and
// problem of a reference lookup does not know. A document it cannot parse
// is returned as it is, for Decode to report. A reader of the document
// that does not use every key passes unused (else nil): a reference
// lookup does not know is empty, not an error, where unused says the
// reader does not use its key (lethe inventory outside the pod a
// Kubernetes config names in its transactional_id).
func ExpandEnv(doc []byte, lookup func(string) (string, bool), unused func(path string) bool) (_ []byte, key, problem string) {
	if !bytes.Contains(doc, []byte("${")) {
		return doc, "", ""
	}
	m := mark(doc)
	dec := yaml.NewDecoder(bytes.NewReader(m.doc))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		return doc, "", ""
	}
	if key, problem := secondDocument(dec); problem != "" {
		return nil, key, problem
	}
	x := expander{marked: m, lookup: lookup, unused: unused}
	walkYAML(&root, "", func(p yamlPlace) { x.scalar(p.node, p.path) })
	if x.problem != "" {
		return nil, x.key, x.problem
	}
	out, err := yaml.Marshal(&root)
	if err != nil {
		return nil, "yaml", "writing the document with ${...} replaced: " + err.Error()
	}
	return out, "", ""
}

// DecodeExpanded is Decode of expanded, what ExpandEnv made of original:
// the key of an error is the same in both, and its line is the original's
// (the document written again has other lines).
func DecodeExpanded(expanded, original []byte, v any) (key, problem string) {
	written, key, problem := decode(expanded, v)
	if problem == "" || bytes.Equal(expanded, original) {
		return key, problem
	}
	if key == "yaml" {
		// An error of the document's shape (a key defined twice): the
		// original, references as placeholders, has the same shape and
		// its own lines.
		fresh := reflect.New(reflect.TypeOf(v).Elem()).Interface()
		if k, p := Decode(mark(original).doc, fresh); k == "yaml" && p != "" {
			return k, p
		}
	}
	problem = lineNumber.ReplaceAllString(problem, "") // lines of the document written again
	var root yaml.Node
	if yaml.Unmarshal(mark(original).doc, &root) == nil {
		line := 0
		walkYAML(&root, "", func(p yamlPlace) {
			if p.path == written && line == 0 { // an unknown key left out of key is found too
				line = p.line
			}
		})
		if line > 0 {
			problem = fmt.Sprintf("line %d: %s", line, problem)
		}
	}
	return key, problem
}

// lineNumber matches yaml.v3's line numbers in a message.
var lineNumber = regexp.MustCompile(`(^line \d+: | at line \d+)`)

// expander replaces the placeholders of ExpandEnv in a parsed document.
type expander struct {
	marked
	lookup       func(string) (string, bool)
	unused       func(path string) bool // may be nil
	key, problem string                 // the first reference lookup does not know
}

func (x *expander) scalar(n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode || !x.holder.MatchString(n.Value) {
		return
	}
	n.Value = x.holder.ReplaceAllStringFunc(n.Value, func(m string) string {
		i, err := strconv.Atoi(x.holder.FindStringSubmatch(m)[1])
		if err != nil || i >= len(x.names) {
			return m // no placeholder of this document's (mark makes none)
		}
		v, ok := x.lookup(x.names[i])
		if !ok && x.problem == "" && (x.unused == nil || !x.unused(path)) {
			if path == "" {
				path = "yaml"
			}
			// A path through a key written ${NAME} names it so, not by
			// its placeholder (a review saw inputs.__lethe_env_ref_0__, with an older prefix).
			path = x.holder.ReplaceAllStringFunc(path, func(m string) string {
				if k, err := strconv.Atoi(x.holder.FindStringSubmatch(m)[1]); err == nil && k < len(x.names) {
					return "${" + x.names[k] + "}"
				}
				return m
			})
			x.key, x.problem = path, "${"+x.names[i]+"} is not set in the environment"
		}
		return v
	})
	if n.Style&(yaml.TaggedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		n.Tag = "" // typed by what it now holds, as if written so; an explicit tag (!!str) stays
	}
}
