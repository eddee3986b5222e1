package pipeline

// slabChunk is the size of the chunks a slab carves its slices from.
const slabChunk = 256 << 10

// slab hands out the bytes and headers of outputs carved from large chunks:
// an allocation per chunk instead of one per output, which the garbage
// collector feels more than the copy. Chunks are never reused, so a slice
// stays valid as long as its holder keeps it; each slice's capacity ends
// where it does, so an append to it cannot overwrite its neighbour.
type slab struct {
	buf []byte
	hdr []Header
}

// room makes sure n more bytes fit in the current chunk.
func (s *slab) room(n int) {
	if cap(s.buf)-len(s.buf) < n {
		s.buf = make([]byte, 0, max(slabChunk, n))
	}
}

// copy returns a copy of b.
func (s *slab) copy(b []byte) []byte {
	s.room(len(b))
	start := len(s.buf)
	s.buf = append(s.buf, b...)
	return s.buf[start:len(s.buf):len(s.buf)]
}

// position returns m's "topic/partition/offset" (Position.String's form).
func (s *slab) position(m *Message) []byte {
	s.room(len(m.Topic) + 2 + 10 + 20)
	start := len(s.buf)
	s.buf = Position{Topic: m.Topic, Partition: m.Partition, Offset: m.Offset}.AppendTo(s.buf)
	return s.buf[start:len(s.buf):len(s.buf)]
}

// headers returns a slice holding hs.
func (s *slab) headers(hs ...Header) []Header {
	if cap(s.hdr)-len(s.hdr) < len(hs) {
		s.hdr = make([]Header, 0, max(slabChunk/64, len(hs)))
	}
	start := len(s.hdr)
	s.hdr = append(s.hdr, hs...)
	return s.hdr[start:len(s.hdr):len(s.hdr)]
}
