package pii

// Check-digit algorithms. All take digit values (0..9), not ASCII, except
// where noted, and never allocate.

// luhn reports whether d passes the Luhn (mod 10) check.
func luhn(d []byte) bool {
	sum := 0
	dbl := false
	for i := len(d) - 1; i >= 0; i-- {
		x := int(d[i])
		if dbl {
			x *= 2
			if x > 9 {
				x -= 9
			}
		}
		sum += x
		dbl = !dbl
	}
	return sum%10 == 0
}

// num returns the decimal value of digits d.
func num(d []byte) int {
	n := 0
	for _, x := range d {
		n = n*10 + int(x)
	}
	return n
}

// mod1110 is ISO 7064 MOD 11,10 over d[:len(d)-1] with check digit d[len(d)-1]
// (German Steuer-ID and VAT number).
func mod1110(d []byte) bool {
	p := 10
	for _, x := range d[:len(d)-1] {
		s := (int(x) + p) % 10
		if s == 0 {
			s = 10
		}
		p = (s * 2) % 11
	}
	c := 11 - p
	if c == 10 {
		c = 0
	}
	return c == int(d[len(d)-1])
}

// weighted returns sum(d[i]*w[i]).
func weighted(d []byte, w []int) int {
	s := 0
	for i, x := range w {
		s += int(d[i]) * x
	}
	return s
}

// steuerID validates a German tax identification number (11 digits).
func steuerID(d []byte) (ok, strict bool) {
	if len(d) != 11 || d[0] == 0 || !mod1110(d) {
		return false, false
	}
	var cnt [10]int
	for _, x := range d[:10] {
		cnt[x]++
	}
	multi := 0
	for _, c := range cnt {
		if c > 3 {
			return true, false
		}
		if c > 1 {
			multi++
		}
	}
	return true, multi == 1
}

// frNIR validates a French social security number (15 digits incl. key).
func frNIR(d []byte) bool {
	if len(d) != 15 || (d[0] != 1 && d[0] != 2 && d[0] != 7 && d[0] != 8) {
		return false
	}
	m := d[3]*10 + d[4]
	if m == 0 || (m > 12 && m < 20) || (m > 42 && m < 50) {
		return false
	}
	return 97-num(d[:13])%97 == num(d[13:])
}

// nlBSN validates a Dutch citizen service number with the 11-test.
func nlBSN(d []byte) bool {
	if len(d) != 9 || num(d) == 0 {
		return false
	}
	s := weighted(d, []int{9, 8, 7, 6, 5, 4, 3, 2}) - int(d[8])
	return s%11 == 0 && s > 0
}

// beNRN validates a Belgian national register number (11 digits).
func beNRN(d []byte) bool {
	if len(d) != 11 {
		return false
	}
	m, dd := num(d[2:4]), num(d[4:6])
	if m > 12 && !(m >= 20 && m <= 32) && !(m >= 40 && m <= 52) || dd > 31 {
		return false
	}
	base := num(d[:9])
	c := num(d[9:])
	return 97-base%97 == c || 97-(2000000000+base)%97 == c
}

// dniLetters maps a Spanish DNI/NIE number mod 23 to its letter.
const dniLetters = "TRWAGMYFPDXBNJZSQVHLCKE"

// esNIF validates the nine characters of a Spanish tax number (NIF), what
// follows ES in a Spanish VAT number: a DNI (8 digits and the letter of
// their number mod 23), a NIE (X, Y or Z for 0, 1 or 2, 7 digits, the
// same letter), a K, L or M NIF of 7 digits and that letter, or a
// company's CIF (a letter of its kind, 7 digits, a control digit or the
// letter JABCDEFGHI maps it to). Letters in either case.
func esNIF(b string) bool {
	if len(b) != 9 {
		return false
	}
	var d [8]byte
	if !digitsOnly(b[1:8], d[1:]) {
		return false
	}
	first, last := b[0]&^0x20, b[8]&^0x20
	if isDigit(b[8]) {
		last = b[8]
	}
	letter := func(lead int) bool {
		n := lead
		for _, x := range d[1:] {
			n = n*10 + int(x)
		}
		return last == dniLetters[n%23]
	}
	switch {
	case isDigit(b[0]):
		return letter(int(b[0] - '0'))
	case first == 'X' || first == 'Y' || first == 'Z':
		return letter(int(first - 'X'))
	case first == 'K' || first == 'L' || first == 'M':
		return letter(0)
	case first >= 'A' && first <= 'W' && first != 'I' && first != 'O' && first != 'T' && (first < 'K' || first > 'M'):
		sum := 0
		for k, x := range d[1:] {
			if k%2 == 0 { // the 1st, 3rd, 5th and 7th digit: doubled, its digits summed
				x *= 2
				x = x/10 + x%10
			}
			sum += int(x)
		}
		c := (10 - sum%10) % 10
		return last == byte('0'+c) || last == "JABCDEFGHI"[c]
	}
	return false
}

// ptNIF validates a Portuguese tax number (9 digits).
func ptNIF(d []byte) bool {
	if len(d) != 9 {
		return false
	}
	switch d[0] {
	case 1, 2, 3, 5, 6, 8, 9:
	default:
		return false
	}
	r := weighted(d, []int{9, 8, 7, 6, 5, 4, 3, 2}) % 11
	c := 0
	if r >= 2 {
		c = 11 - r
	}
	return c == int(d[8])
}

var cfOdd = [36]int{1, 0, 5, 7, 9, 13, 15, 17, 19, 21, // 0-9
	1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12, 14, 16, 10, 22, 25, 24, 23}

func cfVal(c byte) int {
	if isDigit(c) {
		return int(c - '0')
	}
	return int(c-'A') + 10
}

// itCF validates an Italian codice fiscale (16 upper-case ASCII characters).
func itCF(s string) bool {
	if len(s) != 16 {
		return false
	}
	sum := 0
	for i := 0; i < 15; i++ {
		c := s[i]
		if !isDigit(c) && !isUpper(c) {
			return false
		}
		v := cfVal(c)
		if i%2 == 0 {
			sum += cfOdd[v]
		} else if v >= 10 {
			sum += v - 10
		} else {
			sum += v
		}
	}
	return s[15] == byte('A'+sum%26)
}

// validDate reports whether y-m-d is a calendar date (y is the full year).
func validDate(y, m, d int) bool {
	if m < 1 || m > 12 || d < 1 {
		return false
	}
	dim := [13]int{0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m]
	if m == 2 && (y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		dim = 29
	}
	return d <= dim
}

// plPESEL validates a Polish PESEL (11 digits) including its encoded date.
func plPESEL(d []byte) bool {
	if len(d) != 11 {
		return false
	}
	y, m, dd := num(d[0:2]), num(d[2:4]), num(d[4:6])
	switch {
	case m >= 81 && m <= 92:
		y, m = y+1800, m-80
	case m >= 1 && m <= 12:
		y += 1900
	case m >= 21 && m <= 32:
		y, m = y+2000, m-20
	default:
		return false
	}
	if !validDate(y, m, dd) {
		return false
	}
	s := weighted(d, []int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3})
	return (10-s%10)%10 == int(d[10])
}

// sePNR validates a Swedish personnummer given its 10 digits YYMMDDNNNC.
func sePNR(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	m, dd := num(d[2:4]), num(d[4:6])
	if dd > 60 {
		dd -= 60 // samordningsnummer
	}
	return validDate(2000, m, dd) && luhn(d)
}

const hetuChecks = "0123456789ABCDEFHJKLMNPRSTUVWXY"

// fiHETU validates a Finnish personal identity code DDMMYYCZZZQ (ASCII).
func fiHETU(s string) bool {
	if len(s) != 11 {
		return false
	}
	n := 0
	for i := 0; i < 10; i++ {
		if i == 6 {
			continue
		}
		c := s[i]
		if !isDigit(c) {
			return false
		}
		n = n*10 + int(c-'0')
	}
	switch s[6] {
	case '+', '-', 'A', 'B', 'C', 'D', 'E', 'F', 'U', 'V', 'W', 'X', 'Y':
	default:
		return false
	}
	dd, mm := n/10000000, n/100000%100
	if !validDate(2000, mm, dd) {
		return false
	}
	return s[10] == hetuChecks[n%31]
}

// dkCPR validates a Danish CPR number DDMMYYSSSS (date and the mod-11 check
// that numbers issued before 2007 satisfy).
func dkCPR(d []byte) bool {
	if len(d) != 10 || !validDate(2000, num(d[2:4]), num(d[0:2])) {
		return false
	}
	return weighted(d, []int{4, 3, 2, 7, 6, 5, 4, 3, 2, 1})%11 == 0
}

// atSVNR validates an Austrian social insurance number SSSC DDMMYY.
func atSVNR(d []byte) bool {
	if len(d) != 10 || d[0] == 0 {
		return false
	}
	dd, mm := num(d[4:6]), num(d[6:8])
	if dd < 1 || dd > 31 || mm < 1 || mm > 12 {
		return false
	}
	w := []int{3, 7, 9, 0, 5, 8, 4, 2, 1, 6}
	c := weighted(d, w) % 11
	return c != 10 && c == int(d[3])
}

// deSVNR validates a German social insurance number (Rentenversicherungs-
// nummer) AADDMMYYLSSP: an area, the birth date, the birth name's initial,
// a serial and a check digit over the twelve digits the letter's two-digit
// place in the alphabet makes of the rest: weights 2,1,2,5,7,1,2,1,2,1,2,1,
// the digit sums of the products added up, mod 10.
func deSVNR(s string) bool {
	if len(s) != 12 || !isUpper(s[8]) || !validDate(2000, int(s[4]-'0')*10+int(s[5]-'0'), int(s[2]-'0')*10+int(s[3]-'0')) {
		return false
	}
	var d [12]int
	for k := range 8 {
		if !isDigit(s[k]) {
			return false
		}
		d[k] = int(s[k] - '0')
	}
	l := int(s[8]-'A') + 1
	d[8], d[9] = l/10, l%10
	for k := 9; k < 12; k++ {
		if !isDigit(s[k]) {
			return false
		}
	}
	d[10], d[11] = int(s[9]-'0'), int(s[10]-'0')
	sum := 0
	for k, w := range [12]int{2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1} {
		p := d[k] * w
		sum += p/10 + p%10
	}
	return sum%10 == int(s[11]-'0')
}

// dateCoded reports a number whose first eight digits are a year-first
// date: an order's or a batch's ("20240115A010"), not a social insurance
// number, whose date is day first.
func dateCoded(s string) bool {
	var d [8]byte
	n := 0
	for k := 0; k < len(s) && n < 8; k++ {
		if isDigit(s[k]) {
			d[n] = s[k] - '0' // the digits' values, as yearFirstDate reads them
			n++
		}
	}
	return n == 8 && yearFirstDate(d[:])
}

// yearFirstDate reports eight digits that read as a date of this or the
// last century year first (20240115).
func yearFirstDate(d []byte) bool {
	y := num(d[:4])
	return (y/100 == 19 || y/100 == 20) && validDate(y, num(d[4:6]), num(d[6:8]))
}

// dayFirstDate reports eight digits that read as a date day first, as
// Germans write one without its dots ("15032024").
func dayFirstDate(d []byte) bool {
	y := num(d[4:8])
	return (y/100 == 19 || y/100 == 20) && validDate(y, num(d[2:4]), num(d[:2]))
}

// svnrWritten returns the end of a German social insurance number written
// at v[i] in its four parts, apart by one blank or hyphen each or not at
// all, its letter in either case (65 170839 J 003, 65-170839-j-003), or
// 0.
func svnrWritten(v string, i int) int {
	var b [12]byte
	n, p := 0, i
	var sep byte
	for k, part := range [4]int{2, 6, 1, 3} {
		if k > 0 {
			switch c := at(v, p); {
			case (c == ' ' || c == '-') && (sep == 0 && k == 1 || sep == c):
				sep = c
				p++
			case sep != 0:
				return 0
			}
		}
		for range part {
			c := at(v, p)
			switch {
			case k == 2 && isASCIILetter(c):
				c &^= 0x20
			case k != 2 && isDigit(c):
			default:
				return 0
			}
			b[n] = c
			n++
			p++
		}
	}
	if isAlnum(at(v, p)) || !deSVNR(string(b[:])) {
		return 0
	}
	return p
}

// iePPS validates an Irish PPS number: 7 digits, a check letter and an
// optional second letter (ASCII, upper case).
func iePPS(s string) bool {
	if len(s) != 8 && len(s) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 7; i++ {
		if !isDigit(s[i]) {
			return false
		}
		sum += int(s[i]-'0') * (8 - i)
	}
	if len(s) == 9 {
		c := s[8]
		if !isUpper(c) {
			return false
		}
		if c != 'W' {
			sum += int(c-'A'+1) * 9
		}
	}
	if !isUpper(s[7]) {
		return false
	}
	r := sum % 23
	want := byte('W')
	if r > 0 {
		want = byte('A' + r - 1)
	}
	return s[7] == want
}

// gbNHS validates an NHS number (10 digits, mod 11).
func gbNHS(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	r := 11 - weighted(d, []int{10, 9, 8, 7, 6, 5, 4, 3, 2})%11
	if r == 11 {
		r = 0
	}
	return r != 10 && r == int(d[9])
}

// usSSN validates the structure of a US social security number AAA-GG-SSSS.
func usSSN(d []byte) bool {
	if len(d) != 9 {
		return false
	}
	a, g, s := num(d[:3]), num(d[3:5]), num(d[5:])
	return a != 0 && a != 666 && a < 900 && g != 0 && s != 0
}

// gbNINO validates the format of a UK National Insurance number (ASCII,
// upper case, no spaces): two prefix letters, six digits, suffix A-D.
func gbNINO(s string) bool {
	if len(s) != 9 || !isUpper(s[0]) || !isUpper(s[1]) {
		return false
	}
	for i := 2; i < 8; i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	if s[8] < 'A' || s[8] > 'D' {
		return false
	}
	switch s[0] {
	case 'D', 'F', 'I', 'Q', 'U', 'V':
		return false
	}
	switch s[1] {
	case 'D', 'F', 'I', 'O', 'Q', 'U', 'V':
		return false
	}
	switch s[:2] {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return false
	}
	return true
}

// cardIssuer reports whether the digits have the prefix and length of a
// payment card brand (Visa, Mastercard, Amex, Discover, Diners, JCB,
// Maestro, UnionPay, Mir).
func cardIssuer(d []byte) bool {
	n := len(d)
	p2 := int(d[0])*10 + int(d[1])
	p3 := p2*10 + int(d[2])
	p4 := p3*10 + int(d[3])
	switch {
	case d[0] == 4:
		return n == 13 || n == 16 || n == 19
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720:
		return n == 16
	case p2 == 34 || p2 == 37:
		return n == 15
	case p4 == 6011, p3 >= 644 && p3 <= 649, p2 == 65:
		return n >= 16 && n <= 19
	case p2 == 36, p3 >= 300 && p3 <= 305, p2 == 38, p2 == 39:
		return n >= 14 && n <= 19
	case p4 >= 3528 && p4 <= 3589:
		return n >= 16 && n <= 19
	case p4 >= 2200 && p4 <= 2204, p2 == 62, p2 == 81: // Mir; UnionPay, its newer cards 81
		return n >= 16 && n <= 19
	case p2 == 50, p2 >= 56 && p2 <= 69:
		return n >= 12 && n <= 19
	}
	return false
}

// ibanLengths maps an IBAN country code to the IBAN length.
var ibanLengths = map[[2]byte]uint8{
	{'A', 'D'}: 24, {'A', 'E'}: 23, {'A', 'L'}: 28, {'A', 'T'}: 20, {'A', 'Z'}: 28, {'B', 'A'}: 20, {'B', 'E'}: 16,
	{'B', 'G'}: 22, {'B', 'H'}: 22, {'B', 'R'}: 29, {'B', 'Y'}: 28, {'C', 'H'}: 21, {'C', 'R'}: 22, {'C', 'Y'}: 28,
	{'C', 'Z'}: 24, {'D', 'E'}: 22, {'D', 'K'}: 18, {'D', 'O'}: 28, {'E', 'E'}: 20, {'E', 'G'}: 29, {'E', 'S'}: 24,
	{'F', 'I'}: 18, {'F', 'O'}: 18, {'F', 'R'}: 27, {'G', 'B'}: 22, {'G', 'E'}: 22, {'G', 'I'}: 23, {'G', 'L'}: 18,
	{'G', 'R'}: 27, {'G', 'T'}: 28, {'H', 'R'}: 21, {'H', 'U'}: 28, {'I', 'E'}: 22, {'I', 'L'}: 23, {'I', 'Q'}: 23,
	{'I', 'S'}: 26, {'I', 'T'}: 27, {'J', 'O'}: 30, {'K', 'W'}: 30, {'K', 'Z'}: 20, {'L', 'B'}: 28, {'L', 'C'}: 32,
	{'L', 'I'}: 21, {'L', 'T'}: 20, {'L', 'U'}: 20, {'L', 'V'}: 21, {'M', 'C'}: 27, {'M', 'D'}: 24, {'M', 'E'}: 22,
	{'M', 'K'}: 19, {'M', 'R'}: 27, {'M', 'T'}: 31, {'M', 'U'}: 30, {'N', 'L'}: 18, {'N', 'O'}: 15, {'P', 'K'}: 24,
	{'P', 'L'}: 28, {'P', 'S'}: 29, {'P', 'T'}: 25, {'Q', 'A'}: 29, {'R', 'O'}: 24, {'R', 'S'}: 22, {'S', 'A'}: 24,
	{'S', 'C'}: 31, {'S', 'E'}: 24, {'S', 'I'}: 19, {'S', 'K'}: 24, {'S', 'M'}: 27, {'S', 'T'}: 25, {'S', 'V'}: 28,
	{'T', 'L'}: 23, {'T', 'N'}: 24, {'T', 'R'}: 26, {'U', 'A'}: 29, {'V', 'A'}: 22, {'V', 'G'}: 24, {'X', 'K'}: 20,
	{'B', 'I'}: 27, {'D', 'J'}: 27, {'L', 'Y'}: 25, {'R', 'U'}: 33, {'S', 'D'}: 18, {'N', 'I'}: 28, {'F', 'K'}: 18,
	{'O', 'M'}: 23, {'S', 'O'}: 23, {'M', 'N'}: 20, {'B', 'J'}: 28, {'C', 'I'}: 28, {'S', 'N'}: 28, {'M', 'G'}: 27,
}

// ibanLen is an array version of ibanLengths for lookups on the hot path.
var ibanLen = func() (t [26 * 26]uint8) {
	for k, v := range ibanLengths {
		t[int(k[0]-'A')*26+int(k[1]-'A')] = v
	}
	return t
}()

// ibanMod97 checks an IBAN given as upper-case ASCII letters and digits.
//
// The remainder is taken only when r grows past 1e15, and once at the end,
// for speed: a % 97 per character chained each step on the last's
// division. Deferring it gives the same remainder (r stays below 1e17+35,
// far within an int), and the check ran for every IBAN-shaped word.
func ibanMod97(s []byte) bool {
	r := 0
	step := func(c byte) {
		if isDigit(c) {
			r = r*10 + int(c-'0')
		} else {
			r = r*100 + int(c-'A') + 10
		}
		if r >= 1e15 {
			r %= 97
		}
	}
	for _, c := range s[4:] {
		step(c)
	}
	for _, c := range s[:4] {
		step(c)
	}
	return r%97 == 1
}

// chAHV validates a Swiss social insurance number (AHV-Nr., AVS, AHVN13):
// 13 digits, Switzerland's ISO 3166 code 756 first, an EAN-13 check digit
// last.
func chAHV(d []byte) bool {
	if len(d) != 13 || d[0] != 7 || d[1] != 5 || d[2] != 6 {
		return false
	}
	s := weighted(d, []int{1, 3, 1, 3, 1, 3, 1, 3, 1, 3, 1, 3})
	return (10-s%10)%10 == int(d[12])
}

// roCNP validates a Romanian personal numeric code (CNP) SYYMMDDJJNNNC:
// sex and century, the birth date, a county (01-52; 70 in every code the
// civil registry's integrated system has generated since May 2024, 80-83
// for births registered at a consulate), a serial, and a check digit, the
// weighted sum mod 11 (10 counts as 1). Residents (7, 8) and foreigners (9)
// carry no century: their date must be one of the 1900s or the 2000s.
func roCNP(d []byte) bool {
	if len(d) != 13 || d[0] == 0 {
		return false
	}
	yy, mm, dd := num(d[1:3]), num(d[3:5]), num(d[5:7])
	var ok bool
	switch d[0] {
	case 1, 2:
		ok = validDate(1900+yy, mm, dd)
	case 3, 4:
		ok = validDate(1800+yy, mm, dd)
	case 5, 6:
		ok = validDate(2000+yy, mm, dd)
	default:
		ok = validDate(1900+yy, mm, dd) || validDate(2000+yy, mm, dd)
	}
	if county := num(d[7:9]); !ok || (county < 1 || county > 52) && county != 70 && (county < 80 || county > 83) {
		return false
	}
	c := weighted(d, []int{2, 7, 9, 1, 4, 6, 3, 5, 8, 2, 7, 9}) % 11
	if c == 10 {
		c = 1
	}
	return c == int(d[12])
}

// trTCKN validates a Turkish identity number (T.C. Kimlik No): 11 digits,
// the first not zero; the tenth is seven times the sum of the odd places
// less the sum of the even ones, mod 10; the eleventh is the sum of the
// first ten, mod 10.
func trTCKN(d []byte) bool {
	if len(d) != 11 || d[0] == 0 {
		return false
	}
	odd := int(d[0]) + int(d[2]) + int(d[4]) + int(d[6]) + int(d[8])
	even := int(d[1]) + int(d[3]) + int(d[5]) + int(d[7])
	if ((odd*7-even)%10+10)%10 != int(d[9]) {
		return false
	}
	return (odd+even+int(d[9]))%10 == int(d[10])
}

// czRC validates a Czech or Slovak birth number (rodné číslo) of ten
// digits, YYMMDDSSSC, issued since 1954: the birth date, the month plus 50
// for women (plus 20 or 70 since 2004, when a day's serials ran out), and
// the whole number divisible by 11; until 1985 a remainder of 10 for the
// first nine digits was written as a check digit 0.
func czRC(d []byte) bool {
	if len(d) != 10 {
		return false
	}
	yy, mm, dd := num(d[0:2]), num(d[2:4]), num(d[4:6])
	y := 1900 + yy
	if yy < 54 {
		y = 2000 + yy
	}
	late := false // a month the birth numbers of 2004 on use
	switch {
	case mm > 70:
		mm, late = mm-70, true
	case mm > 50:
		mm -= 50
	case mm > 20:
		mm, late = mm-20, true
	}
	if late && y < 2004 || !validDate(y, mm, dd) {
		return false
	}
	first := num(d[:9]) % 11
	return (first*10+int(d[9]))%11 == 0 || first == 10 && d[9] == 0 && y < 1986
}

// deKVNR validates the lifelong part of a German health insurance number
// (Krankenversichertennummer, as the eGK prints it): an upper-case letter,
// eight digits and a check digit (ASCII). The letter's two-digit place in
// the alphabet and the eight digits, weighted 1, 2, 1, 2, ..., the digit
// sums of the products added up, mod 10, give the check digit.
func deKVNR(s string) bool {
	if len(s) != 10 || !isUpper(s[0]) {
		return false
	}
	l := int(s[0]-'A') + 1
	d := [10]int{l / 10, l % 10}
	for k := 1; k < 10; k++ {
		if !isDigit(s[k]) {
			return false
		}
		if k < 9 {
			d[k+1] = int(s[k] - '0')
		}
	}
	sum := 0
	for k, x := range d {
		p := x * (1 + k%2)
		sum += p/10 + p%10
	}
	return sum%10 == int(s[9]-'0')
}

// esCCC validates a Spanish Código Cuenta Cliente (20 digits: bank,
// branch, two check digits, account): the first check digit covers "00",
// the bank and the branch, the second the account, each 11 less the sum
// weighted 1, 2, 4, 8, 5, 10, 9, 7, 3, 6 mod 11 (11 is written 0, 10 is 1).
func esCCC(d []byte) bool {
	if len(d) != 20 {
		return false
	}
	w := []int{1, 2, 4, 8, 5, 10, 9, 7, 3, 6}
	dc := func(s int) int {
		c := 11 - s%11
		switch c {
		case 11:
			return 0
		case 10:
			return 1
		}
		return c
	}
	first := weighted(d[:8], w[2:]) // "00" first: weights 1 and 2 on zeros
	return dc(first) == int(d[8]) && dc(weighted(d[10:], w)) == int(d[9])
}

// The check digits of the VAT numbers below follow the member states'
// published rules (as the EU's VIES validation routines and python-stdnum
// describe them). Each takes what follows the country prefix; a number
// whose check fails is no such VAT number.

// ieVAT validates the eight or nine characters after IE (ASCII, upper
// case): seven digits and a check letter, since 2013 with a second letter
// weighed in as in a PPS number (iePPS; W, for nothing, A to V); or an
// old-style number, a digit, a letter, five digits and the check letter,
// the seven digits checked being 0, the five and the first.
func ieVAT(b string) bool {
	if len(b) == 9 && b[8] > 'W' {
		return false
	}
	if iePPS(b) {
		return true
	}
	if len(b) != 8 || !isDigit(b[0]) || !isUpper(b[1]) || !isUpper(b[7]) {
		return false
	}
	var d [5]byte
	if !digitsOnly(b[2:7], d[:]) {
		return false
	}
	r := (weighted(d[:], []int{7, 6, 5, 4, 3}) + 2*int(b[0]-'0')) % 23
	want := byte('W')
	if r > 0 {
		want = byte('A' + r - 1)
	}
	return b[7] == want
}

// cyVAT validates the nine characters after CY: eight digits (never 12
// first) and a check letter, the sum of the digits in even places mapped
// as a codice fiscale's odd characters (cfOdd) and of the others as they
// are, mod 26.
func cyVAT(b string) bool {
	if len(b) != 9 || !isUpper(b[8]) || b[0] == '1' && b[1] == '2' {
		return false
	}
	sum := 0
	for k := 0; k < 8; k++ {
		if !isDigit(b[k]) {
			return false
		}
		x := int(b[k] - '0')
		if k%2 == 0 {
			x = cfOdd[x]
		}
		sum += x
	}
	return b[8] == byte('A'+sum%26)
}

// bgVAT validates a Bulgarian VAT number: nine digits for a company
// (weights 1 to 8 mod 11, or 3 to 10 where that leaves 10), ten for a
// person, whose VAT number is their EGN (a birth date, the month plus 20
// for the 1800s or 40 for the 2000s, and a check digit), their foreigner's
// number (LNCh) or, for others, a number of a third weighting.
func bgVAT(d []byte) bool {
	switch len(d) {
	case 9:
		c := weighted(d, []int{1, 2, 3, 4, 5, 6, 7, 8}) % 11
		if c == 10 {
			c = weighted(d, []int{3, 4, 5, 6, 7, 8, 9, 10}) % 11 % 10
		}
		return c == int(d[8])
	case 10:
		y, m := 1900+num(d[0:2]), num(d[2:4])
		switch {
		case m > 40:
			y, m = y+100, m-40
		case m > 20:
			y, m = y-100, m-20
		}
		if validDate(y, m, num(d[4:6])) && weighted(d, []int{2, 4, 8, 5, 10, 9, 7, 3, 6})%11%10 == int(d[9]) {
			return true // EGN
		}
		if weighted(d, []int{21, 19, 17, 13, 11, 9, 7, 3, 1})%10 == int(d[9]) {
			return true // LNCh
		}
		return (11-weighted(d, []int{4, 3, 2, 7, 6, 5, 4, 3, 2})%11)%11 == int(d[9])
	}
	return false
}

// czDIC validates a Czech VAT number (DIČ): eight digits for a company
// (never 9 first; weights 8 to 2, 11 less the sum mod 11, 10 and 11
// written 0 and 1), nine beginning with 6 for a person without a birth
// number (the middle seven weighted so, the sum mod 11 plus 8, mod 10),
// or a person's birth
// number: ten digits (czRC), or nine for one born before 1954, which have
// no check digit: checked is false for those alone.
func czDIC(d []byte) (ok, checked bool) {
	switch len(d) {
	case 8:
		c := (11 - weighted(d, []int{8, 7, 6, 5, 4, 3, 2})%11) % 11
		if c == 0 {
			c = 1
		}
		return d[0] != 9 && c%10 == int(d[7]), true
	case 9:
		if d[0] == 6 {
			s := weighted(d[1:], []int{8, 7, 6, 5, 4, 3, 2}) % 11
			return (s+8)%10 == int(d[8]), true
		}
		yy, mm := num(d[0:2]), num(d[2:4])
		if mm > 50 {
			mm -= 50
		}
		return yy < 54 && validDate(1900+yy, mm, num(d[4:6])), false
	case 10:
		return czRC(d), true
	}
	return false, false
}

// elVAT validates a Greek VAT number (AFM, nine digits): the first eight
// weighted by powers of two, 256 to 2, mod 11, 10 written 0.
func elVAT(d []byte) bool {
	return len(d) == 9 && weighted(d, []int{256, 128, 64, 32, 16, 8, 4, 2})%11%10 == int(d[8])
}

// ltPVM validates a Lithuanian VAT number: nine digits for a company, the
// eighth 1, or twelve for a person or a temporary registration, the
// eleventh 1; weights 1 to 9 repeating mod 11, and where that leaves 10,
// weights shifted by two (3 to 9, then 1 on), 10 written 0.
func ltPVM(d []byte) bool {
	n := len(d)
	if n != 9 && n != 12 || d[n-2] != 1 {
		return false
	}
	sum := func(shift int) int {
		s := 0
		for k, x := range d[:n-1] {
			s += int(x) * (1 + (k+shift)%9)
		}
		return s % 11
	}
	c := sum(0)
	if c == 10 {
		c = sum(2) % 10
	}
	return c == int(d[n-1])
}

// lvPVN validates a Latvian VAT number (eleven digits): a company's begins
// with 4 or more and its digits weighted 9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1
// leave 3 mod 11; a person's is their personal code, a birth date DDMMYY
// and a century digit (0 for the 1800s) or, issued since July 2017, 32
// and random digits, either with a check digit: 1 plus the first ten
// weighted 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, mod 11, 10 written 0.
func lvPVN(d []byte) bool {
	if len(d) != 11 {
		return false
	}
	if d[0] > 3 {
		return weighted(d, []int{9, 1, 4, 8, 3, 10, 2, 5, 7, 6, 1})%11 == 3
	}
	if (d[0] != 3 || d[1] != 2) && !validDate(1800+100*int(d[6])+num(d[4:6]), num(d[2:4]), num(d[0:2])) {
		return false
	}
	return (1+weighted(d, []int{10, 5, 8, 4, 2, 1, 6, 3, 7, 9}))%11%10 == int(d[10])
}

// roCF validates a Romanian VAT number (CIF/CUI, two to ten digits, no
// leading zero): the digits before the check digit, right-aligned under
// the weights 7, 5, 3, 2, 1, 7, 5, 3, 2, summed, times 10, mod 11, 10
// written 0.
func roCF(d []byte) bool {
	n := len(d)
	if n < 2 || n > 10 || d[0] == 0 {
		return false
	}
	w := [9]int{7, 5, 3, 2, 1, 7, 5, 3, 2}
	s := 0
	for k, x := range d[:n-1] {
		s += int(x) * w[10-n+k]
	}
	return s*10%11%10 == int(d[n-1])
}

// gbVAT validates a UK VAT number: nine digits, or twelve of a branch
// whose last three are the branch's, the first seven weighted 8 to 2 and
// the two check digits as a number summing to 0 mod 97, or, for numbers
// issued from 100 0000 00 on since 2010 ("9755"), to 42 (55 added, 0).
func gbVAT(d []byte) bool {
	if len(d) != 9 && len(d) != 12 {
		return false
	}
	r := (weighted(d, []int{8, 7, 6, 5, 4, 3, 2}) + num(d[7:9])) % 97
	return r == 0 || r == 42 && d[0] != 0
}

// frTVAKey validates the letter-keyed form of a French VAT number (what
// follows FR: two characters of 0-9 and A-Z without I and O, at least one
// a letter, in either case, and the SIREN): the SIREN passes Luhn (unless 000, Monaco's)
// and, with the characters' values c1 and c2 (letters 10 on), s = c1*24 +
// c2 - 10 when c1 is a digit or c1*34 + c2 - 100 when a letter, the SIREN
// plus s/11 + 1 leaves s mod 11, mod 11.
func frTVAKey(b string) bool {
	if len(b) != 11 {
		return false
	}
	val := func(c byte) int {
		if isLower(c) {
			c -= 'a' - 'A'
		}
		switch {
		case isDigit(c):
			return int(c - '0')
		case isUpper(c) && c != 'I' && c != 'O':
			v := int(c-'A') + 10
			if c > 'I' {
				v--
			}
			if c > 'O' {
				v--
			}
			return v
		}
		return -1
	}
	c1, c2 := val(b[0]), val(b[1])
	var d [9]byte
	if c1 < 0 || c2 < 0 || !digitsOnly(b[2:], d[:]) || !luhn(d[:]) && num(d[:3]) != 0 {
		return false
	}
	s := c1*34 + c2 - 100
	if isDigit(b[0]) {
		s = c1*24 + c2 - 10
	}
	return (num(d[:])+s/11+1)%11 == s%11
}
