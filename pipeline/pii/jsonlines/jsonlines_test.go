package jsonlines

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

type outLine struct {
	Findings []struct {
		Category string  `json:"category"`
		Start    int     `json:"start"`
		End      int     `json:"end"`
		Score    float64 `json:"score"`
		Detector string  `json:"detector"`
	} `json:"findings"`
	Error string `json:"error"`
}

func runDetect(t *testing.T, in string) []outLine {
	t.Helper()
	return runDetectWith(t, in, pii.NewScanner())
}

func runDetectWith(t *testing.T, in string, d pipeline.Detector) []outLine {
	t.Helper()
	var out bytes.Buffer
	if err := Detect(context.Background(), strings.NewReader(in), &out, d); err != nil {
		t.Fatal(err)
	}
	var res []outLine
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		if !strings.Contains(sc.Text(), `"findings":[`) {
			t.Fatalf("line %d has no findings list", len(res)+1)
		}
		var o outLine
		if err := json.Unmarshal(sc.Bytes(), &o); err != nil {
			t.Fatalf("output line %d is not JSON: %v", len(res)+1, err)
		}
		res = append(res, o)
	}
	return res
}

func TestDetect(t *testing.T) {
	in := `{"field":"email","value":"anna@example.com"}
{"value":"nichts hier"}
not json at all
{"field":"notes","value":"Tel. +49 30 1234567"}

{"value":12345}
{"field":"x"}
{"value":"\u00c4rger mit J\u00fcrgen? Mail: j\u00fcrgen.x@example.de","other":[1,{"a":null}],"field":"notes"}
{"value":"ok"} trailing`
	res := runDetect(t, in+"\n")
	if len(res) != 9 {
		t.Fatalf("%d output lines for 9 input lines", len(res))
	}
	if len(res[0].Findings) != 1 || res[0].Findings[0].Category != string(pii.Email) || res[0].Findings[0].End != 16 || res[0].Error != "" {
		t.Errorf("line 1: %+v", res[0])
	}
	if len(res[1].Findings) != 0 || res[1].Error != "" {
		t.Errorf("line 2: %+v", res[1])
	}
	if !strings.HasPrefix(res[2].Error, "line 3: ") || len(res[2].Findings) != 0 {
		t.Errorf("line 3: %+v", res[2])
	}
	if len(res[3].Findings) != 1 || res[3].Findings[0].Detector != "phone" || res[3].Findings[0].Start != 5 {
		t.Errorf("line 4: %+v", res[3])
	}
	if !strings.HasPrefix(res[4].Error, "line 5: ") || !strings.Contains(res[4].Error, "an empty line") {
		t.Errorf("empty line 5: %+v, want an error saying the line is empty", res[4])
	}
	if res[5].Error != "" {
		t.Errorf("numeric value: %+v", res[5])
	}
	if !strings.Contains(res[6].Error, "missing") {
		t.Errorf("line 7: %+v", res[6])
	}
	// offsets are bytes of the decoded value
	v := "Ärger mit Jürgen? Mail: jürgen.x@example.de"
	got := res[7].Findings
	found := false
	for _, f := range got {
		if f.Category == string(pii.Email) {
			found = true
			if v[f.Start:f.End] != "jürgen.x@example.de" {
				t.Errorf("email span %d-%d is %q, want the whole address", f.Start, f.End, v[f.Start:f.End])
			}
		}
	}
	if !found {
		t.Errorf("line 8: no email in %+v", got)
	}
	if res[8].Error == "" {
		t.Errorf("trailing data accepted: %+v", res[8])
	}
	for i, r := range res {
		if strings.Contains(r.Error, "example") || strings.Contains(r.Error, "json at all") {
			t.Errorf("line %d: error quotes the input", i+1)
		}
	}
}

func TestDetectOrderManyBatches(t *testing.T) {
	var in strings.Builder
	n := 30000
	for i := 0; i < n; i++ {
		if i%3 == 0 {
			in.WriteString(`{"value":"kunde` + strconv.Itoa(i) + `@example.com"}` + "\n")
		} else {
			in.WriteString(`{"value":"Lieferung ` + strconv.Itoa(i) + ` unterwegs"}` + "\n")
		}
	}
	res := runDetect(t, in.String())
	if len(res) != n {
		t.Fatalf("%d output lines for %d", len(res), n)
	}
	for i, r := range res {
		want := 0
		if i%3 == 0 {
			want = 1
		}
		if len(r.Findings) != want {
			t.Fatalf("line %d: %d findings, want %d (order broken?)", i+1, len(r.Findings), want)
		}
		if want == 1 && r.Findings[0].End != len("kunde"+strconv.Itoa(i)+"@example.com") {
			t.Fatalf("line %d: end %d (order broken?)", i+1, r.Findings[0].End)
		}
	}
}

func TestDetectNoTrailingNewlineAndCRLF(t *testing.T) {
	res := runDetect(t, "{\"value\":\"a@b.de\"}\r\n{\"value\":\"c@d.de\"}")
	if len(res) != 2 || len(res[0].Findings) != 1 || len(res[1].Findings) != 1 {
		t.Fatalf("%+v", res)
	}
	if res := runDetect(t, ""); len(res) != 0 {
		t.Errorf("empty input gave %d lines", len(res))
	}
}

// panicky is a detector with a bug: it panics on values that hold "boom",
// with an index error or with the value itself.
type panicky struct{ s *pii.Scanner }

func (p panicky) ScanField(field, value string, dst []pii.Finding) []pii.Finding {
	switch {
	case strings.Contains(value, "boom index"):
		var a []int
		_ = a[len(value)]
	case strings.Contains(value, "boom"):
		panic(value)
	}
	return p.s.ScanField(field, value, dst)
}

// A detector's panic on one line fails that line alone, with an error
// that names the runtime's error but never the value; the lines after it
// are answered as ever.
func TestDetectPanicFailsOneLine(t *testing.T) {
	in := `{"value":"a@b.de"}
{"value":"boom index anna@example.com"}
{"value":"boom anna@example.com"}
{"value":"c@d.de"}
`
	res := runDetectWith(t, in, panicky{pii.NewScanner()})
	if len(res) != 4 {
		t.Fatalf("%d output lines for 4 inputs", len(res))
	}
	for _, k := range []int{0, 3} {
		if res[k].Error != "" || len(res[k].Findings) != 1 {
			t.Errorf("line %d after a panic: %+v", k+1, res[k])
		}
	}
	for k, want := range map[int]string{1: "index out of range", 2: "string"} {
		e := res[k].Error
		if !strings.HasPrefix(e, "line "+strconv.Itoa(k+1)+": detection failed") || !strings.Contains(e, want) || len(res[k].Findings) != 0 {
			t.Errorf("line %d: error %q, findings %d; want its detection failed, %q", k+1, e, len(res[k].Findings), want)
		}
		if strings.Contains(e, "anna") {
			t.Errorf("line %d's error quotes the value", k+1)
		}
	}
}

// A byte order mark before the first line, as tools on Windows write
// UTF-8, is not part of the JSON; one later is.
func TestDetectByteOrderMark(t *testing.T) {
	const bom = "\xef\xbb\xbf"
	res := runDetect(t, bom+"{\"value\":\"a@b.de\"}\n"+bom+"{\"value\":\"c@d.de\"}\n")
	if len(res) != 2 || res[0].Error != "" || len(res[0].Findings) != 1 || res[0].Findings[0].Start != 0 {
		t.Fatalf("line 1 after a byte order mark: %+v", res)
	}
	if !strings.HasPrefix(res[1].Error, "line 2: ") {
		t.Fatalf("line 2 starting with a byte order mark: %+v", res[1])
	}
}

func TestDetectLongLine(t *testing.T) {
	long := `{"value":"` + strings.Repeat("Lieferung unterwegs ", 200000) + ` kontakt a@b.de"}`
	res := runDetect(t, long+"\n"+`{"value":"x"}`+"\n")
	if len(res) != 2 || len(res[0].Findings) != 1 || res[0].Error != "" {
		t.Fatalf("long line: %d lines", len(res))
	}
}

type errWriter struct{ n int }

func (w *errWriter) Write(p []byte) (int, error) {
	w.n++
	return 0, errors.New("disk full")
}

func TestDetectWriteError(t *testing.T) {
	in := strings.Repeat(`{"value":"Lieferung unterwegs heute"}`+"\n", 50000)
	err := Detect(context.Background(), strings.NewReader(in), &errWriter{}, pii.NewScanner())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
}

// A caller that writes a line and waits for its answer gets it before it
// writes the next (a review found lethe detect waiting for 256 KiB, 8,192
// lines or the end of its input first). The timeout only keeps a failing
// test from hanging.
func TestDetectAnswersEachLineAsItComes(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	done := make(chan error, 1)
	go func() { done <- Detect(context.Background(), inR, outW, nil); outW.Close() }()
	answers := bufio.NewReader(outR)
	for i, line := range []string{`{"value":"bob@example.org"}`, `{"value":"x"}`} {
		if _, err := io.WriteString(inW, line+"\n"); err != nil {
			t.Fatal(err)
		}
		got := make(chan string, 1)
		go func() { l, _ := answers.ReadString('\n'); got <- l }()
		select {
		case l := <-got:
			if want := []string{`"detector":"email"`, `{"findings":[]}`}[i]; !strings.Contains(l, want) {
				t.Fatalf("answer %d: %q, want %s", i+1, l, want)
			}
		case <-time.After(time.Minute):
			t.Fatalf("no answer to line %d while the input stays open", i+1)
		}
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Fatal(err)
	}
}

// The line parser follows JSON both ways: an escaped member name is the
// name, and a number JSON does not allow is an error, not a value (a review
// found {"val\u0075e":...} refused and {"value": 030-1234567} scanned).
func TestDetectStrictJSON(t *testing.T) {
	got := runDetect(t, `{"val\u0075e":"bob@example.org"}
{"value": 030-1234567}
{"value":-}
{"value":1.}
{"value":2e}
{"value":-0.5e+3}
{"other":{1:2},"value":"x"}
{"other":[01],"value":"x"}
`)
	if len(got) != 8 {
		t.Fatalf("%d output lines, want 8", len(got))
	}
	// and strings: raw control characters and bad escapes, also in a
	// member lethe does not read, are no JSON (the second review)
	for _, line := range []string{"{\"value\":\"a\x01b\"}", "{\"value\":\"a\tb\"}", `{"other":"\q","value":"x"}`, `{"other":"\u12","value":"x"}`, "{\"a\x01\":1,\"value\":\"x\"}"} {
		if json.Valid([]byte(line)) {
			t.Fatalf("%q is valid JSON", line)
		}
		if got := runDetect(t, line+"\n"); len(got) != 1 || got[0].Error == "" {
			t.Errorf("%q: %+v, want an error line", line, got)
		}
	}
	// and text that is not UTF-8, whose offsets no client could use (a
	// review: Go reads U+FFFD there, Python refuses the line)
	for _, line := range []string{"{\"value\":\"x \xff\xfe bob@example.com\"}", "{\"other\":\"\xc3\",\"value\":\"x\"}", "{\"value\":\"\xed\xa0\x80\"}"} {
		if got := runDetect(t, line+"\n"); len(got) != 1 || !strings.Contains(got[0].Error, "invalid UTF-8") {
			t.Errorf("%q: %+v, want an error line", line, got)
		}
	}
	if got := runDetect(t, "{\"value\":\"Jürgen \u00fc bob@example.com\"}\n"); len(got) != 1 || got[0].Error != "" || len(got[0].Findings) == 0 {
		t.Errorf("valid UTF-8: %+v", got)
	}
	if len(got[0].Findings) != 1 || got[0].Error != "" {
		t.Errorf("escaped member name: %+v, want the e-mail found", got[0])
	}
	for i := 1; i < 8; i++ {
		if wantErr := i != 5; (got[i].Error != "") != wantErr {
			t.Errorf("line %d: %+v, want an error: %v", i+1, got[i], wantErr)
		}
	}
}

func TestDetectCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := strings.Repeat(`{"value":"x"}`+"\n", 100000)
	var out bytes.Buffer
	if err := Detect(ctx, strings.NewReader(in), &out, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

// Cancelling stops Detect also while its input is open and silent, as a
// caller's pipe or a terminal is between lines: lethe detect took SIGINT
// and SIGTERM, and went on waiting for input that never came (a review).
// The timeout only keeps a failing test from hanging.
func TestDetectCancelWhileInputWaits(t *testing.T) {
	inR, inW := io.Pipe()
	defer inW.Close()
	outR, outW := io.Pipe()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Detect(ctx, inR, outW, nil); outW.Close() }()
	if _, err := io.WriteString(inW, `{"value":"x"}`+"\n"); err != nil {
		t.Fatal(err)
	}
	if l, err := bufio.NewReader(outR).ReadString('\n'); err != nil || l != `{"findings":[]}`+"\n" {
		t.Fatalf("answer %q, %v", l, err)
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("err = %v, want context.Canceled", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Detect still waits for input after its context was cancelled")
	}
}

// Values of other JSON kinds are scanned as a CDC column of that type
// would be: a number as its text, null as nothing; arrays are errors.
func TestDetectScalarValues(t *testing.T) {
	got := runDetect(t, `{"value":4111111111111111}
{"value":null}
{"value":true}
{"value":[1]}
`)
	if len(got) != 4 {
		t.Fatalf("%d output lines, want 4", len(got))
	}
	if len(got[0].Findings) != 1 || got[0].Findings[0].Category != string(pii.CreditCard) || got[0].Findings[0].End != 16 || got[0].Error != "" {
		t.Errorf("number: %+v, want one card finding over its 16 digits", got[0])
	}
	for i := 1; i <= 2; i++ {
		if len(got[i].Findings) != 0 || got[i].Error != "" {
			t.Errorf("line %d: %+v, want no findings and no error", i+1, got[i])
		}
	}
	if got[3].Error == "" {
		t.Errorf("array value: %+v, want an error", got[3])
	}
}

func FuzzDetect(f *testing.F) {
	f.Add(`{"field":"email","value":"a@b.de"}` + "\n" + `{"value":"x"}`)
	f.Add(`{"value":"\ud83d\ude00 \u00e4"}`)
	f.Add(`{"value":1e5,"field":null}`)
	f.Add(`{"a":[{"b":[]}],"value":"x"}` + "\n\n\n")
	f.Add(`{"value":"x\`)
	s := pii.NewScanner()
	f.Fuzz(func(t *testing.T, in string) {
		var out bytes.Buffer
		if err := Detect(context.Background(), strings.NewReader(in), &out, s); err != nil {
			t.Fatal(err)
		}
		lines := strings.Count(in, "\n")
		if in != "" && !strings.HasSuffix(in, "\n") {
			lines++
		}
		if got := strings.Count(out.String(), "\n"); got != lines {
			t.Fatalf("%d output lines for %d input lines", got, lines)
		}
	})
}

// BenchmarkDetect measures the `lethe detect` path end to end: short CRM
// fields, and one line in ten a ticket note of 200 bytes to 3 kB.
func BenchmarkDetect(b *testing.B) {
	fields := [][2]string{
		{"email", "anna.schmidt@example.com"}, {"telefon_nr", "+49 30 1234567"}, {"vorname", "Anna"},
		{"iban", "DE" + synth.IBANCheckDigits("DE", "370400440532013000") + "370400440532013000"}, {"city", "Amsterdam"}, {"status", "open"},
		{"order_no", "ORD-2014-004711"}, {"geburtsdatum", "14.03.1978"}, {"ip", "192.168.10.4"},
	}
	sentences := []string{
		"Der Kunde meldet, dass die Lieferung noch nicht angekommen ist und bittet um Rückruf. ",
		"Le client signale que la commande 4711 est arrivée endommagée, merci de vérifier. ",
		"Bitte Frau Anna Schmidt unter +49 30 1234567 oder anna.schmidt@example.com kontaktieren. ",
		"Customer reports the app crashes on version 1.2.3 when opening the settings page. ",
		"Jan de Vries woont op Kerkstraat 12, 1012 AB Amsterdam, geboren 14.03.1978. ",
	}
	var text strings.Builder
	for i := 0; text.Len() < 4<<10; i++ {
		text.WriteString(sentences[i%len(sentences)])
	}
	var in bytes.Buffer
	for i := 0; in.Len() < 8<<20; i++ {
		if i%10 == 9 {
			in.WriteString(`{"field":"notes","value":"` + text.String()[:200+i%3000] + `"}` + "\n")
			continue
		}
		f := fields[i%len(fields)]
		in.WriteString(`{"field":"` + f[0] + `","value":"` + f[1] + strconv.Itoa(i%7) + `"}` + "\n")
	}
	data := in.Bytes()
	s := pii.NewScanner()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := Detect(context.Background(), bytes.NewReader(data), io.Discard, s); err != nil {
			b.Fatal(err)
		}
	}
}

// Of a member given twice the last counts, whatever the kind of an earlier
// one; valid JSON that detect does not take is not called invalid (a
// review).
func TestDetectLastMemberCountsAndValidJSON(t *testing.T) {
	deep := `{"value":"a@b.de","x":` + strings.Repeat("[", maxDepth+2) + strings.Repeat("]", maxDepth+2) + `}`
	got := runDetect(t, `{"value":[1],"value":"jan@example.com"}
{"value":"jan@example.com","value":{"a":1}}
{"field":{"a":1},"field":"email","value":"jan@example.com"}
{"value":"jan@example.com","field":[]}
`+deep+`
{"value":"\ud800 jan@example.com"}
{"value":"x \udc00"}
{"value":"\ud83d\ude00 jan@example.com"}
{"meta\ud800":1,"value":"jan@example.com"}
`)
	if len(got) != 9 {
		t.Fatalf("%d output lines, want 9", len(got))
	}
	for _, i := range []int{0, 2, 7, 8} {
		if got[i].Error != "" || len(got[i].Findings) != 1 || got[i].Findings[0].Category != string(pii.Email) {
			t.Errorf("line %d: %+v, want the e-mail found", i+1, got[i])
		}
	}
	if got[7].Findings[0].Start != 5 {
		t.Errorf("line 8: e-mail at %d, want 5 (after the 4 bytes of U+1F600)", got[7].Findings[0].Start)
	}
	for i, want := range map[int]string{1: `"value" is an object or array`, 3: `"field" is an object or array`,
		4: "nesting deeper than 64", 5: "unpaired surrogate", 6: "unpaired surrogate"} {
		e := got[i].Error
		if !strings.Contains(e, want) || strings.Contains(e, "invalid JSON") || len(got[i].Findings) != 0 {
			t.Errorf("line %d: %+v, want an error saying %q, not \"invalid JSON\"", i+1, got[i], want)
		}
	}
	if e := got[5].Error; !strings.Contains(e, "at byte 11:") {
		t.Errorf("line 6: %q, want the escape's position, byte 11", e)
	}
}

// A line that is JSON but no object (a value written as a bare JSON string,
// an array of objects) is told it is not an object, not that it is no JSON:
// a client sending json.dumps(value) looked for a fault in its encoding (a
// review). A line that is neither stays invalid JSON.
func TestDetectValidJSONNotAnObject(t *testing.T) {
	got := runDetect(t, `"jan@example.com"
[{"value":"jan@example.com"}]
 4711 
null
true
[1,
"jan@example.com" x
`)
	if len(got) != 7 {
		t.Fatalf("%d output lines, want 7", len(got))
	}
	for i, want := range []string{"a string", "an array", "a number", "null", "a boolean"} {
		e := got[i].Error
		if !strings.Contains(e, want+", expected an object") || strings.Contains(e, "invalid JSON") || strings.Contains(e, "jan@") {
			t.Errorf("line %d: %q, want it called %s, not an object, and not invalid JSON", i+1, e, want)
		}
	}
	for i := 5; i < 7; i++ {
		if e := got[i].Error; !strings.Contains(e, "invalid JSON") {
			t.Errorf("line %d: %q, want invalid JSON", i+1, e)
		}
	}
}

// A line's length is its content's, without its end: the same content is
// taken whether it ends in "\n", "\r\n" or the end of the input (a review
// found "\r\n" counted and the last line allowed a byte more).
func TestDetectMaxLineLength(t *testing.T) {
	const obj = `{"value":"a@b.de"}`
	line := func(n int) string { return obj + strings.Repeat(" ", n-len(obj)) }
	for _, c := range []struct {
		name, in string
		long     bool
	}{
		{"max, CRLF", line(MaxLineBytes) + "\r\n", false},
		{"max, LF", line(MaxLineBytes) + "\n", false},
		{"max, at EOF", line(MaxLineBytes), false},
		{"max+1, CRLF", line(MaxLineBytes+1) + "\r\n", true},
		{"max+1, at EOF", line(MaxLineBytes + 1), true},
		{"max+1 ending in CR, at EOF", line(MaxLineBytes) + "\r", false},
	} {
		got := runDetect(t, c.in)
		if len(got) != 1 {
			t.Fatalf("%s: %d output lines, want 1", c.name, len(got))
		}
		if long := strings.Contains(got[0].Error, "line longer than"); long != c.long {
			t.Errorf("%s: %+v, want too long: %v", c.name, got[0], c.long)
		}
	}
}

// A line nested 64 levels deep, its own object the first, is read; one level
// more is refused, as lethe detect -h and the README say: the limit let 66
// levels through (a walk through the README).
func TestDetectNestingLimitIsSixtyFourLevels(t *testing.T) {
	nest := func(levels int, open, close string) string { // the line's object is level 1
		return `{"value":"a@b.de","x":` + strings.Repeat(open, levels-1) + "1" + strings.Repeat(close, levels-1) + `}`
	}
	got := runDetect(t, nest(64, "[", "]")+"\n"+nest(65, "[", "]")+"\n"+
		nest(64, `{"k":`, "}")+"\n"+nest(65, `{"k":`, "}")+"\n"+
		`{"x":`+strings.Repeat("[", 63)+strings.Repeat("]", 63)+`,"value":"a@b.de"}`+"\n")
	if len(got) != 5 {
		t.Fatalf("%d output lines, want 5", len(got))
	}
	for _, i := range []int{0, 2, 4} {
		if got[i].Error != "" || len(got[i].Findings) != 1 {
			t.Errorf("line %d, 64 levels: %+v, want the e-mail found", i+1, got[i])
		}
	}
	for _, i := range []int{1, 3} {
		if !strings.Contains(got[i].Error, "nesting deeper than 64 levels") || len(got[i].Findings) != 0 {
			t.Errorf("line %d, 65 levels: %+v, want the nesting refused", i+1, got[i])
		}
	}
}
