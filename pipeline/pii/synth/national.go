package synth

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// Mod1110Digit returns the ISO 7064 MOD 11,10 check digit of payload (ASCII
// digits only), as used by the German Steuer-ID and USt-IdNr.
func Mod1110Digit(payload string) byte {
	product := 10
	for i := 0; i < len(payload); i++ {
		sum := (int(payload[i]-'0') + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = (sum * 2) % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return byte('0' + check)
}

// SteuerID returns a German tax identification number (11 digits, compact):
// the first digit is not zero, in the first ten digits exactly one digit
// occurs twice and one not at all, and the last is the MOD 11,10 check digit.
// Draws per attempt: r.Perm(10), r.IntN(9), r.Shuffle(10, ...); it retries
// while the first digit is zero.
func SteuerID(r *rand.Rand) string {
	for {
		perm := r.Perm(10) // ten distinct digits, the tenth left out
		var d [11]byte
		for i := range 9 {
			d[i] = byte('0' + perm[i])
		}
		d[9] = d[r.IntN(9)] // one digit twice
		r.Shuffle(10, func(i, j int) { d[i], d[j] = d[j], d[i] })
		if d[0] == '0' {
			continue
		}
		d[10] = Mod1110Digit(string(d[:10]))
		return string(d[:])
	}
}

// ValidSteuerID reports whether s (spaces allowed) is a German Steuer-ID:
// 11 digits, no leading zero, in the first ten exactly one digit occurring
// twice or three times (three not all adjacent) and every other at most once,
// and a valid MOD 11,10 check digit.
func ValidSteuerID(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) != 11 || s[0] == '0' || !allDigits(s) {
		return false
	}
	var count [10]int
	for i := range 10 {
		count[s[i]-'0']++
	}
	repeated := -1
	for d, c := range count {
		switch {
		case c <= 1:
		case c <= 3 && repeated < 0:
			repeated = d
		default:
			return false
		}
	}
	if repeated < 0 {
		return false
	}
	if count[repeated] == 3 {
		rd := byte('0' + repeated)
		for i := 0; i+2 < 10; i++ {
			if s[i] == rd && s[i+1] == rd && s[i+2] == rd {
				return false
			}
		}
	}
	return Mod1110Digit(s[:10]) == s[10]
}

// NIRKey returns the two-digit key of a French social security number (NIR)
// whose first 13 characters are body (digits only): 97 - body mod 97.
func NIRKey(body string) string {
	return pad2(97 - mod97(body))
}

// NIROf returns the compact 15-digit French NIR of sex (1 male, 2 female),
// two-digit birth year yy, month, department, commune (INSEE commune number
// within the department, 1..990) and order number (1..999), with its key.
// Department 20 (Corsica, written 2A/2B) becomes 21 so the number stays
// numeric.
func NIROf(sex, yy, month, dept, commune, order int) string {
	if dept == 20 {
		dept = 21
	}
	b := make([]byte, 0, 15)
	b = strconv.AppendInt(b, int64(sex), 10)
	b = append(b, pad2(yy%100)...)
	b = append(b, pad2(month)...)
	b = append(b, pad2(dept)...)
	b = append(b, pad3(commune)...)
	b = append(b, pad3(order)...)
	return string(b) + NIRKey(string(b))
}

// NIR returns a random compact French NIR. Draws, in order: sex 1+r.IntN(2),
// year r.IntN(100), month 1+r.IntN(12), department 1+r.IntN(95), commune
// 1+r.IntN(990), order 1+r.IntN(999).
func NIR(r *rand.Rand) string {
	return NIROf(1+r.IntN(2), r.IntN(100), 1+r.IntN(12), 1+r.IntN(95), 1+r.IntN(990), 1+r.IntN(999))
}

// ValidNIR reports whether s (spaces allowed) is 15 digits starting with a
// sex digit (1 or 2, or 3, 4, 7, 8 for provisional numbers) whose last two
// digits are the key of the first 13.
func ValidNIR(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	return len(s) == 15 && allDigits(s) && strings.IndexByte("123478", s[0]) >= 0 && NIRKey(s[:13]) == s[13:]
}

// BSNCheckDigit returns the ninth digit that makes the eight digits of
// payload a Dutch citizen service number (BSN) passing the 11-proof, and
// false when no digit does (the weighted sum leaves 10).
func BSNCheckDigit(payload string) (byte, bool) {
	sum := 0
	for i := range 8 {
		sum += (9 - i) * int(payload[i]-'0')
	}
	c := sum % 11
	return byte('0' + c), c < 10
}

// BSN returns a random Dutch citizen service number (9 digits, no leading
// zero) passing the 11-proof. Draws per attempt: 1+r.IntN(9), then seven
// digits; it retries when no check digit fits.
func BSN(r *rand.Rand) string {
	for {
		b := make([]byte, 1, 9)
		b[0] = byte('0' + 1 + r.IntN(9))
		b = AppendDigits(r, b, 7)
		if c, ok := BSNCheckDigit(string(b)); ok {
			return string(append(b, c))
		}
	}
}

// ValidBSN reports whether s (spaces and dots allowed) is nine digits
// passing the 11-proof: 9*d1 + 8*d2 + ... + 2*d8 - d9 divisible by 11.
func ValidBSN(s string) bool {
	s = compact(s)
	if len(s) != 9 || !allDigits(s) {
		return false
	}
	sum := -int(s[8] - '0')
	for i := range 8 {
		sum += (9 - i) * int(s[i]-'0')
	}
	return sum%11 == 0
}

var peselWeights = [10]int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}

// PESELOf returns a Polish PESEL for a birth date and a four-digit serial
// (0..9999; its last digit is odd for men, even for women), with the century
// folded into the month (+80 for the 1800s, +20 for the 2000s, +40 for the
// 2100s, +60 for the 2200s) and the check digit.
func PESELOf(year, month, day, serial int) string {
	switch {
	case year < 1900:
		month += 80
	case year >= 2200:
		month += 60
	case year >= 2100:
		month += 40
	case year >= 2000:
		month += 20
	}
	b := make([]byte, 0, 11)
	b = append(b, pad2(year%100)...)
	b = append(b, pad2(month)...)
	b = append(b, pad2(day)...)
	b = append(b, pad2(serial/100%100)...)
	b = append(b, pad2(serial%100)...)
	sum := 0
	for i, w := range peselWeights {
		sum += w * int(b[i]-'0')
	}
	return string(append(b, byte('0'+(10-sum%10)%10)))
}

// PESEL returns a random PESEL. Draws, in order: year 1940+r.IntN(70), month
// 1+r.IntN(12), day 1+r.IntN(28), serial r.IntN(10000).
func PESEL(r *rand.Rand) string {
	year := 1940 + r.IntN(70)
	month := 1 + r.IntN(12)
	day := 1 + r.IntN(28)
	return PESELOf(year, month, day, r.IntN(10000))
}

// ValidPESEL reports whether s is 11 digits whose weighted sum (weights
// 1 3 7 9 1 3 7 9 1 3 1) is divisible by 10. It does not check the date.
func ValidPESEL(s string) bool {
	if len(s) != 11 || !allDigits(s) {
		return false
	}
	sum := int(s[10] - '0')
	for i, w := range peselWeights {
		sum += w * int(s[i]-'0')
	}
	return sum%10 == 0
}

const (
	ninoFirst  = "ABCEGHJKLMNOPRSTWXYZ" // not D F I Q U V
	ninoSecond = "ABCEGHJKLMNPRSTWXYZ"  // not D F I O Q U V
)

// ninoBarred reports whether a two-letter prefix is never issued.
func ninoBarred(p string) bool {
	switch p {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return true
	}
	return false
}

// NINO returns a UK National Insurance number that obeys HMRC's prefix
// rules, compact ("QQ123456C" style) or spaced ("QQ 12 34 56 C"). NINOs
// carry no check digit. Draws per attempt: first letter, second letter; once
// the prefix is allowed, six digits and the suffix letter.
func NINO(r *rand.Rand, spaced bool) string {
	for {
		p := string([]byte{ninoFirst[r.IntN(len(ninoFirst))], ninoSecond[r.IntN(len(ninoSecond))]})
		if ninoBarred(p) {
			continue
		}
		d := Digits(r, 6)
		s := string("ABCD"[r.IntN(4)])
		if spaced {
			return p + " " + d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + s
		}
		return p + d + s
	}
}

// ValidNINO reports whether s (spaces allowed) has the form of a UK National
// Insurance number: an allowed two-letter prefix, six digits, and a suffix
// A to D.
func ValidNINO(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	return len(s) == 9 &&
		strings.IndexByte(ninoFirst, s[0]) >= 0 && strings.IndexByte(ninoSecond, s[1]) >= 0 &&
		!ninoBarred(s[:2]) && allDigits(s[2:8]) && s[8] >= 'A' && s[8] <= 'D'
}

// pad3 writes n (0..999) with three digits.
func pad3(n int) string {
	if n < 100 {
		return "0" + pad2(n)
	}
	return strconv.Itoa(n)
}
