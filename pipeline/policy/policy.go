// Package policy is lethe's declarative privacy policy: which column of each
// table identifies the data subject, and for every data category and every
// recipient what happens to personal data on its way out (keep, mask, keyed
// pseudonym, token, drop). It is parsed from YAML and validated once, up
// front, so a typo fails at start-up with the key that is wrong, not in the
// middle of the stream.
package policy

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"
	"unicode"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/yamlkey"
)

// Action is what happens to a piece of personal data in an output.
type Action string

// The actions a policy can name.
const (
	// Keep passes the value through unchanged. Use it only for recipients
	// with a lawful basis to see the raw data.
	Keep Action = "keep"
	// Mask replaces every letter and digit with '*', keeping punctuation so
	// the shape stays recognisable. Irreversible.
	Mask Action = "mask"
	// Pseudonymize replaces the value with a keyed HMAC-SHA256 pseudonym of
	// its normalised form: equal values give equal pseudonyms, so joins and
	// counts still work, but without the key nothing can be reversed or
	// guessed by dictionary. Pseudonymised data is still personal data.
	Pseudonymize Action = "pseudonymize"
	// Tokenize replaces the value with a deterministic, authenticated
	// encryption of it; holders of the token key can recover the value.
	Tokenize Action = "tokenize"
	// Drop removes the value: a whole field becomes null, a span inside free
	// text becomes "[REDACTED]".
	Drop Action = "drop"
)

var actions = []Action{Keep, Mask, Pseudonymize, Tokenize, Drop}

func (a Action) valid() bool { return slices.Contains(actions, a) }

// DefaultRecipient is the name of the recipient behind the default sanitized
// mirror topics.
const DefaultRecipient = "default"

// Policy is a validated policy. Build it with Parse or Load.
type Policy struct {
	// Version is an operator-chosen label recorded with every decision, so an
	// audit can tell which policy produced an output.
	Version string
	// SubjectKeys maps a table (as "schema.table" or bare "table") to the
	// column that identifies the data subject.
	SubjectKeys map[string]string
	// DefaultSubjectKey is used for tables without an entry in SubjectKeys.
	DefaultSubjectKey string
	// MinScore is the confidence below which findings are ignored.
	MinScore float64
	// Recipients, sorted by name; the default recipient is always present.
	Recipients []Recipient
	// Columns overrides detection for named columns ("table.column").
	Columns map[string]ColumnRule
}

// Recipient is one downstream consumer of sanitized data.
type Recipient struct {
	Name string
	// Topic is the output topic template; "{table}" is replaced by the source
	// table name (without schema), "{schema}", if present, by its schema, and
	// "{prefix}" by the CDC source's topic prefix. Tables of one name in two
	// schemas need {schema}, in two sources {prefix}: one topic would mix
	// their records, whose keys overwrite each other under compaction.
	Topic string
	// Purposes this recipient processes data for (Art. 5(1)(b)).
	Purposes []string
	// Tables limits the recipient to these tables; empty means all.
	Tables []string
	// own are the recipient's own category rules and base those of the
	// policy's defaults, each longest prefix first: a recipient's rule wins
	// over any default rule, even a longer one (user.contact: drop for a
	// recipient covers the e-mail the defaults pseudonymise).
	own, base []categoryRule
	dflt      Action // for categories no rule names
	// dfltKey is the policy key dflt comes from (defaults."*",
	// recipients.<name>.default), "" for the built-in mask: what a
	// check says decides a category no rule names.
	dfltKey string
	// resolved holds ActionFor's answer for every category the detectors
	// report and the columns rules name, worked out once: the engine asks
	// it for every field of every record, and walking the rules was 3% of
	// its instructions. Read only after build.
	resolved map[string]Action
}

type categoryRule struct {
	prefix string
	action Action
}

// longestFirst sorts rules longest prefix first, then by name.
func longestFirst(rules []categoryRule) {
	sort.Slice(rules, func(i, j int) bool {
		if len(rules[i].prefix) != len(rules[j].prefix) {
			return len(rules[i].prefix) > len(rules[j].prefix)
		}
		return rules[i].prefix < rules[j].prefix
	})
}

// ColumnRule pins what a column is, for data detectors cannot see (surrogate
// keys, free-text columns with a known purpose), and optionally its action.
type ColumnRule struct {
	// Category, when set, marks every non-empty value of the column as this
	// category whatever the detectors say.
	Category string
	// Action, when set, overrides the category actions for this column for
	// every recipient.
	Action Action
	// NotPersonal declares that the column holds no personal data: findings
	// in it are ignored. Use with care; it is recorded in the data map.
	NotPersonal bool
}

// UnderPrefix returns a copy of p whose output topics are named under
// prefix: "lethe.sanitized.{table}" becomes "<prefix>.sanitized.{table}",
// any other template "<prefix>.<template>". A run on a shared Kafka (the
// demo with --brokers, the bench) then writes nothing a deployment reads.
func (p *Policy) UnderPrefix(prefix string) *Policy {
	q := *p
	q.Recipients = slices.Clone(p.Recipients)
	for i := range q.Recipients {
		q.Recipients[i].Topic = prefix + "." + strings.TrimPrefix(q.Recipients[i].Topic, "lethe.")
	}
	return &q
}

// ActionFor returns the action for a category. Rules match on category
// prefixes at dot boundaries, longest first: a rule for "user.financial"
// covers "user.financial.bank_account" unless a longer rule names it. The
// recipient's own rules are looked up first, then the defaults', then the
// recipient's default action.
func (r *Recipient) ActionFor(category string) Action {
	if a, ok := r.resolved[category]; ok {
		return a
	}
	return r.actionFor(category)
}

// actionFor is ActionFor, from the rules.
func (r *Recipient) actionFor(category string) Action {
	if rule, _, ok := decidingRule(r, category); ok {
		return rule.action
	}
	return r.dflt
}

// decidingRule returns the rule that decides category for r (actionFor's
// lookup, also what decidesSpecial checks), and whether it is one of r's
// own rules (looked up before the defaults'); ok is false when only r's
// fallback decides.
func decidingRule(r *Recipient, category string) (rule categoryRule, own, ok bool) {
	if rule, ok := matchRule(r.own, category); ok {
		return rule, true, true
	}
	rule, ok = matchRule(r.base, category)
	return rule, false, ok
}

// matchRule returns the first rule (longest first) whose prefix covers
// category.
func matchRule(rules []categoryRule, category string) (categoryRule, bool) {
	for _, rule := range rules {
		if category == rule.prefix || (strings.HasPrefix(category, rule.prefix) && category[len(rule.prefix)] == '.') {
			return rule, true
		}
	}
	return categoryRule{}, false
}

// TopicFor returns the recipient's output topic for schema.table as input
// topic carries it: the template with {prefix} (the CDC source's topic
// prefix, see PrefixOf), {schema} and {table} replaced, and every character
// Kafka does not allow in a topic name made '_', as Debezium makes them in
// its own topics' names (table Größe: crm.public.Gr__e). TopicProblem says
// whether the result is still no topic name Kafka takes (too long).
func (r *Recipient) TopicFor(input, schema, table string) string {
	t := strings.ReplaceAll(r.Topic, "{prefix}", PrefixOf(input, schema, table))
	return LegalTopic(strings.ReplaceAll(strings.ReplaceAll(t, "{schema}", schema), "{table}", table))
}

// PrefixOf returns the CDC source's topic prefix of an input topic that
// carries schema.table: Debezium names it prefix.schema.table ("crm" of
// crm.public.customers), with the characters Kafka does not allow made '_'.
// A topic named otherwise is its own prefix.
func PrefixOf(topic, schema, table string) string {
	if p, ok := DebeziumPrefix(topic, schema, table); ok {
		return p
	}
	if p, ok := strings.CutSuffix(topic, "."+LegalTopic(table)); ok {
		return p
	}
	return topic
}

// DebeziumPrefix returns the prefix of topic when topic is named as
// Debezium names schema.table's: prefix.schema.table, with the characters
// Kafka does not allow made '_'.
func DebeziumPrefix(topic, schema, table string) (prefix string, ok bool) {
	return strings.CutSuffix(topic, "."+LegalTopic(schema)+"."+LegalTopic(table))
}

// LegalTopic returns name with every character Kafka does not allow in a
// topic name (anything but ASCII letters, digits, '.', '_' and '-') made
// '_', as Debezium makes them: per UTF-16 unit, so a character beyond the
// Basic Multilingual Plane (an emoji) becomes "__".
func LegalTopic(name string) string {
	legal := func(r rune) bool {
		return r == '.' || r == '_' || r == '-' || r >= '0' && r <= '9' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
	}
	if !strings.ContainsFunc(name, func(r rune) bool { return !legal(r) }) {
		return name
	}
	var b strings.Builder
	for _, r := range name {
		switch {
		case legal(r):
			b.WriteRune(r)
		case r > 0xFFFF:
			b.WriteString("__")
		default:
			b.WriteByte('_')
		}
	}
	return b.String()
}

// MaxTopicLen is the longest topic name Kafka takes.
const MaxTopicLen = 249

// TopicProblem says why Kafka would refuse a topic name made by LegalTopic,
// or "" when it takes it. It never quotes the name: a table's name comes
// from the records, and may hold anything.
func TopicProblem(name string) string {
	switch {
	case name == "" || name == "." || name == "..":
		return "is empty, \".\" or \"..\""
	case len(name) > MaxTopicLen:
		return fmt.Sprintf("is %d characters long, more than Kafka's %d", len(name), MaxTopicLen)
	}
	return ""
}

// ValidTopic reports whether Kafka takes name as a topic name: 1 to
// MaxTopicLen ASCII letters, digits, '.', '_' or '-', and not "." or "..".
func ValidTopic(name string) bool { return LegalTopic(name) == name && TopicProblem(name) == "" }

// TopicCollision is the name under which Kafka finds topics that collide:
// it refuses a topic whose name differs from an existing one's only in '.'
// and '_' (their metric names would be the same).
func TopicCollision(name string) string { return strings.ReplaceAll(name, ".", "_") }

// WantsTable reports whether the recipient receives the table.
func (r *Recipient) WantsTable(table string) bool {
	return len(r.Tables) == 0 || slices.Contains(r.Tables, table)
}

// SubjectKey returns the subject key column of a table given as schema and name.
func (p *Policy) SubjectKey(schema, table string) string {
	if k, ok := p.SubjectKeys[schema+"."+table]; ok {
		return k
	}
	if k, ok := p.SubjectKeys[table]; ok {
		return k
	}
	return p.DefaultSubjectKey
}

// Column returns the rule for a column, if the policy has one. Tables are
// looked up as "schema.table.column", then "table.column".
//
// A table's subject key without a rule of its own is a user.unique_id: the
// column that identifies the data subject is personal data (Art. 4(1)), and
// record keys and commands carry its pseudonym only if the policy says what
// it is. A rule of its own (even not_personal) wins.
func (p *Policy) Column(schema, table, column string) (ColumnRule, bool) {
	if r, ok := p.Columns[schema+"."+table+"."+column]; ok {
		return r, true
	}
	if r, ok := p.Columns[table+"."+column]; ok {
		return r, true
	}
	if column != "" && column == p.SubjectKey(schema, table) {
		return ColumnRule{Category: SubjectKeyCategory}, true
	}
	return ColumnRule{}, false
}

// Unmatched returns, sorted, the rules of the policy that name a table or
// a column none of columns (schema, table and column name) is: most often
// a typo ("custmers.notes"), which would otherwise do nothing without a
// word. The names come apart, not as "schema.table.column": a table's or
// a schema's name may hold a dot (Größe.Maß), and a split at the first
// dots reported rules that apply to such a table as typos (a review).
// Column rules, subject keys (the default one too: when no table it
// applies to has its column) and recipients' tables are checked. A column
// rule that names a column only ignoring case ("notes" for "Notes", as
// MySQL compares names) says so: names are compared exactly, as PostgreSQL
// does for quoted names. So does a recipient's table spelt as its topic
// spells it (K_ndigungen for Kündigungen), which the start cannot tell.
func (p *Policy) Unmatched(columns [][3]string) []string {
	var tables [][2]string
	cols := map[string]bool{}
	folded := map[string]string{} // lower case: the column's own spelling
	named := map[string]bool{}    // tables as the records name them
	spelt := map[string]string{}  // as a topic spells a table: its own name
	for _, c := range columns {
		schema, table, col := c[0], c[1], c[2]
		tables = append(tables, [2]string{schema, table})
		named[table], spelt[LegalTopic(table)] = true, table
		cols[table+"."+col], cols[schema+"."+table+"."+col] = true, true
		folded[strings.ToLower(table+"."+col)], folded[strings.ToLower(schema+"."+table+"."+col)] = table+"."+col, schema+"."+table+"."+col
	}
	out := p.unmatchedTables(tables)
	listed := map[string]bool{}
	for _, r := range out {
		listed[r] = true
	}
	for _, r := range p.Recipients {
		for _, table := range r.Tables {
			// UnmatchedTables compares names as topics spell them, all a
			// worker knows at start-up; WantsTable compares them exactly,
			// so K_ndigungen, spelt as the topic of Kündigungen, does
			// nothing.
			if rule := "recipients." + r.Name + ".tables: " + table; !listed[rule] && !named[table] {
				if have, ok := spelt[LegalTopic(table)]; ok {
					rule += " (the data map has " + have + ": tables are named as the database names them, not as topics spell them)"
				}
				out = append(out, rule)
			}
		}
	}
	for key := range p.Columns {
		if !cols[key] && !listed["columns."+key] {
			r := "columns." + key
			if have, ok := folded[strings.ToLower(key)]; ok {
				r += " (the data map has " + have + ": names are compared exactly)"
			}
			out = append(out, r)
		}
	}
	for table, col := range p.SubjectKeys {
		if !listed["subject_keys."+table] && !cols[table+"."+col] {
			out = append(out, "subject_keys."+table+": "+col)
		}
	}
	if col := p.DefaultSubjectKey; col != "" {
		// It names the subject's column of every table without a
		// subject_keys entry: when none of them has it (custmer_id),
		// every ERASE of theirs names no subject. A column some of them
		// lack is no typo.
		applies, has := false, false
		for _, t := range tables {
			qualified, table := t[0]+"."+t[1], t[1]
			if _, own := p.SubjectKeys[qualified]; own {
				continue
			}
			if _, own := p.SubjectKeys[table]; own {
				continue
			}
			applies, has = true, has || cols[qualified+"."+col]
		}
		if applies && !has {
			out = append(out, "default_subject_key: "+col)
		}
	}
	sort.Strings(out)
	return out
}

// highMinScore is the min_score above which a policy is warned about: the
// detectors score a tenth of the names they find 0.85 or less.
const highMinScore = 0.8

// Warnings returns what in the policy is valid but likely not meant, for
// lethe run --check to print and a worker to log at start-up: a min_score
// so high that personal data the detectors find passes unmasked (at 1,
// nothing they find is masked: only columns rules mark data then).
func (p *Policy) Warnings() []string {
	var ws []string
	if p.MinScore > highMinScore {
		ws = append(ws, fmt.Sprintf("min_score %v: findings scored below it pass unmasked, and the detectors score most names 0.85-0.9, streets at most 0.94, many phone numbers and postal codes below 0.95; at 0.98 or more no name is masked, at 1 almost nothing (0.5, the default, masks them)", p.MinScore))
	}
	ws = append(ws, p.overriddenSpecial()...)
	for i := range p.Recipients {
		if w := detectedSpecial(&p.Recipients[i]).warning(); w != "" {
			ws = append(ws, w)
		}
	}
	return ws
}

// overriddenSpecial warns of a recipient's own rule for a parent that
// decides a special category (Art. 9/10) otherwise than the defaults'
// longer rule for it: user.demographic: keep for a marketing recipient
// also keeps the religious belief the defaults drop, since a recipient's
// own rules win (a review). Valid and documented, but the defaults read
// as if that category were dropped for everyone.
func (p *Policy) overriddenSpecial() []string {
	var ws []string
	for i := range p.Recipients {
		r := &p.Recipients[i]
		cats := slices.Sorted(maps.Keys(r.resolved)) // every category a finding can carry
		seen := map[string]bool{}
		for _, c := range cats {
			if !special(c) {
				continue
			}
			own, byOwn := matchRule(r.own, c)
			base, byBase := matchRule(r.base, c)
			if !byOwn || !byBase || len(base.prefix) <= len(own.prefix) || base.action == own.action || seen[own.prefix+" "+base.prefix] {
				continue
			}
			seen[own.prefix+" "+base.prefix] = true
			ws = append(ws, fmt.Sprintf("recipients.%s.categories.%s: %s also decides %s, a special category of personal data (GDPR Art. 9/10), where defaults.%s says %s: a recipient's own rules win over the defaults', longer ones too; give the recipient a rule for %s if %s is not meant",
				r.Name, own.prefix, own.action, c, base.prefix, base.action, base.prefix, own.action))
		}
	}
	return ws
}

// UnmatchedTables returns, sorted, the rules of the policy that name a
// table none of tables ("schema.table") is. It is Unmatched for when only
// the tables are known: a worker checks it against its input topics at
// start-up, before any record has said which columns there are. Names are
// compared as topic names make them (LegalTopic: Kündigungen is
// K_ndigungen there).
func (p *Policy) UnmatchedTables(tables []string) []string {
	split := make([][2]string, 0, len(tables))
	for _, t := range tables {
		if schema, table, ok := strings.Cut(t, "."); ok {
			split = append(split, [2]string{schema, table})
		}
	}
	return p.unmatchedTables(split)
}

// unmatchedTables is UnmatchedTables of tables given as schema and name.
func (p *Policy) unmatchedTables(tables [][2]string) []string {
	known := map[string]bool{}
	for _, t := range tables {
		schema, table := t[0], t[1]
		known[LegalTopic(table)], known[LegalTopic(schema+"."+table)] = true, true
	}
	has := func(name string) bool { return known[LegalTopic(name)] }
	var out []string
	for key := range p.Columns {
		if i := strings.LastIndexByte(key, '.'); i > 0 && !has(key[:i]) {
			out = append(out, "columns."+key)
		}
	}
	for table := range p.SubjectKeys {
		if !has(table) {
			out = append(out, "subject_keys."+table)
		}
	}
	for _, r := range p.Recipients {
		for _, table := range r.Tables {
			if !has(table) {
				out = append(out, "recipients."+r.Name+".tables: "+table)
			}
		}
	}
	sort.Strings(out)
	return out
}

// SubjectKeyCategory is the category of a subject key column the policy
// says nothing else about.
const SubjectKeyCategory = "user.unique_id"

// file is the YAML shape; see deploy/policy.yaml for the documented example.
type file struct {
	Version           string                `yaml:"version"`
	DefaultSubjectKey string                `yaml:"default_subject_key"`
	SubjectKeys       map[string]string     `yaml:"subject_keys"`
	MinScore          *float64              `yaml:"min_score"`
	Defaults          map[string]Action     `yaml:"defaults"`
	Recipients        map[string]recipientF `yaml:"recipients"`
	Columns           map[string]columnF    `yaml:"columns"`
}

type recipientF struct {
	Topic      string            `yaml:"topic"`
	Purposes   []string          `yaml:"purposes"`
	Tables     []string          `yaml:"tables"`
	Default    Action            `yaml:"default"`
	Categories map[string]Action `yaml:"categories"`
}

type columnF struct {
	Category    string `yaml:"category"`
	Action      Action `yaml:"action"`
	NotPersonal bool   `yaml:"not_personal"`
}

// Load reads and validates a policy file.
func Load(path string) (*Policy, error) {
	b, err := yamlkey.ReadFile(path)
	if err != nil {
		return nil, err // it names the file and what failed
	}
	p, err := Parse(bytes.NewReader(b))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err) // callers say it is the policy
	}
	return p, nil
}

// Parse reads and validates a policy. Unknown keys are errors: a misspelt
// key must not silently fall back to a default.
func Parse(r io.Reader) (*Policy, error) {
	doc, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var f file
	if key, ok := yamlkey.EnvRef(doc); ok {
		// The policy is the record of what was decided, the same
		// wherever it runs; a review's version: ${POLICY_VERSION} went
		// into every output as it was written. Named before the decode
		// that refuses an unknown key: not shown unless plain.
		return nil, fmt.Errorf("%s: a ${NAME} reference, which a policy does not expand (only the config does): write the value", yamlkey.ShownKey(&f, key))
	}
	if key, problem := yamlkey.Decode(doc, &f); problem != "" {
		if strings.HasPrefix(key, "columns.") && strings.Count(key, ".") == 2 && strings.Contains(problem, "not found") {
			// columns: {customers: {email: ...}}: what the table of keys
			// (columns.<table>.<column>.category) seems to say.
			problem += `: a rule's key is "table.column" or "schema.table.column" in one (customers.email: {category: user.contact.email}), not nested`
		}
		return nil, fmt.Errorf("%s: %s", key, problem)
	}
	return build(f)
}

// Default returns the built-in policy, the one deploy/policy.yaml documents:
// Art. 25 safe defaults, where every category is at least masked.
func Default() *Policy {
	p, err := Parse(strings.NewReader(DefaultYAML))
	if err != nil {
		panic("policy: built-in default is invalid: " + err.Error())
	}
	return p
}

func build(f file) (*Policy, error) {
	p := &Policy{
		Version:           f.Version,
		SubjectKeys:       f.SubjectKeys,
		DefaultSubjectKey: f.DefaultSubjectKey,
		MinScore:          0.5,
		Columns:           map[string]ColumnRule{},
	}
	if p.Version == "" {
		return nil, errors.New("version: required (a label recorded with every decision)")
	}
	if problem := labelProblem(p.Version); problem != "" {
		return nil, fmt.Errorf("version: %s", problem)
	}
	if f.MinScore != nil {
		if !(*f.MinScore >= 0 && *f.MinScore <= 1) { // also rejects NaN
			return nil, fmt.Errorf("min_score: %v is outside [0,1]", *f.MinScore)
		}
		p.MinScore = *f.MinScore
	}
	for t, k := range f.SubjectKeys {
		if t == "" || k == "" {
			return nil, fmt.Errorf("subject_keys.%s: table and column must be non-empty", t)
		}
	}
	known, err := reachable(f.Columns)
	if err != nil {
		return nil, err
	}
	for k, a := range f.Defaults {
		if !a.valid() {
			return nil, fmt.Errorf("defaults.%s: unknown action %q (want one of %v)", k, a, actions)
		}
		if err := known.check(k); err != nil {
			return nil, fmt.Errorf("defaults.%s: %w", k, err)
		}
	}
	if len(f.Recipients) == 0 {
		f.Recipients = map[string]recipientF{}
	}
	for n := range f.Recipients {
		if problem := labelProblem(n); problem != "" {
			return nil, fmt.Errorf("recipients: the name %q %s", n, problem)
		}
		// The default recipient is there whether listed or not: a
		// misspelt "defualt" would make a second mirror and leave the
		// rules meant for the main one out of it.
		if n != DefaultRecipient && yamlkey.EditDistance(strings.ToLower(n), DefaultRecipient) <= 2 {
			return nil, fmt.Errorf("recipients.%s: did you mean %s? (the recipient %s, which feeds lethe.sanitized.<table>, is always there; name another recipient further from it)", n, DefaultRecipient, DefaultRecipient)
		}
	}
	_, listedDefault := f.Recipients[DefaultRecipient]
	if !listedDefault {
		f.Recipients[DefaultRecipient] = recipientF{}
	}
	names := make([]string, 0, len(f.Recipients))
	for n := range f.Recipients {
		names = append(names, n)
	}
	sort.Strings(names)
	topics := map[string]string{}
	for _, n := range names {
		rf := f.Recipients[n]
		key := "recipients." + n
		for _, tb := range rf.Tables {
			if tb == "" || strings.Contains(tb, ".") {
				// Output topics and this list name tables as Debezium's
				// topics do, without their schema: "public.customers"
				// would never match, and the recipient would get nothing.
				return nil, fmt.Errorf("%s.tables: %q: name a table without its schema (customers, not public.customers)", key, tb)
			}
		}
		rec := Recipient{Name: n, Topic: rf.Topic, Purposes: rf.Purposes, Tables: rf.Tables, dflt: Mask}
		if rec.Topic == "" {
			if n == DefaultRecipient {
				rec.Topic = "lethe.sanitized.{table}"
			} else {
				rec.Topic = "lethe.sanitized." + n + ".{table}"
			}
		}
		if !strings.Contains(rec.Topic, "{table}") {
			return nil, fmt.Errorf("%s.topic: %q must contain {table}", key, rec.Topic)
		}
		t := strings.NewReplacer("{prefix}", "p", "{schema}", "s", "{table}", "t").Replace(rec.Topic)
		if LegalTopic(t) != t {
			return nil, fmt.Errorf("%s.topic: %q holds characters Kafka does not allow in a topic name (want letters, digits, '.', '_', '-' and the {prefix}, {schema} and {table} placeholders)", key, rec.Topic)
		}
		if len(t) > MaxTopicLen {
			// Every table's topic would be refused, and its records
			// dead-lettered: a template of 260 characters, or a
			// recipient's name that long in the default one.
			return nil, fmt.Errorf("%s.topic: is %d characters long with one-letter names in its placeholders, more than Kafka's %d: every table's records would be dead-lettered", key, len(t), MaxTopicLen)
		}
		// Kafka takes names differing only in '.' and '_' for one topic.
		if other, dup := topics[TopicCollision(rec.Topic)]; dup {
			if n == DefaultRecipient && !listedDefault {
				// Name the key the file has: the default recipient's
				// topic is lethe.sanitized.{table} unless it is listed.
				return nil, fmt.Errorf("recipients.%s.topic: %q is also the topic of recipient %q, which is always there (Kafka takes '.' and '_' for the same)", other, rec.Topic, n)
			}
			return nil, fmt.Errorf("%s.topic: %q is also the topic of recipient %q (Kafka takes '.' and '_' for the same)", key, rec.Topic, other)
		}
		topics[TopicCollision(rec.Topic)] = n
		// Defaults apply to every recipient, its own categories first.
		for c, a := range f.Defaults {
			if c == "*" {
				rec.dflt, rec.dfltKey = a, `defaults."*"`
				continue
			}
			rec.base = append(rec.base, categoryRule{prefix: c, action: a})
		}
		for c, a := range rf.Categories {
			if !a.valid() {
				return nil, fmt.Errorf("%s.categories.%s: unknown action %q (want one of %v)", key, c, a, actions)
			}
			if c == "*" {
				rec.dflt, rec.dfltKey = a, key+`.categories."*"`
				continue
			}
			if err := known.check(c); err != nil {
				return nil, fmt.Errorf("%s.categories.%s: %w", key, c, err)
			}
			rec.own = append(rec.own, categoryRule{prefix: c, action: a})
		}
		if rf.Default != "" {
			if !rf.Default.valid() {
				return nil, fmt.Errorf("%s.default: unknown action %q (want one of %v)", key, rf.Default, actions)
			}
			if a, ok := rf.Categories["*"]; ok && a != rf.Default {
				// Two fallbacks that disagree: whichever won, the reader
				// of the file would expect the other.
				return nil, fmt.Errorf("%s.default: %q, but %s.categories.\"*\" says %q: set one of them", key, rf.Default, key, a)
			}
			rec.dflt, rec.dfltKey = rf.Default, key+".default"
		}
		longestFirst(rec.own)
		longestFirst(rec.base)
		p.Recipients = append(p.Recipients, rec)
	}
	for col, cf := range f.Columns {
		key := "columns." + col
		if strings.Count(col, ".") < 1 || slices.Contains(strings.Split(col, "."), "") {
			// ".email" or "customers." names no column there is.
			return nil, fmt.Errorf("%s: want \"table.column\" or \"schema.table.column\"", key)
		}
		if cf == (columnF{}) {
			// {} or nothing: it would only take away what a subject
			// key column is without a rule (a user.unique_id).
			return nil, fmt.Errorf("%s: the rule sets nothing: give it a category, an action or not_personal: true", key)
		}
		if cf.Action != "" && !cf.Action.valid() {
			return nil, fmt.Errorf("%s.action: unknown action %q (want one of %v)", key, cf.Action, actions)
		}
		if cf.NotPersonal && (cf.Category != "" || cf.Action != "") {
			return nil, fmt.Errorf("%s: not_personal cannot be combined with category or action", key)
		}
		p.Columns[col] = ColumnRule(cf)
		if err := p.decidesSpecial(col, cf); err != nil {
			return nil, fmt.Errorf("%s.category: %w", key, err)
		}
	}
	for i := range p.Recipients {
		if err := detectedSpecial(&p.Recipients[i]).err(); err != nil {
			return nil, err
		}
	}
	p.resolve()
	return p, nil
}

// resolve fills each recipient's resolved actions: for the categories the
// detectors report, the one a subject key takes, the generic "user" of a
// column's action, and those the columns rules name.
func (p *Policy) resolve() {
	cats := []string{SubjectKeyCategory, "user"}
	for _, c := range pii.Categories() {
		cats = append(cats, string(c))
	}
	p.share(cats)
	for _, r := range p.Columns {
		if r.Category != "" && !slices.Contains(cats, r.Category) {
			cats = append(cats, r.Category)
		}
	}
	for i := range p.Recipients {
		r := &p.Recipients[i]
		r.resolved = make(map[string]Action, len(cats))
		for _, c := range cats {
			r.resolved[c] = r.actionFor(c)
		}
	}
}

// share makes the categories and actions of the rules the very strings of
// cats and of the actions' constants where they are equal to one, not
// copies read from the file: the engine compares them for every finding
// (ActionFor's map, its counts, its notes), and two strings that share
// their bytes compare without reading them.
func (p *Policy) share(cats []string) {
	for col, r := range p.Columns {
		r.Category, r.Action = sameAs(r.Category, cats), sameAs(r.Action, actions)
		p.Columns[col] = r
	}
	for i := range p.Recipients {
		r := &p.Recipients[i]
		for _, rules := range [][]categoryRule{r.own, r.base} {
			for k := range rules {
				rules[k].action = sameAs(rules[k].action, actions)
			}
		}
		r.dflt = sameAs(r.dflt, actions)
	}
}

// sameAs returns the element of of equal to v, or v when none is.
func sameAs[T comparable](v T, of []T) T {
	if i := slices.Index(of, v); i >= 0 {
		return of[i]
	}
	return v
}

// maxLabel is the longest policy version or recipient name: both go into
// every sanitized record.
const maxLabel = 256

// labelProblem says why s is no label for a policy's version or a
// recipient's name, or "": blank, longer than maxLabel bytes, or holding a
// control character (a newline). Either goes into every sanitized record,
// and a long one made every record too large (a review's 100 KB version).
func labelProblem(s string) string {
	switch {
	case strings.TrimSpace(s) == "":
		return "is blank"
	case len(s) > maxLabel:
		return fmt.Sprintf("is %d bytes long, more than %d: it goes into every sanitized record", len(s), maxLabel)
	case strings.ContainsFunc(s, unicode.IsControl):
		return "holds a control character (a newline, a tab)"
	}
	return ""
}

// specialCategories are the prefixes of special categories of personal data
// (Art. 9) and of criminal records (Art. 10), under fideslang's v2 and v3
// names.
var specialCategories = []string{
	"user.health_and_medical", "user.health", "user.genetic", "user.biometric", "user.biometrics",
	"user.biometric_health", "user.authorization.biometric", "user.authorization.biometrics",
	"user.sexual_orientation", "user.demographic.sexual_orientation", "user.political_opinion",
	"user.demographic.political_opinion", "user.religious_belief", "user.demographic.religious_belief",
	"user.demographic.philosophical_belief", "user.race", "user.demographic.race_ethnicity",
	"user.demographic.union_membership", "user.criminal_history",
}

// special reports whether category is or falls under a special category.
func special(category string) bool {
	for _, sc := range specialCategories {
		if category == sc || strings.HasPrefix(category, sc+".") {
			return true
		}
	}
	return false
}

// decidesSpecial checks that a columns rule assigning a special category
// meets a decision for it: its own action, or, for every recipient of its
// table, a rule naming the category or a parent of it. A "*" fallback
// (mask, by default) must not decide the fate of health data: a masked
// "HIV" is "***". Nor must a rule for user, which every category falls
// under: it is that fallback by another name.
func (p *Policy) decidesSpecial(col string, cf columnF) error {
	if !special(cf.Category) || cf.Action != "" {
		return nil
	}
	parts := strings.Split(col, ".")
	table := parts[len(parts)-2]
	for i := range p.Recipients {
		r := &p.Recipients[i]
		if !r.WantsTable(table) {
			continue
		}
		switch rule, own, ok := decidingRule(r, cf.Category); {
		case !ok:
			return fmt.Errorf("%s is a special category of personal data (GDPR Art. 9/10), and no rule names it for recipient %q, whose fallback would %s it: add a rule for it (defaults: {%s: drop}) or an action to the column",
				cf.Category, r.Name, r.dflt, cf.Category)
		case rule.prefix == "user":
			// Every category falls under user: its rule is the
			// fallback by another name, and decides nothing about
			// health data in particular. The recipient's own rule
			// wins over any of the defaults', so that is where the
			// rule for the category must go then.
			where := "defaults: {" + cf.Category + ": drop}"
			if own {
				where = "recipients." + r.Name + ".categories: {" + cf.Category + ": drop}"
			}
			return fmt.Errorf("%s is a special category of personal data (GDPR Art. 9/10), and for recipient %q only a rule for user, which covers every category, would decide it (%s): add a rule for it (%s) or an action to the column",
				cf.Category, r.Name, rule.action, where)
		}
	}
	return nil
}

// detectableSpecial are the special categories (Art. 9/10) lethe's
// detectors report on their own, in the order pii.Categories lists them:
// keywords in free text and values, in any column of any table.
var detectableSpecial = func() []string {
	var cats []string
	for _, c := range pii.Categories() {
		if special(string(c)) {
			cats = append(cats, string(c))
		}
	}
	return cats
}()

// unnamedSpecial is what detectedSpecial finds for a recipient: the
// special categories the detectors report that no rule naming them (or a
// parent other than user) decides for it, what decides them instead (one
// thing for all of them: the recipient's own rule for user, else the
// defaults' one, else its fallback) and with which action.
type unnamedSpecial struct {
	recipient string
	cats      []string
	action    Action
	by        string // the deciding policy key, "" for the built-in mask
	own       bool   // by is the recipient's own rule for user
}

// detectedSpecial checks r against the special categories lethe's
// detectors report on their own (detectableSpecial). A columns rule that
// assigns one must meet a rule naming it (decidesSpecial); a detector's
// finding can turn up in any column, so every recipient needs one: without
// it the "*" fallback, the recipient's default or a rule for user decides,
// and those were written for every other category. A rule naming the
// category or a parent below user decides it as meant, whatever its
// action (research: {user.health_and_medical: keep} is a choice). So does
// a recipient's own rule for user when a defaults' rule naming the
// category says the same, or says otherwise but the recipient's does not
// keep: overriddenSpecial warns of that.
func detectedSpecial(r *Recipient) unnamedSpecial {
	u := unnamedSpecial{recipient: r.Name, action: r.dflt, by: r.dfltKey}
	for _, c := range detectableSpecial {
		rule, own, ok := decidingRule(r, c)
		if ok && rule.prefix != "user" {
			continue
		}
		if own {
			if b, named := matchRule(r.base, c); named && b.prefix != "user" && (b.action == rule.action || rule.action != Keep) {
				continue
			}
		}
		if ok {
			u.action, u.own, u.by = rule.action, own, "defaults.user"
			if own {
				u.by = "recipients." + r.Name + ".categories.user"
			}
		}
		u.cats = append(u.cats, c)
	}
	return u
}

// decider names what decides u's categories.
func (u unnamedSpecial) decider() string {
	if u.by == "" {
		return "the built-in fallback (" + string(u.action) + ")"
	}
	return u.by + ": " + string(u.action)
}

// fix says where the rules u lacks go, with the rules written out.
func (u unnamedSpecial) fix() string {
	rules := make([]string, len(u.cats))
	for i, c := range u.cats {
		rules[i] = c + ": drop"
	}
	own := "recipients." + u.recipient + ".categories"
	if u.own {
		// The recipient's own rule for user wins over every rule of
		// the defaults: the missing rules must be its own.
		return "to " + own + " ({" + strings.Join(rules, ", ") + "}; its own rule for user wins over the defaults' rules)"
	}
	return "to defaults (defaults: {" + strings.Join(rules, ", ") + "}) or to " + own
}

// list joins categories as a sentence does.
func list(cats []string) string {
	if len(cats) < 2 {
		return strings.Join(cats, "")
	}
	return strings.Join(cats[:len(cats)-1], ", ") + " and " + cats[len(cats)-1]
}

// err refuses a keep: the recipient would get the categories raw.
func (u unnamedSpecial) err() error {
	if len(u.cats) == 0 || u.action != Keep {
		return nil
	}
	return fmt.Errorf("recipients.%s: %s decides %s for it, special categories of personal data (GDPR Art. 9/10) that lethe's detectors find in any column and in free text, and no rule names them: it would get them raw. Add a rule naming each (or a parent other than user) %s; name them with keep if the recipient may have them raw",
		u.recipient, u.decider(), list(u.cats), u.fix())
}

// spoils says what an action other than drop leaves of a special
// category's value.
var spoils = map[Action]string{
	Mask:         `a masked "HIV" is "***", its length and punctuation shown`,
	Pseudonymize: "equal values share a pseudonym, which is still personal data",
	Tokenize:     "whoever holds the token key reads them",
}

// warning warns of categories a fallback or a rule for user decides with
// an action that leaks nothing raw but is not drop: valid (the default
// policy masks what it does not name), but nobody chose it for them.
// Dropped, nothing of them is written, and nothing is said.
func (u unnamedSpecial) warning() string {
	if len(u.cats) == 0 || u.action == Keep || u.action == Drop {
		return ""
	}
	return fmt.Sprintf("recipients.%s: %s, special categories of personal data (GDPR Art. 9/10) that lethe's detectors find in any column and in free text, are decided by %s, as no rule names them (%s); add a rule naming each %s if %s is not meant",
		u.recipient, list(u.cats), u.decider(), spoils[u.action], u.fix(), u.action)
}

// categorySet holds every category a finding can carry under a policy: those
// lethe's detectors report and those its columns rules assign.
type categorySet []string

// reachable collects the categories findings can carry, checking the shape
// of the ones columns rules assign: a column may name any fideslang user
// category, also one lethe cannot detect (user.contact.fax_number).
func reachable(cols map[string]columnF) (categorySet, error) {
	var set categorySet
	for _, c := range pii.Categories() {
		set = append(set, string(c))
	}
	for col, cf := range cols {
		if cf.Category == "" {
			continue
		}
		if !wellFormed(cf.Category) {
			return nil, fmt.Errorf("columns.%s.category: %q is not a fideslang user data category (\"user\" and lower-case dot-separated names, e.g. user.contact.email)", col, cf.Category)
		}
		if near := typoOf(cf.Category); near != "" {
			return nil, fmt.Errorf("columns.%s.category: %q is not a category lethe reports or fideslang names; did you mean %s?", col, cf.Category, near)
		}
		set = append(set, cf.Category)
	}
	return set, nil
}

// taxonomy is what typoOf compares with: the categories lethe reports and
// fideslang's user data categories, those of its v2 and v3 taxonomies.
var taxonomy = func() categorySet {
	set := categorySet{
		"user.account", "user.account.settings", "user.account.username", "user.authorization",
		"user.authorization.biometrics", "user.authorization.credentials", "user.authorization.password",
		"user.behavior", "user.behavior.browsing_history", "user.behavior.media_consumption",
		"user.behavior.purchase_history", "user.behavior.search_history", "user.biometrics",
		"user.biometrics.fingerprint", "user.biometrics.retinal", "user.biometrics.voice", "user.children",
		"user.contact", "user.contact.address", "user.contact.address.city", "user.contact.address.country",
		"user.contact.address.postal_code", "user.contact.address.state", "user.contact.address.street",
		"user.contact.email", "user.contact.fax_number", "user.contact.phone_number", "user.contact.social_url",
		"user.contact.url", "user.content", "user.content.private", "user.content.public", "user.content.self_image",
		"user.criminal_history", "user.demographic", "user.demographic.age_range", "user.demographic.date_of_birth",
		"user.demographic.gender", "user.demographic.language", "user.demographic.marital_status",
		"user.demographic.political_opinion", "user.demographic.profile", "user.demographic.race_ethnicity",
		"user.demographic.religious_belief", "user.demographic.sexual_orientation", "user.device",
		"user.device.cookie", "user.device.cookie_id", "user.device.device_id", "user.device.ip_address",
		"user.device.telemetry", "user.employment", "user.financial", "user.financial.bank_account",
		"user.financial.credit_card", "user.government_id", "user.government_id.birth_certificate",
		"user.government_id.drivers_license_number", "user.government_id.immigration",
		"user.government_id.national_identification_number", "user.government_id.passport_number",
		"user.government_id.vehicle_registration", "user.health", "user.health_and_medical", "user.job_title",
		"user.location", "user.location.coarse", "user.location.imprecise", "user.location.precise", "user.name",
		"user.name.first", "user.name.last", "user.payment", "user.privacy_preferences", "user.sensor",
		"user.social_activity", "user.unique_id", "user.unique_id.pseudonymous", "user.workplace",
		// v3's other keys (two spelt as fideslang spells them: symptons,
		// probablistic), and v2's that v3.2 deprecated but still ships.
		"user.children.children_under_thirteen", "user.children.thirteen_to_sixteen",
		"user.contact.address.mailing_address", "user.demographic.citizenship_or_immigration_status",
		"user.demographic.philosophical_belief", "user.demographic.union_membership",
		"user.demographic.protected_classifications", "user.device.sensor", "user.employment.workplace",
		"user.health.treatment", "user.health.prescriptions", "user.health.symptoms", "user.health.symptons", "user.health.medications",
		"user.health.reproductive_or_sexual", "user.health.genetic", "user.health.social_psychological_behavioral",
		"user.health.medical_diagnosis", "user.health.condition", "user.health.record_id",
		"user.health.insurance_beneficiary_id", "user.unique_id.probabilistic", "user.unique_id.probablistic", "user.unique_id.deterministic",
		"user.biometric", "user.biometric.fingerprint", "user.biometric.retinal", "user.biometric.voice",
		"user.biometric.health", "user.biometric_health", "user.childrens", "user.authorization.biometric",
		"user.health_and_medical.genetic", "user.health_and_medical.insurance_beneficiary_id",
		"user.health_and_medical.record_id", "user.political_opinion", "user.race", "user.religious_belief",
		"user.sexual_orientation", "user.genetic", "user.observed", "user.derived", "user.provided",
	}
	for _, c := range pii.Categories() {
		set = append(set, string(c))
	}
	return set
}()

// typoOf returns the known category c is one or two edits away from, if it
// is not itself known: "user.uniqe_id" names no data lethe or fideslang
// knows, and a columns rule naming it would route the column's data to a
// category no defaults or recipients rule covers. A category further from
// every known one (user.loyalty_card) is an extension and allowed.
func typoOf(c string) string {
	best, bestD := "", 3
	for _, k := range taxonomy {
		if k == c {
			return ""
		}
		if d := yamlkey.EditDistance(c, k); d < bestD {
			best, bestD = k, d
		}
	}
	return best
}

// wellFormed reports whether c reads as a fideslang user data category.
func wellFormed(c string) bool {
	if c != "user" && !strings.HasPrefix(c, "user.") {
		return false
	}
	for _, part := range strings.Split(c, ".") {
		if part == "" || strings.Trim(part, "abcdefghijklmnopqrstuvwxyz0123456789_") != "" {
			return false
		}
	}
	return true
}

// check reports why a rule for category prefix k would never apply: no
// finding can carry k or a category under it. A misspelt "user.financal:
// drop" must not silently leave bank accounts to the "*" rule.
func (s categorySet) check(k string) error {
	if k == "*" {
		return nil
	}
	for _, c := range s {
		if c == k || strings.HasPrefix(c, k) && c[len(k)] == '.' {
			return nil
		}
	}
	if !wellFormed(k) {
		return errors.New(`not a fideslang user data category ("user" and lower-case dot-separated names, e.g. user.contact.email)`)
	}
	msg := "no category lethe reports or a columns rule assigns is or falls under it, so the rule would never apply"
	if near := s.nearest(k); near != "" {
		msg += "; did you mean " + near + "?"
	}
	return errors.New(msg)
}

// nearest returns the category or category prefix closest to k in edit
// distance, if it is close enough to be a typo of it.
func (s categorySet) nearest(k string) string {
	best, bestD := "", 4
	for _, c := range s {
		for p := c; ; {
			if d := yamlkey.EditDistance(k, p); d < bestD {
				best, bestD = p, d
			}
			i := strings.LastIndexByte(p, '.')
			if i < 0 {
				break
			}
			p = p[:i]
		}
	}
	return best
}
