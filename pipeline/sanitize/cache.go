package sanitize

import "github.com/lethe-cdc/lethe/pipeline/policy"

// CacheSize bounds a Cache: when full, it starts over.
const CacheSize = 1 << 16

// Cache remembers recent pseudonyms for one goroutine (it is not safe for
// concurrent use). Subject keys, e-mail addresses and phone numbers repeat
// across the events of one subject, in columns and inside free text alike,
// and an HMAC costs about a microsecond.
type Cache struct {
	s   *Sanitizer
	m   map[string]string // category \x00 value -> pseudonym
	key []byte
}

// NewCache returns an empty cache of s's pseudonyms.
func (s *Sanitizer) NewCache() *Cache {
	return &Cache{s: s, m: map[string]string{}}
}

// Pseudonym is s.Pseudonym, from the cache when it holds the value. The
// key is the whole category, on which both the HMAC and the normalisation
// of the value depend.
func (c *Cache) Pseudonym(category, value string) string {
	c.key = append(append(append(c.key[:0], category...), 0), value...)
	if p, ok := c.m[string(c.key)]; ok {
		return p
	}
	p := c.s.Pseudonym(category, value)
	if len(c.m) >= CacheSize {
		clear(c.m)
	}
	c.m[string(c.key)] = p
	return p
}

// Apply is s.Apply with pseudonyms from the cache.
func (c *Cache) Apply(a policy.Action, category, value string) (string, bool) {
	return c.s.apply(c, a, category, value)
}

// ApplySpans is s.ApplySpans with pseudonyms from the cache.
func (c *Cache) ApplySpans(value string, spans []Span) string {
	return c.s.applySpans(c, value, spans)
}
