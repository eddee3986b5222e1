package democrm

import (
	"math/rand/v2"
	"strconv"
	"strings"
)

// digits appends n random decimal digits.
func digits(r *rand.Rand, b []byte, n int) []byte {
	for range n {
		b = append(b, byte('0'+r.IntN(10)))
	}
	return b
}

// ibanCheck computes the two ISO 13616 check digits for country and bban.
func ibanCheck(country, bban string) string {
	rem := 0
	add := func(c byte) {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			v := int(c-'A') + 10
			rem = (rem*100 + v) % 97
		}
	}
	for i := 0; i < len(bban); i++ {
		add(bban[i])
	}
	for _, c := range []byte(country + "00") {
		add(c)
	}
	chk := 98 - rem
	if chk < 10 {
		return "0" + strconv.Itoa(chk)
	}
	return strconv.Itoa(chk)
}

// validIBAN reports whether s (spaces allowed) passes the mod-97 check.
func validIBAN(s string) bool {
	s = strings.ReplaceAll(strings.ToUpper(s), " ", "")
	if len(s) < 15 || len(s) > 34 {
		return false
	}
	r := s[4:] + s[:4]
	rem := 0
	for i := 0; i < len(r); i++ {
		c := r[i]
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

// ribKey computes the French RIB key for numeric bank, branch and account.
func ribKey(bank, branch, account string) string {
	mod := func(s string) int {
		r := 0
		for i := 0; i < len(s); i++ {
			r = (r*10 + int(s[i]-'0')) % 97
		}
		return r
	}
	k := 97 - (89*mod(bank)+15*mod(branch)+3*mod(account))%97
	return pad2(k)
}

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
// without spaces.
func newIBAN(r *rand.Rand, country string) string {
	var b []byte
	switch country {
	case "DE":
		b = digits(r, b, 18)
	case "FR":
		bank := string(digits(r, nil, 5))
		branch := string(digits(r, nil, 5))
		acct := string(digits(r, nil, 11))
		b = []byte(bank + branch + acct + ribKey(bank, branch, acct))
	case "NL":
		b = append(b, nlBanks[r.IntN(len(nlBanks))]...)
		b = digits(r, b, 10)
	case "PL":
		b = digits(r, b, 24)
	default: // GB
		country = "GB"
		b = append(b, gbBanks[r.IntN(len(gbBanks))]...)
		b = digits(r, b, 14)
	}
	bban := string(b)
	return country + ibanCheck(country, bban) + bban
}

// groupIBAN writes an IBAN in the printed form, groups of four.
func groupIBAN(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// luhnDigit computes the Luhn check digit for the digits in s.
func luhnDigit(s string) byte {
	sum := 0
	double := true
	for i := len(s) - 1; i >= 0; i-- {
		d := int(s[i] - '0')
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

// validLuhn reports whether the digits of s (separators ignored) pass Luhn.
func validLuhn(s string) bool {
	var ds []byte
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case c >= '0' && c <= '9':
			ds = append(ds, c)
		case c == ' ' || c == '-':
		default:
			return false
		}
	}
	if len(ds) < 12 {
		return false
	}
	return luhnDigit(string(ds[:len(ds)-1])) == ds[len(ds)-1]
}

// newCard returns a Luhn-valid card number: Visa, Mastercard or Amex.
func newCard(r *rand.Rand) string {
	var b []byte
	n := 16
	switch r.IntN(3) {
	case 0:
		b = append(b, '4')
	case 1:
		b = append(b, '5', byte('1'+r.IntN(5)))
	default:
		b = append(b, '3', "47"[r.IntN(2)])
		n = 15
	}
	b = digits(r, b, n-1-len(b))
	return string(append(b, luhnDigit(string(b))))
}

// steuerID returns a valid German tax identification number (11 digits):
// in the first ten digits exactly one digit appears twice, the first digit is
// not zero, and the last digit is the ISO 7064 MOD 11,10 check digit.
func steuerID(r *rand.Rand) string {
	for {
		perm := r.Perm(10) // ten distinct digits
		d := make([]byte, 10)
		for i := range 9 {
			d[i] = byte('0' + perm[i])
		}
		d[9] = d[r.IntN(9)] // one digit twice, one missing
		r.Shuffle(10, func(i, j int) { d[i], d[j] = d[j], d[i] })
		if d[0] == '0' {
			continue
		}
		return string(d) + string(steuerCheck(string(d)))
	}
}

func steuerCheck(s string) byte {
	product := 10
	for i := 0; i < 10; i++ {
		sum := (int(s[i]-'0') + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = (sum * 2) % 11
	}
	c := 11 - product
	if c == 10 {
		c = 0
	}
	return byte('0' + c)
}

func validSteuerID(s string) bool {
	if len(s) != 11 || s[0] == '0' {
		return false
	}
	var count [10]int
	for i := 0; i < 11; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		if i < 10 {
			count[s[i]-'0']++
		}
	}
	twice, missing := 0, 0
	for _, c := range count {
		switch c {
		case 0:
			missing++
		case 1:
		case 2:
			twice++
		default:
			return false
		}
	}
	return twice == 1 && missing == 1 && steuerCheck(s) == s[10]
}

// nir returns a French social security number (NIR) for sex (1 male,
// 2 female), birth year and month, as 13 digits plus the 2-digit key
// 97 - (number mod 97), printed with the usual spaces.
func nir(r *rand.Rand, sex, year, month int) string {
	dept := 1 + r.IntN(95)
	if dept == 20 { // Corsica uses 2A/2B
		dept = 21
	}
	body := strconv.Itoa(sex) + pad2(year%100) + pad2(month) + pad2(dept) +
		string(digits(r, nil, 3)) + string(digits(r, nil, 3))
	n, _ := strconv.ParseInt(body, 10, 64)
	key := 97 - n%97
	return body[0:1] + " " + body[1:3] + " " + body[3:5] + " " + body[5:7] + " " + body[7:10] + " " + body[10:13] + " " + pad2(int(key))
}

func validNIR(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) != 15 {
		return false
	}
	n, err := strconv.ParseInt(s[:13], 10, 64)
	k, err2 := strconv.Atoi(s[13:])
	return err == nil && err2 == nil && (s[0] == '1' || s[0] == '2') && int64(k) == 97-n%97
}

// bsn returns a Dutch citizen service number that passes the 11-proof.
func bsn(r *rand.Rand) string {
	for {
		d := digits(r, nil, 8)
		if d[0] == '0' {
			continue
		}
		sum := 0
		for i := range 8 {
			sum += (9 - i) * int(d[i]-'0')
		}
		last := sum % 11
		if last == 10 {
			continue
		}
		return string(append(d, byte('0'+last)))
	}
}

func validBSN(s string) bool {
	if len(s) != 9 {
		return false
	}
	sum := 0
	for i := 0; i < 9; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		w := 9 - i
		if i == 8 {
			w = -1
		}
		sum += w * int(s[i]-'0')
	}
	return sum%11 == 0
}

var peselWeights = [10]int{1, 3, 7, 9, 1, 3, 7, 9, 1, 3}

// pesel returns a Polish PESEL encoding the birth date and sex (odd tenth
// digit for men) with its check digit.
func pesel(r *rand.Rand, year, month, day int, male bool) string {
	m := month
	if year >= 2000 {
		m += 20
	}
	b := []byte(pad2(year%100) + pad2(m) + pad2(day))
	b = digits(r, b, 3)
	sex := r.IntN(5) * 2
	if male {
		sex++
	}
	b = append(b, byte('0'+sex))
	sum := 0
	for i, w := range peselWeights {
		sum += w * int(b[i]-'0')
	}
	return string(append(b, byte('0'+(10-sum%10)%10)))
}

func validPESEL(s string) bool {
	if len(s) != 11 {
		return false
	}
	sum := 0
	for i := 0; i < 11; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
		if i < 10 {
			sum += peselWeights[i] * int(s[i]-'0')
		}
	}
	return byte('0'+(10-sum%10)%10) == s[10]
}

// nino returns a UK National Insurance number such as "QQ 12 34 56 C" that
// obeys HMRC's prefix rules.
func nino(r *rand.Rand, spaced bool) string {
	const first = "ABCEGHJKLMNOPRSTWXYZ" // not D F I Q U V
	const second = "ABCEGHJKLMNPRSTWXYZ" // not D F I O Q U V
	for {
		p := string([]byte{first[r.IntN(len(first))], second[r.IntN(len(second))]})
		switch p {
		case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
			continue
		}
		d := string(digits(r, nil, 6))
		s := string("ABCD"[r.IntN(4)])
		if spaced {
			return p + " " + d[0:2] + " " + d[2:4] + " " + d[4:6] + " " + s
		}
		return p + d + s
	}
}

func validNINO(s string) bool {
	s = strings.ReplaceAll(s, " ", "")
	if len(s) != 9 {
		return false
	}
	if strings.ContainsRune("DFIQUV", rune(s[0])) || strings.ContainsRune("DFIOQUV", rune(s[1])) {
		return false
	}
	switch s[:2] {
	case "BG", "GB", "NK", "KN", "TN", "NT", "ZZ":
		return false
	}
	for i := 2; i < 8; i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s[8] >= 'A' && s[8] <= 'D'
}
