package pipeline

import (
	"hash/maphash"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

// memoSlots is how many values a lane's findMemo remembers, and
// memoFindings how many of their findings: 4 MB per lane in all (32 bytes
// a slot, 56 a finding), allocated at start and never more. Most values
// have none or one finding.
const (
	memoSlots    = 1 << 16
	memoFindings = 1 << 15
)

// memoMaxFindings is the most findings the memo keeps for one value: a
// value with more (a long note full of names) is scanned again when it
// comes back.
const memoMaxFindings = 32

// findMemo remembers, for one lane, what the Detector found in recent
// values of each column. Change streams repeat values: an update or delete
// carries the row as an earlier event left it, and towns, first names,
// roles and statuses come back all the time (on the demo stream four
// values in five were seen before). The Detector's findings depend on the
// column's name, a key-value row's label and the value only (a Detector's
// contract), so a value seen again needs no second scan.
//
// Like sanitize.Cache (ADR 0009) it keeps no values: a slot holds a
// 128-bit fingerprint of column, label and value, hashed under random
// per-process seeds, and the findings (categories, offsets, scores,
// detector names). It is direct-mapped: a lookup is two hashes of the
// value, a read of its slot and, where something was found, of the ring;
// a newer value takes an older one's slot. A false hit needs the 112 fingerprint bits that do not choose the
// slot to match, about 2^-112 per lookup; the seeds change at every start,
// so inputs cannot be made to collide.
type findMemo struct {
	value, column, label [2]maphash.Seed
	slots                []memoSlot
	// found is a ring of the slots' findings: a slot's are at positions
	// at..at+n (counted from the memo's start, modulo the ring's size) and
	// still there while at+memoFindings >= next.
	found []pii.Finding
	next  uint64
}

type memoSlot struct {
	fp [2]uint64 // zero: empty
	at uint64
	n  int
}

func newFindMemo() *findMemo {
	seeds := func() [2]maphash.Seed { return [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()} }
	return &findMemo{value: seeds(), column: seeds(), label: seeds(),
		slots: make([]memoSlot, memoSlots), found: make([]pii.Finding, memoFindings)}
}

// columnFP returns the part of a fingerprint that names the column
// (columnList keeps it per column).
func (m *findMemo) columnFP(name string) [2]uint64 { return hash2(m.column, name) }

// hash2 hashes s under both seeds of a pair.
func hash2(seeds [2]maphash.Seed, s string) [2]uint64 {
	return [2]uint64{maphash.String(seeds[0], s), maphash.String(seeds[1], s)}
}

// key returns the fingerprint of value in the column whose columnFP is col,
// in a row labelled label ("" for none). Each part is hashed under seeds of
// its own, so that no part can stand in for another.
func (m *findMemo) key(col [2]uint64, label, value string) [2]uint64 {
	fp := hash2(m.value, value)
	fp[0], fp[1] = fp[0]^col[0], fp[1]^col[1]
	if label != "" {
		l := hash2(m.label, label)
		fp[0], fp[1] = fp[0]^l[0], fp[1]^l[1]
	}
	if fp == ([2]uint64{}) {
		fp[1] = 1 // zero marks an empty slot
	}
	return fp
}

// appendFound appends to dst the findings remembered for fp, and reports
// whether there were any remembered (none found is remembered too).
func (m *findMemo) appendFound(dst []pii.Finding, fp [2]uint64) ([]pii.Finding, bool) {
	sl := &m.slots[fp[0]&(memoSlots-1)]
	if sl.fp != fp || sl.n > 0 && sl.at+memoFindings < m.next {
		return dst, false
	}
	for k := range sl.n {
		dst = append(dst, m.found[(sl.at+uint64(k))&(memoFindings-1)])
	}
	return dst, true
}

// put remembers found for fp, unless there are too many to keep; either
// way fp's slot no longer holds what it held.
func (m *findMemo) put(fp [2]uint64, found []pii.Finding) {
	sl := &m.slots[fp[0]&(memoSlots-1)]
	if len(found) > memoMaxFindings {
		sl.fp = [2]uint64{}
		return
	}
	sl.fp, sl.at, sl.n = fp, m.next, len(found)
	for _, f := range found {
		m.found[m.next&(memoFindings-1)] = f
		m.next++
	}
}
