package yamlkey

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"regexp"
	"runtime"
	"strconv"
	"strings"
	"unicode/utf16"

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
	if key, problem := emptyKey(doc); problem != "" {
		return key, ShownKey(v, key), problem // yaml.v3 reports "" as "field  not found", and drops ~
	}
	if key, problem := emptyItem(doc); problem != "" {
		return key, ShownKey(v, key), problem
	}
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	dec.KnownFields(true)
	if err := unpanicked(func() error { return dec.Decode(v) }); err != nil {
		if errors.Is(err, io.EOF) {
			return "", "", ""
		}
		written, key, problem = locate(doc, err)
		if m := notFound.FindStringSubmatch(problem); m != nil && strings.HasSuffix(key, m[1]) {
			switch near := nearKey(v, key); {
			case near == m[1]:
				// A key right where it is written: yaml.v3 names the
				// anchor's line of a mapping an alias repeats elsewhere
				// ("did you mean max_records?" for max_records, a review).
				problem += "; it is a key here, so an alias (*name) or a merge key (<<) repeats this mapping where it is not one"
			case near != "":
				problem += "; did you mean " + near + "?" // "batch.max_record": max_records
			}
		}
		return written, key, problem
	}
	if key, problem := notWhole(doc, v); problem != "" {
		return key, key, problem
	}
	key, problem = secondDocument(dec)
	return key, key, problem
}

// emptyKey returns the path of the mapping that holds an empty or null
// key (nothing, ~ or null before the colon, or "") and the problem, or ""
// and "". yaml.v3 drops a null key without a word, KnownFields or not, and
// with it whatever it held: "null: {group: x}" or a policy's
// "defaults: {~: keep}" did nothing (a review).
func emptyKey(doc []byte) (key, problem string) {
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil {
		return "", ""
	}
	walkYAML(&root, "", func(p yamlPlace) {
		if problem != "" || !p.isKey || p.node.Kind != yaml.ScalarNode || p.node.Value != "" && p.node.ShortTag() != "!!null" {
			return
		}
		if key = strings.TrimSuffix(strings.TrimSuffix(p.path, p.key), "."); key == "" {
			key = "yaml"
		}
		problem = fmt.Sprintf("line %d: an empty key (nothing, ~ or null before the colon), which would be ignored with what it holds: write the key, or quote a key named null (\"null\")", p.line)
	})
	return key, problem
}

// emptyItem returns the path of the first empty or null item of a list in
// doc (nothing, ~ or null after its "-") and the problem, or "" and "".
// yaml.v3 drops such an item from a list of strings or numbers without a
// word: "brokers:\n  - ${KAFKA}" with KAFKA set but empty was a config
// without brokers, and lethe ran on its embedded broker in place of the
// deployment's Kafka.
func emptyItem(doc []byte) (key, problem string) {
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil {
		return "", ""
	}
	walkYAML(&root, "", func(p yamlPlace) {
		if problem != "" || p.isKey || p.node.Kind != yaml.SequenceNode {
			return
		}
		for i, c := range p.node.Content {
			if c.Kind == yaml.ScalarNode && c.ShortTag() == "!!null" {
				key = fmt.Sprintf("%s[%d]", p.path, i)
				problem = fmt.Sprintf("line %d: an empty list item (nothing, ~ or null after its -, or a ${NAME} set but empty), which would be dropped from the list: give its value, or remove the item", c.Line)
				return
			}
		}
	})
	return key, problem
}

// errYAMLPanic stands for yaml.v3's panic on a mapping or list used as a
// key beside a merge key ({x: 0, <<, {0}}, found by a fuzz test): it hashes
// the key.
var errYAMLPanic = errors.New("the YAML decoder failed on this document: a mapping or a list used as a key beside a merge key (<<)")

// unpanicked runs decode, a yaml.v3 decode, and turns yaml.v3's panic on
// an unhashable key into errYAMLPanic: a broken file must give exit 2 and
// a message, not a crash. Any other panic is a bug of lethe's (a config
// type yaml.v3 cannot fill, an UnmarshalYAML): it goes on, to be seen.
func unpanicked(decode func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			if e, ok := r.(runtime.Error); ok && strings.Contains(e.Error(), "unhashable type") {
				err = errYAMLPanic
				return
			}
			panic(r)
		}
	}()
	return decode()
}

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
// holds a ${NAME} reference, or anything else that starts with "${" (a
// shell's ${NAME:-default}), for files that are not expanded (a policy):
// it would be taken as it is written. Comments do not count. ok is false
// when there is none, or doc does not parse.
func EnvRef(doc []byte) (key string, ok bool) {
	if !bytes.Contains(doc, []byte("${")) {
		return "", false
	}
	var root yaml.Node
	if yaml.Unmarshal(doc, &root) != nil {
		return "", false
	}
	walkYAML(&root, "", func(p yamlPlace) {
		if !ok && p.node.Kind == yaml.ScalarNode && strings.Contains(p.node.Value, "${") {
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
	doc = utf8Of(doc)
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

// utf8Of returns doc in UTF-8: as it is, or decoded when it starts with
// UTF-16's byte order mark, by which yaml.v3 reads a document as UTF-16
// (Windows PowerShell's > and Out-File write files so). ExpandEnv looks
// for ${NAME} in the bytes: in UTF-16 it found none, and yaml.v3 then took
// every reference as written ("${POD_NAME}" the transactional_id of every
// replica) and an unset one for no error. An odd length is no UTF-16: it
// is left for yaml.v3 to report.
func utf8Of(doc []byte) []byte {
	if u := UTF16Text(doc); u != nil {
		return u
	}
	return doc
}

// UTF16Text returns b decoded from UTF-16 to UTF-8 when it starts with
// UTF-16's byte order mark and has an even length, else nil: the text of a
// file Windows PowerShell 5's > or Out-File wrote (a config, a key file).
func UTF16Text(b []byte) []byte {
	var order binary.ByteOrder
	switch {
	case len(b)%2 != 0:
		return nil
	case bytes.HasPrefix(b, []byte{0xff, 0xfe}):
		order = binary.LittleEndian
	case bytes.HasPrefix(b, []byte{0xfe, 0xff}):
		order = binary.BigEndian
	default:
		return nil
	}
	u := make([]uint16, 0, len(b)/2-1)
	for i := 2; i < len(b); i += 2 {
		u = append(u, order.Uint16(b[i:]))
	}
	return []byte(string(utf16.Decode(u)))
}

// DecodeExpanded is Decode of expanded, what ExpandEnv made of original:
// the key of an error is the same in both, and its line is the original's
// (the document written again has other lines).
func DecodeExpanded(expanded, original []byte, v any) (key, problem string) {
	original = utf8Of(original) // as ExpandEnv read it
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
	if n.Kind == yaml.ScalarNode && strings.Contains(n.Value, "${") && x.problem == "" && (x.unused == nil || !x.unused(path)) {
		// What mark left is no reference: ${NAME:-default}, ${1X}, an
		// unclosed ${NAME. Taken as written, a shell's default made
		// every replica's transactional_id the same text (a review).
		x.key, x.problem = x.named(path), `holds "${" but no ${NAME} reference lethe expands (NAME of letters, digits and '_'; no default such as ${NAME:-x}): the value is not shown`
	}
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
			x.key, x.problem = x.named(path), "${"+x.names[i]+"} is not set in the environment"
		}
		return v
	})
	if n.Style&(yaml.TaggedStyle|yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		n.Tag = "" // typed by what it now holds, as if written so; an explicit tag (!!str) stays
	}
}

// named is path as an error names it: a path through a key written
// ${NAME} names it so, not by its placeholder (a review saw
// inputs.__lethe_env_ref_0__, with an older prefix).
func (x *expander) named(path string) string {
	if path == "" {
		return "yaml"
	}
	return x.holder.ReplaceAllStringFunc(path, func(m string) string {
		if k, err := strconv.Atoi(x.holder.FindStringSubmatch(m)[1]); err == nil && k < len(x.names) {
			return "${" + x.names[k] + "}"
		}
		return m
	})
}
