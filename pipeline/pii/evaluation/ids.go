package evaluation

// Generators of identifiers with valid check digits that only the corpus
// uses. Every generator draws from the corpus generator's seeded source, so
// the corpus is reproducible. None of the numbers belongs to a real person
// except by chance. The algorithms shared with the demo CRM (Luhn, IBAN,
// Steuer-ID, NIR, BSN, PESEL, NINO) live in pipeline/pii/synth.

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

// ibanCountries lists the countries synth.IBAN knows, in a fixed order.
var ibanCountries = synth.IBANCountries()

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// bic returns a plausible BIC (no check digits exist for BICs).
func bic(r *rand.Rand, country string) string {
	known := map[string][]string{
		"DE": {"DEUTDEFF", "COBADEFFXXX", "GENODEF1M04", "BYLADEM1001", "PBNKDEFF"},
		"FR": {"BNPAFRPP", "SOGEFRPP", "CRLYFRPP", "AGRIFRPP882"},
		"NL": {"INGBNL2A", "ABNANL2A", "RABONL2U", "TRIONL2U"},
		"PL": {"PKOPPLPW", "BPKOPLPW", "WBKPPLPP"},
		"GB": {"BARCGB22", "NWBKGB2L", "HBUKGB4B", "LOYDGB2L"},
		"ES": {"CAIXESBB", "BSCHESMM", "BBVAESMM"},
		"IT": {"UNCRITMM", "BCITITMM", "BAPPIT21"},
	}
	if ks, ok := known[country]; ok && r.IntN(2) == 0 {
		return pick(r, ks)
	}
	s := synth.Letters(r, 4) + country + synth.FromSet(r, "ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 2)
	if r.IntN(2) == 0 {
		s += pick(r, []string{"XXX", synth.FromSet(r, "0123456789ABCDEFGHJK", 3)})
	}
	return s
}

// formatCard prints a compact card number the way people write it.
func formatCard(r *rand.Rand, c string) string {
	switch r.IntN(4) {
	case 0:
		return c
	case 1:
		if len(c) == 15 {
			return synth.Group(c, " ", 4, 6)
		}
		return synth.GroupFours(c, "-")
	default:
		if len(c) == 15 {
			return synth.Group(c, " ", 4, 6)
		}
		return synth.GroupFours(c, " ")
	}
}

// deVAT returns a German VAT id (USt-IdNr).
func deVAT(r *rand.Rand) string {
	p := strconv.Itoa(1+r.IntN(9)) + synth.Digits(r, 7)
	return "DE" + p + string(synth.Mod1110Digit(p))
}

// frVAT returns a French VAT number: key and a Luhn-valid SIREN.
func frVAT(r *rand.Rand) string {
	p := strconv.Itoa(1+r.IntN(9)) + synth.Digits(r, 7)
	siren := p + string(synth.LuhnDigit(p))
	n, _ := strconv.Atoi(siren)
	return fmt.Sprintf("FR%02d%s", (12+3*(n%97))%97, siren)
}

// beNN returns a Belgian national register number, compact (11 digits).
func beNN(r *rand.Rand) string {
	year := 1940 + r.IntN(70)
	body := fmt.Sprintf("%02d%02d%02d%03d", year%100, 1+r.IntN(12), 1+r.IntN(28), 1+r.IntN(997))
	n, _ := strconv.ParseInt(body, 10, 64)
	if year >= 2000 {
		n += 2_000_000_000
	}
	return body + fmt.Sprintf("%02d", 97-n%97)
}

// beVAT returns a Belgian VAT number.
func beVAT(r *rand.Rand) string {
	p := strconv.Itoa(r.IntN(2)) + strconv.Itoa(1+r.IntN(9)) + synth.Digits(r, 6)
	n, _ := strconv.Atoi(p)
	return fmt.Sprintf("BE%s%02d", p, 97-n%97)
}

const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// esDNI returns a Spanish DNI.
func esDNI(r *rand.Rand) string {
	n := r.IntN(100_000_000)
	return fmt.Sprintf("%08d%c", n, dniLetters[n%23])
}

// esNIE returns a Spanish foreigner id (NIE).
func esNIE(r *rand.Rand) string {
	lead := r.IntN(3)
	n := r.IntN(10_000_000)
	return fmt.Sprintf("%c%07d%c", "XYZ"[lead], n, dniLetters[(lead*10_000_000+n)%23])
}

// ptNIF returns a Portuguese tax number of a natural person.
func ptNIF(r *rand.Rand) string {
	p := strconv.Itoa(1+r.IntN(3)) + synth.Digits(r, 7)
	sum := 0
	for i := 0; i < 8; i++ {
		sum += int(p[i]-'0') * (9 - i)
	}
	c := 11 - sum%11
	if c >= 10 {
		c = 0
	}
	return p + strconv.Itoa(c)
}

// asciiFold maps the accented letters of the corpus names to ASCII.
var asciiFold = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue", "ß", "ss",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "É", "E", "á", "a", "à", "a", "â", "a", "ã", "a",
	"í", "i", "ì", "i", "î", "i", "ó", "o", "ò", "o", "ô", "o", "õ", "o", "ú", "u", "ù", "u", "û", "u",
	"ç", "c", "ñ", "n", "ł", "l", "Ł", "L", "ś", "s", "Ś", "S", "ż", "z", "ź", "z", "Ż", "Z", "ą", "a",
	"ę", "e", "ć", "c", "ń", "n", "å", "a", "Å", "A", "ø", "o", "æ", "ae", "'", "", " ", "", "-", "",
)

func isVowel(c byte) bool { return strings.IndexByte("AEIOU", c) >= 0 }

// cfPart builds the three-letter surname or given-name part of a codice fiscale.
func cfPart(s string, given bool) string {
	s = strings.ToUpper(asciiFold.Replace(s))
	var cons, vows []byte
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 'A' || c > 'Z' {
			continue
		}
		if isVowel(c) {
			vows = append(vows, c)
		} else {
			cons = append(cons, c)
		}
	}
	if given && len(cons) >= 4 {
		return string([]byte{cons[0], cons[2], cons[3]})
	}
	out := append(append(cons, vows...), 'X', 'X', 'X')
	return string(out[:3])
}

var cfOdd = [36]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23} // A-Z

// itCF returns an Italian codice fiscale for the given name.
func itCF(r *rand.Rand, given, family string, female bool) string {
	day := 1 + r.IntN(28)
	if female {
		day += 40
	}
	s := cfPart(family, false) + cfPart(given, true) +
		fmt.Sprintf("%02d%c%02d", r.IntN(100), "ABCDEHLMPRST"[r.IntN(12)], day) +
		pick(r, []string{"H501", "F205", "F839", "L219", "A944", "G273", "D612", "L736"})
	sum := 0
	for i := 0; i < 15; i++ {
		c := s[i]
		var idx, even int
		if c >= '0' && c <= '9' {
			idx, even = int(c-'0'), int(c-'0')
		} else {
			idx, even = 10+int(c-'A'), int(c-'A')
		}
		if i%2 == 0 {
			sum += cfOdd[idx]
		} else {
			sum += even
		}
	}
	return s + string(rune('A'+sum%26))
}

// itVAT returns an Italian partita IVA (Luhn-valid, 11 digits).
func itVAT(r *rand.Rand) string {
	p := synth.Digits(r, 7) + fmt.Sprintf("%03d", 1+r.IntN(100))
	return "IT" + p + string(synth.LuhnDigit(p))
}

// plNIP returns a Polish tax number (NIP).
func plNIP(r *rand.Rand) string {
	w := []int{6, 5, 7, 2, 3, 4, 5, 6, 7}
	for {
		p := strconv.Itoa(1+r.IntN(9)) + synth.Digits(r, 8)
		sum := 0
		for i := range w {
			sum += w[i] * int(p[i]-'0')
		}
		if c := sum % 11; c < 10 {
			return p + strconv.Itoa(c)
		}
	}
}

// sePNR returns a Swedish personnummer YYMMDD-NNNC.
func sePNR(r *rand.Rand) string {
	p := fmt.Sprintf("%02d%02d%02d%03d", r.IntN(100), 1+r.IntN(12), 1+r.IntN(28), r.IntN(1000))
	return p[:6] + "-" + p[6:] + string(synth.LuhnDigit(p))
}

// fiHETU returns a Finnish personal identity code.
func fiHETU(r *rand.Rand) string {
	year := 1940 + r.IntN(75)
	sign := "-"
	if year >= 2000 {
		sign = "A"
	}
	date := fmt.Sprintf("%02d%02d%02d", 1+r.IntN(28), 1+r.IntN(12), year%100)
	ind := 2 + r.IntN(898)
	n, _ := strconv.Atoi(date + fmt.Sprintf("%03d", ind))
	return fmt.Sprintf("%s%s%03d%c", date, sign, ind, "0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31])
}

// dkCPR returns a Danish CPR number passing the (historic) modulus-11 test.
func dkCPR(r *rand.Rand) string {
	w := []int{4, 3, 2, 7, 6, 5, 4, 3, 2}
	for {
		p := fmt.Sprintf("%02d%02d%02d%03d", 1+r.IntN(28), 1+r.IntN(12), r.IntN(100), r.IntN(1000))
		sum := 0
		for i := range w {
			sum += w[i] * int(p[i]-'0')
		}
		if c := (11 - sum%11) % 11; c < 10 {
			return p[:6] + "-" + p[6:] + strconv.Itoa(c)
		}
	}
}

// atSVNR returns an Austrian social insurance number NNNC DDMMYY.
func atSVNR(r *rand.Rand) string {
	w := []int{3, 7, 9, 0, 5, 8, 4, 2, 1, 6}
	for {
		p := fmt.Sprintf("%03d0%02d%02d%02d", 100+r.IntN(900), 1+r.IntN(28), 1+r.IntN(12), r.IntN(100))
		sum := 0
		for i := range w {
			sum += w[i] * int(p[i]-'0')
		}
		if c := sum % 11; c < 10 {
			return p[:3] + strconv.Itoa(c) + p[4:]
		}
	}
}

// iePPS returns an Irish PPS number: seven digits and a check letter.
func iePPS(r *rand.Rand) string {
	p := synth.Digits(r, 7)
	sum := 0
	for i := 0; i < 7; i++ {
		sum += int(p[i]-'0') * (8 - i)
	}
	suffix := ""
	if r.IntN(3) == 0 { // newer numbers carry a second letter, weighted 9
		suffix = "A"
		sum += 9
	}
	c := sum % 23
	letter := byte('W')
	if c > 0 {
		letter = byte('A' + c - 1)
	}
	return p + string(letter) + suffix
}

// gbNHS returns an NHS number (modulus 11), compact.
func gbNHS(r *rand.Rand) string {
	for {
		p := strconv.Itoa(4+r.IntN(6)) + synth.Digits(r, 8)
		sum := 0
		for i := 0; i < 9; i++ {
			sum += int(p[i]-'0') * (10 - i)
		}
		c := 11 - sum%11
		if c == 11 {
			c = 0
		}
		if c != 10 {
			return p + strconv.Itoa(c)
		}
	}
}

// usSSN returns a US social security number in the usual dashed form.
func usSSN(r *rand.Rand) string {
	area := 1 + r.IntN(899)
	if area == 666 {
		area = 667
	}
	return fmt.Sprintf("%03d-%02d-%04d", area, 1+r.IntN(99), 1+r.IntN(9999))
}

// passport returns a passport number in the style of country.
func passport(r *rand.Rand, country string) string {
	switch country {
	case "DE":
		return synth.FromSet(r, "CFGHJK", 1) + synth.FromSet(r, "CFGHJKLMNPRTVWXYZ0123456789", 8)
	case "FR":
		return synth.Digits(r, 2) + synth.Letters(r, 2) + synth.Digits(r, 5)
	case "NL":
		return synth.Letters(r, 2) + synth.FromSet(r, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789", 6) + synth.Digits(r, 1)
	case "PL":
		return synth.Letters(r, 2) + synth.Digits(r, 7)
	case "IT":
		return synth.Letters(r, 2) + synth.Digits(r, 7)
	case "ES":
		return synth.Letters(r, 3) + synth.Digits(r, 6)
	default: // GB, US, IE, ...
		return synth.Digits(r, 9)
	}
}

// drivingLicence returns a driving licence number in the style of country.
func drivingLicence(r *rand.Rand, country string) string {
	switch country {
	case "DE":
		return synth.FromSet(r, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789", 1) + synth.Digits(r, 3) + synth.FromSet(r, "ABCDEFGHJKLMNPRSTUVWXYZ0123456789", 6) + synth.Digits(r, 1)
	case "GB":
		return synth.Letters(r, 5) + synth.Digits(r, 6) + synth.Letters(r, 2) + synth.Digits(r, 1) + synth.Letters(r, 2)
	case "FR":
		return synth.Digits(r, 12)
	case "IT":
		return "U1" + synth.Letters(r, 1) + synth.Digits(r, 6) + synth.Letters(r, 1)
	case "PL":
		return synth.Digits(r, 5) + "/" + synth.Digits(r, 2) + "/" + synth.Digits(r, 4)
	default:
		return synth.Digits(r, 10)
	}
}
