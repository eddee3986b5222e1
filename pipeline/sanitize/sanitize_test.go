package sanitize

import (
	"bytes"
	"strconv"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/lethe-cdc/lethe/pipeline/policy"
)

func testSanitizer(t testing.TB) *Sanitizer {
	t.Helper()
	s, err := New(Keys{Pseudonym: bytes.Repeat([]byte{1}, 32), Token: bytes.Repeat([]byte{2}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestKeysValidated(t *testing.T) {
	if _, err := New(Keys{Pseudonym: []byte("short"), Token: make([]byte, 32)}); err == nil || !strings.Contains(err.Error(), "pseudonym key is 5 bytes") {
		t.Fatalf("err = %v", err)
	}
	if _, err := New(Keys{Pseudonym: make([]byte, 32), Token: nil}); err == nil || !strings.Contains(err.Error(), "token key") {
		t.Fatalf("err = %v", err)
	}
}

func TestApply(t *testing.T) {
	s := testSanitizer(t)
	const email = "Anna.Kowalska@Example.PL"
	tests := []struct {
		action policy.Action
		check  func(out string, ok bool) bool
	}{
		{policy.Keep, func(o string, ok bool) bool { return ok && o == email }},
		{policy.Mask, func(o string, ok bool) bool { return ok && o == "****.********@*******.**" }},
		{policy.Drop, func(o string, ok bool) bool { return !ok }},
		{policy.Pseudonymize, func(o string, ok bool) bool {
			return ok && strings.HasPrefix(o, "psn_") && len(o) == 28 && !strings.Contains(strings.ToLower(o), "kowalska")
		}},
		{policy.Tokenize, func(o string, ok bool) bool {
			return ok && strings.HasPrefix(o, "tok_") && !strings.Contains(o, "Kowalska")
		}},
	}
	for _, tc := range tests {
		out, ok := s.Apply(tc.action, "user.contact.email", email)
		if !tc.check(out, ok) {
			t.Errorf("%s: unexpected result (len %d, ok %v)", tc.action, len(out), ok)
		}
	}
}

func TestPseudonymJoinsSpellings(t *testing.T) {
	s := testSanitizer(t)
	same := [][2]string{
		{"user.contact.email", "ANNA@example.pl"}, {"user.contact.email", " anna@example.pl "},
	}
	if s.Pseudonym(same[0][0], same[0][1]) != s.Pseudonym(same[1][0], same[1][1]) {
		t.Error("email case variants got different pseudonyms")
	}
	if s.Pseudonym("user.contact.phone_number", "+49 30 1234567") != s.Pseudonym("user.contact.phone_number", "0049-30-1234567") {
		t.Error("phone spelling variants got different pseudonyms")
	}
	// A trunk 0 in parentheses after the country code is not dialled:
	// one number. Without a country code the 0 is the number's own.
	for _, v := range []string{"+49 (0)30 1234567", "0049 (0) 30-1234567", "(+49) (0)30 1234567", "+49(0)301234567"} {
		if s.Pseudonym("user.contact.phone_number", v) != s.Pseudonym("user.contact.phone_number", "+49 30 1234567") {
			t.Errorf("%q and +49 30 1234567 got different pseudonyms", v)
		}
	}
	if s.Pseudonym("user.contact.phone_number", "(0)30 1234567") != s.Pseudonym("user.contact.phone_number", "030 1234567") {
		t.Error("a national number's trunk 0 in parentheses was taken out")
	}
	if s.Pseudonym("user.contact.phone_number", "301234567") == s.Pseudonym("user.financial.bank_account", "301234567") {
		t.Error("the same digits in different families must not link")
	}
	// The same name typed differently: composed or decomposed, blanks.
	if s.Pseudonym("user.name", "Zoë  Kowalska") != s.Pseudonym("user.name", "Zoe\u0308 kowalska") ||
		s.Pseudonym("user.name", "anna\tkowalska") != s.Pseudonym("user.name", "Anna Kowalska") {
		t.Error("spellings of one name got different pseudonyms")
	}
	// A value found inside JSON or HTML kept in a column, escaped, is the
	// value written plainly.
	for _, v := range [][3]string{
		{"user.contact.email", `anna\u0040example.pl`, "anna@example.pl"},
		{"user.contact.email", `anna\\u0040example.pl`, "anna@example.pl"},
		{"user.contact.email", "anna&#64;example.pl", "anna@example.pl"},
		{"user.contact.email", "anna&amp;#64;example.pl", "anna@example.pl"},
		{"user.contact.phone_number", `\u002B49 30 1234567`, "+49 30 1234567"},
		{"user.name", `J\u00fcrgen M\u00fcller`, "Jürgen Müller"},
	} {
		if s.Pseudonym(v[0], v[1]) != s.Pseudonym(v[0], v[2]) {
			t.Errorf("%s: %q and %q got different pseudonyms", v[0], v[1], v[2])
		}
	}
	// Unique ids key records: ids that differ in case are different
	// records and must keep different pseudonyms (keys stay one-to-one).
	if s.Pseudonym("user.unique_id", "0015g00000AbCdE") == s.Pseudonym("user.unique_id", "0015g00000abcde") {
		t.Error("case variants of a unique id got the same pseudonym")
	}
	// A CHAR(n) column pads ids with trailing spaces that SQL ignores: the
	// same customer in every table. Other blanks make another id.
	if s.Pseudonym("user.unique_id", "4711      ") != s.Pseudonym("user.unique_id", "4711") {
		t.Error("CHAR padding changed a unique id's pseudonym")
	}
	for _, other := range []string{" 4711", "\t4711", "4711\t"} {
		if s.Pseudonym("user.unique_id", other) == s.Pseudonym("user.unique_id", "4711") {
			t.Errorf("unique id %q got the pseudonym of 4711: two records would share a key", other)
		}
	}
	other, _ := New(Keys{Pseudonym: bytes.Repeat([]byte{9}, 32), Token: bytes.Repeat([]byte{2}, 32)})
	if s.Pseudonym("user.name", "x") == other.Pseudonym("user.name", "x") {
		t.Error("pseudonyms do not depend on the key")
	}
}

func TestTokenRoundTrip(t *testing.T) {
	s := testSanitizer(t)
	d, err := NewDetokenizer(bytes.Repeat([]byte{2}, 32)) // the token key alone
	if err != nil {
		t.Fatal(err)
	}
	for _, v := range []string{"", "DE89 3704 0044 0532 0130 00", "Zażółć gęślą jaźń"} {
		tok := s.Token(v)
		if tok != s.Token(v) {
			t.Error("tokens are not deterministic")
		}
		got, err := d.Detokenize(tok)
		if err != nil || got != v {
			t.Errorf("round trip failed: err %v, equal %v", err, got == v)
		}
	}
	tok := s.Token("secret")
	if _, err := d.Detokenize(tok[:len(tok)-2] + "AA"); err != ErrBadToken {
		t.Errorf("tampered token: err = %v", err)
	}
	if _, err := d.Detokenize("psn_abc"); err != ErrBadToken {
		t.Errorf("non-token: err = %v", err)
	}
}

func TestApplySpans(t *testing.T) {
	s := testSanitizer(t)
	v := "Größe: ring anna@x.de or +48 601 234 567, IBAN PL61109010140000071219812874."
	e0 := strings.Index(v, "anna@x.de")
	p0 := strings.Index(v, "+48")
	i0 := strings.Index(v, "PL61")
	out := s.ApplySpans(v, []Span{
		{Start: e0, End: e0 + len("anna@x.de"), Category: "user.contact.email", Action: policy.Pseudonymize},
		{Start: e0 + 2, End: e0 + 4, Category: "user.name", Action: policy.Drop}, // overlaps: skipped
		{Start: p0, End: p0 + len("+48 601 234 567"), Category: "user.contact.phone_number", Action: policy.Mask},
		{Start: i0, End: i0 + 28, Category: "user.financial.bank_account", Action: policy.Drop},
	})
	for _, leaked := range []string{"anna@x.de", "601 234 567", "PL61109010140000071219812874"} {
		if strings.Contains(out, leaked) {
			t.Errorf("output still holds a planted value of length %d", len(leaked))
		}
	}
	want := "Größe: ring " + s.Pseudonym("user.contact.email", "anna@x.de") + " or +** *** *** ***, IBAN " + Redacted + "."
	if out != want {
		t.Errorf("ApplySpans shape mismatch:\n got %q\nwant %q", Mask(out), Mask(want))
	}
	if got := s.ApplySpans("plain", nil); got != "plain" {
		t.Error("no spans changed the value")
	}
	if allocs := testing.AllocsPerRun(100, func() { s.ApplySpans(v, nil) }); allocs != 0 {
		t.Errorf("ApplySpans without spans allocates %v times", allocs)
	}
}

func BenchmarkPseudonym(b *testing.B) {
	s := testSanitizer(b)
	b.ReportAllocs()
	for b.Loop() {
		s.Pseudonym("user.contact.email", "anna.kowalska@example.pl")
	}
}

// TestCacheMatchesSanitizer: a cached pseudonym is the one the HMAC gives,
// also for categories of one family whose values normalise differently
// (a phone number loses its punctuation, an e-mail does not).
func TestCacheMatchesSanitizer(t *testing.T) {
	s := testSanitizer(t)
	c := s.NewCache()
	cases := []struct{ cat, value string }{
		{"user.contact.phone_number", "+49 30-1234"},
		{"user.contact.email", "+49 30-1234"},
		{"user.contact.email", "Anna@Example.org"},
		{"user.financial.bank_account", "DE89 3704 0044 0532 0130 00"},
	}
	for range 2 { // the second round comes from the cache
		for _, tc := range cases {
			if got, want := c.Pseudonym(tc.cat, tc.value), s.Pseudonym(tc.cat, tc.value); got != want {
				t.Errorf("Pseudonym(%s): cache %q, sanitizer %q", tc.cat, got, want)
			}
		}
	}
	if c.Pseudonym(cases[0].cat, cases[0].value) == c.Pseudonym(cases[1].cat, cases[1].value) {
		t.Error("two categories of one family share a cached pseudonym")
	}
	text := "call +49 30-1234 or mail anna@example.org"
	spans := []Span{{Start: 5, End: 16, Category: "user.contact.phone_number", Action: policy.Pseudonymize},
		{Start: 25, End: 41, Category: "user.contact.email", Action: policy.Mask}}
	if got, want := c.ApplySpans(text, spans), s.ApplySpans(text, spans); got != want {
		t.Errorf("ApplySpans: cache %q, sanitizer %q", got, want)
	}
	for _, a := range []policy.Action{policy.Pseudonymize, policy.Mask, policy.Drop, policy.Keep} {
		got, gok := c.Apply(a, "user.contact.email", "anna@example.org")
		want, wok := s.Apply(a, "user.contact.email", "anna@example.org")
		if got != want || gok != wok {
			t.Errorf("Apply(%s): cache %q %v, sanitizer %q %v", a, got, gok, want, wok)
		}
	}
}

// Keys stay one-to-one: spellings Pseudonym folds together are two keys
// (two rows), from the sanitizer and from the cache alike, also after the
// folded spelling was cached as a value. A key already in its normal form
// gets the value's pseudonym; a unique id keeps its CHAR(n) rule.
func TestKeyPseudonymOneToOne(t *testing.T) {
	s := testSanitizer(t)
	c := s.NewCache()
	for _, tc := range []struct{ cat, a, b string }{
		{"user.contact.email", "Alice@Example.com", "alice@example.com"},
		{"user.contact.email", " alice@example.com", "alice@example.com"},
		{"user.contact.phone_number", "+49 30 1234567", "0049301234567"},
		{"user.financial.bank_account", "DE89 3704 0044 0532 0130 00", "DE89370400440532013000"},
		{"user.name", "Zoë Kowalska", "Zoe\u0308 Kowalska"},
	} {
		if s.Pseudonym(tc.cat, tc.a) != s.Pseudonym(tc.cat, tc.b) {
			t.Fatalf("%s: %q and %q are no longer one value's spellings", tc.cat, tc.a, tc.b)
		}
		for round := range 2 {
			c.Pseudonym(tc.cat, tc.a) // a value's pseudonym cached first must not answer for a key
			ka, kb := c.KeyPseudonym(tc.cat, tc.a), c.KeyPseudonym(tc.cat, tc.b)
			if ka == kb {
				t.Errorf("%s keys %q and %q share pseudonym %s (round %d)", tc.cat, tc.a, tc.b, ka, round)
			}
			if ka != s.KeyPseudonym(tc.cat, tc.a) || kb != s.KeyPseudonym(tc.cat, tc.b) {
				t.Errorf("%s: the cache's key pseudonyms differ from the sanitizer's", tc.cat)
			}
		}
		if n := Normalize(tc.cat, tc.b); s.KeyPseudonym(tc.cat, n) != s.Pseudonym(tc.cat, tc.b) {
			t.Errorf("%s: key %q in its normal form got another pseudonym than the value", tc.cat, n)
		}
	}
	if s.KeyPseudonym("user.unique_id", "4711   ") != s.Pseudonym("user.unique_id", "4711") ||
		s.KeyPseudonym("user.unique_id", "AbC") == s.KeyPseudonym("user.unique_id", "abc") {
		t.Error("a unique id's key pseudonym is not its value's")
	}
}

// TestCacheCraftedValues: values spelt like the cache's own category
// markers must not cancel a category's share of the fingerprint. With one
// seed for both, "\x00category\x00"+c in category c hashed to zero whatever
// the seeds, and such values in two categories (or swapped between two)
// shared a slot and a pseudonym: the fingerprints' "inputs cannot be made
// to collide" (ADR 0009) held only for values unlike the markers.
func TestCacheCraftedValues(t *testing.T) {
	s := testSanitizer(t)
	const name, email = "user.name", "user.contact.email"
	mark := func(cat string) string { return "\x00category\x00" + cat }
	for _, tc := range []struct {
		desc string
		a, b [2]string // category, value
		key  bool
	}{
		{"each category's own marker", [2]string{name, mark(name)}, [2]string{email, mark(email)}, false},
		{"markers swapped", [2]string{name, mark(email)}, [2]string{email, mark(name)}, false},
		{"keys, each category's own marker", [2]string{name, mark(name)}, [2]string{email, mark(email)}, true},
		{"keys, markers swapped", [2]string{name, mark(email)}, [2]string{email, mark(name)}, true},
	} {
		c := s.NewCache()
		get, want := c.Pseudonym, s.Pseudonym
		if tc.key {
			get, want = c.KeyPseudonym, s.KeyPseudonym
		}
		get(tc.a[0], tc.a[1])
		if got, w := get(tc.b[0], tc.b[1]), want(tc.b[0], tc.b[1]); got != w {
			t.Errorf("%s: cache %s, sanitizer %s (the other value's: %v)", tc.desc, got, w, got == want(tc.a[0], tc.a[1]))
		}
	}
}

// TestCacheEvicts: past its size the cache replaces slots, and every
// answer, cached or recomputed, is still the HMAC's.
func TestCacheEvicts(t *testing.T) {
	s := testSanitizer(t)
	c := s.NewCache()
	n := CacheSlots + CacheSlots/2
	values := make([]string, n)
	for i := range values {
		values[i] = "user" + strconv.Itoa(i) + "@example.org"
		c.Pseudonym("user.contact.email", values[i])
	}
	for i := n - 1; i >= 0; i -= 7 {
		if got, want := c.Pseudonym("user.contact.email", values[i]), s.Pseudonym("user.contact.email", values[i]); got != want {
			t.Fatalf("value %d: cache %q, sanitizer %q", i, got, want)
		}
	}
}

func TestMask(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"anna.kowalska@example.pl", "****.********@*******.**"},
		{"+48 601 234 567", "+** *** *** ***"},
		{"प्रिया शर्मा", "****** *****"}, // vowel signs and viramas are marks
		{"محمّد", "*****"},               // the shadda too
		{"Zoe\u0308", "****"},            // a decomposed umlaut
		{"½ Ⅻ ²", "* * *"},               // numbers that are not digits
		// An escape is one character, masked or kept whole: the JSON or
		// HTML the value sits in stays valid.
		{`\u002B49 30 1234567`, `\u002B** ** *******`},
		{`030\u00a01234567\n`, `***\u00a0*******\n`},
		{`Hauptstra\u00dfe 5`, `*********** *`},
		{`a\\u0041 \"b\"`, `*\\***** \"*\"`},
		{"J&uuml;rgen&nbsp;M&#252;ller", "******&nbsp;******"},
		{"a\xffb", "***"}, // invalid UTF-8: a byte of the value, as U+FFFD (a symbol) masked
		// letters written as symbols still spell the word
		{"Ⓜⓐⓘⓝ ⒜ 🇯🇦🇳 🄺🄾🅆", "**** * *** ***"},
		{"x\U000E0041\U000E006E\U000E006E\U000E0061", "*****"}, // tag characters spelling "Anna"
	} {
		if got := Mask(tc.in); got != tc.want {
			t.Errorf("Mask(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// ASCII's fast path masks what Unicode's tables call a letter or a
	// number, and keeps the rest.
	for c := range byte(utf8.RuneSelf) {
		if c == '\\' || c == '&' {
			continue // escapes: above
		}
		want := string(c)
		if unicode.IsLetter(rune(c)) || unicode.IsNumber(rune(c)) || unicode.IsMark(rune(c)) {
			want = "*"
		}
		if got := Mask(string([]byte{c})); got != want {
			t.Errorf("Mask(%q) = %q, want %q", c, got, want)
		}
	}
}

// A whole key's pseudonym is one-to-one, and never a value's pseudonym of
// its encoding: else anyone who can write a value and read its pseudonym
// could test a guessed key for the flag in it (a review).
func TestRowPseudonym(t *testing.T) {
	s, err := New(Keys{Pseudonym: bytes.Repeat([]byte{7}, 32), Token: bytes.Repeat([]byte{8}, 32)})
	if err != nil {
		t.Fatal(err)
	}
	const cat = "user.health_and_medical"
	row := s.RowPseudonym(cat, parts("1", "true"))
	if row != s.RowPseudonym(cat, parts("1", "true")) {
		t.Error("a row's pseudonym changes")
	}
	null := []KeyPart{{Null: true}, {Text: "true"}}
	for _, other := range [][]KeyPart{parts("1", "false"), parts("2", "true"), parts("1true"), parts("", "1true"), null} {
		if s.RowPseudonym(cat, other) == row {
			t.Errorf("rows %v and [1 true] share a pseudonym", other)
		}
	}
	// A NULL key column is not the empty text: two rows to the database.
	if s.RowPseudonym(cat, null) == s.RowPseudonym(cat, parts("", "true")) {
		t.Error("a NULL key part and an empty one share a pseudonym")
	}
	// Keys without a NULL keep the pseudonym of the encoding before NULL
	// was told apart (each part after its length): a sanitized topic is
	// compacted by it, and a new one would leave the old row unerased.
	if got, want := row, s.mac(cat, rowDomain, "\x011\x04true"); got != want {
		t.Errorf("the pseudonym of a key without a NULL changed: %s, was %s", got, want)
	}
	enc := "\x011\x04true"
	for _, p := range []string{s.Pseudonym(cat, enc), s.KeyPseudonym(cat, enc), s.Pseudonym("user.health_and_medical.x", enc)} {
		if p == row {
			t.Errorf("a value's pseudonym of the key's encoding is the row's: %s", p)
		}
	}
}

// parts is a key of text parts, none NULL.
func parts(texts ...string) []KeyPart {
	p := make([]KeyPart, len(texts))
	for i, t := range texts {
		p[i] = KeyPart{Text: t}
	}
	return p
}

// In JSON text a token is of what a string's escapes stand for, and a
// whole number outside strings is replaced by a string, so that the text
// stays JSON; the rest is as ApplySpans does it, from the cache too.
func TestApplyJSONSpans(t *testing.T) {
	s := testSanitizer(t)
	span := func(v, part string, a policy.Action) Span {
		i := strings.Index(v, part)
		return Span{Start: i, End: i + len(part), Category: "user.contact.phone_number", Action: a}
	}
	for _, tc := range []struct {
		value, part string
		action      policy.Action
		want        string
	}{
		{`{"p":4915123456789}`, "4915123456789", policy.Mask, `{"p":"*************"}`},
		{`[ -4915123456789.5e3 ,1]`, "-4915123456789.5e3", policy.Drop, `[ "` + Redacted + `" ,1]`},
		{`[4915123456789]`, "4915123456789", policy.Pseudonymize, `["` + s.Pseudonym("user.contact.phone_number", "4915123456789") + `"]`},
		{`[4915123456789]`, "4915123456789", policy.Keep, `[4915123456789]`},
		{`[4915123456789.5]`, "4915123456789", policy.Mask, `[*************.5]`}, // a part of a number: not JSON, as before
		{`{"p":"4915123456789"}`, "4915123456789", policy.Mask, `{"p":"*************"}`},
		{`{"a":"x\"y","p":"0151\n2345678"}`, `0151\n2345678`, policy.Tokenize, `{"a":"x\"y","p":"` + s.Token("0151\n2345678") + `"}`},
		{`{"p":"\"0151 2345678\""}`, `\"0151 2345678\"`, policy.Tokenize, `{"p":"` + s.Token(`"0151 2345678"`) + `"}`},
		{`{"p":"0151\\", "q":"2345678"}`, `0151\\", "q":"2345678`, policy.Tokenize, `{"p":"` + s.Token(`0151\\", "q":"2345678`) + `"}`}, // over two strings: as written
	} {
		spans := []Span{span(tc.value, tc.part, tc.action)}
		if got := s.ApplyJSONSpans(tc.value, spans); got != tc.want {
			t.Errorf("%s %s: got %s, want %s", tc.value, tc.action, got, tc.want)
		}
		if got, want := s.NewCache().ApplyJSONSpans(tc.value, spans), s.ApplyJSONSpans(tc.value, spans); got != want {
			t.Errorf("%s %s: cache %s, sanitizer %s", tc.value, tc.action, got, want)
		}
	}
	// Text that is not JSON keeps its escapes: they are its characters.
	v := `0151\n2345678`
	if got := s.ApplySpans(v, []Span{span(v, v, policy.Tokenize)}); got != s.Token(v) {
		t.Error("ApplySpans read escapes in text")
	}
}

// MaskJSON masks JSON text whole and leaves JSON: strings as Mask masks
// them, numbers and flags as strings, null as it is.
func TestMaskJSON(t *testing.T) {
	for in, want := range map[string]string{
		`[4915123456789, -1.5e3]`:               `["*************", "-*.***"]`,
		`{"tel":"+49 30 1234567","ok":true}`:    `{"***":"+** ** *******","**":"*****"}`,
		`[false,null,"a\"b\\",{"x":[1]}]`:       `["*****",null,"*\"*\\",{"*":["*"]}]`,
		`{"n":"J\u00fcrgen","e":"a\u0040b.de"}`: `{"*":"******","*":"*\u0040*.**"}`,
		`"cut`:                                  `"***`,
		`[nul, x]`:                              `[***, *]`, // not JSON: masked all the same
	} {
		got := MaskJSON(in)
		if got != want {
			t.Errorf("MaskJSON(%s) = %s, want %s", in, got, want)
		}
	}
}
