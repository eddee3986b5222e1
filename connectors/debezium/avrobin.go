package debezium

import (
	"encoding/binary"
	"math"
	"math/big"
	"strconv"
	"strings"
)

// avroReader decodes Avro binary straight into lethe's value types, guided
// by the schema tree: no union wrappers to strip, no second pass. goavro
// encodes (the demo's and the tests' Avro); this reader is the decode path,
// and its schema tree is what validates a registry's schema.
//
// It is defensive: every length is checked against the bytes left, nesting
// is bounded, and a budget of values (a fixed allowance plus twice the
// input, an item that takes no input counting as zeroWidthCost) stops
// arrays of a billion nulls from turning a few bytes into gigabytes; a
// decimal may not be longer than its precision allows.
type avroReader struct {
	buf []byte
	// str is buf as one string; decoded strings are substrings of it, so a
	// record's strings share a single allocation.
	str    string
	pos    int
	depth  int
	budget int
	// reason is set on the first error; it names no value. where holds the
	// record fields the error is in, innermost first (see path).
	reason string
	where  []string
}

func (r *avroReader) fail(what string) bool {
	if r.reason == "" {
		r.reason = what + " at byte " + strconv.Itoa(r.pos)
	}
	return false
}

// long reads a zig-zag varint.
func (r *avroReader) long() (int64, bool) {
	var u uint64
	for shift := uint(0); shift < 64; shift += 7 {
		if r.pos >= len(r.buf) {
			return 0, r.fail("truncated varint")
		}
		c := r.buf[r.pos]
		r.pos++
		u |= uint64(c&0x7f) << shift
		if c < 0x80 {
			return int64(u>>1) ^ -int64(u&1), true
		}
	}
	return 0, r.fail("varint too long")
}

// length reads a non-negative length that fits in the remaining input.
func (r *avroReader) length() (int, bool) {
	n, ok := r.long()
	if !ok {
		return 0, false
	}
	if n < 0 {
		return 0, r.fail("negative length")
	}
	if n > int64(len(r.buf)-r.pos) {
		return 0, r.fail("length beyond end of input")
	}
	return int(n), true
}

func (r *avroReader) raw(n int) ([]byte, bool) {
	if n > len(r.buf)-r.pos {
		return nil, r.fail("truncated value")
	}
	b := r.buf[r.pos : r.pos+n]
	r.pos += n
	return b, true
}

// read decodes one value of type n.
func (r *avroReader) read(n *avroNode) (any, bool) {
	r.budget--
	if r.budget < 0 {
		return nil, r.fail("too many values for the input size")
	}
	switch n.kind {
	case avroNull:
		return nil, true
	case avroBoolean:
		b, ok := r.raw(1)
		if !ok {
			return nil, false
		}
		switch b[0] {
		case 0:
			return false, true
		case 1:
			return true, true
		}
		return nil, r.fail("invalid boolean")
	case avroInt:
		v, ok := r.long()
		if ok && (v < math.MinInt32 || v > math.MaxInt32) {
			return nil, r.fail("int out of range")
		}
		return v, ok
	case avroLong:
		v, ok := r.long()
		return v, ok
	case avroFloat:
		b, ok := r.raw(4)
		if !ok {
			return nil, false
		}
		// Kept as float32: widened, a stored 1.1 would be written out
		// as 1.100000023841858.
		return math.Float32frombits(binary.LittleEndian.Uint32(b)), true
	case avroDouble:
		b, ok := r.raw(8)
		if !ok {
			return nil, false
		}
		return math.Float64frombits(binary.LittleEndian.Uint64(b)), true
	case avroBytes, avroString:
		l, ok := r.length()
		if !ok {
			return nil, false
		}
		start := r.pos
		b, _ := r.raw(l)
		if n.kind == avroString {
			return r.str[start : start+l], true
		}
		if n.decimal {
			if len(b) > n.maxBytes {
				return nil, r.fail("decimal longer than its precision allows")
			}
			return decimalString(b, n.scale), true
		}
		return append([]byte(nil), b...), true
	case avroFixed:
		b, ok := r.raw(n.size)
		if !ok {
			return nil, false
		}
		if n.decimal { // its size was bounded with the schema
			return decimalString(b, n.scale), true
		}
		return append([]byte(nil), b...), true
	case avroEnum:
		i, ok := r.long()
		if !ok {
			return nil, false
		}
		if i < 0 || i >= int64(len(n.symbols)) {
			return nil, r.fail("enum index out of range")
		}
		return n.symbols[i], true
	case avroUnion:
		i, ok := r.long()
		if !ok {
			return nil, false
		}
		if i < 0 || i >= int64(len(n.branches)) {
			return nil, r.fail("union index out of range")
		}
		return r.read(n.branches[i])
	case avroRecord:
		// A record becomes a map, whether or not its fields take input:
		// charged here, wherever it is. Charged only as an array's or a
		// map's item, records nested in an item (a chain of a hundred)
		// or a schema whose records each hold two of the next (a tree
		// of millions from a few names) turned 8 bytes into 224 MiB.
		if r.budget -= recordCost(n); r.budget < 0 {
			return nil, r.fail("too many values for the input size")
		}
		if !r.enter() {
			return nil, false
		}
		m, ok := r.record(n)
		r.depth--
		if !ok {
			return nil, false
		}
		if n.name == varDecimalName {
			if d, ok := varDecimal(m); ok {
				return d, true
			}
		}
		return m, true
	case avroArray:
		if !r.enter() {
			return nil, false
		}
		defer func() { r.depth-- }()
		a := []any{}
		for {
			count, ok := r.blockCount()
			if !ok {
				return nil, false
			}
			if count == 0 {
				return a, true
			}
			if !r.charge(count, n.items) {
				return nil, false
			}
			for range count {
				v, ok := r.read(n.items)
				if !ok {
					return nil, false
				}
				a = append(a, v)
			}
		}
	case avroMap:
		if !r.enter() {
			return nil, false
		}
		defer func() { r.depth-- }()
		m := map[string]any{}
		for {
			count, ok := r.blockCount()
			if !ok {
				return nil, false
			}
			if count == 0 {
				return m, true
			}
			if !r.charge(count, n.items) {
				return nil, false
			}
			for range count {
				l, ok := r.length()
				if !ok {
					return nil, false
				}
				k := r.str[r.pos : r.pos+l]
				r.pos += l
				v, ok := r.read(n.items)
				if !ok {
					return nil, false
				}
				m[k] = v
			}
		}
	}
	return nil, r.fail("unsupported type")
}

func (r *avroReader) enter() bool {
	r.depth++
	if r.depth > maxDepth {
		return r.fail("nesting deeper than " + strconv.Itoa(maxDepth))
	}
	return true
}

// record decodes a record's fields into a map.
func (r *avroReader) record(n *avroNode) (map[string]any, bool) {
	m := make(map[string]any, len(n.fields))
	for i := range n.fields {
		v, ok := r.read(n.fields[i].node)
		if !ok {
			r.where = append(r.where, n.fields[i].name) // innermost first
			return nil, false
		}
		m[n.fields[i].name] = v
	}
	return m, true
}

// path is where the reader failed, as a dotted path of record field names
// from the outermost: "after.email". Field names are schema, not data; one
// that does not look like a name is replaced (safeName).
func (r *avroReader) path() string {
	var b strings.Builder
	for i := len(r.where) - 1; i >= 0; i-- {
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(safeName(r.where[i]))
	}
	return b.String()
}

// charge takes from the budget what count repeated values of type items
// (an array's or a map's block) cost beyond their own reads, and fails
// when the input is too small for them: a value that takes no input still
// takes a slot of memory. Without it a megabyte of nulls would decode
// into hundreds. (A record is charged its map when it is read.)
func (r *avroReader) charge(count int64, items *avroNode) bool {
	cost := int64(itemCost(items))
	if cost == 0 {
		return true
	}
	if count > int64(r.budget)/cost {
		return r.fail("block count beyond input size")
	}
	r.budget -= int(count * cost)
	return true
}

// itemCost is the extra budget a repeated value of n costs, in slots of 16
// bytes: a value that takes no input (see avroNode.zeroWidth) about its
// slot. A union's branch index takes a byte of input, so a null branch
// costs nothing more: nullable array items, as Debezium writes them, stay
// cheap.
func itemCost(n *avroNode) int {
	if n.zeroWidth() {
		return zeroWidthCost
	}
	return 0
}

// recordCost is what a record's map costs of the budget, in slots of 16
// bytes (one of one entry takes some 320 bytes).
func recordCost(n *avroNode) int { return 4*len(n.fields) + 16 }

// zeroWidthCost is what a repeated value that takes no input costs of the
// reader's budget: about the memory it takes, a slot of a []any.
const zeroWidthCost = 16

// blockCount reads an array or map block header. A negative count is
// followed by the block's byte size, which is skipped.
func (r *avroReader) blockCount() (int64, bool) {
	c, ok := r.long()
	if !ok {
		return 0, false
	}
	if c < 0 {
		if c == math.MinInt64 {
			return 0, r.fail("invalid block count")
		}
		c = -c
		if _, ok := r.long(); !ok {
			return 0, false
		}
	}
	if c > int64(r.budget) {
		return 0, r.fail("block count beyond input size")
	}
	return c, true
}

// varDecimalName is the Avro name of Debezium's VariableScaleDecimal, in
// which it writes a NUMERIC without precision under its default
// decimal.handling.mode=precise: a record of a scale and the unscaled
// bytes.
const varDecimalName = "io.debezium.data.VariableScaleDecimal"

// varDecimal renders a VariableScaleDecimal record as its decimal, as
// the decimal logical type is: read as a record, its bytes went out as
// base64, and a phone or card number in such a column went out raw (a
// leak hunt). A record of another shape, or out of bounds, stays a record.
func varDecimal(m map[string]any) (string, bool) {
	scale, ok := m["scale"].(int64)
	value, vok := m["value"].([]byte)
	if !ok || !vok || len(m) != 2 || scale < -maxScale || scale > maxScale {
		return "", false
	}
	return decimalText(value, int(scale))
}

// decimalString renders a big-endian two's-complement unscaled value with
// scale as a decimal string, e.g. "-12.34".
func decimalString(b []byte, scale int) string {
	v := new(big.Int).SetBytes(b)
	if len(b) > 0 && b[0]&0x80 != 0 {
		v.Sub(v, new(big.Int).Lsh(big.NewInt(1), uint(len(b))*8))
	}
	s := v.String()
	if scale == 0 {
		return s
	}
	neg := s[0] == '-'
	if neg {
		s = s[1:]
	}
	if len(s) <= scale {
		s = strings.Repeat("0", scale-len(s)+1) + s
	}
	s = s[:len(s)-scale] + "." + s[len(s)-scale:]
	if neg {
		s = "-" + s
	}
	return s
}
