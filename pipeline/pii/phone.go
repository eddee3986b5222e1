package pii

import "strings"

// Phone numbers in international and national formats.

// callingCodes maps country calling codes to the range of national
// significant number lengths: EU/EEA, GB, CH, NANP and frequent others.
var callingCodes = func() (t [1000][2]uint8) {
	set := func(cc int, lo, hi uint8) { t[cc] = [2]uint8{lo, hi} }
	set(1, 10, 10)
	set(7, 10, 10)
	for _, cc := range []int{20, 27, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 81, 82, 84, 86, 91, 92, 93, 94, 95, 98} {
		set(cc, 7, 12)
	}
	set(30, 10, 10)
	set(31, 9, 9)
	set(32, 8, 9)
	set(33, 9, 9)
	set(34, 9, 9)
	set(36, 8, 9)
	set(39, 6, 11)
	set(40, 9, 9)
	set(41, 9, 9)
	set(43, 6, 13)
	set(44, 7, 10)
	set(45, 8, 8)
	set(46, 7, 10)
	set(47, 8, 8)
	set(48, 9, 9)
	set(49, 6, 13)
	set(90, 10, 10)
	for cc, r := range map[int][2]uint8{350: {8, 8}, 351: {9, 9}, 352: {4, 11}, 353: {7, 9}, 354: {7, 9}, 355: {8, 9},
		356: {8, 8}, 357: {8, 8}, 358: {5, 12}, 359: {8, 9}, 370: {8, 8}, 371: {8, 8}, 372: {7, 8}, 373: {8, 8},
		374: {8, 8}, 375: {9, 9}, 376: {6, 9}, 377: {8, 9}, 378: {6, 10}, 380: {9, 9}, 381: {8, 9}, 382: {8, 8},
		383: {8, 8}, 385: {8, 9}, 386: {8, 8}, 387: {8, 8}, 389: {8, 8}, 420: {9, 9}, 421: {9, 9}, 423: {7, 9},
		298: {6, 6}, 299: {6, 6}, 212: {9, 9}, 213: {9, 9}, 216: {8, 8}, 971: {8, 9}, 972: {8, 9}, 966: {9, 9}} {
		t[cc] = r
	}
	for _, cc := range remoteCallingCodes {
		set(cc, 7, 12) // E.164: fifteen digits at most with the code
	}
	return t
}()

// remoteCallingCodes are the other assigned three-digit country calling
// codes (ITU-T E.164): Africa, the Middle East, Asia, Central and South
// America, Oceania. Customers of a European CRM live there too, and a
// review found "Tel. +852 2123 4567", "+234 803 123 4567" and "+974 3312
// 3456" raw: without its code in the table a number with a '+' was no
// phone number at all. The table has no lengths of their own for them,
// only E.164's bounds (seven digits at least: a few islands' shorter
// numbers are not read).
var remoteCallingCodes = []int{211, 218, 220, 221, 222, 223, 224, 225, 226, 227, 228, 229, 230, 231, 232, 233, 234, 235,
	236, 237, 238, 239, 240, 241, 242, 243, 244, 245, 246, 247, 248, 249, 250, 251, 252, 253, 254, 255, 256, 257, 258, 260,
	261, 262, 263, 264, 265, 266, 267, 268, 269, 290, 291, 297, 500, 501, 502, 503, 504, 505, 506, 507, 508, 509, 590, 591,
	592, 593, 594, 595, 596, 597, 598, 599, 670, 672, 673, 674, 675, 676, 677, 678, 679, 680, 681, 682, 683, 685, 686, 687,
	688, 689, 690, 691, 692, 850, 852, 853, 855, 856, 880, 886, 960, 961, 962, 963, 964, 965, 967, 968, 970, 973, 974, 975,
	976, 977, 992, 993, 994, 995, 996, 998}

// remoteCode marks remoteCallingCodes: read after a '+', or after "00" in
// a grouped number or right after a phone's word, not in a run of digits
// after "00" alone, which a reference padded with zeros is as often
// ("002345678901").
var remoteCode = func() (t [1000]bool) {
	for _, cc := range remoteCallingCodes {
		t[cc] = true
	}
	return t
}()

// callingCode parses a country calling code at the start of d and returns
// it with its length, or 0.
func callingCode(d []byte) (cc, l int) {
	if len(d) < 4 {
		return 0, 0
	}
	if c := int(d[0]); callingCodes[c][0] != 0 {
		return c, 1
	}
	if c := int(d[0])*10 + int(d[1]); callingCodes[c][0] != 0 {
		return c, 2
	}
	if c := int(d[0])*100 + int(d[1])*10 + int(d[2]); callingCodes[c][0] != 0 {
		return c, 3
	}
	return 0, 0
}

// phoneCand interprets phone numbers in international and national formats.
func (sc *scan) phoneCand(t *numTok, c *cand) {
	if t.nd < 7 || t.nd > 15 {
		return
	}
	if currencyAt(sc.v, t.end) && !(amountAfterCurrency(sc.v, t.end) >= 0 && sc.phoneByItself(t)) {
		return
	}
	d := t.d[:t.nd]
	score := 0.0
	switch {
	case t.plus || (d[0] == 0 && d[1] == 0 && (!t.paren || t.glen(0) >= 4)): // "(0049) 30 ..." too
		k := 0
		if !t.plus {
			k = 2
		}
		cc, l := callingCode(d[k:])
		if cc == 0 || remoteCode[cc] && !t.plus && t.ng == 1 && !sc.labelledBy(ctxPhone, t.start) {
			return
		}
		if t.trunk0 && d[k+l] == 0 {
			k++ // "+49 (030) ...": the trunk 0 is not part of the number
		}
		nsn := t.nd - k - l
		r := callingCodes[cc]
		if nsn < int(r[0]) || nsn > int(r[1]) {
			return
		}
		score = 0.9
		if !t.plus {
			score = 0.8
		}
		if d[k+l] == 0 && cc != 39 {
			score = 0.5
		}
		if t.trunk0 {
			score = max(score, 0.85)
		}
		if t.ng == 1 && !t.plus && t.nd < 11 {
			score = 0.4
		}
	case d[0] == 0:
		if t.nd == 8 && officeHours(t, sc.v) {
			return // "Öffnungszeiten 0800-1700", "erreichbar 0900-1200"
		}
		// "030 12345678-99": an extension after the longest subscriber
		// numbers takes the digits past 12.
		ext := t.ng == 3 && t.sep[2] == '-' && t.glen(1) >= 6 && t.glen(2) <= 4 && t.nd-t.glen(2) <= 12
		if d[1] == 0 || t.nd > 12 && !ext {
			return
		}
		switch {
		case t.ng >= 2 || t.paren:
			score = 0.6
			for k := 1; k < t.ng; k++ {
				if t.glen(k) == 1 && k < t.ng-1 {
					score = 0.4
				}
			}
		case t.nd >= 10:
			score = 0.55
		default:
			score = 0.35
		}
	default:
		phoneCtx := sc.phoneCtx(t.start)
		switch {
		case t.ng >= 2 && sc.labelledBy(ctxPhone, t.start) && !numberWordBefore(sc.v, t.start) && countryCodeGroup(t) && !leadingDate(t, sc.v):
			// "Tel. 49 170 1234567": the country code typed without its
			// '+' or "00", as its own group, right after a phone word;
			// not after a word for any number ("Ordine numero 39 123456"),
			// nor a date ("Rückruf 20 11 2024 1430")
			score = 0.6
		case phoneCtx && d[0] >= 1 && t.ng >= 2 && t.nd >= 9 && t.nd <= 11 && groupsBetween(t, 2, 4) && !spacedDate(t, sc.v):
			// "dzwonił (12 345 67 89)", "pod numer 795-516-391": national
			// numbers without a trunk prefix (Poland) after a phone word
			score = 0.3
		case t.shape(3, 3, 3) && t.sep[1] == t.sep[2] && (t.sep[1] == ' ' || t.sep[1] == '-') && polishMobile(d) && sc.nameEndsBefore(t.start) && !t.zeroGroup(sc.v) && !unitAt(sc.v, t.end):
			// Polish mobiles as written after a name: "Jan Kowalski, 578
			// 033 456", "Pani Nowak - 694-366-099". Not after "nr": a
			// review found parcels, policies, contracts and claims
			// numbered so ("Paczka nr 729 175 386").
			score = 0.55
		case t.shape(3, 3, 3) && t.sep[1] == '-' && t.sep[2] == '-' && d[0] >= 4 && d[0] <= 8:
			score = 0.4
		case t.paren && t.shape(2, 3, 2, 2) && polishAreaCode(d) && !unitAt(sc.v, t.end):
			score = 0.55 // Polish landlines as written: (22) 123 45 67
		case phoneCtx && t.shape(2, 7) && (t.sep[1] == ' ' || t.sep[1] == '-') && d[0] >= 1:
			score = 0.3 // Polish landlines as written after a phone word: "tel. dom. 34 7339836"
		case t.paren && t.nd == 10 && t.glen(0) == 3 && d[0] >= 2:
			score = 0.7
		case t.paren && t.nd >= 8 && t.nd <= 11:
			score = 0.45
		case t.ng == 2 && t.glen(0) == 3 && (t.glen(1) == 6 || t.glen(1) == 7) && d[0] >= 2:
			score = 0.3 // Italian mobiles: 3xx 1234567
		case t.shape(3, 3, 4) && d[0] >= 2 && d[3] >= 2 && t.sep[1] == t.sep[2] && t.sep[1] != '/':
			score = 0.5
		case t.ng >= 3 && t.nd >= 8 && t.nd <= 11 && d[0] >= 2:
			score = 0.3
			for k := 0; k < t.ng; k++ {
				if l := t.glen(k); l < 2 || l > 4 {
					score = 0
				}
			}
		case t.ng == 1 && t.nd >= 8 && t.nd <= 11:
			score = 0.15
		}
	}
	if score == 0 {
		return
	}
	mobile := mobilePrefix(t)
	if mobile {
		score = max(score, 0.65)
	}
	switch {
	case !t.plus && codeLabel(sc.v, t.start) && !(mobile && packageMobile(t) && labelIs(sc.v, t.start, packageWords...)):
		// "Error code 933 680 8454", "Build 0792-509-133", "Session
		// 0151 ...", "Call volume 845 302 815": a code's label right
		// before the digits says what they are, whatever phone word
		// came before ("call" of "Call volume")
		score *= 0.4
	case !mobile && !t.plus && trackingLabel(sc.v, t.start) && !sc.phoneWordLabels(t.start):
		// "Numer przesyłki DHL 1234567890": a carrier or a parcel word
		// right before the number labels it, whatever phone word came
		// earlier ("Kunde hat angerufen wegen Paket DHL 1234567890")
		score *= 0.4
	case sc.phoneCtx(t.start):
		score = boost(score, 0.7)
	case !mobile && paymentReference(sc.v, t.start):
		score *= 0.4 // "kenmerk 9023 0005 5077 5009"; a mobile number is one ("Mededeling: 0470123456")
	case sc.ctxSentence(ctxOrder, t.start):
		switch {
		case t.plus:
			score *= 0.6 // an order number never starts with '+'
		case mobile && t.ng > 1 && !sc.labelledBy(ctxOrder, t.start):
			// "Rechnung offen, RR unter 0171-9876543": a mobile number,
			// grouped as people write one, later in a sentence about an
			// order. One the order word labels ("Bestellnr. 0612
			// 345678") is the order's, and so is one in a run of
			// digits, as references are ("Auftrag 677482, Palette
			// 0150152051").
			score *= 0.85
		case sc.ctxSentence(ctxPhone, t.start) && prevWordIs(sc.v, t.start, phonePreps...) && t.nd >= 9 && !fours(t, 0, t.ng) &&
			!sc.labelledBy(ctxOrder, t.start):
			// A number of nine digits or more right after the word that
			// says where to call, after a phone word before the order's:
			// the call is to it ("Appeler avant livraison au 03 86 91 52
			// 68", "... au 0935328593"; not "appelé pour la commande 2024
			// 0315 0042"). Those words file an order's number too, as
			// short as a reference's or grouped in fours as one's ("Kunde
			// rief an, Rechnung unter 0815 4711 verbucht", "Anruf:
			// Vorgang unter 0815 4711 0042").
			score = max(score*0.85, 0.6)
		default:
			score *= 0.4
		}
	case sc.ctxSentence(ctxNatID, t.start) || sc.ctxSentence(ctxCard, t.start) || sc.ctxSentence(ctxIBAN, t.start) || sc.ctxSentence(ctxTax, t.start):
		score *= 0.6
	}
	c.offer(dPhone, Phone, t.start, t.end, score)
	if score < 0.35 {
		c.claim = false
	}
}

// mobileGroups returns how many groups of t a German mobile number with
// its country code fills where t holds more digits than one has: after
// +49 or 0049 (and a trunk "(0)"), 15, 16 or 17 and ten or eleven digits
// in all (015x-017x and seven or eight more), the groups after it apart
// by a blank. It returns 0 where t is no such number or no group ends one.
// Read whole, the country's longest numbers (thirteen digits) took the
// groups typed after it ("+49 171 4573962 123 456").
func mobileGroups(t *numTok) int {
	d := t.d[:t.nd]
	k := 0
	if !t.plus {
		if t.nd < 2 || d[0] != 0 || d[1] != 0 {
			return 0
		}
		k = 2
	}
	if t.nd-k < 14 || d[k] != 4 || d[k+1] != 9 {
		return 0 // "49" and more than eleven digits
	}
	k += 2
	if t.trunk0 && d[k] == 0 {
		k++
	}
	if d[k] != 1 || d[k+1] < 5 || d[k+1] > 7 || t.nd-k <= 11 {
		return 0
	}
	n, groups := 0, 0
	for g := 0; g < t.ng-1; g++ {
		n += t.glen(g)
		if n-k > 11 {
			break
		}
		if n-k >= 10 && t.sep[g+1] == ' ' {
			groups = g + 1
		}
	}
	return groups
}

// officeHours reports a range of times of day written in digits alone,
// "0800-1700", "0900 - 1200", "09.00-12.00": opening or office hours, a
// time to call back ("erreichbar 0800-1200"). A review found them taken
// for a phone number with its trunk 0 (0.6; 0.88 after a phone word).
// Both times fall on the quarter hour, the second after the first. Few
// area codes of four digits do (most end in 1 to 9: 0211, 0316, 0941),
// and none of those has subscriber numbers of four digits (Halle's 0345
// has seven); the four digits after a service code (Dutch 0800, 0900)
// are a business's.
func officeHours(t *numTok, v string) bool {
	var a, b int
	switch {
	case t.shape(4, 4) && t.sep[1] == '-':
		a, b = t.gval(v, 0), t.gval(v, 1)
	case t.shape(2, 2, 2, 2) && t.sep[1] == '.' && t.sep[2] == '-' && t.sep[3] == '.':
		a, b = t.gval(v, 0)*100+t.gval(v, 1), t.gval(v, 2)*100+t.gval(v, 3)
	default:
		return false
	}
	return quarterHour(a) && quarterHour(b) && a < b && b <= 2400
}

// quarterHour reports a time of day hhmm on the quarter hour.
func quarterHour(hhmm int) bool { return hhmm/100 <= 24 && hhmm%100%15 == 0 }

// codeWords label a code, a count or a keypad entry, never a phone number:
// "EAN", "Build", "Session", "Ersatzteil", "Version", "Fehlercode", "DTMF"
// (digits a caller typed), "volume" ("Call volume 845 302 815"); a
// package's or a part's word right before the digits labels the package's
// or the part's number ("Paket 052 517843 16", "Teil 065968604 780 Stück"
// were masked as phones). Where such a word labels no number ("Paket
// nicht angekommen, 030 1234567") a phone number is still one, and so is
// a German mobile number written as one after a package's word
// (packageMobile).
var codeWords = []string{"ean", "gtin", "build", "session", "ersatzteil", "version", "fehlercode", "errorcode", "dtmf",
	"volume", "paket", "pakket", "package", "teil", "part", "onderdeel"}

// packageWords are the codeWords for a package: "Paket 0171 2345678" is a
// phone number all the same (packageMobile).
var packageWords = []string{"paket", "pakket", "package"}

// packageMobile reports a German mobile number as people write one after
// a package's word, where a parcel's number is as long: the trunk 0 and
// 15, 16 or 17 (a group of four or five digits by itself), seven or eight
// digits more. A parcel's number is copied in one run ("Paket
// 01712345678").
func packageMobile(t *numTok) bool {
	d := t.d[:t.nd]
	return t.ng >= 2 && !t.paren && (t.glen(0) == 4 || t.glen(0) == 5) && (t.nd == 11 || t.nd == 12) &&
		d[0] == 0 && d[1] == 1 && d[2] >= 5 && d[2] <= 7
}

// codeKinds are the words before "code" that make it a code's label: "Error
// code", "HS-Code", "Status code"; not "Code" alone, as in "code postal".
var codeKinds = []string{"error", "fehler", "hs", "status", "exit", "return", "response", "reason", "result", "taric"}

// codeLabel reports a code's label right before the digits at pos (codeWords;
// "code" after one of codeKinds). A false-positive hunt found these scored
// as phones. Not "duration" after the digits: a call log's "Anruf von 0171
// 2345678 Dauer 4 Min" is the caller's number.
func codeLabel(v string, pos int) bool {
	le := labelEnd(v, pos)
	if le < 0 {
		return false
	}
	if labelIs(v, pos, codeWords...) {
		return true
	}
	s := letterRunStart(v, le)
	if !strings.EqualFold(v[s:le], "code") {
		return false
	}
	p := s
	if at(v, p-1) == '-' || at(v, p-1) == ' ' { // "HS-Code", "Error code"
		p--
	}
	return p < s && wordIn(v, letterRunStart(v, p), p, codeKinds)
}

// callMetric reports "call" before a word for a call centre's metric or
// record ("Call volume 845 302 815", "call duration", "call queue"): the
// numbers after it count calls or name one, they are not a number to call.
func callMetric(v string, i, j int) bool {
	var buf, nb [maxWord]byte
	if w := string(lowerWord(v[i:j], &buf)); w != "call" {
		return false
	}
	switch string(wordAfter(v, j, &nb)) {
	case "volume", "volumes", "duration", "queue", "queues", "stats", "statistics", "metrics", "count":
		return true
	}
	return false
}

// phonePreps say where to call right before a number: "appeler au",
// "erreichbar unter", "bellen op", "dzwonić pod", "call on".
var phonePreps = []string{"au", "unter", "op", "pod", "on", "at"}

// countryCodeGroup reports a first group of t that is a country calling
// code and the rest a national number of that country's length.
func countryCodeGroup(t *numTok) bool {
	d := t.d[:t.nd]
	cc, l := callingCode(d)
	if cc == 0 || remoteCode[cc] || t.glen(0) != l { // "Tel. 233 ...": the '+' says it is a code
		return false
	}
	nsn := t.nd - l
	if d[l] == 0 {
		// "Tel. 49-0170-1234567": the trunk 0 kept after the country
		// code, as "+49 (0)170 ..." keeps it, in the next group
		if t.ng < 2 || t.glen(1) < 2 || d[l+1] == 0 || t.paren || !t.sepsIn(" -/") {
			return false // "Tel. (93) 03855 31.12.2024": a date runs on
		}
		nsn--
	}
	r := callingCodes[cc]
	return nsn >= int(r[0]) && nsn <= int(r[1])
}

// numberWords are phone words that say "number" or "contact" only: they
// label orders, tickets and invoices as often as phones.
var numberWords = []string{"numer", "numeru", "numerze", "numero", "número", "kontakt", "contacto"}

// numberWordBefore reports one of numberWords right before pos, as a
// label (labelEnd).
func numberWordBefore(v string, pos int) bool {
	le := labelEnd(v, pos)
	return le >= 0 && numberWordAt(v, le)
}

// phoneWordLabels reports a phone's word right before the carrier that
// labels the number at pos: the carrier's or its driver's phone ("Tel. DHL
// 089 123456", "Rückruf DPD 030 1234567"), unless the word is one for any
// number ("Numer DHL 1234567890").
func (sc *scan) phoneWordLabels(pos int) bool {
	le := labelEnd(sc.v, pos)
	if le < 0 || !sc.phoneCtx(pos) {
		return false
	}
	pe := labelEnd(sc.v, letterRunStart(sc.v, le))
	return pe >= 0 && pe == sc.last[ctxPhone] && !numberWordAt(sc.v, pe)
}

// numberWordAt reports one of numberWords ending at e.
func numberWordAt(v string, e int) bool {
	if e < 0 || e > len(v) {
		return false
	}
	w := v[letterRunStart(v, e):e]
	for _, x := range numberWords {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}

// polishMobile reports a Polish mobile prefix at d[0:2] (45, 50, 51, 53,
// 57, 60, 66, 69, 72, 73, 78, 79, 88): grouped 3-3-3 right after a name,
// such numbers are written without a phone word as often as with one.
func polishMobile(d []byte) bool {
	switch d[0]*10 + d[1] {
	case 45, 50, 51, 53, 57, 60, 66, 69, 72, 73, 78, 79, 88:
		return true
	}
	return false
}

// polishAreaCode reports a Polish landline's area code at d[0:2].
func polishAreaCode(d []byte) bool {
	switch d[0]*10 + d[1] {
	case 12, 13, 14, 15, 16, 17, 18, 22, 23, 24, 25, 29, 32, 33, 34, 41, 42, 43, 44, 46, 48, 52, 54, 55, 56, 58, 59,
		61, 62, 63, 65, 67, 68, 71, 74, 75, 76, 77, 81, 82, 83, 84, 85, 86, 87, 89, 91, 94, 95:
		return true
	}
	return false
}

// unitAt reports whether a unit of measure or quantity follows p, after at
// most one blank: "(40) 120 80 60 cm", "505 100 200 szt." are no phone
// numbers.
func unitAt(v string, p int) bool {
	if at(v, p) == ' ' {
		p++
	}
	if hasAt(v, p, "stück") {
		return !isAlnum(at(v, p+6))
	}
	e := p
	for isASCIILetter(at(v, e)) {
		e++
	}
	var buf [maxWord]byte
	switch string(lowerWord(v[p:e], &buf)) {
	case "mm", "cm", "m", "km", "kg", "g", "t", "l", "ml", "st", "stk", "szt", "pcs", "stuks", "x":
		return !isAlnum(at(v, e)) && at(v, e) < 0x80
	}
	return false
}

// nameEndsBefore reports whether a person's name found in this value ends
// right before pos, with at most blanks, a comma, a dash or a colon
// between: a number there is that person's. Elsewhere nine digits grouped
// 3-3-3 are as often a parcel's, a customer's, an EAN or an amount
// ("Paczka 729 175 386", "Nr klienta 798 515 901", "EAN 515 990 587").
// Such a name is among the recent findings.
func (sc *scan) nameEndsBefore(pos int) bool {
	for k := len(sc.dst) - 1; k >= sc.recent(); k-- {
		f := sc.dst[k]
		if f.Category != Name || f.End > pos {
			continue
		}
		return strings.Trim(sc.v[f.End:pos], " ,-–:/") == "" && pos-f.End <= 4
	}
	return false
}

// zeroGroup reports a group of t after the first that is all zeros: "600
// 000 000" is an amount.
func (t *numTok) zeroGroup(v string) bool {
	for k := 1; k < t.ng; k++ {
		if t.gval(v, k) == 0 {
			return true
		}
	}
	return false
}

// phoneCtx reports whether a phone word (or the column name) applies to a
// number starting at pos and is the most recent context: "Tel. ... Kunde-ID"
// makes an ID, "Bestellung ... Rückruf unter" a phone number.
func (sc *scan) phoneCtx(pos int) bool {
	if !sc.ctx(ctxPhone, pos) {
		return false
	}
	l := sc.last[ctxPhone]
	if l < sc.last[ctxNatID] || l < sc.last[ctxTax] {
		return false
	}
	return sc.fctx&(1<<ctxPhone) != 0 || (l >= sc.last[ctxOrder] && l >= sc.last[ctxIBAN] && l >= sc.last[ctxCard])
}

// mobilePrefix reports a national number with the trunk 0 and a mobile
// prefix of the countries lethe's CRMs come from: German 015x-017x,
// French 06/07, Dutch 06, British 07, Austrian 06xx, Belgian 047x-049x.
// Order and reference numbers seldom look like these.
func mobilePrefix(t *numTok) bool {
	d := t.d[:t.nd]
	if t.plus || t.nd < 10 || d[0] != 0 {
		return false
	}
	switch d[1] {
	case 1:
		return d[2] >= 5 && d[2] <= 7 && t.nd <= 12
	case 6:
		return t.nd <= 13 // French and Dutch 06 (10 digits), Austrian 06xx
	case 7:
		return t.nd <= 11 // French 07 (10 digits), British 07 (11)
	case 4:
		return d[2] >= 7 && t.nd == 10
	}
	return false
}

// spacedDate reports a date written with blanks, "14 03 2024".
func spacedDate(t *numTok, v string) bool {
	return t.ng == 3 && leadingDate(t, v)
}

// leadingDate reports whether the first three groups of t are a date,
// day first, with the year in full: "20 11 2024", also before a time
// ("20 11 2024 1430").
func leadingDate(t *numTok, v string) bool {
	if t.ng < 3 || t.glen(0) != 2 || t.glen(1) != 2 || t.glen(2) != 4 {
		return false
	}
	y := t.gval(v, 2)
	return y >= 1900 && y <= 2099 && validDate(y, t.gval(v, 1), t.gval(v, 0))
}

// groupsBetween reports whether every group of t has lo to hi digits.
func groupsBetween(t *numTok, lo, hi int) bool {
	for k := 0; k < t.ng; k++ {
		if l := t.glen(k); l < lo || l > hi {
			return false
		}
	}
	return true
}

// amountAfterCurrency returns where an amount starts right after the
// currency that follows p, a blank between or none, or -1: the currency
// is the amount's, written before it ("Tel. 030 1234567 EUR 49,90",
// "06-12345678 €49,90", "zł 199").
func amountAfterCurrency(v string, p int) int {
	e := currencyEnd(v, p)
	if e < 0 {
		return -1
	}
	if at(v, e) == ' ' {
		e++
	}
	if !isDigit(at(v, e)) {
		return -1
	}
	return e
}

// phoneByItself reports a number that its form or its word makes a phone
// number's, with another number after it, as cutPhone does: a '+' or
// "00", a mobile prefix, a trunk prefix where a phone word applies, or a
// phone word right before. Only for such a number is a currency between
// it and an amount the amount's: an amount before it is grouped as one
// ("Betrag 1 070 899 435 € 2023"), and an article's number stands before
// its price ("Art.-Nr. 0815 4711 € 49,90").
func (sc *scan) phoneByItself(t *numTok) bool {
	return t.plus || t.d[0] == 0 && t.d[1] == 0 || mobilePrefix(t) || t.d[0] == 0 && sc.phoneCtx(t.start) && !sc.runBefore(t.start) ||
		sc.labelledBy(ctxPhone, t.start) || sc.labelledOn(ctxPhone, t.start)
}

// currencyAt reports whether a currency follows p, after at most one space:
// "1 070 899 435 €", "7 070 899 435 zł" are amounts, however grouped.
func currencyAt(v string, p int) bool { return currencyEnd(v, p) >= 0 }

// currencyEnd returns where the currency that follows p, after at most
// one space, ends, or -1 when none does.
func currencyEnd(v string, p int) int {
	if at(v, p) == ' ' {
		p++
	}
	for _, c := range currencySigns {
		if hasAt(v, p, c) {
			return p + len(c)
		}
	}
	for _, c := range currencyCodes {
		if hasAt(v, p, c) && !isAlnum(at(v, p+3)) {
			return p + 3
		}
	}
	return -1
}

// currencySigns and currencyCodes are the currencies currencyEnd and
// currencyBefore take: signs, and ISO codes in any case.
var (
	currencySigns = [...]string{"€", "£", "zł"}
	currencyCodes = [...]string{"eur", "pln", "chf", "gbp", "usd", "czk", "sek", "dkk", "huf"}
)

// currencyBefore reports whether a currency ends right before p, after at
// most one space: "EUR 1.250.100.200", "€ 1.250.100.200".
func currencyBefore(v string, p int) bool {
	if at(v, p-1) == ' ' {
		p--
	}
	if strings.HasSuffix(v[:p], "$") {
		return true // written before its amount only: "$ 1.250.100.200"
	}
	for _, c := range currencySigns {
		if strings.HasSuffix(v[:p], c) {
			return true
		}
	}
	for _, c := range currencyCodes {
		if hasAt(v, p-3, c) && !isAlnum(at(v, p-4)) {
			return true
		}
	}
	return false
}

// phoneExtension returns where the extension typed after the phone number
// ending at e ends, or e when none follows: a dash and one to four digits
// ("0221 98765 - 43", the switchboard's number and the desk's), or an
// extension's word and one to five digits ("Durchwahl 12", "ext. 123",
// "x123", "poste 214", "toestel 12", "wew. 34"), also after a comma, a
// semicolon, a tab, a dash or a slash ("; Durchwahl 12", "\tDW 12",
// "- ext 12", "/ Durchwahl 12"; a review found these and "wewn. 34"
// raw). A leak hunt found the digits after the number raw; masked apart
// from it they still tell whose desk it is. Not digits a date, a time, an amount, a count or another
// number go on with ("0221 98765 - 12.03.", "- 18 Uhr", "- 12 Stück",
// "- 0171 2345678"): extensionEnds.
func phoneExtension(v string, e int) int {
	p := e + 1
	switch at(v, e) {
	case ' ', '\t':
	case ',', ';', '(':
		if at(v, p) != ' ' && v[e] != '(' {
			return e
		}
		if at(v, p) == ' ' {
			p++
		}
		if !isASCIILetter(at(v, p)) {
			return e // a dash after a comma or a bracket is no extension's
		}
	default:
		return e // most numbers end so: the cheap test first
	}
	if at(v, p) == '(' && v[e] == ' ' {
		p++ // "(ext. 123)"
	}
	switch c := at(v, p); {
	case c == '-':
		p++
		if at(v, p) == ' ' {
			p++
		}
		if q := digitsEnd(v, p, 4); q > 0 && extensionEnds(v, q) {
			return q
		}
		if at(v, p-1) != ' ' || !isASCIILetter(at(v, p)) {
			return e
		}
		// "- Durchwahl 43", "- ext 12": the extension's word after the dash
	case c == '/' && at(v, p+1) == ' ' && isASCIILetter(at(v, p+2)):
		p += 2 // "/ Durchwahl 43"
	case !isASCIILetter(c):
		return e
	}
	w := wordEnd(v, p)
	q := w
	if at(v, q) == '.' {
		q++
	}
	if at(v, q) == ':' {
		q++
	}
	if at(v, q) == ' ' {
		q++
	}
	if at(v, q) == '-' && isDigit(at(v, q+1)) {
		q++ // "Durchwahl -12"
	}
	if !isDigit(at(v, q)) || !foldedIn(v, p, extensionWords) {
		return e // the digits first: most words after a number are no extension's
	}
	if q := digitsEnd(v, q, 5); q > 0 && extensionEnds(v, q) {
		return q
	}
	return e
}

// extensionWords say an extension's digits follow a phone number: German,
// English, French, Dutch, Polish, Italian, Spanish.
var extensionWords = []string{"durchwahl", "dw", "durchw", "nebenstelle", "nst", "app", "apparat", "ext", "extn", "extension",
	"x", "poste", "toestel", "tst", "wew", "wewn", "interno", "int", "anexo", "ramal"}

// digitsEnd returns the end of the one to most digits at p, or 0 when none
// or more stand there.
func digitsEnd(v string, p, most int) int {
	q := p
	for q < len(v) && isDigit(v[q]) {
		q++
	}
	if q == p || q-p > most {
		return 0
	}
	return q
}

// extensionEnds reports whether the digits of an extension may end at q:
// not where a date, a time, a decimal or another number goes on ("12.03.",
// "12:30", "12,50", "12 34"), nor before a unit, a currency, a percentage
// or an hour ("12 Stück", "12 €", "12 Uhr").
func extensionEnds(v string, q int) bool {
	switch c := at(v, q); {
	case c == '.' || c == ',' || c == ':' || c == '/' || c == '-':
		if isDigit(at(v, q+1)) {
			return false
		}
	case c == '%' || isAlnum(c) || c >= 0x80:
		return false
	case c == ' ' && isDigit(at(v, q+1)):
		return false
	}
	if unitAt(v, q) || currencyAt(v, q) {
		return false
	}
	var buf [maxWord]byte
	switch string(wordAfter(v, q, &buf)) {
	case "uhr", "h", "am", "pm", "heures", "uur", "godz", "ore", "horas", "min", "minuten", "minutes", "jahre", "years", "ans", "jaar", "lat":
		return false
	}
	return true
}

// phoneAhead reports a number's start at p, after at most two blanks: a
// digit, a '+' or a '(' before one ("030 ...", "+49 ...", "(030) ...").
func phoneAhead(v string, p int) bool {
	for k := 0; k < 2 && (at(v, p) == ' ' || at(v, p) == '\t'); k++ {
		p++
	}
	switch c := at(v, p); {
	case isDigit(c):
		return true
	case c == '+':
		return isDigit(at(v, p+1))
	case c == '(':
		return isDigit(at(v, p+1)) || at(v, p+1) == '+' && isDigit(at(v, p+2))
	}
	return false
}

// phoneLetter reports a signature's one-letter phone label at v[i:j]:
// "T:", "M:", "F:" (Telefon, Mobil, Fax; telephone, mobile, fax), also
// "T." and French "T :", right before a number ("T: 030 1234567 | M: +49
// 151 23456789"). A review found the numbers they label raw after an
// order's word ("Rechnung 4711, T: 030 1234567") or without a trunk
// prefix ("T: 22 123 45 67"). The letter stands where a signature's field
// starts: at the start of the value or a line, after a separator ("|",
// ",", ";", "/", a bullet) or after the number before it; not after a
// word ("Größe M: 38 40 42 44"). In lower case only before a colon: "f."
// and "m." abbreviate other words.
func phoneLetter(v string, i, j int) bool {
	switch v[i] {
	case 'T', 'M', 'F', 't', 'm', 'f':
	default:
		return false
	}
	p := j
	if at(v, p) == ' ' && at(v, p+1) == ':' {
		p++ // "T : 01 23 45 67 89"
	}
	if c := at(v, p); !(c == ':' || c == '.' && isUpper(v[i])) || !phoneAhead(v, p+1) {
		return false
	}
	s := i
	for s > 0 && (v[s-1] == ' ' || v[s-1] == '\t') {
		s--
	}
	if s == 0 {
		return true
	}
	switch c := v[s-1]; {
	case c == '\n' || c == '\r' || c == '|' || c == ',' || c == ';' || c == '/':
		return true
	case isDigit(c):
		return s < i // after the number before: "T: 020 7946 0958 M: 07700 900123"
	case c == 0xA2 || c == 0xB7: // "•", "·"
		return hasAt(v, s-3, "•") || hasAt(v, s-2, "·")
	}
	return false
}

// phoneLabelBefore returns the end of the one-letter label or the word of
// phoneLabelWords right before the number at i, label punctuation
// between (a number's word too: "vaste nummer 020 ..."), or -1.
func phoneLabelBefore(v string, i int) int {
	le := labelEnd(v, i)
	if le < 0 {
		return -1
	}
	s := letterRunStart(v, le)
	if le-s == 1 {
		if phoneLetter(v, s, le) {
			return le
		}
		return -1
	}
	if v[s]|0x20 == 'n' && le-s <= 6 && numberWordIs(v[s:le]) {
		// "vaste nummer 020 ...", "mobiele nr. 06 ...": the label before
		// the number's word
		if e := labelEnd(v, s); e >= 0 && phoneLabelWord(v, letterRunStart(v, e), e) {
			return le
		}
		return -1
	}
	if w := le - s; w <= 15 && phoneLabelShapes[v[s]|0x20]&(1<<w) != 0 && phoneLabelWord(v, s, le) {
		return le
	}
	return -1
}

// phoneLabelWords are words that label a phone number right before one
// only: French "fixe" (ligne fixe, Tél. fixe), Dutch "vast", "vaste lijn",
// "mobiele nummer", Polish "stacjonarny", Spanish, Italian and Portuguese
// "fijo", "fisso", "fixo", English "ph". Each is an everyday word
// elsewhere ("prix fixe", "vast bedrag", "sklep stacjonarny", "pH 7"), so
// none is a phone word for what follows further on, as "Tel." is.
var phoneLabelWords = []string{"fixe", "vast", "vaste", "lijn", "mobiele", "stacjonarny", "fijo", "fisso", "fixo", "ph"}

// phoneLabelWord reports one of phoneLabelWords at v[i:j] right before a
// number, label punctuation between, or a number's word and then the
// number: "Fixe : 01 23 45 67 89", "vaste lijn: 020-1234567", "vaste
// nummer 020 ...", "stacjonarny 22 123 45 67".
func phoneLabelWord(v string, i, j int) bool {
	listed := false
	for _, w := range phoneLabelWords {
		if len(w) == j-i && hasAt(v, i, w) {
			listed = true
			break
		}
	}
	if !listed {
		return false
	}
	p := labelPunctEnd(v, j)
	if p == j {
		return false
	}
	if !phoneAhead(v, p) {
		e := wordEnd(v, p)
		if e == p || e-p > 6 || !numberWordIs(v[p:e]) {
			return false
		}
		if q := labelPunctEnd(v, e); q == e || !phoneAhead(v, q) {
			return false
		}
	}
	return true
}

// phoneLabelShapes has bit n of entry c set for a word of phoneLabelWords
// of n bytes whose first letter is c.
var phoneLabelShapes = func() (t [256]uint16) {
	for _, w := range phoneLabelWords {
		t[w[0]] |= 1 << len(w)
	}
	return t
}()

// labelPunctEnd returns the end of at most three blanks, colons, full
// stops and dashes at p, between a label and its value.
func labelPunctEnd(v string, p int) int {
	q := p
	for q < len(v) && q-p < 3 && (v[q] == ' ' || v[q] == ':' || v[q] == '.' || v[q] == '-') {
		q++
	}
	return q
}

// numberWordIs reports a word for "number" after a label: "nr", "no",
// "nummer", "number", "numer", "num".
func numberWordIs(w string) bool {
	for _, x := range [...]string{"nr", "no", "nummer", "number", "numer", "num"} {
		if strings.EqualFold(w, x) {
			return true
		}
	}
	return false
}
