package debezium

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// maxSourcePrefixes bounds the starts of source blocks a sourceMemo keeps:
// one per connector (its version, type and name) a worker reads. A full
// memo remembers no more, so that a stream whose blocks start differently
// every time takes no lock per record.
const maxSourcePrefixes = 8

// sourceMemo remembers how recent source blocks start. Debezium writes the
// same leading members into every record of a connector
// ({"version":"3.0.8.Final","connector":"postgresql","name":"crm",...),
// a tenth of a schemaless record's strings: a block that starts with a
// known start, byte for byte, holds those members as they parsed before,
// and the parser steps over them (sourceLead). Lookups take no lock: the
// list is replaced whole when a start is added, which is rare.
type sourceMemo struct {
	known atomic.Pointer[[]sourcePrefix]
	mu    sync.Mutex // serializes replacements
}

// sourcePrefix is a known start of a source block and what its members
// set.
type sourcePrefix struct {
	text            string // from the block's '{' through the ',' after its last leading member
	connector, name string
	seen            uint16 // source's bits of the members it holds
}

// match returns the known start src begins with, or nil; a nil memo
// knows none.
func (m *sourceMemo) match(src string) *sourcePrefix {
	if m == nil {
		return nil
	}
	if known := m.known.Load(); known != nil {
		for i := range *known {
			if strings.HasPrefix(src, (*known)[i].text) {
				return &(*known)[i]
			}
		}
	}
	return nil
}

// remember adds sp, a start that parsed, unless the memo is nil, full or
// holds it. It keeps copies: sp's strings are parts of a record.
func (m *sourceMemo) remember(sp sourcePrefix) {
	if m == nil {
		return
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	var list []sourcePrefix
	if known := m.known.Load(); known != nil {
		if len(*known) >= maxSourcePrefixes || slices.ContainsFunc(*known, func(k sourcePrefix) bool { return k.text == sp.text }) {
			return
		}
		list = slices.Clone(*known)
	}
	sp.text, sp.connector, sp.name = strings.Clone(sp.text), strings.Clone(sp.connector), strings.Clone(sp.name)
	list = append(list, sp)
	m.known.Store(&list)
}

// sourceLead reports the members a known start may hold: those Debezium
// writes first and the same in every record of a connector.
func sourceLead(k string) bool { return k == "version" || k == "connector" || k == "name" }
