package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// IBANCheckDigits returns the two ISO 13616 check digits of an IBAN with the
// given country code and BBAN (digits and capital letters, no spaces): 98
// minus the remainder mod 97 of BBAN + country + "00", letters counted as
// 10..35.
func IBANCheckDigits(country, bban string) string {
	rem := 0
	add := func(c byte) {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		}
	}
	for i := 0; i < len(bban); i++ {
		add(bban[i])
	}
	for i := 0; i < len(country); i++ {
		add(country[i])
	}
	add('0')
	add('0')
	return pad2(98 - rem)
}

// ValidIBAN reports whether s (spaces allowed, any case) is 15 to 34
// characters of a country code, check digits and BBAN that pass the mod-97
// check. It does not check the country's BBAN length.
func ValidIBAN(s string) bool {
	s = strings.ReplaceAll(strings.ToUpper(s), " ", "")
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	for i := range 2 {
		if s[i] < 'A' || s[i] > 'Z' || s[2+i] < '0' || s[2+i] > '9' {
			return false
		}
	}
	rem := 0
	for _, c := range []byte(s[4:] + s[:4]) {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// ibanLayout gives the BBAN of a country: 'n' digit, 'a' capital letter.
var ibanLayout = map[string]string{
	"DE": "nnnnnnnnnnnnnnnnnn",
	"FR": "nnnnnnnnnnnnnnnnnnnnnnn",
	"NL": "aaaannnnnnnnnn",
	"PL": "nnnnnnnnnnnnnnnnnnnnnnnn",
	"GB": "aaaannnnnnnnnnnnnn",
	"ES": "nnnnnnnnnnnnnnnnnnnn",
	"IT": "annnnnnnnnnnnnnnnnnnnnn",
	"BE": "nnnnnnnnnnnn",
	"AT": "nnnnnnnnnnnnnnnn",
	"CH": "nnnnnnnnnnnnnnnnn",
	"PT": "nnnnnnnnnnnnnnnnnnnnn",
	"IE": "aaaannnnnnnnnnnnnn",
	"SE": "nnnnnnnnnnnnnnnnnnnn",
	"FI": "nnnnnnnnnnnnnn",
	"DK": "nnnnnnnnnnnnnn",
}

// IBANCountries returns the countries IBAN knows, in a fixed order (a new
// slice on each call).
func IBANCountries() []string {
	return []string{"DE", "FR", "NL", "PL", "GB", "ES", "IT", "BE", "AT", "CH", "PT", "IE", "SE", "FI", "DK"}
}

// IBAN returns a valid IBAN of country (one of IBANCountries) in compact
// form, its BBAN random digits and letters in the country's layout, one draw
// per character in order; national check digits inside the BBAN (such as
// the French RIB key) are not computed. For an unknown country it returns ""
// and draws nothing.
func IBAN(r *rand.Rand, country string) string {
	layout, ok := ibanLayout[country]
	if !ok {
		return ""
	}
	b := make([]byte, len(layout))
	for i := range layout {
		switch layout[i] {
		case 'n':
			b[i] = byte('0' + r.IntN(10))
		case 'a':
			b[i] = byte('A' + r.IntN(26))
		}
	}
	bban := string(b)
	return country + IBANCheckDigits(country, bban) + bban
}

// RIBKey returns the two-digit French RIB key for a numeric bank code,
// branch code and account number: 97 - (89*bank + 15*branch + 3*account)
// mod 97. A French BBAN is bank (5) + branch (5) + account (11) + key.
func RIBKey(bank, branch, account string) string {
	return pad2(97 - (89*mod97(bank)+15*mod97(branch)+3*mod97(account))%97)
}

// mod97 returns the remainder of the decimal number s divided by 97.
func mod97(s string) int {
	m := 0
	for i := 0; i < len(s); i++ {
		m = (m*10 + int(s[i]-'0')) % 97
	}
	return m
}

// pad2 writes n (0..99) with two digits.
func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}
