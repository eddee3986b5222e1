package debezium

import (
	"hash/maphash"
	"maps"
	"strings"
	"sync"
	"sync/atomic"
)

// maxMemoSchema is the largest schema block a schemaMemo keeps. Connect
// schemas of wide tables run to tens of kilobytes; anything larger is
// parsed every time rather than held.
const maxMemoSchema = 256 << 10

// maxMemoBytes bounds all the blocks a schemaMemo keeps, for workers that
// read hundreds of tables: past it the memo starts over.
const maxMemoBytes = 32 << 20

// memoPerTopic is how many schema blocks a schemaMemo keeps per topic: a
// table's versions interleave for a while after it changes (partitions and
// connector tasks move on at their own pace), and a converter that writes
// an optional column's schema differently when its value is null makes two
// blocks alternate for good.
const memoPerTopic = 4

// schemaMemo remembers, per topic, the last schema blocks of JSON records
// with schema+payload, as text. Kafka Connect's JsonConverter writes the
// same schema, byte for byte, into every record of a table until the table
// changes, and it is often four times the payload's size: comparing its
// bytes with a known block's costs a fraction of parsing it again. A block
// equal to one that parsed is the same complete JSON value, so the parser
// may step over it. Lookups take no lock: the map is replaced whole when a
// new block is seen, which is rare.
type schemaMemo struct {
	known atomic.Pointer[map[string][]memoBlock]
	mu    sync.Mutex // serializes replacements

	// big holds the byte columns of blocks too large to keep, by a hash
	// of their text: reading a block with encoding/json costs several
	// times parsing it (7x for one of 300 KB), on every record.
	bigMu   sync.Mutex
	bigSeed maphash.Seed
	big     map[bigKey]byteCols
}

// bigKey identifies a large schema block: its length and a 64-bit hash.
type bigKey struct {
	n    int
	hash uint64
}

// maxBigBlocks bounds how many large blocks' byte columns the memo keeps.
const maxBigBlocks = 64

// memoBlock is a known schema block and the byte columns it declares.
type memoBlock struct {
	text string
	cols byteCols
}

// skip steps p over the schema block at p.pos: at once when it is one of
// the topic's known blocks, else by parsing it, remembering it when it
// parsed. It returns the block's byte columns (byteColsOf).
func (m *schemaMemo) skip(p *jsonParser, topic string) (byteCols, bool) {
	if p.peek() != '{' {
		return nil, p.skip() // null, or not a schema: parse as usual
	}
	start := p.pos
	if known := m.known.Load(); known != nil {
		for _, b := range (*known)[topic] {
			if strings.HasPrefix(p.src[start:], b.text) {
				p.pos += len(b.text)
				return b.cols, true
			}
		}
	}
	if !p.skip() {
		return nil, false
	}
	block := p.src[start:p.pos]
	if len(block) > maxMemoSchema {
		return m.bigCols(block), true
	}
	cols := byteColsOf(block)
	m.remember(topic, block, cols)
	return cols, true
}

// bigCols returns the byte columns of a block too large to keep.
func (m *schemaMemo) bigCols(block string) byteCols {
	m.bigMu.Lock()
	if m.big == nil || len(m.big) >= maxBigBlocks {
		m.big, m.bigSeed = map[bigKey]byteCols{}, maphash.MakeSeed()
	}
	k := bigKey{len(block), maphash.String(m.bigSeed, block)}
	cols, ok := m.big[k]
	m.bigMu.Unlock()
	if ok {
		return cols
	}
	cols = byteColsOf(block)
	m.bigMu.Lock()
	if m.big != nil && len(m.big) < maxBigBlocks {
		m.big[k] = cols
	}
	m.bigMu.Unlock()
	return cols
}

// remember makes schema the topic's newest known block, forgetting the
// oldest beyond memoPerTopic.
func (m *schemaMemo) remember(topic, schema string, cols byteCols) {
	m.mu.Lock()
	defer m.mu.Unlock()
	next := map[string][]memoBlock{}
	if old := m.known.Load(); old != nil {
		maps.Copy(next, *old)
	}
	total := len(schema)
	for _, blocks := range next {
		for _, b := range blocks {
			total += len(b.text)
		}
	}
	if total > maxMemoBytes {
		clear(next)
	}
	// A copy: schema may alias the record (WithAliasing), which the
	// memo must not keep alive or see change.
	blocks := append([]memoBlock{{strings.Clone(schema), cols}}, next[topic]...)
	next[topic] = blocks[:min(len(blocks), memoPerTopic)]
	m.known.Store(&next)
}
