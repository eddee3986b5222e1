package pipeline

// slabChunk is the size of the chunks a slab carves its slices from.
const slabChunk = 256 << 10

// maxFreeChunks bounds the chunks a slab keeps for reuse (16 MB): about two
// batches of outputs of a lane at the largest batch sizes in use; more goes
// back to the garbage collector.
const maxFreeChunks = 64

// slab hands out the bytes and headers of outputs carved from large chunks:
// an allocation per chunk instead of one per output, which the garbage
// collector feels more than the copy. Each slice's capacity ends where it
// does, so an append to it cannot overwrite its neighbour.
//
// Chunks belong to the batch (generation) that first carved from them, and
// a slice stays valid until its batch's chunks are recycled: only recycle
// reuses memory, and only for the generations it is given. Without it,
// chunks are never reused and slices stay valid as long as they are held.
// Reused chunks matter: a fresh chunk is memory the process has not
// touched in a while, and copying an output into it costs several times
// the copy into memory written a batch ago (reuse made BenchmarkEngine
// 15% faster on one core; ADR 0010).
type slab struct {
	buf []byte // the current chunk, carved up to len
	gen uint64 // the generation of what is carved now
	hdr []Header
	// recycling is set when the owner recycles or drops every
	// generation; only then are chunks tracked in used.
	recycling bool
	used      []slabChunkOf // chunks carved by generations not yet recycled
	free      [][]byte      // recycled chunks, ready for reuse
}

// slabChunkOf is a chunk and the generation that carved from it.
type slabChunkOf struct {
	buf []byte
	gen uint64
}

// begin starts generation gen: from now on slices come from chunks of
// gen alone, so that recycling one generation never frees another's. A
// slab that does not recycle goes on carving its current chunk.
func (s *slab) begin(gen uint64) {
	s.gen = gen
	if s.recycling {
		s.buf = nil
	}
}

// recycle makes the chunks of generations up to gen free for reuse: their
// slices must no longer be read.
func (s *slab) recycle(gen uint64) {
	kept := s.used[:0]
	for _, c := range s.used {
		switch {
		case c.gen > gen:
			kept = append(kept, c)
		case cap(c.buf) == slabChunk && len(s.free) < maxFreeChunks:
			s.free = append(s.free, c.buf[:0])
		}
	}
	clear(s.used[len(kept):])
	s.used = kept
	if s.gen <= gen {
		s.buf = nil // the current chunk is recycled: carve no more from it
	}
}

// drop forgets every chunk not recycled yet without reusing it: their
// slices may still be read by whoever holds them (an aborted transaction's
// client, say), so the garbage collector takes them once nobody does.
func (s *slab) drop() {
	clear(s.used)
	s.used = s.used[:0]
	s.buf = nil
}

// room makes sure n more bytes fit in the current chunk.
func (s *slab) room(n int) {
	if s.buf != nil && cap(s.buf)-len(s.buf) >= n {
		return
	}
	if k := len(s.free); k > 0 && n <= slabChunk {
		s.buf, s.free = s.free[k-1], s.free[:k-1]
	} else {
		s.buf = make([]byte, 0, max(slabChunk, n))
	}
	if s.recycling {
		s.used = append(s.used, slabChunkOf{s.buf, s.gen})
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

// headers returns a slice holding hs. Headers are never recycled: they
// are small, and they hold pointers.
func (s *slab) headers(hs ...Header) []Header {
	if cap(s.hdr)-len(s.hdr) < len(hs) {
		s.hdr = make([]Header, 0, max(slabChunk/64, len(hs)))
	}
	start := len(s.hdr)
	s.hdr = append(s.hdr, hs...)
	return s.hdr[start:len(s.hdr):len(s.hdr)]
}
