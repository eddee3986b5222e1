package kafka

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/pipeline"
)

// produceKeyed creates inTopic with parts partitions (and outTopic) and
// writes n records whose keys repeat every keys records, so that one key
// has many inputs and the order of its outputs can be checked.
func produceKeyed(t testing.TB, addr string, parts int32, n, keys int) {
	t.Helper()
	produceRecords(t, addr, inTopic, parts, n, keys)
}

// checkAllCommittedOnce waits for the outputs' transactions to settle and
// asserts checkCommittedOnce with all n inputs committed.
func checkAllCommittedOnce(t testing.TB, addr, group string, n int) {
	t.Helper()
	waitStable(t, addr, outTopic, 30*time.Second)
	if got := checkCommittedOnce(t, addr, group); got != n {
		t.Errorf("%d inputs committed, want %d", got, n)
	}
}

// inputRec is an input record as the invariant check sees it.
type inputRec struct {
	key       string
	partition int32
	offset    int64
}

// checkCommittedOnce asserts the exactly-once invariant against the
// group's committed offsets, reading the outputs read_committed: every
// input below its partition's committed offset has exactly its "a" and
// "b" outputs, no input at or past it has any, no output names a record
// that is not an input, and each key's outputs follow its inputs' order
// ("a" then "b" of one input before those of the next). It returns how
// many inputs are committed.
func checkCommittedOnce(t testing.TB, addr, group string) int {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	offs, err := newAdmin(t, addr).FetchOffsets(ctx, group)
	if err != nil {
		t.Fatalf("fetch the group's offsets: %v", err)
	}
	committed := map[int32]int64{}
	offs.Each(func(o kadm.OffsetResponse) {
		if o.Topic == inTopic && o.Err == nil {
			committed[o.Partition] = o.At
		}
	})
	inputs := map[string]inputRec{}
	want := 0
	err = ScanTopic(ctx, []string{addr}, inTopic, func(r *kgo.Record) {
		pos := pipeline.Position{Topic: r.Topic, Partition: r.Partition, Offset: r.Offset}.String()
		inputs[pos] = inputRec{key: string(r.Key), partition: r.Partition, offset: r.Offset}
		if r.Offset < committed[r.Partition] {
			want++
		}
	})
	if err != nil {
		t.Fatalf("scan inputs: %v", err)
	}
	type seen struct{ a, b int }
	got := map[string]*seen{}
	// Per key, the outputs in the order a read_committed reader sees them
	// on their partition (one key, one output partition).
	perKey := map[string][]string{}
	var stray, total int
	var outs []*kgo.Record
	if err := ScanTopic(ctx, []string{addr}, outTopic, func(r *kgo.Record) { outs = append(outs, r) }); err != nil {
		t.Fatalf("scan outputs: %v", err)
	}
	slices.SortStableFunc(outs, func(x, y *kgo.Record) int {
		if x.Partition != y.Partition {
			return int(x.Partition - y.Partition)
		}
		return int(x.Offset - y.Offset)
	})
	for _, r := range outs {
		total++
		pos, cp := outputHeaders(r)
		in, ok := inputs[pos]
		if !ok {
			stray++
			continue
		}
		if got[pos] == nil {
			got[pos] = &seen{}
		}
		if cp == "a" {
			got[pos].a++
		} else {
			got[pos].b++
		}
		perKey[in.key] = append(perKey[in.key], pos+"/"+cp)
	}
	var missing, dup, beyond []string
	for pos, in := range inputs {
		s := got[pos]
		below := in.offset < committed[in.partition]
		switch {
		case !below && s != nil:
			beyond = append(beyond, pos)
		case below && (s == nil || s.a == 0 || s.b == 0):
			missing = append(missing, pos)
		case below && (s.a > 1 || s.b > 1):
			dup = append(dup, pos)
		}
	}
	slices.Sort(missing)
	slices.Sort(dup)
	slices.Sort(beyond)
	if len(missing)+len(dup)+len(beyond)+stray != 0 || total != 2*want {
		t.Errorf("not exactly once: %d committed outputs for %d committed inputs (want %d); missing %d %q, duplicated %d %q, past the committed offsets %d %q, of unknown inputs %d",
			total, want, 2*want, len(missing), firstFew(missing), len(dup), firstFew(dup), len(beyond), firstFew(beyond), stray)
	}
	for key, seq := range perKey {
		if bad := outOfOrder(inputs, seq); bad != "" {
			t.Errorf("key %s: outputs out of input order at %s", key, bad)
		}
	}
	return want
}

// firstFew returns the first five of xs, enough to start a diagnosis.
func firstFew(xs []string) []string { return xs[:min(len(xs), 5)] }

// outOfOrder returns the first output of seq ("position/copy", in output
// order) that does not follow its predecessor in input order, or "".
func outOfOrder(inputs map[string]inputRec, seq []string) string {
	var last inputRec
	lastCopy := ""
	for i, s := range seq {
		pos, cp := s[:len(s)-2], s[len(s)-1:]
		in := inputs[pos]
		if i > 0 {
			sameInput := in.partition == last.partition && in.offset == last.offset
			ok := (sameInput && lastCopy == "a" && cp == "b") ||
				(!sameInput && in.partition == last.partition && in.offset > last.offset && lastCopy == "b" && cp == "a")
			if !ok {
				return s + " after " + seq[i-1]
			}
		} else if cp != "a" {
			return s + " first"
		}
		last, lastCopy = in, cp
	}
	return ""
}
