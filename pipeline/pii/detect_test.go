package pii

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strconv"
	"strings"
	"testing"
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
	var out bytes.Buffer
	if err := DetectLines(context.Background(), strings.NewReader(in), &out, NewScanner()); err != nil {
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

func TestDetectLines(t *testing.T) {
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
	if len(res[0].Findings) != 1 || res[0].Findings[0].Category != string(Email) || res[0].Findings[0].End != 16 || res[0].Error != "" {
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
	if !strings.HasPrefix(res[4].Error, "line 5: ") {
		t.Errorf("empty line 5: %+v", res[4])
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
		if f.Category == string(Email) {
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

func TestDetectLinesOrderManyBatches(t *testing.T) {
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

func TestDetectLinesNoTrailingNewlineAndCRLF(t *testing.T) {
	res := runDetect(t, "{\"value\":\"a@b.de\"}\r\n{\"value\":\"c@d.de\"}")
	if len(res) != 2 || len(res[0].Findings) != 1 || len(res[1].Findings) != 1 {
		t.Fatalf("%+v", res)
	}
	if res := runDetect(t, ""); len(res) != 0 {
		t.Errorf("empty input gave %d lines", len(res))
	}
}

func TestDetectLinesLongLine(t *testing.T) {
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

func TestDetectLinesWriteError(t *testing.T) {
	in := strings.Repeat(`{"value":"Lieferung unterwegs heute"}`+"\n", 50000)
	err := DetectLines(context.Background(), strings.NewReader(in), &errWriter{}, NewScanner())
	if err == nil || !strings.Contains(err.Error(), "disk full") {
		t.Fatalf("err = %v", err)
	}
}

func TestDetectLinesCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	in := strings.Repeat(`{"value":"x"}`+"\n", 100000)
	var out bytes.Buffer
	if err := DetectLines(ctx, strings.NewReader(in), &out, nil); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v", err)
	}
}

// Values of other JSON kinds are scanned as a CDC column of that type
// would be: a number as its text, null as nothing; arrays are errors.
func TestDetectLinesScalarValues(t *testing.T) {
	got := runDetect(t, `{"value":4111111111111111}
{"value":null}
{"value":true}
{"value":[1]}
`)
	if len(got) != 4 {
		t.Fatalf("%d output lines, want 4", len(got))
	}
	if len(got[0].Findings) != 1 || got[0].Findings[0].Category != string(CreditCard) || got[0].Findings[0].End != 16 || got[0].Error != "" {
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
