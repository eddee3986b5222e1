package debezium

import (
	"math/big"
	"time"
)

// This file keeps the goavro-based decoding that avroReader replaced, as a
// reference implementation for differential tests: goavro decodes into its
// native form, and unwrap strips the union wrappers guided by the schema.

// unwrap converts a goavro native value to lethe's value types guided by the
// schema node: union wrappers removed, int32 widened to int64, float32 to
// float64, logical types rendered as strings.
func unwrap(v any, n *avroNode) any {
	if v == nil {
		return nil
	}
	if n != nil && n.kind == avroUnion {
		m, ok := v.(map[string]any)
		if !ok || len(m) != 1 {
			return scalar(v)
		}
		for name, inner := range m {
			var branch *avroNode
			nonNull := 0
			for _, b := range n.branches {
				if b.name == name {
					branch = b
				}
				if b.name != "null" {
					nonNull++
				}
			}
			if branch == nil && nonNull == 1 {
				for _, b := range n.branches {
					if b.name != "null" {
						branch = b
					}
				}
			}
			return unwrap(inner, branch)
		}
	}
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, x := range t {
			var child *avroNode
			if n != nil {
				switch n.kind {
				case avroRecord:
					child = n.field(k)
				case avroMap:
					child = n.items
				}
			}
			out[k] = unwrap(x, child)
		}
		return out
	case []any:
		var child *avroNode
		if n != nil && n.kind == avroArray {
			child = n.items
		}
		out := make([]any, len(t))
		for i, x := range t {
			out[i] = unwrap(x, child)
		}
		return out
	}
	return scalar(v)
}

// scalar normalises goavro's scalar native types.
func scalar(v any) any {
	switch t := v.(type) {
	case int32:
		return int64(t)
	case int:
		return int64(t)
	case float32:
		return float64(t)
	case time.Time:
		return t.UTC().Format(time.RFC3339Nano)
	case time.Duration:
		return t.String()
	case *big.Rat:
		return t.FloatString(ratScale(t))
	}
	return v
}

// ratScale picks enough decimal places to render a decimal exactly.
func ratScale(r *big.Rat) int {
	d := new(big.Int).Set(r.Denom())
	scale := 0
	ten := big.NewInt(10)
	for d.Cmp(big.NewInt(1)) > 0 && scale < 40 {
		q, m := new(big.Int).QuoRem(d, ten, new(big.Int))
		if m.Sign() != 0 {
			// Not a power of ten; fall back to a generous scale.
			return 18
		}
		d = q
		scale++
	}
	return scale
}
