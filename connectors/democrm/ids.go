package democrm

import (
	"math/rand/v2"
	"strconv"

	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

// The check-digit algorithms live in pipeline/pii/synth. The functions here
// only choose what the demo CRM draws (real bank codes, the card brands of a
// European shop, birth data of the customer), in the order that keeps the
// stream of a seed unchanged.

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

var (
	nlBanks = []string{"ABNA", "INGB", "RABO", "TRIO", "SNSB", "KNAB", "ASNB"}
	gbBanks = []string{"NWBK", "BARC", "LOYD", "HBUK", "MIDL", "CITI"}
)

// newIBAN returns a valid IBAN for a country ("DE", "FR", "NL", "PL", "GB"),
// without spaces, with real Dutch and British bank codes and a valid French
// RIB key.
func newIBAN(r *rand.Rand, country string) string {
	var bban string
	switch country {
	case "DE":
		bban = synth.Digits(r, 18)
	case "FR":
		bank, branch, acct := synth.Digits(r, 5), synth.Digits(r, 5), synth.Digits(r, 11)
		bban = bank + branch + acct + synth.RIBKey(bank, branch, acct)
	case "NL":
		bban = pick(r, nlBanks) + synth.Digits(r, 10)
	case "PL":
		bban = synth.Digits(r, 24)
	default: // GB
		country = "GB"
		bban = pick(r, gbBanks) + synth.Digits(r, 14)
	}
	return country + synth.IBANCheckDigits(country, bban) + bban
}

// newCard returns a Luhn-valid card number: Visa, Mastercard or Amex.
func newCard(r *rand.Rand) string {
	switch r.IntN(3) {
	case 0:
		return synth.LuhnNumber(r, "4", 16)
	case 1:
		return synth.LuhnNumber(r, "5"+strconv.Itoa(1+r.IntN(5)), 16)
	default:
		return synth.LuhnNumber(r, "3"+string("47"[r.IntN(2)]), 15)
	}
}

// nir returns a French social security number (NIR) for sex (1 male,
// 2 female), birth year and month, printed with the usual spaces.
func nir(r *rand.Rand, sex, year, month int) string {
	dept := 1 + r.IntN(95)
	commune := synth.DigitsInt(r, 3)
	s := synth.NIROf(sex, year%100, month, dept, commune, synth.DigitsInt(r, 3))
	return synth.Group(s, " ", 1, 2, 2, 2, 3, 3)
}

// bsn returns a Dutch citizen service number that passes the 11-proof.
func bsn(r *rand.Rand) string {
	for {
		d := synth.AppendDigits(r, make([]byte, 0, 9), 8)
		if d[0] == '0' {
			continue
		}
		if c, ok := synth.BSNCheckDigit(string(d)); ok {
			return string(append(d, c))
		}
	}
}

// pesel returns a Polish PESEL encoding the birth date and sex (odd tenth
// digit for men) with its check digit.
func pesel(r *rand.Rand, year, month, day int, male bool) string {
	serial := synth.DigitsInt(r, 3) * 10
	serial += r.IntN(5) * 2
	if male {
		serial++
	}
	return synth.PESELOf(year, month, day, serial)
}
