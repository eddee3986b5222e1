package democrm

import (
	"context"
	"encoding/base64"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/connectors/debezium"
	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumtest"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

func TestDeterministic(t *testing.T) {
	a, b := New(42), New(42)
	c := New(43)
	differs := false
	for i := range 5000 {
		ea, eb, ec := a.Next(), b.Next(), c.Next()
		if !reflect.DeepEqual(ea, eb) {
			t.Fatalf("event %d differs between two generators with the same seed (topic %s vs %s)", i, ea.Topic, eb.Topic)
		}
		if !reflect.DeepEqual(ea.Change, ec.Change) {
			differs = true
		}
	}
	if !differs {
		t.Fatal("seeds 42 and 43 produced the same 5000 events")
	}
}

// Skip leaves a generator where Next would: after skipping k events (in
// the snapshot, at its end, in the stream, with the options the tests use;
// at once, in two skips, or after a few events returned) the events, their
// truth included, are those a generator that returned the first k gives
// next.
func TestSkip(t *testing.T) {
	opts := []Option{WithCanaries("Zyxwvutsrqpo"), WithTruncateEvery(50), WithLogicalMessages(true)}
	ways := map[string]func(g *Generator, k int64){
		"at once":    func(g *Generator, k int64) { g.Skip(k) },
		"in two":     func(g *Generator, k int64) { g.Skip(k / 2); g.Skip(k - k/2) },
		"after Next": func(g *Generator, k int64) { g.Next(); g.Skip(k - 1) },
	}
	for _, k := range []int64{1, 700, 1094, 1095, 1096, 4321} {
		for way, skip := range ways {
			a, b := New(7, opts...), New(7, opts...)
			for range k {
				a.Next()
			}
			skip(b, k)
			for i := range 2000 {
				if ea, eb := a.Next(), b.Next(); !reflect.DeepEqual(ea, eb) {
					t.Fatalf("skipping %d events %s: event %d after them differs (topic %s vs %s)", k, way, i, ea.Topic, eb.Topic)
				}
			}
		}
	}
}

// TestVariety checks that every table, op, locale and snapshot marker shows
// up in the first few thousand events, and that every delete is followed by
// its tombstone.
func TestVariety(t *testing.T) {
	g := New(1, WithTruncateEvery(1000), WithLogicalMessages(true))
	tables := map[string]int{}
	ops := map[pipeline.Op]int{}
	locs := map[string]int{}
	snaps := map[string]int{}
	tombstones := 0
	var prev Event
	sawStream := false
	for i := range 4000 {
		e := g.Next()
		if e.Change.Op == pipeline.OpMessage {
			ops[e.Change.Op]++
			if e.Topic != "crm.message" || e.Change.Key["prefix"] != messagePrefix || e.Change.After["content"] == nil {
				t.Fatalf("event %d: malformed logical decoding message", i)
			}
			prev = e
			continue
		}
		tbl := strings.TrimPrefix(e.Topic, "crm.public.")
		tables[tbl]++
		if e.Change.Op == pipeline.OpTruncate {
			ops[e.Change.Op]++
			if e.Change.Key != nil || e.Change.Before != nil || e.Change.After != nil || tbl != Tickets {
				t.Fatalf("event %d: truncate must be on tickets with no key and no rows", i)
			}
			prev = e
			continue
		}
		if e.Change.Tombstone {
			tombstones++
			if prev.Change.Op != pipeline.OpDelete || prev.Topic != e.Topic || !reflect.DeepEqual(prev.Change.Key, e.Change.Key) {
				t.Fatalf("event %d: tombstone not preceded by the delete of the same key", i)
			}
			if len(e.Truth) != 0 {
				t.Fatalf("event %d: tombstone has truth", i)
			}
		} else {
			ops[e.Change.Op]++
			if e.Change.Source.Table != tbl {
				t.Fatalf("event %d: topic %s but source table %s", i, e.Topic, e.Change.Source.Table)
			}
			if e.Change.Op != pipeline.OpRead {
				sawStream = true
			} else if sawStream {
				t.Fatalf("event %d: snapshot read after streaming began", i)
			}
			snaps[e.Change.Source.Snapshot]++
		}
		if prev.Change.Op == pipeline.OpDelete && !e.Change.Tombstone {
			t.Fatalf("event %d: delete not followed by a tombstone", i)
		}
		if l, ok := e.Change.Image()["locale"].(string); ok {
			locs[l]++
		}
		pk := map[string]string{Customers: "customer_id", Contacts: "contact_id", Addresses: "address_id",
			Orders: "order_id", Tickets: "ticket_id", Consents: "consent_id"}[tbl]
		if _, ok := e.Change.Key[pk].(int64); !ok {
			t.Fatalf("event %d: key has no int64 %s", i, pk)
		}
		prev = e
	}
	for _, tbl := range Tables() {
		if tables[tbl] == 0 {
			t.Errorf("table %s never appears", tbl)
		}
	}
	for _, op := range []pipeline.Op{pipeline.OpRead, pipeline.OpCreate, pipeline.OpUpdate, pipeline.OpDelete,
		pipeline.OpTruncate, pipeline.OpMessage} {
		if ops[op] == 0 {
			t.Errorf("op %s never appears", op)
		}
	}
	if tombstones == 0 || tombstones != ops[pipeline.OpDelete] {
		t.Errorf("%d tombstones for %d deletes", tombstones, ops[pipeline.OpDelete])
	}
	for _, l := range Locales() {
		if locs[l] == 0 {
			t.Errorf("locale %s never appears", l)
		}
	}
	for _, s := range []string{"first", "true", "last", "false"} {
		if snaps[s] == 0 {
			t.Errorf("source.snapshot %q never appears", s)
		}
	}
	if snaps["first"] != 1 || snaps["last"] != 1 {
		t.Errorf("snapshot first/last markers: %d/%d, want 1/1", snaps["first"], snaps["last"])
	}
}

// TestTruthIsInTheEvent checks that every planted value is really in the
// event's images, in the named column, and that the structured PII columns
// are covered.
func TestTruthIsInTheEvent(t *testing.T) {
	g := New(7, WithCanaries("CANARY-7f3a", "CANARY-91bc"))
	cats := map[pii.Category]int{}
	canaries := map[string]int{}
	for i := range 5000 {
		e := g.Next()
		for _, p := range e.Truth {
			found := false
			for _, img := range []pipeline.Row{e.Change.Before, e.Change.After} {
				if s, ok := img[p.Column].(string); ok && strings.Contains(s, p.Value) {
					found = true
				}
			}
			if !found {
				t.Fatalf("event %d: planted %s in %s.%s (%d bytes) is not in the event", i, p.Category, p.Table, p.Column, len(p.Value))
			}
			if p.Table != e.Change.Source.Table {
				t.Fatalf("event %d: truth table %s for an event on %s", i, p.Table, e.Change.Source.Table)
			}
			cats[p.Category]++
			if p.Canary {
				canaries[p.Value]++
			}
		}
		// Every non-empty e-mail and phone column must be in the truth.
		for _, col := range []string{"email", "phone", "telefon_nr", "iban"} {
			s, _ := e.Change.Image()[col].(string)
			if s == "" {
				continue
			}
			in := false
			for _, p := range e.Truth {
				in = in || (p.Column == col && p.Value == s)
			}
			if !in {
				t.Fatalf("event %d: column %s is not in the truth", i, col)
			}
		}
	}
	for _, c := range []pii.Category{pii.Email, pii.Phone, pii.BankAccount, pii.CreditCard, pii.NationalID,
		pii.DateOfBirth, pii.Name, pii.GivenName, pii.FamilyName, pii.Street, pii.PostalCode, pii.City, pii.IPAddress} {
		if cats[c] == 0 {
			t.Errorf("category %s never planted", c)
		}
	}
	if canaries["CANARY-7f3a"] == 0 || canaries["CANARY-91bc"] == 0 {
		t.Errorf("canaries planted %v times", canaries)
	}
}

// TestNotesMentionPII checks that ticket notes carry e-mails, phones, IBANs
// and names inside sentences, alongside order-number distractors.
func TestNotesMentionPII(t *testing.T) {
	g := New(3)
	cats := map[pii.Category]int{}
	orderNos := 0
	for range 3000 {
		e := g.Next()
		if e.Change.Source.Table != Tickets || e.Change.After == nil {
			continue
		}
		notes, _ := e.Change.After["notes"].(string)
		if strings.Contains(notes, "ORD-") {
			orderNos++
		}
		for _, p := range e.Truth {
			if p.Column == "notes" {
				cats[p.Category]++
				if notes == p.Value {
					t.Fatal("a note is nothing but the planted value; PII must sit inside sentences")
				}
			}
		}
	}
	for _, c := range []pii.Category{pii.Email, pii.Phone, pii.BankAccount, pii.Name} {
		if cats[c] == 0 {
			t.Errorf("notes never mention %s", c)
		}
	}
	if orderNos == 0 {
		t.Error("notes never mention order numbers")
	}
}

// TestPlantedIdentifiersAreValid checks every generated IBAN, unmasked card
// number and national ID with its checksum.
func TestPlantedIdentifiersAreValid(t *testing.T) {
	g := New(11)
	counts := map[string]int{}
	for i := range 5000 {
		e := g.Next()
		for _, p := range e.Truth {
			switch p.Category {
			case pii.BankAccount:
				counts["iban"]++
				if !synth.ValidIBAN(p.Value) {
					t.Fatalf("event %d: invalid IBAN of %d chars in %s", i, len(p.Value), p.Column)
				}
			case pii.CreditCard:
				counts["card"]++
				if !synth.ValidCardNumber(p.Value) {
					t.Fatalf("event %d: card number of %d chars fails Luhn", i, len(p.Value))
				}
			case pii.NationalID:
				loc, _ := e.Change.Image()["locale"].(string)
				counts[loc]++
				var ok bool
				switch loc {
				case "de-DE":
					ok = synth.ValidSteuerID(p.Value)
				case "fr-FR":
					ok = synth.ValidNIR(p.Value)
				case "nl-NL":
					ok = synth.ValidBSN(p.Value)
				case "pl-PL":
					ok = synth.ValidPESEL(p.Value)
				case "en-GB":
					ok = synth.ValidNINO(p.Value)
				}
				if !ok {
					t.Fatalf("event %d: invalid national ID for %s", i, loc)
				}
			}
		}
		if s, ok := e.Change.Image()["card_number"].(string); ok && strings.ContainsAny(s, "*X") {
			counts["masked"]++
			if len(s) < 4 || strings.ContainsAny(s[len(s)-4:], "*X") {
				t.Fatalf("event %d: masked card does not keep its last four digits", i)
			}
		}
	}
	for _, k := range []string{"iban", "card", "masked", "de-DE", "fr-FR", "nl-NL", "pl-PL", "en-GB"} {
		if counts[k] == 0 {
			t.Errorf("no %s generated", k)
		}
	}
}

// TestEncodeRoundTrip encodes generated events as Debezium JSON, both ways,
// and decodes them back to the same change.
func TestEncodeRoundTrip(t *testing.T) {
	g := New(5, WithCustomers(20), WithTruncateEvery(300), WithLogicalMessages(true))
	d := debezium.NewDecoder()
	ops := map[pipeline.Op]bool{}
	for i := range 3000 {
		e := g.Next()
		for _, ws := range []bool{true, false} {
			k, v, err := e.Encode(ws)
			if err != nil {
				t.Fatalf("event %d: encode: %v", i, err)
			}
			got, err := d.Decode(context.Background(), e.Topic, k, v)
			if err != nil {
				t.Fatalf("event %d: decode: %v", i, err)
			}
			if !reflect.DeepEqual(got, e.Change) {
				t.Fatalf("event %d (%s %s): round trip differs", i, e.Topic, e.Change.Op)
			}
		}
		ops[e.Change.Op] = true
	}
	if !ops[pipeline.OpTruncate] || !ops[pipeline.OpMessage] {
		t.Fatal("round trip did not cover truncates and messages")
	}
}

// TestAvroRoundTrip sends generated events through the Avro encoder and a
// fake schema registry and decodes them back.
func TestAvroRoundTrip(t *testing.T) {
	_, cl := debeziumtest.Registry(t)
	enc := debeziumenc.NewAvroEncoder(cl)
	d := debezium.NewDecoder(debezium.WithRegistry(cl))
	g := New(6, WithCustomers(5), WithTruncateEvery(100), WithLogicalMessages(true))
	ctx := context.Background()
	for i := range 600 {
		e := g.Next()
		k, v, err := enc.Encode(ctx, e.Topic, e.Change)
		if err != nil {
			t.Fatalf("event %d: encode: %v", i, err)
		}
		got, err := d.Decode(ctx, e.Topic, k, v)
		if err != nil {
			t.Fatalf("event %d: decode: %v", i, err)
		}
		want := e.Change
		if want.Op == pipeline.OpMessage {
			// Avro carries a message's content as bytes, JSON as base64.
			raw, err := base64.StdEncoding.DecodeString(want.After["content"].(string))
			if err != nil {
				t.Fatal(err)
			}
			want.After = pipeline.Row{"prefix": want.After["prefix"], "content": raw}
		}
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("event %d (%s %s): avro round trip differs", i, e.Topic, e.Change.Op)
		}
	}
}

// Topics names every topic the generator's table events go to, with and
// without a prefix: the demo creates exactly these before it feeds them.
func TestTopics(t *testing.T) {
	for _, prefix := range []string{"", "legacy"} {
		topics := Topics(prefix)
		if len(topics) != len(Tables()) {
			t.Fatalf("Topics(%q) = %v, want one per table", prefix, topics)
		}
		var opts []Option
		if prefix != "" {
			opts = append(opts, WithTopicPrefix(prefix))
		}
		g := New(9, opts...)
		seen := map[string]bool{}
		for range 5000 {
			e := g.Next()
			if !slices.Contains(topics, e.Topic) {
				t.Fatalf("event on %s, not in Topics(%q) = %v", e.Topic, prefix, topics)
			}
			seen[e.Topic] = true
		}
		if len(seen) != len(topics) {
			t.Errorf("events on %d of Topics(%q) = %v", len(seen), prefix, topics)
		}
	}
	if got := Topics("")[0]; got != "crm.public.customers" {
		t.Errorf(`Topics("")[0] = %s, want crm.public.customers`, got)
	}
}

func TestOptions(t *testing.T) {
	g := New(9, WithTopicPrefix("legacy"), WithCustomers(3), WithReplicaIdentityFull(false))
	reads := 0
	for range 2000 {
		e := g.Next()
		if !strings.HasPrefix(e.Topic, "legacy.public.") && e.Topic != "legacy.message" || e.Change.Source.Name != "legacy" && !e.Change.Tombstone {
			t.Fatalf("topic prefix not applied: %s", e.Topic)
		}
		switch e.Change.Op {
		case pipeline.OpRead:
			reads++
		case pipeline.OpUpdate:
			if e.Change.Before != nil && !e.Change.Tombstone {
				t.Fatal("updates must have no before image without REPLICA IDENTITY FULL")
			}
		case pipeline.OpDelete:
			if len(e.Change.Before) != 1 {
				t.Fatalf("deletes must carry only the key, have %d columns", len(e.Change.Before))
			}
		}
	}
	if reads < 3 || reads > 3*20 {
		t.Fatalf("%d snapshot reads for 3 customers", reads)
	}
}

func BenchmarkNext(b *testing.B) {
	g := New(1)
	b.ReportAllocs()
	for b.Loop() {
		_ = g.Next()
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "events/s")
}

func BenchmarkNextEncode(b *testing.B) {
	g := New(1)
	b.ReportAllocs()
	for b.Loop() {
		if _, _, err := g.Next().Encode(false); err != nil {
			b.Fatal(err)
		}
	}
}

// TestBoundedPopulation runs a long stream and checks that the tables stay
// near their initial size instead of growing without bound.
func TestBoundedPopulation(t *testing.T) {
	g := New(2, WithCustomers(20))
	for range 100000 {
		g.Next()
	}
	if n := len(g.tables[Customers].live); n > 2*20+1 {
		t.Fatalf("%d customers after 100k events, want at most %d", n, 2*20+1)
	}
	for _, tbl := range Tables() {
		if n := len(g.tables[tbl].live); n > 12*20+1 {
			t.Errorf("table %s has %d rows after 100k events", tbl, n)
		}
	}
	if len(g.noteSpans) > len(g.tables[Tickets].live) {
		t.Errorf("%d note truths kept for %d tickets", len(g.noteSpans), len(g.tables[Tickets].live))
	}
}

// TestEventsOwnTheirRows mutates every event's images, as an in-place
// sanitizer would, and checks the stream is the same as an untouched one.
func TestEventsOwnTheirRows(t *testing.T) {
	a, b := New(4, WithCustomers(10)), New(4, WithCustomers(10))
	for i := range 3000 {
		ea, eb := a.Next(), b.Next()
		if !reflect.DeepEqual(ea.Change, eb.Change) {
			t.Fatalf("event %d differs after earlier events were mutated", i)
		}
		for _, r := range []pipeline.Row{ea.Change.Before, ea.Change.After} {
			for k := range r {
				r[k] = "REDACTED"
			}
		}
	}
}

// TestDefaultsStayOnPublicTopics pins the default stream to the six table
// topics with keys, which consumers such as the worker's feed rely on.
func TestDefaultsStayOnPublicTopics(t *testing.T) {
	g := New(1)
	for i := range 20000 {
		e := g.Next()
		if !strings.HasPrefix(e.Topic, "crm.public.") {
			t.Fatalf("event %d on topic %s by default", i, e.Topic)
		}
		if e.Change.Op == pipeline.OpTruncate || e.Change.Op == pipeline.OpMessage || e.Change.Key == nil {
			t.Fatalf("event %d: op %s by default", i, e.Change.Op)
		}
	}
}

// The delivery note holds no phone number in the first orders, so that
// the data map publishes it as clean first, and then phone numbers the
// truth names and the detectors find, so that a REDACT follows.
func TestDeliveryNote(t *testing.T) {
	g := New(3)
	const customers = 100 // the default
	var phones, notes int
	for i := range 30000 {
		e := g.Next()
		if e.Change.Source.Table != Orders || e.Change.After == nil {
			continue
		}
		note, _ := e.Change.After["delivery_note"].(string)
		id, _ := e.Change.After["order_id"].(int64)
		if note != "" {
			notes++
		}
		var planted string
		for _, p := range e.Truth {
			if p.Column == "delivery_note" {
				planted = p.Value
			}
		}
		if planted == "" {
			continue
		}
		// found at the default policy's min_score, covering the phone
		found := false
		for _, f := range pii.NewScanner().ScanField("delivery_note", note, nil) {
			found = found || f.Category == pii.Phone && f.Score >= 0.5 && note[f.Start:f.End] == planted
		}
		if !found || id <= 10*customers {
			t.Fatalf("event %d: order %d's delivery note with a phone: found %v", i, id, found)
		}
		phones++
	}
	if phones == 0 || notes < 10*phones {
		t.Errorf("%d delivery notes, %d of them with a phone number", notes, phones)
	}
}
