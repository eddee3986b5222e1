package downstream

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
)

// Why the Mirror checks an Avro command before goavro decodes it: goavro
// sizes an array (and a map) by the block count it declares before it has
// read a single item (make([]any, 0, count) in its array.go), so a command
// of a dozen bytes on lethe.commands declaring some 2^31 items made it ask
// for 32 GiB, and the Mirror died with "fatal error: runtime: out of
// memory", then again at every restart, at the same command. goavro's
// only bound, the package variable MaxBlockCount, is global to the
// process, which a library must not set for its host. So checkAvro walks the binary against the schema
// first, allocating nothing, and goavro only sees commands whose every
// length and count is backed by the bytes that follow.

const (
	// maxAvroDepth bounds the nesting of a value (records, arrays, maps
	// and unions in one another): a recursive schema (a record holding a
	// union of itself) lets a few bytes per level nest without end, and
	// goavro decodes by recursion.
	maxAvroDepth = 64
	// maxEmptyItems bounds the array items whose encoding may take no
	// bytes (null, a record of only such fields), in all of the value
	// checkAvro reads: the bytes left cannot bound their count.
	maxEmptyItems = 1 << 16
)

// avroType is a node of an Avro schema, as much of it as the check needs.
// Named types are one node, which every reference to them shares, so a
// recursive schema is a graph with cycles.
type avroType struct {
	kind  string      // a primitive's name, or record, enum, array, map, union or fixed
	sub   []*avroType // a record's fields, a union's branches
	items *avroType   // an array's items, a map's values
	n     int64       // an enum's symbols, a fixed's size
	empty bool        // its encoding may take no bytes
}

// parseAvroSchema reads a schema in Parsing Canonical Form, as goavro's
// Codec.CanonicalSchema gives it: every name is a full name, and a named
// type is defined before, or while, it is referred to.
func parseAvroSchema(canonical string) (*avroType, error) {
	var v any
	if err := json.Unmarshal([]byte(canonical), &v); err != nil {
		return nil, fmt.Errorf("schema is not JSON: %w", err)
	}
	return parseAvroType(v, map[string]*avroType{})
}

func parseAvroType(v any, named map[string]*avroType) (*avroType, error) {
	switch s := v.(type) {
	case string:
		switch s {
		case "null":
			return &avroType{kind: s, empty: true}, nil
		case "boolean", "int", "long", "float", "double", "bytes", "string":
			return &avroType{kind: s}, nil
		}
		if t, ok := named[s]; ok {
			return t, nil
		}
		return nil, fmt.Errorf("schema refers to an undefined type %q", s)
	case []any:
		t := &avroType{kind: "union"}
		for _, b := range s {
			bt, err := parseAvroType(b, named)
			if err != nil {
				return nil, err
			}
			t.sub = append(t.sub, bt)
		}
		return t, nil
	case map[string]any:
		kind, _ := s["type"].(string)
		t := &avroType{kind: kind}
		if name, ok := s["name"].(string); ok {
			named[name] = t // before its fields, which may refer to it
		}
		var err error
		switch kind {
		case "record", "error":
			t.kind = "record"
			empty := true // t.empty stays false while its fields are read
			fields, _ := s["fields"].([]any)
			for _, f := range fields {
				fm, _ := f.(map[string]any)
				ft, err := parseAvroType(fm["type"], named)
				if err != nil {
					return nil, err
				}
				t.sub = append(t.sub, ft)
				empty = empty && ft.empty
			}
			t.empty = empty
		case "enum":
			symbols, _ := s["symbols"].([]any)
			t.n = int64(len(symbols))
		case "fixed":
			size, _ := s["size"].(float64)
			t.n = int64(size)
			t.empty = t.n == 0
		case "array":
			t.items, err = parseAvroType(s["items"], named)
		case "map":
			t.items, err = parseAvroType(s["values"], named)
		default: // a primitive written as an object, as with a logicalType
			return parseAvroType(kind, named)
		}
		if err != nil {
			return nil, err
		}
		return t, nil
	}
	return nil, errors.New("schema holds a type that is neither a name, a union nor an object")
}

// checkAvro reports whether b begins with a value of t that goavro can
// decode without allocating more than b's length warrants: every varint
// ends within 5 (int) or 10 (long) bytes, every length and block size fits
// in the bytes left, every block count of items that take at least one
// byte too, items that may take none number at most maxEmptyItems in all,
// enum and union indexes are in range and values nest at most maxAvroDepth
// deep. Bytes after the value are left to the caller. Its errors name the
// byte offset and what is wrong, never a value.
func checkAvro(t *avroType, b []byte) error {
	c := avroChecker{b: b, empty: maxEmptyItems}
	return c.value(t, 0)
}

type avroChecker struct {
	b     []byte
	off   int   // bytes read
	empty int64 // items that may take no bytes still allowed
}

func (c *avroChecker) left() int64 { return int64(len(c.b) - c.off) }

func (c *avroChecker) fail(format string, args ...any) error {
	return fmt.Errorf("at byte %d of the Avro binary: "+format, append([]any{c.off}, args...)...)
}

// varint reads a zig-zag varint of at most max bytes.
func (c *avroChecker) varint(max int) (int64, error) {
	var u uint64
	for i := range max {
		if c.off >= len(c.b) {
			return 0, c.fail("cut short")
		}
		x := c.b[c.off]
		c.off++
		u |= uint64(x&0x7f) << (7 * i)
		if x < 0x80 {
			return int64(u>>1) ^ -int64(u&1), nil
		}
	}
	return 0, c.fail("a varint longer than %d bytes", max)
}

// skip passes n bytes, checking first that there are as many.
func (c *avroChecker) skip(n int64) error {
	if n < 0 || n > c.left() {
		return c.fail("cut short")
	}
	c.off += int(n)
	return nil
}

// length reads a string's or bytes' length and passes them.
func (c *avroChecker) length() error {
	n, err := c.varint(10)
	switch {
	case err != nil:
		return err
	case n < 0:
		return c.fail("a negative length")
	case n > c.left():
		return c.fail("a length exceeds the bytes left")
	}
	c.off += int(n)
	return nil
}

// index reads an enum's or a union's index, which must be below n.
func (c *avroChecker) index(n int64, what string) (int64, error) {
	i, err := c.varint(10)
	if err == nil && (i < 0 || i >= n) {
		err = c.fail("%s index out of range", what)
	}
	return i, err
}

func (c *avroChecker) value(t *avroType, depth int) error {
	if depth > maxAvroDepth {
		return c.fail("values nested more than %d deep", maxAvroDepth)
	}
	switch t.kind {
	case "null":
		return nil
	case "boolean":
		if c.left() < 1 {
			return c.fail("cut short")
		}
		if c.b[c.off] > 1 {
			return c.fail("a boolean neither 0 nor 1")
		}
		c.off++
		return nil
	case "int":
		_, err := c.varint(5)
		return err
	case "long":
		_, err := c.varint(10)
		return err
	case "float":
		return c.skip(4)
	case "double":
		return c.skip(8)
	case "bytes", "string":
		return c.length()
	case "fixed":
		return c.skip(t.n)
	case "enum":
		_, err := c.index(t.n, "an enum")
		return err
	case "union":
		i, err := c.index(int64(len(t.sub)), "a union")
		if err != nil {
			return err
		}
		return c.value(t.sub[i], depth+1)
	case "record":
		for _, f := range t.sub {
			if err := c.value(f, depth+1); err != nil {
				return err
			}
		}
		return nil
	case "array", "map":
		return c.blocks(t, depth)
	}
	return c.fail("a type the check does not know, %q", t.kind)
}

// blocks passes an array's or a map's blocks: a count, and when it is
// negative its absolute value and the block's size in bytes, then as many
// items (a map's each a string key and a value), until a count of 0.
func (c *avroChecker) blocks(t *avroType, depth int) error {
	emptyItems := t.kind == "array" && t.items.empty
	for {
		n, err := c.varint(10)
		if err != nil {
			return err
		}
		if n == 0 {
			return nil
		}
		size := int64(-1)
		if n < 0 {
			if n == math.MinInt64 {
				return c.fail("a block count out of range")
			}
			n = -n
			if size, err = c.varint(10); err != nil {
				return err
			}
			if size < 0 || size > c.left() {
				return c.fail("a block size exceeds the bytes left")
			}
		}
		if emptyItems {
			if c.empty -= n; c.empty < 0 {
				return c.fail("more than %d array items that may take no bytes", maxEmptyItems)
			}
		} else if n > c.left() || (size >= 0 && n > size) {
			return c.fail("a block count exceeds the bytes left")
		}
		start := c.off
		for range n {
			if t.kind == "map" {
				if err := c.length(); err != nil {
					return err
				}
			}
			if err := c.value(t.items, depth+1); err != nil {
				return err
			}
		}
		if size >= 0 && int64(c.off-start) != size {
			return c.fail("a block size that is not its items'")
		}
	}
}
