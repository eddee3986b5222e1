package evaluation

import (
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

// The validators below are written from the published rules, apart from the
// generators, and checked against published example numbers first.

func compact(s string) string {
	return strings.NewReplacer(" ", "", "-", "", ".", "", "/", "").Replace(s)
}

func weighted(s string, w []int) int {
	sum := 0
	for i, x := range w {
		sum += int(s[i]-'0') * x
	}
	return sum
}

func validBeNN(s string) bool {
	s = compact(s)
	n, _ := strconv.ParseInt(s[:9], 10, 64)
	k, _ := strconv.ParseInt(s[9:], 10, 64)
	return len(s) == 11 && (97-n%97 == k || 97-(n+2_000_000_000)%97 == k)
}

func validDNI(s string) bool {
	s = compact(s)
	lead := strings.IndexByte("XYZ", s[0])
	if lead >= 0 {
		s = strconv.Itoa(lead) + s[1:]
	}
	n, err := strconv.Atoi(s[:8])
	return err == nil && len(s) == 9 && dniLetters[n%23] == s[8]
}

func validPtNIF(s string) bool {
	s = compact(s)
	c := 11 - weighted(s, []int{9, 8, 7, 6, 5, 4, 3, 2})%11
	if c >= 10 {
		c = 0
	}
	return len(s) == 9 && int(s[8]-'0') == c
}

func validCF(s string) bool {
	if len(s) != 16 {
		return false
	}
	even := "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	sum := 0
	for i := 0; i < 15; i++ {
		idx := strings.IndexByte(even, s[i])
		if i%2 == 0 {
			sum += cfOdd[idx]
		} else if idx >= 10 {
			sum += idx - 10
		} else {
			sum += idx
		}
	}
	return s[15] == byte('A'+sum%26)
}

func validHETU(s string) bool {
	if len(s) != 11 {
		return false
	}
	n, _ := strconv.Atoi(s[:6] + s[7:10])
	return "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31] == s[10]
}

func validCPR(s string) bool {
	s = compact(s)
	return len(s) == 10 && weighted(s, []int{4, 3, 2, 7, 6, 5, 4, 3, 2, 1})%11 == 0
}

func validSVNR(s string) bool {
	s = compact(s)
	return len(s) == 10 && weighted(s, []int{3, 7, 9, 0, 5, 8, 4, 2, 1, 6})%11 == int(s[3]-'0')
}

func validPPS(s string) bool {
	if len(s) < 8 {
		return false
	}
	sum := weighted(s, []int{8, 7, 6, 5, 4, 3, 2})
	if len(s) == 9 {
		sum += 9 * int(s[8]-'A'+1)
	}
	c := sum % 23
	want := byte('W')
	if c > 0 {
		want = byte('A' + c - 1)
	}
	return s[7] == want
}

func validNHS(s string) bool {
	s = compact(s)
	c := 11 - weighted(s, []int{10, 9, 8, 7, 6, 5, 4, 3, 2})%11
	if c == 11 {
		c = 0
	}
	return len(s) == 10 && c != 10 && int(s[9]-'0') == c
}

func validNIP(s string) bool {
	s = strings.TrimPrefix(compact(s), "PL")
	return len(s) == 10 && weighted(s, []int{6, 5, 7, 2, 3, 4, 5, 6, 7})%11 == int(s[9]-'0')
}

func TestValidatorsAcceptPublishedExamples(t *testing.T) {
	tests := []struct {
		name  string
		valid func(string) bool
		good  string
		bad   string
	}{
		{"be nn", validBeNN, "85.07.30-033.28", "85.07.30-033.29"},
		{"dni", validDNI, "12345678Z", "12345678A"},
		{"pt nif", validPtNIF, "123456789", "123456788"},
		{"codice fiscale", validCF, "RSSMRA85T10A562S", "RSSMRA85T10A562T"},
		{"hetu", validHETU, "131052-308T", "131052-308U"},
		{"svnr", validSVNR, "1237010180", "1238010180"},
		{"pps", validPPS, "1234567T", "1234567A"},
		{"nhs", validNHS, "943 476 5919", "943 476 5918"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if !tt.valid(tt.good) {
				t.Errorf("published example rejected")
			}
			if tt.valid(tt.bad) {
				t.Errorf("altered example accepted")
			}
		})
	}
}

func TestGeneratedIdentifiersHaveValidCheckDigits(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	tests := []struct {
		name  string
		gen   func() string
		valid func(string) bool
	}{
		{"de vat", func() string { return deVAT(r) }, func(s string) bool { return len(s) == 11 && synth.Mod1110Digit(s[2:10]) == s[10] }},
		{"fr vat", func() string { return frVAT(r) }, func(s string) bool {
			n, _ := strconv.Atoi(s[4:])
			k, _ := strconv.Atoi(s[2:4])
			return synth.ValidLuhn(s[4:]) && k == (12+3*(n%97))%97
		}},
		{"be nn", func() string { return beNN(r) }, validBeNN},
		{"be vat", func() string { return beVAT(r) }, func(s string) bool {
			n, _ := strconv.Atoi(s[2:10])
			k, _ := strconv.Atoi(s[10:])
			return len(s) == 12 && 97-n%97 == k
		}},
		{"dni", func() string { return esDNI(r) }, validDNI},
		{"nie", func() string { return esNIE(r) }, validDNI},
		{"pt nif", func() string { return ptNIF(r) }, validPtNIF},
		{"codice fiscale", func() string { return itCF(r, "Giulia", "De Luca", true) }, validCF},
		{"it vat", func() string { return itVAT(r) }, func(s string) bool { return len(s) == 13 && synth.ValidLuhn(s[2:]) }},
		{"nip", func() string { return plNIP(r) }, validNIP},
		{"se pnr", func() string { return sePNR(r) }, func(s string) bool { return len(s) == 11 && synth.ValidLuhn(compact(s)) }},
		{"hetu", func() string { return fiHETU(r) }, validHETU},
		{"cpr", func() string { return dkCPR(r) }, validCPR},
		{"svnr", func() string { return atSVNR(r) }, validSVNR},
		{"pps", func() string { return iePPS(r) }, validPPS},
		{"nhs", func() string { return gbNHS(r) }, validNHS},
		{"invoice passes luhn", func() string { return invoiceNo(r) }, func(s string) bool {
			return strings.HasPrefix(s, "RE-") || synth.ValidLuhn(s)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for i := range 500 {
				if s := tt.gen(); !tt.valid(s) {
					t.Fatalf("draw %d (%d chars) fails its check", i, len(s))
				}
			}
		})
	}
}

// TestCorpusIdentifiersHaveValidCheckDigits: every gold identifier of the
// committed corpus whose kind has a check digit passes it, checked apart
// from the generators. A gold value that fails its own check is no such
// identifier: a detector that checks digits, as lethe's do, is marked down
// for rejecting it.
func TestCorpusIdentifiersHaveValidCheckDigits(t *testing.T) {
	luhn := func(s string) bool { return synth.ValidLuhn(compact(s)) }
	valid := map[string]func(string) bool{
		"de_steuer_id": func(s string) bool { return synth.ValidSteuerID(compact(s)) },
		"fr_nir":       func(s string) bool { return synth.ValidNIR(compact(s)) },
		"nl_bsn":       func(s string) bool { return synth.ValidBSN(compact(s)) },
		"pl_pesel":     func(s string) bool { return synth.ValidPESEL(compact(s)) },
		"gb_nino":      synth.ValidNINO,
		"be_nn":        validBeNN,
		"es_dni":       validDNI,
		"es_nie":       validDNI,
		"pt_nif":       validPtNIF,
		"it_cf":        validCF,
		"se_pnr":       luhn,
		"fi_hetu":      validHETU,
		"dk_cpr":       validCPR,
		"at_svnr":      validSVNR,
		"ie_pps":       validPPS,
		"gb_nhs":       validNHS,
		"vat_de":       func(s string) bool { return len(s) == 11 && synth.Mod1110Digit(s[2:10]) == s[10] },
		"vat_it":       func(s string) bool { return len(s) == 13 && luhn(s[2:]) },
		"vat_pl":       validNIP,
		"vat_es":       func(s string) bool { return strings.HasPrefix(s, "ES") && validDNI(s[2:]) },
	}
	bad, checked := map[string]int{}, 0
	for _, s := range loadCorpus(t) {
		for _, sp := range s.Spans {
			v := s.Value[sp.Start:sp.End]
			ok := true
			switch k := sp.Kind; {
			case valid[k] != nil:
				ok = valid[k](v)
			case strings.HasPrefix(k, "iban_"):
				ok = synth.ValidIBAN(v)
			case strings.HasPrefix(k, "card_"):
				ok = luhn(v)
			default:
				continue
			}
			checked++
			if !ok {
				bad[sp.Kind]++
			}
		}
	}
	if len(bad) > 0 || checked < 2500 {
		t.Errorf("gold identifiers failing their check digits, by kind: %v (of %d checked)", bad, checked)
	}
}
