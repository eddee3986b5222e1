// Package yamlkey reads lethe's YAML files strictly (one document, no
// unknown keys, ${NAME} expanded in keys and values) and names the key an
// error is about. yaml.v3 reports "line 7: field categorys not found in
// type policy.recipientF"; a user wants "recipients.crm.categorys", and no
// value quoted back.
package yamlkey

import (
	"errors"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// Locate returns the dotted key (batch.max_records, brokers[1]) a yaml.v3
// decode error of doc is about, and the problem with quoted values left
// out, since a value may be a secret. yaml.v3 names a line, not a key; the
// key is found at that line. An error it cannot place gets the key "yaml".
func Locate(doc []byte, err error) (key, problem string) {
	_, key, problem = locate(doc, err)
	return key, problem
}

// locate is Locate that also returns the key as it is written, where key
// leaves an unknown key out: to find it in another copy of the document.
func locate(doc []byte, err error) (written, key, problem string) {
	var te *yaml.TypeError
	if !errors.As(err, &te) || len(te.Errors) == 0 {
		// "cannot decode !!str `alice@example.com` as a !!int": a
		// value, also outside type errors, is left out
		// and "unknown anchor 'Summer2024' referenced": an unquoted
		// password that starts with '*'
		msg := strings.TrimPrefix(singleQuoted.ReplaceAllStringFunc(quoted.ReplaceAllString(err.Error(), ""), punctuationOnly), "yaml: ")
		if m := lineOf.FindStringSubmatch(msg); m != nil && tabIndented(doc, m[1]) {
			// yaml.v3 says "found character that cannot start any
			// token", and not which one.
			msg += " (a tab in the indentation: YAML indents with spaces only)"
		}
		return "yaml", "yaml", msg
	}
	first := te.Errors[0]
	unknown := notFound.FindStringSubmatch(first) // nil: not an unknown key
	msg := readable(quoted.ReplaceAllString(withoutKeys(first, unknown), ""))
	if more := len(te.Errors) - 1; more > 0 {
		msg += fmt.Sprintf(" (and %d more)", more)
	}
	key = "yaml"
	if m := lineOf.FindStringSubmatch(first); m != nil {
		var root yaml.Node
		_ = yaml.Unmarshal(doc, &root) // it decoded far enough to report types: it parses
		line, _ := strconv.Atoi(m[1])
		var at []yamlPlace
		walkYAML(&root, "", func(p yamlPlace) {
			if p.line == line {
				at = append(at, p)
			}
		})
		key = placeOf(at, first, unknown, key)
	}
	written = key
	if unknown != nil && !plainKey.MatchString(unknown[1]) {
		// A value typed where a key goes ("9f86d0...: x", a password
		// given its own line): the unknown key is not shown either.
		if p, ok := strings.CutSuffix(key, unknown[1]); ok {
			key = p + "<key not shown>"
		}
	}
	return written, key, msg
}

// withoutKeys is a yaml.v3 type error with the key it names left out
// unless it is a plain key (plainKey): an unknown key ("field X not
// found"), or one written twice ("mapping key \"X\" already defined"). A
// key may hold blanks, line breaks and backticks: a pattern of \S+ let a
// passphrase typed as a key ("correct horse battery staple: x") through
// whole, and the duplicate's key was quoted as it is (a leak hunt).
// unknown is notFound's match of msg, nil for none.
func withoutKeys(msg string, unknown []string) string {
	if unknown != nil && !plainKey.MatchString(unknown[1]) {
		msg = strings.Replace(msg, unknown[0], "unknown key (not shown: it may hold a secret)", 1)
	}
	if m := duplicateKey.FindStringSubmatch(msg); m != nil {
		if k, err := strconv.Unquote(m[1]); err != nil || !plainKey.MatchString(k) {
			msg = strings.Replace(msg, m[0], "a key (not shown: it may hold a secret) already defined", 1)
		}
	}
	return msg
}

// tabIndented reports whether line (1-based, as yaml.v3 counts) of doc has
// a tab in its indentation.
func tabIndented(doc []byte, line string) bool {
	n, err := strconv.Atoi(line)
	lines := strings.Split(string(doc), "\n")
	if err != nil || n < 1 || n > len(lines) {
		return false
	}
	l := lines[n-1]
	return strings.Contains(l[:len(l)-len(strings.TrimLeft(l, " \t"))], "\t")
}

// plainKey is what an unknown key a message may show looks like: a word
// of a config's vocabulary, mistyped ("categorys", "max_record"), which
// are lower case letters and underscores; not a password typed as a key
// ("Sommer2024Passwort", "hunter2", a hex key: a review saw them shown).
var plainKey = regexp.MustCompile(`^[a-z][a-z_]{0,31}$`)

// readable rewrites yaml.v3's wording in the user's terms: no Go type
// names ("not found in type policy.recipientF"), and what was wanted
// instead of what it could not decode into.
func readable(msg string) string {
	msg = inType.ReplaceAllString(msg, "")
	if m := into.FindStringSubmatch(msg); m != nil {
		want, ok := wants[m[2]]
		switch {
		case ok:
		case strings.HasPrefix(m[2], "[]"):
			want = "a list"
		default: // a map or a struct: keys and their values
			want = "a mapping of keys to values"
		}
		got := "got " + m[1]
		if r, ok := intRanges[m[2]]; ok && m[1] == "!!int" {
			got, want = "got a whole number out of range", "one "+r // replication: 40000
		}
		msg = strings.Replace(msg, m[0], got+", want "+want, 1)
	}
	return msg
}

// wants says, for the Go types configs decode into, what to write instead.
var wants = map[string]string{
	"time.Duration": "a duration such as 200ms, 5s or 1m",
	"int":           "a whole number", "int8": "a whole number", "int16": "a whole number", "int32": "a whole number", "int64": "a whole number",
	"uint": "a whole number", "uint8": "a whole number", "uint16": "a whole number", "uint32": "a whole number", "uint64": "a whole number",
	"float64":  "a number",
	"bool":     "true or false",
	"string":   "a string (quote it)",
	"[]string": "a list of strings",
	// A named string type is no mapping, as the default would say.
	"policy.Action": "one of keep, mask, pseudonymize, tokenize or drop",
}

// intRanges are the ranges of the integer types configs decode into.
var intRanges = map[string]string{
	"int8": "from -128 to 127", "int16": "from -32768 to 32767", "int32": "from -2147483648 to 2147483647",
	"uint8": "from 0 to 255", "uint16": "from 0 to 65535", "uint32": "from 0 to 4294967295",
	"uint": "from 0 to 18446744073709551615", "uint64": "from 0 to 18446744073709551615",
	"int": "from -9223372036854775808 to 9223372036854775807", "int64": "from -9223372036854775808 to 9223372036854775807",
}

var (
	inType = regexp.MustCompile(` in type \S+`)
	into   = regexp.MustCompile(`cannot unmarshal (!!\w+) into (\S+)`)
	// quoted is the value a message quotes: one per message, which may hold
	// a backtick or a line break itself (a block scalar, a ${NAME}).
	quoted = regexp.MustCompile("(?s) `.*`")
	// singleQuoted is an anchor's or alias's name as yaml.v3 quotes it,
	// or the punctuation a syntax error expected (see punctuationOnly).
	singleQuoted = regexp.MustCompile(` '[^']*'`)
	lineOf       = regexp.MustCompile(`^line (\d+):`)
	// notFound is yaml.v3's unknown key: the whole key, whatever it holds,
	// up to the last " not found" (the type's name holds none).
	notFound = regexp.MustCompile(`(?s)field (.+) not found`)
	// duplicateKey is yaml.v3's key written twice, quoted as Go does (%#v).
	duplicateKey = regexp.MustCompile(`(?s)mapping key (.+) already defined`)
	badType      = regexp.MustCompile(`cannot unmarshal (!!\w+)`)
	quotedValue  = regexp.MustCompile("(?s)cannot unmarshal !!\\w+ `(.*)` into")
)

// punctuationOnly keeps a quoted piece of a yaml.v3 message that is one
// punctuation character, what a syntax error expected ("did not find
// expected ',' or ']'": a review saw it cut to "did not find expected"),
// and leaves out any other, which may be a value.
func punctuationOnly(q string) string {
	if inner := strings.TrimSuffix(strings.TrimPrefix(q, " '"), "'"); len(inner) == 1 && strings.Contains(",]}:-[{", inner) {
		return q
	}
	return ""
}

// quotes reports whether a yaml.v3 type error quotes n's text: as it is,
// or its first seven bytes and "..." for a longer one.
func quotes(msg string, n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	m := quotedValue.FindStringSubmatch(msg)
	if m == nil {
		return false
	}
	if short, ok := strings.CutSuffix(m[1], "..."); ok && len(n.Value) > 10 {
		return strings.HasPrefix(n.Value, short)
	}
	return m[1] == n.Value
}

// yamlPlace is a key or a value of a YAML document and its dotted path
// (batch.max_records, brokers[1]).
type yamlPlace struct {
	path  string
	key   string // the key's text for a key, "" for a value
	tag   string // a value's tag (!!str, !!map, ...)
	line  int
	isKey bool
	node  *yaml.Node // the key's or the value's; visit may change it
}

func walkYAML(n *yaml.Node, path string, visit func(yamlPlace)) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			walkYAML(c, path, visit)
		}
		return
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			join := func() string {
				if path == "" {
					return k.Value
				}
				return path + "." + k.Value
			}
			visit(yamlPlace{path: join(), key: k.Value, line: k.Line, isKey: true, node: k})
			walkYAML(v, join(), visit) // the key as visit left it (ExpandEnv expands it)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			walkYAML(c, fmt.Sprintf("%s[%d]", path, i), visit)
		}
	}
	if path != "" {
		visit(yamlPlace{path: path, tag: n.ShortTag(), line: n.Line, node: n})
	}
}

// placeOf picks the path a yaml.v3 message is about among the places on its
// line: the unknown key it names, or the one value of the tag it could not
// decode (among several, the ones whose text the message quotes: one-line
// mappings such as {commands: c1, partitions: three} hold several strings,
// and a review saw such an error named after the whole mapping); several
// candidates give their common parent, none gives def. unknown is
// notFound's match of msg, nil for none.
func placeOf(at []yamlPlace, msg string, unknown []string, def string) string {
	var paths []string
	if unknown != nil {
		for _, p := range at {
			if p.isKey && p.key == unknown[1] {
				paths = append(paths, p.path)
			}
		}
	} else if m := badType.FindStringSubmatch(msg); m != nil {
		var same []string // of the tag and the quoted text
		for _, p := range at {
			if !p.isKey && p.tag == m[1] {
				paths = append(paths, p.path)
				if quotes(msg, p.node) {
					same = append(same, p.path)
				}
			}
		}
		if len(paths) > 1 && len(same) > 0 {
			paths = same
		}
	}
	if len(paths) == 0 {
		return def
	}
	common := paths[0]
	for _, p := range paths[1:] {
		for !strings.HasPrefix(p, common) {
			i := strings.LastIndexAny(common, ".[")
			if i < 0 {
				return def
			}
			common = common[:i]
		}
	}
	return common
}
