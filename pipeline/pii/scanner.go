package pii

import (
	"errors"
	"fmt"
	"math"
	"strings"
)

// Detector identifiers. detectorNames holds the names that appear in
// Finding.Detector and that WithDetectors accepts.
const (
	dEmail = iota
	dEmailObf
	dPhone
	dIBAN
	dAccount
	dBIC
	dCard
	dIPv4
	dIPv6
	dMAC
	dDOB
	dPostal
	dStreet
	dCity
	dAddress
	dName
	dDETaxID
	dFRNIR
	dNLBSN
	dBENRN
	dESDNI
	dESNIE
	dPTNIF
	dITCF
	dPLPESEL
	dSEPNR
	dFIHETU
	dDKCPR
	dATSVNR
	dDESVNR
	dIEPPS
	dGBNINO
	dGBNHS
	dUSSSN
	dCHAHV
	dROCNP
	dTRTCKN
	dCZRC
	dDEKVNR
	dDEStNr
	dVAT
	dPassport
	dIDCard
	dLicence
	dGeo
	dSpecial
	dColumnHint
	dKeyHint
	nDet
)

var detectorNames = [nDet]string{
	dEmail: "email", dEmailObf: "email_obfuscated", dPhone: "phone", dIBAN: "iban", dAccount: "bank_account", dBIC: "bic", dCard: "card",
	dIPv4: "ipv4", dIPv6: "ipv6", dMAC: "mac", dDOB: "date_of_birth", dPostal: "postal_code", dStreet: "street",
	dCity: "city", dAddress: "address", dName: "person_name", dDETaxID: "de_steuer_id", dFRNIR: "fr_nir", dNLBSN: "nl_bsn",
	dBENRN: "be_nrn", dESDNI: "es_dni", dESNIE: "es_nie", dPTNIF: "pt_nif", dITCF: "it_codice_fiscale",
	dPLPESEL: "pl_pesel", dSEPNR: "se_personnummer", dFIHETU: "fi_hetu", dDKCPR: "dk_cpr", dATSVNR: "at_svnr", dDESVNR: "de_svnr",
	dIEPPS: "ie_pps", dGBNINO: "gb_nino", dGBNHS: "gb_nhs", dUSSSN: "us_ssn", dCHAHV: "ch_ahv", dROCNP: "ro_cnp", dTRTCKN: "tr_kimlik",
	dCZRC: "cz_rodne_cislo", dDEKVNR: "de_kvnr", dDEStNr: "de_steuernummer", dVAT: "eu_vat", dPassport: "passport", dIDCard: "id_card",
	dLicence: "drivers_licence", dGeo: "geo", dSpecial: "special_category", dColumnHint: "column_hint",
	dKeyHint: "key_hint",
}

// DetectorNames returns the names of all detectors, in a stable order. They
// are the values of Finding.Detector and the arguments WithDetectors takes.
func DetectorNames() []string {
	out := make([]string, nDet)
	copy(out, detectorNames[:])
	return out
}

// DefaultMinScore is the score below which findings are dropped unless
// WithMinScore says otherwise.
const DefaultMinScore = 0.4

// shortLimit is the length up to which a value is classified as a whole
// (names, codes, dates) in addition to being scanned for spans.
const shortLimit = 96

type config struct {
	minScore float64
	det      uint64
}

// Option configures a Scanner. Options are validated once, in New.
type Option struct {
	apply func(*config) error
}

// WithMinScore drops findings scoring below min (default DefaultMinScore).
// Lowering it raises recall at the price of precision: at 0.3 dates without
// a birth context and bare national numbers without a context word appear.
func WithMinScore(min float64) Option {
	return Option{func(c *config) error {
		if math.IsNaN(min) || min < 0 || min > 1 {
			return fmt.Errorf("pii: min score %v outside [0,1]", min)
		}
		c.minScore = min
		return nil
	}}
}

// WithDetectors enables only the named detectors (see DetectorNames). Turning
// detectors off makes scanning faster but misses what they find; disabling
// "column_hint" leaves short values without a recognisable shape
// (names in a first_name column) unreported.
func WithDetectors(names ...string) Option {
	return Option{func(c *config) error {
		var m uint64
		for _, n := range names {
			b, err := detectorBit(n)
			if err != nil {
				return err
			}
			m |= b
		}
		if m == 0 {
			return errors.New("pii: WithDetectors needs at least one detector")
		}
		c.det = m
		return nil
	}}
}

// WithoutDetectors disables the named detectors and keeps all others.
func WithoutDetectors(names ...string) Option {
	return Option{func(c *config) error {
		for _, n := range names {
			b, err := detectorBit(n)
			if err != nil {
				return err
			}
			c.det &^= b
		}
		return nil
	}}
}

func detectorBit(name string) (uint64, error) {
	for i, n := range detectorNames {
		if n == name {
			return 1 << i, nil
		}
	}
	return 0, fmt.Errorf("pii: unknown detector %q", name)
}

// Scanner finds personal data in field values. It is immutable after New
// and safe for concurrent use; the only shared mutable state is the cache of
// column-name hints, which is lock-free for readers.
type Scanner struct {
	minScore float64
	det      uint64
	hints    hintCache
	// labels caches the hints of custom fields' labels ({"name":"telefon"},
	// a key-value row's "Date of birth"), apart from column names, bounded
	// on its own.
	labels hintCache
}

// New returns a Scanner configured by opts, or an error naming the first
// invalid option.
func New(opts ...Option) (*Scanner, error) {
	c := config{minScore: DefaultMinScore, det: 1<<nDet - 1}
	for _, o := range opts {
		if o.apply == nil {
			continue
		}
		if err := o.apply(&c); err != nil {
			return nil, err
		}
	}
	return &Scanner{minScore: c.minScore, det: c.det, labels: hintCache{max: 512}}, nil
}

// NewScanner is New for options known to be valid; it panics on an invalid
// option, like regexp.MustCompile. Use New with options from configuration.
func NewScanner(opts ...Option) *Scanner {
	s, err := New(opts...)
	if err != nil {
		panic(err)
	}
	return s
}

// ColumnHint returns the categories a column name suggests, most specific
// first: "telefon_nr" -> [user.contact.phone_number], "EMail1" ->
// [user.contact.email]. The result is cached and shared: do not modify it.
func (s *Scanner) ColumnHint(field string) []Category {
	return s.hints.get(field).cats
}

// ScanField appends to dst the findings in value and returns the extended
// slice. field is the column name ("" when unknown); it acts as a hint and as
// context for the value. Offsets are UTF-8 byte offsets into value. Values of
// up to 96 bytes are also classified whole: a finding that covers the value
// gets Start 0 and End len(value), and a column hint alone yields a
// "column_hint" finding. ScanField does not allocate when value holds no
// personal data, no no-break or thin space and no escape, and dst has
// spare capacity.
func (s *Scanner) ScanField(field, value string, dst []Finding) []Finding {
	return s.ScanColumn(s.Column(field), value, dst)
}

// ColumnHint is what a column's name says, resolved once by Column so that
// the values of the column can be scanned without looking the name up each
// time. The zero ColumnHint is an unknown name.
type ColumnHint struct{ h *hint }

// SmallInts reports whether the name says that the column's integers are
// personal data even when they are too short for a detector to tell by
// value: postal codes (postleitzahl 10115), house numbers, birth years,
// and birth dates as days (Debezium writes a PostgreSQL date as the days
// since 1970, io.debezium.time.Date). Not keys, kinds or counts of them
// (address_id, zip_type), nor ids (customer_id): a surrogate key is
// personal data only through the subject key the policy names, which has
// its own rule.
func (c ColumnHint) SmallInts() bool { return c.h != nil && c.h.smallInts }

// LabelColumn and ValueColumn report the columns of a key-value table
// (custom fields: feld/wert, key/value, attribute/value): each row's label
// names what its value holds, as a column's name does. Narrower than
// JSON's members: a table of type and text is a log of activities.
func LabelColumn(name string) bool { return kvLabelColumns[strings.ToLower(name)] }

// PersonReference reports a column that points at a person's row by its
// name: a person word and an id or number (contact_id, kunden_nr,
// person_id, patient_no). A key-value table with one holds people's custom
// fields; without, settings, translations or a product's attributes. An
// audit column (created_by_user_id) or an owner's is no such pointer: a
// review saw product tables taken for people's.
func PersonReference(name string) bool {
	toks := nameTokens(name)
	if len(toks) < 2 {
		return false
	}
	switch toks[len(toks)-1] {
	case "id", "nr", "no", "number", "nummer", "numer":
	default:
		return false
	}
	for _, t := range toks[:len(toks)-1] {
		if !personRefTokens[t] {
			return false
		}
	}
	return true
}

var personRefTokens = map[string]bool{"contact": true, "kontakt": true, "customer": true, "kunde": true, "kunden": true,
	"klant": true, "klient": true, "client": true, "person": true, "persoon": true, "osoba": true, "member": true,
	"mitglied": true, "lid": true, "lead": true, "patient": true}

// ValueColumn: see LabelColumn.
func ValueColumn(name string) bool { return kvValueColumns[strings.ToLower(name)] }

var (
	kvLabelColumns = map[string]bool{"feld": true, "field": true, "key": true, "attribut": true, "attribute": true,
		"feldname": true, "field_name": true, "fieldname": true, "merkmal": true, "kenmerk": true, "veld": true,
		"champ": true, "pole": true, "label": true, "name": true}
	kvValueColumns = map[string]bool{"wert": true, "value": true, "valeur": true, "waarde": true, "wartosc": true,
		"wartość": true, "feldwert": true, "field_value": true, "fieldvalue": true}
)

// PersonLabel reports a key-value row's label that names a field of a
// person's data, whose hint the row's value is read with (see
// personLabel).
func PersonLabel(s string) bool { return s != "" && len(s) <= 40 && personLabel(s) }

// ScanLabelled is ScanColumn for a value whose row labels it (a key-value
// table's: see PersonLabel): scanned as the value column c, then found as
// the label's categories where it is shaped as they are (an e-mail has an
// '@', a phone number digits), as a JSON value under such a key would be,
// not by the label alone: a settings table's "email: opt-in" is no address.
func (s *Scanner) ScanLabelled(c ColumnHint, label, value string, dst []Finding) []Finding {
	base := len(dst)
	dst = s.ScanColumn(c, value, dst)
	return confirmHint(dst, base, s.labels.get(label).cats, value, 0, len(value), plausibleLabelled, s.on(dKeyHint))
}

// Column resolves a column name for ScanColumn.
func (s *Scanner) Column(field string) ColumnHint { return ColumnHint{s.hints.get(field)} }

// ScanColumn is ScanField for a column resolved by Column.
func (s *Scanner) ScanColumn(c ColumnHint, value string, dst []Finding) []Finding {
	base := len(dst)
	lost, moji := legacyOf(value)
	var vs views
	if moji {
		// Text written as mojibake: read it back first.
		vs = mojibakeViews(value)
		vs = append(vs, viewsOf(vs.text())...)
	} else {
		var done bool
		if dst, done = s.scanColumn(c, value, false, lost, dst); done {
			return dst
		}
		// Groups apart by no-break or thin spaces, or escaped text:
		// scan again as the detectors read it.
		vs = viewsOf(value)
	}
	if t := vs.text(); t != value {
		// Escaped lost letters ("J\\ufffdrgen", "&#65533;") and escaped
		// mojibake ("M\\u00c3\\u00bcller", "M&Atilde;&frac14;ller") show
		// in the view only (a review).
		tl, tm := legacyOf(t)
		lost = lost || tl
		if tm {
			vs = append(vs, mojibakeViews(t)...)
			vs = append(vs, unescapedView(vs.text())) // a no-break space or a dash read back
		}
	}
	dst, _ = s.scanColumn(c, vs.text(), true, lost, dst[:base]) // offsets into value below
	for k := base; k < len(dst); k++ {
		dst[k].Start, dst[k].End = vs.orig(dst[k].Start), vs.orig(dst[k].End)
	}
	return dst
}

// scanColumn scans value. Unless value is a view already (viewed), it
// stops, not done and with no findings, where viewOf would rewrite it.
// lost says whether value holds a character lost in decoding (legacyOf).
func (s *Scanner) scanColumn(c ColumnHint, value string, viewed, lost bool, dst []Finding) (_ []Finding, done bool) {
	h := c.h
	if h == nil {
		h = noHint
	}
	if lost {
		return s.scanLost(h, value, viewed, dst)
	}
	return s.scanValue(h, value, viewed, dst)
}

// scanLost is scanValue for a value holding a character lost in decoding,
// with lookupWord's lost lookups on (lostScans) while it runs: also when a
// detector panics, which the engine recovers from (the input becomes a
// dead letter), else every later scan would pay them.
func (s *Scanner) scanLost(h *hint, value string, viewed bool, dst []Finding) (_ []Finding, done bool) {
	lostScans.Add(1)
	defer lostScans.Add(-1)
	return s.scanValue(h, value, viewed, dst)
}

// scanValue is scanColumn's scan, with its column's hints resolved.
func (s *Scanner) scanValue(h *hint, value string, viewed bool, dst []Finding) (_ []Finding, done bool) {
	if csvHeaderEnd(value) > 0 {
		// declared here, not above: zeroing a header's table for every
		// value without a line break cost the short ones 5%
		var hd csvHeader
		if readCSVHeader(s, value, &hd) {
			return s.scanTable(h, &hd, value, viewed, dst)
		}
	}
	var sc scan
	sc.start(s, h, value, dst, viewed)
	if !sc.run() {
		return dst, false
	}
	sc.csvRows()
	if len(value) <= shortLimit {
		sc.whole(h)
	}
	return sc.finish(), true
}

// on reports whether detector d is enabled.
func (s *Scanner) on(d int) bool { return s.det&(1<<d) != 0 }
