package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/lethe-cdc/lethe/connectors/downstream"
	"github.com/lethe-cdc/lethe/connectors/kafka"
	"github.com/lethe-cdc/lethe/connectors/worker"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/datamap"
)

// crmTables are the captured CRM tables.
var crmTables = []string{"customers", "contacts", "addresses", "orders", "tickets", "consents"}

func crmTopic(table string) string { return "crm.public." + table }

// crmFixture is one in-process lethe worker over Debezium's real CRM topics,
// shared by the tests that need it (it reads the snapshot once).
type crmFixture struct {
	rt  runTopics
	cfg worker.Config
	r   *running
	dir string // holds the worker's log file
	log string // the worker's log file
}

func crmWorker(t *testing.T) *crmFixture {
	t.Helper()
	crmOnce.Do(func() {
		rt := newRunTopics("crm")
		cfg := workerConfig(t, rt, worker.InputsConfig{Regex: `^crm\.public\..*`})
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		start := time.Now()
		dir, err := os.MkdirTemp("", "lethe-e2e-crm-")
		if err != nil {
			crmErr = err
			return
		}
		logPath := filepath.Join(dir, "worker.log")
		r, err := startWorker(ctx, cfg, logPath)
		if err != nil {
			crmErr = err
			return
		}
		t.Logf("lethe worker (group %s) started in %s", cfg.Group, time.Since(start).Round(time.Millisecond))
		crm = &crmFixture{rt: rt, cfg: cfg, r: r, dir: dir, log: logPath}
	})
	if crmErr != nil {
		t.Fatalf("start the CRM worker: %v", crmErr)
	}
	return crm
}

// stop stops the worker and removes its log, unless the run failed: then
// the log stays for whoever reads the failure, and its path is printed.
func (f *crmFixture) stop(failed bool) {
	if err := f.r.stop(); err != nil {
		fmt.Printf("e2e: CRM worker: %v\n", err)
	}
	if failed {
		fmt.Printf("e2e: the CRM worker's log is kept in %s\n", f.log)
		return
	}
	_ = os.RemoveAll(f.dir)
}

// plantedRow is what the test writes to PostgreSQL for one subject.
type plantedRow struct {
	customerID, contactID, addressID, orderID, ticketID int64
	values                                              map[string]string // label -> planted value
}

func newPlanted(r *rand.Rand) plantedRow {
	base := 7_000_000_000 + r.Int64N(1_000_000_000)*10
	iban, iban2 := germanIBAN(r), germanIBAN(r)
	p := plantedRow{customerID: base, contactID: base + 1, addressID: base + 2, orderID: base + 3, ticketID: base + 4,
		values: map[string]string{
			"customers.first_name":  "Wilhelmina",
			"customers.last_name":   "Kowalczyk-Vermeulen",
			"customers.email":       "w.kowalczyk." + runID + "@posteo-mail.de",
			"customers.email.new":   "wilhelmina.k." + runID + "@web-mail.de",
			"customers.phone":       "+49 30 " + digits(r, 7),
			"customers.phone.new":   "+31 6 " + digits(r, 8),
			"customers.national_id": bsn(r),
			"customers.iban":        iban,
			"contacts.full_name":    "Wilhelmina Kowalczyk-Vermeulen",
			"contacts.telefon_nr":   "+49 171 " + digits(r, 7),
			"contacts.email":        "kontakt." + runID + "@kowalczyk-familie.de",
			"addresses.street":      "Beukenlaan " + strconv.Itoa(10+r.IntN(80)),
			"orders.card_number":    luhnCard(r),
			"orders.ip_address":     fmt.Sprintf("198.51.100.%d", 1+r.IntN(250)),
			"tickets.email":         "rueckruf." + runID + "@gmx-mail.de",
			"tickets.phone":         "+49 89 " + digits(r, 7),
			"tickets.iban":          iban2,
		}}
	p.values["customer_id"] = strconv.FormatInt(p.customerID, 10)
	return p
}

// variants adds the spaced and unspaced forms of numbers people write in
// groups, so a leak in either form is caught.
func (p plantedRow) variants() map[string]string {
	out := map[string]string{}
	for k, v := range p.values {
		out[k] = v
		if strings.Contains(k, "iban") || strings.Contains(k, "card") {
			out[k+" (spaced)"] = spaced(v)
		}
		if strings.Contains(k, "phone") || strings.Contains(k, "telefon") {
			out[k+" (digits)"] = strings.ReplaceAll(v, " ", "")
		}
	}
	return out
}

// write runs the inserts, the update and the deletes, each its own transaction.
func (p plantedRow) write(ctx context.Context, t *testing.T) {
	t.Helper()
	conn, err := pgx.Connect(ctx, crmDSN)
	if err != nil {
		t.Fatalf("connect to PostgreSQL as crm: %v", err)
	}
	defer conn.Close(context.Background())
	v := p.values
	note := fmt.Sprintf("Frau %s %s rief am Dienstag an und bittet um Rückruf unter %s oder per Mail an %s. "+
		"Die Erstattung bitte auf IBAN %s überweisen, nicht auf das alte Konto.",
		v["customers.first_name"], v["customers.last_name"], v["tickets.phone"], v["tickets.email"], spaced(v["tickets.iban"]))
	steps := []struct {
		what string
		sql  string
		args []any
	}{
		{"insert customer", `INSERT INTO customers (customer_id, salutation, first_name, last_name, email, phone, geburtsdatum, locale, national_id, iban)
			VALUES ($1, 'Frau', $2, $3, $4, $5, '14.03.1978', 'nl-NL', $6, $7)`,
			[]any{p.customerID, v["customers.first_name"], v["customers.last_name"], v["customers.email"], v["customers.phone"], v["customers.national_id"], v["customers.iban"]}},
		{"insert contact", `INSERT INTO contacts (contact_id, customer_id, full_name, role, telefon_nr, email) VALUES ($1, $2, $3, 'Ehefrau', $4, $5)`,
			[]any{p.contactID, p.customerID, v["contacts.full_name"], v["contacts.telefon_nr"], v["contacts.email"]}},
		{"insert address", `INSERT INTO addresses (address_id, customer_id, street, house_no, postal_code, city, country) VALUES ($1, $2, $3, '', '3011 PT', 'Rotterdam', 'Niederlande')`,
			[]any{p.addressID, p.customerID, v["addresses.street"]}},
		{"insert order", `INSERT INTO orders (order_id, customer_id, order_no, total_cents, currency, card_number, ordered_at, ip_address) VALUES ($1, $2, $3, 12999, 'EUR', $4, now(), $5)`,
			[]any{p.orderID, p.customerID, "ORD-2026-" + runID[:6], v["orders.card_number"], v["orders.ip_address"]}},
		{"insert ticket", `INSERT INTO tickets (ticket_id, customer_id, subject, notes, agent, created_at) VALUES ($1, $2, 'Rückruf Erstattung', $3, 'agent.e2e', now())`,
			[]any{p.ticketID, p.customerID, note}},
		{"update customer", `UPDATE customers SET email = $2, phone = $3, updated_at = now() WHERE customer_id = $1`,
			[]any{p.customerID, v["customers.email.new"], v["customers.phone.new"]}},
		{"delete ticket", `DELETE FROM tickets WHERE ticket_id = $1`, []any{p.ticketID}},
		// Cascades: contacts and addresses deleted, orders.customer_id set null.
		{"delete customer", `DELETE FROM customers WHERE customer_id = $1`, []any{p.customerID}},
	}
	for _, s := range steps {
		tag, err := conn.Exec(ctx, s.sql, s.args...)
		if err != nil {
			t.Fatalf("%s (id %d): %v", s.what, p.customerID, err)
		}
		if tag.RowsAffected() != 1 {
			t.Fatalf("%s (id %d): %d rows affected, want 1", s.what, p.customerID, tag.RowsAffected())
		}
	}
}

// cdcEvent is one Debezium record of the planted rows.
type cdcEvent struct {
	table, op string // op "" for tombstones
	pos       string
	topic     string
	partition int32
	offset    int64
	raw       string // key and value as Debezium wrote them, for the self-check
}

// expectedCDC is, per table, the ops Debezium emits for the planted rows, in order.
var expectedCDC = map[string][]string{
	"customers": {"c", "u", "d", ""},
	"contacts":  {"c", "d", ""},
	"addresses": {"c", "d", ""},
	"orders":    {"c", "u"},
	"tickets":   {"c", "d", ""},
}

// findCDC waits until Debezium has written every expected event of the
// planted rows and returns them.
func (p plantedRow) findCDC(ctx context.Context, t *testing.T) []cdcEvent {
	t.Helper()
	ids := map[string]int64{"customers": p.customerID, "contacts": p.contactID, "addresses": p.addressID, "orders": p.orderID, "tickets": p.ticketID}
	deadline := time.Now().Add(2 * time.Minute)
	pr := progress{t: t}
	for {
		var evs []cdcEvent
		complete := true
		var missing []string
		for table, id := range ids {
			var got []cdcEvent
			err := kafka.ScanTopic(ctx, []string{broker}, crmTopic(table), func(r *kgo.Record) {
				if keyID(r.Key) != id {
					return
				}
				ev := cdcEvent{table: table, topic: r.Topic, partition: r.Partition, offset: r.Offset,
					pos: fmt.Sprintf("%s/%d/%d", r.Topic, r.Partition, r.Offset)}
				if r.Value != nil {
					var v struct {
						Payload struct {
							Op string `json:"op"`
						} `json:"payload"`
					}
					if err := json.Unmarshal(r.Value, &v); err != nil {
						t.Fatalf("Debezium value at %s/%d/%d is not JSON: %v", r.Topic, r.Partition, r.Offset, err)
					}
					ev.op = v.Payload.Op
				}
				ev.raw = string(r.Key) + "\x00" + string(r.Value)
				got = append(got, ev)
			})
			if err != nil {
				t.Fatalf("scan %s: %v", crmTopic(table), err)
			}
			ops := make([]string, len(got))
			for i, e := range got {
				ops[i] = e.op
			}
			if len(got) > len(expectedCDC[table]) {
				t.Fatalf("Debezium wrote %d events for the planted %s row (ops %q), want %q", len(got), table, ops, expectedCDC[table])
			}
			if !slices.Equal(ops, expectedCDC[table]) {
				complete = false
				missing = append(missing, fmt.Sprintf("%s has ops %q of %q", table, ops, expectedCDC[table]))
			}
			evs = append(evs, got...)
		}
		if complete {
			return evs
		}
		if time.Now().After(deadline) {
			t.Fatalf("Debezium did not write the planted rows' events within 2m: %s", strings.Join(missing, "; "))
		}
		pr.printf("waiting for Debezium: %s", strings.Join(missing, "; "))
		time.Sleep(time.Second)
	}
}

// keyID returns the single primary key value of a Debezium JSON key (with
// or without schema), or -1.
func keyID(key []byte) int64 {
	var k struct {
		Payload map[string]json.Number `json:"payload"`
	}
	if json.Unmarshal(key, &k) != nil || len(k.Payload) != 1 {
		return -1
	}
	for _, v := range k.Payload {
		n, err := v.Int64()
		if err != nil {
			return -1
		}
		return n
	}
	return -1
}

// TestDebeziumThroughLethe plants fresh PII in PostgreSQL, lets Debezium
// capture it and lethe sanitize it, and reads lethe's outputs back with kcat
// and with the kafka-go reference subscriber.
func TestDebeziumThroughLethe(t *testing.T) {
	needStack(t)
	f := crmWorker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 8*time.Minute)
	defer cancel()
	adm := admin(t)

	p := newPlanted(rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 7)))
	start := time.Now()
	p.write(ctx, t)
	evs := p.findCDC(ctx, t)
	t.Logf("Debezium wrote the %d events of the planted rows within %s", len(evs), time.Since(start).Round(time.Millisecond))

	want := map[string]map[int32]int64{}
	byPos := map[string]cdcEvent{}
	for _, e := range evs {
		byPos[e.pos] = e
		if want[e.topic] == nil {
			want[e.topic] = map[int32]int64{}
		}
		want[e.topic][e.partition] = max(want[e.topic][e.partition], e.offset+1)
	}
	waitCommitted(ctx, t, adm, f.cfg.Group, want, 3*time.Minute, f.r.failed)
	t.Logf("lethe committed them %s after the first SQL statement", time.Since(start).Round(time.Millisecond))

	planted := p.variants()
	// Self-check: every planted value is in Debezium's raw records, so the
	// leak checks below can fail.
	var raw strings.Builder
	for _, e := range evs {
		raw.WriteString(e.raw)
	}
	for label, v := range p.values {
		if !strings.Contains(raw.String(), v) && !strings.Contains(raw.String(), spaced(v)) {
			t.Fatalf("planted %s is not in Debezium's raw records: the leak check would be vacuous", label)
		}
	}
	names := map[string]string{"customers.first_name": planted["customers.first_name"], "customers.last_name": planted["customers.last_name"], "contacts.full_name": planted["contacts.full_name"]}

	// 1. kcat, read_committed: every sanitized topic, the commands, the dead letters.
	sanitizedOf := map[string][]outRec{} // input position -> sanitized outputs
	keyOf := map[string]string{}         // table -> sanitized key of the planted row
	for _, table := range crmTables {
		topic := f.rt.sanitized(table)
		recs := kcatRead(ctx, t, topic)
		for _, r := range recs {
			text := deref(r.Key) + "\x00" + deref(r.Value)
			if l := leaks(text, planted); len(l) > 0 {
				t.Errorf("sanitized record %s (input %s) contains planted raw values: %v", r.pos(), r.input(), l)
			}
			if _, ours := byPos[r.input()]; !ours {
				continue
			}
			if l := leaks(text, names); len(l) > 0 {
				t.Errorf("sanitized record %s (input %s) contains planted names: %v", r.pos(), r.input(), l)
			}
			sanitizedOf[r.input()] = append(sanitizedOf[r.input()], r)
		}
	}
	for _, e := range evs {
		outs := sanitizedOf[e.pos]
		if len(outs) != 1 {
			t.Errorf("input %s (%s op %q) has %d sanitized outputs, want exactly 1", e.pos, e.table, e.op, len(outs))
			continue
		}
		o := outs[0]
		if o.Topic != f.rt.sanitized(e.table) {
			t.Errorf("input %s (%s) went to %s, want %s", e.pos, e.table, o.Topic, f.rt.sanitized(e.table))
		}
		if (e.op == "") != (o.Value == nil) {
			t.Errorf("input %s: tombstone %v in, tombstone %v out (%s)", e.pos, e.op == "", o.Value == nil, o.pos())
		}
		k := deref(o.Key)
		if prev, ok := keyOf[e.table]; ok && prev != k {
			t.Errorf("sanitized keys of the planted %s row differ between outputs (%s): a key must be stable", e.table, o.pos())
		}
		keyOf[e.table] = k
	}
	checkCustomerEnvelope(t, sanitizedOf, evs)

	cmds := kcatRead(ctx, t, f.rt.commands)
	erases := map[string][]pipeline.Command{} // input position -> commands
	for _, r := range cmds {
		if l := leaks(deref(r.Key)+"\x00"+deref(r.Value), planted); len(l) > 0 {
			t.Errorf("command %s contains planted raw values: %v", r.pos(), l)
		}
		if _, ours := byPos[r.input()]; !ours {
			continue
		}
		var c pipeline.Command
		if err := json.Unmarshal([]byte(deref(r.Value)), &c); err != nil {
			t.Fatalf("command %s is not JSON: %v", r.pos(), err)
		}
		erases[r.input()] = append(erases[r.input()], c)
	}
	nDeletes := 0
	for _, e := range evs {
		// A REDACT is legitimate on any input: a flush attributes a
		// discovery to the column's last input of the batch, which may be
		// the planted row when a column of its partition, published as
		// not personal on 20 values or more, turned personal in that
		// batch (the stack's topics keep the records of earlier runs).
		// ERASE or RESTRICT on a create or update never is.
		var cs []pipeline.Command
		for _, c := range erases[e.pos] {
			if c.Type == pipeline.CmdRedact && c.Table == "public."+e.table {
				t.Logf("input %s (%s op %q): REDACT on discovery of %v", e.pos, e.table, e.op, c.Fields)
				continue
			}
			cs = append(cs, c)
		}
		if e.op != "d" {
			for _, c := range cs {
				t.Errorf("input %s (%s op %q) produced a %s command for %s, want at most a REDACT of its table: %+v", e.pos, e.table, e.op, c.Type, c.Table, c)
			}
			continue
		}
		nDeletes++
		if len(cs) != 1 {
			t.Errorf("DELETE %s (%s) produced %d commands besides REDACTs of its table, want exactly 1 ERASE", e.pos, e.table, len(cs))
			continue
		}
		c := cs[0]
		if c.Type != pipeline.CmdErase {
			t.Errorf("DELETE %s (%s) produced a %s command, want ERASE", e.pos, e.table, c.Type)
		}
		if c.RecordKey != keyOf[e.table] {
			t.Errorf("ERASE for %s (%s): record_key (%d bytes) is not the sanitized key of the row (%d bytes)", e.pos, e.table, len(c.RecordKey), len(keyOf[e.table]))
		}
		if c.Table != "public."+e.table || !slices.Contains(c.Topics, f.rt.sanitized(e.table)) {
			t.Errorf("ERASE for %s: table %q topics %v, want public.%s and %s", e.pos, c.Table, c.Topics, e.table, f.rt.sanitized(e.table))
		}
		if c.Subject == "" || c.Subject == p.values["customer_id"] {
			t.Errorf("ERASE for %s (%s): subject is empty or the raw customer_id, want its pseudonym", e.pos, e.table)
		}
	}
	if nDeletes != 4 {
		t.Errorf("saw %d DELETE events, want 4 (ticket, customer, cascaded contact and address)", nDeletes)
	}
	for _, r := range kcatRead(ctx, t, f.rt.deadletter) {
		if _, ours := byPos[r.input()]; ours {
			t.Errorf("input %s was dead-lettered: %s", r.input(), r.Headers["lethe.reason"])
		}
		if l := leaks(deref(r.Key)+"\x00"+deref(r.Value)+"\x00"+fmt.Sprint(r.Headers), planted); len(l) > 0 {
			t.Errorf("dead letter %s contains planted raw values: %v", r.pos(), l)
		}
	}
	for _, r := range kcatRead(ctx, t, f.rt.datamap) {
		if l := leaks(deref(r.Key)+"\x00"+deref(r.Value), planted); len(l) > 0 {
			t.Errorf("data map record %s contains planted raw values: %v", r.pos(), l)
		}
	}
	if logged, err := os.ReadFile(f.log); err != nil {
		t.Errorf("read the worker's log: %v", err)
	} else if l := leaks(string(logged), planted); len(l) > 0 {
		t.Errorf("the worker's log (%s) contains planted raw values: %v", f.log, l)
	}

	// 2. The kafka-go reference subscriber.
	for table, wantPresent := range map[string]bool{"customers": false, "contacts": false, "addresses": false, "tickets": false, "orders": true} {
		m, err := downstream.NewMirror(downstream.Config{Brokers: []string{broker}, Topic: f.rt.sanitized(table), Commands: f.rt.commands})
		if err != nil {
			t.Fatal(err)
		}
		if err := m.CatchUp(ctx); err != nil {
			t.Fatalf("kafka-go mirror of %s: %v", f.rt.sanitized(table), err)
		}
		rec, present := m.Get(keyOf[table])
		if present != wantPresent {
			t.Errorf("kafka-go mirror of %s: planted row present=%v, want %v (%d records, stats %+v)", f.rt.sanitized(table), present, wantPresent, m.Len(), m.Stats())
		}
		if present {
			if l := leaks(string(rec.Value), planted); len(l) > 0 {
				t.Errorf("kafka-go mirror of %s holds planted raw values: %v", f.rt.sanitized(table), l)
			}
			if e, ok := byPos[rec.Input]; !ok || e.op != "u" {
				t.Errorf("kafka-go mirror of %s: planted row comes from input %s, want the cascaded update", f.rt.sanitized(table), rec.Input)
			}
		}
		t.Logf("kafka-go mirror of %s: %d records, stats %+v", f.rt.sanitized(table), m.Len(), m.Stats())
	}
}

// checkCustomerEnvelope looks into the sanitized insert of the customer: the
// envelope is Debezium's, and the lethe block says what was done to which
// column.
func checkCustomerEnvelope(t *testing.T, sanitizedOf map[string][]outRec, evs []cdcEvent) {
	t.Helper()
	for _, e := range evs {
		if e.table != "customers" || e.op != "c" || len(sanitizedOf[e.pos]) != 1 {
			continue
		}
		o := sanitizedOf[e.pos][0]
		var env struct {
			Before map[string]any `json:"before"`
			After  map[string]any `json:"after"`
			Op     string         `json:"op"`
			Lethe  struct {
				Policy string            `json:"policy"`
				Fields map[string]string `json:"fields"`
			} `json:"lethe"`
		}
		if err := json.Unmarshal([]byte(deref(o.Value)), &env); err != nil {
			t.Fatalf("sanitized %s is not JSON: %v", o.pos(), err)
		}
		if env.Op != "c" || env.After == nil || env.Before != nil {
			t.Errorf("sanitized insert %s: op %q, after %v, before %v; want a create envelope", o.pos(), env.Op, env.After != nil, env.Before != nil)
		}
		for _, col := range []string{"first_name", "last_name", "email", "phone", "geburtsdatum", "national_id", "iban", "customer_id"} {
			if env.Lethe.Fields[col] == "" {
				t.Errorf("sanitized insert %s: the lethe block does not say what was done to %s (fields noted: %v)", o.pos(), col, sortedKeys(env.Lethe.Fields))
			}
		}
		t.Logf("customer insert %s sanitized: %v", o.pos(), env.Lethe.Fields)
		return
	}
	t.Errorf("no sanitized customer insert to inspect")
}

func sortedKeys[V any](m map[string]V) []string {
	ks := make([]string, 0, len(m))
	for k := range m {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	return ks
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// wantPersonal is the sample CRM's personal columns with the prefix their
// leading fideslang category must have.
var wantPersonal = map[string]string{
	"public.customers.first_name":   "user.name",
	"public.customers.last_name":    "user.name",
	"public.customers.email":        "user.contact.email",
	"public.customers.phone":        "user.contact.phone_number",
	"public.customers.geburtsdatum": "user.demographic.date_of_birth",
	"public.customers.national_id":  "user.government_id",
	"public.customers.iban":         "user.financial.bank_account",
	"public.contacts.full_name":     "user.name",
	"public.contacts.telefon_nr":    "user.contact.phone_number",
	"public.contacts.email":         "user.contact.email",
	"public.addresses.street":       "user.contact.address.street",
	"public.addresses.postal_code":  "user.contact.address.postal_code",
	"public.addresses.city":         "user.contact.address.city",
	"public.orders.card_number":     "user.financial.credit_card",
	"public.orders.ip_address":      "user.device.ip_address",
	"public.tickets.notes":          "user.",
}

// wantNotPersonal are columns that look like data but are not personal.
var wantNotPersonal = []string{
	"public.orders.order_no", "public.orders.total_cents", "public.orders.currency",
	"public.consents.purpose", "public.consents.granted",
}

// checkDataMap asserts the sample CRM's columns in a data map.
func checkDataMap(t *testing.T, what string, entries []datamap.Entry) {
	t.Helper()
	by := map[string]datamap.Entry{}
	for _, e := range entries {
		by[e.Table+"."+e.Column] = e
	}
	for col, prefix := range wantPersonal {
		e, ok := by[col]
		switch {
		case !ok:
			t.Errorf("%s: column %s missing", what, col)
		case !e.Personal || len(e.Categories) == 0:
			t.Errorf("%s: column %s not personal (categories %v, %d of %d values with PII)", what, col, e.Categories, e.WithPII, e.NonNull)
		case !strings.HasPrefix(e.Categories[0], prefix):
			t.Errorf("%s: column %s leads with %s, want %s*", what, col, e.Categories[0], prefix)
		}
	}
	for _, col := range wantNotPersonal {
		e, ok := by[col]
		switch {
		case !ok:
			t.Errorf("%s: column %s missing", what, col)
		case e.Personal:
			t.Errorf("%s: column %s reported personal (%v, reasons %v)", what, col, e.Categories, e.Reasons)
		}
	}
}

// TestDataMapOfTheCRM checks lethe's stream data map after the snapshot:
// merged from the data map topic, and as `lethe inventory` prints it.
func TestDataMapOfTheCRM(t *testing.T) {
	needStack(t)
	f := crmWorker(t)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	adm := admin(t)
	topics := make([]string, len(crmTables))
	for i, tb := range crmTables {
		topics[i] = crmTopic(tb)
	}
	waitCommitted(ctx, t, adm, f.cfg.Group, endOffsets(ctx, t, adm, topics...), 4*time.Minute, f.r.failed)

	recs, _, err := kafka.ReadTable(ctx, []string{broker}, f.rt.datamap, pipeline.NewerMapRecord)
	if err != nil {
		t.Fatalf("read data map %s: %v", f.rt.datamap, err)
	}
	entries, skipped := pipeline.MergeRecords(recs)
	if len(skipped) > 0 {
		t.Fatalf("merge data map %s: records %q could not be read", f.rt.datamap, skipped)
	}
	t.Logf("data map %s: %d records, %d columns", f.rt.datamap, len(recs), len(entries))
	checkDataMap(t, "stream data map", entries)

	out, err := exec.CommandContext(ctx, lethe(t), "inventory", "--brokers", broker, "--topic", f.rt.datamap, "--format", "json").Output()
	if err != nil {
		t.Fatalf("lethe inventory: %v", err)
	}
	var inv []datamap.Entry
	if err := json.Unmarshal(out, &inv); err != nil {
		t.Fatalf("lethe inventory printed %d bytes that are not a JSON data map: %v", len(out), err)
	}
	checkDataMap(t, "lethe inventory", inv)
	if len(inv) != len(entries) {
		t.Errorf("lethe inventory lists %d columns, the merged topic %d", len(inv), len(entries))
	}
}
