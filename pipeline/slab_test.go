package pipeline

import (
	"bytes"
	"strings"
	"testing"
)

// TestSlab checks what the engine relies on: slices carved from a slab keep
// their contents while later ones are carved, an append to one cannot reach
// its neighbour, positions read like Position.String, and values larger
// than a chunk still fit.
func TestSlab(t *testing.T) {
	var s slab
	var got [][]byte
	var want []string
	for i := range 2000 {
		v := []byte(strings.Repeat(string(rune('a'+i%26)), i%300))
		got, want = append(got, s.copy(v)), append(want, string(v))
	}
	big := bytes.Repeat([]byte{'z'}, 3*slabChunk)
	bigCopy := s.copy(big)
	for i := range got {
		if string(got[i]) != want[i] {
			t.Fatalf("slice %d changed after later copies", i)
		}
	}
	if !bytes.Equal(bigCopy, big) {
		t.Fatal("a value larger than a chunk was not copied whole")
	}
	if len(s.used) != 0 {
		t.Fatal("a slab that does not recycle tracks its chunks, which then are never freed")
	}
	a, b := s.copy([]byte("first")), s.copy([]byte("second"))
	_ = append(a, "XXXX"...)
	if string(b) != "second" {
		t.Fatal("an append to one slice overwrote the next")
	}
	m := Message{Topic: "crm.public.customers", Partition: 2, Offset: 9007199254740993}
	if p := s.position(&m); string(p) != m.Position() {
		t.Fatalf("position %q, want %q", p, m.Position())
	}
	h1 := s.headers(Header{Key: "a"})
	h2 := s.headers(Header{Key: "b"}, Header{Key: "c"})
	_ = append(h1, Header{Key: "x"})
	if h2[0].Key != "b" || len(h2) != 2 || cap(h1) != 1 {
		t.Fatal("headers slices overlap")
	}
}
