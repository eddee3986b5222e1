package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/big"
	"math/rand/v2"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
)

// outRec is one record read back with kcat.
type outRec struct {
	Topic     string
	Partition int32
	Offset    int64
	Key       *string
	Value     *string // nil: tombstone
	Headers   map[string]string
}

func (r outRec) pos() string { return fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset) }

// input is the lethe.input header: the input record's position.
func (r outRec) input() string { return r.Headers["lethe.input"] }

// kcatRead reads a topic from the beginning to its end read_committed with
// kcat (librdkafka), as an operator would check it.
func kcatRead(ctx context.Context, t *testing.T, topic string) []outRec {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 3*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, "kcat", "-b", broker, "-C", "-t", topic, "-o", "beginning", "-e", "-q",
		"-X", "isolation.level=read_committed", "-J")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("kcat -C -t %s: %v: %s", topic, err, lastLine(stderr.String()))
	}
	var recs []outRec
	sc := bufio.NewScanner(bytes.NewReader(out))
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for sc.Scan() {
		var j struct {
			Topic     string   `json:"topic"`
			Partition int32    `json:"partition"`
			Offset    int64    `json:"offset"`
			Headers   []string `json:"headers"`
			Key       *string  `json:"key"`
			Payload   *string  `json:"payload"`
		}
		if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
			t.Fatalf("kcat -J output of %s: line of %d bytes is not JSON: %v", topic, len(sc.Bytes()), err)
		}
		r := outRec{Topic: j.Topic, Partition: j.Partition, Offset: j.Offset, Key: j.Key, Value: j.Payload, Headers: map[string]string{}}
		for i := 0; i+1 < len(j.Headers); i += 2 {
			r.Headers[j.Headers[i]] = j.Headers[i+1]
		}
		recs = append(recs, r)
	}
	if err := sc.Err(); err != nil {
		t.Fatalf("kcat output of %s: %v", topic, err)
	}
	return recs
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

// endOffsets returns the high watermarks of topics.
func endOffsets(ctx context.Context, t *testing.T, adm *kadm.Client, topics ...string) map[string]map[int32]int64 {
	t.Helper()
	ends, err := adm.ListEndOffsets(ctx, topics...)
	if err != nil {
		t.Fatalf("end offsets of %v: %v", topics, err)
	}
	out := map[string]map[int32]int64{}
	var ferr error
	ends.Each(func(o kadm.ListedOffset) {
		if o.Err != nil && ferr == nil {
			ferr = fmt.Errorf("%s/%d: %w", o.Topic, o.Partition, o.Err)
		}
		if out[o.Topic] == nil {
			out[o.Topic] = map[int32]int64{}
		}
		out[o.Topic][o.Partition] = o.Offset
	})
	if ferr != nil {
		t.Fatalf("end offsets: %v", ferr)
	}
	return out
}

// waitCommitted waits until group has committed at least want for every
// partition, calling alive between polls (a failed worker ends the wait).
func waitCommitted(ctx context.Context, t *testing.T, adm *kadm.Client, group string, want map[string]map[int32]int64, timeout time.Duration, alive func() error) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	p := progress{t: t}
	for {
		behind, total := lag(ctx, adm, group, want)
		if behind == "" {
			t.Logf("group %s caught up (%d input records)", group, total)
			return
		}
		if alive != nil {
			if err := alive(); err != nil {
				t.Fatalf("waiting for group %s: %v", group, err)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("group %s has not processed its inputs after %s: %s", group, timeout, behind)
		}
		p.printf("waiting for group %s: %s", group, behind)
		time.Sleep(250 * time.Millisecond)
	}
}

// lag describes the partitions where group's committed offset is below
// want ("" when none is), and the total wanted.
func lag(ctx context.Context, adm *kadm.Client, group string, want map[string]map[int32]int64) (string, int64) {
	offs, err := adm.FetchOffsets(ctx, group)
	if err != nil {
		return "fetch offsets: " + err.Error(), 0
	}
	var behind []string
	var total, missing int64
	for topic, ps := range want {
		for p, w := range ps {
			total += w
			o, ok := offs.Lookup(topic, p)
			got := int64(0)
			if ok && o.Err == nil {
				got = o.At
			}
			if got < w {
				missing += w - got
				if len(behind) < 4 {
					behind = append(behind, fmt.Sprintf("%s/%d at %d of %d", topic, p, got, w))
				}
			}
		}
	}
	if len(behind) == 0 {
		return "", total
	}
	return fmt.Sprintf("%d records behind (%s...)", missing, strings.Join(behind, ", ")), total
}

// PII generators: valid check digits so detectors that validate them fire.

// digits returns n random decimal digits.
func digits(r *rand.Rand, n int) string {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte('0' + r.IntN(10))
	}
	return string(b)
}

// luhnCard returns a 16-digit Visa-like number with a valid Luhn digit.
func luhnCard(r *rand.Rand) string {
	body := "4" + digits(r, 14)
	sum := 0
	for i := len(body) - 1; i >= 0; i-- {
		d := int(body[i] - '0')
		if (len(body)-1-i)%2 == 0 {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
	}
	return body + strconv.Itoa((10-sum%10)%10)
}

// germanIBAN returns a DE IBAN with valid mod-97 check digits.
func germanIBAN(r *rand.Rand) string {
	bban := digits(r, 18)
	n, _ := new(big.Int).SetString(bban+"131400", 10) // D=13 E=14, check 00
	check := 98 - new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return fmt.Sprintf("DE%02d%s", check, bban)
}

// bsn returns a Dutch citizen service number that passes the 11-proof.
func bsn(r *rand.Rand) string {
	for {
		d := "1" + digits(r, 8)
		sum := 0
		for i := 0; i < 8; i++ {
			sum += int(d[i]-'0') * (9 - i)
		}
		if last := sum % 11; last < 10 {
			return d[:8] + strconv.Itoa(last)
		}
	}
}

// spaced groups s in blocks of four, as IBANs and cards are written.
func spaced(s string) string {
	var b strings.Builder
	for i, c := range s {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// leaks returns the labels of planted values found in s (never the values).
func leaks(s string, planted map[string]string) []string {
	var found []string
	for label, v := range planted {
		if v != "" && strings.Contains(s, v) {
			found = append(found, label)
		}
	}
	return found
}
