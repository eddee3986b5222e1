package policy

import (
	"fmt"
	"maps"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unsafe"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

func TestDefaultPolicyActions(t *testing.T) {
	p := Default()
	if len(p.Recipients) != 1 || p.Recipients[0].Name != DefaultRecipient {
		t.Fatalf("recipients = %+v, want only default", p.Recipients)
	}
	r := &p.Recipients[0]
	for _, tc := range []struct {
		cat  string
		want Action
	}{
		{"user.contact.email", Pseudonymize},
		{"user.contact.phone_number", Mask},
		{"user.financial.bank_account", Drop},
		{"user.financial", Drop},
		{"user.contact.address.street", Mask},
		{"user.contact.address.country", Keep},
		{"user.name.first", Pseudonymize},
		{"user.government_id.national_identification_number", Drop},
		{"user.somethingnew", Mask},
		{"user.contact.emailx", Mask}, // prefix only at dot boundaries
	} {
		if got := r.ActionFor(tc.cat); got != tc.want {
			t.Errorf("ActionFor(%s) = %s, want %s", tc.cat, got, tc.want)
		}
	}
	if got := r.TopicFor("crm.public.customers", "public", "customers"); got != "lethe.sanitized.customers" {
		t.Errorf("TopicFor = %s", got)
	}
	if got := p.SubjectKey("public", "orders"); got != "customer_id" {
		t.Errorf("SubjectKey = %s", got)
	}
	if c, ok := p.Column("public", "orders", "customer_id"); !ok || c.Category != "user.unique_id" {
		t.Errorf("Column(orders.customer_id) = %+v, %v", c, ok)
	}
	if c, ok := p.Column("public", "tickets", "agent"); !ok || c.Category != "user.unique_id" {
		t.Errorf("Column(tickets.agent) = %+v, %v", c, ok)
	}
}

// A topic template may name the schema: tables of one name in two schemas
// then get topics of their own.
func TestTopicForSchema(t *testing.T) {
	p, err := Parse(strings.NewReader("version: x\nrecipients: {default: {topic: \"lethe.sanitized.{schema}.{table}\"}}"))
	if err != nil {
		t.Fatal(err)
	}
	r := &p.Recipients[0]
	if a, b := r.TopicFor("crm.public.customers", "public", "customers"), r.TopicFor("crm.legacy.customers", "legacy", "customers"); a != "lethe.sanitized.public.customers" || b != "lethe.sanitized.legacy.customers" {
		t.Fatalf("topics %s and %s", a, b)
	}
}

func TestDeployCopyMatchesBuiltIn(t *testing.T) {
	b, err := os.ReadFile("../../deploy/policy.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if string(b) != DefaultYAML {
		t.Fatal("deploy/policy.yaml differs from pipeline/policy/default.yaml; copy one onto the other")
	}
}

func TestRecipientsAndOverrides(t *testing.T) {
	p, err := Parse(strings.NewReader(`
version: v2
defaults: {"*": drop, user.contact: mask}
recipients:
  analytics:
    purposes: [analytics]
    tables: [orders]
    categories: {user.contact.email: pseudonymize}
columns:
  public.tickets.subject: {not_personal: true}
`))
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Recipients) != 2 || p.Recipients[0].Name != "analytics" || p.Recipients[1].Name != "default" {
		t.Fatalf("recipients %+v", p.Recipients)
	}
	a := &p.Recipients[0]
	if a.TopicFor("crm.public.orders", "public", "orders") != "lethe.sanitized.analytics.orders" || !a.WantsTable("orders") || a.WantsTable("customers") {
		t.Errorf("analytics topic/tables wrong: %s", a.TopicFor("crm.public.orders", "public", "orders"))
	}
	if a.ActionFor("user.contact.email") != Pseudonymize || a.ActionFor("user.contact.phone_number") != Mask || a.ActionFor("user.name") != Drop {
		t.Error("analytics actions wrong")
	}
	if d := &p.Recipients[1]; d.ActionFor("user.contact.email") != Mask {
		t.Error("recipient rule leaked into default")
	}
	if c, ok := p.Column("public", "tickets", "subject"); !ok || !c.NotPersonal {
		t.Error("schema-qualified column rule not found")
	}
}

// A recipient's own rule wins over the defaults' rules, even longer ones: a
// recipient that drops user.contact must not get the e-mail address the
// defaults pseudonymise, nor the country they keep.
func TestRecipientRulesBeforeDefaults(t *testing.T) {
	p, err := Parse(strings.NewReader(`
version: v3
defaults: {"*": mask, user.contact.email: pseudonymize, user.contact.address.country: keep, user.name: pseudonymize}
recipients:
  marketing:
    categories: {user.contact: drop, user.name.first: keep}
    default: tokenize
`))
	if err != nil {
		t.Fatal(err)
	}
	m := &p.Recipients[slices.IndexFunc(p.Recipients, func(r Recipient) bool { return r.Name == "marketing" })]
	for cat, want := range map[string]Action{
		"user.contact.email":           Drop,         // own user.contact beats the longer default rule
		"user.contact.address.country": Drop,         // likewise
		"user.name.first":              Keep,         // own, longer
		"user.name.last":               Pseudonymize, // no own rule: the defaults'
		"user.somethingnew":            Tokenize,     // no rule at all: the recipient's default
	} {
		if got := m.ActionFor(cat); got != want {
			t.Errorf("marketing ActionFor(%s) = %s, want %s", cat, got, want)
		}
	}
	d := &p.Recipients[slices.IndexFunc(p.Recipients, func(r Recipient) bool { return r.Name == DefaultRecipient })]
	if d.ActionFor("user.contact.email") != Pseudonymize || d.ActionFor("user.somethingnew") != Mask {
		t.Error("the default recipient does not follow the defaults")
	}
}

// Rules may name any category a finding can carry: one the detectors
// report, a parent of one, or one a columns rule assigns.
func TestCategoryRulesThatApply(t *testing.T) {
	for _, y := range []string{
		"version: x\ndefaults: {user: mask, user.financial: drop, user.contact.address.postal_code: keep}",
		"version: x\ncolumns: {t.fax: {category: user.contact.fax_number}}\nrecipients: {crm: {categories: {user.contact.fax_number: drop}}}",
		"version: x\ncolumns: {t.card: {category: user.loyalty_card}}\ndefaults: {user.loyalty_card: drop}",     // an extension, far from any known category
		"version: x\ncolumns: {t.fp: {category: user.biometric.fingerprint}}\ndefaults: {user.biometric: drop}", // fideslang v2, deprecated in v3.2
	} {
		if _, err := Parse(strings.NewReader(y)); err != nil {
			t.Errorf("%q: %v", y, err)
		}
	}
}

func TestInvalidPolicies(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, want string
	}{
		{"no version", `defaults: {}`, "version: required"},
		{"schema-qualified recipient table", "version: x\nrecipients: {a: {tables: [public.customers]}}", "recipients.a.tables: \"public.customers\": name a table without its schema"},
		{"typo key", "version: x\ndefualts: {}", "defualts: line 2: field defualts not found"},
		{"nested typo key", "version: x\nrecipients:\n  crm:\n    categorys: {}\n", "recipients.crm.categorys: line 4: field categorys not found"},
		{"wrong type", "version: x\nmin_score: high\n", "min_score: line 2: got !!str, want a number"},
		{"bad action", "version: x\ndefaults: {user.name: hide}", `defaults.user.name: unknown action "hide"`},
		{"bad recipient action", "version: x\nrecipients: {crm: {categories: {user.name: nope}}}", "recipients.crm.categories.user.name"},
		{"topic without table", "version: x\nrecipients: {crm: {topic: out}}", "recipients.crm.topic"},
		{"duplicate topic", "version: x\nrecipients: {a: {topic: \"t.{table}\"}, b: {topic: \"t.{table}\"}}", "also the topic"},
		{"not fideslang", "version: x\ndefaults: {email: mask}", "defaults"},
		{"min score", "version: x\nmin_score: 2", "min_score"},
		{"min score NaN", "version: x\nmin_score: .nan", "min_score"},
		{"column", "version: x\ncolumns: {nodot: {action: drop}}", "columns.nodot"},
		// The README's table of keys reads columns.<table>.<column>.category.
		{"columns nested", "version: x\ncolumns:\n  customers:\n    email: {category: user.contact.email}\n",
			"columns.customers.email: line 4: field email not found: a rule's key is \"table.column\"*not nested"},
		{"column rule typo", "version: x\ncolumns:\n  customers.email: {categroy: user.contact.email}\n", "columns.customers.email.categroy: line 3: field categroy not found"},
		{"column conflict", "version: x\ncolumns: {t.c: {not_personal: true, action: keep}}", "not_personal"},
		// A misspelt category would leave its data to the "*" rule.
		{"category typo", "version: x\ndefaults: {user.financal: drop}", "defaults.user.financal: no category lethe reports or a columns rule assigns is or falls under it, so the rule would never apply; did you mean user.financial?"},
		{"environment reference", "version: ${POLICY_VERSION}\n", "version: a ${NAME} reference, which a policy does not expand"},
		{"environment reference in a key", "version: x\n# ${X} in a comment is fine\nrecipients: {crm: {topic: \"crm.${ENV}.{table}\"}}", "recipients.crm.topic: a ${NAME} reference"},
		{"default recipient typo", "version: x\nrecipients: {defualt: {categories: {user.contact: drop}}}", "recipients.defualt: did you mean default?*always there"},
		{"default recipient capitalised", "version: x\nrecipients: {Default: {default: drop}}", "recipients.Default: did you mean default?"},
		{"recipient category typo", "version: x\nrecipients: {crm: {categories: {user.contact.emial: keep}}}", "recipients.crm.categories.user.contact.emial: no category" + `*` + "did you mean user.contact.email?"},
		{"category too far from any", "version: x\ndefaults: {user.shoe_size: drop}", "defaults.user.shoe_size: no category"},
		{"user prefix only", "version: x\ndefaults: {userx: keep}", "defaults.userx: not a fideslang user data category"},
		{"column category shape", "version: x\ncolumns: {t.c: {category: user.Contact..x}}", "columns.t.c.category"},
		{"two documents", "version: v1\n---\ndefaults: {user: drop}\n", "yaml: a second YAML document starts at line 2"},
		{"two fallbacks", "version: x\nrecipients: {crm: {default: drop, categories: {\"*\": keep}}}", `recipients.crm.default: "drop", but recipients.crm.categories."*" says "keep"`},
		{"column category typo", "version: x\ncolumns: {tickets.agent: {category: user.uniqe_id}}", "columns.tickets.agent.category: \"user.uniqe_id\"*did you mean user.unique_id?"},
		// A shell's default is no reference either: it went into every output as written.
		{"environment reference with a default", "version: ${POLICY_VERSION:-v1}\n", "version: a ${NAME} reference"},
		// under an unknown key, which may be a secret typed as a key (a leak hunt)
		{"environment reference under a passphrase", "version: x\ncorrect horse s3cret: ${X}\n", "<key not shown>: a ${NAME} reference"},
		// yaml.v3 drops a null key, and with it the rule.
		{"null category", "version: x\ndefaults: {~: keep}", "defaults: line 2: an empty key"},
		{"null column", "version: x\ncolumns:\n  null: {action: drop}\n", "columns: line 3: an empty key"},
		{"null recipient", "version: x\nrecipients:\n  ~: {topic: \"x.{table}\"}\n", "recipients: line 3: an empty key"},
		// The version and a recipient's name go into every sanitized record.
		{"blank version", "version: \"   \"\n", "version: is blank"},
		{"version with a newline", "version: \"v1\\nv2\"\n", "version: holds a control character"},
		{"long version", "version: " + strings.Repeat("v", 257) + "\n", "version: is 257 bytes long, more than 256"},
		{"long recipient name", "version: x\nrecipients: {" + strings.Repeat("r", 257) + ": {topic: \"r.{table}\"}}", "is 257 bytes long"},
		{"recipient name with a tab", "version: x\nrecipients: {\"a\\tb\": {topic: \"r.{table}\"}}", `recipients: the name "a\tb" holds a control character`},
		// Every table's topic would be refused and its records dead-lettered.
		{"long topic template", "version: x\nrecipients: {a: {topic: \"" + strings.Repeat("a", 248) + ".{table}\"}}", "recipients.a.topic: is 250 characters long with one-letter names*more than Kafka's 249"},
		{"long recipient name in the default topic", "version: x\nrecipients: {" + strings.Repeat("r", 240) + ": {}}", "topic: is 258 characters long"},
		// ".email" or "customers." names no column there is.
		{"column without a table", "version: x\ncolumns: {.email: {action: drop}}", "columns..email: want"},
		{"column without a name", "version: x\ncolumns: {customers.: {action: drop}}", "columns.customers.: want"},
		{"column with an empty part", "version: x\ncolumns: {public..email: {action: drop}}", "columns.public..email: want"},
		// An empty rule only took the subject key's user.unique_id away.
		{"empty column rule", "version: x\ncolumns: {customers.customer_id: {}}", "columns.customers.customer_id: the rule sets nothing"},
		{"null column rule", "version: x\ncolumns:\n  customers.customer_id:\n", "columns.customers.customer_id: the rule sets nothing"},
		// An action is a word: not "want a mapping", as yaml.v3's type
		// name policy.Action made the message say.
		{"column action not a word", "version: x\ncolumns: {t.c: {action: [drop]}}", "columns.t.c.action: line 2: got !!seq, want one of keep, mask, pseudonymize, tokenize or drop"},
		{"default action not a word", "version: x\ndefaults:\n  user.name: [drop]\n", "defaults.user.name: line 3: got !!seq, want one of keep, mask"},
		{"column rule of not_personal: false", "version: x\ncolumns: {customers.notes: {not_personal: false}}", "the rule sets nothing"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(strings.NewReader(tc.yaml))
			if err == nil {
				t.Fatalf("accepted; want an error mentioning %q", tc.want)
			}
			for _, part := range strings.Split(tc.want, "*") {
				if !strings.Contains(err.Error(), part) {
					t.Fatalf("err = %v, want it to mention %q", err, part)
				}
			}
		})
	}
}

func TestUnderPrefix(t *testing.T) {
	p, err := Parse(strings.NewReader("version: x\nrecipients: {crm: {}, bi: {topic: \"bi.{table}\"}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	q := p.UnderPrefix("lethe-demo")
	want := map[string]string{"default": "lethe-demo.sanitized.{table}", "crm": "lethe-demo.sanitized.crm.{table}", "bi": "lethe-demo.bi.{table}"}
	for _, r := range q.Recipients {
		if r.Topic != want[r.Name] {
			t.Errorf("recipient %s: topic %q, want %q", r.Name, r.Topic, want[r.Name])
		}
	}
	for _, r := range p.Recipients {
		if strings.HasPrefix(r.Topic, "lethe-demo.") {
			t.Errorf("UnderPrefix changed the original policy's recipient %s", r.Name)
		}
	}
}

// A columns rule that assigns a special category (Art. 9/10) must meet a
// decision: a rule naming it or a parent for every recipient of the table,
// or an action of its own. The "*" fallback (mask) does not decide it.
func TestSpecialCategoryColumnsNeedADecision(t *testing.T) {
	base := "version: s\ndefaults: {\"*\": mask, user.demographic: drop}\n"
	// Where the error says the rule goes: a recipient's own rule for
	// user wins over any of the defaults', so there a rule of its own.
	fixes := map[string]string{
		"only the rule for user":                                   "defaults: {user.health.medical_diagnosis: drop}",
		"a recipient's own rule for user beats the defaults' rule": "recipients.research.categories: {user.health.medical_diagnosis: drop}",
	}
	for _, tc := range []struct {
		name, yaml string
		ok         bool
	}{
		{"v3 health name, no rule", base + "columns: {t.diagnosis: {category: user.health.medical_diagnosis}}\n", false},
		{"criminal records, no rule", base + "columns: {t.record: {category: user.criminal_history}}\n", false},
		{"a rule names its parent", base + "defaults: {user.health: drop}\ncolumns: {t.diagnosis: {category: user.health.medical_diagnosis}}\n", true},
		{"the column has an action", base + "columns: {t.diagnosis: {category: user.health.medical_diagnosis, action: pseudonymize}}\n", true},
		{"covered by user.demographic", base + "columns: {t.orientation: {category: user.demographic.sexual_orientation}}\n", true},
		// (ops's fallback does not decide the column; were it keep, the
		// special categories the detectors report would be refused:
		// TestDetectedSpecialCategoriesNeedADecision)
		{"every recipient inherits the defaults' rule", base + "defaults: {user.health: drop}\nrecipients: {research: {categories: {user.health: keep}}, ops: {default: pseudonymize}}\n" +
			"columns: {t.diagnosis: {category: user.health.medical_diagnosis}}\n", true},
		{"one recipient of the table without a rule", base + "recipients: {research: {categories: {user.health: pseudonymize}}}\n" +
			"columns: {t.diagnosis: {category: user.health.medical_diagnosis}}\n", false}, // default has none
		{"the recipient without a rule does not get the table", base + "recipients: {default: {tables: [other]}, research: {categories: {user.health: pseudonymize}}}\n" +
			"columns: {t.diagnosis: {category: user.health.medical_diagnosis}}\n", true},
		{"not a special category", base + "columns: {t.fax: {category: user.contact.fax_number}}\n", true},
		// Every category falls under user: a rule for it is the "*"
		// fallback by another name, and masked "HIV" is still "***".
		{"only the rule for user", base + "defaults: {user: mask}\ncolumns: {t.diagnosis: {category: user.health.medical_diagnosis}}\n", false},
		{"a recipient's own rule for user beats the defaults' rule", base + "defaults: {user.health: drop}\nrecipients: {research: {categories: {user: keep}}}\n" +
			"columns: {t.diagnosis: {category: user.health.medical_diagnosis}}\n", false},
		{"a rule for user and one for the category", base + "defaults: {user: pseudonymize, user.health: drop}\ncolumns: {t.diagnosis: {category: user.health.medical_diagnosis}}\n", true},
	} {
		// The test's YAML repeats "defaults:" in some cases; fold them.
		y := strings.Replace(tc.yaml, "}\ndefaults: {", ", ", 1)
		_, err := Parse(strings.NewReader(y))
		if (err == nil) != tc.ok {
			t.Errorf("%s: err = %v, want ok %t", tc.name, err, tc.ok)
		}
		if err != nil && (!strings.Contains(err.Error(), "special category") || !strings.Contains(err.Error(), "columns.t.") || !strings.Contains(err.Error(), fixes[tc.name])) {
			t.Errorf("%s: error %q should name the column, say why and where the rule goes (%s)", tc.name, err, fixes[tc.name])
		}
	}
}

// Rules naming tables or columns that are not there are reported: typos
// that would otherwise do nothing.
func TestUnmatchedRules(t *testing.T) {
	p, err := Parse(strings.NewReader(`version: u
subject_keys: {customers: customer_id, custmers: customer_id, orders: client_id}
recipients: {analytics: {tables: [orders, ordres]}}
columns:
  customers.email: {category: user.contact.email}
  public.customers.phone: {category: user.contact.phone_number}
  custmers.notes: {action: drop}
  legacy.customers.email: {action: drop}
  orders.notes: {action: drop}
`))
	if err != nil {
		t.Fatal(err)
	}
	got := p.Unmatched([][3]string{{"public", "customers", "customer_id"}, {"public", "customers", "email"}, {"public", "customers", "phone"},
		{"public", "orders", "customer_id"}, {"public", "orders", "Notes"}})
	want := []string{"columns.custmers.notes", "columns.legacy.customers.email",
		"columns.orders.notes (the data map has orders.Notes: names are compared exactly)", "recipients.analytics.tables: ordres",
		"subject_keys.custmers", "subject_keys.orders: client_id"}
	if !slices.Equal(got, want) {
		t.Fatalf("Unmatched = %q, want %q", got, want)
	}
	// At start-up only the tables are known: rules naming other tables are
	// reported, a subject key naming a column that is not there is not yet.
	got = p.UnmatchedTables([]string{"public.customers", "public.orders"})
	want = []string{"columns.custmers.notes", "columns.legacy.customers.email", "recipients.analytics.tables: ordres", "subject_keys.custmers"}
	if !slices.Equal(got, want) {
		t.Fatalf("UnmatchedTables = %q, want %q", got, want)
	}
}

// A recipient's table spelt as its topic spells it (K_ndigungen for
// Kündigungen) never matches a record's table, which WantsTable compares
// exactly: the recipient got nothing of it, and neither the start (which
// knows only topic names) nor lethe inventory (which knows the tables)
// said so. Inventory does now.
func TestUnmatchedRecipientTableSpeltAsItsTopic(t *testing.T) {
	p, err := Parse(strings.NewReader("version: u\nrecipients: {bi: {tables: [K_ndigungen, orders]}, crm: {tables: [Kündigungen]}}\n"))
	if err != nil {
		t.Fatal(err)
	}
	bi := p.Recipients[slices.IndexFunc(p.Recipients, func(r Recipient) bool { return r.Name == "bi" })]
	if bi.WantsTable("Kündigungen") {
		t.Fatal("WantsTable compares the topic's spelling with the table's name: change this test")
	}
	got := p.Unmatched([][3]string{{"public", "Kündigungen", "notes"}, {"public", "orders", "id"}})
	want := []string{"recipients.bi.tables: K_ndigungen (the data map has Kündigungen: tables are named as the database names them, not as topics spell them)"}
	if !slices.Equal(got, want) {
		t.Fatalf("Unmatched = %q, want %q", got, want)
	}
}

// A default_subject_key no table it applies to has (a typo, or the
// default policy's customer_id copied to a database without one) leaves
// every ERASE command without a subject; lethe inventory lists it as it
// lists a subject_keys entry naming no column. A table with a subject key
// of its own does not count, and a column some tables lack is no typo.
func TestUnmatchedDefaultSubjectKey(t *testing.T) {
	cols := [][3]string{{"public", "customers", "customer_id"}, {"public", "customers", "email"}, {"public", "orders", "customer_id"}, {"public", "products", "sku"}}
	for _, tc := range []struct {
		policy string
		want   []string
	}{
		{"default_subject_key: custmer_id\n", []string{"default_subject_key: custmer_id"}},
		{"default_subject_key: customer_id\n", nil},
		{"default_subject_key: sku\n", nil},
		{"default_subject_key: custmer_id\nsubject_keys: {customers: customer_id, orders: customer_id, public.products: sku}\n", nil},
		{"subject_keys: {customers: customer_id}\n", nil},
	} {
		p, err := Parse(strings.NewReader("version: u\n" + tc.policy))
		if err != nil {
			t.Fatal(err)
		}
		if got := p.Unmatched(cols); !slices.Equal(got, tc.want) {
			t.Errorf("%q: Unmatched = %q, want %q", tc.policy, got, tc.want)
		}
	}
}

// Of two rules for one column, or two subject keys for one table, the
// schema's applies whole, as the README says; the other gives nothing.
func TestSchemaRuleWins(t *testing.T) {
	p, err := Parse(strings.NewReader(`version: u
subject_keys: {customers: customer_id, public.customers: id}
columns:
  customers.email: {category: user.contact.email}
  public.customers.email: {action: drop}
`))
	if err != nil {
		t.Fatal(err)
	}
	if r, _ := p.Column("public", "customers", "email"); r != (ColumnRule{Action: Drop}) {
		t.Errorf("public.customers.email: %+v, want the schema's rule alone", r)
	}
	if r, _ := p.Column("sales", "customers", "email"); r != (ColumnRule{Category: "user.contact.email"}) {
		t.Errorf("sales.customers.email: %+v, want the table's rule", r)
	}
	if k, o := p.SubjectKey("public", "customers"), p.SubjectKey("sales", "customers"); k != "id" || o != "customer_id" {
		t.Errorf("subject keys %q, %q, want id for the schema's table, customer_id for another's", k, o)
	}
}

func TestPrefixOf(t *testing.T) {
	for _, tc := range [][4]string{
		{"crm.public.customers", "public", "customers", "crm"},
		{"e2e.run1.crm.public.customers", "public", "customers", "e2e.run1.crm"},
		{"crm.customers", "public", "customers", "crm"},           // a topic without the schema
		{"customers_cdc", "public", "customers", "customers_cdc"}, // routed: its own prefix
	} {
		if got := PrefixOf(tc[0], tc[1], tc[2]); got != tc[3] {
			t.Errorf("PrefixOf(%q) = %q, want %q", tc[0], got, tc[3])
		}
	}
}

// Output topic names: characters Kafka does not allow become '_' as in
// Debezium's own names, the CDC prefix is found under them, names Kafka
// still refuses are told apart, and a template Kafka can never take is
// refused when the policy is read.
func TestTopicNames(t *testing.T) {
	r := Recipient{Topic: "lethe.sanitized.{prefix}.{schema}.{table}"}
	if got := r.TopicFor("crm.public.Gr__e", "public", "Größe"); got != "lethe.sanitized.crm.public.Gr__e" {
		t.Errorf("TopicFor Größe = %q", got)
	}
	if got := r.TopicFor("crm.public.k_ndigungen", "public", "kündigungen"); got != "lethe.sanitized.crm.public.k_ndigungen" {
		t.Errorf("TopicFor kündigungen = %q", got)
	}
	// Per UTF-16 unit, as Debezium: an emoji is two; a dot in a table's
	// name stays.
	if got := r.TopicFor("rvf.public.Feedback___", "public", "Feedback 👍"); got != "lethe.sanitized.rvf.public.Feedback___" {
		t.Errorf("TopicFor Feedback 👍 = %q", got)
	}
	if got := r.TopicFor("rvf.public.Gr__e.Ma_", "public", "Größe.Maß"); got != "lethe.sanitized.rvf.public.Gr__e.Ma_" {
		t.Errorf("TopicFor Größe.Maß = %q", got)
	}
	for name, bad := range map[string]bool{"lethe.sanitized.x": false, strings.Repeat("x", 249): false,
		strings.Repeat("x", 250): true, "": true, ".": true, "..": true} {
		if got := TopicProblem(name) != ""; got != bad {
			t.Errorf("TopicProblem(%d characters %.10q) refuses = %v, want %v", len(name), name, got, bad)
		}
	}
	for name, ok := range map[string]bool{"lethe.sanitized.x": true, "A-b_9.c": true, strings.Repeat("x", 249): true,
		strings.Repeat("x", 250): false, "": false, ".": false, "..": false, "...": true, "a b": false, "größe": false, "a/b": false} {
		if got := ValidTopic(name); got != ok {
			t.Errorf("ValidTopic(%d characters %.10q) = %v, want %v", len(name), name, got, ok)
		}
	}
	if TopicCollision("lethe.sanitized.a_b") != TopicCollision("lethe.sanitized.a.b") {
		t.Error("topics Kafka finds colliding have different collision names")
	}
	for _, tc := range []struct{ yaml, err string }{
		{"version: t\nrecipients: {default: {topic: \"lethe sanitized.{table}\"}}\n", "recipients.default.topic"},
		{"version: t\nrecipients: {data science: {}}\n", "recipients.data science.topic"},
		{"version: t\nrecipients: {default: {topic: \"lethe.{prefix}-{schema}_{table}\"}}\n", ""},
		{"version: t\nrecipients: {a: {topic: \"out.{table}\"}, b: {topic: \"out_{table}\"}}\n", "also the topic of recipient"},
		// The default recipient, not listed, has no key in the file: the
		// error names the one that is there.
		{"version: t\nrecipients: {a: {topic: \"lethe.sanitized.{table}\"}}\n", `recipients.a.topic: "lethe.sanitized.{table}" is also the topic of recipient "default", which is always there`},
		{"version: t\nrecipients: {a: {topic: \"lethe.sanitized.{table}\"}, default: {}}\n", `recipients.default.topic: "lethe.sanitized.{table}" is also the topic of recipient "a"`},
		{"version: t\nrecipients: {a: {topic: \"" + strings.Repeat("a", 241) + ".{prefix}.{table}\"}}\n", ""}, // 247 with one-letter names
		{"version: t\nrecipients: {" + strings.Repeat("r", 229) + ": {}}\n", ""},                              // lethe.sanitized.<name>.t: 249
	} {
		_, err := Parse(strings.NewReader(tc.yaml))
		if tc.err == "" && err != nil || tc.err != "" && (err == nil || !strings.Contains(err.Error(), tc.err)) {
			t.Errorf("%q: err = %v, want %q", tc.yaml, err, tc.err)
		}
	}
}

// A recipient's own rule for a parent wins over the defaults' longer rule
// for a special category under it (Art. 9/10): valid, but a reader of
// the defaults believes religion dropped for everyone, so it is warned of.
func TestWarnsOfOwnRulesOverSpecialDefaults(t *testing.T) {
	// Rules for every special category the detectors report, lest the
	// "*" fallback decide one (TestDetectedSpecialCategoriesNeedADecision).
	const defaults = "version: w\ndefaults: {\"*\": mask, user.demographic: drop, user.demographic.religious_belief: drop, user.health_and_medical: drop, " +
		"user.sexual_orientation: drop, user.biometric: drop, user.criminal_history: drop}\n"
	for _, tc := range []struct {
		name, recipients string
		want             []string // parts of the one warning, or none
	}{
		{"a parent kept", "recipients: {marketing: {categories: {user.demographic: keep}}}\n",
			[]string{"recipients.marketing.categories.user.demographic: keep also decides user.demographic.religious_belief", "defaults.user.demographic.religious_belief says drop"}},
		// (user: keep is refused: it sends the health data the defaults
		// drop raw, TestDetectedSpecialCategoriesNeedADecision)
		{"user pseudonymised", "recipients: {research: {categories: {user: pseudonymize, user.demographic: drop, user.sexual_orientation: drop, user.biometric: drop, user.criminal_history: drop}}}\n",
			[]string{"recipients.research.categories.user: pseudonymize also decides user.health_and_medical", "defaults.user.health_and_medical says drop"}},
		{"a parent dropped, as the defaults do", "recipients: {marketing: {categories: {user.demographic: drop, user.health_and_medical: drop}}}\n", nil},
		{"the category named", "recipients: {marketing: {categories: {user.demographic: keep, user.demographic.religious_belief: drop}}}\n", nil},
		{"no own rules", "recipients: {marketing: {default: keep}}\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(strings.NewReader(defaults + tc.recipients))
			if err != nil {
				t.Fatal(err)
			}
			ws := p.Warnings()
			if len(tc.want) == 0 {
				if len(ws) != 0 {
					t.Fatalf("warnings %q, want none", ws)
				}
				return
			}
			if len(ws) != 1 {
				t.Fatalf("warnings %q, want one", ws)
			}
			for _, part := range tc.want {
				if !strings.Contains(ws[0], part) {
					t.Errorf("warning %q does not say %q", ws[0], part)
				}
			}
		})
	}
	if ws := Default().Warnings(); len(ws) != 0 {
		t.Errorf("the built-in policy warns: %q", ws)
	}
}

// ActionFor answers from the actions build resolved as it would from the
// rules, for every category, resolved or not.
func TestActionForResolved(t *testing.T) {
	p, err := Parse(strings.NewReader(`version: t
defaults: {user.contact: pseudonymize, user.financial: drop, "*": mask}
recipients:
  analytics: {categories: {user.contact.email: keep, user.name: tokenize}, default: drop}
columns:
  orders.loyalty: {category: user.custom.loyalty_id}
`))
	if err != nil {
		t.Fatal(err)
	}
	cats := []string{"user", "user.unique_id", "user.custom.loyalty_id", "user.custom", "user.contact.email.work", "nobody.knows"}
	for _, c := range pii.Categories() {
		cats = append(cats, string(c))
	}
	for _, r := range p.Recipients {
		if len(r.resolved) == 0 {
			t.Fatalf("recipient %s: nothing resolved", r.Name)
		}
		for _, c := range cats {
			if got, want := r.ActionFor(c), r.actionFor(c); got != want {
				t.Errorf("recipient %s, %s: ActionFor says %s, the rules %s", r.Name, c, got, want)
			}
		}
	}
	if a := p.Recipients[0].ActionFor("user.custom.loyalty_id"); a == "" {
		t.Error("a columns rule's category has no action")
	}
}

// The rules' categories and actions are the very strings of the detectors'
// categories and of the action constants, not copies of the file's text:
// the engine compares them for every finding, and shared strings compare
// without reading their bytes.
func TestRulesShareCategoryAndActionStrings(t *testing.T) {
	p, err := Parse(strings.NewReader(`version: t
defaults: {user.contact: pseudonymize, "*": mask}
recipients:
  analytics: {categories: {user.contact.email: keep}, default: drop}
columns:
  customers.customer_id: {category: user.unique_id}
  orders.customer_id: {category: user.unique_id, action: tokenize}
  orders.loyalty: {category: user.custom.loyalty_id}
`))
	if err != nil {
		t.Fatal(err)
	}
	shared := func(a, b string) bool { return len(a) == len(b) && unsafe.StringData(a) == unsafe.StringData(b) }
	for _, col := range []string{"customers.customer_id", "orders.customer_id"} {
		if c := p.Columns[col].Category; !shared(c, string(pii.UniqueID)) {
			t.Errorf("%s: category %q is a copy of pii.UniqueID", col, c)
		}
	}
	if a := p.Columns["orders.customer_id"].Action; !shared(string(a), string(Tokenize)) {
		t.Errorf("orders.customer_id: action %q is a copy of Tokenize", a)
	}
	if c := p.Columns["orders.loyalty"].Category; c != "user.custom.loyalty_id" {
		t.Errorf("orders.loyalty: category %q, want user.custom.loyalty_id", c)
	}
	for _, r := range p.Recipients {
		for _, c := range []string{"user.contact.email", "user.contact.phone_number", "user.name", "user.unique_id"} {
			a := r.ActionFor(c)
			if i := slices.Index(actions, a); i < 0 || !shared(string(a), string(actions[i])) {
				t.Errorf("recipient %s, %s: action %q is a copy of the constant", r.Name, c, a)
			}
		}
	}
}

// The README's table of policy keys names every key of the policy file and
// none it does not read, and its table of actions every action: a key
// added, renamed or dropped in the code and not in the README fails here.
func TestReadmeDocumentsEveryPolicyKey(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	// <table>.<column> and <category> alike: one placeholder.
	placeholder := regexp.MustCompile(`<[^>]+>(\.<[^>]+>)*`)
	documented := map[string]bool{}
	actions := map[string]bool{}
	var table string
	for _, line := range strings.Split(string(b), "\n") {
		switch {
		case line == "| policy key | meaning |", line == "| action | effect |":
			table = line
			continue
		case !strings.HasPrefix(line, "|"):
			table = ""
			continue
		case strings.HasPrefix(line, "|---"):
			continue
		}
		cell, _, _ := strings.Cut(strings.TrimPrefix(line, "| "), " |")
		for _, key := range strings.Split(cell, ", ") {
			key = strings.Trim(key, "`")
			switch table {
			case "| policy key | meaning |":
				documented[placeholder.ReplaceAllString(key, "<>")] = true
			case "| action | effect |":
				actions[key] = true
			}
		}
	}
	want := map[string]bool{}
	var walk func(typ reflect.Type, path string)
	walk = func(typ reflect.Type, path string) {
		for i := range typ.NumField() {
			f := typ.Field(i)
			tag, _, _ := strings.Cut(f.Tag.Get("yaml"), ",")
			p := path + tag
			want[p] = true
			ft := f.Type
			if ft.Kind() == reflect.Map {
				p += ".<>"
				ft = ft.Elem()
				want[p] = true
			}
			if ft.Kind() == reflect.Struct {
				walk(ft, p+".")
			}
		}
	}
	walk(reflect.TypeFor[file](), "")
	for k := range want {
		// A map or a struct is documented by the rows of what it holds
		// (subject_keys.<table>, columns.<table>.<column>.category).
		if !documented[k] && !slices.ContainsFunc(slices.Collect(maps.Keys(documented)), func(d string) bool { return strings.HasPrefix(d, k+".") }) {
			t.Errorf("the README's table of policy keys leaves out %s", k)
		}
	}
	for k := range documented {
		if !want[k] {
			t.Errorf("the README's table of policy keys shows %s, which a policy does not take", k)
		}
	}
	for _, a := range []Action{Keep, Mask, Pseudonymize, Tokenize, Drop} {
		if !actions[string(a)] {
			t.Errorf("the README's table of actions leaves out %s", a)
		}
		delete(actions, string(a))
	}
	for a := range actions {
		t.Errorf("the README's table of actions shows %s, which is no action", a)
	}
}

// The policy snippets the README and the decisions show parse as they are
// written there, in the place the text puts them.
func TestDocumentedPolicySnippetsParse(t *testing.T) {
	for _, tc := range []struct{ doc, snippet, policy string }{
		{"README.md", "customers.email: {category: user.contact.email}", "version: x\ncolumns: {%s}\n"},
		{"README.md", "orders.card_number: {category: user.financial.credit_card}", "version: x\ncolumns: {%s}\n"},
		{"README.md", "user.contact: drop", "version: x\nrecipients: {crm: {categories: {%s}}}\n"},
		{"docs/decisions/0004-sanitized-envelope-and-keys.md", "columns: {orders.customer_id: {category: user.unique_id}}", "version: x\n%s\n"},
	} {
		b, err := os.ReadFile("../../" + tc.doc)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "`"+tc.snippet+"`") {
			t.Errorf("%s no longer shows `%s`: update this test", tc.doc, tc.snippet)
			continue
		}
		if _, err := Parse(strings.NewReader(fmt.Sprintf(tc.policy, tc.snippet))); err != nil {
			t.Errorf("%s shows `%s`, which a policy refuses: %v", tc.doc, tc.snippet, err)
		}
	}
}

// The special categories (Art. 9/10) lethe's detectors report on their own,
// in any column and in free text, must not be left to a fallback for any
// recipient: a "*" fallback, a recipient's default or a rule for user (which
// covers every category) that keeps them sends raw health data or criminal
// records to that recipient, and is refused; one that masks, pseudonymises
// or tokenises them is warned of. Dropping them leaks nothing and is quiet.
func TestDetectedSpecialCategoriesNeedADecision(t *testing.T) {
	// Rules naming every special category the detectors report (the three
	// under user.demographic by their parent), as the default policy has.
	const named = "user.health_and_medical: drop, user.demographic: drop, user.sexual_orientation: drop, user.biometric: drop, user.criminal_history: drop"
	for _, tc := range []struct {
		name, yaml string
		err        []string // parts of the error, or none
		warn       []string // parts of the one warning, or none
	}{
		{"the defaults' fallback keeps them", `version: s
defaults: {"*": keep}
`, []string{`recipients.default: defaults."*": keep decides`, "user.health_and_medical", "user.criminal_history", "user.biometric", "GDPR Art. 9/10",
			"defaults: {user.health_and_medical: drop", "recipients.default.categories"}, nil},
		{"a recipient's default keeps them", `version: s
defaults: {user.demographic: drop}
recipients: {ops: {default: keep}}
`, []string{`recipients.ops: recipients.ops.default: keep decides`, "user.health_and_medical", "user.criminal_history", "recipients.ops.categories"}, nil},
		{"a recipient's \"*\" keeps them", `version: s
recipients: {ops: {categories: {"*": keep}}}
`, []string{`recipients.ops: recipients.ops.categories."*": keep decides`, "user.demographic.religious_belief"}, nil},
		{"the defaults' rule for user keeps them", `version: s
defaults: {user: keep}
`, []string{"recipients.default: defaults.user: keep decides", "user.criminal_history"}, nil},
		// A recipient's own rule wins over the defaults': the one for
		// user keeps what the defaults drop, and the rule must be its own.
		{"a recipient's own rule for user beats the defaults' rules", "version: s\ndefaults: {" + named + "}\n" +
			"recipients: {research: {categories: {user: keep}}}\n",
			[]string{"recipients.research: recipients.research.categories.user: keep decides", "user.health_and_medical", "to recipients.research.categories ("}, nil},
		{"the fallback keeps, rules name them", "version: s\ndefaults: {\"*\": keep, " + named + "}\n", nil, nil},
		{"a recipient keeps them by name", "version: s\ndefaults: {" + named + "}\n" +
			"recipients: {research: {default: keep, categories: {user: keep, user.health_and_medical: keep, user.demographic: keep, user.sexual_orientation: keep, user.biometric: keep, user.criminal_history: keep}}}\n", nil, nil},
		{"a recipient's rule for user agrees with the defaults' ones", "version: s\ndefaults: {\"*\": mask, user.health_and_medical: keep, user.demographic: keep, user.sexual_orientation: keep, user.biometric: keep, user.criminal_history: keep}\n" +
			"recipients: {research: {categories: {user: keep}}}\n", nil, nil},
		{"a recipient of some tables only is checked as well", `version: s
recipients: {default: {default: drop}, ops: {tables: [orders], default: keep}}
`, []string{"recipients.ops: recipients.ops.default: keep decides"}, nil},
		{"the built-in fallback masks them", "version: s\n", nil,
			[]string{"recipients.default: user.health_and_medical, user.demographic.religious_belief, user.demographic.political_opinion, user.sexual_orientation, user.demographic.race_ethnicity, user.biometric and user.criminal_history",
				"GDPR Art. 9/10", "the built-in fallback (mask)", "defaults: {user.health_and_medical: drop"}},
		{"the defaults' fallback pseudonymises some", "version: s\ndefaults: {\"*\": pseudonymize, user.demographic: drop, user.health_and_medical: drop}\n", nil,
			[]string{"recipients.default: user.sexual_orientation, user.biometric and user.criminal_history", `defaults."*": pseudonymize`}},
		{"a recipient's rule for user tokenises them", "version: s\ndefaults: {\"*\": drop}\nrecipients: {research: {categories: {user: tokenize, user.health_and_medical: tokenize}}}\n", nil,
			[]string{"recipients.research: user.demographic.religious_belief", "recipients.research.categories.user: tokenize", "recipients.research.categories ("}},
		{"the fallback drops them", "version: s\ndefaults: {\"*\": drop}\nrecipients: {ops: {categories: {user: drop}}}\n", nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p, err := Parse(strings.NewReader(tc.yaml))
			if len(tc.err) > 0 {
				if err == nil {
					t.Fatalf("parsed, warnings %q; want an error", p.Warnings())
				}
				for _, part := range tc.err {
					if !strings.Contains(err.Error(), part) {
						t.Errorf("error %q does not say %q", err, part)
					}
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			ws := p.Warnings()
			if len(tc.warn) == 0 {
				if len(ws) != 0 {
					t.Fatalf("warnings %q, want none", ws)
				}
				return
			}
			if len(ws) != 1 {
				t.Fatalf("warnings %q, want one", ws)
			}
			for _, part := range tc.warn {
				if !strings.Contains(ws[0], part) {
					t.Errorf("warning %q does not say %q", ws[0], part)
				}
			}
		})
	}
}

// The built-in policy and the deploy/ examples name every special category
// the detectors report: they load without an error or a warning.
func TestShippedPoliciesDecideDetectedSpecialCategories(t *testing.T) {
	if ws := Default().Warnings(); len(ws) != 0 {
		t.Errorf("the built-in policy warns: %q", ws)
	}
	for _, path := range []string{"../../deploy/policy.yaml", "../../deploy/policy.docker-avro.yaml"} {
		p, err := Load(path)
		if err != nil {
			t.Errorf("%s: %v", path, err)
			continue
		}
		if ws := p.Warnings(); len(ws) != 0 {
			t.Errorf("%s warns: %q", path, ws)
		}
	}
}
