package synth

import (
	"math/rand/v2"
	"strconv"
)

// LuhnDigit returns the Luhn (mod 10) check digit for payload, which must
// hold only ASCII digits; the check digit goes after the payload. Card
// numbers, the French SIREN, the Italian partita IVA and the Swedish
// personnummer use it.
func LuhnDigit(payload string) byte {
	sum := 0
	double := true // the digit left of the check digit is doubled
	for i := len(payload) - 1; i >= 0; i-- {
		d := int(payload[i] - '0')
		if double {
			d *= 2
			if d > 9 {
				d -= 9
			}
		}
		sum += d
		double = !double
	}
	return byte('0' + (10-sum%10)%10)
}

// ValidLuhn reports whether s, ignoring spaces and hyphens, is at least two
// digits and its last digit is the Luhn check digit of the others.
func ValidLuhn(s string) bool {
	s = compact(s)
	return len(s) > 1 && allDigits(s) && LuhnDigit(s[:len(s)-1]) == s[len(s)-1]
}

// ValidCardNumber reports whether s, ignoring spaces and hyphens, is a
// payment card number: 12 to 19 digits passing the Luhn check.
func ValidCardNumber(s string) bool {
	c := compact(s)
	return len(c) >= 12 && len(c) <= 19 && ValidLuhn(c)
}

// LuhnNumber returns a number of length digits that starts with prefix and
// ends with its Luhn check digit. It draws Digits(r, length-1-len(prefix)).
func LuhnNumber(r *rand.Rand, prefix string, length int) string {
	b := AppendDigits(r, append(make([]byte, 0, length), prefix...), length-1-len(prefix))
	return string(append(b, LuhnDigit(string(b))))
}

var cardBrands = []string{"visa", "visa", "visa", "mastercard", "mastercard", "mastercard2", "amex", "discover", "jcb", "diners"}

// Card returns a Luhn-valid card number, compact, and its brand: "visa",
// "mastercard" (51-55 and 2221-2720 ranges), "amex", "discover", "jcb" or
// "diners", Visa and Mastercard being the most frequent. Draws: the brand,
// the brand's prefix if it varies, then the digits of LuhnNumber.
func Card(r *rand.Rand) (number, brand string) {
	var prefix string
	length := 16
	brand = cardBrands[r.IntN(len(cardBrands))]
	switch brand {
	case "visa":
		prefix = "4"
	case "mastercard":
		prefix = strconv.Itoa(51 + r.IntN(5))
	case "mastercard2":
		prefix, brand = strconv.Itoa(2221+r.IntN(500)), "mastercard"
	case "amex":
		prefix, length = [2]string{"34", "37"}[r.IntN(2)], 15
	case "discover":
		prefix = "6011"
	case "jcb":
		prefix = strconv.Itoa(3528 + r.IntN(62))
	case "diners":
		prefix, length = "36", 14
	}
	return LuhnNumber(r, prefix, length), brand
}
