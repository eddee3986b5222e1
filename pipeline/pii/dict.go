package pii

import (
	"strings"
	"unicode/utf8"
)

// Word flags of the free-text dictionary.
const (
	wGiven      = 1 << iota // a given name
	wSurname                // a family name
	wSalut                  // a salutation or title before a name (Herr, Mme, Pan, Mr)
	wParticle               // a lower-case name particle (van, von, de)
	wStop                   // a capitalised word that never starts a name (Der, The, Bitte)
	wMonth                  // a month name; wordInfo.month holds 1..12
	wStreetPre              // a street type written before the name (rue, ul., via)
	wStreetSuf              // a street type written after the name (Straße, Road)
	wCity                   // a city name
	wAt                     // "at", the spelled-out @ of obfuscated e-mail addresses
	wStreetWeak             // a preposition that starts German street names (Am Markt 3): needs a house number
	wThing                  // a property noun (Farbe, colour, Marke): the word after it is a value, not a name
	wNameNoun               // "name", "nom": labels a person's name, or after a thing's word the thing's
)

// Context kinds: words that raise or lower the scores of nearby candidates.
const (
	ctxPhone = iota
	ctxCard
	ctxOrder // order, invoice, SKU: numbers here are business identifiers
	ctxIBAN
	ctxBIC
	ctxDOB
	ctxNatID
	ctxTax
	ctxPassport
	ctxLicence
	ctxAddress
	ctxGeo
	ctxEmail
	ctxIP
	ctxSSN    // US social security numbers
	ctxPerson // a word that introduces a person: customer, holder, daughter
	nCtx
)

// wordInfo is what the dictionary knows about one folded word.
type wordInfo struct {
	flags  uint16
	ctx    uint16 // bit set of ctx kinds
	month  uint8
	spec   uint8 // index+1 into specialCats, 0 for none
	scheme uint8 // detector+1 of the identifier scheme the word names (pesel, cpr)
}

// dict is an open-addressing hash table of folded words. Lookups hash the
// word once and compare at most a few keys; nothing allocates.
type dict struct {
	mask   uint64
	hashes []uint64
	keys   []string
	info   []wordInfo
}

func (d *dict) lookup(w []byte) (wordInfo, bool) {
	return d.lookupHashed(w, hashBytes(w))
}

// lookupHashed is lookup for a word whose hash the caller has already
// computed (h == hashBytes(w)): foldHash hashes while it folds, so that
// lookupWord reads the word once instead of twice.
func (d *dict) lookupHashed(w []byte, h uint64) (wordInfo, bool) {
	for i := h & d.mask; ; i = (i + 1) & d.mask {
		k := d.keys[i]
		if k == "" {
			return wordInfo{}, false
		}
		if d.hashes[i] == h && k == string(w) {
			return d.info[i], true
		}
	}
}

func buildDict(m map[string]wordInfo) *dict {
	size := 1
	for size < len(m)*3 {
		size <<= 1
	}
	d := &dict{mask: uint64(size - 1), hashes: make([]uint64, size), keys: make([]string, size), info: make([]wordInfo, size)}
	for k, v := range m {
		h := hashString(k)
		i := h & d.mask
		for d.keys[i] != "" {
			i = (i + 1) & d.mask
		}
		d.keys[i], d.hashes[i], d.info[i] = k, h, v
	}
	return d
}

// foldString lower-cases s the way foldWord does, for building tables.
func foldString(s string) string {
	var buf [maxWord]byte
	n := foldWord(s, 0, len(s), &buf)
	if n < 0 {
		return strings.ToLower(s)
	}
	return string(buf[:n])
}

// words is the free-text dictionary, built once from the lists in
// names_data.go and words_data.go.
var words = func() *dict {
	m := map[string]wordInfo{}
	add := func(list string, f func(*wordInfo)) {
		for _, w := range strings.Fields(list) {
			k := foldString(w)
			wi := m[k]
			f(&wi)
			m[k] = wi
		}
	}
	flag := func(fl uint16) func(*wordInfo) { return func(w *wordInfo) { w.flags |= fl } }
	// Names also as typed without their accents ("Lukasz Wisniewski"),
	// and Polish family names also in their feminine form (Kowalski,
	// Kowalska).
	names := func(list string, fl uint16) {
		add(list, flag(fl))
		for _, w := range strings.Fields(list) {
			forms := []string{w}
			if fl == wSurname && (strings.HasSuffix(w, "ski") || strings.HasSuffix(w, "cki") || strings.HasSuffix(w, "dzki")) {
				forms = append(forms, w[:len(w)-1]+"a")
			}
			for _, f := range forms {
				add(f, flag(fl))
				var buf [maxWord]byte
				if n := unaccented(f, 0, len(f), &buf); n > 0 {
					add(string(buf[:n]), flag(fl))
				}
			}
		}
	}
	names(givenNames, wGiven)
	names(surnames, wSurname)
	add(accentedGiven, flag(wGiven))
	add(accentedSurnames, flag(wSurname))
	add(salutations, flag(wSalut))
	add(nameParticles, flag(wParticle))
	add(stopWords, flag(wStop))
	add(streetPrefixes, flag(wStreetPre))
	add(streetSuffixes, flag(wStreetSuf))
	add(cities, flag(wCity))
	add(`am an im auf zum zur`, flag(wStreetWeak))
	add(thingNouns, flag(wThing))
	add(nameNouns, func(w *wordInfo) { w.flags |= wNameNoun; w.ctx |= 1 << ctxPerson })
	add(strings.Join(roleWords, " "), func(w *wordInfo) { w.ctx |= 1 << ctxPerson })
	add("at arobase apenstaartje małpa malpa arroba chiocciola klammeraffe", flag(wAt)) // en, fr, nl, pl, es/pt, it, de
	for i, list := range monthNames {
		mo := uint8(i + 1)
		add(list, func(w *wordInfo) { w.flags |= wMonth; w.month = mo })
	}
	for k, list := range contextWords {
		bit := uint16(1) << k
		add(list, func(w *wordInfo) { w.ctx |= bit })
	}
	for i, sc := range specialCats {
		idx := uint8(i + 1)
		add(sc.words, func(w *wordInfo) { w.spec = idx })
	}
	for det, list := range schemeWords {
		d := uint8(det + 1)
		add(list, func(w *wordInfo) { w.scheme = d })
	}
	return buildDict(m)
}()

// bloomKey hashes the length, first two and last bytes of a word, with ASCII
// case ignored and non-ASCII bytes collapsed, so that a word and its folded
// form get the same key.
func bloomKey(v string, a, b int) uint32 {
	norm := func(c byte) uint32 {
		if c >= 0x80 {
			return 0x80
		}
		return uint32(c | 0x20)
	}
	h := uint32(b-a)*0x9E3779B1 ^ norm(v[a])*0x85EBCA77 ^ norm(v[a+1])*0xC2B2AE3D ^ norm(v[b-1])*0x27D4EB2F
	return (h ^ h>>15) & (1<<16 - 1)
}

// bloom has a bit set for the key of every dictionary word: most words of a
// text are rejected with one memory access, before folding and hashing.
var bloom = func() (t [1 << 16 / 64]uint64) {
	for _, k := range words.keys {
		if len(k) >= 2 {
			h := bloomKey(k, 0, len(k))
			t[h/64] |= 1 << (h % 64)
		}
	}
	return t
}()

// lookupFolded is lookupWord without the bloom filter, whose key counts
// bytes: for a word with a ’, which folding makes a ' (O’Neill).
func lookupFolded(v string, a, b int) (wordInfo, bool) {
	var buf [maxWord]byte
	n := foldWord(v, a, b, &buf)
	if n < 0 {
		return wordInfo{}, false
	}
	return words.lookup(buf[:n])
}

// lookupUnaccented looks up the capitalised word v[a:b] without its
// accents, for names: the lists spell "Eric" and agents type "Éric". It
// returns only the name flags of what it finds: "Né" is not "ne".
func lookupUnaccented(v string, a, b int) (wordInfo, bool) {
	var buf [maxWord]byte
	n := unaccented(v, a, b, &buf)
	if n < 0 {
		return wordInfo{}, false
	}
	wi, ok := words.lookup(buf[:n])
	if !ok || wi.flags&(wGiven|wSurname) == 0 {
		return wordInfo{}, false
	}
	return wordInfo{flags: wi.flags & (wGiven | wSurname)}, true
}

// unaccentedLatin maps U+00C0..U+017F to their letters without accents,
// 0 where there is no plain letter (Æ, Ð, ×, Þ, ß).
var unaccentedLatin = func() (t [0x180 - 0xC0]byte) {
	for _, r := range []struct {
		from, to rune
		c        byte
	}{
		{0xC0, 0xC5, 'a'}, {0xC7, 0xC7, 'c'}, {0xC8, 0xCB, 'e'}, {0xCC, 0xCF, 'i'}, {0xD1, 0xD1, 'n'}, {0xD2, 0xD6, 'o'},
		{0xD8, 0xD8, 'o'}, {0xD9, 0xDC, 'u'}, {0xDD, 0xDD, 'y'},
		{0xE0, 0xE5, 'a'}, {0xE7, 0xE7, 'c'}, {0xE8, 0xEB, 'e'}, {0xEC, 0xEF, 'i'}, {0xF1, 0xF1, 'n'}, {0xF2, 0xF6, 'o'},
		{0xF8, 0xF8, 'o'}, {0xF9, 0xFC, 'u'}, {0xFD, 0xFD, 'y'}, {0xFF, 0xFF, 'y'},
		{0x100, 0x105, 'a'}, {0x106, 0x10D, 'c'}, {0x10E, 0x111, 'd'}, {0x112, 0x11B, 'e'}, {0x11C, 0x123, 'g'},
		{0x124, 0x127, 'h'}, {0x128, 0x131, 'i'}, {0x134, 0x135, 'j'}, {0x136, 0x137, 'k'}, {0x139, 0x142, 'l'},
		{0x143, 0x148, 'n'}, {0x14C, 0x151, 'o'}, {0x154, 0x159, 'r'}, {0x15A, 0x161, 's'}, {0x162, 0x167, 't'},
		{0x168, 0x173, 'u'}, {0x174, 0x175, 'w'}, {0x176, 0x178, 'y'}, {0x179, 0x17E, 'z'},
	} {
		for c := r.from; c <= r.to; c++ {
			t[c-0xC0] = r.c
		}
	}
	return t
}()

// plainLetter returns the Latin letter r without its accents, in lower
// case: from Latin-1 and Latin Extended-A (unaccentedLatin), Vietnamese
// ("ơ", "ư", "ễ"; "Nguyễn" is "nguyen") and Romanian ("ș", "ț"). 0 where
// there is none.
func plainLetter(r rune) byte {
	switch {
	case r >= 0xC0 && r < 0x180:
		return unaccentedLatin[r-0xC0]
	case r >= 0x1EA0 && r <= 0x1EF9: // Vietnamese vowels with their tones, in the order a e i o u y
		switch {
		case r <= 0x1EB7:
			return 'a'
		case r <= 0x1EC7:
			return 'e'
		case r <= 0x1ECB:
			return 'i'
		case r <= 0x1EE3:
			return 'o'
		case r <= 0x1EF1:
			return 'u'
		}
		return 'y'
	}
	switch r {
	case 0x1A0, 0x1A1: // Ơ ơ
		return 'o'
	case 0x1AF, 0x1B0: // Ư ư
		return 'u'
	case 0x218, 0x219: // Ș ș
		return 's'
	case 0x21A, 0x21B: // Ț ț
		return 't'
	}
	return 0
}

// unaccented folds v[a:b] as foldWord does, but writes Latin letters
// without their accents. It returns the length, or -1 when the word has no
// accent to drop or a letter with no plain form.
func unaccented(v string, a, b int, buf *[maxWord]byte) int {
	n, dropped := 0, false
	for i := a; i < b; {
		c := v[i]
		if n == maxWord {
			return -1
		}
		if c < 0x80 {
			buf[n] = lowerASCII(c)
			n++
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(v[i:b])
		p := plainLetter(r)
		if p == 0 {
			return -1
		}
		buf[n] = p
		n++
		i += size
		dropped = true
	}
	if !dropped {
		return -1
	}
	return n
}

// lookupWord folds v[a:b] and looks it up.
func lookupWord(v string, a, b int) (wordInfo, bool) {
	if b-a < 2 {
		return wordInfo{}, false
	}
	if h := bloomKey(v, a, b); bloom[h/64]&(1<<(h%64)) == 0 {
		if lostScans.Load() == 0 {
			return wordInfo{}, false
		}
		return lookupDamaged(v, a, b)
	}
	var buf [maxWord]byte
	n, h := foldHash(v, a, b, &buf)
	if n < 0 {
		return wordInfo{}, false
	}
	if wi, ok := words.lookupHashed(buf[:n], h); ok || lostScans.Load() == 0 {
		return wi, ok
	}
	return lookupDamaged(v, a, b)
}

// foldHash is foldWord that also returns hashBytes of the folded bytes.
// lookupWord runs for most words that pass the bloom filter, and folding
// then hashing read every byte twice: here the hash is taken as each ASCII
// byte is folded, and only the bytes foldRest writes for a word with
// letters beyond ASCII are hashed after it.
func foldHash(v string, a, b int, buf *[maxWord]byte) (int, uint64) {
	if b-a > maxWord {
		return -1, 0
	}
	h := uint64(fnvOffset)
	n := 0
	for ; a < b && v[a] < 0x80; a++ {
		c := lowerASCII(v[a])
		buf[n&(maxWord-1)] = c // as in foldWord: the mask spares the bounds check
		h = (h ^ uint64(c)) * fnvPrime
		n++
	}
	if a == b {
		return n, h
	}
	m := foldRest(v, a, b, buf, n)
	for _, c := range buf[n:m] {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return m, h
}

// streetSuffixTails are endings of compound street names (Hauptstraße,
// Kerkstraat, Lindenallee), folded.
var streetSuffixTails = []string{"straße", "strasse", "str", "weg", "gasse", "allee", "platz", "ring", "damm", "ufer", "chaussee", "straat", "laan", "gracht", "plein", "kade", "singel", "steeg", "dreef", "markt", "hof", "dijk", "gade", "vej", "vägen", "gatan", "katu",
	"stieg", "wall", "kamp", "pfad", "park", "baan"}

// streetTailWord reports whether the folded word w is one of
// streetSuffixTails whole ("Dreef", "Markt", "Baan"): a street's type.
func streetTailWord(w []byte) bool {
	for _, t := range streetSuffixTails {
		if string(w) == t {
			return true
		}
	}
	return false
}

// hasStreetTail reports whether the capitalised word v[a:b] is a compound
// street name such as "Hauptstraße". A word in -ring whose stem Dutch
// nouns share (ringStreet) is one only in an address's context
// (address): "Anschrift: Schleusering 12", not "Levering 12 stuks"; so
// is one in -hof or -dijk, which German and Dutch nouns end in too.
func hasStreetTail(v string, a, b int, address bool) bool {
	if b-a < 5 {
		return false
	}
	if l := lostBefore(v, b-1); l > 0 && v[b-1]|0x20 == 'e' && b-1-l-4 > a && strings.EqualFold(v[b-1-l-4:b-1-l], "stra") {
		return true // "Hauptstra\ufffde": its ß lost in decoding
	}
	var t [3]byte
	for k := 0; k < 3; k++ {
		c := v[b-3+k]
		if isUpper(c) {
			c += 0x20
		}
		t[k] = c
	}
	switch string(t[:]) {
	case "\xc3\x9fe", "sse", "str", "weg", "lee", "atz", "ing", "amm", "fer", "see", "aat", "aan", "cht", "ein",
		"ade", "gel", "eeg", "eef", "rkt", "vej", "gen", "tan", "atu", "hof", "ijk", "ieg", "all", "amp", "fad", "ark":
	default:
		return false
	}
	var buf [maxWord]byte
	n := foldWord(v, a, b, &buf)
	if n < 5 {
		return false
	}
	w := buf[:n]
	for _, t := range streetSuffixTails {
		if len(w) > len(t)+1 && string(w[len(w)-len(t):]) == t {
			switch t {
			case "ufer":
				if agentNoun(w) {
					return false // "Anrufer 3", "Verkäufer 2": a caller, a seller
				}
			case "ring":
				return address || ringStreet(w[:len(w)-4])
			case "hof", "dijk":
				// "Vijverhof 156, 9711 DS", not "Friedhof", "Bahnhof"
				return address
			case "kamp", "pfad", "park", "baan":
				// "Westerkamp 3, 48143 Münster", not "Zomerkamp 2024",
				// "Dateipfad 3", "Windpark 2", "Loopbaan 3", nor with
				// a count that looks like a postcode after it
				// ("Windpark 3, 12345 Haushalte": address is true)
				return address && !placeNoun(w)
			case "stieg":
				// "Tulpenstieg 4", never "Preisanstieg 5 Prozent" (nor
				// "Preisanstieg 3, 12345 Euro")
				return !climbNoun(w)
			case "wall":
				return !placeNoun(w) // never "Firewall 3, 12345 Regeln"
			}
			return address || !placeNoun(w) || addressWordBefore(v, a)
		}
	}
	return false
}

// climbNoun reports a folded German noun in -stieg that says a rise, a
// climb or a way in ("Anstieg", "Preisanstieg", "Aufstieg", "Einstieg"),
// not a lane's name ("Jungfernstieg", "Tulpenstieg").
func climbNoun(w []byte) bool {
	s := string(w[:len(w)-len("stieg")])
	for _, p := range [...]string{"an", "auf", "ab", "ein", "um", "aus", "zu"} {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}

// placeNouns are German nouns that end like a street name and name a
// place of work, a way of doing something or a kind of shop: "PC an
// Arbeitsplatz 12 getauscht", "Lagerplatz 4", "auf dem Postweg",
// "Zahlungsweg Lastschrift", "im Baumarkt gekauft", "Flohmarkt 2024" (a
// false-positive hunt found them taken for streets, with their number for
// a house number). A compound ending in one is a street only in an
// address's context, as words in -hof are: "Postweg 5, 22089 Hamburg";
// one in -wall ("Firewall", "Paywall") or -park, -pfad, -kamp, -baan
// ("Windpark", "Dateipfad", "Loopbaan") not even there (hasStreetTail).
// Nouns that name streets as often (Marktplatz, Spielplatz, Schulweg) are
// not listed.
var placeNouns = func() [][]byte {
	var out [][]byte
	for _, w := range strings.Fields(`arbeitsplatz lagerplatz parkplatz stellplatz sitzplatz stehplatz fensterplatz
		gangplatz liegeplatz ausbildungsplatz studienplatz kitaplatz krippenplatz pflegeplatz campingplatz packplatz
		kommissionierplatz ladeplatz prüfplatz testplatz
		zahlungsweg versandweg lieferweg rückweg dienstweg rechtsweg lösungsweg umweg transportweg zustellweg
		vertriebsweg kommunikationsweg bestellweg eskalationsweg beschwerdeweg instanzenweg klageweg verwaltungsweg
		supermarkt baumarkt drogeriemarkt getränkemarkt elektromarkt fachmarkt verbrauchermarkt flohmarkt
		weihnachtsmarkt biomarkt gartenmarkt möbelmarkt hypermarkt discountmarkt lebensmittelmarkt arbeitsmarkt
		aktienmarkt immobilienmarkt automarkt heimwerkermarkt onlinemarkt
		sackgasse einbahnstraße waschstraße fertigungsstraße produktionsstraße lackierstraße
		firewall paywall schutzwall lärmschutzwall erdwall
		windpark solarpark freizeitpark fuhrpark nationalpark vergnügungspark themenpark maschinenpark wagenpark
		fahrzeugpark serverpark gerätepark dateipfad datenpfad suchpfad lernpfad speicherpfad netzwerkpfad
		installationspfad trampelpfad zomerkamp trainingskamp vakantiekamp loopbaan renbaan ijsbaan startbaan landingsbaan
		tennisbaan bowlingbaan`) {
		var buf [maxWord]byte
		n := foldWord(w, 0, len(w), &buf)
		out = append(out, append([]byte(nil), buf[:n]...))
	}
	return out
}()

// placeNoun reports whether the folded word w is one of placeNouns or a
// compound ending in one ("Bildschirmarbeitsplatz", "PC-Arbeitsplatz",
// "Elektrofachmarkt"). Not a word in -weg that only ends in one: streets
// end so ("Baumweg", "Kirschbaumweg", "Saumweg" in -umweg, "Brückweg" in
// -rückweg), and the listed ways are compounds already.
func placeNoun(w []byte) bool {
	for _, n := range placeNouns {
		if string(w) == string(n) || len(w) > len(n) && string(w[len(w)-len(n):]) == string(n) && string(n[len(n)-3:]) != "weg" {
			return true
		}
	}
	return false
}

// addressWordBefore reports a word ending in "adresse" or "anschrift" right
// before the word at a ("Lieferadresse: Parkplatz 3", "Rechnungsanschrift
// Lagerplatz 4"): compounds the context words (ctxAddress) do not hold.
func addressWordBefore(v string, a int) bool {
	p := a
	for p > 0 && (v[p-1] == ' ' || v[p-1] == ':') && a-p < 3 {
		p--
	}
	w := v[letterRunStart(v, p):p]
	return hasSuffixFold(w, "adresse") || hasSuffixFold(w, "anschrift") || hasSuffixFold(w, "address")
}

// placeNounAt reports whether the word v[a:b] is one of placeNouns or a
// compound ending in one (placeNoun).
func placeNounAt(v string, a, b int) bool {
	var buf [maxWord]byte
	n := foldWord(v, a, b, &buf)
	return n >= 5 && placeNoun(buf[:n])
}

// ringStreet reports whether a word that ends in "ring" after stem is a
// ring road (Kaiserring, Sachsenring, Ostring, Hansaring, Ottoring): a stem
// of three letters or more. Dutch nouns end in -ering, -storing, -boring
// and -laring, -varing, -waring (Levering, Verzekering, Storing, Verklaring,
// Ervaring), English words in -pring and -tring: a false-positive hunt
// found "Levering 12 stuks" taken for a street and its number.
func ringStreet(stem []byte) bool {
	n := len(stem)
	if n < 3 {
		return false
	}
	switch stem[n-1] {
	case 'e', 'i', 'u', 'y':
		return false
	case 'o':
		// not Storing, Boring, Monitoring, Mentoring, Sponsoring,
		// Flooring, Snoring; Ottoring is a street
		return stem[n-2] == 't' && stem[n-3] == 't'
	case 'a':
		switch stem[n-2] {
		case 'l', 'v', 'w', 'e':
			return false // not Hearing, Clearing, Declaring, Ervaring
		case 'h', 'c', 'd', 't':
			return n > 3 // not Sharing, Scaring, Staring; Fuldaring is a street
		case 'p':
			return stem[n-3] == 'o' // Europaring, not Sparing, Comparing
		}
	case 'r':
		// English doubles the r: not Transferring, Referring, Recurring,
		// Starring, Stirring; Kaiserring, Adlerring, Saarring and
		// Isarring (a river's double vowel, a vowel to start) are streets
		switch stem[n-2] {
		case 'u', 'i':
			return false
		case 'a':
			// a vowel before "ar" in English: not Earring, Bearring
			return stem[n-3] == 'a' || strings.IndexByte("aeiou", stem[0]) >= 0 && strings.IndexByte("eiou", stem[n-3]) < 0
		case 'e':
			return stem[n-3] != 'f'
		}
	}
	return true
}

// agentNoun reports a folded German noun in -ufer that names a person who
// calls or buys ("Anrufer", "Ausrufer", "Käufer", "Verkäufer", "Läufer"),
// not a bank's street ("Mainufer", "Isarufer").
func agentNoun(w []byte) bool {
	s := string(w)
	if strings.HasSuffix(s, "äufer") {
		return true
	}
	for _, p := range [...]string{"anrufer", "ausrufer", "aufrufer", "abrufer", "zurufer"} {
		if strings.HasSuffix(s, p) {
			return true
		}
	}
	return false
}
