package democrm

import (
	"encoding/base64"
	"maps"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/lethe-cdc/lethe/connectors/debezium/debeziumenc"
	"github.com/lethe-cdc/lethe/pipeline"
	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

// The CRM's tables, in snapshot order.
const (
	Customers = "customers"
	Contacts  = "contacts"
	Addresses = "addresses"
	Orders    = "orders"
	Tickets   = "tickets"
	Consents  = "consents"
)

// Tables returns the CRM's table names in snapshot order.
func Tables() []string {
	return []string{Customers, Contacts, Addresses, Orders, Tickets, Consents}
}

// Topics returns the CRM's table topics under a Debezium topic prefix ("" means
// "crm"), in snapshot order: "<prefix>.public.<table>", as the generator
// names them (WithTopicPrefix).
func Topics(prefix string) []string {
	if prefix == "" {
		prefix = defaultPrefix
	}
	out := Tables()
	for i, t := range out {
		out[i] = tableTopic(prefix, t)
	}
	return out
}

// defaultPrefix is Debezium's topic prefix without WithTopicPrefix.
const defaultPrefix = "crm"

// tableTopic is the topic of a table's change events under prefix.
func tableTopic(prefix, table string) string { return prefix + ".public." + table }

// Locales returns the locale tags the generator uses.
func Locales() []string {
	out := make([]string, len(locales))
	for i, l := range locales {
		out[i] = l.tag
	}
	return out
}

// Planted is one piece of personal data the generator put into an event:
// the table and column, the fideslang category, and the exact value (for free
// text, the exact substring). Tests use it as ground truth, e.g. to assert
// that no planted e-mail, phone number, IBAN or card number reaches a
// sanitized topic.
type Planted struct {
	Table    string
	Column   string
	Category pii.Category
	Value    string
	// Canary is true for a canary string given with WithCanaries.
	Canary bool
}

// Event is one generated change event with the truth about its PII.
type Event struct {
	Topic  string
	Change pipeline.Change
	// Truth lists the personal data in Change's before and after images,
	// each (column, value) once. Tombstones have none.
	Truth []Planted
}

// Encode renders the event as genuine Debezium JSON, with or without the
// Connect schema block.
func (e Event) Encode(withSchema bool) (key, value []byte, err error) {
	return debeziumenc.EncodeJSON(e.Change, withSchema)
}

// Option configures a Generator.
type Option func(*config)

type config struct {
	customers int
	prefix    string
	canaries  []string
	full      bool
	start     time.Time
	// truncateEvery is the number of streaming steps between truncates of
	// the tickets table; 0 disables them.
	truncateEvery int
	messages      bool
}

// WithCustomers sets how many customers the initial snapshot holds (default
// 100). Each brings about ten rows in the other tables.
func WithCustomers(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.customers = n
		}
	}
}

// WithTopicPrefix sets Debezium's topic prefix (default "crm"); topics are
// "<prefix>.public.<table>".
func WithTopicPrefix(p string) Option {
	return func(c *config) {
		if p != "" {
			c.prefix = p
		}
	}
}

// WithCanaries plants the given strings into ticket notes and contact names
// (every 7th ticket and every 11th contact, cycling through them), so a test
// can scan logs and outputs for them. They are reported in Truth with
// Canary set.
func WithCanaries(canaries ...string) Option {
	return func(c *config) { c.canaries = append([]string(nil), canaries...) }
}

// WithReplicaIdentityFull chooses what Debezium sees of old rows. true (the
// default) is REPLICA IDENTITY FULL: updates carry the whole before image and
// deletes the whole old row, which is the harder case for sanitizing. false is
// the PostgreSQL default: updates have no before image and deletes carry only
// the primary key.
func WithReplicaIdentityFull(full bool) Option {
	return func(c *config) { c.full = full }
}

// WithTruncateEvery makes the nightly archive job truncate the tickets table
// every n streaming steps (about two events per step), so consumers see
// Debezium's truncate events (op "t", no key, no rows). Off by default: a
// truncate empties the table, which a consumer counting rows or erasures
// must expect. n <= 0 disables it.
func WithTruncateEvery(n int) Option {
	return func(c *config) { c.truncateEvery = max(n, 0) }
}

// WithLogicalMessages makes about one streaming step in a hundred a logical
// decoding message (op "m") from the CRM's sync job, written to
// "<prefix>.message" and keyed by the message prefix, as Debezium does. Off
// by default, because it adds a topic outside "<prefix>.public.*" that a
// consumer must create and subscribe to.
func WithLogicalMessages(on bool) Option {
	return func(c *config) { c.messages = on }
}

// table is the generator's copy of one table.
type table struct {
	name   string
	pk     string
	topic  string
	nextID int64
	rows   map[int64]pipeline.Row
	live   []int64 // ids of live rows, for random picks
	index  map[int64]int
}

func (t *table) insert(id int64, r pipeline.Row) {
	t.rows[id] = r
	t.index[id] = len(t.live)
	t.live = append(t.live, id)
}

func (t *table) remove(id int64) {
	i, ok := t.index[id]
	if !ok {
		return
	}
	last := t.live[len(t.live)-1]
	t.live[i] = last
	t.index[last] = i
	t.live = t.live[:len(t.live)-1]
	delete(t.index, id)
	delete(t.rows, id)
}

// person is what tickets need to know about a customer.
type person struct {
	loc   *locale
	name  string // as written in a note
	email string
	phone string
	iban  string
}

// Generator simulates a legacy customer CRM and emits Debezium change events:
// first a snapshot (op "r") of the initial customers and their rows, then an
// endless stream of creates, updates and deletes across all tables, each
// delete followed by a tombstone. The sequence depends only on the seed and
// options. A Generator is not safe for concurrent use.
type Generator struct {
	r        *rand.Rand
	cfg      config
	clock    int64 // simulated ms since epoch
	lsn      int64
	txid     int64 // the simulated database transaction
	tables   map[string]*table
	people   map[int64]*person
	children map[int64][]childRef
	queue    []Event
	head     int
	started  bool
	nTicket  int
	nContact int
	nCanary  int
	steps    int
	// noteSpans remembers the PII planted in each ticket's notes.
	noteSpans map[int64][]Planted
	// deliveryPhones remembers the phone number typed into an order's
	// delivery note.
	deliveryPhones map[int64]string
	seed           uint64
	// skipLeft counts the events still to be queued that Skip drops:
	// emit neither works out their truth nor copies their rows.
	skipLeft int64
}

type childRef struct {
	table string
	id    int64
}

// New returns a generator for seed.
func New(seed int64, opts ...Option) *Generator {
	cfg := config{customers: 100, prefix: defaultPrefix, full: true,
		start: time.Date(2024, 3, 14, 8, 0, 0, 0, time.UTC)}
	for _, o := range opts {
		o(&cfg)
	}
	g := &Generator{
		r:         rand.New(rand.NewPCG(uint64(seed), 0x1e7e)),
		cfg:       cfg,
		clock:     cfg.start.UnixMilli(),
		lsn:       24000000,
		txid:      780,
		tables:    map[string]*table{},
		people:    map[int64]*person{},
		children:  map[int64][]childRef{},
		noteSpans: map[int64][]Planted{},

		deliveryPhones: map[int64]string{},
		seed:           uint64(seed),
	}
	pks := map[string]string{Customers: "customer_id", Contacts: "contact_id", Addresses: "address_id",
		Orders: "order_id", Tickets: "ticket_id", Consents: "consent_id"}
	for _, name := range Tables() {
		g.tables[name] = &table{name: name, pk: pks[name], topic: tableTopic(cfg.prefix, name),
			nextID: 1, rows: map[int64]pipeline.Row{}, index: map[int64]int{}}
	}
	return g
}

// Next returns the next event.
func (g *Generator) Next() Event {
	if !g.started {
		g.started = true
		g.snapshot()
	}
	for g.head == len(g.queue) {
		g.queue, g.head = g.queue[:0], 0
		g.step()
	}
	e := g.queue[g.head]
	g.queue[g.head] = Event{}
	g.head++
	return e
}

// Skip advances the generator past its next n events, as n calls of Next
// would: the events after them are the same. It costs less than Next,
// since the events are not returned. A restarted demo skips the events its
// CRM topics already hold, to go on where the run before it stopped.
func (g *Generator) Skip(n int64) {
	// The events are returned in the order they are queued: those queued
	// already go first, then the next n minus them that steps queue (the
	// events of a step, or of the snapshot, past them are kept whole).
	g.skipLeft = max(n-int64(len(g.queue)-g.head), 0)
	for range n {
		g.Next()
	}
}

// skipped reports whether the event about to be queued is one Skip drops,
// and if so queues an empty one in its place.
func (g *Generator) skipped() bool {
	if g.skipLeft == 0 {
		return false
	}
	g.skipLeft--
	g.queue = append(g.queue, Event{})
	return true
}

// snapshot builds the initial data and queues it table by table, as
// Debezium's initial snapshot reads it.
func (g *Generator) snapshot() {
	for range g.cfg.customers {
		g.newCustomerWithRows()
	}
	g.clock += 1000
	g.lsn += 1000
	var n int
	for _, name := range Tables() {
		n += len(g.tables[name].live)
	}
	i := 0
	for _, name := range Tables() {
		t := g.tables[name]
		ids := slices.Clone(t.live)
		slices.Sort(ids)
		for _, id := range ids {
			snap := "true"
			switch i {
			case 0:
				snap = "first"
			case n - 1:
				snap = "last"
			}
			i++
			c := g.change(t, pipeline.OpRead, nil, t.rows[id], id)
			c.Source.Snapshot = snap
			c.Source.LSN = g.lsn
			g.emit(t, c)
		}
	}
}

// change builds a Change for table t.
func (g *Generator) change(t *table, op pipeline.Op, before, after pipeline.Row, id int64) pipeline.Change {
	return pipeline.Change{
		Op: op,
		Source: pipeline.SourceInfo{Connector: "postgresql", Name: g.cfg.prefix, DB: "crm", Schema: "public",
			Table: t.name, TsMs: g.clock, LSN: g.lsn, TxID: g.txid, Snapshot: "false"},
		Key:    pipeline.Row{t.pk: id},
		Before: before,
		After:  after,
		TsMs:   g.clock + 5 + int64(g.r.IntN(200)),
	}
}

// emit queues a change with its truth. The images are copied: the event
// owns its rows, so a consumer that sanitizes in place cannot change the
// generator's tables or later events.
func (g *Generator) emit(t *table, c pipeline.Change) {
	if g.skipped() {
		return
	}
	var truth []Planted
	if !c.Tombstone {
		truth = g.truth(t.name, c.Before, nil)
		truth = g.truth(t.name, c.After, truth)
		c.Before = maps.Clone(c.Before)
		c.After = maps.Clone(c.After)
	}
	g.queue = append(g.queue, Event{Topic: t.topic, Change: c, Truth: truth})
}

// tick advances the simulated clock and WAL position.
func (g *Generator) tick() {
	g.clock += 1 + int64(g.r.IntN(3000))
	g.lsn += 64 + int64(g.r.IntN(4096))
	g.txid++ // a step is one transaction: all its changes share the id
}

// step generates the next streaming action.
func (g *Generator) step() {
	g.tick()
	g.steps++
	if n := g.cfg.truncateEvery; n > 0 && g.steps%n == 0 {
		g.truncate(Tickets)
		return
	}
	w := g.r.IntN(100)
	// Keep the population near its initial size so that an endless stream
	// runs in bounded memory: past twice the size, creates become deletes.
	crowded := len(g.tables[Customers].live) > 2*g.cfg.customers
	switch {
	case w < 8 && crowded:
		g.deleteCustomer()
	case w < 8 || len(g.tables[Customers].live) == 0:
		ids := g.newCustomerWithRows()
		for _, ref := range ids {
			t := g.tables[ref.table]
			g.emit(t, g.change(t, pipeline.OpCreate, nil, t.rows[ref.id], ref.id))
		}
	case w < 26:
		g.updateCustomer()
	case w < 40:
		g.create(Tickets)
	case w < 45:
		g.updateTicket()
	case w < 57:
		g.create(Orders)
	case w < 63:
		g.create(Consents)
	case w < 70:
		g.withdrawConsent()
	case w < 75:
		g.create(Contacts)
	case w < 80:
		g.updateContact()
	case w < 84:
		g.create(Addresses)
	case w < 88:
		g.updateAddress()
	case w < 97 || w < 98 && !g.cfg.messages:
		g.deleteRandom(pick(g.r, []string{Contacts, Addresses, Orders, Tickets, Consents}))
	case w < 98:
		g.message()
	default:
		g.deleteCustomer()
	}
}

// randomCustomer returns a live customer id.
func (g *Generator) randomCustomer() int64 {
	t := g.tables[Customers]
	return t.live[g.r.IntN(len(t.live))]
}

// newCustomerWithRows creates a customer and a few rows in every other
// table, returning the refs in insertion order.
func (g *Generator) newCustomerWithRows() []childRef {
	id := g.insert(Customers, 0)
	refs := []childRef{{Customers, id}}
	add := func(tbl string, lo, hi int) {
		for range lo + g.r.IntN(hi-lo+1) {
			refs = append(refs, childRef{tbl, g.insert(tbl, id)})
		}
	}
	add(Contacts, 0, 3)
	add(Addresses, 1, 2)
	add(Orders, 0, 5)
	add(Tickets, 0, 4)
	add(Consents, 1, 4)
	return refs
}

// insert creates a row in tbl for customer cust (ignored for customers) and
// returns its id.
func (g *Generator) insert(tbl string, cust int64) int64 {
	t := g.tables[tbl]
	id := t.nextID
	t.nextID++
	var r pipeline.Row
	switch tbl {
	case Customers:
		r = g.customerRow(id)
	case Contacts:
		r = g.contactRow(id, cust)
	case Addresses:
		r = g.addressRow(id, cust)
	case Orders:
		r = g.orderRow(id, cust)
	case Tickets:
		r = g.ticketRow(id, cust)
	case Consents:
		r = g.consentRow(id, cust)
	}
	t.insert(id, r)
	if tbl != Customers {
		refs := g.children[cust]
		if len(refs) >= 32 { // drop refs to rows deleted since
			refs = slices.DeleteFunc(refs, func(c childRef) bool { return g.tables[c.table].rows[c.id] == nil })
		}
		g.children[cust] = append(refs, childRef{tbl, id})
	}
	return id
}

// create inserts one row for a random customer and emits the create, or
// deletes a row instead when the table has grown past its bound.
func (g *Generator) create(tbl string) {
	t := g.tables[tbl]
	if len(t.live) > 12*g.cfg.customers {
		g.deleteRow(t, t.live[g.r.IntN(len(t.live))])
		return
	}
	id := g.insert(tbl, g.randomCustomer())
	g.emit(t, g.change(t, pipeline.OpCreate, nil, t.rows[id], id))
}

// update applies fn to a copy of a random row of tbl and emits the update.
func (g *Generator) update(tbl string, fn func(id int64, r pipeline.Row)) {
	t := g.tables[tbl]
	if len(t.live) == 0 {
		g.create(tbl)
		return
	}
	id := t.live[g.r.IntN(len(t.live))]
	old := t.rows[id]
	r := make(pipeline.Row, len(old))
	for k, v := range old {
		r[k] = v
	}
	fn(id, r)
	t.rows[id] = r
	var before pipeline.Row
	if g.cfg.full {
		before = old
	}
	g.emit(t, g.change(t, pipeline.OpUpdate, before, r, id))
}

// deleteRow emits the delete and the tombstone for a row of t.
func (g *Generator) deleteRow(t *table, id int64) {
	old, ok := t.rows[id]
	if !ok {
		return
	}
	before := old
	if !g.cfg.full {
		before = pipeline.Row{t.pk: id}
	}
	g.emit(t, g.change(t, pipeline.OpDelete, before, nil, id))
	g.emit(t, pipeline.Change{Key: pipeline.Row{t.pk: id}, Tombstone: true})
	t.remove(id)
	g.forget(t.name, id)
}

// forget drops what truth remembers of a removed row.
func (g *Generator) forget(tbl string, id int64) {
	switch tbl {
	case Tickets:
		delete(g.noteSpans, id)
	case Orders:
		delete(g.deliveryPhones, id)
	}
}

func (g *Generator) deleteRandom(tbl string) {
	t := g.tables[tbl]
	if len(t.live) == 0 {
		g.create(tbl)
		return
	}
	g.deleteRow(t, t.live[g.r.IntN(len(t.live))])
}

// deleteCustomer deletes a customer and, as ON DELETE CASCADE would, all
// their rows first.
func (g *Generator) deleteCustomer() {
	cust := g.randomCustomer()
	for _, ref := range g.children[cust] {
		g.deleteRow(g.tables[ref.table], ref.id)
	}
	delete(g.children, cust)
	delete(g.people, cust)
	g.deleteRow(g.tables[Customers], cust)
}

// colCat is a structured PII column and its category.
type colCat struct {
	col string
	cat pii.Category
}

// columnCategories lists each table's structured PII columns, in column
// order so that Truth is deterministic.
var columnCategories = map[string][]colCat{
	Customers: {{"salutation", pii.Gender}, {"first_name", pii.GivenName}, {"last_name", pii.FamilyName},
		{"email", pii.Email}, {"phone", pii.Phone}, {"geburtsdatum", pii.DateOfBirth},
		{"national_id", pii.NationalID}, {"iban", pii.BankAccount}},
	Contacts:  {{"full_name", pii.Name}, {"telefon_nr", pii.Phone}, {"email", pii.Email}},
	Addresses: {{"street", pii.Street}, {"house_no", pii.Address}, {"postal_code", pii.PostalCode}, {"city", pii.City}, {"country", pii.Country}},
	Orders:    {{"card_number", pii.CreditCard}, {"ip_address", pii.IPAddress}},
	Tickets:   {{"agent", pii.UniqueID}},
}

// truth appends the PII in row r of tbl to acc, each (column, value) once.
func (g *Generator) truth(tbl string, r pipeline.Row, acc []Planted) []Planted {
	if r == nil {
		return acc
	}
	add := func(p Planted) {
		for _, q := range acc {
			if q.Column == p.Column && q.Value == p.Value {
				return
			}
		}
		acc = append(acc, p)
	}
	for _, cc := range columnCategories[tbl] {
		col, cat := cc.col, cc.cat
		s, _ := r[col].(string)
		if s == "" {
			continue
		}
		if cat == pii.CreditCard && strings.ContainsAny(s, "*X") {
			continue // masked: no longer a card number
		}
		add(Planted{Table: tbl, Column: col, Category: cat, Value: s})
		for _, c := range g.cfg.canaries {
			if c != "" && strings.Contains(s, c) {
				add(Planted{Table: tbl, Column: col, Category: cat, Value: c, Canary: true})
			}
		}
	}
	switch tbl {
	case Tickets:
		notes, _ := r["notes"].(string)
		id, _ := r["ticket_id"].(int64)
		for _, p := range g.noteSpans[id] {
			if strings.Contains(notes, p.Value) {
				add(p)
			}
		}
	case Orders:
		note, _ := r["delivery_note"].(string)
		id, _ := r["order_id"].(int64)
		if ph := g.deliveryPhones[id]; ph != "" && strings.Contains(note, ph) {
			add(Planted{Table: tbl, Column: "delivery_note", Category: pii.Phone, Value: ph})
		}
	case Consents:
		// A web form's proof reference carries the submitter's IP.
		if s, _ := r["proof_ref"].(string); strings.HasPrefix(s, "web:") {
			if i := strings.LastIndexByte(s, ':'); i > 4 {
				add(Planted{Table: tbl, Column: "proof_ref", Category: pii.IPAddress, Value: s[4:i]})
			}
		}
	}
	return acc
}

// truncate empties a table and emits Debezium's truncate event: op "t" on
// the table's topic, with no key and no row images.
func (g *Generator) truncate(tbl string) {
	t := g.tables[tbl]
	for _, id := range slices.Clone(t.live) {
		t.remove(id)
		g.forget(tbl, id)
	}
	c := g.change(t, pipeline.OpTruncate, nil, nil, 0)
	c.Key = nil
	g.emit(t, c)
}

// messagePrefix is the prefix of the logical decoding messages the CRM's
// sync job writes with pg_logical_emit_message.
const messagePrefix = "crm.sync"

// message emits a logical decoding message (op "m") on "<prefix>.message",
// keyed by the message prefix, its content base64 as Debezium writes bytes.
func (g *Generator) message() {
	body := `{"job":"consent_sync","batch":` + strconv.Itoa(g.steps) + `,"ok":true}`
	c := pipeline.Change{
		Op: pipeline.OpMessage,
		Source: pipeline.SourceInfo{Connector: "postgresql", Name: g.cfg.prefix, DB: "crm",
			TsMs: g.clock, LSN: g.lsn, TxID: g.txid, Snapshot: "false"},
		Key:   pipeline.Row{"prefix": messagePrefix},
		After: pipeline.Row{"prefix": messagePrefix, "content": base64.StdEncoding.EncodeToString([]byte(body))},
		TsMs:  g.clock + 5,
	}
	if g.skipped() {
		return
	}
	g.queue = append(g.queue, Event{Topic: g.cfg.prefix + ".message", Change: c})
}

// zoned formats ms as Debezium's ZonedTimestamp.
func zoned(ms int64) string {
	return time.UnixMilli(ms).UTC().Format("2006-01-02T15:04:05.000000Z")
}

// pastMs returns a time between 2009 and the clock.
func (g *Generator) pastMs() int64 {
	from := time.Date(2009, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	return from + g.r.Int64N(g.clock-from)
}

// maybe returns v, or nil or "" with the given per-mille chance each: the
// half-filled fields of a CRM that has lived through three migrations.
func (g *Generator) maybe(v string, nilPm, emptyPm int) any {
	x := g.r.IntN(1000)
	switch {
	case x < nilPm:
		return nil
	case x < nilPm+emptyPm:
		return ""
	}
	return v
}

func (g *Generator) locale() *locale { return locales[g.r.IntN(len(locales))] }

func (g *Generator) name(loc *locale, male bool) (first, last string) {
	if male {
		first = pick(g.r, loc.male)
	} else {
		first = pick(g.r, loc.female)
	}
	return first, pick(g.r, loc.last)
}

// email makes an address from a name, sometimes shouting.
func (g *Generator) email(loc *locale, first, last string) string {
	f := strings.ToLower(asciiFold.Replace(first))
	l := strings.ToLower(asciiFold.Replace(last))
	d := pick(g.r, loc.domains)
	var e string
	switch g.r.IntN(6) {
	case 0:
		e = f + "." + l + "@" + d
	case 1:
		e = f[:1] + "." + l + "@" + d
	case 2:
		e = f + l + strconv.Itoa(50+g.r.IntN(50)) + "@" + d
	case 3:
		e = l + "." + f + "@" + d
	case 4:
		e = f + "_" + l + "@" + d
	default:
		e = f + "." + l + strconv.Itoa(1+g.r.IntN(999)) + "@" + d
	}
	if g.r.IntN(12) == 0 {
		e = strings.ToUpper(e)
	} else if g.r.IntN(20) == 0 {
		e = strings.ToUpper(e[:1]) + e[1:]
	}
	return e
}

// formatDate writes a birth date in a layout such as "D.M.Y".
func formatDate(layout string, y, m, d int) string {
	var b []byte
	for i := 0; i < len(layout); i++ {
		switch layout[i] {
		case 'D':
			b = append(b, pad2(d)...)
		case 'M':
			b = append(b, pad2(m)...)
		case 'Y':
			b = strconv.AppendInt(b, int64(y), 10)
		default:
			b = append(b, layout[i])
		}
	}
	return string(b)
}

func (g *Generator) customerRow(id int64) pipeline.Row {
	loc := g.locale()
	male := g.r.IntN(2) == 0
	first, last := g.name(loc, male)
	salut := pick(g.r, loc.salutF)
	if male {
		salut = pick(g.r, loc.salutM)
	}
	y, m, d := 1935+g.r.IntN(71), 1+g.r.IntN(12), 1+g.r.IntN(28)
	birth := formatDate(pick(g.r, loc.dateFormats), y, m, d)
	if g.r.IntN(9) == 0 {
		birth = ""
	}
	var natID string
	switch loc.country {
	case "DE":
		natID = synth.SteuerID(g.r)
	case "FR":
		sex := 2
		if male {
			sex = 1
		}
		natID = nir(g.r, sex, y, m)
	case "NL":
		natID = bsn(g.r)
	case "PL":
		natID = pesel(g.r, y, m, d, male)
	default:
		natID = synth.NINO(g.r, g.r.IntN(2) == 0)
	}
	iban := newIBAN(g.r, loc.country)
	if g.r.IntN(3) == 0 {
		iban = synth.GroupFours(iban, " ")
	}
	email := g.email(loc, first, last)
	ph := phone(g.r, loc)
	created := g.pastMs()
	row := pipeline.Row{
		"customer_id":  id,
		"salutation":   g.maybe(salut, 100, 50),
		"first_name":   first,
		"last_name":    last,
		"email":        g.maybe(email, 80, 20),
		"phone":        g.maybe(ph, 100, 40),
		"geburtsdatum": birth,
		"locale":       loc.tag,
		"national_id":  g.maybe(natID, 250, 0),
		"iban":         g.maybe(iban, 250, 30),
		"created_at":   zoned(created),
		"updated_at":   zoned(created + g.r.Int64N(g.clock-created+1)),
	}
	p := &person{loc: loc, name: first + " " + last, email: email, phone: ph, iban: iban}
	if g.r.IntN(4) == 0 {
		p.name = salut + " " + last
	}
	g.people[id] = p
	return row
}

func (g *Generator) personOf(cust int64) *person {
	if p := g.people[cust]; p != nil {
		return p
	}
	loc := g.locale()
	first, last := g.name(loc, g.r.IntN(2) == 0)
	p := &person{loc: loc, name: first + " " + last, email: g.email(loc, first, last), phone: phone(g.r, loc),
		iban: newIBAN(g.r, loc.country)}
	g.people[cust] = p
	return p
}

// canary returns the next canary, or "" when none are configured.
func (g *Generator) canary() string {
	if len(g.cfg.canaries) == 0 {
		return ""
	}
	c := g.cfg.canaries[g.nCanary%len(g.cfg.canaries)]
	g.nCanary++
	return c
}

var roles = []string{"billing", "delivery", "emergency", "Buchhaltung", "Ehefrau", "comptabilité", "contactpersoon", "pełnomocnik", "PA", "spouse", ""}

func (g *Generator) contactRow(id, cust int64) pipeline.Row {
	p := g.personOf(cust)
	first, last := g.name(p.loc, g.r.IntN(2) == 0)
	full := first + " " + last
	if g.r.IntN(10) == 0 {
		full = strings.ToUpper(last) + ", " + first
	}
	g.nContact++
	if g.nContact%11 == 0 {
		if c := g.canary(); c != "" {
			full = first + " " + c
		}
	}
	return pipeline.Row{
		"contact_id":  id,
		"customer_id": cust,
		"full_name":   full,
		"role":        g.maybe(pick(g.r, roles), 150, 0),
		"telefon_nr":  g.maybe(phone(g.r, p.loc), 120, 50),
		"email":       g.maybe(g.email(p.loc, first, last), 250, 50),
	}
}

// postal fills a postal code pattern.
func (g *Generator) postal(pattern string) string {
	b := []byte(pattern)
	for i, c := range b {
		switch c {
		case '#':
			b[i] = byte('0' + g.r.IntN(10))
		case '@':
			b[i] = "ABCDEFGHJKLMNPRSTUVWXZ"[g.r.IntN(22)]
		}
	}
	return string(b)
}

func (g *Generator) addressRow(id, cust int64) pipeline.Row {
	loc := g.personOf(cust).loc
	c := pick(g.r, loc.cities)
	house := strconv.Itoa(1 + g.r.IntN(180))
	switch g.r.IntN(8) {
	case 0:
		house += "a"
	case 1:
		house += "-" + strconv.Itoa(g.r.IntN(20)+200)
	case 2:
		house = ""
	}
	street := pick(g.r, loc.streets)
	if house != "" && g.r.IntN(5) == 0 {
		// Legacy import: house number in the street column.
		street += " " + house
		house = ""
	}
	return pipeline.Row{
		"address_id":  id,
		"customer_id": cust,
		"street":      street,
		"house_no":    g.maybe(house, 60, 0),
		"postal_code": g.maybe(g.postal(pick(g.r, c.postals)), 40, 20),
		"city":        c.name,
		"country":     g.maybe(pick(g.r, loc.countries), 80, 20),
	}
}

// orderNo is the shop's order number, a hard negative for detectors.
func (g *Generator) orderNo() string {
	y := 2009 + g.r.IntN(16)
	return "ORD-" + strconv.Itoa(y) + "-" + strconv.Itoa(100000 + g.r.IntN(900000))[1:]
}

func (g *Generator) ip() string {
	if g.r.IntN(10) == 0 {
		return "2001:db8::" + strconv.FormatInt(int64(g.r.IntN(0xffff)), 16) + ":" + strconv.FormatInt(int64(g.r.IntN(0xffff)), 16)
	}
	p := pick(g.r, ipPrefixes)
	n := 4 - strings.Count(p, ".")
	for i := range n {
		if i > 0 {
			p += "."
		}
		p += strconv.Itoa(1 + g.r.IntN(254))
	}
	return p
}

func (g *Generator) orderRow(id, cust int64) pipeline.Row {
	loc := g.personOf(cust).loc
	var card any
	switch x := g.r.IntN(20); {
	case x < 9:
		c := newCard(g.r)
		switch g.r.IntN(4) {
		case 0:
			c = synth.GroupFours(c, " ")
		case 1:
			c = synth.GroupFours(c, "-")
		}
		card = c
	case x < 14:
		c := newCard(g.r)
		if g.r.IntN(2) == 0 {
			card = strings.Repeat("*", len(c)-4) + c[len(c)-4:]
		} else {
			card = c[:4] + " XXXX XXXX " + c[len(c)-4:]
		}
	}
	currency := loc.currency
	if g.r.IntN(15) == 0 {
		currency = "EUR"
	}
	return pipeline.Row{
		"order_id":    id,
		"customer_id": cust,
		"order_no":    g.orderNo(),
		"total_cents": int64(99 + g.r.IntN(250000)),
		"currency":    currency,
		"card_number": card,
		"ordered_at":  zoned(g.pastMs()),
		"ip_address":  g.maybe(g.ip(), 200, 0),
		// drawn from a source of its own (deliveryNote)
		"delivery_note": g.deliveryNote(id, loc),
	}
}

// deliveryNotes are what agents type into an order's delivery note, by
// country; "{phone}" is a phone number typed into it.
var deliveryNotes = map[string]struct{ plain, phone []string }{
	"DE": {[]string{"Bitte beim Nachbarn abgeben", "Hintereingang benutzen", "Nicht vor 10 Uhr liefern", "Paket in die Garage"},
		[]string{"Bitte vorher anrufen: {phone}", "Fahrer soll {phone} anrufen"}},
	"FR": {[]string{"Laisser chez le gardien", "Sonner deux fois", "Livrer après 18h", "Code portail au dos"},
		[]string{"Appeler avant livraison au {phone}", "Si absent : {phone}"}},
	"NL": {[]string{"Afgeven bij de buren", "Achterdeur gebruiken", "Niet voor 10 uur bezorgen", "Pakket in de schuur"},
		[]string{"Graag vooraf bellen: {phone}", "Bij afwezigheid {phone} bellen"}},
	"PL": {[]string{"Zostawić u sąsiada", "Wejście od podwórza", "Dostawa po 16:00", "Paczkomat przy sklepie"},
		[]string{"Proszę dzwonić przed dostawą: {phone}", "Kurier ma dzwonić {phone}"}},
	"GB": {[]string{"Leave with neighbour", "Use the side gate", "Deliver after 6pm", "Leave in the porch"},
		[]string{"Please call before delivery: {phone}", "If out, ring {phone}"}},
}

// deliveryNote returns an order's delivery note, drawn from a source of
// its own (the seed and the order's id), so that the column left the rest
// of a seed's stream as it was. The first orders (ten for each customer of
// the snapshot: its own and the next few thousand events') hold no
// personal data in it; one in eight after them holds a phone number, as
// legacy notes fill up: the data map publishes the column as not personal
// first, and the first phone in a later batch brings a REDACT.
func (g *Generator) deliveryNote(id int64, loc *locale) any {
	r := rand.New(rand.NewPCG(g.seed, 0xde11<<32|uint64(id)))
	if r.IntN(3) == 0 {
		return nil // half-filled legacy data
	}
	notes := deliveryNotes[loc.country]
	if id <= int64(10*g.cfg.customers) || r.IntN(8) != 0 {
		return pick(r, notes.plain)
	}
	ph := phone(r, loc)
	g.deliveryPhones[id] = ph
	return strings.Replace(pick(r, notes.phone), "{phone}", ph, 1)
}

// amount formats cents the way the locale writes money.
func amount(loc *locale, cents int) string {
	units := strconv.Itoa(cents / 100)
	frac := pad2(cents % 100)
	group := func(sep string) string {
		var b []byte
		for i := range len(units) {
			if i > 0 && (len(units)-i)%3 == 0 {
				b = append(b, sep...)
			}
			b = append(b, units[i])
		}
		return string(b)
	}
	switch loc.country {
	case "DE":
		return group(".") + "," + frac
	case "FR":
		return group(" ") + "," + frac
	case "GB":
		return group(",") + "." + frac
	}
	return units + "," + frac
}

// note fills a ticket template in the customer's language, remembering the
// PII it plants for the ticket's truth.
func (g *Generator) note(cust, ticket int64) string {
	p := g.personOf(cust)
	tpl := pick(g.r, p.loc.notes)
	var b strings.Builder
	spans := g.noteSpans[ticket]
	plant := func(cat pii.Category, v string, canary bool) {
		b.WriteString(v)
		if v != "" {
			spans = append(spans, Planted{Table: Tickets, Column: "notes", Category: cat, Value: v, Canary: canary})
		}
	}
	for {
		i := strings.IndexByte(tpl, '{')
		if i < 0 {
			b.WriteString(tpl)
			break
		}
		j := strings.IndexByte(tpl[i:], '}') + i
		b.WriteString(tpl[:i])
		switch tpl[i+1 : j] {
		case "name":
			plant(pii.Name, p.name, false)
		case "third":
			f, l := g.name(p.loc, g.r.IntN(2) == 0)
			plant(pii.Name, f+" "+l, false)
		case "phone":
			if g.r.IntN(3) == 0 {
				plant(pii.Phone, phone(g.r, p.loc), false)
			} else {
				plant(pii.Phone, p.phone, false)
			}
		case "email":
			plant(pii.Email, p.email, false)
		case "iban":
			if g.r.IntN(2) == 0 {
				plant(pii.BankAccount, synth.GroupFours(strings.ReplaceAll(p.iban, " ", ""), " "), false)
			} else {
				plant(pii.BankAccount, strings.ReplaceAll(p.iban, " ", ""), false)
			}
		case "order":
			b.WriteString(g.orderNo())
		case "amount":
			b.WriteString(amount(p.loc, 99+g.r.IntN(250000)))
		}
		tpl = tpl[j+1:]
	}
	g.nTicket++
	if g.nTicket%7 == 0 {
		if c := g.canary(); c != "" {
			b.WriteString(" [")
			plant(pii.Name, c, true)
			b.WriteString("]")
		}
	}
	g.noteSpans[ticket] = spans
	return b.String()
}

func (g *Generator) ticketRow(id, cust int64) pipeline.Row {
	p := g.personOf(cust)
	subj := pick(g.r, p.loc.subjects)
	subj = strings.Replace(subj, "{order}", g.orderNo(), 1)
	return pipeline.Row{
		"ticket_id":   id,
		"customer_id": cust,
		"subject":     subj,
		"notes":       g.note(cust, id),
		"agent":       pick(g.r, agents),
		"created_at":  zoned(g.pastMs()),
	}
}

var (
	purposes = []string{"marketing_email", "marketing_phone", "newsletter", "profiling"}
	sources  = []string{"web_form", "paper", "phone", "import_2009"}
)

func (g *Generator) consentRow(id, cust int64) pipeline.Row {
	src := pick(g.r, sources)
	rec := g.pastMs()
	var proof any
	switch src {
	case "web_form":
		proof = "web:" + g.ip() + ":" + strconv.FormatInt(rec/1000, 10)
	case "paper":
		proof = "scan/" + strconv.Itoa(2009+g.r.IntN(15)) + "/" + strconv.Itoa(100000 + g.r.IntN(900000))[1:] + ".pdf"
	case "phone":
		proof = "call-" + strconv.FormatInt(rec/1000, 36)
	default:
		proof = nil
	}
	var withdrawn any
	granted := g.r.IntN(5) != 0
	if granted && g.r.IntN(8) == 0 {
		withdrawn = zoned(rec + g.r.Int64N(g.clock-rec+1))
	}
	return pipeline.Row{
		"consent_id":   id,
		"customer_id":  cust,
		"purpose":      pick(g.r, purposes),
		"granted":      granted,
		"source":       src,
		"proof_ref":    proof,
		"recorded_at":  zoned(rec),
		"withdrawn_at": withdrawn,
	}
}

func (g *Generator) updateCustomer() {
	g.update(Customers, func(id int64, r pipeline.Row) {
		p := g.personOf(id)
		switch g.r.IntN(6) {
		case 0, 1:
			first, _ := r["first_name"].(string)
			last, _ := r["last_name"].(string)
			p.email = g.email(p.loc, first, last)
			r["email"] = p.email
		case 2:
			p.phone = phone(g.r, p.loc)
			r["phone"] = p.phone
		case 3:
			_, last := g.name(p.loc, false)
			r["last_name"] = last // marriage
		case 4:
			p.iban = newIBAN(g.r, p.loc.country)
			r["iban"] = p.iban
		default:
			r["email"] = nil // customer asked to stop e-mails
		}
		r["updated_at"] = zoned(g.clock)
	})
}

func (g *Generator) updateTicket() {
	g.update(Tickets, func(id int64, r pipeline.Row) {
		cust, _ := r["customer_id"].(int64)
		notes, _ := r["notes"].(string)
		r["notes"] = notes + "\n" + g.note(cust, id)
		r["agent"] = pick(g.r, agents)
	})
}

func (g *Generator) withdrawConsent() {
	g.update(Consents, func(id int64, r pipeline.Row) {
		if r["withdrawn_at"] == nil && r["granted"] == true {
			r["withdrawn_at"] = zoned(g.clock)
		} else {
			r["granted"] = true
			r["withdrawn_at"] = nil
			r["recorded_at"] = zoned(g.clock)
			r["source"] = "web_form"
			r["proof_ref"] = "web:" + g.ip() + ":" + strconv.FormatInt(g.clock/1000, 10)
		}
	})
}

func (g *Generator) updateContact() {
	g.update(Contacts, func(id int64, r pipeline.Row) {
		cust, _ := r["customer_id"].(int64)
		r["telefon_nr"] = phone(g.r, g.personOf(cust).loc)
	})
}

func (g *Generator) updateAddress() {
	g.update(Addresses, func(id int64, r pipeline.Row) {
		cust, _ := r["customer_id"].(int64)
		loc := g.personOf(cust).loc
		c := pick(g.r, loc.cities)
		r["street"] = pick(g.r, loc.streets)
		r["house_no"] = strconv.Itoa(1 + g.r.IntN(180))
		r["postal_code"] = g.postal(pick(g.r, c.postals))
		r["city"] = c.name
	})
}
