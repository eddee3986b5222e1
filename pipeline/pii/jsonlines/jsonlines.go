// Package jsonlines is the wire protocol of `lethe detect`, the stable
// contract evaluation tools drive the detectors through: JSON lines in, one
// JSON line of findings out per input line, in order. It keeps the
// protocol's parsing, batching and ordering out of package pii, whose job is
// detection.
package jsonlines

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"runtime"
	"strconv"
	"sync"
	"unicode/utf8"
	"unsafe"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/pii"
)

// MaxLineBytes is the longest input line Detect accepts; longer lines
// are answered with an error line and skipped.
const MaxLineBytes = 64 << 20

// batchBytes is the amount of input handed to one worker at a time.
const batchBytes = 256 << 10

type batch struct {
	first int64 // number of the first line (1-based)
	data  []byte
	ends  []int  // end of each line in data (exclusive, without '\n')
	long  []bool // the line exceeded MaxLineBytes
	out   []byte
	err   error // read error after the lines of this batch
	done  chan struct{}
}

// Detect implements `lethe detect`: it reads JSON lines
// {"field":"...","value":"..."} ("field" optional) from r and writes one JSON
// line per input line, in order, to w:
//
//	{"findings":[{"category":"user.contact.email","start":6,"end":23,"score":0.97,"detector":"email"}]}
//
// A number or boolean "value" is scanned as its JSON text (offsets into
// that text) and null as an empty value, as a CDC column of those types
// would be. A line that is not a JSON object with a "value" of one of
// those kinds (or a string) is answered with
// {"findings":[],"error":"line N: ..."}; the error never quotes the input.
// A UTF-8 byte order mark before the first line is skipped. A panic of the
// detector on one line (a bug) is answered as that line's error, naming the
// runtime's error and never the value, and the lines after it go on.
// Lines are processed in batches by one worker per core and written in input
// order; memory is bounded by a few batches per worker. It returns the first
// read or write error, or ctx.Err() when ctx is cancelled. On an error it
// returns at once; its goroutines end by themselves once the reader's
// pending Read returns.
func Detect(ctx context.Context, r io.Reader, w io.Writer, s pipeline.Detector) error {
	if s == nil {
		s = pii.NewScanner()
	}
	workers := runtime.GOMAXPROCS(0)
	inflight := 2 * workers
	order := make(chan *batch, inflight)
	work := make(chan *batch, inflight+2)
	quit := make(chan struct{})
	free := sync.Pool{New: func() any { return &batch{} }}

	var wg sync.WaitGroup
	for k := 0; k < workers; k++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var p lineProc
			for b := range work {
				b.out = p.batch(s, b, b.out[:0])
				close(b.done)
			}
		}()
	}
	go readBatches(ctx, r, order, work, quit, &free)

	bw := bufio.NewWriterSize(w, 256<<10)
	err := func() error {
		for {
			// Waiting for the next batch heeds ctx too: the reader is
			// blocked in a Read while the input is open and silent, as a
			// terminal or a caller's pipe is between lines, and SIGINT or
			// SIGTERM must still end lethe detect (a review).
			var b *batch
			var more bool
			select {
			case b, more = <-order:
			case <-ctx.Done():
				return ctx.Err()
			}
			if !more { // the input ended
				break
			}
			select {
			case <-b.done:
			case <-ctx.Done():
				return ctx.Err()
			}
			if _, err := bw.Write(b.out); err != nil {
				return fmt.Errorf("pii: write findings: %w", err)
			}
			if len(order) == 0 { // nothing more to write yet: what is written goes out
				if err := bw.Flush(); err != nil {
					return fmt.Errorf("pii: write findings: %w", err)
				}
			}
			if b.err != nil {
				return b.err
			}
			free.Put(b)
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return fmt.Errorf("pii: write findings: %w", err)
		}
		return nil
	}()
	close(quit)
	if err != nil {
		// Do not wait for the reader: it may be blocked on a slow input. It
		// stops at its next send, and the workers stop when it closes work.
		_ = bw.Flush()
		return err
	}
	wg.Wait()
	return err
}

// readBatches splits r into batches of whole lines. It closes order and work
// when the input ends, on a read error (carried by the last batch) or when
// quit is closed.
func readBatches(ctx context.Context, r io.Reader, order, work chan *batch, quit chan struct{}, free *sync.Pool) {
	defer close(order)
	defer close(work)
	br := bufio.NewReaderSize(r, 1<<20)
	line := int64(1)
	send := func(b *batch) bool {
		select {
		case order <- b:
		case <-quit:
			return false
		}
		work <- b
		return true
	}
	next := func() *batch {
		b := free.Get().(*batch)
		b.first, b.data, b.ends, b.long, b.err = line, b.data[:0], b.ends[:0], b.long[:0], nil
		b.done = make(chan struct{})
		return b
	}
	b := next()
	for {
		if ctx.Err() != nil {
			return
		}
		lineStart := len(b.data)
		tooLong, gotAny := false, false
		var err error
		for {
			var frag []byte
			frag, err = br.ReadSlice('\n')
			if len(frag) > 0 {
				gotAny = true
			}
			if !tooLong {
				// Room for the line's end ("\r\n"), which is no part of
				// its length: measured below, without it.
				if len(b.data)-lineStart+len(frag) > MaxLineBytes+2 {
					tooLong = true
					b.data = b.data[:lineStart]
				} else {
					b.data = append(b.data, frag...)
				}
			}
			if !errors.Is(err, bufio.ErrBufferFull) {
				break
			}
		}
		if gotAny {
			if n := len(b.data); n > lineStart && b.data[n-1] == '\n' {
				b.data = b.data[:n-1]
			}
			if n := len(b.data) - lineStart; n > MaxLineBytes && !(n == MaxLineBytes+1 && b.data[len(b.data)-1] == '\r') {
				tooLong = true
				b.data = b.data[:lineStart]
			}
			b.ends = append(b.ends, len(b.data))
			b.long = append(b.long, tooLong)
			line++
		}
		if err != nil {
			if err != io.EOF {
				b.err = fmt.Errorf("pii: read line %d: %w", line, err)
			}
			if len(b.ends) > 0 || b.err != nil {
				send(b)
			}
			return
		}
		// A full batch goes; so does a partial one when the input has
		// nothing more yet: a caller that writes a line and waits for its
		// answer must get it (a review found one waiting for ever).
		if len(b.data) >= batchBytes || len(b.ends) >= 8192 || len(b.ends) > 0 && br.Buffered() == 0 {
			if !send(b) {
				return
			}
			b = next()
		}
	}
}

// lineProc holds one worker's reusable buffers.
type lineProc struct {
	field, value, key []byte
	finds             []pii.Finding
}

func (p *lineProc) batch(s pipeline.Detector, b *batch, out []byte) []byte {
	start := 0
	for k, end := range b.ends {
		n := b.first + int64(k)
		ln := b.data[start:end]
		start = end
		if b.long[k] {
			out = appendError(out, n, "line longer than "+strconv.Itoa(MaxLineBytes)+" bytes")
			continue
		}
		if len(ln) > 0 && ln[len(ln)-1] == '\r' {
			ln = ln[:len(ln)-1]
		}
		out = p.line(s, n, ln, out)
	}
	return out
}

func (p *lineProc) line(s pipeline.Detector, n int64, ln []byte, out []byte) []byte {
	if n == 1 {
		// A byte order mark, which editors and tools on Windows put
		// before UTF-8 text, is no part of the first line's JSON.
		ln = bytes.TrimPrefix(ln, []byte("\xef\xbb\xbf"))
	}
	hasValue, err := p.parse(ln)
	if err == nil && !hasValue {
		err = errors.New(`missing "value"`)
	}
	if err != nil {
		return appendError(out, n, err.Error())
	}
	// A detector's panic fails this line only: a stream of millions of
	// lines is not lost to one.
	if p.finds, err = pipeline.DetectSafely(s, bytesString(p.field), bytesString(p.value), p.finds[:0]); err != nil {
		return appendError(out, n, err.Error())
	}
	out = append(out, `{"findings":[`...)
	for k, f := range p.finds {
		if k > 0 {
			out = append(out, ',')
		}
		out = append(out, `{"category":`...)
		out = strconv.AppendQuote(out, string(f.Category))
		out = append(out, `,"start":`...)
		out = strconv.AppendInt(out, int64(f.Start), 10)
		out = append(out, `,"end":`...)
		out = strconv.AppendInt(out, int64(f.End), 10)
		out = append(out, `,"score":`...)
		out = strconv.AppendFloat(out, math.Round(f.Score*1000)/1000, 'f', -1, 64)
		out = append(out, `,"detector":`...)
		out = strconv.AppendQuote(out, f.Detector)
		out = append(out, '}')
	}
	return append(out, "]}\n"...)
}

// bytesString views b as a string without copying. The Scanner does not
// retain its arguments (the hint cache clones names), so this is safe while
// b is not modified during the call.
func bytesString(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

func appendError(out []byte, n int64, msg string) []byte {
	out = append(out, `{"findings":[],"error":`...)
	out = strconv.AppendQuote(out, "line "+strconv.FormatInt(n, 10)+": "+msg)
	return append(out, "}\n"...)
}

// jsonError describes an error in a line by position only, never by its
// text. Unless valid is set, the line is no JSON; a valid one is JSON that
// detect does not take (an object as the value, text that is no UTF-8,
// nesting past its limit).
type jsonError struct {
	pos   int
	what  string
	valid bool
}

func (e *jsonError) Error() string {
	if e.valid {
		return "at byte " + strconv.Itoa(e.pos+1) + ": " + e.what
	}
	return "invalid JSON at byte " + strconv.Itoa(e.pos+1) + ": " + e.what
}

// maxDepth bounds the nesting of a line, its own object the first level.
const maxDepth = 64

// parse reads one JSON object and keeps its "field" and "value" members in
// p.field and p.value (decoded). Other members are skipped.
func (p *lineProc) parse(b []byte) (hasValue bool, err error) {
	p.field, p.value = p.field[:0], p.value[:0]
	badValue, badField := -1, -1 // where the last "value" or "field" is an object or array
	if !utf8.Valid(b) {
		// JSON text is UTF-8 (RFC 8259), and offsets into a value that is
		// not mean nothing to a client: decoders disagree on what it holds
		// (Go reads U+FFFD in its place, Python refuses the line).
		for i := 0; i < len(b); {
			r, n := utf8.DecodeRune(b[i:])
			if r == utf8.RuneError && n == 1 {
				return false, &jsonError{pos: i, what: "invalid UTF-8"}
			}
			i += n
		}
	}
	i := skipWS(b, 0)
	if i >= len(b) {
		return false, &jsonError{pos: i, what: "an empty line, expected an object"}
	}
	if b[i] != '{' {
		return false, notAnObject(b, i)
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		i++
	} else {
		for {
			if i >= len(b) || b[i] != '"' {
				return false, &jsonError{pos: i, what: "expected a member name"}
			}
			end, err := skipString(b, i) // checked as every string is
			if err != nil {
				return false, err
			}
			ks, ke := i+1, end-1 // the name between its quotes
			key := bytesString(b[ks:ke])
			if bytes.IndexByte(b[ks:ke], '\\') >= 0 {
				// {"val\u0075e": ...} is {"value": ...}
				k, _, err := decodeString(b, i, p.key[:0], false)
				if err != nil {
					return false, err
				}
				p.key, key = k, bytesString(k)
			}
			i = skipWS(b, ke+1)
			if i >= len(b) || b[i] != ':' {
				return false, &jsonError{pos: i, what: "expected ':'"}
			}
			i = skipWS(b, i+1)
			switch key {
			case "value", "field":
				// Of a member given twice the last counts, also where an
				// earlier one is of a kind detect does not take.
				at := i
				var dst []byte
				var e int
				if i < len(b) && (b[i] == '{' || b[i] == '[') {
					e, err = skipValue(b, i, 0)
				} else if key == "value" {
					dst, e, err = scalar(b, i, p.value[:0])
					p.value, at = dst, -1
				} else {
					dst, e, err = scalar(b, i, p.field[:0])
					p.field, at = dst, -1
				}
				if err != nil {
					return false, err
				}
				if key == "value" {
					hasValue, badValue = true, at
				} else {
					badField = at
				}
				i = e
			default:
				e, err := skipValue(b, i, 0)
				if err != nil {
					return false, err
				}
				i = e
			}
			i = skipWS(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipWS(b, i+1)
				continue
			}
			if i < len(b) && b[i] == '}' {
				i++
				break
			}
			return false, &jsonError{pos: i, what: "expected ',' or '}'"}
		}
	}
	if i = skipWS(b, i); i != len(b) {
		return false, &jsonError{pos: i, what: "data after the object"}
	}
	for _, m := range [...]struct {
		name string
		at   int
	}{{"value", badValue}, {"field", badField}} {
		if m.at >= 0 {
			return false, &jsonError{pos: m.at, what: `"` + m.name + `" is an object or array: value and field must be strings (or numbers, booleans, null)`, valid: true}
		}
	}
	return hasValue, nil
}

// notAnObject describes a line that does not start with an object at i.
// JSON of another kind is told so, not called invalid JSON: a client
// sending a bare string (json.dumps of the value) or an array of objects
// would look for a fault in its encoding (a review).
func notAnObject(b []byte, i int) error {
	if e, err := skipValue(b, i, -1); err == nil && skipWS(b, e) == len(b) { // -1: the line's level
		kind := "a number"
		switch b[i] {
		case '"':
			kind = "a string"
		case '[':
			kind = "an array"
		case 'n':
			kind = "null"
		case 't', 'f':
			kind = "a boolean"
		}
		return &jsonError{pos: i, what: kind + ", expected an object", valid: true}
	}
	return &jsonError{pos: i, what: "expected an object"}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\r' || b[i] == '\n') {
		i++
	}
	return i
}

// scalar decodes a string (or the text of a number, true, false; null is
// empty) at b[i:] into dst.
func scalar(b []byte, i int, dst []byte) ([]byte, int, error) {
	if i >= len(b) {
		return dst, i, &jsonError{pos: i, what: "expected a value"}
	}
	switch c := b[i]; {
	case c == '"':
		return decodeString(b, i, dst, true)
	case c == '-' || isDigit(c):
		e, err := numberEnd(b, i)
		if err != nil {
			return dst, e, err
		}
		return append(dst, b[i:e]...), e, nil
	case hasPrefix(b[i:], "null"):
		return dst, i + 4, nil
	case hasPrefix(b[i:], "true"):
		return append(dst, "true"...), i + 4, nil
	case hasPrefix(b[i:], "false"):
		return append(dst, "false"...), i + 5, nil
	}
	return dst, i, &jsonError{pos: i, what: "expected a value"}
}

func hasPrefix(b []byte, s string) bool {
	return len(b) >= len(s) && string(b[:len(s)]) == s
}

// skipString returns the end of the JSON string at i, checking it as
// decodeString does without keeping it: a member lethe does not read must
// still be JSON.
func skipString(b []byte, i int) (int, error) {
	for i++; i < len(b); i++ {
		switch c := b[i]; {
		case c == '"':
			return i + 1, nil
		case c < 0x20:
			return i, &jsonError{pos: i, what: "control character in a string"}
		case c == '\\':
			i++
			switch at(b, i) {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if _, ok := hex4(b, i+1); !ok {
					return i, &jsonError{pos: i, what: "bad \\u escape"}
				}
				i += 4
			default:
				return i, &jsonError{pos: i, what: "bad escape"}
			}
		}
	}
	return i, &jsonError{pos: i, what: "unterminated string"}
}

// decodeString decodes the JSON string starting with the quote at b[i].
// In text (strict) half a surrogate pair is an error: JSON, but no UTF-8
// text, whose offsets would mean nothing to a client. In a member's name
// it is read as U+FFFD: such a name is no "value" or "field", and the line
// goes on (a review).
func decodeString(b []byte, i int, dst []byte, strict bool) ([]byte, int, error) {
	i++
	for i < len(b) {
		c := b[i]
		switch {
		case c == '"':
			return dst, i + 1, nil
		case c < 0x20:
			return dst, i, &jsonError{pos: i, what: "control character in a string"} // JSON asks for \t, \n, \u0001
		case c != '\\':
			s := i
			for i < len(b) && b[i] != '"' && b[i] != '\\' && b[i] >= 0x20 {
				i++
			}
			dst = append(dst, b[s:i]...)
			continue
		}
		if i+1 >= len(b) {
			break
		}
		i++
		switch b[i] {
		case '"', '\\', '/':
			dst = append(dst, b[i])
		case 'b':
			dst = append(dst, '\b')
		case 'f':
			dst = append(dst, '\f')
		case 'n':
			dst = append(dst, '\n')
		case 'r':
			dst = append(dst, '\r')
		case 't':
			dst = append(dst, '\t')
		case 'u':
			r, ok := hex4(b, i+1)
			if !ok {
				return dst, i, &jsonError{pos: i, what: "bad \\u escape"}
			}
			i += 4
			if r >= 0xD800 && r < 0xDC00 && i+2 < len(b) && b[i+1] == '\\' && b[i+2] == 'u' {
				if r2, ok := hex4(b, i+3); ok && r2 >= 0xDC00 && r2 < 0xE000 {
					r = 0x10000 + (r-0xD800)<<10 + (r2 - 0xDC00)
					i += 6
				}
			}
			if strict && r >= 0xD800 && r < 0xE000 {
				// Half a surrogate pair is JSON but no UTF-8 text: its
				// offsets would mean nothing to a client, as raw bytes
				// that are not UTF-8 would not (parse).
				return dst, i - 5, &jsonError{pos: i - 5, what: "unpaired surrogate escape: the text is not UTF-8", valid: true}
			}
			dst = utf8.AppendRune(dst, r)
		default:
			return dst, i, &jsonError{pos: i, what: "bad escape"}
		}
		i++
	}
	return dst, i, &jsonError{pos: i, what: "unterminated string"}
}

func hex4(b []byte, i int) (rune, bool) {
	if i+4 > len(b) {
		return 0, false
	}
	var r rune
	for k := i; k < i+4; k++ {
		c := b[k]
		var x byte
		switch {
		case isDigit(c):
			x = c - '0'
		case c|0x20 >= 'a' && c|0x20 <= 'f':
			x = c | 0x20 - 'a' + 10
		default:
			return 0, false
		}
		r = r<<4 | rune(x)
	}
	return r, true
}

// skipValue skips any JSON value at b[i:].
// numberEnd returns the end of the JSON number at i, which JSON's grammar
// must accept: a line like {"value": 030-1234567} is no JSON, and its
// caller is told so rather than answered as if it were.
func numberEnd(b []byte, i int) (int, error) {
	digits := func(i int) int {
		for i < len(b) && isDigit(b[i]) {
			i++
		}
		return i
	}
	s := i
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && isDigit(b[i]):
		i = digits(i)
	default:
		return i, &jsonError{pos: s, what: "invalid number"}
	}
	if i < len(b) && b[i] == '.' {
		if e := digits(i + 1); e > i+1 {
			i = e
		} else {
			return i, &jsonError{pos: s, what: "invalid number"}
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if e := digits(i); e > i {
			i = e
		} else {
			return i, &jsonError{pos: s, what: "invalid number"}
		}
	}
	if i < len(b) && (isDigit(b[i]) || b[i] == '.' || b[i] == '-' || b[i] == '+' || b[i] == 'e' || b[i] == 'E') {
		return i, &jsonError{pos: s, what: "invalid number"} // "030", "1-2": no number goes on so
	}
	return i, nil
}

func skipValue(b []byte, i, depth int) (int, error) {
	if i >= len(b) {
		return i, &jsonError{pos: i, what: "expected a value"}
	}
	switch c := b[i]; {
	case c == '"':
		return skipString(b, i)
	case c == '{' || c == '[':
		// The line's object is level 1, a member's value level 2: this
		// object or array is level depth+2.
		if depth+2 > maxDepth {
			return i, &jsonError{pos: i, what: "nesting deeper than " + strconv.Itoa(maxDepth) + " levels, lethe detect's limit", valid: true}
		}
		closer := byte('}')
		if c == '[' {
			closer = ']'
		}
		i = skipWS(b, i+1)
		if i < len(b) && b[i] == closer {
			return i + 1, nil
		}
		for {
			var err error
			if c == '{' {
				if i >= len(b) || b[i] != '"' {
					return i, &jsonError{pos: i, what: "expected a member name"}
				}
				if i, err = skipValue(b, i, depth+1); err != nil {
					return i, err
				}
				i = skipWS(b, i)
				if i >= len(b) || b[i] != ':' {
					return i, &jsonError{pos: i, what: "expected ':'"}
				}
				i = skipWS(b, i+1)
			}
			if i, err = skipValue(b, i, depth+1); err != nil {
				return i, err
			}
			i = skipWS(b, i)
			if i < len(b) && b[i] == ',' {
				i = skipWS(b, i+1)
				continue
			}
			if i < len(b) && b[i] == closer {
				return i + 1, nil
			}
			return i, &jsonError{pos: i, what: "expected ',' or closing bracket"}
		}
	case c == '-' || isDigit(c):
		return numberEnd(b, i)
	case hasPrefix(b[i:], "null"), hasPrefix(b[i:], "true"):
		return i + 4, nil
	case hasPrefix(b[i:], "false"):
		return i + 5, nil
	}
	return i, &jsonError{pos: i, what: "unexpected character"}
}

func isDigit(c byte) bool { return c-'0' < 10 }

// at returns b[i], or 0 past its end.
func at(b []byte, i int) byte {
	if i < len(b) {
		return b[i]
	}
	return 0
}
