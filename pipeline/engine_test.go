package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/lethe-cdc/lethe/pipeline/datamap"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
	"github.com/lethe-cdc/lethe/pipeline/sanitize"
)

// fakeDecoder reads a Change as plain JSON, so engine tests do not depend on
// the Debezium codec (which lives in connectors and is tested there, and with
// the engine end to end in connectors/worker).
type fakeDecoder struct{ err error }

type fakeEvent struct {
	Op     string `json:"op"`
	Schema string `json:"schema"` // "public" when empty
	Table  string `json:"table"`
	Key    Row    `json:"key"`
	Before Row    `json:"before"`
	After  Row    `json:"after"`
	TsMs   int64  `json:"ts_ms"`
	LSN    int64  `json:"lsn"`
}

func (d fakeDecoder) Decode(_ context.Context, topic string, key, value []byte) (Change, error) {
	if d.err != nil {
		return Change{}, d.err
	}
	var k Row
	if len(key) > 0 {
		if err := json.Unmarshal(key, &k); err != nil {
			return Change{}, errors.New("key: malformed JSON")
		}
	}
	if value == nil {
		return Change{Key: k, Tombstone: true}, nil
	}
	var e fakeEvent
	if err := json.Unmarshal(value, &e); err != nil {
		return Change{}, errors.New("value: malformed JSON")
	}
	op, err := ParseOp(e.Op)
	if err != nil {
		return Change{}, fieldError{field: "op", err: err}
	}
	if e.Schema == "" {
		e.Schema = "public"
	}
	return Change{Op: op, Key: k, Before: e.Before, After: e.After, TsMs: e.TsMs,
		Source: SourceInfo{Schema: e.Schema, Table: e.Table, TsMs: e.TsMs, LSN: e.LSN}}, nil
}

func newTestEngine(t *testing.T, dec Decoder, opts ...func(*EngineConfig)) *Engine {
	t.Helper()
	p := policy.Default()
	cfg := EngineConfig{Decoder: dec, Detector: pii.NewScanner(), Policy: p, Sanitizer: testSanitizer(t),
		Topics: DefaultTopics, DataMap: NewTracker(p)}
	for _, o := range opts {
		o(&cfg)
	}
	e, err := NewEngine(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// testSanitizer is the sanitizer of the test engines, under fixed keys so
// that engines of one test agree on pseudonyms and tokens.
func testSanitizer(t *testing.T) *sanitize.Sanitizer {
	t.Helper()
	san, err := sanitize.New(sanitize.Keys{Pseudonym: bytes.Repeat([]byte{7}, 32), Token: bytes.Repeat([]byte{8}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	return san
}

// newPolicyEngine is newTestEngine under the policy in yaml, with a data
// map of its own.
// keepSpecial names with keep every special category (Art. 9/10) the
// detectors report: a policy whose fallback or rule for user keeps them is
// refused, and a test's recipient that keeps everything says so by name.
const keepSpecial = "user.health_and_medical: keep, user.demographic: keep, user.sexual_orientation: keep, user.biometric: keep, user.criminal_history: keep"

func newPolicyEngine(t *testing.T, yaml string) (*Engine, *policy.Policy) {
	t.Helper()
	p, err := policy.Parse(strings.NewReader(yaml))
	if err != nil {
		t.Fatal(err)
	}
	return newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Policy, c.DataMap = p, NewTracker(p) }), p
}

func msg(topic string, offset int64, key, value string) Message {
	m := Message{Topic: topic, Partition: 0, Offset: offset, Key: []byte(key), Timestamp: time.UnixMilli(1700000000000)}
	if value != "" {
		m.Value = []byte(value)
	}
	return m
}

// valuesOn returns the values of the outputs on topic, in order.
func valuesOn(out []Output, topic string) []string {
	var values []string
	for _, o := range out {
		if o.Topic == topic {
			values = append(values, string(o.Value))
		}
	}
	return values
}

func header(o Output, key string) string {
	for _, h := range o.Headers {
		if h.Key == key {
			return string(h.Value)
		}
	}
	return ""
}

// sameOutputs fails the test unless got holds want's outputs, each with
// the same topic, key and value, in the same order; how says in the
// messages what made got differ from want ("with the memo", "between one
// lane and four").
func sameOutputs(t *testing.T, got, want []Output, how string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d outputs %s, want %d", len(got), how, len(want))
	}
	for i, w := range want {
		if g := got[i]; g.Topic != w.Topic || !bytes.Equal(g.Key, w.Key) || !bytes.Equal(g.Value, w.Value) {
			t.Fatalf("output %d on %s differs %s:\n%s %s\nwant\n%s %s", i, w.Topic, how, g.Topic, g.Value, w.Topic, w.Value)
		}
	}
}

const (
	plantedEmail = "Jan.Kowalski@Example.PL"
	plantedPhone = "+48 601 234 567"
	plantedIBAN  = "DE89370400440532013000"
)

func TestEngineSanitizesAndCommands(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	create := `{"op":"c","table":"customers","ts_ms":1700000000000,"after":{"customer_id":42,"first_name":"Jan","email":"` + plantedEmail +
		`","phone":"` + plantedPhone + `","iban":"` + plantedIBAN + `","locale":"pl-PL"}}`
	note := `{"op":"c","table":"tickets","ts_ms":1700000000001,"after":{"ticket_id":7,"customer_id":42,"notes":"Kunde ruft an: ` + plantedPhone + `, Mail an ` + plantedEmail + ` bitte."}}`
	del := `{"op":"d","table":"customers","ts_ms":1700000000002,"before":{"customer_id":42,"email":"` + plantedEmail + `"}}`
	in := []Message{
		msg("crm.public.customers", 0, `{"customer_id":42}`, create),
		msg("crm.public.tickets", 0, `{"ticket_id":7}`, note),
		msg("crm.public.customers", 1, `{"customer_id":42}`, del),
		msg("crm.public.customers", 2, `{"customer_id":42}`, ""), // tombstone
		msg("crm.public.customers", 3, `{"customer_id":43}`, `{not json`),
		msg("crm.public.customers", 4, ``, `{"op":"x","table":"customers"}`),
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	var sanitized, commands, dead, datamap []Output
	for _, o := range out {
		switch {
		case strings.HasPrefix(o.Topic, "lethe.sanitized."):
			sanitized = append(sanitized, o)
		case o.Topic == DefaultTopics.Commands:
			commands = append(commands, o)
		case o.Topic == DefaultTopics.DeadLetter:
			dead = append(dead, o)
		case o.Topic == DefaultTopics.DataMap:
			datamap = append(datamap, o)
		default:
			t.Errorf("unexpected output topic %s", o.Topic)
		}
		for _, raw := range []string{plantedEmail, "601 234 567", plantedIBAN, strings.ToLower(plantedEmail)} {
			if o.Topic != DefaultTopics.DeadLetter && (bytes.Contains(o.Value, []byte(raw)) || bytes.Contains(o.Key, []byte(raw))) {
				t.Errorf("raw PII (len %d) leaked to %s", len(raw), o.Topic)
			}
		}
	}
	if len(sanitized) != 4 { // create, note, delete, tombstone
		t.Fatalf("sanitized outputs = %d, want 4", len(sanitized))
	}
	for i, want := range []string{"crm.public.customers/0/0", "crm.public.tickets/0/0", "crm.public.customers/0/1", "crm.public.customers/0/2"} {
		if got := header(sanitized[i], HeaderInput); got != want {
			t.Errorf("sanitized[%d] input header = %q, want %q", i, got, want)
		}
	}
	if sanitized[3].Value != nil {
		t.Error("tombstone must stay a tombstone")
	}
	var env struct {
		After Row `json:"after"`
		Lethe struct {
			Policy string            `json:"policy"`
			Fields map[string]string `json:"fields"`
		} `json:"lethe"`
	}
	if err := json.Unmarshal(sanitized[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	if env.After["locale"] != "pl-PL" {
		t.Error("non-personal column changed")
	}
	if v, _ := env.After["email"].(string); !strings.HasPrefix(v, "psn_") {
		t.Error("email not pseudonymised")
	}
	if env.After["iban"] != nil {
		t.Error("IBAN not dropped")
	}
	if id, _ := env.After["customer_id"].(string); !strings.HasPrefix(id, "psn_") {
		t.Error("subject key not pseudonymised")
	}
	if !strings.HasPrefix(env.Lethe.Fields["email"], "pseudonymize:user.contact.email") {
		t.Errorf("lethe summary for email = %q", env.Lethe.Fields["email"])
	}
	if !bytes.Equal(sanitized[0].Key, sanitized[2].Key) || !strings.Contains(string(sanitized[0].Key), "psn_") {
		t.Error("sanitized key must be the pseudonymised subject key, equal across events")
	}
	if len(commands) != 1 {
		t.Fatalf("commands = %d, want 1 erase for the delete", len(commands))
	}
	var cmd Command
	if err := json.Unmarshal(commands[0].Value, &cmd); err != nil {
		t.Fatal(err)
	}
	if cmd.Type != CmdErase || cmd.Table != "public.customers" || cmd.Reason != "crm_delete" || cmd.RecordKey != string(sanitized[0].Key) ||
		cmd.Source.Offset != 1 || len(cmd.Recipients) != 1 || cmd.Topics[0] != "lethe.sanitized.customers" ||
		!strings.HasPrefix(cmd.Subject, "psn_") || cmd.IssuedAt.Day() > 28 || !cmd.Deadline.Equal(cmd.IssuedAt.AddDate(0, 1, 0)) {
		t.Errorf("erase command wrong: %+v", cmd)
	}
	if len(dead) != 2 {
		t.Fatalf("dead letters = %d, want 2", len(dead))
	}
	if header(dead[1], HeaderField) != "op" {
		t.Errorf("dead letter for a bad op names field %q, want op", header(dead[1], HeaderField))
	}
	if header(dead[0], HeaderReason) == "" || header(dead[0], HeaderOffset) != "3" || header(dead[0], HeaderTopic) != "crm.public.customers" {
		t.Errorf("dead letter headers wrong: %v", dead[0].Headers)
	}
	var dl struct {
		Topic      string
		Partition  int32
		Offset     int64
		Reason     string
		ValueBytes int `json:"value_bytes"`
	}
	if err := json.Unmarshal(dead[0].Value, &dl); err != nil {
		t.Fatalf("dead letter value: %v", err)
	}
	if dl.Topic != "crm.public.customers" || dl.Offset != 3 || dl.Reason == "" || dl.ValueBytes != len(in[4].Value) {
		t.Errorf("dead letter must point at its input: %+v", dl)
	}
	if bytes.Contains(dead[0].Value, in[4].Value) || bytes.Contains(dead[0].Key, in[4].Key) {
		t.Error("a dead letter must not carry the input's content")
	}
	if len(datamap) == 0 {
		t.Fatal("no data map records")
	}
	for _, d := range datamap {
		if h := header(d, HeaderInput); !strings.HasPrefix(h, "crm.public.") {
			t.Errorf("data map record %s names input %q", d.Key, h)
		}
	}
	// Deterministic: the same inputs give the same outputs.
	e2 := newTestEngine(t, fakeDecoder{})
	out2, _ := e2.Handle(context.Background(), in, nil)
	sameOutputs(t, out2, out, "on replay")
}

// Integer subject keys, as the Debezium decoder produces them, are
// pseudonymised by their column rule however short they are.
func TestEngineIntegerSubjectKey(t *testing.T) {
	e := newTestEngine(t, int64Decoder{})
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.orders", 0, `{"order_id":1}`, `{"op":"c","table":"orders","after":{"order_id":1,"customer_id":42,"total_cents":1999}}`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ After Row }
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	if id, _ := env.After["customer_id"].(string); !strings.HasPrefix(id, "psn_") {
		t.Errorf("customer_id = %v, want a pseudonym", env.After["customer_id"])
	}
	if env.After["total_cents"] != float64(1999) || env.After["order_id"] != float64(1) {
		t.Errorf("non-personal integers changed: %v", env.After)
	}
}

// int64Decoder is fakeDecoder with integers as int64, as Debezium's decoder
// returns them.
type int64Decoder struct{ fakeDecoder }

func (d int64Decoder) Decode(ctx context.Context, topic string, key, value []byte) (Change, error) {
	c, err := d.fakeDecoder.Decode(ctx, topic, key, value)
	for _, r := range []Row{c.Key, c.Before, c.After} {
		for k, v := range r {
			if f, ok := v.(float64); ok && f == float64(int64(f)) {
				r[k] = int64(f)
			}
		}
	}
	return c, err
}

// sanitizedNote hands the engine a ticket's event (value) and returns the
// sanitized notes column.
func sanitizedNote(t *testing.T, e *Engine, value string) string {
	t.Helper()
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.tickets", 0, `{"ticket_id":1}`, value)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ After Row }
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	s, _ := env.After["notes"].(string)
	return s
}

func TestEngineFreeTextSpans(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	note := `{"op":"c","table":"tickets","after":{"ticket_id":1,"notes":"Order ORD-2014-004711 shipped. Call ` + plantedPhone + ` or write to ` + plantedEmail +
		` or info@bäckerei-kowalczyk.de. IBAN DE89\u00a03704\u00a00044\u00a00532\u00a00130\u00a000."}}`
	s := sanitizedNote(t, e, note)
	if !strings.HasPrefix(s, "Order ORD-2014-004711 shipped. Call ") {
		t.Errorf("text around spans must survive; got %d bytes", len(s))
	}
	if strings.Contains(s, "601 234 567") || strings.Contains(s, "Kowalski") || strings.Contains(s, "kowalczyk") || strings.Contains(s, "0532") || !strings.Contains(s, "psn_") {
		t.Error("spans inside free text not sanitized")
	}
}

// A street after an IBAN, a card or a phone number took the number's last
// group for its house number and replaced the validated finding: the
// sanitized note carried all of the number but that group.
func TestEngineStreetAfterValidatedNumber(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	note := `{"op":"c","table":"tickets","after":{"ticket_id":1,"notes":"IBAN DE89 3704 0044 0532 0130 00 Hauptstraße 5. Karte 4111 1111 1111 1111 Hauptstraße 7. Tel. 030 12345 67 Kerkstraat 12"}}`
	s := sanitizedNote(t, e, note)
	for _, raw := range []string{"3704", "0532", "4111", "12345", "Hauptstraße", "Kerkstraat"} {
		if strings.Contains(s, raw) {
			t.Errorf("%q reached the sanitized note", raw)
		}
	}
	if !strings.HasPrefix(s, "IBAN ") || !strings.Contains(s, " Karte ") || !strings.Contains(s, " Tel. ") {
		t.Errorf("text around spans must survive; got %d bytes", len(s))
	}
}

// A table keyed on login handles: no detector knows "qz14.nowak" by its
// value, and a review found it raw in the sanitized key, the record and
// the ERASE every holder reads. The column's name says what it is.
func TestEngineLoginKey(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	create := `{"op":"c","table":"accounts","ts_ms":1700000000000,"after":{"login":"qz14.nowak","benutzername":"qz15.kowalski","plan":"basic"}}`
	del := `{"op":"d","table":"accounts","ts_ms":1700000000001,"before":{"login":"qz14.nowak","benutzername":"qz15.kowalski","plan":"basic"}}`
	out, err := e.Handle(context.Background(), []Message{
		msg("crm.public.accounts", 0, `{"login":"qz14.nowak"}`, create),
		msg("crm.public.accounts", 1, `{"login":"qz14.nowak"}`, del),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	erases := 0
	for _, o := range out {
		if o.Topic == DefaultTopics.Commands {
			erases++
		}
		for _, raw := range []string{"qz14", "qz15", "nowak", "kowalski"} {
			if bytes.Contains(o.Key, []byte(raw)) || bytes.Contains(o.Value, []byte(raw)) {
				t.Errorf("%q reached %s (input %s)", raw, o.Topic, header(o, HeaderInput))
			}
		}
	}
	if erases != 1 {
		t.Errorf("%d ERASE commands, want 1", erases)
	}
}

// Invisible formatting characters inside personal data in free text (a
// zero-width space in an address, a soft hyphen in a phone number, as
// pasted text carries them) hid it from the detectors: a review found the
// address and the IBAN raw in the sanitized topic, and a phone number's
// last digits. The same address written plainly gets the same pseudonym.
func TestEngineFormatCharactersInFreeText(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	note := `{"op":"c","table":"tickets","after":{"ticket_id":1,"notes":"Bitte an qz90.anna\u200b@example.org schicken, IBAN DE89\u200b3704\u200b0044\u200b0532\u200b0130\u200b00, Tel. +49 30 9876\u00ad5432","plain":"qz90.anna@example.org"}}`
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.tickets", 0, `{"ticket_id":1}`, note)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		After struct{ Notes, Plain string }
	}
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	s := env.After.Notes
	for _, raw := range []string{"qz90", "anna", "example.org", "3704", "0532", "9876", "5432"} {
		if strings.Contains(s, raw) {
			t.Errorf("%q reached the sanitized notes", raw)
		}
	}
	if plain := env.After.Plain; !strings.HasPrefix(plain, "psn_") || !strings.Contains(s, plain) {
		t.Errorf("the address with a zero-width space did not get the plain address's pseudonym %s", plain)
	}
}

// Names in free text whose letters beyond ASCII were lost in decoding, as
// a legacy CRM's Latin-1 text read as UTF-8 has them, or written as
// mojibake (UTF-8 read as Windows-1252 once: "WiÅ›niewski"), went out raw
// (or all but their first letters, after a salutation).
func TestEngineNamesWithLostLetters(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	note := `{"op":"c","table":"tickets","after":{"ticket_id":1,"notes":"Kunde J\ufffdrgen M\ufffdller rief an, Herr WiÅ›niewski auch."}}`
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.tickets", 0, `{"ticket_id":1}`, note)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ After struct{ Notes string } }
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	s := env.After.Notes
	if !strings.HasPrefix(s, "Kunde ") || !strings.Contains(s, " rief an, Herr ") {
		t.Errorf("text around the names must survive; got %d bytes", len(s))
	}
	for _, raw := range []string{"rgen", "ller", "niewski"} {
		if strings.Contains(s, raw) {
			t.Errorf("%q reached the sanitized notes", raw)
		}
	}
}

// Debezium writes a PostgreSQL date as the days since 1970: a birth date
// column holds small integers (found raw in the sanitized output by a leak
// hunt), which are personal data where the name says so and counts
// elsewhere.
func TestEngineBirthDatesAsDays(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	value := `{"op":"c","table":"customers","after":{"id":1,"geburtsdatum":5549,"birth_date":-3000,"dob":100,"date_of_birth":0,"quantity":5549}}`
	env := sanitizedCustomer(t, e, value)
	for _, col := range []string{"geburtsdatum", "birth_date", "dob", "date_of_birth"} { // 0 is 1970-01-01
		if v, ok := env.After[col].(float64); ok {
			t.Errorf("%s: a date of birth as days since 1970 came out unchanged (%v)", col, v)
		}
	}
	if v, _ := env.After["quantity"].(float64); v != 5549 {
		t.Errorf("quantity: a count must stay as it was, got %v", env.After["quantity"])
	}
}

// A CRM that keeps a phone number's area code and extension in columns of
// their own beside the subscriber's number (vorwahl, rufnummer,
// durchwahl) passes them on masked as the number is, also where they are
// integers (a review found them raw); a count stays a count.
func TestEnginePhonePartColumns(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	value := `{"op":"c","table":"customers","after":{"id":1,"vorwahl":"030","rufnummer":"1234567","durchwahl":4711,` +
		`"area_code":161,"quantity":30}}`
	env := sanitizedCustomer(t, e, value)
	for col, raw := range map[string]any{"vorwahl": "030", "rufnummer": "1234567", "durchwahl": float64(4711), "area_code": float64(161)} {
		if env.After[col] == raw {
			t.Errorf("%s: came out unchanged (%v)", col, raw)
		}
	}
	if v, _ := env.After["quantity"].(float64); v != 30 {
		t.Errorf("quantity: a count must stay as it was, got %v", env.After["quantity"])
	}
}

func TestEngineTransientDecodeErrorRetries(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{err: context.DeadlineExceeded})
	_, err := e.Handle(context.Background(), []Message{msg("crm.public.customers", 0, `{}`, `{}`)}, nil)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("err = %v, want the transient error so the transaction retries", err)
	}
}

// retryErr is a decoder's error that says a retry may succeed, as a schema
// registry answering 503 does.
type retryErr struct{ retry bool }

func (e retryErr) Error() string   { return "registry answered 503" }
func (e retryErr) Transient() bool { return e.retry }

func TestEngineDecoderSaysTransient(t *testing.T) {
	for _, retry := range []bool{true, false} {
		e := newTestEngine(t, fakeDecoder{err: fmt.Errorf("schema lookup: %w", retryErr{retry})})
		out, err := e.Handle(context.Background(), []Message{msg("crm.public.customers", 0, `{}`, `{}`)}, nil)
		if retry && (err == nil || len(out) != 0) {
			t.Fatalf("Transient() true: err = %v, %d outputs; want the error so the batch retries, and no dead letter", err, len(out))
		}
		if !retry && (err != nil || len(out) != 1 || out[0].Topic != DefaultTopics.DeadLetter) {
			t.Fatalf("Transient() false: err = %v, %d outputs; want one dead letter", err, len(out))
		}
	}
}

// Lanes split a batch; the outputs must be exactly those of one lane.
func TestEngineParallelMatchesSequential(t *testing.T) {
	var in []Message
	for i := range 600 {
		v := `{"op":"c","table":"tickets","ts_ms":1700000000000,"after":{"ticket_id":` + itoa(i) + `,"customer_id":` + itoa(i%37) +
			`,"notes":"Rückruf unter ` + plantedPhone + ` erbeten, Mail ` + plantedEmail + `"}}`
		in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, v))
		if i%50 == 0 {
			in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, `{"op":"d","table":"tickets","before":{"ticket_id":1,"customer_id":3}}`))
		}
	}
	run := func(par int) []Output {
		san, _ := sanitize.New(sanitize.Keys{Pseudonym: bytes.Repeat([]byte{7}, 32), Token: bytes.Repeat([]byte{8}, 32)})
		p := policy.Default()
		e, err := NewEngine(EngineConfig{Decoder: fakeDecoder{}, Detector: pii.NewScanner(), Policy: p, Sanitizer: san,
			Topics: DefaultTopics, DataMap: NewTracker(p), Parallelism: par})
		if err != nil {
			t.Fatal(err)
		}
		out, err := e.Handle(context.Background(), in, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	// Data map evidence merges exactly in any order, so even its records
	// are the same bytes.
	seq := run(1)
	sameOutputs(t, run(4), seq, "between one lane and four")
}

// TestEngineReplayIsIdentical runs the same batches through two fresh
// engines with several lanes: every output, data map records included, must
// be byte for byte the same, as a replay of the audit log expects.
func TestEngineReplayIsIdentical(t *testing.T) {
	var in []Message
	for i := range 3000 {
		v := `{"op":"c","table":"tickets","ts_ms":1700000000000,"after":{"ticket_id":` + itoa(i) + `,"customer_id":` + itoa(i%37) + `,"notes":"`
		switch i % 3 {
		case 0:
			v += `Rückruf unter ` + plantedPhone
		case 1:
			v += `Mail ` + plantedEmail + `, IBAN ` + plantedIBAN
		default:
			v += `keine Angaben`
		}
		in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, v+`"}}`))
	}
	run := func() []Output {
		san, _ := sanitize.New(sanitize.Keys{Pseudonym: bytes.Repeat([]byte{7}, 32), Token: bytes.Repeat([]byte{8}, 32)})
		p := policy.Default()
		e, err := NewEngine(EngineConfig{Decoder: fakeDecoder{}, Detector: pii.NewScanner(), Policy: p, Sanitizer: san,
			Topics: DefaultTopics, DataMap: NewTracker(p), Parallelism: 4})
		if err != nil {
			t.Fatal(err)
		}
		var out []Output
		for lo := 0; lo < len(in); lo += 1500 {
			if out, err = e.Handle(context.Background(), in[lo:lo+1500], out); err != nil {
				t.Fatal(err)
			}
		}
		return out
	}
	a := run()
	sameOutputs(t, run(), a, "between two runs")
}

func itoa(i int) string { return strconv.Itoa(i) }

// A null key and a 10 MB free-text field are processed, not dead-lettered:
// the key stays null and the planted values at the end of the field are
// still found.
// Outputs Kafka would refuse, a keyless record on a compacted sanitized
// topic or one over the size limit, become dead letters naming the input;
// the rest of the event (commands, data map) goes on.
func TestEngineRefusesUnwritableOutputs(t *testing.T) {
	huge := strings.Repeat("Der Kunde hat angerufen und nach dem Stand der Lieferung gefragt. ", 10<<20/66) +
		"Rückruf: " + plantedEmail + "."
	hugeTicket, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", After: Row{"ticket_id": 1, "notes": huge}})
	deleted, _ := json.Marshal(fakeEvent{Op: "d", Table: "customers", Before: Row{"customer_id": 2, "email": plantedEmail}})
	created, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: Row{"customer_id": 3, "email": plantedEmail}})
	// Names go into data map records and commands twice over: a review
	// found a name of 0.6 MB making every transaction fail.
	longName := strings.Repeat("x", 600_000)
	longColumn, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: Row{"customer_id": 3, longName: plantedEmail}})
	longSchema, _ := json.Marshal(fakeEvent{Op: "c", Schema: longName, Table: "customers", After: Row{"customer_id": 3, "email": plantedEmail}})
	for _, tc := range []struct {
		name     string
		max      int
		in       Message
		reason   string // of the one dead letter expected; "" for none
		commands int
	}{
		{"null key", 0, Message{Topic: "crm.public.customers", Value: created}, "no record key", 0},
		{"null key delete still erases", 0, Message{Topic: "crm.public.customers", Value: deleted}, "no record key", 1},
		{"null key tombstone", 0, Message{Topic: "crm.public.customers"}, "no record key", 0},
		{"huge field, no limit", 0, msg("crm.public.tickets", 0, `{"ticket_id":1}`, string(hugeTicket)), "", 0},
		{"huge field over the limit", 1 << 20, msg("crm.public.tickets", 0, `{"ticket_id":1}`, string(hugeTicket)), "over the limit of 1048576", 0},
		{"under the limit", 1 << 20, msg("crm.public.customers", 0, `{"customer_id":3}`, string(created)), "", 0},
		{"long column name", 1 << 20, msg("crm.public.customers", 0, `{"customer_id":3}`, string(longColumn)), "a column name longer than 1024 bytes", 0},
		{"long schema name", 1 << 20, msg("crm.public.customers", 0, `{"customer_id":3}`, string(longSchema)), "a schema or table name longer than 1024 bytes", 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.MaxOutputBytes = tc.max })
			out, err := e.Handle(context.Background(), []Message{tc.in}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var dead, sanitized, commands []Output
			for _, o := range out {
				switch {
				case o.Topic == DefaultTopics.DeadLetter:
					dead = append(dead, o)
				case o.Topic == DefaultTopics.Commands:
					commands = append(commands, o)
				case strings.HasPrefix(o.Topic, "lethe.sanitized."):
					sanitized = append(sanitized, o)
				}
				if bytes.Contains(o.Value, []byte(plantedEmail)) || bytes.Contains(o.Key, []byte(plantedEmail)) {
					t.Errorf("the planted e-mail reached %s", o.Topic)
				}
				if o.Topic != DefaultTopics.DeadLetter && tc.max > 0 && o.size() > tc.max {
					t.Errorf("%d-byte output on %s passed a limit of %d", o.size(), o.Topic, tc.max)
				}
			}
			if len(commands) != tc.commands {
				t.Errorf("%d commands, want %d", len(commands), tc.commands)
			}
			if tc.reason == "" {
				if len(dead) != 0 || len(sanitized) != 1 {
					t.Fatalf("%d dead letters and %d sanitized records, want 0 and 1", len(dead), len(sanitized))
				}
				if tc.max == 0 && len(sanitized[0].Value) < 10<<20 && strings.Contains(tc.name, "huge") {
					t.Errorf("huge field: only %d bytes out", len(sanitized[0].Value))
				}
				return
			}
			if len(dead) != 1 || len(sanitized) != 0 {
				t.Fatalf("%d dead letters and %d sanitized records, want 1 and 0", len(dead), len(sanitized))
			}
			if r := header(dead[0], HeaderReason); !strings.Contains(r, tc.reason) {
				t.Errorf("reason %q, want it to say %q", r, tc.reason)
			}
			if header(dead[0], HeaderTopic) != tc.in.Topic {
				t.Errorf("dead letter names topic %q, want %q", header(dead[0], HeaderTopic), tc.in.Topic)
			}
			e.Committed() // the stats count committed batches
			if got := e.Stats().DeadLetters.Load(); got != 1 {
				t.Errorf("dead-letter count %d, want 1", got)
			}
		})
	}
}

// flakyDecoder fails transiently on one input, once.
type flakyDecoder struct {
	fakeDecoder
	failAt int64
	failed *atomic.Bool // lanes decode concurrently
}

func (d flakyDecoder) Decode(ctx context.Context, topic string, key, value []byte) (Change, error) {
	if bytes.Contains(value, []byte(`"ticket_id":`+strconv.FormatInt(d.failAt, 10)+`,`)) && d.failed.CompareAndSwap(false, true) {
		return Change{}, context.DeadlineExceeded
	}
	return d.fakeDecoder.Decode(ctx, topic, key, value)
}

// A batch that fails is retried whole; its first attempt must leave no
// trace in the data map.
func TestEngineRetriedBatchCountsOnce(t *testing.T) {
	var in []Message
	for i := range 400 {
		in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`,
			`{"op":"c","table":"tickets","after":{"ticket_id":`+itoa(i)+`,"notes":"Mail an `+plantedEmail+`"}}`))
	}
	var failed atomic.Bool
	e := newTestEngine(t, flakyDecoder{failAt: 350, failed: &failed})
	if _, err := e.Handle(context.Background(), in, nil); err == nil {
		t.Fatal("want the transient error")
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	records := 0
	for _, o := range out {
		if o.Topic != DefaultTopics.DataMap || !strings.Contains(string(o.Key), "|notes|") {
			continue
		}
		records++
		var rec MapRecord
		if err := json.Unmarshal(o.Value, &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Entry.Seen != 400 {
			t.Errorf("notes seen %d times after a retried batch of 400", rec.Entry.Seen)
		}
	}
	if records != 1 {
		t.Errorf("%d data map records of tickets.notes, want 1", records)
	}
}

// A column published as not personal that turns out to hold personal data
// gets one REDACT command, naming the latest input whose value in the
// column held personal data with its source.lsn (a review found the LSN
// left out; the batch's last input, clean, was named before); columns
// personal from the start get none.
func TestEngineRedactsOnDiscovery(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	batch := func(from int, notes func(i int) string) []Message {
		var in []Message
		for i := from; i < from+300; i++ {
			v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", LSN: int64(5000 + i), After: Row{"ticket_id": i, "email": plantedEmail, "notes": notes(i)}})
			in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v)))
		}
		return in
	}
	redacts := func(out []Output) (n int, cmd Command) {
		for _, o := range out {
			if o.Topic != DefaultTopics.Commands {
				continue
			}
			var c Command
			if err := json.Unmarshal(o.Value, &c); err != nil {
				t.Fatal(err)
			}
			if c.Type == CmdRedact {
				n, cmd = n+1, c
			}
		}
		return n, cmd
	}
	out, err := e.Handle(context.Background(), batch(0, func(int) string { return "Lieferung pünktlich, Kunde zufrieden." }), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := redacts(out); n != 0 {
		t.Fatalf("%d REDACT commands before any discovery", n)
	}
	out, err = e.Handle(context.Background(), batch(300, func(i int) string {
		if i >= 550 {
			return "Lieferung pünktlich, Kunde zufrieden."
		}
		return "Rückruf unter " + plantedPhone + " erbeten."
	}), nil)
	if err != nil {
		t.Fatal(err)
	}
	n, cmd := redacts(out)
	if n != 1 || cmd.Table != "public.tickets" || len(cmd.Fields) != 1 || cmd.Fields[0] != "notes" ||
		cmd.Reason != "pii_discovered" || cmd.RecordKey != "" || cmd.Source.Offset != 549 || cmd.Source.LSN != 5549 || len(cmd.Recipients) != 1 {
		t.Fatalf("REDACT commands = %d, last %+v", n, cmd)
	}
	out, err = e.Handle(context.Background(), batch(600, func(int) string { return "Rückruf unter " + plantedPhone + " erbeten." }), nil)
	if err != nil {
		t.Fatal(err)
	}
	if n, _ := redacts(out); n != 0 {
		t.Fatalf("%d REDACT commands for a column already known as personal", n)
	}
	e.Committed()
	// The stats tell them from the ERASEs (the demo's summary shows both).
	if st := e.Stats(); st.Redacts.Load() != 1 || st.Commands.Load() != 1 {
		t.Errorf("stats: %d REDACT of %d commands, want 1 of 1", st.Redacts.Load(), st.Commands.Load())
	}
}

// A REDACT about inputs without a plausible time is issued now, as an ERASE
// is: one issued at the zero time would cover no copy at all.
func TestEngineRedactWithoutEventTime(t *testing.T) {
	now := time.Date(2026, 11, 29, 6, 0, 0, 0, time.UTC)
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Now = func() time.Time { return now } })
	var in []Message
	for i := range 600 {
		notes := "Lieferung pünktlich, Kunde zufrieden."
		if i >= 300 {
			notes = "Rückruf unter " + plantedPhone + " erbeten."
		}
		v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", After: Row{"ticket_id": i, "notes": notes}})
		m := msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v))
		m.Timestamp = time.Time{}
		in = append(in, m)
	}
	var redacts []Command
	for _, batch := range [][]Message{in[:300], in[300:]} {
		out, err := e.Handle(context.Background(), batch, nil)
		if err != nil {
			t.Fatal(err)
		}
		redacts = append(redacts, commandsOf(out, CmdRedact)...)
	}
	if len(redacts) != 1 || !redacts[0].IssuedAt.Equal(now) || !redacts[0].Deadline.Equal(now.AddDate(0, 1, 0)) {
		t.Fatalf("REDACTs %+v: want one issued at %s", redacts, now)
	}
}

// A batch holding a column's first few values, all empty, must not publish
// it as not personal for discovery: whether the next batch's e-mail sends
// holders a REDACT would depend on where the batches end.
func TestEngineNoRedactAfterFewEmptyValues(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	batch := func(from, n int, email any) []Message {
		var in []Message
		for i := from; i < from+n; i++ {
			v, _ := json.Marshal(fakeEvent{Op: "c", Table: "contacts", After: Row{"contact_id": i, "remark": email}})
			in = append(in, msg("crm.public.contacts", int64(i), `{"contact_id":`+itoa(i)+`}`, string(v)))
		}
		return in
	}
	commands := func(out []Output) int {
		n := 0
		for _, o := range out {
			if o.Topic == DefaultTopics.Commands {
				n++
			}
		}
		return n
	}
	for _, b := range [][]Message{batch(0, 3, nil), batch(3, 2, ""), batch(5, 50, plantedEmail)} {
		out, err := e.Handle(context.Background(), b, nil)
		if err != nil {
			t.Fatal(err)
		}
		if n := commands(out); n != 0 {
			t.Fatalf("%d commands after batch at offset %d, want none", n, b[0].Offset)
		}
	}
}

// TestEngineRedactThreshold pins discoveryMinValues: a column published as
// not personal on 19 clean values that turns personal gets no REDACT, on 20
// it gets one, and a worker that restored the data map decides the same.
func TestEngineRedactThreshold(t *testing.T) {
	clean := func(from, n int) []Message {
		var in []Message
		for i := from; i < from+n; i++ {
			v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", After: Row{"ticket_id": i, "remark": "Lieferung pünktlich, Kunde zufrieden."}})
			in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v)))
		}
		return in
	}
	personal := func(from int) []Message { // enough to make the column personal
		var in []Message
		for i := from; i < from+40; i++ {
			v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", After: Row{"ticket_id": i, "remark": "Rückruf unter " + plantedPhone + " erbeten."}})
			in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v)))
		}
		return in
	}
	redacts := func(out []Output) int {
		n := 0
		for _, o := range out {
			var c Command
			if o.Topic == DefaultTopics.Commands && json.Unmarshal(o.Value, &c) == nil && c.Type == CmdRedact {
				n++
			}
		}
		return n
	}
	for _, n := range []int{19, 20} { // the README promises 20
		for _, restored := range []bool{false, true} {
			e := newTestEngine(t, fakeDecoder{})
			out, err := e.Handle(context.Background(), clean(0, n), nil)
			if err != nil {
				t.Fatal(err)
			}
			if restored {
				// A new worker takes over the partition from the data map.
				recs := map[string][]byte{}
				for _, o := range out {
					if o.Topic == DefaultTopics.DataMap {
						recs[string(o.Key)] = o.Value
					}
				}
				e = restoredEngine(t, policy.Default(), recs)
			}
			out, err = e.Handle(context.Background(), personal(n), nil)
			if err != nil {
				t.Fatal(err)
			}
			want := 0
			if n >= 20 {
				want = 1
			}
			if got := redacts(out); got != want {
				t.Errorf("%d clean values (restored %v), then personal data: %d REDACTs, want %d", n, restored, got, want)
			}
		}
	}
}

// Record keys stay one-to-one: key columns that the policy would mask or
// drop are pseudonymised instead, so two rows never share a sanitized key.
func TestEngineKeysStayDistinct(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	var in []Message
	for i, phone := range []string{"+48 601 234 567", "+48 601 234 568"} {
		in = append(in, msg("crm.public.phones", int64(i), `{"phone":"`+phone+`"}`, `{"op":"c","table":"phones","after":{"phone":"`+phone+`"}}`))
	}
	for i, iban := range []string{"DE89370400440532013000", "GB82WEST12345698765432"} {
		in = append(in, msg("crm.public.accounts", int64(i), `{"iban":"`+iban+`"}`, `{"op":"d","table":"accounts","before":{"iban":"`+iban+`"}}`))
	}
	// Spellings a value's pseudonym folds together are two rows as keys
	// (a review saw each pair share one key, merged by compaction).
	for i, kv := range [][2]string{{"email", "Alice@Example.com"}, {"email", "alice@example.com"},
		{"phone", "+49 30 1234567"}, {"phone", "0049301234567"}, {"card", "4111111111111111.00"}, {"card", "4111111111111111.0"}} {
		in = append(in, msg("crm.public.spellings", int64(i), `{"`+kv[0]+`":"`+kv[1]+`"}`, `{"op":"c","table":"spellings","after":{"`+kv[0]+`":"`+kv[1]+`"}}`))
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	keys := map[string]string{}
	for _, o := range out {
		if !strings.HasPrefix(o.Topic, "lethe.sanitized.") {
			continue
		}
		in := header(o, HeaderInput)
		if prev, dup := keys[string(o.Key)]; dup && prev != in {
			t.Errorf("inputs %s and %s share the sanitized key %s", prev, in, o.Key)
		}
		keys[string(o.Key)] = in
		if !strings.Contains(string(o.Key), "psn_") || strings.Contains(string(o.Key), "601") {
			t.Errorf("key %s is not a pseudonym", o.Key)
		}
	}
	if len(keys) != 10 {
		t.Errorf("%d distinct keys, want 10", len(keys))
	}
}

// A token gives back the value as the record wrote it, also where the
// detectors see another form of it: a card number in a text column with a
// zero fraction ("4111111111111111.00", found as 4111111111111111), as a
// value and as a key.
func TestEngineTokenIsOfTheValueAsWritten(t *testing.T) {
	san, _ := sanitize.NewDetokenizer(bytes.Repeat([]byte{8}, 32)) // newTestEngine's token key
	e, _ := newPolicyEngine(t, "version: t\ndefaults: {user.financial: tokenize}\n")
	const card = "4111111111111111.00"
	v := `{"op":"c","table":"t","after":{"card":"` + card + `","note":"x"}}`
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.t", 0, `{"card":"`+card+`"}`, v)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ After map[string]string }
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	var key map[string]string
	if err := json.Unmarshal(out[0].Key, &key); err != nil {
		t.Fatal(err)
	}
	for what, tok := range map[string]string{"value": env.After["card"], "key": key["card"]} {
		got, err := san.Detokenize(tok)
		if err != nil || got != card {
			t.Errorf("the %s's token %q gives %q (%v), want %q", what, tok, got, err, card)
		}
	}
}

// A recipient that tokenizes a whole value must not get a token of a part
// the policy drops (tokens can be decrypted); bytes values are scanned like
// strings.
func TestEngineTokenNeverCarriesDroppedParts(t *testing.T) {
	san, _ := sanitize.New(sanitize.Keys{Pseudonym: bytes.Repeat([]byte{7}, 32), Token: bytes.Repeat([]byte{8}, 32)})
	p, err := policy.Parse(strings.NewReader("version: t\ndefaults: {\"*\": tokenize, user.financial: drop}\n"))
	if err != nil {
		t.Fatal(err)
	}
	// A detector that reports a whole-value e-mail (tokenized) and, inside
	// it, an IBAN (dropped).
	det := detectorFunc(func(field, value string, dst []pii.Finding) []pii.Finding {
		if field != "email" {
			return dst
		}
		return append(dst, pii.Finding{Category: pii.Email, End: len(value), Score: 0.9, Detector: "email"},
			pii.Finding{Category: pii.BankAccount, End: 22, Score: 0.9, Detector: "iban"})
	})
	e, err := NewEngine(EngineConfig{Decoder: fakeDecoder{}, Detector: det, Policy: p, Sanitizer: san, Topics: DefaultTopics})
	if err != nil {
		t.Fatal(err)
	}
	v := `{"op":"c","table":"t","after":{"email":"DE89370400440532013000@example.com"}}`
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.t", 0, `{"id":1}`, v)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var env struct{ After Row }
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	// The drop of the IBAN wins over the token of the whole value.
	if v, present := env.After["email"]; !present || v != nil || bytes.Contains(out[0].Value, []byte("DE89370400440532013000")) {
		t.Errorf("a value holding a dropped IBAN came out as %v (want null): %s", v, out[0].Value)
	}

	b := newTestEngine(t, bytesDecoder{})
	out, err = b.Handle(context.Background(), []Message{msg("crm.public.t", 0, `{"id":1}`, `{"op":"c","table":"t","after":{"name":"Anna"}}`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var benv struct{ After Row }
	if err := json.Unmarshal(out[0].Value, &benv); err != nil {
		t.Fatal(err)
	}
	if s, _ := benv.After["name"].(string); !strings.HasPrefix(s, "psn_") || bytes.Contains(out[0].Value, []byte("QW5uYQ")) { // base64 of "Anna"
		t.Errorf("a short bytes value was not scanned and pseudonymised: %s", out[0].Value)
	}
}

// bytesDecoder turns every string into []byte, as an Avro bytes column.
type bytesDecoder struct{ fakeDecoder }

func (d bytesDecoder) Decode(ctx context.Context, topic string, key, value []byte) (Change, error) {
	c, err := d.fakeDecoder.Decode(ctx, topic, key, value)
	for k, v := range c.After {
		if s, ok := v.(string); ok {
			c.After[k] = []byte(s)
		}
	}
	return c, err
}

// detectorFunc is a scripted detector for engine unit tests.
type detectorFunc func(field, value string, dst []pii.Finding) []pii.Finding

func (f detectorFunc) ScanField(field, value string, dst []pii.Finding) []pii.Finding {
	return f(field, value, dst)
}

// fieldError names the field a decode error is about, as Debezium's
// DecodeError does.
type fieldError struct {
	field string
	err   error
}

func (e fieldError) Error() string     { return e.field + ": " + e.err.Error() }
func (e fieldError) FieldPath() string { return e.field }

// A REDACT whose transaction aborted is issued again when the batch is
// retried.
func TestEngineRedactSurvivesAbort(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	count := func(out []Output) (n int) {
		for _, o := range out {
			if o.Topic == DefaultTopics.Commands && bytes.Contains(o.Value, []byte(`"REDACT"`)) {
				n++
			}
		}
		return n
	}
	if _, err := e.Handle(context.Background(), ticketBatch(0, "Lieferung pünktlich."), nil); err != nil {
		t.Fatal(err)
	}
	e.Committed()
	discovery := ticketBatch(300, "Rückruf unter "+plantedPhone+" erbeten.")
	out, err := e.Handle(context.Background(), discovery, nil)
	if err != nil || count(out) != 1 {
		t.Fatalf("first attempt: %d REDACT, err %v", count(out), err)
	}
	e.Aborted()
	out, err = e.Handle(context.Background(), discovery, nil)
	if err != nil || count(out) != 1 {
		t.Fatalf("retry after abort: %d REDACT, want 1 (err %v)", count(out), err)
	}
	e.Committed()
	out, _ = e.Handle(context.Background(), ticketBatch(600, "Rückruf unter "+plantedPhone+" erbeten."), nil)
	if count(out) != 0 {
		t.Fatalf("%d REDACT after the discovery committed", count(out))
	}
}

// TestEngineUpdateTwins checks that an update's unchanged columns, whose
// findings and output the engine takes from the before image, come out
// exactly as the same row does on its own.
func TestEngineUpdateTwins(t *testing.T) {
	before := `{"customer_id":3,"email":"` + plantedEmail + `","phone":"` + plantedPhone + `","notes":"IBAN ` + plantedIBAN + `, ruft an unter ` + plantedPhone + `","first_name":"Jan","status":"open"}`
	after := strings.Replace(strings.Replace(before, `"Jan"`, `"Janusz"`, 1), `"open"`, `"closed"`, 1)
	e := newTestEngine(t, fakeDecoder{})
	out, err := e.Handle(context.Background(), []Message{
		msg("crm.public.customers", 0, `{"customer_id":3}`, `{"op":"u","table":"customers","ts_ms":1700000000000,"before":`+before+`,"after":`+after+`}`),
		msg("crm.public.customers", 1, `{"customer_id":3}`, `{"op":"c","table":"customers","ts_ms":1700000000000,"after":`+before+`}`),
		msg("crm.public.customers", 2, `{"customer_id":3}`, `{"op":"c","table":"customers","ts_ms":1700000000000,"after":`+after+`}`),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var envs []map[string]json.RawMessage
	for _, o := range out {
		if o.Topic == "lethe.sanitized.customers" {
			var env map[string]json.RawMessage
			if err := json.Unmarshal(o.Value, &env); err != nil {
				t.Fatal(err)
			}
			envs = append(envs, env)
		}
	}
	if len(envs) != 3 {
		t.Fatalf("%d sanitized records, want 3", len(envs))
	}
	if string(envs[0]["before"]) != string(envs[1]["after"]) || string(envs[0]["after"]) != string(envs[2]["after"]) {
		t.Fatalf("update images differ from the same rows alone:\n%s\n%s\n%s\n%s", envs[0]["before"], envs[1]["after"], envs[0]["after"], envs[2]["after"])
	}
	for _, planted := range []string{plantedEmail, plantedPhone, plantedIBAN} {
		if bytes.Contains(out[0].Value, []byte(planted)) {
			t.Fatal("a planted value survived in the update")
		}
	}
	var lethe struct {
		Fields map[string]string `json:"fields"`
	}
	if err := json.Unmarshal(envs[0]["lethe"], &lethe); err != nil || lethe.Fields["email"] == "" || lethe.Fields["notes"] == "" {
		t.Fatalf("update's lethe block lost the notes of unchanged fields: %s", envs[0]["lethe"])
	}
}

// TestEngineNotesOfBothImages checks the lethe block's notes when an
// update's images differ in their columns and neither is in the order of
// the names: every noted column once, by name, an after image's note over
// its before image's.
func TestEngineNotesOfBothImages(t *testing.T) {
	before := `{"zeta":"` + plantedPhone + `","contact":"` + plantedPhone + `","customer_id":3,"notes":"IBAN ` + plantedIBAN + `"}`
	after := `{"notes":"Rückruf erledigt","contact":"` + plantedEmail + `","customer_id":3,"alpha":"` + plantedEmail + `"}`
	e := newTestEngine(t, fakeDecoder{})
	out, err := e.Handle(context.Background(), []Message{
		msg("crm.public.customers", 0, `{"customer_id":3}`, `{"op":"u","table":"customers","ts_ms":1700000000000,"before":`+before+`,"after":`+after+`}`),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) == 0 || out[0].Topic != "lethe.sanitized.customers" {
		t.Fatalf("no sanitized record: %v", out)
	}
	var env struct {
		Lethe struct {
			Fields json.RawMessage `json:"fields"`
		} `json:"lethe"`
	}
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(env.Lethe.Fields))
	var names []string
	notes := map[string]string{}
	if _, err := dec.Token(); err != nil {
		t.Fatalf("fields: %v in %s", err, env.Lethe.Fields)
	}
	for dec.More() {
		k, _ := dec.Token()
		v, _ := dec.Token()
		names = append(names, k.(string))
		notes[k.(string)] = v.(string)
	}
	if want := []string{"alpha", "contact", "customer_id", "notes", "zeta"}; !slices.Equal(names, want) {
		t.Fatalf("noted columns %v, want %v: %s", names, want, env.Lethe.Fields)
	}
	if !strings.Contains(notes["contact"], "email") || strings.Contains(notes["contact"], "phone") {
		t.Fatalf("contact's note is %q, want the after image's (an e-mail)", notes["contact"])
	}
	if !strings.Contains(notes["notes"], "bank_account") || !strings.Contains(notes["zeta"], "phone") {
		t.Fatalf("the before image's notes are lost: %s", env.Lethe.Fields)
	}
}

// TestEngineCountsExactAcrossAbort aborts a batch after the engine ran, as
// a rebalance or a broker failure does, and retries it: the data map must
// count its inputs once, exactly as an engine that never saw the abort.
func TestEngineCountsExactAcrossAbort(t *testing.T) {
	a, b := ticketBatch(0, "Lieferung pünktlich."), ticketBatch(300, "Rückruf unter "+plantedPhone+" erbeten.")
	dataMap := func(out []Output) map[string]string {
		m := map[string]string{}
		for _, o := range out {
			if o.Topic == DefaultTopics.DataMap {
				m[string(o.Key)] = string(o.Value)
			}
		}
		return m
	}
	handle := func(e *Engine, in []Message) []Output {
		t.Helper()
		out, err := e.Handle(context.Background(), in, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	clean := newTestEngine(t, fakeDecoder{})
	handle(clean, a)
	clean.Committed()
	want := handle(clean, b)

	e := newTestEngine(t, fakeDecoder{})
	handle(e, a)
	e.Committed()
	handle(e, b)
	e.Aborted()
	got := handle(e, b)
	w, g := dataMap(want), dataMap(got)
	if len(w) == 0 || len(w) != len(g) {
		t.Fatalf("%d data map records after the retry, want %d", len(g), len(w))
	}
	for k, v := range w {
		if g[k] != v {
			t.Fatalf("data map record %s after abort and retry:\n%s\nwant\n%s", k, g[k], v)
		}
	}
}

// The lethe block's note on a field says which action applied to which
// category: in free text several apply at once, and the audit must not
// claim a tokenized e-mail was dropped.
func TestEngineFieldNotes(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: notes
defaults: {"*": mask, user.contact.phone_number: drop, user.contact.email: tokenize}
`)
	in := []Message{msg("crm.public.tickets", 0, `{"ticket_id":1}`,
		`{"op":"c","table":"tickets","after":{"ticket_id":1,"email":"`+plantedEmail+`","notes":"Ruf an: `+plantedPhone+`, mail `+plantedEmail+`"}}`)}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	var env struct {
		After Row `json:"after"`
		Lethe struct {
			Fields map[string]string `json:"fields"`
		} `json:"lethe"`
	}
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	notes, _ := env.After["notes"].(string)
	if !strings.Contains(notes, "[REDACTED]") || !strings.Contains(notes, "tok_") {
		t.Fatalf("notes not sanitized per category: %d bytes, redacted %t, token %t", len(notes), strings.Contains(notes, "[REDACTED]"), strings.Contains(notes, "tok_"))
	}
	for col, want := range map[string]string{
		"notes": "drop:user.contact.phone_number;tokenize:user.contact.email",
		"email": "tokenize:user.contact.email",
	} {
		if got := env.Lethe.Fields[col]; got != want {
			t.Errorf("note on %s = %q, want %q", col, got, want)
		}
	}
}

// An ERASE's subject is the pseudonym the subject key's column carries in
// the sanitized records, also where a column rule gives that column a
// category of its own (a review saw psn(user.unique_id) in the command and
// psn(user.contact.email) of the folded address in the records).
func TestEngineEraseSubjectIsTheRecordsPseudonym(t *testing.T) {
	for _, tc := range []struct{ name, yaml, col, value string }{
		{"e-mail subject key", "version: x\nsubject_keys: {accounts: email}\ncolumns: {accounts.email: {category: user.contact.email}}\ndefaults: {user.contact.email: pseudonymize}\n", "email", `"Bob@Example.com"`},
		{"unique id", "version: x\nsubject_keys: {accounts: email}\ndefaults: {user.unique_id: pseudonymize}\n", "email", `"Bob@Example.com"`},
		{"integer id", "version: x\ndefault_subject_key: customer_id\ndefaults: {user.unique_id: pseudonymize}\n", "customer_id", `42`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := newPolicyEngine(t, tc.yaml)
			out, err := e.Handle(context.Background(), []Message{msg("crm.public.accounts", 0, `{"id":1}`,
				`{"op":"d","table":"accounts","before":{"id":1,"`+tc.col+`":`+tc.value+`,"plan":"gold"}}`)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var subject, carried string
			for _, o := range out {
				switch {
				case o.Topic == DefaultTopics.Commands:
					var cmd struct{ Subject string }
					if err := json.Unmarshal(o.Value, &cmd); err != nil {
						t.Fatal(err)
					}
					subject = cmd.Subject
				case o.Topic == "lethe.sanitized.accounts" && o.Value != nil:
					var env struct{ Before map[string]any }
					if err := json.Unmarshal(o.Value, &env); err != nil {
						t.Fatal(err)
					}
					carried, _ = env.Before[tc.col].(string)
				}
			}
			if subject == "" || subject != carried {
				t.Fatalf("ERASE subject %q, the records carry %q", subject, carried)
			}
		})
	}
}

// A subject key is personal data even when no columns rule says so: the
// sanitized key and value must carry its pseudonym, unless a rule of its
// own says the column is not personal.
func TestEngineSubjectKeyWithoutColumnRule(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		raw        bool
	}{
		{"no rule", "version: x\ndefault_subject_key: customer_id\n", false},
		{"not personal", "version: x\ndefault_subject_key: customer_id\ncolumns: {orders.customer_id: {not_personal: true}}\n", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := policy.Parse(strings.NewReader(tc.yaml))
			if err != nil {
				t.Fatal(err)
			}
			e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Policy, c.DataMap = p, NewTracker(p) })
			out, err := e.Handle(context.Background(), []Message{msg("crm.public.orders", 0, `{"customer_id":5}`,
				`{"op":"c","table":"orders","after":{"customer_id":5,"total":12}}`)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			var env struct {
				After Row `json:"after"`
			}
			if err := json.Unmarshal(out[0].Value, &env); err != nil {
				t.Fatal(err)
			}
			// The key gets a pseudonym, the value the policy's action
			// for user.unique_id: here "*", mask.
			rawKey := string(out[0].Key) == `{"customer_id":5}`
			rawValue := env.After["customer_id"] == float64(5)
			if tc.raw != rawKey || tc.raw != rawValue || !tc.raw && !strings.Contains(string(out[0].Key), "psn_") {
				t.Fatalf("key %s, customer_id %v; want raw %t", out[0].Key, env.After["customer_id"], tc.raw)
			}
		})
	}
}

// An erase names the categories of the deleted record even when the data
// map has not seen its table yet (created and deleted in one batch).
func TestEngineEraseNamesTheRecordsCategories(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	in := []Message{
		msg("crm.public.newsletter", 0, `{"id":1}`, `{"op":"c","table":"newsletter","after":{"id":1,"email":"`+plantedEmail+`"}}`),
		msg("crm.public.newsletter", 1, `{"id":1}`, `{"op":"d","table":"newsletter","before":{"id":1,"email":"`+plantedEmail+`"}}`),
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Topic != DefaultTopics.Commands {
			continue
		}
		var cmd Command
		if err := json.Unmarshal(o.Value, &cmd); err != nil {
			t.Fatal(err)
		}
		if !slices.Contains(cmd.Categories, string(pii.Email)) {
			t.Fatalf("erase categories %v, want %s among them", cmd.Categories, pii.Email)
		}
		return
	}
	t.Fatal("no erase command")
}

// An erase names the categories lethe saw in its own table, not in another
// table of the same schema-qualified name: one lethe reading two CDC
// sources (crm.public.customers and shop.public.customers, the README's
// {prefix} case), or PostgreSQL's "a.b".c and a."b.c", whose Debezium topic
// is one (crm.a.b.c). Before, the data map's categories were looked up by
// "schema.table" alone: shop's deletes and truncates named the e-mail
// addresses of crm's table, and a."b.c"'s deletes those of "a.b".c.
func TestEngineEraseCategoriesOfItsOwnTable(t *testing.T) {
	for _, tc := range []struct {
		name            string
		personal, other Message
		delete          Message
		table, topic    string
		oneBatch        bool // the three in one batch
	}{
		{"two sources",
			msg("crm.public.customers", 0, `{"id":1}`, `{"op":"c","table":"customers","after":{"id":1,"email":"`+plantedEmail+`"}}`),
			msg("shop.public.customers", 0, `{"id":1}`, `{"op":"c","table":"customers","after":{"id":1,"n":3}}`),
			msg("shop.public.customers", 1, `{"id":1}`, `{"op":"d","table":"customers","before":{"id":1,"n":3}}`),
			"public.customers", "lethe.shop.customers", false},
		{"dotted names",
			msg("crm.a.b.c", 0, `{"id":1}`, `{"op":"c","schema":"a.b","table":"c","after":{"id":1,"email":"`+plantedEmail+`"}}`),
			msg("crm.a.b.c", 1, `{"id":2}`, `{"op":"c","schema":"a","table":"b.c","after":{"id":2,"n":3}}`),
			msg("crm.a.b.c", 2, `{"id":2}`, `{"op":"d","schema":"a","table":"b.c","before":{"id":2,"n":3}}`),
			"a.b.c", "lethe.crm.b.c", false},
		// A truncate's erase adds what its lane saw earlier in the batch.
		{"a truncate after the other table's rows, in one batch",
			msg("crm.public.customers", 0, `{"id":1}`, `{"op":"c","table":"customers","after":{"id":1,"email":"`+plantedEmail+`"}}`),
			msg("shop.public.customers", 0, `{"id":1}`, `{"op":"c","table":"customers","after":{"id":1,"n":3}}`),
			msg("shop.public.customers", 1, ``, `{"op":"t","table":"customers"}`),
			"public.customers", "lethe.shop.customers", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, _ := newPolicyEngine(t, "version: x\nrecipients:\n  default: {topic: \"lethe.{prefix}.{table}\"}\n")
			var erases []Command
			batches := [][]Message{{tc.personal}, {tc.other}, {tc.delete}}
			if tc.oneBatch {
				batches = [][]Message{{tc.personal, tc.other, tc.delete}}
			}
			for _, in := range batches {
				out, err := e.Handle(context.Background(), in, nil)
				if err != nil {
					t.Fatal(err)
				}
				e.Committed()
				for _, o := range out {
					if o.Topic == DefaultTopics.DeadLetter {
						t.Fatalf("dead letter: %v", o.Headers)
					}
					if o.Topic != DefaultTopics.Commands {
						continue
					}
					var cmd Command
					if err := json.Unmarshal(o.Value, &cmd); err != nil {
						t.Fatal(err)
					}
					erases = append(erases, cmd)
				}
			}
			if len(erases) != 1 || erases[0].Table != tc.table || !slices.Equal(erases[0].Topics, []string{tc.topic}) {
				t.Fatalf("erases %+v, want one of %s's other table", erases, tc.table)
			}
			if slices.Contains(erases[0].Categories, string(pii.Email)) {
				t.Errorf("the erase of a table without e-mail addresses names %v: the other table's", erases[0].Categories)
			}
		})
	}
}

// The data map is a record of processing (Art. 30): a personal column's
// entry names each recipient with its action and the purposes they
// process it for, also once the partitions' records are merged.
func TestDataMapRecipientsAndPurposes(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: x
defaults: {"*": mask, user.contact.email: pseudonymize}
recipients:
  default: {purposes: [operations]}
  analytics: {purposes: [analytics, operations], categories: {user.contact.email: drop}}
`)
	en, ok := dataMapOf(t, e, []Message{msg("crm.public.customers", 0, `{"customer_id":1}`,
		`{"op":"c","table":"customers","after":{"customer_id":1,"email":"`+plantedEmail+`"}}`)})["public.customers.email"]
	if !ok {
		t.Fatal("no data map entry for customers.email")
	}
	if !slices.Equal(en.Recipients, []string{"analytics:drop", "default:pseudonymize"}) || !slices.Equal(en.Purposes, []string{"analytics", "operations"}) {
		t.Fatalf("email entry: recipients %v, purposes %v", en.Recipients, en.Purposes)
	}
}

// mapRecordsOf handles in and returns the data map records it wrote for
// column ("" for every column), by key.
func mapRecordsOf(t *testing.T, e *Engine, in []Message, column string) map[string]MapRecord {
	t.Helper()
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	return mapRecordsIn(t, out, column)
}

// mapRecordsIn decodes the data map records among out, by key; column, if
// set, keeps only that column's.
func mapRecordsIn(t *testing.T, out []Output, column string) map[string]MapRecord {
	t.Helper()
	recs := map[string]MapRecord{}
	for _, o := range out {
		if o.Topic != DefaultTopics.DataMap || column != "" && !strings.Contains(string(o.Key), "|"+column+"|") {
			continue
		}
		var rec MapRecord
		if err := json.Unmarshal(o.Value, &rec); err != nil {
			t.Fatal(err)
		}
		recs[string(o.Key)] = rec
	}
	return recs
}

// The commands topic is among the outputs of the columns it carries: the
// record key's, in every ERASE's record_key, and the subject key's, in its
// subject. Other columns are on the sanitized topics only. A restored map
// keeps saying so.
func TestDataMapCommandsCarryKeyColumns(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: x\nsubject_keys: {tickets: customer_id}\n")
	in := []Message{msg("crm.public.tickets", 0, `{"ticket_id":1}`,
		`{"op":"c","table":"tickets","after":{"ticket_id":1,"customer_id":7,"email":"a.b@example.org","status":"open"}}`)}
	recs := mapRecordsOf(t, e, in, "")
	want := map[string]bool{"ticket_id": true, "customer_id": true, "email": false, "status": false}
	stored := map[string][]byte{}
	for k, rec := range recs {
		stored[k], _ = json.Marshal(rec)
		if carried := slices.Contains(rec.Entry.Outputs, DefaultTopics.Commands); carried != want[rec.Entry.Column] {
			t.Errorf("%s: outputs %v, want the commands topic %v", rec.Entry.Column, rec.Entry.Outputs, want[rec.Entry.Column])
		}
	}
	if len(recs) != len(want) {
		t.Fatalf("%d data map records, want %d", len(recs), len(want))
	}
	// After a restore, a record rewritten for a new policy still says so,
	// before any event of the table came again.
	p2, err := policy.Parse(strings.NewReader("version: y\nsubject_keys: {tickets: customer_id}\n"))
	if err != nil {
		t.Fatal(err)
	}
	e2 := restoredEngine(t, p2, stored)
	out, err := e2.Handle(context.Background(), []Message{msg("crm.public.other", 0, `{"id":1}`, `{"op":"c","table":"other","after":{"id":1}}`)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	rewritten := 0
	for k, rec := range mapRecordsIn(t, out, "") {
		if rec.Entry.Table != "public.tickets" {
			continue
		}
		rewritten++
		if slices.Contains(rec.Entry.Outputs, DefaultTopics.Commands) != want[rec.Entry.Column] {
			t.Errorf("rewritten %s: outputs %v", k, rec.Entry.Outputs)
		}
	}
	if rewritten != len(want) {
		t.Errorf("%d tickets records rewritten under the new policy, want %d", rewritten, len(want))
	}
}

// Debezium's placeholder for a value it did not send (an unchanged TOASTed
// column under REPLICA IDENTITY DEFAULT) goes out as it came, in every
// form, and is not counted as a value: a review saw an e-mail column's
// placeholder pseudonymised, which holders would have taken for a new
// value and written over their copy.
func TestEngineUnavailableValuePassesThrough(t *testing.T) {
	const own, ownBase64 = "<not sent>", "PG5vdCBzZW50Pg=="
	for _, tc := range []struct {
		name, config, str, b64 string
	}{
		{"Debezium's default", "", UnavailableValue, unavailableBase64},
		{"a connector's own", own, own, ownBase64},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.UnavailableValue = tc.config })
			create := `{"op":"c","table":"customers","ts_ms":1700000000000,"after":{"customer_id":42,"email":"` + plantedEmail + `","notes":"Call ` + plantedPhone + `","photo":"x"}}`
			upd := `{"op":"u","table":"customers","ts_ms":1700000000001,"before":null,"after":{"customer_id":42,"email":"` + tc.str +
				`","notes":"` + tc.str + `","photo":"` + tc.b64 + `"}}`
			// The other placeholder is a value like any other.
			other := map[bool]string{true: own, false: UnavailableValue}[tc.str == UnavailableValue]
			upd2 := `{"op":"u","table":"customers","ts_ms":1700000000002,"before":null,"after":{"customer_id":42,"notes":"` + other + `"}}`
			out, err := e.Handle(context.Background(), []Message{
				msg("crm.public.customers", 0, `{"customer_id":42}`, create),
				msg("crm.public.customers", 1, `{"customer_id":42}`, upd),
				msg("crm.public.customers", 2, `{"customer_id":42}`, upd2),
			}, nil)
			if err != nil {
				t.Fatal(err)
			}
			seen := map[string]int64{}
			for _, o := range out {
				switch {
				case o.Topic == "lethe.sanitized.customers" && header(o, HeaderInput) == "crm.public.customers/0/1":
					var env struct{ After map[string]any }
					if err := json.Unmarshal(o.Value, &env); err != nil {
						t.Fatal(err)
					}
					for col, want := range map[string]string{"email": tc.str, "notes": tc.str, "photo": tc.b64} {
						if env.After[col] != want {
							t.Errorf("update's %s went out as %v, want Debezium's placeholder as it came", col, env.After[col])
						}
					}
				case o.Topic == DefaultTopics.DataMap:
					var rec MapRecord
					if err := json.Unmarshal(o.Value, &rec); err != nil {
						t.Fatal(err)
					}
					seen[rec.Entry.Column] = rec.Entry.Seen
				}
			}
			if seen["email"] != 1 || seen["notes"] != 2 || seen["photo"] != 1 || seen["customer_id"] != 3 {
				t.Errorf("values seen %v: want the placeholders not counted, the other one counted (email 1, notes 2, photo 1, customer_id 3)", seen)
			}
		})
	}
}

// restoredEngine is a test engine under p whose data map is restored from
// stored, as a worker given every partition restores it.
func restoredEngine(t *testing.T, p *policy.Policy, stored map[string][]byte) *Engine {
	t.Helper()
	tr := NewTracker(p)
	if err := tr.Restore(stored, func(string, int32) bool { return true }); err != nil {
		t.Fatal(err)
	}
	return newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Policy, c.DataMap = p, tr })
}

// merged merges data map records as lethe inventory does.
func merged(t *testing.T, recs map[string]MapRecord) []datamap.Entry {
	t.Helper()
	raw := map[string][]byte{}
	for k, rec := range recs {
		b, err := json.Marshal(rec)
		if err != nil {
			t.Fatal(err)
		}
		raw[k] = b
	}
	entries, skipped := MergeRecords(raw)
	if len(skipped) > 0 {
		t.Fatalf("records %q could not be read", skipped)
	}
	return entries
}

// dataMapOf handles in and merges the data map records it wrote, as
// lethe inventory does, by table.column.
func dataMapOf(t *testing.T, e *Engine, in []Message) map[string]datamap.Entry {
	t.Helper()
	byCol := map[string]datamap.Entry{}
	for _, en := range merged(t, mapRecordsOf(t, e, in, "")) {
		byCol[en.Table+"."+en.Column] = en
	}
	return byCol
}

// The data map says what each recipient gets of a column: in free text,
// each category's own action, not the first category's for all.
func TestDataMapFreeTextActions(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	var in []Message
	for i := range 20 {
		in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`,
			`{"op":"c","table":"tickets","after":{"ticket_id":`+itoa(i)+`,"notes":"Neue IBAN DE89370400440532013000, Mail an `+plantedEmail+`"}}`))
	}
	en := dataMapOf(t, e, in)["public.tickets.notes"]
	want := "default:drop(user.financial.bank_account),pseudonymize(user.contact.email)"
	if !en.Personal || len(en.Recipients) != 1 || en.Recipients[0] != want {
		t.Fatalf("notes: personal %v, recipients %v; want [%s]", en.Personal, en.Recipients, want)
	}
}

// A recipient that drops a column's categories still gets the values in
// which none is found: its topic is among the column's outputs, also when
// one partition's record, where every value held one, left it out (a
// review of a version that decided otherwise).
func TestDataMapDroppingRecipientOverPartitions(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: d
defaults: {"*": mask}
recipients:
  support: {categories: {user.contact.email: drop}}
`)
	var in []Message
	for p := range int32(2) {
		for i := range 10 {
			info := "Lieferung pünktlich."
			if p == 0 {
				info = "kunde" + itoa(i) + "@example.org"
			}
			m := msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`,
				`{"op":"c","table":"tickets","after":{"ticket_id":`+itoa(i)+`,"info":"`+info+`"}}`)
			m.Partition = p
			in = append(in, m)
		}
	}
	entries := merged(t, mapRecordsOf(t, e, in, "info"))
	if len(entries) != 1 {
		t.Fatalf("merge: %d entries, want 1", len(entries))
	}
	en := entries[0]
	if !slices.Contains(en.Recipients, "support:drop") || !slices.Contains(en.Outputs, "lethe.sanitized.support.tickets") ||
		!slices.Contains(en.Outputs, "lethe.sanitized.tickets") {
		t.Errorf("info: recipients %v, outputs %v; want support:drop and both topics among the outputs", en.Recipients, en.Outputs)
	}
}

// A column no partition finds personal alone can be personal over all of
// them; its merged entry must still name its recipients and outputs.
func TestDataMapMergedVerdictHasRecipients(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	var in []Message
	for p := range int32(2) {
		for i := range 10 {
			note := "Lieferung pünktlich."
			if i == 0 {
				note = "Rückruf unter " + plantedPhone + " erbeten."
			}
			m := msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`,
				`{"op":"c","table":"tickets","after":{"ticket_id":`+itoa(i)+`,"remark":"`+note+`"}}`)
			m.Partition = p
			in = append(in, m)
		}
	}
	recs := mapRecordsOf(t, e, in, "remark")
	for _, rec := range recs {
		if rec.Entry.Personal {
			t.Fatalf("partition %d alone finds remark personal: the case needs neither to", rec.Partition)
		}
	}
	entries := merged(t, recs)
	if len(entries) != 1 {
		t.Fatalf("merge: %d entries, want 1", len(entries))
	}
	en := entries[0]
	if !en.Personal {
		t.Fatalf("remark not personal over both partitions (confidence %.2f): the case needs it", en.Confidence)
	}
	if len(en.Recipients) == 0 || len(en.Outputs) == 0 {
		t.Fatalf("remark is personal over both partitions but names no recipients (%v) or outputs (%v)", en.Recipients, en.Outputs)
	}
}

// A column the policy declares not personal says so in the data map, so a
// reader can tell it from one found clean.
func TestDataMapNotPersonalIsRecorded(t *testing.T) {
	p, err := policy.Parse(strings.NewReader("version: x\ncolumns: {tickets.notes: {not_personal: true}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Policy, c.DataMap = p, NewTracker(p) })
	en := dataMapOf(t, e, []Message{msg("crm.public.tickets", 0, `{"ticket_id":1}`,
		`{"op":"c","table":"tickets","after":{"ticket_id":1,"notes":"Mail an `+plantedEmail+`"}}`)})["public.tickets.notes"]
	if !slices.Contains(en.Reasons, "policy:not_personal") {
		t.Fatalf("notes reasons %v, want policy:not_personal", en.Reasons)
	}
	// A column that is not personal still goes somewhere: the data map
	// names its topics and its recipients, who get it as it is.
	if !slices.Equal(en.Outputs, []string{"lethe.sanitized.tickets"}) || !slices.Equal(en.Recipients, []string{"default:keep"}) {
		t.Errorf("notes outputs %v recipients %v, want lethe.sanitized.tickets and default:keep", en.Outputs, en.Recipients)
	}
}

// What a DPO needs of the data map for Art. 30 (a review): recipients and
// their purposes for every column, the personal ones and the others of a
// row about a person (a consent's purpose); purposes per recipient, not
// pooled; no topic for a column a column rule drops whole (one that drops
// categories passes the values in which none is found); the policy
// version that decided it.
func TestDataMapForTheRecordOfProcessing(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: dpo-1
defaults: {"*": mask}
columns: {customers.memo: {action: drop}}
recipients:
  support: {purposes: [customer_support], categories: {user.demographic.date_of_birth: drop}}
  marketing: {tables: [customers], purposes: [direct_marketing, newsletter], categories: {user.contact.email: tokenize}}
`)
	cols := dataMapOf(t, e, []Message{msg("crm.public.customers", 0, `{"customer_id":1}`,
		`{"op":"c","table":"customers","after":{"customer_id":1,"email":"`+plantedEmail+`","geburtsdatum":"1984-02-29","newsletter":true,"memo":"x"}}`)})
	email, dob, flag := cols["public.customers.email"], cols["public.customers.geburtsdatum"], cols["public.customers.newsletter"]
	// (and the default recipient, which names no purpose)
	wantPurposes := map[string][]string{"default": nil, "support": {"customer_support"}, "marketing": {"direct_marketing", "newsletter"}}
	for _, en := range []datamap.Entry{email, dob, flag} {
		if !maps.EqualFunc(en.RecipientPurposes, wantPurposes, slices.Equal) || en.Policy != "dpo-1" || len(en.Recipients) != 3 {
			t.Errorf("%s: recipients %v, purposes by recipient %v, policy %q; want the three recipients, %v, dpo-1",
				en.Column, en.Recipients, en.RecipientPurposes, en.Policy, wantPurposes)
		}
	}
	if flag.Personal || !slices.Equal(flag.Recipients, []string{"default:keep", "marketing:keep", "support:keep"}) {
		t.Errorf("newsletter: personal %v, recipients %v; want not personal, every recipient with keep", flag.Personal, flag.Recipients)
	}
	if !dob.Personal || !slices.Contains(dob.Outputs, "lethe.sanitized.support.customers") || !slices.Contains(dob.Recipients, "support:drop") {
		t.Errorf("geburtsdatum outputs %v, recipients %v: want support's topic (values without a date pass) and support:drop", dob.Outputs, dob.Recipients)
	}
	if memo := cols["public.customers.memo"]; len(memo.Outputs) != 0 {
		t.Errorf("memo outputs %v: want none, a column rule drops it whole", memo.Outputs)
	}
	if !slices.Contains(email.Outputs, "lethe.sanitized.support.customers") {
		t.Errorf("email outputs %v: want support's topic", email.Outputs)
	}
}

// Records written before per-category actions were kept (no "actions")
// merge with new ones into one description per recipient, naming what it
// cannot know.
func TestMergeRecordsOldAndNew(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	var in []Message
	for p, note := range []string{"Mail an " + plantedEmail, "Rückruf unter " + plantedPhone} {
		for i := range 10 {
			m := msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`,
				`{"op":"c","table":"tickets","after":{"ticket_id":`+itoa(i)+`,"notes":"`+note+`"}}`)
			m.Partition = int32(p)
			in = append(in, m)
		}
	}
	recs := mapRecordsOf(t, e, in, "notes")
	for k, rec := range recs {
		if rec.Partition == 1 { // as the previous version wrote it
			rec.Actions = nil
			rec.Entry.Recipients = []string{"default:mask"}
			recs[k] = rec
		}
	}
	entries := merged(t, recs)
	if len(entries) != 1 {
		t.Fatalf("merge: %d entries, want 1", len(entries))
	}
	want := "default:pseudonymize(user.contact.email),unknown(user.contact.phone_number)"
	if r := entries[0].Recipients; len(r) != 1 || r[0] != want {
		t.Fatalf("recipients %v, want [%s]", r, want)
	}
}

// A partition without a plausible event time must not erase the merged
// first_seen.
func TestMergeRecordsKeepsFirstSeen(t *testing.T) {
	first := time.Date(2024, 3, 14, 8, 0, 0, 0, time.UTC)
	rec := func(f, l time.Time) []byte {
		b, _ := json.Marshal(MapRecord{Entry: datamap.Entry{Table: "public.t", Column: "c", FirstSeen: f, LastSeen: l}, Stats: json.RawMessage(`{}`)})
		return b
	}
	entries, skipped := MergeRecords(map[string][]byte{"a": rec(first, first.Add(time.Hour)), "b": rec(time.Time{}, time.Time{})})
	if len(skipped) > 0 {
		t.Fatalf("records %q could not be read", skipped)
	}
	if len(entries) != 1 || !entries[0].FirstSeen.Equal(first) {
		t.Fatalf("merged first_seen %v, want %v", entries[0].FirstSeen, first)
	}
}

// A boolean column holds values: the data map must not count them as null.
func TestEngineCountsBooleansAsValues(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	var in []Message
	for i, v := range []string{"true", "false", "null"} {
		in = append(in, msg("crm.public.consents", int64(i), `{"id":`+itoa(i)+`}`,
			`{"op":"c","table":"consents","after":{"id":`+itoa(i)+`,"granted":`+v+`}}`))
	}
	recs := mapRecordsOf(t, e, in, "granted")
	if len(recs) != 1 {
		t.Fatalf("%d data map records for consents.granted, want 1", len(recs))
	}
	for _, rec := range recs {
		if rec.Entry.Seen != 3 || rec.Entry.NonNull != 2 {
			t.Fatalf("granted: seen %d, non-null %d; want 3 and 2", rec.Entry.Seen, rec.Entry.NonNull)
		}
	}
}

// TestEngineImplausibleTimestamps sends records whose times cannot be
// written as RFC 3339 or are missing (found by FuzzEngineJSON and in
// review): the data map must still be written, keep the first-seen time it
// had, and an erase command must be issued at the time lethe handled it, so
// that holders erase every older copy and the deadline runs.
func TestEngineImplausibleTimestamps(t *testing.T) {
	san, _ := sanitize.New(sanitize.Keys{Pseudonym: bytes.Repeat([]byte{7}, 32), Token: bytes.Repeat([]byte{8}, 32)})
	p := policy.Default()
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	e, err := NewEngine(EngineConfig{Decoder: fakeDecoder{}, Detector: pii.NewScanner(), Policy: p, Sanitizer: san,
		Topics: DefaultTopics, DataMap: NewTracker(p), Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	firstSeen := func(out []Output) time.Time {
		for _, o := range out {
			if o.Topic == DefaultTopics.DataMap && strings.HasPrefix(string(o.Key), "public.customers|email|") {
				var rec MapRecord
				if err := json.Unmarshal(o.Value, &rec); err != nil {
					t.Fatal(err)
				}
				return rec.Entry.FirstSeen
			}
		}
		t.Fatal("no data map record for customers.email")
		return time.Time{}
	}
	row := func(id int, ts int64, op string) Message {
		img := `"after"`
		if op == "d" {
			img = `"before"`
		}
		return msg("crm.public.customers", int64(id), `{"customer_id":`+itoa(id)+`}`,
			`{"op":"`+op+`","table":"customers","ts_ms":`+strconv.FormatInt(ts, 10)+`,`+img+`:{"customer_id":`+itoa(id)+`,"email":"`+plantedEmail+`"}}`)
	}
	out, err := e.Handle(context.Background(), []Message{row(1, 1700000000000, "c")}, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Committed()
	want := firstSeen(out)
	bad := []Message{row(2, 900000000000000000, "c"), row(3, -5, "d")}
	bad[1].Timestamp = time.UnixMilli(-1)
	if out, err = e.Handle(context.Background(), bad, nil); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	if got := firstSeen(out); !got.Equal(want) {
		t.Fatalf("first seen %s after records without a plausible time, want %s", got, want)
	}
	var cmd Command
	for _, o := range out {
		if o.Topic == DefaultTopics.Commands {
			if err := json.Unmarshal(o.Value, &cmd); err != nil {
				t.Fatal(err)
			}
		}
	}
	if !cmd.IssuedAt.Equal(now) || !cmd.Deadline.Equal(now.AddDate(0, 1, 0)) {
		t.Fatalf("erase command issued %s, deadline %s; want %s and a month later", cmd.IssuedAt, cmd.Deadline, now)
	}
	// A time in seconds taken for milliseconds falls in January 1970: an
	// erase issued then reaches no copy a holder has (a review found one
	// so). The record's own time counts instead.
	sec := row(4, 1700000000, "d")
	sec.Timestamp = time.UnixMilli(1690000000000)
	if out, err = e.Handle(context.Background(), []Message{sec}, nil); err != nil {
		t.Fatalf("Handle: %v", err)
	}
	cmd = Command{}
	for _, o := range out {
		if o.Topic == DefaultTopics.Commands {
			if err := json.Unmarshal(o.Value, &cmd); err != nil {
				t.Fatal(err)
			}
		}
	}
	if want := sec.Timestamp.UTC(); !cmd.IssuedAt.Equal(want) {
		t.Fatalf("erase command of a record with ts_ms in seconds issued %s, want the record's time %s", cmd.IssuedAt, want)
	}
}

// TestEnginePrepareFinish drives the engine as the runner's overlapped loop
// does: each batch prepared while the previous one's transaction ends, then
// finished. The outputs must be those of HandleEach, byte for byte, and an
// abort must take back both the aborted batch and the prepared one, so the
// data map counts each input once when they are retried.
func TestEnginePrepareFinish(t *testing.T) {
	batches := [][]Message{
		ticketBatch(0, "Lieferung pünktlich."),
		ticketBatch(300, "Rückruf unter "+plantedPhone+" erbeten."),
		ticketBatch(600, "Bitte an "+plantedEmail+" schreiben."),
	}
	ctx := context.Background()
	collect := func(out *[]Output) func([]Output) error {
		return func(o []Output) error {
			for _, x := range o {
				x.Value = bytes.Clone(x.Value)
				*out = append(*out, x)
			}
			return nil
		}
	}

	// One batch at a time.
	seq := newTestEngine(t, fakeDecoder{})
	var want [][]Output
	for _, in := range batches {
		var out []Output
		if err := seq.HandleEach(ctx, in, collect(&out)); err != nil {
			t.Fatal(err)
		}
		seq.Committed()
		want = append(want, out)
	}

	// Overlapped, with the transaction of batch 1 aborting while batch 2
	// is prepared: both are handled again.
	e := newTestEngine(t, fakeDecoder{})
	var got [][]Output
	var out []Output
	if err := e.HandleEach(ctx, batches[0], collect(&out)); err != nil {
		t.Fatal(err)
	}
	got = append(got, out)
	if err := e.Prepare(ctx, batches[1]); err != nil {
		t.Fatal(err)
	}
	if err := e.HandleEach(ctx, batches[1], collect(&out)); err == nil {
		t.Fatal("HandleEach with a prepared batch pending succeeded")
	}
	e.Committed() // batch 0
	out = nil
	if err := e.Finish(ctx, collect(&out)); err != nil {
		t.Fatal(err)
	}
	if err := e.Prepare(ctx, batches[2]); err != nil {
		t.Fatal(err)
	}
	e.Aborted() // batch 1 aborts; prepared batch 2 is forgotten with it
	if err := e.Finish(ctx, collect(&out)); err == nil {
		t.Fatal("Finish after Aborted succeeded: the prepared batch was not forgotten")
	}
	out = nil
	if err := e.HandleEach(ctx, batches[1], collect(&out)); err != nil {
		t.Fatal(err)
	}
	got = append(got, out)
	if err := e.Prepare(ctx, batches[2]); err != nil {
		t.Fatal(err)
	}
	e.Committed() // batch 1
	out = nil
	if err := e.Finish(ctx, collect(&out)); err != nil {
		t.Fatal(err)
	}
	got = append(got, out)
	e.Committed()

	// The stats count what committed: the aborted batch and the prepared
	// batch forgotten with it count once, as one at a time.
	for name, n := range map[string][2]int64{
		"events":     {e.Stats().Events.Load(), seq.Stats().Events.Load()},
		"outputs":    {e.Stats().Outputs.Load(), seq.Stats().Outputs.Load()},
		"commands":   {e.Stats().Commands.Load(), seq.Stats().Commands.Load()},
		"pii fields": {e.Stats().FieldsPII.Load(), seq.Stats().FieldsPII.Load()},
	} {
		if n[0] != n[1] || n[1] == 0 {
			t.Errorf("%s: %d overlapped with an abort, %d one at a time", name, n[0], n[1])
		}
	}
	if a, b := e.Stats().FindingsByCategory(), seq.Stats().FindingsByCategory(); !maps.Equal(a, b) || len(b) == 0 {
		t.Errorf("findings by category: %v overlapped with an abort, %v one at a time", a, b)
	}

	for i := range want {
		sameOutputs(t, got[i], want[i], fmt.Sprintf("in batch %d from one-at-a-time handling", i))
	}
}

// TestEngineRecyclesCommittedOutputs runs the overlapped sequence of the
// runner on an engine that recycles output memory: an output's bytes must
// stay as handed over until the Committed call that covers its batch (a
// prepared batch's above all, while later batches reuse the memory of
// committed ones), committed memory must be reused, and aborted memory
// never.
func TestEngineRecyclesCommittedOutputs(t *testing.T) {
	// One lane shows reuse every time; two lanes show that no lane
	// writes over another's outputs, but which lane takes which block of
	// a batch is up to the scheduler, so reuse is checked per lane.
	for _, parallelism := range []int{1, 2} {
		t.Run("lanes="+strconv.Itoa(parallelism), func(t *testing.T) { testEngineRecycles(t, parallelism) })
	}
}

func testEngineRecycles(t *testing.T, parallelism int) {
	ctx := context.Background()
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.RecycleOutputs = true; c.Parallelism = parallelism })
	type handed struct {
		outs []Output
		snap [][]byte
	}
	hand := func(h *handed) func([]Output) error {
		return func(o []Output) error {
			for _, x := range o {
				h.outs = append(h.outs, x)
				h.snap = append(h.snap, bytes.Clone(x.Value))
			}
			return nil
		}
	}
	unchanged := func(step string, h *handed) {
		t.Helper()
		if len(h.outs) == 0 {
			t.Fatalf("%s: no outputs to check", step)
		}
		for i := range h.outs {
			if !bytes.Equal(h.outs[i].Value, h.snap[i]) {
				t.Fatalf("%s: output %d on %s changed before its batch was committed", step, i, h.outs[i].Topic)
			}
		}
	}
	free := func() (n int) {
		for _, l := range e.lanes {
			n += len(l.slab.free)
		}
		return n
	}
	batch := func(i int) []Message {
		return ticketBatch(i*300, "Rückruf unter "+plantedPhone+" erbeten, oder an "+plantedEmail+" schreiben.")
	}
	var b0, b1, b2 handed
	if err := e.HandleEach(ctx, batch(0), hand(&b0)); err != nil {
		t.Fatal(err)
	}
	if err := e.Prepare(ctx, batch(1)); err != nil {
		t.Fatal(err)
	}
	unchanged("batch 1 prepared", &b0)
	e.Committed() // batch 0
	if free() == 0 {
		t.Fatal("committing a batch made none of its memory reusable")
	}
	if err := e.Finish(ctx, hand(&b1)); err != nil {
		t.Fatal(err)
	}
	freeBefore := make([]int, len(e.lanes))
	for i, l := range e.lanes {
		freeBefore[i] = len(l.slab.free)
	}
	if err := e.Prepare(ctx, batch(2)); err != nil {
		t.Fatal(err)
	}
	reused := false
	for i, l := range e.lanes {
		carved := 0 // chunks this lane took for batch 2
		for _, c := range l.slab.used {
			if c.gen == e.gen {
				carved++
			}
		}
		if carved > 0 && freeBefore[i] > 0 {
			if len(l.slab.free) >= freeBefore[i] {
				t.Fatalf("lane %d took %d fresh chunks for the next batch while %d committed ones were free", i, carved, freeBefore[i])
			}
			reused = true
		}
	}
	if parallelism == 1 && !reused {
		t.Fatal("the next batch did not reuse the committed batch's memory")
	}
	unchanged("batch 2 prepared over batch 0's memory", &b1)
	e.Committed() // batch 1
	if err := e.Finish(ctx, hand(&b2)); err != nil {
		t.Fatal(err)
	}
	if err := e.Prepare(ctx, batch(3)); err != nil {
		t.Fatal(err)
	}
	unchanged("batch 3 prepared over batch 1's memory", &b2)
	before := free()
	e.Aborted() // batch 2's transaction; prepared batch 3 is forgotten
	if free() != before {
		t.Fatal("an aborted batch's memory was made reusable: its writer may still read it")
	}
	for _, l := range e.lanes {
		if len(l.slab.used) != 0 {
			t.Fatal("chunks of the aborted batches are still tracked")
		}
	}
	var again handed
	if err := e.HandleEach(ctx, batch(2), hand(&again)); err != nil {
		t.Fatal(err)
	}
	unchanged("batch 2 handled again", &b2) // its memory was dropped, not reused
}

// ticketBatch returns 300 ticket creations from ticket id from on, each
// with the given notes.
func ticketBatch(from int, notes string) []Message {
	var in []Message
	for i := from; i < from+300; i++ {
		v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", After: Row{"ticket_id": i, "notes": notes}})
		in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v)))
	}
	return in
}

// sanitizeField's shortcut for a value that is one finding whole must
// decide exactly what the general path decides: the same replacement and
// the same note, for every action, with or without a column rule, and
// whatever note the column had last.
func TestSanitizeWholeMatchesSpans(t *testing.T) {
	e, p := newPolicyEngine(t, `version: whole
defaults: {"*": mask, user.contact.phone_number: drop, user.contact.email: tokenize, user.name: pseudonymize, user.demographic: keep}
`)
	l := e.lanes[0]
	r := &p.Recipients[0]
	values := map[pii.Category]string{
		pii.Category("user.contact.phone_number"):  "+49 171 2345678",
		pii.Category("user.contact.email"):         plantedEmail,
		pii.Category("user.name.first"):            "Grzegorz",
		pii.Category("user.demographic.gender"):    "Frau",
		pii.Category("user.contact.address.city"):  "Łódź",
		pii.Category("user.financial.credit_card"): "4111 1111 1111 1111",
	}
	rules := []policy.ColumnRule{{}, {Action: policy.Keep}, {Action: policy.Drop}, {Action: policy.Tokenize},
		{Action: policy.Pseudonymize}, {Action: policy.Mask}}
	for cat, v := range values {
		for _, rule := range rules {
			lasts := []string{"", "keep:user.other", "drop:" + string(cat) + "x"}
			for _, a := range []policy.Action{policy.Keep, policy.Drop, policy.Tokenize, policy.Pseudonymize, policy.Mask} {
				// The right note, and notes of its length that differ in the
				// action or the category.
				lasts = append(lasts, string(a)+":"+string(cat), string(a)+":"+strings.ToUpper(string(cat)), strings.ToUpper(string(a))+":"+string(cat))
			}
			for _, last := range lasts {
				l.arena = append(l.arena[:0], pii.Finding{Category: cat, Start: 0, End: len(v), Score: 0.9, Detector: "test"})
				col := Column{Name: "c", Kind: KindString, Str: v}
				lastWhole, lastSpans := last, last
				f := field{col: "c", value: &col, text: v, action: rule.Action, lo: 0, hi: 1, personal: true, twin: -1}
				f.note = &lastWhole
				gotRep, gotNote := l.sanitizeWhole(&f, r, string(cat))
				f.note = &lastSpans
				wantRep, wantNote := l.sanitizeSpans(&f, r, false)
				if gotRep != wantRep || gotNote != wantNote || lastWhole != lastSpans {
					t.Errorf("%s under rule %+v, last note %q: shortcut gave (%d, %d bytes, %q, last %q), general path (%d, %d bytes, %q, last %q)",
						cat, rule, last, gotRep.how, len(gotRep.s), gotNote, lastWhole, wantRep.how, len(wantRep.s), wantNote, lastSpans)
				}
			}
		}
	}
}

// The outputs about an input (sanitized records, tombstones, commands) carry
// the input's Kafka timestamp; an implausible one, dead letters (on a topic
// with time retention) and the data map's records leave it to the
// producer's clock.
func TestEngineOutputsCarryTheInputsTimestamp(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	del := `{"op":"d","table":"customers","ts_ms":1700000000002,"before":{"customer_id":42,"email":"` + plantedEmail + `"}}`
	sent := time.UnixMilli(1700000000123)
	in := []Message{
		msg("crm.public.customers", 0, `{"customer_id":42}`, del),
		msg("crm.public.customers", 1, `{"customer_id":42}`, ""), // tombstone
		msg("crm.public.customers", 2, `{"customer_id":43}`, `{not json`),
		msg("crm.public.customers", 3, `{"customer_id":44}`, del),
	}
	in[0].Timestamp, in[1].Timestamp, in[2].Timestamp = sent, sent, sent
	in[3].Timestamp = time.Date(9500, 1, 1, 0, 0, 0, 0, time.UTC)
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	byInput := map[string]int{}
	for _, o := range out {
		pos := header(o, HeaderInput)
		want := sent
		if o.Topic == DefaultTopics.DataMap || o.Topic == DefaultTopics.DeadLetter || strings.HasSuffix(pos, "/3") {
			want = time.Time{}
		}
		if !o.Timestamp.Equal(want) {
			t.Errorf("output on %s about %q has timestamp %v, want %v", o.Topic, pos, o.Timestamp, want)
		}
		byInput[pos]++
	}
	if byInput["crm.public.customers/0/0"] < 2 || byInput["crm.public.customers/0/1"] != 1 || byInput["crm.public.customers/0/2"] != 1 {
		t.Fatalf("outputs per input %v: want a record and an ERASE, a tombstone, a dead letter", byInput)
	}
}

// One record key goes to every recipient of a table and into its ERASE
// commands, which every holder reads: it gets the strongest treatment any
// recipient gives its columns, not the default recipient's alone.
func TestEngineKeyGetsTheStrongestRecipientAction(t *testing.T) {
	del := `{"op":"d","table":"customers","ts_ms":1700000000002,"before":{"customer_id":"C-778812","email":"` + plantedEmail + `"}}`
	for _, tc := range []struct {
		name, policy string
		topics       []string // the sanitized topics of customers
	}{
		{"analytics drops it", `version: keys
defaults: {"*": mask}
recipients:
  default: {categories: {user.unique_id: keep}}
  analytics: {categories: {user.unique_id: drop}}
  archive: {tables: [orders], categories: {user.unique_id: drop}}
columns:
  customers.customer_id: {category: user.unique_id}
`, []string{"lethe.sanitized.customers", "lethe.sanitized.analytics.customers"}},
		// Keep for every recipient of the table does not keep it: archive,
		// which would drop it, does not receive customers but reads its
		// ERASE commands (a leak hunt found the key raw there).
		{"archive drops it", `version: keys2
recipients:
  default: {categories: {user.unique_id: keep}}
  archive: {tables: [orders], categories: {user.unique_id: drop}}
columns:
  customers.customer_id: {category: user.unique_id}
`, []string{"lethe.sanitized.customers"}},
	} {
		e, _ := newPolicyEngine(t, tc.policy)
		out, err := e.Handle(context.Background(), []Message{msg("crm.public.customers", 0, `{"customer_id":"C-778812"}`, del)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		keys := map[string]string{}
		for _, o := range out {
			switch {
			case slices.Contains(tc.topics, o.Topic):
				keys[o.Topic] = string(o.Key)
			case o.Topic == DefaultTopics.Commands:
				var c Command
				if err := json.Unmarshal(o.Value, &c); err != nil {
					t.Fatal(err)
				}
				keys["erase"] = c.RecordKey
			}
		}
		if len(keys) != len(tc.topics)+1 {
			t.Fatalf("%s: outputs %v: want every recipient's record and the ERASE", tc.name, keys)
		}
		for where, k := range keys {
			if strings.Contains(k, "C-778812") || !strings.Contains(k, `"customer_id":"psn_`) || k != keys["erase"] {
				t.Errorf("%s: %s key %s: want the pseudonym the drop requires, the same everywhere", tc.name, where, k)
			}
		}
	}
}

// A column rule with an action and no category applies the action to the
// whole value, whatever the detectors found: a notes column set to drop is
// null also where nothing was recognised, and never cut into spans.
func TestEngineColumnActionWithoutCategory(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: colaction
columns:
  tickets.notes: {action: drop}
  tickets.summary: {action: mask}
  tickets.keepme: {action: keep}
`)
	var in []Message
	for i, notes := range []string{"Wants to sue us over the divorce papers", "Kunde ruft an: " + plantedPhone + ", bitte zurück", "7"} {
		v := `{"op":"c","table":"tickets","ts_ms":1700000000000,"after":{"ticket_id":` + itoa(i) + `,"notes":"` + notes +
			`","summary":"Ab","keepme":"mail ` + plantedEmail + `"}}`
		in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, v))
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, o := range out {
		if o.Topic != "lethe.sanitized.tickets" {
			continue
		}
		n++
		var env struct {
			After Row `json:"after"`
			Lethe struct {
				Fields map[string]string `json:"fields"`
			} `json:"lethe"`
		}
		if err := json.Unmarshal(o.Value, &env); err != nil {
			t.Fatal(err)
		}
		if env.After["notes"] != nil || !strings.HasPrefix(env.Lethe.Fields["notes"], "drop:") {
			t.Errorf("notes = %v (note %q), want null", env.After["notes"], env.Lethe.Fields["notes"])
		}
		if env.After["summary"] != "**" {
			t.Errorf("summary = %v, want masked whole", env.After["summary"])
		}
		if env.After["keepme"] != "mail "+plantedEmail {
			t.Errorf("keepme changed: a keep action keeps what is detected")
		}
	}
	if n != 3 {
		t.Fatalf("%d sanitized records, want 3", n)
	}
}

// dataMapRecords returns the data map records among out, by key.
func dataMapRecords(out []Output) map[string][]byte {
	recs := map[string][]byte{}
	for _, o := range out {
		if o.Topic == DefaultTopics.DataMap {
			recs[string(o.Key)] = o.Value
		}
	}
	return recs
}

// A worker that restored the data map and then sees inputs it already
// counted (its group reset to the start, a replayed dead letter) sanitizes
// them again but does not count them twice; inputs after them count.
func TestEngineReplayAfterRestoreCountsOnce(t *testing.T) {
	tickets := func(from, to int) []Message {
		var in []Message
		for i := from; i < to; i++ {
			v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", After: Row{"ticket_id": i, "notes": "Rückruf unter " + plantedPhone}})
			in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v)))
		}
		return in
	}
	e := newTestEngine(t, fakeDecoder{})
	out, err := e.Handle(context.Background(), tickets(0, 300), nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Committed()
	stored := dataMapRecords(out)

	e2 := restoredEngine(t, policy.Default(), stored)
	out, err = e2.Handle(context.Background(), tickets(0, 350), nil) // a replay from the start, and 50 new
	if err != nil {
		t.Fatal(err)
	}
	sanitized := 0
	for _, o := range out {
		if o.Topic == "lethe.sanitized.tickets" {
			sanitized++
		}
	}
	e2.Committed()
	for k, v := range dataMapRecords(out) {
		stored[k] = v
	}
	entries, skipped := MergeRecords(stored)
	if len(skipped) > 0 {
		t.Fatal(skipped)
	}
	var notes *datamap.Entry
	for i := range entries {
		if entries[i].Column == "notes" {
			notes = &entries[i]
		}
	}
	if sanitized != 350 || notes == nil || notes.Seen != 350 || notes.WithPII != 350 {
		t.Fatalf("sanitized %d, notes entry %+v: want 350 sanitized and 350 values counted once", sanitized, notes)
	}
}

// Columns whose names make "schema.table|column" ambiguous, a dot in a
// schema's or a table's name ("a.b".c and a."b.c") or a '|' in a name
// (public.p."q|r" and public."p|q".r), keep data map records of their own:
// a review saw one key for both, compaction keeping the last, and the
// other table's counts lost for good. They restore and merge apart too.
func TestDataMapAmbiguousNamesKeepTheirOwnRecords(t *testing.T) {
	var in []Message
	add := func(topic, schema, table string, n int, row func(i int) Row) {
		for i := range n {
			v, _ := json.Marshal(fakeEvent{Op: "c", Schema: schema, Table: table, After: row(i)})
			in = append(in, msg(topic, int64(len(in)), `{"id":`+itoa(len(in))+`}`, string(v)))
		}
	}
	add("crm.public.dots", "a.b", "c", 4, func(i int) Row { return Row{"id": i} })
	add("crm.public.dots", "a", "b.c", 2, func(i int) Row { return Row{"id": i} })
	add("crm.public.pipes", "public", "p", 5, func(i int) Row { return Row{"id": i, "q|r": "x"} })
	add("crm.public.pipes", "public", "p|q", 2, func(i int) Row { return Row{"id": i, "r": "x"} })
	e := newTestEngine(t, fakeDecoder{})
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	e.Committed()
	stored := dataMapRecords(out)
	want := map[string]int64{`"a.b".c.id`: 4, `a."b.c".id`: 2, "public.p.q|r": 5, "public.p.id": 5, "public.p|q.r": 2, "public.p|q.id": 2}
	check := func(what string, recs map[string][]byte) {
		t.Helper()
		entries, skipped := MergeRecords(recs)
		got := map[string]int64{}
		for _, e := range entries {
			got[e.TableName()+"."+e.Column] = e.Seen
		}
		if len(skipped) > 0 || !maps.Equal(got, want) {
			t.Errorf("%s: columns and values seen %v (skipped %v), want %v", what, got, skipped, want)
		}
	}
	check("written", stored)
	// An older lethe's record of the same column under the colliding key,
	// with older evidence: the newer record counts, not both.
	const oldKey = "a.b.c|id|crm.public.dots|0"
	if _, ok := stored[oldKey]; ok {
		t.Fatalf("a column still has the colliding key %s", oldKey)
	}
	var older []byte
	for _, v := range stored {
		var rec MapRecord
		if err := json.Unmarshal(v, &rec); err != nil {
			t.Fatal(err)
		}
		if rec.Schema == "a.b" && rec.Entry.Column == "id" {
			rec.NextOffset--
			older, _ = json.Marshal(rec)
		}
	}
	stored[oldKey] = older
	check("with an older record under the old key", stored)
	// Restored, replayed (counted once) and written again: the same.
	e2 := restoredEngine(t, policy.Default(), stored)
	if out, err = e2.Handle(context.Background(), in, nil); err != nil {
		t.Fatal(err)
	}
	e2.Committed()
	maps.Copy(stored, dataMapRecords(out))
	check("restored and replayed", stored)
}

// A data map written under another policy version is rewritten with the
// policy in force after a restore, so the record of processing does not
// keep an old policy's recipients and actions; lethe inventory meanwhile
// takes them from the column's most recent record.
func TestDataMapFollowsThePolicyInForce(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: old\ndefaults: {\"*\": keep, "+keepSpecial+"}\n")
	v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", TsMs: 1700000000000, After: Row{"ticket_id": 1, "notes": "Rückruf unter " + plantedPhone}})
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.tickets", 0, `{"ticket_id":1}`, string(v))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	stored := dataMapRecords(out)

	p, err := policy.Parse(strings.NewReader("version: new\ndefaults: {\"*\": drop}\n"))
	if err != nil {
		t.Fatal(err)
	}
	e2 := restoredEngine(t, p, stored)
	// An input of another table: the tickets entries are rewritten anyway,
	// also by the retry of a batch whose transaction aborted.
	w, _ := json.Marshal(fakeEvent{Op: "c", Table: "orders", After: Row{"order_id": 9}})
	orders := []Message{msg("crm.public.orders", 0, `{"order_id":9}`, string(w))}
	out, err = e2.Handle(context.Background(), orders, nil)
	if err != nil {
		t.Fatal(err)
	}
	key := "public.tickets|notes|crm.public.tickets|0"
	if _, ok := dataMapRecords(out)[key]; !ok {
		t.Fatalf("record %s not rewritten by the first batch", key)
	}
	e2.Aborted()
	out, err = e2.Handle(context.Background(), orders, nil)
	if err != nil {
		t.Fatal(err)
	}
	e2.Committed()
	rewritten := dataMapRecords(out)
	var rec MapRecord
	if err := json.Unmarshal(rewritten[key], &rec); err != nil {
		t.Fatalf("record %s not rewritten by the retry: %v (keys %v)", key, err, slices.Sorted(maps.Keys(rewritten)))
	}
	// Once committed, it is not rewritten again.
	out, err = e2.Handle(context.Background(), []Message{msg("crm.public.orders", 1, `{"order_id":9}`, string(w))}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if _, again := dataMapRecords(out)[key]; again {
		t.Fatalf("record %s rewritten after its rewrite committed", key)
	}
	if rec.Policy != "new" || rec.Actions["default"][string(pii.Phone)] != "drop" || rec.NextOffset != 1 || rec.Entry.Seen != 1 {
		t.Fatalf("rewritten record %+v", rec)
	}

	// inventory over records of both versions: the newest record's policy.
	older := stored[key]
	var o MapRecord
	_ = json.Unmarshal(older, &o)
	o.Partition, o.Entry.LastSeen = 1, o.Entry.LastSeen.Add(-time.Hour)
	b, _ := json.Marshal(o)
	entries, skipped := MergeRecords(map[string][]byte{key: rewritten[key], "public.tickets|notes|crm.public.tickets|1": b, "junk": []byte("{not json")})
	if !slices.Equal(skipped, []string{"junk"}) {
		t.Fatalf("skipped %v, want the junk record only", skipped)
	}
	found := false
	for _, en := range entries {
		if en.Column == "notes" {
			found = true
			if !slices.Equal(en.Recipients, []string{"default:drop"}) || en.Seen != 2 {
				t.Fatalf("merged notes: recipients %v, seen %d; want default:drop only, both partitions counted", en.Recipients, en.Seen)
			}
		}
	}
	if !found {
		t.Fatal("no merged entry for notes")
	}
}

// Two tables of one name, in two schemas or from two CDC sources, must not
// share an output topic, where their keys would overwrite each other:
// without {schema} or {prefix} in the topic, once the second input shows
// up, the records of both are dead-lettered with the reason (which one
// came first must not decide, as it could after a restart); with it, each
// gets its own topic.
func TestEngineTablesOfOneName(t *testing.T) {
	for _, tc := range []struct {
		name     string
		inputs   [2][2]string // topic, schema
		template string       // the topic with the fix
		fixed    [2]string    // the topics then
	}{
		{"two schemas", [2][2]string{{"crm.public.customers", "public"}, {"crm.legacy.customers", "legacy"}},
			"lethe.sanitized.{schema}.{table}", [2]string{"lethe.sanitized.public.customers", "lethe.sanitized.legacy.customers"}},
		{"two sources", [2][2]string{{"crm.public.customers", "public"}, {"erp.public.customers", "public"}},
			"lethe.sanitized.{prefix}.{table}", [2]string{"lethe.sanitized.crm.customers", "lethe.sanitized.erp.customers"}},
	} {
		var in []Message
		for i := range 4 {
			src := tc.inputs[i%2]
			v, _ := json.Marshal(fakeEvent{Op: "c", Schema: src[1], Table: "customers", After: Row{"customer_id": i, "email": plantedEmail}})
			in = append(in, msg(src[0], int64(i), `{"customer_id":`+itoa(i)+`}`, string(v)))
		}
		count := func(e *Engine) map[string]int {
			out, err := e.Handle(context.Background(), in, nil)
			if err != nil {
				t.Fatal(err)
			}
			n := map[string]int{}
			for _, o := range out {
				n[o.Topic]++
				if o.Topic != DefaultTopics.DeadLetter {
					continue
				}
				// Each side names the other.
				self, other := tc.inputs[1], tc.inputs[0]
				if strings.HasPrefix(header(o, HeaderInput), other[0]+"/") {
					self, other = other, self
				}
				want := "input " + self[0] + " (" + self[1] + ".customers) would share output topic lethe.sanitized.customers with input " + other[0]
				if !strings.Contains(header(o, HeaderReason), want) {
					t.Errorf("%s: dead letter reason %q, want it to say %q", tc.name, header(o, HeaderReason), want)
				}
			}
			return n
		}
		if n := count(newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })); n["lethe.sanitized.customers"] != 1 || n[DefaultTopics.DeadLetter] != 3 {
			t.Fatalf("%s, one topic: outputs %v, want the first record sanitized and the three after the second input showed up dead-lettered", tc.name, n)
		}
		e, _ := newPolicyEngine(t, "version: s\nrecipients: {default: {topic: \""+tc.template+"\"}}\n")
		if n := count(e); n[tc.fixed[0]] != 2 || n[tc.fixed[1]] != 2 || n[DefaultTopics.DeadLetter] != 0 {
			t.Fatalf("%s, %s: outputs %v", tc.name, tc.template, n)
		}
	}
}

// PostgreSQL's "a.b".c and a."b.c" are two tables on one Debezium topic
// (crm.a.b.c), and with {schema}.{table} in the template one output topic
// (lethe.sanitized.a.b.c), where their keys would overwrite each other and
// an ERASE of one would hit the other's record: both stop, as two tables
// of one name do. Before, both were the input "crm.a.b.c (a.b.c)" to the
// owner of the output topic, one claimant, and all four records went out.
func TestEngineDottedTablesOfOneTopic(t *testing.T) {
	var in []Message
	for i := range 4 {
		v, _ := json.Marshal(fakeEvent{Op: "c", Schema: [2]string{"a.b", "a"}[i%2], Table: [2]string{"c", "b.c"}[i%2], After: Row{"id": i}})
		in = append(in, msg("crm.a.b.c", int64(i), `{"id":1}`, string(v)))
	}
	e, _ := newPolicyEngine(t, "version: s\nrecipients: {default: {topic: \"lethe.sanitized.{schema}.{table}\"}}\n")
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	n := map[string]int{}
	for _, o := range out {
		n[o.Topic]++
		if o.Topic == DefaultTopics.DeadLetter && !strings.Contains(header(o, HeaderReason), `would share output topic lethe.sanitized.a.b.c with input crm.a.b.c ("a`) {
			t.Errorf("dead letter reason %q, want it to name the other table", header(o, HeaderReason))
		}
	}
	if n["lethe.sanitized.a.b.c"] != 1 || n[DefaultTopics.DeadLetter] != 3 {
		t.Fatalf("outputs %v, want the first record sanitized and the three after the second table showed up dead-lettered", n)
	}
}

// A tombstone names no table: it goes where the records of its input topic
// went, also when the topic is not named prefix.schema.table (an SMT or a
// two-part name) and the template names the schema, and it never counts as
// a second input of an output topic. Before any record, a two-part name
// routes it by the table alone, unless a template names the schema, which
// only a record says: then it is dead-lettered rather than misrouted.
func TestEngineTombstonesFollowTheirTopicsRecords(t *testing.T) {
	for _, template := range []string{"lethe.sanitized.{table}", "lethe.sanitized.{schema}.{table}"} {
		want := strings.NewReplacer("{schema}", "app", "{table}", "customers").Replace(template)
		e, _ := newPolicyEngine(t, "version: s\nrecipients: {default: {topic: \""+template+"\"}}\n")
		create, _ := json.Marshal(fakeEvent{Op: "c", Schema: "app", Table: "customers", After: Row{"customer_id": 1}})
		del, _ := json.Marshal(fakeEvent{Op: "d", Schema: "app", Table: "customers", Before: Row{"customer_id": 1}})
		in := []Message{
			msg("crm.customers", 0, `{"customer_id":0}`, ""), // a tombstone before any record
			msg("crm.customers", 1, `{"customer_id":1}`, string(create)),
			msg("crm.customers", 2, `{"customer_id":1}`, string(del)),
			msg("crm.customers", 3, `{"customer_id":1}`, ""),
		}
		out, err := e.Handle(context.Background(), in, nil)
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]string{}
		for _, o := range out {
			if o.Topic != DefaultTopics.DataMap && o.Topic != DefaultTopics.Commands {
				got[header(o, HeaderInput)] = o.Topic
			}
		}
		first := want
		if strings.Contains(template, "{schema}") {
			first = DefaultTopics.DeadLetter
		}
		if got["crm.customers/0/0"] != first || got["crm.customers/0/1"] != want || got["crm.customers/0/2"] != want || got["crm.customers/0/3"] != want {
			t.Fatalf("%s: outputs %v, want the first tombstone on %s and the rest on %s", template, got, first, want)
		}
	}
}

// Tombstones and records without a source block never slip past the
// output topic guard, and a tombstone goes where the delete before it went:
// in a topic an SMT fills with several tables, and when the delete ends one
// lane's block of a batch.
func TestEngineTombstoneRouting(t *testing.T) {
	handle := func(e *Engine, in []Message) map[string][]string { return routed(t, e, in) }
	ev := func(op, table string, id int) string {
		v, _ := json.Marshal(fakeEvent{Op: op, Table: table, After: Row{"id": id}, Before: Row{"id": id}})
		return string(v)
	}
	t.Run("another input's tombstone", func(t *testing.T) {
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
		got := handle(e, []Message{msg("crm.public.customers", 0, `{"id":7}`, ev("c", "customers", 7)),
			{Topic: "erp.public.customers", Offset: 0, Key: []byte(`{"id":7}`)}})
		if !slices.Equal(got["erp.public.customers/0/0"], []string{DefaultTopics.DeadLetter}) {
			t.Fatalf("erp's tombstone went to %v, want a dead letter: it would delete crm's customer 7", got["erp.public.customers/0/0"])
		}
	})
	t.Run("records without a source block", func(t *testing.T) {
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
		got := handle(e, []Message{msg("crm.public.customers", 0, `{"id":1}`, ev("c", "", 1)), msg("erp.public.customers", 0, `{"id":2}`, ev("c", "", 2))})
		if !slices.Equal(got["erp.public.customers/0/0"], []string{DefaultTopics.DeadLetter}) {
			t.Fatalf("erp's record went to %v, want a dead letter", got["erp.public.customers/0/0"])
		}
	})
	t.Run("a topic of several tables", func(t *testing.T) {
		// Which table a tombstone belongs to, nothing says: a guess could
		// delete another table's record of the same key.
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
		got := handle(e, []Message{msg("crm.all", 0, `{"id":1}`, ev("c", "a", 1)), msg("crm.all", 1, `{"id":2}`, ev("c", "b", 2)),
			msg("crm.all", 2, `{"id":1}`, ev("d", "a", 1)), msg("crm.all", 3, `{"id":1}`, "")})
		if !slices.Equal(got["crm.all/0/3"], []string{DefaultTopics.DeadLetter}) {
			t.Fatalf("the tombstone went to %v, want a dead letter", got["crm.all/0/3"])
		}
	})
	t.Run("a topic an SMT renamed", func(t *testing.T) {
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
		got := handle(e, []Message{msg("crm.public.all", 0, `{"id":1}`, ev("c", "a", 1)), msg("crm.public.all", 1, `{"id":1}`, ev("d", "a", 1)),
			msg("crm.public.all", 2, `{"id":1}`, "")})
		if !slices.Equal(got["crm.public.all/0/2"], []string{"lethe.sanitized.a"}) {
			t.Fatalf("the tombstone went to %v, want lethe.sanitized.a, where the topic's records went", got["crm.public.all/0/2"])
		}
	})
	t.Run("a two-part topic across lanes", func(t *testing.T) {
		e, _ := newPolicyEngine(t, "version: s\nrecipients: {default: {topic: \"lethe.sanitized.{schema}.{table}\"}}\n")
		var in []Message
		for i := range 600 { // enough for every lane
			v, _ := json.Marshal(fakeEvent{Op: "c", Schema: "app", Table: "customers", After: Row{"id": i}})
			if i%laneBlock == laneBlock-1 {
				v, _ = json.Marshal(fakeEvent{Op: "d", Schema: "app", Table: "customers", Before: Row{"id": i}})
			}
			m := msg("crm.customers", int64(len(in)), `{"id":`+itoa(i)+`}`, string(v))
			in = append(in, m)
			if i%laneBlock == laneBlock-1 {
				in = append(in, Message{Topic: "crm.customers", Offset: int64(len(in)), Key: m.Key})
			}
		}
		for pos, topics := range handle(e, in) {
			if !slices.Equal(topics, []string{"lethe.sanitized.app.customers"}) {
				t.Errorf("input %s went to %v, want lethe.sanitized.app.customers", pos, topics)
			}
		}
	})
}

// More tombstone routing, where only earlier records can tell: a table
// state a tombstone made first still counts its records' tables; a batch
// whose tombstones depend on that runs in order, whatever the lanes; and
// two tables of one name routed into one topic do not share an output.
func TestEngineTombstoneRoutingInOrder(t *testing.T) {
	ev := func(op, schema, table string, id int) string {
		v, _ := json.Marshal(fakeEvent{Op: op, Schema: schema, Table: table, After: Row{"id": id}, Before: Row{"id": id}})
		return string(v)
	}
	topicsOf := func(t *testing.T, e *Engine, in []Message) map[string]string {
		got := map[string]string{}
		for pos, topics := range routed(t, e, in) {
			got[pos] = strings.Join(topics, ",")
		}
		return got
	}
	t.Run("a tombstone first", func(t *testing.T) {
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
		const topic = "crm.public.customers"
		got := topicsOf(t, e, []Message{msg(topic, 0, `{"id":9}`, ""), msg(topic, 1, `{"id":2}`, ev("c", "public", "customers", 2)),
			msg(topic, 2, `{"id":2}`, ev("c", "public", "orders", 2)), msg(topic, 3, `{"id":2}`, ev("d", "public", "customers", 2)), msg(topic, 4, `{"id":2}`, "")})
		if got[topic+"/0/4"] != DefaultTopics.DeadLetter {
			t.Fatalf("the last tombstone went to %s, want a dead letter: the topic carries two tables", got[topic+"/0/4"])
		}
	})
	t.Run("facts told in an earlier block", func(t *testing.T) {
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 2 })
		const topic = "crm.public.all"
		topicsOf(t, e, []Message{msg(topic, 0, `{"id":0}`, ev("c", "public", "a", 0))}) // an earlier batch: the topic carries a
		var in []Message
		for i := range 300 {
			switch i {
			case laneBlock - 2:
				in = append(in, msg(topic, int64(1+i), `{"id":1}`, ev("c", "public", "b", 1)))
			case laneBlock - 1:
				in = append(in, msg(topic, int64(1+i), `{"id":1}`, ev("d", "public", "b", 1)))
			case laneBlock:
				in = append(in, msg(topic, int64(1+i), `{"id":1}`, ""))
			default:
				in = append(in, msg(topic, int64(1+i), `{"id":`+itoa(100+i)+`}`, ev("c", "public", "a", 100+i)))
			}
		}
		if got := topicsOf(t, e, in)[topic+"/0/"+itoa(1+laneBlock)]; got != DefaultTopics.DeadLetter {
			t.Fatalf("the tombstone after b's delete went to %s, want a dead letter: b was told before it", got)
		}
	})
	t.Run("one topic of two schemas", func(t *testing.T) {
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
		got := topicsOf(t, e, []Message{msg("crm.tenants", 0, `{"id":1}`, ev("c", "tenant1", "customers", 1)),
			msg("crm.tenants", 1, `{"id":1}`, ev("c", "tenant2", "customers", 1))})
		if got["crm.tenants/0/1"] != DefaultTopics.DeadLetter {
			t.Fatalf("tenant2's record went to %s, want a dead letter: it would replace tenant1's", got["crm.tenants/0/1"])
		}
	})
}

// routed handles in and returns, by input position, the topics of its
// outputs other than the data map's and commands.
func routed(t *testing.T, e *Engine, in []Message) map[string][]string {
	t.Helper()
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, o := range out {
		if o.Topic != DefaultTopics.DataMap && o.Topic != DefaultTopics.Commands {
			got[header(o, HeaderInput)] = append(got[header(o, HeaderInput)], o.Topic)
		}
	}
	return got
}

func TestTopicTable(t *testing.T) {
	for _, tc := range []struct {
		topic, schema, table string
		named                bool
	}{
		{"crm.public.customers", "public", "customers", true},
		{"e2e.run1.crm.legacy.orders", "legacy", "orders", true},
		{"crm.customers", "public", "customers", false},
		{"customers", "public", "customers", false},
	} {
		if s, tb, n := TopicTable(tc.topic); s != tc.schema || tb != tc.table || n != tc.named {
			t.Errorf("TopicTable(%q) = %q, %q, %v", tc.topic, s, tb, n)
		}
	}
}

// A batch with a tombstone of a topic no record has told about yet runs in
// order; once the topic's records said it is what its name says, batches
// keep every lane. One with a keyless record that may be a truncate (its
// op "t" in JSON or Avro) runs in order too, so that the truncate's ERASE
// names what every row before it held; keyed records never do.
func TestEngineNeedsOrder(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	const topic = "crm.public.customers"
	v, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: Row{"customer_id": 1}})
	batch := []Message{msg(topic, 0, `{"customer_id":1}`, string(v)), msg(topic, 1, `{"customer_id":1}`, "")}
	if !e.needsOrder(batch) {
		t.Fatal("a first batch with a tombstone of an unknown topic runs in parallel")
	}
	if _, err := e.Handle(context.Background(), batch, nil); err != nil {
		t.Fatal(err)
	}
	if e.needsOrder(batch) {
		t.Fatal("a standard topic whose records name its table still runs on one lane")
	}
	empty := []Message{{Topic: "crm.public.other", Key: []byte(`{"id":1}`), Value: []byte{}}}
	if !e.needsOrder(empty) {
		t.Fatal("an empty value, a tombstone too, was not counted")
	}
	for _, tc := range []struct {
		name  string
		m     Message
		order bool
	}{
		{"JSON truncate", Message{Topic: topic, Value: []byte(`{"op":"t","before":null}`)}, true},
		{"JSON truncate, spaced", Message{Topic: topic, Value: []byte(`{"payload":{"op": "t"}}`)}, true},
		{"JSON truncate, escaped", Message{Topic: topic, Value: []byte(`{"op":"\u0074"}`)}, true},
		{"JSON truncate, key null", Message{Topic: topic, Key: []byte("null"), Value: []byte(`{"op":"t"}`)}, true},
		{"JSON truncate, key of the old converters", Message{Topic: topic, Key: []byte(`{"schema":null,"payload":null}`), Value: []byte(`{"op":"t"}`)}, true},
		{"Avro truncate", Message{Topic: topic, Value: []byte("\x00\x00\x00\x00\x01\x00\x00\x02t\x02\x80")}, true},
		{"keyless create", Message{Topic: topic, Value: []byte(`{"op":"c","after":{"note":"t"}}`)}, true}, // slower, never wrong
		{"keyless create, no t", Message{Topic: topic, Value: []byte(`{"op":"c","after":{"id":1}}`)}, false},
		{"keyed record holding t", Message{Topic: topic, Key: []byte(`{"customer_id":1}`), Value: []byte(`{"op":"c","after":{"note":"t"}}`)}, false},
	} {
		if got := e.needsOrder([]Message{tc.m}); got != tc.order {
			t.Errorf("%s: needsOrder %v, want %v", tc.name, got, tc.order)
		}
	}
}

// A tombstone handled by a lane that has not seen its table's records is
// refused when the output topic has two source tables: the owner's records
// are dead-lettered, and so must its tombstones be, in any lane.
func TestEngineUnclaimedTombstoneOfARivalledTopic(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 2 })
	l0, l1 := e.lanes[0], e.lanes[1]
	create := func(topic string) *Message {
		v, _ := json.Marshal(fakeEvent{Op: "c", Table: "customers", After: Row{"customer_id": 1}})
		m := msg(topic, 0, `{"customer_id":1}`, string(v))
		return &m
	}
	for _, topic := range []string{"crm.public.customers", "erp.public.customers"} {
		if _, err := l0.handleOne(context.Background(), create(topic), nil); err != nil {
			t.Fatal(err)
		}
	}
	tomb := msg("crm.public.customers", 1, `{"customer_id":1}`, "")
	out, err := l1.handleOne(context.Background(), &tomb, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out) != 1 || out[0].Topic != DefaultTopics.DeadLetter || !strings.Contains(header(out[0], HeaderReason), "would share") {
		t.Fatalf("outputs %v, want the tombstone dead-lettered", out)
	}
}

// A detector that panics on one input (a bug) costs that input a dead letter
// naming the bug's place; the other inputs of the batch, before and after it
// and on every lane, come out as ever.
func TestEngineContainsAPanicToItsInput(t *testing.T) {
	for _, par := range []int{1, 4} {
		det := detectorFunc(func(field, value string, dst []pii.Finding) []pii.Finding {
			if value == "boom" {
				var s []int
				_ = s[len(value)] // index out of range, as a detector's bug would
			}
			return pii.NewScanner().ScanField(field, value, dst)
		})
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Detector = det; c.Parallelism = par })
		var in []Message
		for i := range 40 {
			note := "Kunde ruft an: " + plantedPhone
			if i == 17 {
				note = "boom"
			}
			in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+strconv.Itoa(i)+`}`,
				`{"op":"c","table":"tickets","after":{"ticket_id":`+strconv.Itoa(i)+`,"notes":"`+note+`"}}`))
		}
		out, err := e.Handle(context.Background(), in, nil)
		if err != nil {
			t.Fatalf("parallelism %d: %v", par, err)
		}
		var dead, sanitized []Output
		for _, o := range out {
			switch {
			case o.Topic == DefaultTopics.DeadLetter:
				dead = append(dead, o)
			case strings.HasPrefix(o.Topic, "lethe.sanitized."):
				sanitized = append(sanitized, o)
				if bytes.Contains(o.Value, []byte(plantedPhone)) {
					t.Errorf("parallelism %d: raw phone number in %s", par, o.Value)
				}
			}
		}
		if len(dead) != 1 || len(sanitized) != 39 {
			t.Fatalf("parallelism %d: %d dead letters and %d sanitized records, want 1 and 39", par, len(dead), len(sanitized))
		}
		r := header(dead[0], HeaderReason)
		if header(dead[0], HeaderOffset) != "17" || !strings.Contains(r, "internal error") || !strings.Contains(r, "index out of range") ||
			!strings.Contains(r, "engine_test.go") || !strings.Contains(r, " from pipeline.") || strings.Contains(r, "boom") {
			t.Errorf("parallelism %d: dead letter at offset %s, reason %q", par, header(dead[0], HeaderOffset), r)
		}
	}
}

// The table's record key changes within a batch (ticket_id, then code):
// code's values went out in record keys, which ERASEs carry, so the data
// map lists the commands topic for it (the observation cache once kept
// the first key's marks).
func TestDataMapKeyChangeMarksTheNewKey(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: x\n")
	in := []Message{
		msg("crm.public.tickets", 0, `{"ticket_id":1}`, `{"op":"c","table":"tickets","after":{"ticket_id":1,"code":"A1","status":"open"}}`),
		msg("crm.public.tickets", 1, `{"code":"A2"}`, `{"op":"c","table":"tickets","after":{"ticket_id":2,"code":"A2","status":"open"}}`),
	}
	recs := mapRecordsOf(t, e, in, "")
	for _, rec := range recs {
		if rec.Entry.Column == "code" && !slices.Contains(rec.Entry.Outputs, DefaultTopics.Commands) {
			t.Errorf("code, the key of record 2, is not marked: outputs %v", rec.Entry.Outputs)
		}
	}
}

// The same when the table's first record has no key.
func TestDataMapKeyAfterKeylessRecordMarked(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: x\n")
	in := []Message{
		msg("crm.public.tickets", 0, ``, `{"op":"c","table":"tickets","after":{"ticket_id":1,"status":"open"}}`),
		msg("crm.public.tickets", 1, `{"ticket_id":2}`, `{"op":"c","table":"tickets","after":{"ticket_id":2,"status":"open"}}`),
	}
	recs := mapRecordsOf(t, e, in, "")
	for _, rec := range recs {
		if rec.Entry.Column == "ticket_id" && !slices.Contains(rec.Entry.Outputs, DefaultTopics.Commands) {
			t.Errorf("ticket_id not marked: outputs %v", rec.Entry.Outputs)
		}
	}
}

// A nested value decoded into maps (as Avro's are) with an address replaced
// stays an object whatever its numbers: a double of a million or more, or a
// small fraction, is written in exponent notation, which the detectors'
// text writes plainly; the comparison of the two once failed on it.
func TestEngineNestedNumbersKeepTheType(t *testing.T) {
	for _, amount := range []string{"25.5", "2500000", "0.00001"} {
		e := newTestEngine(t, fakeDecoder{})
		// an address as a member name too: the object stays one (a review)
		v := `{"op":"c","table":"people","after":{"id":1,"prefs":{"email":"anna@example.com","amount":` + amount + `,"anna.k@example.org":true}}}`
		out, err := e.Handle(context.Background(), []Message{msg("crm.public.people", 0, `{"id":1}`, v)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range out {
			if !strings.Contains(o.Topic, "sanitized") {
				continue
			}
			var env struct{ After map[string]json.RawMessage }
			if err := json.Unmarshal(o.Value, &env); err != nil {
				t.Fatal(err)
			}
			p := env.After["prefs"]
			if strings.Contains(string(o.Value), "anna@") || strings.Contains(string(o.Value), "anna.k@") {
				t.Errorf("amount %s: leak %s", amount, o.Value)
			}
			if len(p) == 0 || p[0] != '{' {
				t.Errorf("amount %s on %s: prefs = %s, want an object", amount, o.Topic, p)
			}
		}
	}
}

// A number inside a nested value that holds personal data (a phone or
// card number kept as a JSON number, in a jsonb column or a bigint[]) is
// replaced or masked by a string: the value stays an object or an array, as it does
// when the same data is held as strings. Its replacement, not valid JSON
// as a bare word, once turned the whole column into the text of the
// replaced JSON in a string, in records that held such a number only.
func TestEngineNumbersInNestedValuesKeepTheirShape(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	v := `{"op":"c","table":"people","after":{"id":1,"prefs":{"phone":4915123456789,"card":4111111111111111,"email":"anna@example.com","n":5},` +
		`"refs":[4111111111111111,7],"phones":[4915123456789,4915223456789]}}`
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.people", 0, `{"id":1}`, v)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := valuesOn(out, "lethe.sanitized.people")
	if len(o) != 1 {
		t.Fatalf("%d sanitized records, want 1", len(o))
	}
	for _, leak := range []string{"23456789", "4111111111111111", "anna@"} {
		if strings.Contains(o[0], leak) {
			t.Fatalf("a planted value went out: %s", o[0])
		}
	}
	var env struct {
		After struct {
			Prefs  map[string]any `json:"prefs"`
			Refs   []any          `json:"refs"`
			Phones []any          `json:"phones"`
		}
	}
	if err := json.Unmarshal([]byte(o[0]), &env); err != nil {
		t.Fatalf("the prefs object or an array is not one any more: %v\n%s", err, o[0])
	}
	p := env.After.Prefs
	if p["phone"] != "*************" || p["card"] != sanitize.Redacted || p["n"] != 5.0 {
		t.Errorf("prefs = %v, want the phone masked and the card dropped as strings, n kept", p)
	}
	if email, _ := p["email"].(string); !strings.HasPrefix(email, "psn_") {
		t.Errorf("prefs.email = %v, want a pseudonym", p["email"])
	}
	if r := env.After.Refs; len(r) != 2 || r[0] != sanitize.Redacted || r[1] != 7.0 {
		t.Errorf("refs = %v, want the card dropped as a string, 7 kept", r)
	}
	// masked whole (the column's name says what all of it is)
	if p := env.After.Phones; len(p) != 2 || p[0] != "*************" || p[1] != "*************" {
		t.Errorf("phones = %v, want two masked strings", p)
	}
}

// A token inside a nested value is of the text its JSON string holds, not
// of its escapes: detokenized it gives the value back (an address over
// two lines, not over a backslash and an "n"), and it is the token the
// same value gets in a text column, as tokens promise (joins work).
func TestEngineTokenInNestedValueIsOfItsText(t *testing.T) {
	det, _ := sanitize.NewDetokenizer(bytes.Repeat([]byte{8}, 32)) // newTestEngine's token key
	e, _ := newPolicyEngine(t, "version: t\ndefaults: {\"*\": tokenize}\n")
	const addr = `Goethestraße 5\n10115 Berlin` // a line break, escaped in the record's JSON
	v := `{"op":"c","table":"people","after":{"id":1,"prefs":{"note":"Anschrift: ` + addr + `"},"note":"Anschrift: ` + addr + `"}}`
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.people", 0, `{"id":1}`, v)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	o := valuesOn(out, "lethe.sanitized.people")
	if len(o) != 1 {
		t.Fatalf("%d sanitized records, want 1", len(o))
	}
	var env struct {
		After struct {
			Prefs struct{ Note string }
			Note  string
		}
	}
	if err := json.Unmarshal([]byte(o[0]), &env); err != nil {
		t.Fatalf("%v\n%s", err, o[0])
	}
	nested, plain := strings.TrimPrefix(env.After.Prefs.Note, "Anschrift: "), strings.TrimPrefix(env.After.Note, "Anschrift: ")
	if !strings.HasPrefix(nested, "tok_") || !strings.HasPrefix(plain, "tok_") {
		t.Fatalf("the address is not tokenized whole: %s", o[0])
	}
	if got, err := det.Detokenize(nested); err != nil || got != "Goethestraße 5\n10115 Berlin" {
		t.Errorf("the nested token gives %q (%v), want the address over two lines", got, err)
	}
	if nested != plain {
		t.Error("one address got two tokens, in a nested value and in a text column")
	}
}

// A key-value table (custom fields) names what each value holds in the
// row's label: the value is read as a column of that name would be, and
// the label, schema, is not read as data (a review found the values raw
// and the label "religion" replaced).
func TestEngineKeyValueRows(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	var in []Message
	for k, row := range []Row{{"id": 1, "kunde_id": 7, "feld": "nachname", "wert": "Wijnaldum"},
		{"id": 2, "kunde_id": 7, "feld": "religion", "wert": "katholisch"}, {"id": 3, "kunde_id": 7, "feld": "farbe", "wert": "rot"},
		{"id": 4, "kunde_id": 7, "feld": "telefon", "wert": "501 234 567"}, {"id": 5, "kunde_id": 7, "feld": "Date of birth", "wert": "12/03/1975"},
		{"id": 6, "kunde_id": 7, "feld": "email", "wert": "opt-in"}} {
		in = append(in, createIn("crm.public.zusatzfelder", "public", "zusatzfelder", int64(k+1), row))
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	values := valuesOn(out, "lethe.sanitized.zusatzfelder")
	all := strings.Join(values, "\n")
	if len(values) != 6 {
		t.Fatalf("%d sanitized records, want 6", len(values))
	}
	for _, raw := range []string{"Wijnaldum", "katholisch", "501 234 567", "12/03/1975"} {
		if strings.Contains(all, raw) {
			t.Errorf("%q went out raw:\n%s", raw, all)
		}
	}
	for _, kept := range []string{`"feld":"nachname"`, `"wert":"rot"`, `"wert":"opt-in"`} {
		if !strings.Contains(all, kept) {
			t.Errorf("%s not kept:\n%s", kept, all)
		}
	}
	// The first label column that names a person's field counts.
	out, err = e.Handle(context.Background(), []Message{createIn("crm.public.cf_values", "public", "cf_values", 1,
		Row{"id": 1, "contact_id": 7, "key": "field_17", "label": "Nachname", "value": "Wijnaldum"})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Topic == "lethe.sanitized.cf_values" && strings.Contains(string(o.Value), "Wijnaldum") {
			t.Errorf("went out raw: %s", o.Value)
		}
	}
	// An audit or owner column points at no one whose fields these are: a
	// product's attributes stay (a review).
	out, err = e.Handle(context.Background(), []Message{
		createIn("crm.public.product_attributes", "public", "product_attributes", 1,
			Row{"id": 1, "product_id": 3, "created_by_user_id": 9, "attribute": "Geschlecht", "value": "Herren"}),
		createIn("crm.public.product_attributes", "public", "product_attributes", 2,
			Row{"id": 2, "product_id": 3, "created_by_user_id": 9, "attribute": "Stadt", "value": "Berlin"})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Topic == "lethe.sanitized.product_attributes" && !strings.Contains(string(o.Value), `"value":"Herren"`) &&
			!strings.Contains(string(o.Value), `"value":"Berlin"`) {
			t.Errorf("a product's attribute replaced: %s", o.Value)
		}
	}
	// Settings and translations are key-value tables too, of no one's
	// data (no column points at a person), and a label alone makes no
	// value personal (a review of the first versions).
	in = in[:0]
	for k, row := range []Row{{"id": 1, "key": "mail_template", "value": "Willkommen bei Acme"},
		{"id": 2, "key": "gender_options", "value": "m,w,d"}, {"id": 3, "key": "default_city", "value": "Berlin"},
		{"id": 4, "key": "Strasser", "value": "Kontakt"}, {"id": 5, "key": "city", "value": "Berlin"},
		{"id": 6, "key": "email", "value": "E-Mail-Adresse"}} {
		in = append(in, createIn("crm.public.settings", "public", "settings", int64(k+1), row))
	}
	out, err = e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	all = strings.Join(valuesOn(out, "lethe.sanitized.settings"), "\n")
	for _, kept := range []string{`"value":"Willkommen bei Acme"`, `"value":"m,w,d"`, `"value":"Berlin"`, `"value":"Kontakt"`,
		`"key":"city","value":"Berlin"`, `"value":"E-Mail-Adresse"`} {
		if !strings.Contains(all, kept) {
			t.Errorf("%s not kept:\n%s", kept, all)
		}
	}
}

// An update whose before and after both carry the placeholder: the after's
// is not a value either.
func TestEngineUnavailableTwinsNotCounted(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	create := `{"op":"c","table":"customers","ts_ms":1700000000000,"after":{"customer_id":42,"email":"` + plantedEmail + `"}}`
	upd := `{"op":"u","table":"customers","ts_ms":1700000000001,"before":{"customer_id":42,"email":"` + UnavailableValue +
		`"},"after":{"customer_id":42,"email":"` + UnavailableValue + `"}}`
	out, err := e.Handle(context.Background(), []Message{
		msg("crm.public.customers", 0, `{"customer_id":42}`, create),
		msg("crm.public.customers", 1, `{"customer_id":42}`, upd),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int64{}
	for _, rec := range mapRecordsIn(t, out, "") {
		seen[rec.Entry.Column] = rec.Entry.Seen
	}
	if seen["email"] != 1 {
		t.Errorf("email seen %d, want 1 (the placeholders are not values)", seen["email"])
	}
}

// Debezium writes an unchanged TOASTed text[] as ["__debezium_unavailable_value"]
// (an int[] as the placeholder's bytes): passed on as it came, as the
// scalar placeholder is (a review saw it masked).
func TestEngineUnavailableArrayPassesThrough(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: x\ncolumns: {customers.emails: {category: user.contact.email}}\n")
	create := `{"op":"c","table":"customers","ts_ms":1700000000000,"after":{"customer_id":42,"emails":["` + plantedEmail + `"]}}`
	upd := `{"op":"u","table":"customers","ts_ms":1700000000001,"after":{"customer_id":42,"emails":["` + UnavailableValue + `"]}}`
	out, err := e.Handle(context.Background(), []Message{
		msg("crm.public.customers", 0, `{"customer_id":42}`, create),
		msg("crm.public.customers", 1, `{"customer_id":42}`, upd),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, o := range out {
		if header(o, HeaderInput) == "crm.public.customers/0/1" && strings.HasPrefix(o.Topic, "lethe.sanitized.") {
			checked++
			var env struct{ After map[string]any }
			if err := json.Unmarshal(o.Value, &env); err != nil {
				t.Fatal(err)
			}
			if a, ok := env.After["emails"].([]any); !ok || len(a) != 1 || a[0] != UnavailableValue {
				t.Errorf("%s: emails went out as %v, want Debezium's placeholder list as it came", o.Topic, env.After["emails"])
			}
		}
	}
	if checked == 0 {
		t.Fatal("no sanitized record of the update")
	}
}

// A delete whose before image has the placeholder in its subject key gets no
// subject, as a null one: a pseudonym of the placeholder would be one key
// for every such row, and no record carries it.
func TestEngineUnavailableSubjectKeyNoSubject(t *testing.T) {
	e, _ := newPolicyEngine(t, "version: x\nsubject_keys: {accounts: email}\ncolumns: {accounts.email: {category: user.contact.email}}\ndefaults: {user.contact.email: pseudonymize}\n")
	del1 := `{"op":"d","table":"accounts","ts_ms":1700000000001,"before":{"id":1,"email":"` + UnavailableValue + `"}}`
	del2 := `{"op":"d","table":"accounts","ts_ms":1700000000002,"before":{"id":2,"email":"` + UnavailableValue + `"}}`
	out, err := e.Handle(context.Background(), []Message{
		msg("crm.public.accounts", 0, `{"id":1}`, del1),
		msg("crm.public.accounts", 1, `{"id":2}`, del2),
	}, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		if o.Topic == DefaultTopics.Commands {
			var cmd struct{ Subject string }
			if err := json.Unmarshal(o.Value, &cmd); err != nil {
				t.Fatal(err)
			}
			if cmd.Subject != "" {
				t.Errorf("ERASE for %s has subject %q (a pseudonym of the placeholder, the same for every row); want none", header(o, HeaderInput), cmd.Subject)
			}
		}
	}
}

// A delete under PostgreSQL's REPLICA IDENTITY DEFAULT sends only the key's
// columns, and Debezium fills each NOT NULL column it was not sent with its
// type's stand-in (0, "", false). A subject key outside the record key then
// reads 0 in every such delete: its pseudonym would name one subject for
// every row, no record carries it, and a holder keeping data by subject
// would erase that subject's copies and keep the real one's. It names no
// subject, as a null one does; a 0 in the key itself is a real value.
func TestEngineKeyOnlyBeforeImageNoSubject(t *testing.T) {
	for _, tc := range []struct {
		name, key, before string
		subject           bool
	}{
		{"key-only image, integer stand-in", `{"order_id":145}`, `{"order_id":145,"customer_id":0,"order_no":"","total_cents":0}`, false},
		// decimal.handling.mode=string, as the README advises for schemaless
		// JSON: Debezium 3.6 writes a NUMERIC's stand-in as its zero's text
		{"key-only image, decimal stand-in as text", `{"order_id":146}`, `{"order_id":146,"customer_id":"0.00","order_no":"","total_cents":"0"}`, false},
		{"full image", `{"order_id":147}`, `{"order_id":147,"customer_id":42,"order_no":"ORD-1","total_cents":1999}`, true},
		{"zero in the key", `{"customer_id":0}`, `{"customer_id":0,"total_cents":0}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := policy.Parse(strings.NewReader("version: x\ndefault_subject_key: customer_id\n"))
			if err != nil {
				t.Fatal(err)
			}
			e := newTestEngine(t, int64Decoder{}, func(c *EngineConfig) { c.Policy, c.DataMap = p, NewTracker(p) })
			out, err := e.Handle(context.Background(), []Message{msg("crm.public.orders", 0, tc.key,
				`{"op":"d","table":"orders","ts_ms":1700000000001,"before":`+tc.before+`}`)}, nil)
			if err != nil {
				t.Fatal(err)
			}
			n := 0
			for _, o := range out {
				if o.Topic != DefaultTopics.Commands {
					continue
				}
				n++
				var cmd struct {
					Subject   string
					RecordKey string `json:"record_key"`
				}
				if err := json.Unmarshal(o.Value, &cmd); err != nil {
					t.Fatal(err)
				}
				if got := cmd.Subject != ""; got != tc.subject {
					t.Errorf("ERASE subject %q, want one: %t", cmd.Subject, tc.subject)
				}
				if string(o.Key) != cmd.Subject {
					t.Errorf("command key %q, subject %q", o.Key, cmd.Subject)
				}
				if cmd.RecordKey == "" {
					t.Error("ERASE without its record_key")
				}
			}
			if n != 1 {
				t.Fatalf("%d commands, want one ERASE", n)
			}
		})
	}
}

// A command's deadline is one month (Art. 12(3)) as Regulation 1182/71
// counts it, not 30 days, which ran past it from 30 January to the end of
// February (a review); an ErasureDeadline set counts as it is.
func TestCommandDeadline(t *testing.T) {
	day := func(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 8, 30, 0, 0, time.UTC) }
	for _, c := range []struct{ at, want time.Time }{
		{day(2027, 2, 1), day(2027, 3, 1)},
		{day(2027, 1, 30), day(2027, 2, 28)},
		{day(2027, 1, 31), day(2027, 2, 28)},
		{day(2028, 1, 31), day(2028, 2, 29)},
		{day(2027, 3, 31), day(2027, 4, 30)},
		{day(2027, 12, 15), day(2028, 1, 15)},
		{day(2027, 8, 31), day(2027, 9, 30)},
	} {
		if got := (&EngineConfig{}).deadline(c.at); !got.Equal(c.want) {
			t.Errorf("issued %s: deadline %s, want %s", c.at, got, c.want)
		}
	}
	if got := (&EngineConfig{ErasureDeadline: 72 * time.Hour}).deadline(day(2027, 1, 31)); !got.Equal(day(2027, 2, 3)) {
		t.Errorf("ErasureDeadline 72h: %s", got)
	}
}

// A command's id is the same when its input is replayed, so holders can
// de-duplicate, and differs for another input at the same position: a CDC
// topic deleted and made again starts at offset 0 anew (a review saw a new
// ERASE take an old one's id and a holder skip it).
func TestCommandIDNamesTheInput(t *testing.T) {
	erase := func(m Message) Command {
		t.Helper()
		out, err := newTestEngine(t, fakeDecoder{}).Handle(context.Background(), []Message{m}, nil)
		if err != nil {
			t.Fatal(err)
		}
		erases := commandsOf(out, CmdErase)
		if len(erases) != 1 {
			t.Fatalf("%d ERASEs for %s, want 1", len(erases), m.Position())
		}
		return erases[0]
	}
	del := func(id string) string {
		return `{"op":"d","table":"customers","ts_ms":1700000000002,"before":{"customer_id":` + id + `,"plan":"basic"}}`
	}
	first := erase(msg("crm.public.customers", 7, `{"customer_id":5}`, del("5")))
	if again := erase(msg("crm.public.customers", 7, `{"customer_id":5}`, del("5"))); again.ID != first.ID {
		t.Errorf("replayed input: id %s, first %s", again.ID, first.ID)
	}
	recreated := msg("crm.public.customers", 7, `{"customer_id":120}`, del("120"))
	recreated.Timestamp = recreated.Timestamp.Add(time.Hour)
	if other := erase(recreated); other.ID == first.ID {
		t.Errorf("another input at the same position took the id %s", other.ID)
	}
	// An empty subject key names no subject (a review saw "" given the
	// pseudonym " " has); a blank one is still a value, as its records
	// carry it.
	if c := erase(msg("crm.public.customers", 8, `{"customer_id":""}`, del(`""`))); c.Subject != "" {
		t.Errorf("empty subject key: subject %q, want none", c.Subject)
	}
	if c := erase(msg("crm.public.customers", 9, `{"customer_id":"C-1001"}`, del(`"C-1001"`))); !strings.HasPrefix(c.Subject, "psn_") {
		t.Errorf("subject key C-1001: subject %q, want a pseudonym", c.Subject)
	}
}

// A REDACT's id is the same for the same inputs replayed, also when the
// batches end elsewhere, and differs for other inputs at the same positions
// (a topic made again, a source without an LSN): a review saw the second
// REDACT skipped as applied, and then its id change with where a batch
// ended.
func TestRedactIDNamesTheInputs(t *testing.T) {
	// redact runs inputs 0..end-1, a second apart from at, in two batches
	// split at 300; 300..339 hold a phone number, the others none.
	redact := func(at time.Time, end int) Command {
		t.Helper()
		e := newTestEngine(t, fakeDecoder{})
		var found []Command
		for _, b := range [][2]int{{0, 300}, {300, end}} {
			var batch []Message
			for i := b[0]; i < b[1]; i++ {
				notes := "Lieferung pünktlich, Kunde zufrieden."
				if i >= 300 && i < 340 {
					notes = "Rückruf unter " + plantedPhone + " erbeten."
				}
				ts := at.Add(time.Duration(i) * time.Second)
				v, _ := json.Marshal(fakeEvent{Op: "c", Table: "tickets", TsMs: ts.UnixMilli(), After: Row{"ticket_id": i, "notes": notes}})
				m := msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, string(v))
				m.Timestamp = ts
				batch = append(batch, m)
			}
			out, err := e.Handle(context.Background(), batch, nil)
			if err != nil {
				t.Fatal(err)
			}
			found = append(found, commandsOf(out, CmdRedact)...)
		}
		if len(found) != 1 {
			t.Fatalf("%d REDACTs, want 1", len(found))
		}
		return found[0]
	}
	at := time.Date(2026, 8, 1, 9, 0, 0, 0, time.UTC)
	first := redact(at, 340)
	if first.Source.Offset != 339 {
		t.Fatalf("REDACT from offset %d, want 339", first.Source.Offset)
	}
	if again := redact(at, 340); again.ID != first.ID {
		t.Errorf("replayed inputs: REDACT id %s, first %s", again.ID, first.ID)
	}
	if longer := redact(at, 400); longer.ID != first.ID || longer.Source.Offset != 339 {
		t.Errorf("a batch ending later: REDACT id %s from offset %d, first %s", longer.ID, longer.Source.Offset, first.ID)
	}
	if later := redact(at.AddDate(0, 3, 0), 340); later.ID == first.ID {
		t.Errorf("other inputs at the same positions took the REDACT id %s", later.ID)
	}
}

// commandsOf are the commands of type typ among out.
func commandsOf(out []Output, typ CommandType) []Command {
	var cmds []Command
	for _, o := range out {
		var c Command
		if o.Topic == DefaultTopics.Commands && json.Unmarshal(o.Value, &c) == nil && c.Type == typ {
			cmds = append(cmds, c)
		}
	}
	return cmds
}

// A boolean column a column rule covers (a health or criminal record
// flag) is written as the rule says, and counted personal; one no rule
// names stays as it is (a review found the flags raw).
func TestEngineFlagColumnRules(t *testing.T) {
	e, _ := newPolicyEngine(t, `version: flags
defaults: {"*": mask, user.health_and_medical: drop}
recipients: {default: {}}
columns:
  customers.hiv_positive: {category: user.health_and_medical}
  customers.has_record: {action: drop}
  customers.vip: {category: user.contact, action: pseudonymize}
`)
	out, err := e.Handle(context.Background(), []Message{createIn("crm.public.customers", "public", "customers", 1,
		Row{"customer_id": 1, "hiv_positive": true, "has_record": false, "vip": true, "active": true})}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var got string
	for _, o := range out {
		if o.Topic == "lethe.sanitized.customers" {
			got = string(o.Value)
		}
	}
	for _, want := range []string{`"hiv_positive":null`, `"has_record":null`, `"vip":"*****"`, `"active":true`} {
		if !strings.Contains(got, want) {
			t.Errorf("sanitized record lacks %s:\n%s", want, got)
		}
	}
}

// A key-value row's label is schema only when it is nothing but a label:
// PersonLabel reads its letters alone, so a label cell that also holds a
// number ("Telefon +49 151 23456789", a custom field's value typed into
// its label) was taken for the label "telefon", left unscanned and went
// out raw (a leak hunt). Such a cell is read as data; a plain label, or
// one with an ordinal, stays.
func TestEngineKeyValueLabelHoldingData(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	var in []Message
	for k, row := range []Row{
		{"id": 1, "kunde_id": 7, "feld": "Telefon +49 151 23456789", "wert": "privat"},
		{"id": 2, "customer_id": 7, "key": "phone 4111111111111111", "value": "x"},
		{"id": 3, "contact_id": 7, "name": "mobile: +49 151 23456789", "value": ""},
		{"id": 4, "kunde_id": 7, "feld": "Nachname", "wert": "rot"},
		{"id": 5, "kunde_id": 7, "feld": "Telefon 2", "wert": "rot"},
	} {
		in = append(in, createIn("crm.public.zusatzfelder", "public", "zusatzfelder", int64(k+1), row))
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range out {
		for _, raw := range []string{"23456789", "4111111111111111"} {
			if bytes.Contains(o.Key, []byte(raw)) || bytes.Contains(o.Value, []byte(raw)) {
				t.Errorf("%q went out raw on %s: %s", raw, o.Topic, o.Value)
			}
		}
	}
	all := strings.Join(valuesOn(out, "lethe.sanitized.zusatzfelder"), "\n")
	for _, kept := range []string{`"feld":"Nachname"`, `"feld":"Telefon 2"`} {
		if !strings.Contains(all, kept) {
			t.Errorf("a plain label was replaced (%s):\n%s", kept, all)
		}
	}
}

// Debezium writes a primary-key change as a delete of the old key, marked
// with a __debezium.newkey header, and a create of the new one: the row
// lives on, so its ERASE says the key changed (holders still delete the old
// key's copy: the new key's create brings it back), not that it was deleted.
func TestEngineKeyChangeErase(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{})
	del := `{"op":"d","table":"customers","ts_ms":1700000000002,"before":{"customer_id":42,"email":"` + plantedEmail + `"}}`
	moved := msg("crm.public.customers", 0, `{"customer_id":42}`, del)
	moved.Headers = []Header{{Key: "__debezium.newkey", Value: []byte(`{"customer_id":43}`)}}
	deleted := msg("crm.public.customers", 1, `{"customer_id":44}`, strings.Replace(del, "42", "44", 1))
	deleted.Headers = []Header{{Key: "__debezium.oldkey", Value: []byte(`{"customer_id":41}`)}} // of its create: no key change here
	out, err := e.Handle(context.Background(), []Message{moved, deleted}, nil)
	if err != nil {
		t.Fatal(err)
	}
	erases := commandsOf(out, CmdErase)
	if len(erases) != 2 {
		t.Fatalf("erases = %d, want 2", len(erases))
	}
	for i, want := range []string{"crm_key_change", "crm_delete"} {
		if c := erases[i]; c.Reason != want || c.RecordKey == "" || c.Subject == "" {
			t.Errorf("erase %d: reason %q record_key %q subject %q, want reason %q with the old key and subject", i, c.Reason, c.RecordKey, c.Subject, want)
		}
	}
}

// sanitizedCustomer runs value, a create of customer 1, through e and
// returns its sanitized record.
func sanitizedCustomer(t *testing.T, e *Engine, value string) (env struct{ After map[string]any }) {
	t.Helper()
	out, err := e.Handle(context.Background(), []Message{msg("crm.public.customers", 0, `{"id":1}`, value)}, nil)
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out[0].Value, &env); err != nil {
		t.Fatal(err)
	}
	return env
}

// TestLastTextWritesDecimal: a lane writes the source block's numbers
// through lastText, which must write each as strconv does, whether it was
// the number before or not (zero first among them: the empty memo holds
// it).
func TestLastTextWritesDecimal(t *testing.T) {
	var n lastText[int64]
	for _, v := range []int64{0, 0, 7, 7, 1710403201000, 1710403201000, -42, 10501, 0, math.MaxInt64, math.MinInt64} {
		if got, want := string(n.append([]byte("x:"), v, appendDecimal)), "x:"+strconv.FormatInt(v, 10); got != want {
			t.Errorf("append(%d) = %q, want %q", v, got, want)
		}
	}
}

// TestSortNotesStable: sortNotes orders notes by column as a stable sort
// does, short lists and long, with a column's before and after notes in
// the order they came.
func TestSortNotesStable(t *testing.T) {
	cols := []string{"name", "email", "a", "zip", "email", "b", "name", "ä", "A", ""}
	for _, n := range []int{0, 1, 2, 5, 10, 20, 21, 45} {
		var notes []fieldNote
		for i := range n {
			notes = append(notes, fieldNote{col: cols[(i*7)%len(cols)], note: strconv.Itoa(i)})
		}
		want := slices.Clone(notes)
		slices.SortStableFunc(want, func(a, b fieldNote) int { return strings.Compare(a.col, b.col) })
		sortNotes(notes)
		for i := range notes {
			if notes[i].col != want[i].col || notes[i].note != want[i].note {
				t.Fatalf("%d notes: sorted %v, want %v", n, notes, want)
			}
		}
	}
}
