package worker

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/policy"
	"github.com/lethe-cdc/lethe/pipeline/sanitize"
)

// roundTripPieces are pieces of JSON string text that the writer must get
// right: escapes of every kind, surrogate pairs and lone surrogates,
// control characters, U+2028/U+2029 raw and escaped, bytes that are not
// UTF-8, characters the detectors read as others (fullwidth, mathematical,
// soft hyphen, C1), HTML references, and JSON held in a string.
var roundTripPieces = []string{
	`\"`, `\\`, `\/`, `\n`, `\t`, `\b`, `\f`, `\r`, `\u0000`, `\u001f`, `\u00e9`, `\u00E9`, `\u2028`, "\u2028", "\u2029",
	`\ud83d\ude00`, `\uD83D\uDE00`, `\ud800`, `\udc00`, `\ud800\u0041`, `\ud83d\ud83d\ude00`, "é", "😀", "中文", "\xff", "\xc3", "\xed\xa0\x80",
	"\x7f", "<&>", " ", ", ", "@", ".", "-", "+", "0", "12", `\u0040`, "ß", "ü",
	"＋４９ ３０ １２３４５６７", "𝐀𝐧𝐧𝐚 𝐊𝐨𝐰𝐚𝐥𝐬𝐤𝐚", "\u00ad", "\u200d", "\u00a0", "\u0085", "ー", "\ufffd", "&#64;", "&amp;",
	`\u00ad`, `\uff10`, `\u200b`, `{\"email\":\"anna.schmidt@example.com\"}`, `\\u0040`, `\\n`, "＠",
}

// roundTripPII is what a value may carry that the detectors find; the
// first three are checked for in the outputs of recipients that do not
// keep them (addresses are what the detectors find wherever they are).
var roundTripPII = []string{
	"anna.schmidt@example.com", "kasia.nowak@example.pl", `anna\u0040example.com`,
	"+49 30 1234567", "0171 1234567", "DE89 3704 0044 0532 0130 00", "Jürgen Müller",
}

// roundTripNumbers are JSON numbers of every shape, beyond 2^53 and 2^63,
// negative zero and exponents.
var roundTripNumbers = []string{"0", "-0", "7", "-12", "123456", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
	"123456789012345678901234567890", "1.5", "-0.0", "1e2", "1E+2", "2.5e-3", "0.10", "1.7976931348623157e308"}

// roundTripNames are column names that need escaping, or read as others.
var roundTripNames = []string{`note`, `we\"ird`, `k\u00e9y`, `na\\me`, `a\/b`, `x y`, `emoji😀`, `tab\t`, `qu<o>te`, `comment`, `description`, `email`, `payload`}

// roundTripGen writes random Debezium JSON of the above.
type roundTripGen struct{ r *rand.Rand }

// str returns the inside of a JSON string, with personal data when pii.
func (g roundTripGen) str(pii bool) string {
	const plain = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ 0123456789!#$%&'()*,-.:;<=>?[]^_`{|}~"
	var b strings.Builder
	for range g.r.IntN(8) {
		switch k := g.r.IntN(10); {
		case k < 4: // runs of plain bytes of every length, across the writer's eight-byte steps
			for range g.r.IntN(20) {
				b.WriteByte(plain[g.r.IntN(len(plain))])
			}
		case k < 8:
			b.WriteString(roundTripPieces[g.r.IntN(len(roundTripPieces))])
		case pii:
			b.WriteString(" " + roundTripPII[g.r.IntN(len(roundTripPII))] + " ")
		}
	}
	return b.String()
}

// value returns a JSON value: a string, a number, a literal, a number as
// a string (Debezium's decimal.handling.mode=string), or an array or
// object of them (a json or jsonb column).
func (g roundTripGen) value(depth int, pii bool) string {
	k := g.r.IntN(10)
	if depth > 2 && k >= 8 {
		k = 0
	}
	var b strings.Builder
	switch k {
	case 0, 1, 2, 3:
		return `"` + g.str(pii) + `"`
	case 4, 5:
		return roundTripNumbers[g.r.IntN(len(roundTripNumbers))]
	case 6:
		return []string{"true", "false", "null"}[g.r.IntN(3)]
	case 7:
		return `"` + roundTripNumbers[g.r.IntN(len(roundTripNumbers))] + `"`
	case 8:
		b.WriteByte('[')
		for i := range g.r.IntN(4) {
			if i > 0 {
				b.WriteString([]string{",", ", ", " ,\n"}[g.r.IntN(3)])
			}
			b.WriteString(g.value(depth+1, pii))
		}
		b.WriteByte(']')
	default:
		b.WriteByte('{')
		for i := range g.r.IntN(4) {
			if i > 0 {
				b.WriteString([]string{",", ", "}[g.r.IntN(2)])
			}
			fmt.Fprintf(&b, `"%s%d":%s`, g.str(false), i, g.value(depth+1, pii)) // names told apart by i
		}
		b.WriteByte('}')
	}
	return b.String()
}

// row returns a row image of an id and a few other columns.
func (g roundTripGen) row() string {
	var b strings.Builder
	b.WriteString(`{"id":1`)
	perm := g.r.Perm(len(roundTripNames))
	for _, i := range perm[:1+g.r.IntN(5)] {
		fmt.Fprintf(&b, `,"%s":%s`, roundTripNames[i], g.value(0, true))
	}
	b.WriteByte('}')
	return b.String()
}

// roundTripPolicy has a recipient for each action, and column rules that
// replace whole values (JSON ones too) and leave one column alone.
const roundTripPolicy = `version: roundtrip
recipients:
  default: {categories: {user: mask}}
  # a rule for user that keeps the special categories the detectors
  # report is refused: they are kept by name
  keeper: {topic: "out.keep.{table}", categories: {user: keep, user.health_and_medical: keep, user.demographic: keep, user.sexual_orientation: keep, user.biometric: keep, user.criminal_history: keep}}
  tok: {topic: "out.tok.{table}", categories: {user: tokenize}}
  psn: {topic: "out.psn.{table}", categories: {user: pseudonymize}}
  dropper: {topic: "out.drop.{table}", categories: {user: drop}}
columns:
  people.payload: {action: mask}
  people.comment: {action: tokenize}
  people.description: {not_personal: true}
  people.email: {category: user.contact.email}
`

// TestSanitizedRecordsRoundTrip writes random records (creates, updates
// with unchanged and changed columns, deletes) of crafted strings, numbers
// and nested JSON, in values and keys, through the decoder and the engine
// for a recipient of each action, and checks what the writer makes of
// them: every output is valid JSON in UTF-8; what a sanitized record keeps
// is what the input held (checkKeptAsReceived), and all of it for a
// recipient that keeps every category; a token gives back text of the
// input; and no address the detectors find goes to a recipient that does
// not keep it, in a value, a key or a command.
func TestSanitizedRecordsRoundTrip(t *testing.T) {
	p, err := policy.Parse(strings.NewReader(roundTripPolicy))
	if err != nil {
		t.Fatal(err)
	}
	d := demoParts(t)
	d.policy = p
	keys, err := (&Config{InsecureDevKeys: true}).keys()
	if err != nil {
		t.Fatal(err)
	}
	detok, err := sanitize.NewDetokenizer(keys.Token)
	if err != nil {
		t.Fatal(err)
	}
	for _, seed := range []uint64{1, 2, 3} {
		g := roundTripGen{rand.New(rand.NewPCG(seed, 0))}
		e := d.engine(t, debezium.NewDecoder(), 1)
		for i := range 500 {
			before, after, op := "null", g.row(), "c"
			switch g.r.IntN(6) {
			case 0:
				op, before, after = "d", after, "null"
			case 1:
				op, before = "u", after // every column unchanged
			case 2:
				op, before = "u", g.row()
			}
			key := `{"id":1}`
			if g.r.IntN(2) == 0 {
				key = `{"id":` + g.value(2, g.r.IntN(2) == 0) + `}`
			}
			v := `{"op":"` + op + `","source":{"schema":"public","table":"people","ts_ms":1700000000000},"before":` + before + `,"after":` + after + `}`
			in := []pipeline.Message{{Topic: "crm.public.people", Offset: 0, Key: []byte(key), Value: []byte(v), Timestamp: time.UnixMilli(1700000000000)}}
			out, err := e.Handle(context.Background(), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			e.Committed()
			checkRoundTrip(t, detok, in[0], out)
			if t.Failed() {
				t.Fatalf("seed %d, record %d: key %q, value %q", seed, i, key, v)
			}
		}
	}
}

// checkRoundTrip checks the outputs of one input m of
// TestSanitizedRecordsRoundTrip.
func checkRoundTrip(t *testing.T, detok *sanitize.Detokenizer, m pipeline.Message, out []pipeline.Output) {
	t.Helper()
	var input struct{ Before, After map[string]any }
	if err := numberDecoder(m.Value).Decode(&input); err != nil {
		t.Fatalf("the test wrote a value encoding/json does not read: %v", err)
	}
	held := allStrings(input.Before) + allStrings(input.After)
	for _, o := range out {
		switch {
		case o.Topic == pipeline.DefaultTopics.DeadLetter:
			t.Errorf("dead-lettered: %s", o.Value)
			continue
		case o.Value == nil:
			continue
		case !json.Valid(o.Value) || !utf8.Valid(o.Value):
			t.Errorf("%s: not valid JSON in UTF-8: %q", o.Topic, o.Value)
			continue
		case o.Topic == pipeline.DefaultTopics.Commands:
			var cmd pipeline.Command
			if err := json.Unmarshal(o.Value, &cmd); err != nil {
				t.Errorf("command %s: %v", o.Value, err)
			}
			noAddress(t, o.Topic, o.Value)
			continue
		case !strings.HasPrefix(o.Topic, "out.") && !strings.HasPrefix(o.Topic, "lethe.sanitized."):
			continue
		case !json.Valid(o.Key) || !utf8.Valid(o.Key):
			t.Errorf("%s: key not valid JSON in UTF-8: %q", o.Topic, o.Key)
			continue
		}
		checkKeptAsReceived(t, []pipeline.Message{m}, o)
		var env struct{ Before, After map[string]any }
		if err := numberDecoder(o.Value).Decode(&env); err != nil {
			t.Fatal(err)
		}
		if strings.HasPrefix(o.Topic, "out.keep.") {
			// Only the column rules' actions apply.
			for _, img := range []struct{ got, want map[string]any }{{env.Before, input.Before}, {env.After, input.After}} {
				for col, want := range img.want {
					if got := img.got[col]; col != "payload" && col != "comment" && !sameDecoded(got, want) {
						t.Errorf("%s: %q went out as %#v to a recipient that keeps it, the input held %#v", o.Topic, col, got, want)
					}
				}
			}
			continue
		}
		for _, img := range []map[string]any{env.Before, env.After} {
			delete(img, "description") // not_personal: goes out as it came
			noAddress(t, o.Topic, []byte(allStrings(img)))
		}
		noAddress(t, o.Topic, o.Key)
		if strings.HasPrefix(o.Topic, "out.tok.") {
			for _, run := range tokensIn(string(o.Value)) {
				var got string
				err := sanitize.ErrBadToken
				for n := len(run); n > len("tok_") && err != nil; n-- {
					got, err = detok.Detokenize(run[:n])
				}
				if err != nil {
					t.Errorf("%s: %s holds no token", o.Topic, run)
					continue
				}
				if !strings.Contains(held, got) && !isNumber(got) && !isColumnOf(got, input.Before, input.After) {
					t.Errorf("%s: a token gives back %q, not what the input held", o.Topic, got)
				}
			}
		}
	}
}

// noAddress fails when b holds one of the addresses of roundTripPII, as
// it is or with its escape decoded.
func noAddress(t *testing.T, topic string, b []byte) {
	t.Helper()
	for _, a := range []string{"anna.schmidt@example.com", "kasia.nowak@example.pl", "anna@example.com", `anna\u0040example.com`} {
		if strings.Contains(string(b), a) {
			t.Errorf("%s: %q went out: %s", topic, a, b)
		}
	}
}

// allStrings is v's strings, member names and numbers, one a line, and
// those of the JSON text a string holds.
func allStrings(v any) string {
	var b strings.Builder
	var walk func(v any)
	walk = func(v any) {
		switch x := v.(type) {
		case string:
			b.WriteString(x + "\n")
			var inner any
			if numberDecoder([]byte(x)).Decode(&inner) == nil {
				walk(inner)
			}
		case json.Number:
			b.WriteString(string(x) + "\n")
		case map[string]any:
			for k, e := range x {
				b.WriteString(k + "\n")
				walk(e)
			}
		case []any:
			for _, e := range x {
				walk(e)
			}
		}
	}
	walk(v)
	return b.String()
}

// tokensIn returns the runs of s that start with a token: "tok_" and the
// base64url after it, which may run on into the text after the token (a
// detector's span may end inside a word).
func tokensIn(s string) []string {
	var out []string
	for {
		i := strings.Index(s, "tok_")
		if i < 0 {
			return out
		}
		j := i + 4
		for j < len(s) && (s[j] >= 'a' && s[j] <= 'z' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= '0' && s[j] <= '9' || s[j] == '-' || s[j] == '_') {
			j++
		}
		out = append(out, s[i:j])
		s = s[j:]
	}
}

// isNumber reports digits with a sign or point: a number's token is of
// its digits written plainly (1E+2 as 100).
func isNumber(s string) bool { return s != "" && strings.Trim(s, "0123456789.-") == "" }

// isColumnOf reports JSON text equal to a column's value: a JSON column's
// token is of its text, which the decoder writes again when the record's
// held escapes.
func isColumnOf(s string, imgs ...map[string]any) bool {
	var v any
	if numberDecoder([]byte(s)).Decode(&v) != nil {
		return false
	}
	for _, img := range imgs {
		for _, w := range img {
			if sameDecoded(w, v) {
				return true
			}
		}
	}
	return false
}
