package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

func TestFindMemo(t *testing.T) {
	m := newFindMemo()
	email, notes := m.columnFP("email"), m.columnFP("notes")
	found := []pii.Finding{{Category: "user.contact.email", End: 12, Score: 0.9, Detector: "email"}}

	fp := m.key(email, "", "jan@example.pl")
	if _, ok := m.appendFound(nil, fp); ok {
		t.Fatal("an empty memo remembers a value")
	}
	m.put(fp, found)
	found[0].End = 99 // the memo keeps a copy
	got, ok := m.appendFound([]pii.Finding{{Detector: "before"}}, fp)
	if !ok || len(got) != 2 || got[0].Detector != "before" || got[1].Category != "user.contact.email" || got[1].End != 12 || got[1].Score != 0.9 {
		t.Fatalf("remembered value: %+v, %v", got, ok)
	}
	for name, other := range map[string][2]uint64{
		"another column":  m.key(notes, "", "jan@example.pl"),
		"a label":         m.key(email, "nachname", "jan@example.pl"),
		"another value":   m.key(email, "", "jan@example.de"),
		"label for value": m.key(email, "jan@example.pl", ""),
	} {
		if other == fp {
			t.Errorf("%s: same fingerprint", name)
		}
		if _, ok := m.appendFound(nil, other); ok {
			t.Errorf("%s: remembered", name)
		}
	}
	if m.key(email, "nachname", "x") == m.key(email, "x", "nachname") {
		t.Error("label and value change places: same fingerprint")
	}

	// Nothing found is remembered too.
	none := m.key(notes, "", "keine Angaben")
	m.put(none, nil)
	if got, ok := m.appendFound(nil, none); !ok || len(got) != 0 {
		t.Fatalf("value without findings: %+v, %v", got, ok)
	}

	// A value with too many findings is not kept, and its slot forgets
	// what it held.
	many := make([]pii.Finding, memoMaxFindings+1)
	m.put(fp, many)
	if _, ok := m.appendFound(nil, fp); ok {
		t.Fatal("a value with too many findings was remembered")
	}

	// A newer value in the same slot takes it over.
	m.put(fp, found)
	rival := [2]uint64{fp[0], fp[1] + 1}
	m.put(rival, nil)
	if _, ok := m.appendFound(nil, fp); ok {
		t.Fatal("a value taken over in its slot is still remembered")
	}
	if _, ok := m.appendFound(nil, rival); !ok {
		t.Fatal("the newer value is not remembered")
	}

	// Findings overwritten in the ring are forgotten, also where the
	// slot was not taken over; a value without findings needs none of
	// the ring and stays.
	m.put(fp, found)
	for k := range memoFindings / 2 {
		m.put([2]uint64{fp[0] + 1 + uint64(k%8), uint64(k) + 1}, []pii.Finding{{End: 1}, {End: 2}})
	}
	if _, ok := m.appendFound(nil, fp); ok {
		t.Fatal("findings overwritten in the ring are still remembered")
	}
	if _, ok := m.appendFound(nil, none); !ok {
		t.Fatal("a value without findings was forgotten as the ring turned")
	}
}

// countingDetector is pii.Scanner's ScanField (not its column or label
// interfaces) counting how often each field and value is scanned.
type countingDetector struct {
	s  *pii.Scanner
	mu sync.Mutex
	n  map[string]int
}

func (d *countingDetector) ScanField(field, value string, dst []pii.Finding) []pii.Finding {
	d.mu.Lock()
	d.n[field+"="+value]++
	d.mu.Unlock()
	return d.s.ScanField(field, value, dst)
}

// A value a lane has scanned in a column is not scanned again there, and
// what is written and counted is what a scan of every value gives.
func TestEngineScansARepeatedValueOnce(t *testing.T) {
	notes := []string{"Rückruf unter " + plantedPhone + " erbeten", "Mail " + plantedEmail + ", IBAN " + plantedIBAN, "keine Angaben"}
	var in []Message
	for i := range 300 {
		v := `{"op":"c","table":"tickets","ts_ms":1700000000000,"after":{"ticket_id":` + itoa(i) + `,"customer_id":` + itoa(i%7) +
			`,"reply_to":"` + plantedEmail + `","notes":"` + notes[i%3] + `"}}`
		in = append(in, msg("crm.public.tickets", int64(i), `{"ticket_id":`+itoa(i)+`}`, v))
	}
	run := func(rescan bool) ([]Output, map[string]int) {
		d := &countingDetector{s: pii.NewScanner(), n: map[string]int{}}
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Detector, c.Parallelism, c.RescanRepeats = d, 1, rescan })
		out, err := e.Handle(context.Background(), in, nil)
		if err != nil {
			t.Fatal(err)
		}
		return out, d.n
	}
	memo, scans := run(false)
	every, allScans := run(true)
	for _, k := range []string{"reply_to=" + plantedEmail, "notes=" + notes[0], "notes=" + notes[2]} {
		if scans[k] != 1 {
			t.Errorf("%s scanned %d times with the memo, want once", k[:strings.IndexByte(k, '=')], scans[k])
		}
	}
	if allScans["reply_to="+plantedEmail] != 300 || allScans["notes="+notes[1]] != 100 {
		t.Errorf("with RescanRepeats: reply_to scanned %d times, a note %d, want 300 and 100", allScans["reply_to="+plantedEmail], allScans["notes="+notes[1]])
	}
	sameOutputs(t, memo, every, "with the memo")
	for _, o := range memo {
		for _, raw := range []string{plantedEmail, plantedPhone, plantedIBAN} {
			if bytes.Contains(o.Value, []byte(raw)) {
				t.Fatalf("%s went out raw on %s", raw, o.Topic)
			}
		}
	}
}

// A key-value row's value is remembered under its label: the same value
// under another label is read again as that label says.
func TestEngineMemoKeepsLabelsApart(t *testing.T) {
	e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) { c.Parallelism = 1 })
	var in []Message
	for k, row := range []Row{{"id": 1, "kunde_id": 7, "feld": "farbe", "wert": "Kastanie"},
		{"id": 2, "kunde_id": 7, "feld": "nachname", "wert": "Kastanie"}, {"id": 3, "kunde_id": 7, "feld": "farbe", "wert": "Kastanie"}} {
		in = append(in, createIn("crm.public.zusatzfelder", "public", "zusatzfelder", int64(k+1), row))
	}
	out, err := e.Handle(context.Background(), in, nil)
	if err != nil {
		t.Fatal(err)
	}
	values := valuesOn(out, "lethe.sanitized.zusatzfelder")
	if len(values) != 3 {
		t.Fatalf("%d sanitized records, want 3", len(values))
	}
	if !strings.Contains(values[0], `"wert":"Kastanie"`) || !strings.Contains(values[2], `"wert":"Kastanie"`) {
		t.Fatalf("a colour was not kept:\n%s\n%s", values[0], values[2])
	}
	if strings.Contains(values[1], "Kastanie") {
		t.Fatalf("a family name went out raw after the same value as a colour:\n%s", values[1])
	}
}

// Crafted update sequences (key-value rows relabelled with their values
// unchanged, Debezium's placeholder for an unchanged TOASTed value, nulls,
// one column name under different rules in different tables, recipients
// with different actions) go through an engine with the memo (two lanes)
// and one that scans every value: the outputs are the same bytes, and a
// value an update left unchanged is written alike in its before and after
// image for every recipient (raw in one beside its pseudonym in the other,
// it would tie the two together).
func TestEngineUpdatesAsScanningEveryValue(t *testing.T) {
	yaml := `version: t
defaults: {"*": mask, user.contact.address.city: keep, user.name: pseudonymize}
recipients:
  default: {}
  analytics: {categories: {user.contact.phone_number: drop, user.name: keep, user.contact.address.city: tokenize}}
  support: {tables: [zusatzfelder, customers], categories: {"*": keep, ` + keepSpecial + `}}
columns:
  customers.phone: {action: drop}
  tickets.phone: {not_personal: true}
  clients.email: {category: user.contact.email}
`
	r := rand.New(rand.NewSource(1))
	labels := []string{"ort", "vorname", "nachname", "telefon", "notiz", "farbe", "email", "geburtsdatum", "land", "status"}
	values := []any{"Paris", "Jordan", "+49 151 23456789", "0151 23456789", "a.b@example.de", "12.03.1985", "Kastanie", "rot",
		UnavailableValue, nil, "4111111111111111", plantedIBAN, "Berlin", "ja"}
	value := func() any { return values[r.Intn(len(values))] }
	type rowID struct {
		table string
		id    int
	}
	var evs []fakeEvent
	rows := map[rowID]Row{}
	for range 3000 {
		id := r.Intn(20)
		var table, key string
		var row Row
		switch r.Intn(4) {
		case 0:
			table, key, row = "zusatzfelder", "id", Row{"id": id, "kunde_id": 7, "feld": labels[r.Intn(len(labels))], "wert": value()}
		case 1, 2:
			table, key = "customers", "customer_id"
			if r.Intn(2) == 0 {
				table = "clients"
			}
			row = Row{"customer_id": id, "phone": value(), "email": value(), "city": value()}
		default:
			table, key, row = "tickets", "ticket_id", Row{"ticket_id": id, "phone": value(), "notes": "Ruf an " + fmt.Sprint(value())}
		}
		before, op := rows[rowID{table, id}], "c"
		if before != nil {
			op = "u"
			for c, v := range before {
				if r.Intn(2) == 0 {
					row[c] = v // unchanged
				}
			}
		}
		rows[rowID{table, id}] = row
		evs = append(evs, fakeEvent{Op: op, Table: table, Key: Row{key: id}, Before: before, After: row})
	}
	var in []Message
	for i, ev := range evs {
		v, _ := json.Marshal(ev)
		k, _ := json.Marshal(ev.Key)
		in = append(in, msg("crm.public."+ev.Table, int64(i), string(k), string(v)))
	}
	run := func(rescan bool, parallelism int) []Output {
		p, err := policy.Parse(strings.NewReader(yaml))
		if err != nil {
			t.Fatal(err)
		}
		e := newTestEngine(t, fakeDecoder{}, func(c *EngineConfig) {
			c.Policy, c.DataMap, c.RescanRepeats, c.Parallelism = p, NewTracker(p), rescan, parallelism
		})
		var out []Output
		for lo := 0; lo < len(in); lo += 500 {
			if out, err = e.Handle(context.Background(), in[lo:lo+500], out); err != nil {
				t.Fatal(err)
			}
			e.Committed()
		}
		return out
	}
	memo, every := run(false, 2), run(true, 1)
	sameOutputs(t, memo, every, "with the memo")
	updates := 0
	for _, o := range memo {
		if !strings.HasPrefix(o.Topic, "lethe.sanitized.") || o.Value == nil {
			continue
		}
		pos := header(o, HeaderInput)
		off, _ := strconv.Atoi(pos[strings.LastIndexByte(pos, '/')+1:])
		ev := evs[off]
		if ev.Op != "u" {
			continue
		}
		updates++
		var env struct{ Before, After map[string]json.RawMessage }
		if err := json.Unmarshal(o.Value, &env); err != nil {
			t.Fatal(err)
		}
		for c, v := range ev.Before {
			if reflect.DeepEqual(v, ev.After[c]) && !bytes.Equal(env.Before[c], env.After[c]) {
				t.Errorf("%s, input %s: unchanged %s written %s in the before image, %s in the after image (%s to %s)",
					o.Topic, pos, c, env.Before[c], env.After[c], ev.Before["feld"], ev.After["feld"])
			}
		}
	}
	if updates < 1000 {
		t.Fatalf("%d updates written, want over 1000", updates)
	}
}
