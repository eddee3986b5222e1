// Package sanitize turns personal data into what a policy allows a recipient
// to see: masked, pseudonymised with a keyed HMAC, tokenized with reversible
// authenticated encryption, or dropped. It works on whole field values and on
// spans inside free text.
package sanitize

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base32"
	"encoding/base64"
	"encoding/binary"
	"encoding/json"
	"errors"
	"fmt"
	"hash"
	"math"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/policy"
)

// MinKeyLen is the shortest key accepted, in bytes.
const MinKeyLen = 32

// Redacted replaces a dropped span inside free text.
const Redacted = "[REDACTED]"

// Keys are the secrets behind pseudonyms and tokens. Keep them out of the
// data they protect: whoever has the pseudonym key can test guesses, whoever
// has the token key can read every token.
type Keys struct {
	// Pseudonym keys the HMAC-SHA256 pseudonyms.
	Pseudonym []byte
	// Token keys the AES-256 encryption behind tokens (first 32 bytes) and,
	// through an HMAC, the synthetic nonce that makes tokens deterministic.
	Token []byte
}

// Sanitizer applies actions to values. It is safe for concurrent use.
type Sanitizer struct {
	pseudoKey []byte
	nonceKey  []byte
	aead      cipher.AEAD
	macs      sync.Pool // hash.Hash keyed with pseudoKey
}

// b32 is RFC 4648 base32 in lower case, without padding: pseudonyms are
// written in lower case, and encoding that way saves a pass to fold them.
var b32 = base32.NewEncoding("abcdefghijklmnopqrstuvwxyz234567").WithPadding(base32.NoPadding)

// New validates the keys and returns a Sanitizer.
func New(k Keys) (*Sanitizer, error) {
	if len(k.Pseudonym) < MinKeyLen {
		return nil, fmt.Errorf("sanitize: pseudonym key is %d bytes, want at least %d", len(k.Pseudonym), MinKeyLen)
	}
	aead, err := tokenAEAD(k.Token)
	if err != nil {
		return nil, err
	}
	nk := hmac.New(sha256.New, k.Token)
	nk.Write([]byte("lethe token nonce"))
	s := &Sanitizer{pseudoKey: slices.Clone(k.Pseudonym), nonceKey: nk.Sum(nil), aead: aead}
	s.macs.New = func() any { return hmac.New(sha256.New, s.pseudoKey) }
	return s, nil
}

// tokenAEAD validates a token key and returns the encryption behind tokens.
func tokenAEAD(key []byte) (cipher.AEAD, error) {
	if len(key) < MinKeyLen {
		return nil, fmt.Errorf("sanitize: token key is %d bytes, want at least %d", len(key), MinKeyLen)
	}
	block, err := aes.NewCipher(key[:32])
	if err != nil {
		return nil, fmt.Errorf("sanitize: token key: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("sanitize: token key: %w", err)
	}
	return aead, nil
}

// Apply returns what the action makes of a whole field value. ok is false
// when the field must become null (Drop).
func (s *Sanitizer) Apply(a policy.Action, category, value string) (out string, ok bool) {
	return s.apply(nil, a, category, value)
}

// apply is Apply with pseudonyms from c when c is not nil.
func (s *Sanitizer) apply(c *Cache, a policy.Action, category, value string) (out string, ok bool) {
	switch a {
	case policy.Keep:
		return value, true
	case policy.Pseudonymize:
		if c != nil {
			return c.Pseudonym(category, value), true
		}
		return s.Pseudonym(category, value), true
	case policy.Tokenize:
		return s.Token(value), true
	case policy.Drop:
		return "", false
	default: // Mask, and anything unknown fails safe.
		return Mask(value), true
	}
}

// Span is a piece of a value to replace.
type Span struct {
	Start, End int // byte offsets
	Category   string
	Action     policy.Action
}

// ApplySpans replaces each span of value per its action. Overlapping spans
// are merged into the first one (the caller sorts by Start, larger first on
// ties); spans outside the value are clipped. A value with no span comes back
// unchanged without allocation.
func (s *Sanitizer) ApplySpans(value string, spans []Span) string {
	return s.applySpans(nil, value, spans, false)
}

// ApplyJSONSpans is ApplySpans for JSON text: a JSON column or a nested
// value, which the detectors read as its JSON. A span inside a string is
// text written with JSON's escapes: its token is of the text they stand
// for, which is what detokenizing must give back and the token the same
// text gets in a text column ("Goethestraße 5\n10115 Berlin" over two
// lines, not over a backslash and an "n"). A span that is a whole number
// outside any string (a phone number kept as a JSON number) is replaced
// by a JSON string: a bare run of '*' or a pseudonym is not JSON, and
// the value would stay an object or an array only in records without
// such a number.
func (s *Sanitizer) ApplyJSONSpans(value string, spans []Span) string {
	return s.applySpans(nil, value, spans, true)
}

func (s *Sanitizer) applySpans(c *Cache, value string, spans []Span, inJSON bool) string {
	if len(spans) == 0 {
		return value
	}
	var b strings.Builder
	b.Grow(len(value) + 16)
	pos := 0
	var strs jsonStrings
	for _, sp := range spans {
		start, end := max(sp.Start, pos), min(sp.End, len(value))
		if start >= end {
			continue
		}
		b.WriteString(value[pos:start])
		piece, quote := value[start:end], false
		if inJSON && sp.Action != policy.Keep {
			if strs.inString(value, start) {
				if sp.Action == policy.Tokenize {
					piece = jsonUnescaped(piece)
				}
			} else {
				quote = numberAt(value, start, end)
			}
		}
		if quote {
			b.WriteByte('"')
		}
		if sp.Action == policy.Keep {
			b.WriteString(piece)
		} else if out, ok := s.apply(c, sp.Action, sp.Category, piece); ok {
			b.WriteString(out)
		} else {
			b.WriteString(Redacted)
		}
		if quote {
			b.WriteByte('"')
		}
		pos = end
	}
	b.WriteString(value[pos:])
	return b.String()
}

// jsonStrings tells where JSON text's strings are, read from its start
// on: inString is asked about offsets that never go back.
type jsonStrings struct {
	i  int // read up to here
	in bool
}

// inString reports whether v[off] is inside a string of the JSON text v.
func (j *jsonStrings) inString(v string, off int) bool {
	for ; j.i < off; j.i++ {
		switch c := v[j.i]; {
		case j.in && c == '\\':
			j.i++ // the escaped character
		case c == '"':
			j.in = !j.in
		}
	}
	return j.in
}

// jsonUnescaped returns the text that s, a piece of a JSON string, stands
// for; s itself when it holds no escape or is not such a piece (a quote
// of its own, a cut escape).
func jsonUnescaped(s string) string {
	if strings.IndexByte(s, '\\') < 0 {
		return s
	}
	var out string
	if json.Unmarshal([]byte(`"`+s+`"`), &out) != nil {
		return s
	}
	return out
}

// numberAt reports whether v[start:end], outside the strings of JSON text
// v, is a whole number: bytes of a number, starting as one does, with
// none beside them (outside strings, JSON has no other such run).
func numberAt(v string, start, end int) bool {
	if c := v[start]; c != '-' && (c < '0' || c > '9') || start > 0 && numberByte(v[start-1]) || end < len(v) && numberByte(v[end]) {
		return false
	}
	for i := start; i < end; i++ {
		if !numberByte(v[i]) {
			return false
		}
	}
	return true
}

// numberByte reports a byte a JSON number may hold.
func numberByte(c byte) bool {
	return '0' <= c && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'
}

// Mask replaces every letter, number, combining mark and other symbol
// (circled letters, regional indicators, U+FFFD for a byte that is not
// UTF-8), and the tag characters that mirror ASCII, with '*' and keeps the
// rest, so an e-mail still looks like one ("****@*******.***") and carries
// nothing. Marks count: a Devanagari vowel sign or an Arabic shadda left
// in place spells part of the name ("प्रिया" would become "*्*ि*ा").
// A JSON escape or HTML character reference (pii.EscapeAt) is one
// character: "\u002B49 30" becomes "\u002B** **", not "\******** **",
// which would break the JSON the value sits in.
func Mask(v string) string {
	var b strings.Builder
	b.Grow(len(v))
	for i := 0; i < len(v); {
		if c := v[i]; c < utf8.RuneSelf && c != '\\' && c != '&' {
			// ASCII, most of what is masked: a letter or a digit is
			// masked (ASCII has no marks or other symbols), the rest
			// kept, as below, without a lookup in Unicode's tables.
			if 'a' <= c|0x20 && c|0x20 <= 'z' || '0' <= c && c <= '9' {
				c = '*'
			}
			b.WriteByte(c)
			i++
			continue
		}
		var r rune
		n := 0
		if c := v[i]; c == '\\' || c == '&' {
			r, n = pii.EscapeAt(v, i)
		}
		escaped := n > 0
		switch {
		case escaped:
		case v[i] < utf8.RuneSelf:
			r, n = rune(v[i]), 1
		default:
			r, n = utf8.DecodeRuneInString(v[i:])
		}
		switch {
		case unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) ||
			r >= utf8.RuneSelf && (unicode.Is(unicode.So, r) || r >= 0xE0020 && r <= 0xE007E): // ASCII has no So
			// Other symbols too: circled, squared and parenthesized
			// letters (Ⓜ, 🄺, ⒜) and regional indicators (🇯) spell
			// words (a review found them unmasked), and so do the
			// invisible tag characters that mirror ASCII (U+E0020-E007E).
			b.WriteByte('*')
		case escaped:
			b.WriteString(v[i : i+n])
		case r < utf8.RuneSelf:
			b.WriteByte(byte(r))
		default:
			b.WriteRune(r)
		}
		i += n
	}
	return b.String()
}

// MaskJSON is Mask for JSON text masked whole (a JSON column or a nested
// value): its strings are masked as Mask does, quotes and escapes kept,
// and every number, true and false outside them becomes a string, so that
// the text stays JSON (an array stays one, "[4915123456789]" becomes
// ["*************"], not the text of "[*************]" in a string). A
// flag is "*****" whether true or false, as a flag column's mask is; null
// stays.
func MaskJSON(v string) string {
	var b strings.Builder
	b.Grow(len(v) + 8)
	for i := 0; i < len(v); {
		j := i + 1
		switch c := v[i]; {
		case c == '"':
			for ; j < len(v) && v[j] != '"'; j++ {
				if v[j] == '\\' {
					j++
				}
			}
			j = min(j+1, len(v))
			b.WriteString(Mask(v[i:j]))
		case c == '-' || '0' <= c && c <= '9':
			for j < len(v) && numberByte(v[j]) {
				j++
			}
			b.WriteByte('"')
			b.WriteString(Mask(v[i:j]))
			b.WriteByte('"')
		case strings.HasPrefix(v[i:], "true") || strings.HasPrefix(v[i:], "false"):
			j = i + 4
			if c == 'f' {
				j++
			}
			b.WriteString(`"*****"`)
		case strings.HasPrefix(v[i:], "null"):
			j = i + 4
			b.WriteString("null")
		default: // JSON's punctuation and blanks; masked as Mask would, were it not JSON
			b.WriteString(Mask(v[i:j]))
		}
		i = j
	}
	return b.String()
}

// Pseudonym returns "psn_" and 24 base32 characters of the keyed HMAC of the
// value's normalised form (see Normalize), bound to the category family so
// that the same digits as a phone and as an account do not link.
func (s *Sanitizer) Pseudonym(category, value string) string {
	return s.pseudonym(category, Normalize(category, value))
}

// KeyPseudonym is Pseudonym for a value in a record key, which must stay
// one-to-one: two keys that Normalize folds together ("Alice@Example.com"
// and "alice@example.com", "+49 30 1234567" and "0049301234567") are two
// rows, and one pseudonym would merge them under compaction and erase both
// for one. So the value is taken as it is, but for a unique id's trailing
// blanks (the padding of a CHAR(n) column, which SQL ignores too). A value
// already in its normal form gets the pseudonym Pseudonym gives it.
func (s *Sanitizer) KeyPseudonym(category, value string) string {
	if isUniqueID(category) {
		return s.Pseudonym(category, value)
	}
	return s.pseudonym(category, value)
}

// KeyPart is one column of a record key, for RowPseudonym: its value as
// written, or SQL NULL (a nullable column of a replica identity or of
// message.key.columns), which is not the empty text.
type KeyPart struct {
	Text string
	Null bool
}

// RowPseudonym is a pseudonym of a whole record key, each part after its
// length (a NULL part as the length 2^64-1, which no text has, so that it
// is not the empty text and keys without one keep the pseudonyms they had
// before NULL was told apart), in category's family but apart from every
// value's pseudonym: a flag in a key takes it (one-to-one and one per
// row, where a pseudonym of the flag alone would be one of two). Were it a
// value's pseudonym of the encoded parts, anyone who can write a value and
// read its pseudonym could test a guessed key for a flag (a review).
func (s *Sanitizer) RowPseudonym(category string, parts []KeyPart) string {
	var b []byte
	for _, p := range parts {
		if p.Null {
			b = binary.AppendUvarint(b, math.MaxUint64)
			continue
		}
		b = append(binary.AppendUvarint(b, uint64(len(p.Text))), p.Text...)
	}
	return s.mac(category, rowDomain, string(b))
}

// Domain bytes between a category's family and the input of a pseudonym's
// HMAC: families are letters, digits, dots and underscores (policy checks
// the categories it takes), so inputs of two domains never meet.
const (
	valueDomain = 0
	rowDomain   = 1
)

// pseudonym is the HMAC of value, taken as it is, in category's family.
func (s *Sanitizer) pseudonym(category, value string) string {
	return s.mac(category, valueDomain, value)
}

// mac is the pseudonym of input in category's family and domain.
func (s *Sanitizer) mac(category string, domain byte, input string) string {
	m := s.macs.Get().(hash.Hash)
	m.Reset()
	m.Write([]byte(family(category)))
	m.Write([]byte{domain})
	m.Write([]byte(input))
	var sum [sha256.Size]byte
	d := m.Sum(sum[:0])
	s.macs.Put(m)
	var out [4 + 24]byte // "psn_" and 15 bytes in base32
	copy(out[:], "psn_")
	b32.Encode(out[4:], d[:15])
	return string(out[:])
}

// family is the second level of a fideslang category ("user.contact" of
// "user.contact.email"), or the category itself.
func family(category string) string {
	if i := strings.IndexByte(category, '.'); i >= 0 {
		if j := strings.IndexByte(category[i+1:], '.'); j >= 0 {
			return category[:i+1+j]
		}
	}
	return category
}

// Normalize folds the spellings of one value together before it is
// pseudonymised: JSON escapes and HTML character references (a value found
// inside JSON or HTML kept in a column, pii.Decoded), surrounding space,
// case, runs of blanks and the Unicode composition ("Zoë" typed as Zoe
// and a combining diaeresis); for phone
// numbers, financial and government identifiers, everything but letters
// and digits (and a phone number's trunk 0 written "(0)" after its
// country code). A unique id keys records, so it is kept as it is but for
// trailing spaces: ids that differ in case (Salesforce's "0015g00000AbCdE")
// or in leading blanks are different records, whose sanitized keys and
// erase commands must stay apart, while a CHAR(n) column pads an id with
// spaces that SQL comparisons ignore, and the same customer must get one
// pseudonym in every table.
//
// Known limits, left so because folding otherwise would change the
// pseudonyms deployments already wrote (a review): a phone number is its
// digits alone, so one written with its country code ("+43 1 2345678") and
// a national one of the same digits elsewhere ("(431) 234-5678") share a
// pseudonym; case is folded by lower-casing, not full case folding, so
// "STRASSE" and "Straße", or a final "ς" and "Σ", stay apart; NFC keeps
// compatibility forms apart (fullwidth "ＡＮＮＡ" is not "anna"), and
// digits of other scripts are not ASCII digits.
func Normalize(category, value string) string {
	if isUniqueID(category) {
		return strings.TrimRight(value, " ")
	}
	v := strings.TrimSpace(pii.Decoded(value))
	phone := strings.HasPrefix(category, "user.contact.phone_number")
	if phone || strings.HasPrefix(category, "user.financial") || strings.HasPrefix(category, "user.government_id") {
		if phone && international(v) {
			// "+49 (0)30 1234567", as German, Austrian, Swiss and
			// British numbers are often written: the trunk 0 in
			// parentheses is not dialled after a country code, and
			// the number is +49 30 1234567.
			v = strings.Replace(v, "(0)", "", 1)
		}
		v = strings.Map(func(r rune) rune {
			if unicode.IsLetter(r) || unicode.IsDigit(r) {
				return unicode.ToLower(r)
			}
			return -1
		}, v)
		// 0049 30... and +49 30... are the same number.
		if phone && strings.HasPrefix(v, "00") {
			v = v[2:]
		}
		return v
	}
	if isFolded(v) {
		return v // the common case, without allocating
	}
	return strings.Join(strings.Fields(strings.ToLower(norm.NFC.String(v))), " ")
}

// international reports a phone number written with its country code:
// after "+" or "00", in parentheses or not.
func international(v string) bool {
	v = strings.TrimPrefix(v, "(")
	return strings.HasPrefix(v, "+") || strings.HasPrefix(v, "00")
}

// isUniqueID reports whether category is user.unique_id or below it.
func isUniqueID(category string) bool {
	return category == "user.unique_id" || strings.HasPrefix(category, "user.unique_id.")
}

// isFolded reports whether v is already in the form Normalize gives it:
// ASCII without capitals, and blanks only as single spaces.
func isFolded(v string) bool {
	for i := 0; i < len(v); i++ {
		c := v[i]
		if c >= utf8.RuneSelf || ('A' <= c && c <= 'Z') || c < ' ' || c == ' ' && i > 0 && v[i-1] == ' ' {
			return false
		}
	}
	return true
}

// Token returns "tok_" and the base64url of a deterministic authenticated
// encryption of value: the nonce is an HMAC of the value (a synthetic IV), so
// equal values give equal tokens and Detokenize can recover the value.
func (s *Sanitizer) Token(value string) string {
	m := hmac.New(sha256.New, s.nonceKey)
	m.Write([]byte(value))
	nonce := m.Sum(nil)[:s.aead.NonceSize()]
	out := s.aead.Seal(slices.Clone(nonce), nonce, []byte(value), nil)
	return "tok_" + base64.RawURLEncoding.EncodeToString(out)
}

// ErrBadToken is returned by Detokenize for anything it did not make.
var ErrBadToken = errors.New("sanitize: not a valid token for this key")

// Detokenizer recovers the values behind tokens with the token key alone:
// whoever may read tokens back needs no pseudonym key, which would let
// them test guesses against every pseudonym too.
type Detokenizer struct{ aead cipher.AEAD }

// NewDetokenizer validates the token key and returns a Detokenizer.
func NewDetokenizer(tokenKey []byte) (*Detokenizer, error) {
	aead, err := tokenAEAD(tokenKey)
	if err != nil {
		return nil, err
	}
	return &Detokenizer{aead: aead}, nil
}

// Detokenize recovers the value behind a token.
func (d *Detokenizer) Detokenize(token string) (string, error) {
	return detokenize(d.aead, token)
}

func detokenize(aead cipher.AEAD, token string) (string, error) {
	raw, err := base64.RawURLEncoding.DecodeString(strings.TrimPrefix(token, "tok_"))
	if err != nil || !strings.HasPrefix(token, "tok_") || len(raw) < aead.NonceSize() {
		return "", ErrBadToken
	}
	n := aead.NonceSize()
	pt, err := aead.Open(nil, raw[:n], raw[n:], nil)
	if err != nil {
		return "", ErrBadToken
	}
	return string(pt), nil
}
