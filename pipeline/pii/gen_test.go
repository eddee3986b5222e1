package pii

// Synthetic identifiers with valid check digits, computed here independently
// of the detectors so that tests check the detectors against the published
// algorithms rather than against themselves.

import (
	"math/big"
	"strconv"
	"strings"
)

func dig(s string) []int {
	var d []int
	for _, c := range s {
		if c >= '0' && c <= '9' {
			d = append(d, int(c-'0'))
		}
	}
	return d
}

// genIBAN returns cc + check digits + bban.
func genIBAN(cc, bban string) string {
	var sb strings.Builder
	for _, c := range bban + cc + "00" {
		if c >= 'A' && c <= 'Z' {
			sb.WriteString(strconv.Itoa(int(c-'A') + 10))
		} else {
			sb.WriteRune(c)
		}
	}
	n, _ := new(big.Int).SetString(sb.String(), 10)
	check := 98 - new(big.Int).Mod(n, big.NewInt(97)).Int64()
	return cc + pad2(int(check)) + bban
}

func pad2(n int) string {
	if n < 10 {
		return "0" + strconv.Itoa(n)
	}
	return strconv.Itoa(n)
}

// luhnComplete appends the Luhn check digit to prefix.
func luhnComplete(prefix string) string {
	d := dig(prefix)
	sum := 0
	for i := len(d) - 1; i >= 0; i-- {
		x := d[i]
		if (len(d)-1-i)%2 == 0 {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
	}
	return prefix + strconv.Itoa((10-sum%10)%10)
}

// flipLast changes the last digit of s so that its check fails.
func flipLast(s string) string {
	c := s[len(s)-1]
	if c >= '0' && c <= '9' {
		return s[:len(s)-1] + string(rune('0'+(c-'0'+1)%10))
	}
	if c == 'Z' {
		return s[:len(s)-1] + "A"
	}
	return s[:len(s)-1] + string(rune(c+1))
}

func genSteuerID(first10 string) string {
	d := dig(first10)
	p := 10
	for _, x := range d {
		s := (x + p) % 10
		if s == 0 {
			s = 10
		}
		p = s * 2 % 11
	}
	c := 11 - p
	if c == 10 {
		c = 0
	}
	return first10 + strconv.Itoa(c)
}

func genPESEL(first10 string) string {
	w := []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}
	s := 0
	for i, x := range dig(first10) {
		s += x * w[i]
	}
	return first10 + strconv.Itoa((10-s%10)%10)
}

// genBSN completes 8 digits with the 11-test digit; ok is false when none fits.
func genBSN(first8 string) (string, bool) {
	s := 0
	for i, x := range dig(first8) {
		s += x * (9 - i)
	}
	c := s % 11
	return first8 + strconv.Itoa(c), c < 10
}

func genNIR(first13 string) string {
	n, _ := strconv.ParseInt(first13, 10, 64)
	return first13 + pad2(int(97-n%97))
}

func genBE(first9 string) string {
	n, _ := strconv.ParseInt(first9, 10, 64)
	return first9 + pad2(int(97-n%97))
}

func genDNI(n int) string {
	s := strconv.Itoa(n)
	for len(s) < 8 {
		s = "0" + s
	}
	return s + string("TRWAGMYFPDXBNJZSQVHLCKE"[n%23])
}

func genNIE(prefix byte, n7 int) string {
	v := int(prefix-'X')*10000000 + n7
	s := strconv.Itoa(n7)
	for len(s) < 7 {
		s = "0" + s
	}
	return string(prefix) + s + string("TRWAGMYFPDXBNJZSQVHLCKE"[v%23])
}

func genNIF(first8 string) string {
	s := 0
	for i, x := range dig(first8) {
		s += x * (9 - i)
	}
	c := 11 - s%11
	if c >= 10 {
		c = 0
	}
	return first8 + strconv.Itoa(c)
}

func genCF(first15 string) string {
	odd := map[byte]int{}
	ov := []int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}
	for i := 0; i < 10; i++ {
		odd[byte('0'+i)] = ov[i]
	}
	for i := 0; i < 26; i++ {
		odd[byte('A'+i)] = ov[i]
	}
	s := 0
	for i := 0; i < 15; i++ {
		c := first15[i]
		if i%2 == 0 {
			s += odd[c]
		} else if c >= 'A' {
			s += int(c - 'A')
		} else {
			s += int(c - '0')
		}
	}
	return first15 + string(rune('A'+s%26))
}

func genSE(first9 string) string { return luhnComplete(first9) }

func genHETU(ddmmyy string, century byte, zzz string) string {
	n, _ := strconv.Atoi(ddmmyy + zzz)
	return ddmmyy + string(century) + zzz + string("0123456789ABCDEFHJKLMNPRSTUVWXY"[n%31])
}

// genCPR completes DDMMYY + 3 digits with a mod-11 digit.
func genCPR(first9 string) (string, bool) {
	w := []int{4, 3, 2, 7, 6, 5, 4, 3, 2}
	s := 0
	for i, x := range dig(first9) {
		s += x * w[i]
	}
	c := (11 - s%11) % 11
	return first9 + strconv.Itoa(c), c < 10
}

// genSVNR builds SSS + check + DDMMYY.
func genSVNR(sss, ddmmyy string) (string, bool) {
	w := []int{3, 7, 9, 5, 8, 4, 2, 1, 6}
	d := dig(sss + ddmmyy)
	s := 0
	for i, x := range d {
		s += x * w[i]
	}
	c := s % 11
	return sss + strconv.Itoa(c) + ddmmyy, c < 10
}

func genPPS(first7 string) string {
	s := 0
	for i, x := range dig(first7) {
		s += x * (8 - i)
	}
	r := s % 23
	if r == 0 {
		return first7 + "W"
	}
	return first7 + string(rune('A'+r-1))
}

func genNHS(first9 string) (string, bool) {
	s := 0
	for i, x := range dig(first9) {
		s += x * (10 - i)
	}
	c := 11 - s%11
	if c == 11 {
		c = 0
	}
	return first9 + strconv.Itoa(c), c != 10
}

func genDEVAT(first8 string) string {
	return "DE" + genSteuerID(first8)
}

func must(s string, ok bool) string {
	if !ok {
		panic("test generator: pick other digits")
	}
	return s
}

// genNIP completes 9 digits with the Polish NIP check digit (retrying on 10).
func genNIP(first9 string) string {
	w := []int{6, 5, 7, 2, 3, 4, 5, 6, 7}
	for {
		s := 0
		for i, x := range dig(first9) {
			s += x * w[i]
		}
		if c := s % 11; c < 10 {
			return first9 + strconv.Itoa(c)
		}
		n, _ := strconv.Atoi(first9)
		first9 = strconv.Itoa(n + 1)
	}
}

// eanLuhn returns a 13-digit number starting with 4 that is both a valid
// EAN-13 barcode and passes Luhn, the kind of number a GTIN column holds.
func eanLuhn() string {
	for n := 400000000000; ; n++ {
		p := strconv.Itoa(n)
		s := 0
		for i, x := range dig(p) {
			if i%2 == 1 {
				x *= 3
			}
			s += x
		}
		c := luhnComplete(p)
		if int(c[12]-'0') == (10-s%10)%10 {
			return c
		}
	}
}

// genAHV completes a Swiss AHV-Nr. from nine digits: 756, the digits, and
// the EAN-13 check digit.
func genAHV(nine string) string {
	p := "756" + nine
	s := 0
	for i, x := range dig(p) {
		if i%2 == 1 {
			x *= 3
		}
		s += x
	}
	return p + strconv.Itoa((10-s%10)%10)
}

// genCNP completes a Romanian CNP's first twelve digits with its check
// digit (a remainder of 10 is written 1).
func genCNP(first12 string) string {
	w := []int{2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9}
	s := 0
	for i, x := range dig(first12) {
		s += x * w[i]
	}
	c := s % 11
	if c == 10 {
		c = 1
	}
	return first12 + strconv.Itoa(c)
}

// genTCKN completes nine digits (the first not zero) to a Turkish T.C.
// Kimlik No.
func genTCKN(first9 string) string {
	d := dig(first9)
	odd := d[0] + d[2] + d[4] + d[6] + d[8]
	even := d[1] + d[3] + d[5] + d[7]
	d10 := ((odd*7-even)%10 + 10) % 10
	d11 := (odd + even + d10) % 10
	return first9 + strconv.Itoa(d10) + strconv.Itoa(d11)
}

// genRC completes YYMMDDSSS to a Czech birth number divisible by 11; false
// when no digit does (the remainder 10).
func genRC(first9 string) (string, bool) {
	n, _ := strconv.Atoi(first9)
	c := (11 - n*10%11) % 11
	return first9 + strconv.Itoa(c%10), c < 10
}

// genKVNR completes a letter and eight digits to a German
// Krankenversichertennummer.
func genKVNR(letter byte, eight string) string {
	l := int(letter-'A') + 1
	d := append([]int{l / 10, l % 10}, dig(eight)...)
	s := 0
	for i, x := range d {
		if i%2 == 1 {
			x *= 2
		}
		s += x/10 + x%10
	}
	return string(letter) + eight + strconv.Itoa(s%10)
}

// wsum returns the sum of the digits of s weighted by w, in order.
func wsum(s string, w ...int) int {
	t := 0
	for i, x := range dig(s) {
		t += x * w[i]
	}
	return t
}

// genIEVAT completes seven digits to an Irish VAT number with its check
// letter: the digits weighted 8 to 2, and a second letter (0 for none)
// weighted 9 at its place in WABC...V, mod 23, as a letter of WABC...V.
func genIEVAT(first7 string, second byte) string {
	const abc = "WABCDEFGHIJKLMNOPQRSTUV"
	s := wsum(first7, 8, 7, 6, 5, 4, 3, 2)
	tail := ""
	if second != 0 {
		s += 9 * strings.IndexByte(abc, second)
		tail = string(second)
	}
	return "IE" + first7 + string(abc[s%23]) + tail
}

// genIEVATOld completes an old-style Irish VAT number: a digit, a letter
// and five digits, checked as "0", the five digits and the first one.
func genIEVATOld(first byte, letter byte, five string) string {
	s := wsum("0"+five+string(first), 8, 7, 6, 5, 4, 3, 2)
	return "IE" + string(first) + string(letter) + five + string("WABCDEFGHIJKLMNOPQRSTUV"[s%23])
}

// genCYVAT completes eight digits to a Cypriot VAT number: the digits in
// even places translated 0→1, 1→0, 2→5, 3→7, 4→9, 5→13, 6→15, 7→17,
// 8→19, 9→21, the others as they are, the sum mod 26 as a letter.
func genCYVAT(first8 string) string {
	tr := []int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21}
	s := 0
	for i, x := range dig(first8) {
		if i%2 == 0 {
			x = tr[x]
		}
		s += x
	}
	return "CY" + first8 + string(rune('A'+s%26))
}

// genBGVAT9 completes eight digits to a Bulgarian company's VAT number.
func genBGVAT9(first8 string) string {
	c := wsum(first8, 1, 2, 3, 4, 5, 6, 7, 8) % 11
	if c == 10 {
		c = wsum(first8, 3, 4, 5, 6, 7, 8, 9, 10) % 11 % 10
	}
	return "BG" + first8 + strconv.Itoa(c)
}

// genEGN completes nine digits (a birth date first) to a Bulgarian EGN.
func genEGN(first9 string) string {
	return first9 + strconv.Itoa(wsum(first9, 2, 4, 8, 5, 10, 9, 7, 3, 6)%11%10)
}

// genLNCh completes nine digits to a Bulgarian foreigner's number.
func genLNCh(first9 string) string {
	return first9 + strconv.Itoa(wsum(first9, 21, 19, 17, 13, 11, 9, 7, 3, 1)%10)
}

// genCZDIC8 completes seven digits to a Czech company's VAT number.
func genCZDIC8(first7 string) string {
	c := 11 - wsum(first7, 8, 7, 6, 5, 4, 3, 2)%11 // 1..11
	return "CZ" + first7 + strconv.Itoa(c%10)
}

// genCZDIC6 completes seven digits to the VAT number of a Czech person
// without a birth number: 6, the digits, and the check digit the sum
// weighted 8 to 2 mod 11 maps to (0→8, 1→9, 2→0, ..., 10→8).
func genCZDIC6(middle7 string) string {
	s := wsum(middle7, 8, 7, 6, 5, 4, 3, 2) % 11
	c := []int{8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8}[s]
	return "CZ6" + middle7 + strconv.Itoa(c)
}

// genELVAT completes eight digits to a Greek VAT number.
func genELVAT(first8 string) string {
	return "EL" + first8 + strconv.Itoa(wsum(first8, 256, 128, 64, 32, 16, 8, 4, 2)%11%10)
}

// genEEVAT completes eight digits to an Estonian VAT number.
func genEEVAT(first8 string) string {
	return "EE" + first8 + strconv.Itoa((10-wsum(first8, 3, 7, 1, 3, 7, 1, 3, 7)%10)%10)
}

// genHUVAT completes seven digits to a Hungarian VAT number.
func genHUVAT(first7 string) string {
	return "HU" + first7 + strconv.Itoa((10-wsum(first7, 9, 7, 3, 1, 9, 7, 3)%10)%10)
}

// genLTVAT completes 8 or 11 digits (the last a 1) to a Lithuanian VAT
// number.
func genLTVAT(first string) string {
	w1 := []int{1, 2, 3, 4, 5, 6, 7, 8, 9, 1, 2}
	w2 := []int{3, 4, 5, 6, 7, 8, 9, 1, 2, 3, 4}
	c := wsum(first, w1...) % 11
	if c == 10 {
		c = wsum(first, w2...) % 11 % 10
	}
	return "LT" + first + strconv.Itoa(c)
}

// genLVVATCompany completes ten digits (the first 4 or more) to a Latvian
// company's VAT number, whose eleven digits weighted 9, 1, 4, 8, 3, 10, 2,
// 5, 7, 6, 1 leave 3 mod 11; false when no digit does.
func genLVVATCompany(first10 string) (string, bool) {
	c := ((3-wsum(first10, 9, 1, 4, 8, 3, 10, 2, 5, 7, 6))%11 + 11) % 11
	return "LV" + first10 + strconv.Itoa(c%10), c < 10
}

// genLVPersonCode completes ten digits to a Latvian personal code.
func genLVPersonCode(first10 string) string {
	return first10 + strconv.Itoa((1+wsum(first10, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9))%11%10)
}

// genMTVAT completes six digits to a Maltese VAT number: two check digits
// bring the sum weighted 3, 4, 6, 7, 8, 9 to a multiple of 37.
func genMTVAT(first6 string) string {
	return "MT" + first6 + pad2(37-wsum(first6, 3, 4, 6, 7, 8, 9)%37)
}

// genSIVAT completes seven digits to a Slovenian VAT number; false where
// the sum leaves 0 mod 11 (no check digit).
func genSIVAT(first7 string) (string, bool) {
	c := 11 - wsum(first7, 8, 7, 6, 5, 4, 3, 2)%11
	return "SI" + first7 + strconv.Itoa(c%10), c != 11
}

// genROVAT completes digits to a Romanian VAT number (CIF): weights 7, 5,
// 3, 2, 1, 7, 5, 3, 2 aligned on the right, the sum times 10 mod 11.
func genROVAT(first string) string {
	w := []int{7, 5, 3, 2, 1, 7, 5, 3, 2}
	s := wsum(first, w[9-len(first):]...)
	return "RO" + first + strconv.Itoa(s*10%11%10)
}

// genGBVAT completes seven digits to a UK VAT number by mod 97 or, with
// since2010, by "9755": 55 added to the weighted sum.
func genGBVAT(first7 string, since2010 bool) string {
	s := wsum(first7, 8, 7, 6, 5, 4, 3, 2)
	if since2010 {
		s += 55
	}
	return "GB" + first7 + pad2((97-s%97)%97)
}

// genFRVATKey returns a letter-keyed French VAT number of the SIREN whose
// key begins with first: the first second character for which the SIREN
// plus s/11 + 1 leaves s mod 11, s from the key's values (digits, then
// A-Z without I and O from 10) as c1*24 + c2 - 10 for a digit first,
// c1*34 + c2 - 100 for a letter.
func genFRVATKey(first byte, siren string) string {
	const abc = "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"
	n, _ := strconv.Atoi(siren)
	c1 := strings.IndexByte(abc, first)
	for c2 := 10; c2 < len(abc); c2++ {
		s := c1*34 + c2 - 100
		if c1 < 10 {
			s = c1*24 + c2 - 10
		}
		if s >= 0 && (n+s/11+1)%11 == s%11 {
			return "FR" + string(first) + string(abc[c2]) + siren
		}
	}
	panic("test generator: no key")
}
