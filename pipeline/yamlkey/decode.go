package yamlkey

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"regexp"
	"strconv"

	"gopkg.in/yaml.v3"
)

// Decode decodes doc, one YAML document, into v, refusing keys v has no
// field for, and returns the key and problem of the first error (see
// Locate), or "" and "". A second document is refused: a file that holds
// "---" and more keys after it would otherwise have them silently
// ignored, a policy's drop rules among them.
func Decode(doc []byte, v any) (key, problem string) {
	dec := yaml.NewDecoder(bytes.NewReader(doc))
	dec.KnownFields(true)
	if err := dec.Decode(v); err != nil {
		if errors.Is(err, io.EOF) {
			return "", ""
		}
		return Locate(doc, err)
	}
	return secondDocument(dec)
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

// envRef matches ${NAME}; placeholder what ExpandEnv puts in its place
// while it parses.
var (
	envRef      = regexp.MustCompile(`\$\{[A-Za-z_][A-Za-z0-9_]*\}`)
	placeholder = regexp.MustCompile(`__lethe_env_ref_(\d+)__`)
)

// ExpandEnv replaces every ${NAME} in the keys and values of doc with
// lookup(NAME), after parsing: in a comment it stays as it is, and what it
// stands for is a value whatever it holds ("team-a #prod" is not cut at
// its #, "x, keys: {...}" adds no key, "*name" is no alias). While the
// document is parsed each reference is a placeholder of letters, digits
// and underscores, which every YAML context takes ({replication: ${R}}).
// An unquoted value is typed by what it becomes (replication: ${R} with
// R=3 is a number). It returns the document written again, or the path and
// problem of a reference lookup does not know. A document it cannot parse
// is returned as it is, for Decode to report.
func ExpandEnv(doc []byte, lookup func(string) (string, bool)) (_ []byte, key, problem string) {
	if !bytes.Contains(doc, []byte("${")) {
		return doc, "", ""
	}
	var names []string
	marked := envRef.ReplaceAllFunc(doc, func(m []byte) []byte {
		names = append(names, string(m[2:len(m)-1]))
		return fmt.Appendf(nil, "__lethe_env_ref_%d__", len(names)-1)
	})
	dec := yaml.NewDecoder(bytes.NewReader(marked))
	var root yaml.Node
	if err := dec.Decode(&root); err != nil {
		return doc, "", ""
	}
	if key, problem := secondDocument(dec); problem != "" {
		return nil, key, problem
	}
	x := expander{names: names, lookup: lookup}
	x.walk(&root, "")
	if x.problem != "" {
		return nil, x.key, x.problem
	}
	out, err := yaml.Marshal(&root)
	if err != nil {
		return nil, "yaml", "writing the document with ${...} replaced: " + err.Error()
	}
	return out, "", ""
}

// expander replaces the placeholders of ExpandEnv in a parsed document.
type expander struct {
	names        []string
	lookup       func(string) (string, bool)
	key, problem string // the first reference lookup does not know
}

func (x *expander) walk(n *yaml.Node, path string) {
	switch n.Kind {
	case yaml.DocumentNode:
		for _, c := range n.Content {
			x.walk(c, path)
		}
	case yaml.MappingNode:
		for i := 0; i+1 < len(n.Content); i += 2 {
			x.scalar(n.Content[i], path)
			p := n.Content[i].Value
			if path != "" {
				p = path + "." + p
			}
			x.walk(n.Content[i+1], p)
		}
	case yaml.SequenceNode:
		for i, c := range n.Content {
			x.walk(c, fmt.Sprintf("%s[%d]", path, i))
		}
	case yaml.ScalarNode:
		x.scalar(n, path)
	}
}

func (x *expander) scalar(n *yaml.Node, path string) {
	if n.Kind != yaml.ScalarNode || !placeholder.MatchString(n.Value) {
		return
	}
	n.Value = placeholder.ReplaceAllStringFunc(n.Value, func(m string) string {
		i, _ := strconv.Atoi(placeholder.FindStringSubmatch(m)[1])
		v, ok := x.lookup(x.names[i])
		if !ok && x.problem == "" {
			if path == "" {
				path = "yaml"
			}
			x.key, x.problem = path, "${"+x.names[i]+"} is not set in the environment"
		}
		return v
	})
	if n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle|yaml.LiteralStyle|yaml.FoldedStyle) == 0 {
		n.Tag = "" // typed by what it now holds, as if written so
	}
}
