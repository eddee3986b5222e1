package evaluation

import (
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"
)

// The validators below are written from the published rules, apart from the
// generators, and checked against published example numbers first.

func compact(s string) string {
	return strings.NewReplacer(" ", "", "-", "", ".", "", "/", "").Replace(s)
}

func validIBAN(s string) bool {
	s = strings.ToUpper(compact(s))
	if len(s) < 15 {
		return false
	}
	s = s[4:] + s[:4]
	var num strings.Builder
	for _, c := range s {
		switch {
		case c >= 'A' && c <= 'Z':
			num.WriteString(strconv.Itoa(int(c-'A') + 10))
		case c >= '0' && c <= '9':
			num.WriteRune(c)
		default:
			return false
		}
	}
	n, _ := new(big.Int).SetString(num.String(), 10)
	return new(big.Int).Mod(n, big.NewInt(97)).Int64() == 1
}

func weighted(s string, w []int) int {
	sum := 0
	for i, x := range w {
		sum += int(s[i]-'0') * x
	}
	return sum
}

func validSteuerID(s string) bool {
	s = compact(s)
	if len(s) != 11 || s[0] == '0' {
		return false
	}
	counts := map[byte]int{}
	for i := 0; i < 10; i++ {
		counts[s[i]]++
	}
	twice := 0
	for _, c := range counts {
		if c == 2 || c == 3 {
			twice++
		} else if c != 1 {
			return false
		}
	}
	return twice == 1 && mod1110(s[:10]) == s[10]
}

func validNIR(s string) bool {
	s = compact(s)
	if len(s) != 15 {
		return false
	}
	n, _ := strconv.ParseInt(s[:13], 10, 64)
	k, _ := strconv.Atoi(s[13:])
	return 97-n%97 == int64(k)
}

func validBSN(s string) bool {
	s = compact(s)
	return len(s) == 9 && (weighted(s, []int{9, 8, 7, 6, 5, 4, 3, 2})-int(s[8]-'0'))%11 == 0
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

func validPESEL(s string) bool {
	return len(s) == 11 && (weighted(s, []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3, 1}))%10 == 0
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
		{"iban de", validIBAN, "DE89 3704 0044 0532 0130 00", "DE88 3704 0044 0532 0130 00"},
		{"iban gb", validIBAN, "GB82WEST12345698765432", "GB82WEST12345698765433"},
		{"steuer-id", validSteuerID, "86095742719", "86095742718"},
		{"bsn", validBSN, "111222333", "111222334"},
		{"be nn", validBeNN, "85.07.30-033.28", "85.07.30-033.29"},
		{"dni", validDNI, "12345678Z", "12345678A"},
		{"pt nif", validPtNIF, "123456789", "123456788"},
		{"codice fiscale", validCF, "RSSMRA85T10A562S", "RSSMRA85T10A562T"},
		{"pesel", validPESEL, "44051401359", "44051401358"},
		{"hetu", validHETU, "131052-308T", "131052-308U"},
		{"svnr", validSVNR, "1237010180", "1238010180"},
		{"pps", validPPS, "1234567T", "1234567A"},
		{"nhs", validNHS, "943 476 5919", "943 476 5918"},
		{"card", func(s string) bool { return luhnValid(compact(s)) }, "4111 1111 1111 1111", "4111 1111 1111 1112"},
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
		{"iban", func() string { return iban(r, pick(r, ibanCountries)) }, validIBAN},
		{"steuer-id", func() string { return deSteuerID(r) }, validSteuerID},
		{"de vat", func() string { return deVAT(r) }, func(s string) bool { return len(s) == 11 && mod1110(s[2:10]) == s[10] }},
		{"nir", func() string { return frNIR(r) }, validNIR},
		{"fr vat", func() string { return frVAT(r) }, func(s string) bool {
			n, _ := strconv.Atoi(s[4:])
			k, _ := strconv.Atoi(s[2:4])
			return luhnValid(s[4:]) && k == (12+3*(n%97))%97
		}},
		{"bsn", func() string { return nlBSN(r) }, validBSN},
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
		{"it vat", func() string { return itVAT(r) }, func(s string) bool { return len(s) == 13 && luhnValid(s[2:]) }},
		{"pesel", func() string { return plPESEL(r) }, validPESEL},
		{"nip", func() string { return plNIP(r) }, validNIP},
		{"se pnr", func() string { return sePNR(r) }, func(s string) bool { return len(s) == 11 && luhnValid(compact(s)) }},
		{"hetu", func() string { return fiHETU(r) }, validHETU},
		{"cpr", func() string { return dkCPR(r) }, validCPR},
		{"svnr", func() string { return atSVNR(r) }, validSVNR},
		{"pps", func() string { return iePPS(r) }, validPPS},
		{"nhs", func() string { return gbNHS(r) }, validNHS},
		{"card", func() string { c, _ := card(r); return c }, luhnValid},
		{"invoice passes luhn", func() string { return invoiceNo(r) }, func(s string) bool {
			return strings.HasPrefix(s, "RE-") || luhnValid(s)
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
