package democrm

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

// TestIdentifierDraws checks what the demo CRM adds on top of synth: the
// country layouts of its IBANs (with the French RIB key), its card brands,
// and national IDs that carry the customer's sex and birth date.
func TestIdentifierDraws(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	ibanLen := map[string]int{"DE": 22, "FR": 27, "NL": 18, "PL": 28, "GB": 22}
	for range 2000 {
		for c, n := range ibanLen {
			s := newIBAN(r, c)
			if len(s) != n || !strings.HasPrefix(s, c) || !synth.ValidIBAN(s) {
				t.Fatalf("%s IBAN of %d chars, want %d, valid %v", c, len(s), n, synth.ValidIBAN(s))
			}
			if c == "FR" && synth.RIBKey(s[4:9], s[9:14], s[14:25]) != s[25:] {
				t.Fatal("French IBAN without a valid RIB key")
			}
		}
		c := newCard(r)
		if !synth.ValidCardNumber(c) || !strings.ContainsRune("345", rune(c[0])) || (c[0] == '3') != (len(c) == 15) {
			t.Fatalf("card of %d chars starting %c invalid", len(c), c[0])
		}
		if s := bsn(r); !synth.ValidBSN(s) || s[0] == '0' {
			t.Fatal("generated BSN invalid")
		}
	}
	tests := []struct {
		year, month, day int
		male             bool
		peselDate        string
	}{
		{1978, 3, 14, true, "780314"},
		{2004, 12, 1, false, "043201"},
		{1935, 1, 28, false, "350128"},
	}
	for _, tt := range tests {
		for range 200 {
			p := pesel(r, tt.year, tt.month, tt.day, tt.male)
			if !synth.ValidPESEL(p) || p[:6] != tt.peselDate || (p[9]-'0')%2 == 1 != tt.male {
				t.Fatalf("PESEL for %d-%02d-%02d male=%v: date or sex digit wrong or check fails", tt.year, tt.month, tt.day, tt.male)
			}
			sex := 2
			if tt.male {
				sex = 1
			}
			n := nir(r, sex, tt.year, tt.month)
			c := strings.ReplaceAll(n, " ", "")
			if !synth.ValidNIR(n) || len(n) != 21 || int(c[0]-'0') != sex || c[1:5] != tt.peselDate[:2]+pad2(tt.month) {
				t.Fatalf("NIR for %d-%02d sex %d: wrong fields or key", tt.year, tt.month, sex)
			}
		}
	}
}
