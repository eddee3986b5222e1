package downstream

import (
	"encoding/binary"
	"math"
	"math/rand"
	"strings"
	"testing"
	"time"

	"github.com/linkedin/goavro/v2"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/schemas"
)

// zz is n as Avro writes an int or a long: a zig-zag varint, as
// encoding/binary's.
func zz(n int64) []byte { return binary.AppendVarint(nil, n) }

func cat(parts ...[]byte) []byte {
	var out []byte
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}

// commandHead is a command of schemas/command.avsc up to its topics: an
// empty id, ERASE, issued_at 0, an empty policy_version, no subject, an
// empty table and no record_key.
var commandHead = []byte{0, 2, 0, 0, 0, 0, 0}

// commandTail is a command's fields after its topics: no fields,
// categories or recipients, an empty reason, no legal_basis or deadline,
// and a source of an empty topic, partition 0, offset 0 and no lsn.
var commandTail = []byte{0, 0, 0, 0, 0, 0, 0, 0, 0, 0}

// validCommands are commands as lethe writes them (schemas.AvroCommands,
// goavro), without their 5-byte frame.
func validCommands(t *testing.T) [][]byte {
	t.Helper()
	var out [][]byte
	for _, c := range []pipeline.Command{
		{ID: "cmd_1", Type: "ERASE", IssuedAt: time.UnixMilli(t0), Table: "public.customers", RecordKey: `{"customer_id":"a"}`,
			Topics: []string{sanTopic}, Reason: ReasonDelete},
		{ID: "cmd_2", Type: "REDACT", IssuedAt: time.UnixMilli(t0), PolicyVersion: "v7", Table: "public.customers",
			Topics: []string{sanTopic, "lethe.sanitized.crm.customers"}, Fields: []string{"email", "phone"},
			Categories: []string{"user.contact.email"}, Recipients: []string{"default", "crm"}, Reason: "pii_discovered",
			Subject: "p_3f2a", LegalBasis: "GDPR Art. 17", Deadline: time.UnixMilli(t0 + 86_400_000)},
		{ID: "cmd_3", Type: "ERASE", Table: "public.customers", Reason: ReasonTruncate},
	} {
		c.Source.Topic, c.Source.Partition, c.Source.Offset, c.Source.LSN = "crm.public.customers", 2, 1<<40, 987_654_321
		b, _, err := schemas.AvroCommands{SchemaID: 1}.Encode(&c)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, b[5:])
	}
	// One of a hundred topics, in blocks of 7 with their sizes, as
	// Java's encoders may write them (goavro writes one block).
	var blocks []byte
	for i := 0; i < 100; i += 7 {
		n := min(7, 100-i)
		var items []byte
		for j := 0; j < n; j++ {
			items = append(items, cat(zz(1), []byte("t"))...)
		}
		blocks = cat(blocks, zz(-int64(n)), zz(int64(len(items))), items)
	}
	return append(out, cat(commandHead, blocks, []byte{0}, commandTail))
}

func checkerOf(t *testing.T, schema string) (*goavro.Codec, *avroType) {
	t.Helper()
	codec, err := goavro.NewCodec(schema)
	if err != nil {
		t.Fatal(err)
	}
	typ, err := parseAvroSchema(codec.CanonicalSchema())
	if err != nil {
		t.Fatalf("parseAvroSchema(%s): %v", codec.CanonicalSchema(), err)
	}
	return codec, typ
}

// decodeBounded is codec.NativeFromBinary with goavro's MaxBlockCount
// lowered for the call, in these tests only: should the check ever pass a
// huge count, goavro refuses it, and the test fails, rather than
// allocating gigabytes on the machine running it.
func decodeBounded(codec *goavro.Codec, b []byte) (rest []byte, err error) {
	defer func(old int64) { goavro.MaxBlockCount = old }(goavro.MaxBlockCount)
	goavro.MaxBlockCount = maxEmptyItems
	_, rest, err = codec.NativeFromBinary(b)
	return rest, err
}

// The check passes what goavro writes, and what goavro then decodes.
func TestCheckAvroPassesValidCommands(t *testing.T) {
	codec, typ := checkerOf(t, schemas.CommandAvsc)
	for i, b := range validCommands(t) {
		if err := checkAvro(typ, b); err != nil {
			t.Errorf("command %d: %v", i, err)
		}
		if rest, err := decodeBounded(codec, b); err != nil || len(rest) > 0 {
			t.Errorf("command %d: goavro: %v, %d bytes left", i, err, len(rest))
		}
	}
}

// Every length and block count is checked against the bytes left before
// goavro sizes a slice by it: goavro's make([]any, 0, count) of a command
// of a dozen bytes declaring some 2^31 items ran the Mirror out of
// memory. The huge counts are only ever given to the check, never to
// goavro.
func TestCheckAvroRefuses(t *testing.T) {
	_, command := checkerOf(t, schemas.CommandAvsc)
	topicsBlock := func(block ...[]byte) []byte { return cat(commandHead, cat(block...), commandTail) }
	for _, c := range []struct {
		name string
		b    []byte
		want string
	}{
		{"empty", nil, "cut short"},
		{"topics count 2^31-1", topicsBlock(zz(math.MaxInt32)), "block count"},
		{"topics count 2^62", topicsBlock(zz(1 << 62)), "block count"},
		{"topics count just past the bytes left", topicsBlock(zz(int64(len(commandTail) + 1))), "block count"},
		{"negative count with its size", topicsBlock(zz(-math.MaxInt32), zz(2)), "block count"},
		{"negative count, huge size", topicsBlock(zz(-1), zz(1<<40)), "block size"},
		{"negative count, negative size", topicsBlock(zz(-1), zz(-2)), "block size"},
		{"negative count, size not the items'", topicsBlock(zz(-1), zz(3), zz(1), []byte("t"), []byte{0}), "block size"},
		{"most negative count", topicsBlock(zz(math.MinInt64), zz(0)), "block count"},
		{"a second block's huge count", topicsBlock(zz(1), zz(1), []byte("t"), zz(math.MaxInt32)), "block count"},
		{"id length 2^40", cat(zz(1 << 40)), "length"},
		{"id length 2^31-1", cat(zz(math.MaxInt32), []byte("ab")), "length"},
		{"negative id length", cat(zz(-1)), "length"},
		{"varint of 11 bytes", cat(commandHead[:2], []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}), "varint"},
		{"enum index past its symbols", cat(commandHead[:1], zz(4), commandHead[2:], []byte{0}, commandTail), "enum"},
		{"negative enum index", cat(commandHead[:1], zz(-1), commandHead[2:], []byte{0}, commandTail), "enum"},
		{"union index past its branches", cat(commandHead[:4], zz(2), commandHead[5:], []byte{0}, commandTail), "union"},
		{"cut in a long", cat(commandHead[:2], []byte{0x80}), "cut short"},
	} {
		err := checkAvro(command, c.b)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
	}
	for i, b := range validCommands(t) {
		for n := range len(b) {
			if err := checkAvro(command, b[:n]); err == nil {
				t.Errorf("command %d cut to %d of its %d bytes passed", i, n, len(b))
			}
		}
	}
}

// Items that take no bytes (null, an empty record) are bounded by a
// budget per value, arrays in arrays included; a recursive schema's
// nesting is bounded, or goavro's recursion could exhaust the stack.
func TestCheckAvroBoundsFreeItemsAndNesting(t *testing.T) {
	list := `{"type":"record","name":"Node","fields":[{"name":"v","type":"long"},{"name":"next","type":["null","Node"]}]}`
	nested := func(depth int) []byte {
		var b []byte
		for range depth {
			b = append(b, 0, 2) // v 0, the Node branch
		}
		return append(b, 0, 0) // v 0, null
	}
	arrayOfArrays := func(outer, inner int64) []byte {
		b := zz(outer)
		for range outer {
			b = cat(b, zz(inner), []byte{0})
		}
		return append(b, 0)
	}
	for _, c := range []struct {
		name, schema string
		b            []byte
		want         string // "" passes
	}{
		{"100 nulls", `{"type":"array","items":"null"}`, cat(zz(100), []byte{0}), ""},
		{"2^20 nulls", `{"type":"array","items":"null"}`, cat(zz(1<<20), []byte{0}), "no bytes"},
		{"2^31-1 empty records", `{"type":"array","items":{"type":"record","name":"E","fields":[]}}`, cat(zz(math.MaxInt32), []byte{0}), "no bytes"},
		{"10 arrays of 1,000 nulls", `{"type":"array","items":{"type":"array","items":"null"}}`, arrayOfArrays(10, 1000), ""},
		{"100 arrays of 1,000 nulls", `{"type":"array","items":{"type":"array","items":"null"}}`, arrayOfArrays(100, 1000), "no bytes"},
		{"a map", `{"type":"map","values":"long"}`, cat(zz(2), zz(1), []byte("a"), zz(7), zz(1), []byte("b"), zz(8), []byte{0}), ""},
		{"a map of 2^31-1 entries", `{"type":"map","values":"null"}`, cat(zz(math.MaxInt32), zz(1), []byte("a")), "block count"},
		{"a map key length 2^40", `{"type":"map","values":"long"}`, cat(zz(1), zz(1<<40)), "length"},
		{"fixed", `{"type":"fixed","name":"F","size":4}`, []byte{1, 2, 3, 4}, ""},
		{"fixed cut short", `{"type":"fixed","name":"F","size":4}`, []byte{1, 2, 3}, "cut short"},
		{"bytes of 2^31-1", `"bytes"`, zz(math.MaxInt32), "length"},
		{"boolean 2", `"boolean"`, []byte{2}, "boolean"},
		{"double", `"double"`, make([]byte, 8), ""},
		{"float cut short", `"float"`, make([]byte, 3), "cut short"},
		{"a list 10 deep", list, nested(10), ""},
		{"a list 10,000 deep", list, nested(10_000), "nested"},
	} {
		codec, typ := checkerOf(t, c.schema)
		err := checkAvro(typ, c.b)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want == "":
			if _, err := decodeBounded(codec, c.b); err != nil {
				t.Errorf("%s: passed the check, goavro says %v", c.name, err)
			}
		case err == nil || !strings.Contains(err.Error(), c.want):
			t.Errorf("%s: err = %v, want one saying %q", c.name, err, c.want)
		}
	}
}

// Whatever passes the check, goavro decodes without a huge allocation:
// commands with bytes changed at random are only given to goavro when
// they pass, and then goavro must read them.
func TestCheckAvroPassedDecodes(t *testing.T) {
	codec, typ := checkerOf(t, schemas.CommandAvsc)
	rnd := rand.New(rand.NewSource(1))
	passed := 0
	for _, b := range validCommands(t) {
		for range 2000 {
			m := append([]byte(nil), b...)
			for range 1 + rnd.Intn(3) {
				m[rnd.Intn(len(m))] = byte(rnd.Intn(256))
			}
			if checkAvro(typ, m) != nil {
				continue
			}
			passed++
			if _, err := decodeBounded(codec, m); err != nil {
				t.Fatalf("% x passed the check, goavro says %v", m, err)
			}
		}
	}
	if passed == 0 {
		t.Fatal("no changed command passed the check")
	}
}
