package sanitize

import (
	"hash/maphash"

	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// CacheSlots is how many pseudonyms a Cache holds.
const CacheSlots = 1 << 16

// Cache remembers recent pseudonyms for one goroutine (it is not safe for
// concurrent use). Subject keys, e-mail addresses and names repeat across
// the events of one subject, in columns and inside free text alike, and an
// HMAC costs about a microsecond.
//
// It is direct-mapped and keeps no values: a slot holds a 128-bit
// fingerprint of the category and the value, under random per-process
// seeds (a pair for values, another for categories), and the pseudonym. A
// lookup is three short hashes and one memory access. A Go map keyed by
// the values cost about 150 ns a lookup on the event stream, mostly cache
// misses on the stored keys. A false hit needs the 112 fingerprint bits
// that do not choose the slot to match, about 2^-112 per lookup: far below
// the chance of an HMAC collision that the pseudonyms themselves accept
// (ADR 0009).
type Cache struct {
	s     *Sanitizer
	seeds [2]maphash.Seed // values
	// catSeeds hash categories and keyMark: under the values' seeds, a
	// value spelt like a category's marker cancelled the category's hash
	// (XOR), and such crafted values shared a slot whatever the seeds (a
	// review).
	catSeeds  [2]maphash.Seed
	keyMark   [2]uint64 // sets a key's fingerprints apart (KeyPseudonym)
	slots     []cacheSlot
	lastCat   string // categories repeat: their hashes are kept
	lastCatFP [2]uint64
	catHashes map[string][2]uint64
}

type cacheSlot struct {
	fp        [2]uint64
	pseudonym string
}

// NewCache returns an empty cache of s's pseudonyms.
func (s *Sanitizer) NewCache() *Cache {
	c := &Cache{s: s, seeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		catSeeds: [2]maphash.Seed{maphash.MakeSeed(), maphash.MakeSeed()},
		slots:    make([]cacheSlot, CacheSlots), catHashes: map[string][2]uint64{}}
	c.keyMark = [2]uint64{maphash.String(c.catSeeds[0], "\x00key\x00"), maphash.String(c.catSeeds[1], "\x00key\x00")}
	return c
}

// Pseudonym is s.Pseudonym, from the cache when it holds the value. The
// fingerprint covers the whole category as well as the value: both the
// HMAC and the normalisation of the value depend on it.
func (c *Cache) Pseudonym(category, value string) string {
	return c.lookup(category, value, false)
}

// KeyPseudonym is s.KeyPseudonym, from the cache when it holds the value:
// its fingerprints are marked apart from Pseudonym's, which folds values.
func (c *Cache) KeyPseudonym(category, value string) string {
	if isUniqueID(category) {
		return c.Pseudonym(category, value)
	}
	return c.lookup(category, value, true)
}

// RowPseudonym is s.RowPseudonym; rows do not repeat enough to cache.
func (c *Cache) RowPseudonym(category string, parts []KeyPart) string {
	return c.s.RowPseudonym(category, parts)
}

// lookup returns the pseudonym of value, a key's (KeyPseudonym) or not,
// from the cache, or makes and keeps it.
func (c *Cache) lookup(category, value string, key bool) string {
	cf := c.categoryFP(category)
	fp := [2]uint64{maphash.String(c.seeds[0], value) ^ cf[0], maphash.String(c.seeds[1], value) ^ cf[1]}
	if key {
		fp[0], fp[1] = fp[0]^c.keyMark[0], fp[1]^c.keyMark[1]
	}
	sl := &c.slots[fp[0]&(CacheSlots-1)]
	if sl.fp == fp && sl.pseudonym != "" {
		return sl.pseudonym
	}
	var p string
	if key {
		p = c.s.KeyPseudonym(category, value)
	} else {
		p = c.s.Pseudonym(category, value)
	}
	*sl = cacheSlot{fp: fp, pseudonym: p}
	return p
}

// categoryFP returns the category's part of a fingerprint. XOR with a
// value's hash keeps (category, value) pairs apart because the two are
// hashed under independent seeds: no value hashes like a category.
func (c *Cache) categoryFP(category string) [2]uint64 {
	if category == c.lastCat && c.lastCatFP != [2]uint64{} {
		return c.lastCatFP
	}
	fp, ok := c.catHashes[category]
	if !ok {
		if len(c.catHashes) >= 1<<10 { // categories come from the taxonomy and the policy: a few dozen
			clear(c.catHashes)
		}
		// The marker sets a category apart from keyMark.
		fp = [2]uint64{maphash.String(c.catSeeds[0], "\x00category\x00"+category), maphash.String(c.catSeeds[1], "\x00category\x00"+category)}
		c.catHashes[category] = fp
	}
	c.lastCat, c.lastCatFP = category, fp
	return fp
}

// Apply is s.Apply with pseudonyms from the cache.
func (c *Cache) Apply(a policy.Action, category, value string) (string, bool) {
	return c.s.apply(c, a, category, value)
}

// ApplySpans is s.ApplySpans with pseudonyms from the cache.
func (c *Cache) ApplySpans(value string, spans []Span) string {
	return c.s.applySpans(c, value, spans, false)
}

// ApplyJSONSpans is s.ApplyJSONSpans with pseudonyms from the cache.
func (c *Cache) ApplyJSONSpans(value string, spans []Span) string {
	return c.s.applySpans(c, value, spans, true)
}
