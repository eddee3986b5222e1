package democrm

import (
	"math/rand/v2"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

func pick[T any](r *rand.Rand, xs []T) T { return xs[r.IntN(len(xs))] }

// phone returns a phone number of the locale's country in one of the
// formats people actually type into CRMs.
func phone(r *rand.Rand, loc *locale) string {
	switch loc.country {
	case "DE":
		return phoneDE(r)
	case "FR":
		return phoneFR(r)
	case "NL":
		return phoneNL(r)
	case "PL":
		return phonePL(r)
	}
	return phoneGB(r)
}

func phoneDE(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		pre := pick(r, []string{"151", "160", "170", "171", "172", "176", "1520", "157"})
		s := synth.Digits(r, 7)
		switch r.IntN(5) {
		case 0:
			return "+49 " + pre + " " + s
		case 1:
			return "0" + pre + "-" + s
		case 2:
			return "0" + pre + " " + s[:3] + " " + s[3:]
		case 3:
			return "+49" + pre + s
		}
		return "0" + pre + "/" + s
	}
	a := pick(r, []string{"30", "40", "89", "221", "69", "711", "211", "341", "351", "911", "2351", "3581"})
	s := synth.Digits(r, 10-len(a)+r.IntN(2))
	switch r.IntN(8) {
	case 0:
		return "+49 " + a + " " + s
	case 1:
		return "0" + a + "/" + s
	case 2:
		return "0049-" + a + "-" + s
	case 3:
		return "(0" + a + ") " + s
	case 4:
		return "(0)" + a + " " + s
	case 5:
		return "+49 (0)" + a + " " + s
	case 6:
		return "0" + a + "-" + s
	}
	return "0" + a + " " + s
}

// pairs groups digits in twos: "123456" -> "12 34 56".
func pairs(s, sep string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 2 {
		if i > 0 {
			b.WriteString(sep)
		}
		b.WriteString(s[i:min(i+2, len(s))])
	}
	return b.String()
}

func phoneFR(r *rand.Rand) string {
	first := pick(r, []string{"1", "2", "3", "4", "5", "6", "7", "9"})
	rest := synth.Digits(r, 8)
	switch r.IntN(6) {
	case 0:
		return "+33 " + first + " " + pairs(rest, " ")
	case 1:
		return "0033 " + first + " " + pairs(rest, " ")
	case 2:
		return "0" + first + "." + pairs(rest, ".")
	case 3:
		return "0" + first + rest
	case 4:
		return "+33 (0)" + first + " " + pairs(rest, " ")
	}
	return "0" + first + " " + pairs(rest, " ")
}

func phoneNL(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		s := synth.Digits(r, 8)
		switch r.IntN(4) {
		case 0:
			return "06-" + s
		case 1:
			return "+31 6 " + s
		case 2:
			return "0031 6 " + s[:4] + " " + s[4:]
		}
		return "+31 (0)6 " + s[:4] + " " + s[4:]
	}
	a := pick(r, []string{"20", "10", "70", "30", "40", "50", "24", "58"})
	s := synth.Digits(r, 7)
	switch r.IntN(4) {
	case 0:
		return "+31 " + a + " " + s[:3] + " " + s[3:]
	case 1:
		return "0" + a + "-" + s
	case 2:
		return "0" + a + " " + s[:3] + " " + s[3:]
	}
	return "0031 " + a + " " + s
}

func phonePL(r *rand.Rand) string {
	if r.IntN(2) == 0 {
		s := pick(r, []string{"5", "6", "7", "8"}) + synth.Digits(r, 8)
		switch r.IntN(4) {
		case 0:
			return "0048 " + s[:3] + " " + s[3:6] + " " + s[6:]
		case 1:
			return s[:3] + "-" + s[3:6] + "-" + s[6:]
		case 2:
			return "+48" + s
		}
		return s[:3] + " " + s[3:6] + " " + s[6:]
	}
	a := pick(r, []string{"22", "12", "42", "71", "61", "58", "91", "81"})
	s := synth.Digits(r, 7)
	switch r.IntN(3) {
	case 0:
		return "+48 " + a + " " + s[:3] + " " + s[3:5] + " " + s[5:]
	case 1:
		return "(" + a + ") " + s[:3] + "-" + s[3:5] + "-" + s[5:]
	}
	return a + " " + s[:3] + " " + s[3:5] + " " + s[5:]
}

func phoneGB(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		s := synth.Digits(r, 3)
		switch r.IntN(3) {
		case 0:
			return "07700 900" + s
		case 1:
			return "+447700900" + s
		}
		return "+44 7700 900" + s
	}
	if r.IntN(2) == 0 {
		s := "7946 0" + synth.Digits(r, 3)
		switch r.IntN(4) {
		case 0:
			return "+44 20 " + s
		case 1:
			return "(020) " + s
		case 2:
			return "+44 (0)20 " + s
		}
		return "020 " + s
	}
	a := pick(r, []string{"161", "113", "121", "131", "141", "117", "151"})
	s := "496 0" + synth.Digits(r, 3)
	switch r.IntN(3) {
	case 0:
		return "0044 " + a + " " + s
	case 1:
		return "+44 " + a + " " + s
	}
	return "0" + a + " " + s
}
