package evaluation

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"

	"github.com/lethe-cdc/lethe/pipeline/pii"
	"github.com/lethe-cdc/lethe/pipeline/pii/synth"
)

// templates are free-text sentences per language. {slot}s are replaced by
// generated values; slots of personal data become spans, filler slots
// ({order}, {date}, {amount}, ...) are hard negatives inside the text.
var templates = map[string][]string{
	"de": {
		"Kunde {name} hat angerufen und bittet um Rückruf unter {phone}.",
		"Frau {family} möchte ihre Bankverbindung ändern: neue IBAN {iban}, BIC {bic}.",
		"Herr {family} ({email}) beschwert sich über die Lieferung zu Bestellung {order}.",
		"Neue Anschrift: {address}. Bitte im System aktualisieren.",
		"Rückfrage von {name}: Geburtsdatum ist {dob}, nicht wie hinterlegt.",
		"Kreditkarte {card} wurde abgelehnt, Kunde informiert. Ticket {ticket}.",
		"Steuer-ID des Kunden: {natid}, bitte für die Rechnung vermerken.",
		"Login von {ip} am {date}, Kunde {name} bestätigt.",
		"Bitte E-Mail an {email_obf} schicken, die alte Adresse funktioniert nicht.",
		"Reisepassnummer {passport} zur Identitätsprüfung vorgelegt.",
		"Führerscheinnummer {licence} liegt in Kopie vor.",
		"Tel. privat {phone}, geschäftlich {phone}.",
		"USt-IdNr. {vat} für die Firma von {name} ergänzt.",
		"Bestellung {order} wurde am {date} versendet, Sendungsnummer {tracking}.",
		"Rechnung {invoice} über {amount} storniert.",
		"Kunde wünscht keine Werbung mehr, Einwilligung marketing_email widerrufen.",
		"Artikel {sku} ist wieder lieferbar, Version {version} der App behebt den Fehler.",
	},
	"fr": {
		"Mme {family} a appelé, merci de la rappeler au {phone}.",
		"M. {name} souhaite modifier son IBAN : {iban}.",
		"Le client {name} a changé d'adresse e-mail : {email}.",
		"Nouvelle adresse : {address}.",
		"Né le {dob}, numéro de sécurité sociale {natid}.",
		"Paiement refusé pour la carte {card}, commande {order}.",
		"Connexion suspecte depuis l'adresse IP {ip}.",
		"Écrire à {email_obf} pour la confirmation.",
		"Numéro de passeport : {passport}.",
		"Numéro de TVA {vat} ajouté au dossier.",
		"Commande {order} expédiée le {date}, colis {tracking}.",
		"Facture {invoice} d'un montant de {amount} annulée.",
		"Le client demande la suppression de son compte, ticket {ticket}.",
	},
	"nl": {
		"Mevrouw {family} belde, terugbellen op {phone}.",
		"Klant {name} heeft nieuw rekeningnummer {iban} doorgegeven.",
		"BSN {natid} gecontroleerd, geboortedatum {dob}.",
		"Nieuw adres: {address}.",
		"Stuur de bevestiging naar {email}.",
		"Pas {card} geblokkeerd op verzoek van {name}.",
		"Bestelling {order} is op {date} verzonden met trackingcode {tracking}.",
		"Factuur {invoice} van {amount} is gecrediteerd.",
	},
	"pl": {
		"Pani {family} prosi o kontakt pod numerem {phone}.",
		"Klient {name} podał nowy numer konta {iban}.",
		"PESEL klienta: {natid}, data urodzenia {dob}.",
		"Nowy adres: {address}.",
		"Proszę wysłać fakturę na adres {email}.",
		"Logowanie z adresu IP {ip} zablokowane.",
		"NIP firmy: {vat}.",
		"Zamówienie {order} wysłane {date}, numer przesyłki {tracking}.",
		"Faktura {invoice} na kwotę {amount} anulowana.",
	},
	"en": {
		"Spoke to {name} on the phone, call back on {phone} after 5pm.",
		"Customer updated bank details: IBAN {iban} (BIC {bic}).",
		"{name} <{email}> asked for a copy of their data under Art. 15.",
		"Delivery address changed to {address}.",
		"DOB {dob}, NI number {natid}, verified by {name}.",
		"Card {card} declined, customer informed.",
		"Login from {ipv6} flagged by the fraud check.",
		"Device {mac} registered to the account of {name}.",
		"Please use {email_obf} from now on.",
		"Passport no. {passport}, driving licence {licence}.",
		"Customer's SSN on file: {ssn}.",
		"Pickup location {geo}.",
		"Order {order} shipped on {date}, tracking number {tracking}.",
		"Invoice {invoice} for {amount} was cancelled.",
		"Updated the app to version {version}, build hash {hash}.",
		"Card ending in 4242 was replaced, no action needed.",
	},
	"es": {
		"La señora {family} llamó, devolver la llamada al {phone}.",
		"El cliente {name} ha cambiado su cuenta: {iban}.",
		"DNI {natid}, fecha de nacimiento {dob}.",
		"Nueva dirección: {address}.",
		"Enviar la confirmación a {email}.",
		"Pedido {order} enviado el {date}, número de seguimiento {tracking}.",
		"Factura {invoice} por {amount} anulada.",
	},
	"it": {
		"La signora {family} ha chiamato, richiamare al {phone}.",
		"Il cliente {name} ha comunicato il nuovo IBAN {iban}.",
		"Codice fiscale {natid}, nato il {dob}.",
		"Nuovo indirizzo: {address}.",
		"Inviare la fattura a {email}.",
		"Carta {card} rifiutata.",
		"Partita IVA {vat} aggiornata.",
		"Ordine {order} spedito il {date}, tracking {tracking}.",
	},
	"pt": {
		"O cliente {name} pediu contacto pelo {phone}.",
		"NIF {natid}, morada {address}.",
		"Enviar para {email}.",
		"Encomenda {order} enviada em {date}.",
	},
	"sv": {
		"Kunden {name} ringde, ring tillbaka på {phone}.",
		"Personnummer {natid}, ny adress {address}.",
		"Order {order} skickad {date}.",
	},
}

// noteLangs fixes the order languages are drawn in (maps have none).
var noteLangs = []string{"de", "de", "fr", "nl", "pl", "en", "en", "es", "it", "pt", "sv"}

var noteFields = []string{"notes", "notes", "bemerkung", "commentaire", "opmerkingen", "uwagi", "comments", "notas", "note", "description", "", "body", "subject"}

// slot fills one {slot} of a template in language l.
func (g *gen) slot(t *text, l *locale, name string) {
	r := g.r
	switch name {
	case "name":
		p := l.person(r)
		t.pii(pii.Name, "name_text", p.full())
	case "family":
		t.pii(pii.FamilyName, "name_text", l.person(r).family)
	case "email":
		t.pii(pii.Email, "email", l.email(r, l.person(r)))
	case "email_obf":
		t.pii(pii.Email, "email_obfuscated", obfuscateEmail(r, l.email(r, l.person(r))))
	case "phone":
		c := l.country
		if r.IntN(4) == 0 {
			c = pick(r, phoneCountries)
		}
		t.pii(pii.Phone, "phone_"+strings.ToLower(c), phone(r, c))
	case "iban":
		c := l.country
		if !slices.Contains(ibanCountries, c) || r.IntN(4) == 0 {
			c = pick(r, ibanCountries)
		}
		s := synth.IBAN(r, c)
		if r.IntN(2) == 0 {
			s = synth.GroupFours(s, " ")
		}
		t.pii(pii.BankAccount, "iban_"+strings.ToLower(c), s)
	case "bic":
		t.pii(pii.Financial, "bic", bic(r, l.country))
	case "card":
		c, brand := synth.Card(r)
		t.pii(pii.CreditCard, "card_"+brand, formatCard(r, c))
	case "ip":
		t.pii(pii.IPAddress, "ipv4", ipv4(r))
	case "ipv6":
		t.pii(pii.IPAddress, "ipv6", ipv6(r))
	case "mac":
		t.pii(pii.DeviceID, "mac", mac(r))
	case "dob":
		t.pii(pii.DateOfBirth, "dob", birthDate(r, l.code))
	case "address":
		t.pii(pii.Address, "address", l.address(r))
	case "natid":
		n := nationalFor(g, l.code)
		t.pii(n.cat, n.kind, n.gen(g, l.person(r)))
	case "ssn":
		t.pii(pii.NationalID, "us_ssn", usSSN(r))
	case "vat":
		s, kind := g.vat()
		t.pii(pii.TaxID, kind, s)
	case "passport":
		t.pii(pii.Passport, "passport", passport(r, l.country))
	case "licence":
		t.pii(pii.DriversLicence, "drivers_licence", drivingLicence(r, l.country))
	case "geo":
		t.pii(pii.PreciseGeo, "geo", coordinates(r))
	default:
		t.add(filler(r, name))
	}
}

// filler returns a value for a non-personal slot.
func filler(r *rand.Rand, name string) string {
	switch name {
	case "order":
		return orderNo(r)
	case "date":
		return pick(r, []string{
			fmt.Sprintf("%02d.%02d.%d", 1+r.IntN(28), 1+r.IntN(12), 2015+r.IntN(10)),
			fmt.Sprintf("%d-%02d-%02d", 2015+r.IntN(10), 1+r.IntN(12), 1+r.IntN(28)),
			fmt.Sprintf("%02d/%02d/%d", 1+r.IntN(28), 1+r.IntN(12), 2015+r.IntN(10)),
		})
	case "amount":
		return amount(r)
	case "ticket":
		return fmt.Sprintf("#%d%02d%02d-%04d", 2018+r.IntN(7), 1+r.IntN(12), 1+r.IntN(28), r.IntN(10000))
	case "tracking":
		return tracking(r)
	case "invoice":
		return invoiceNo(r)
	case "sku":
		return sku(r)
	case "version":
		return version(r)
	case "hash":
		return hexString(r, 40)
	}
	panic("evaluation: unknown template slot " + name)
}

// note returns a free-text sample of one to three sentences.
func (g *gen) note() Sample {
	var t text
	lang := pick(g.r, noteLangs)
	n := 1 + g.r.IntN(3)
	if g.r.IntN(5) == 0 {
		t.add(filler(g.r, "date") + ": ")
	}
	for i := range n {
		if i > 0 {
			t.add(pick(g.r, []string{" ", " ", "\n", " / "}))
			if g.r.IntN(8) == 0 { // a multilingual note
				lang = pick(g.r, noteLangs)
			}
		}
		l := localeByCode(lang)
		g.expand(&t, l, pick(g.r, templates[lang]))
	}
	return t.sample(pick(g.r, noteFields))
}

// expand writes tmpl into t, filling its slots.
func (g *gen) expand(t *text, l *locale, tmpl string) {
	for {
		i := strings.IndexByte(tmpl, '{')
		if i < 0 {
			t.add(tmpl)
			return
		}
		j := strings.IndexByte(tmpl[i:], '}') + i
		t.add(tmpl[:i])
		g.slot(t, l, tmpl[i+1:j])
		tmpl = tmpl[j+1:]
	}
}

// jsonString writes s as a JSON string; corpus values hold no control
// characters, so escaping quote and backslash is enough.
func jsonString(s string) string {
	return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
}

// blob returns a JSON or XML document stored in a text column.
func (g *gen) blob() Sample {
	r := g.r
	l := pick(r, locales)
	p := l.person(r)
	type kv struct {
		key  string
		v    value
		isPI bool
	}
	fields := []kv{
		{"name", value{pii.Name, "name_text", p.full()}, true},
		{"email", value{pii.Email, "email", l.email(r, p)}, true},
		{"phone", value{pii.Phone, "phone_" + strings.ToLower(l.country), phone(r, l.country)}, true},
		{"order", value{s: orderNo(r)}, false},
		{"currency", value{s: "EUR"}, false},
	}
	switch r.IntN(4) {
	case 0:
		c := pick(r, ibanCountries)
		fields = append(fields, kv{"iban", value{pii.BankAccount, "iban_" + strings.ToLower(c), synth.IBAN(r, c)}, true})
	case 1:
		fields = append(fields, kv{"birthdate", value{pii.DateOfBirth, "dob", birthDate(r, l.code)}, true})
	case 2:
		fields = append(fields, kv{"ip", value{pii.IPAddress, "ipv4", ipv4(r)}, true})
	default:
		fields = append(fields, kv{"address", value{pii.Address, "address", l.address(r)}, true})
	}
	r.Shuffle(len(fields), func(i, j int) { fields[i], fields[j] = fields[j], fields[i] })
	fields = fields[:2+r.IntN(len(fields)-1)]
	var t text
	field := pick(r, []string{"payload", "data", "extra", "raw_json", "metadata", "attributes", ""})
	if r.IntN(3) == 0 {
		field = pick(r, []string{"payload_xml", "raw", "document", ""})
		t.add(fmt.Sprintf(`<customer id="%d">`, 1000+r.IntN(90000)))
		for _, f := range fields {
			t.add("<" + f.key + ">")
			if f.isPI {
				t.pii(f.v.cat, f.v.kind, f.v.s)
			} else {
				t.add(f.v.s)
			}
			t.add("</" + f.key + ">")
		}
		t.add("</customer>")
		return t.sample(field)
	}
	t.add(fmt.Sprintf(`{"id":%d,"customer":{`, 1000+r.IntN(90000)))
	for i, f := range fields {
		if i > 0 {
			t.add(",")
		}
		t.add(jsonString(f.key) + `:"`)
		if f.isPI {
			t.pii(f.v.cat, f.v.kind, strings.Trim(jsonString(f.v.s), `"`))
		} else {
			t.add(strings.Trim(jsonString(f.v.s), `"`))
		}
		t.add(`"`)
	}
	t.add(fmt.Sprintf(`},"total_cents":%d}`, r.IntN(500000)))
	return t.sample(field)
}

// Hard negatives.

func orderNo(r *rand.Rand) string {
	return fmt.Sprintf("ORD-%d-%06d", 2010+r.IntN(15), r.IntN(1_000_000))
}

func amount(r *rand.Rand) string {
	n := r.IntN(500000)
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d,%02d EUR", n/100, n%100)
	case 1:
		return fmt.Sprintf("€ %d.%03d,%02d", n/100000+1, (n/100)%1000, n%100)
	default:
		return fmt.Sprintf("EUR %d.%02d", n/100, n%100)
	}
}

func tracking(r *rand.Rand) string {
	switch r.IntN(3) {
	case 0:
		return "1Z" + synth.FromSet(r, "0123456789ABCDEFGHJKLMNPRSTUVWXYZ", 6) + synth.Digits(r, 10)
	case 1:
		return "JJD" + synth.Digits(r, 18)
	default:
		return "00340434" + synth.Digits(r, 12)
	}
}

// invoiceNo returns an invoice number; the digit-only ones pass the Luhn
// check, so a detector that trusts Luhn alone calls them card numbers.
func invoiceNo(r *rand.Rand) string {
	if r.IntN(3) == 0 {
		return fmt.Sprintf("RE-%d-%06d", 2015+r.IntN(10), r.IntN(1_000_000))
	}
	p := fmt.Sprint(2015+r.IntN(10)) + synth.Digits(r, 11)
	return p + string(synth.LuhnDigit(p))
}

func sku(r *rand.Rand) string {
	return fmt.Sprintf("SKU-%05d-%s-%s", r.IntN(100000), pick(r, []string{"BLK", "WHT", "RED", "NAV"}), pick(r, []string{"S", "M", "L", "XL"}))
}

func version(r *rand.Rand) string {
	switch r.IntN(4) {
	case 0:
		return fmt.Sprintf("v%d.%d.%d", r.IntN(5), r.IntN(30), r.IntN(20))
	case 1:
		return fmt.Sprintf("10.0.%d.%d", 17000+r.IntN(6000), r.IntN(4000))
	case 2:
		return fmt.Sprintf("%d.%d.%d-rc%d", 1+r.IntN(3), r.IntN(20), r.IntN(10), 1+r.IntN(4))
	default:
		return "1.2.840.113549.1.1." + fmt.Sprint(1+r.IntN(14))
	}
}

func hexString(r *rand.Rand, n int) string { return synth.FromSet(r, "0123456789abcdef", n) }

func uuid(r *rand.Rand) string {
	h := hexString(r, 32)
	return h[:8] + "-" + h[8:12] + "-4" + h[13:16] + "-" + "89ab"[r.IntN(4):][:1] + h[17:20] + "-" + h[20:]
}

// ean returns a valid EAN-13 product code.
func ean(r *rand.Rand) string {
	p := pick(r, []string{"400", "401", "590", "871", "800", "300"}) + synth.Digits(r, 9)
	sum := 0
	for i := 0; i < 12; i++ {
		d := int(p[i] - '0')
		if i%2 == 1 {
			d *= 3
		}
		sum += d
	}
	return p + fmt.Sprint((10-sum%10)%10)
}

func timestamp(r *rand.Rand) string {
	y, mo, d, h, mi, s := 2015+r.IntN(10), 1+r.IntN(12), 1+r.IntN(28), r.IntN(24), r.IntN(60), r.IntN(60)
	switch r.IntN(3) {
	case 0:
		return fmt.Sprintf("%d-%02d-%02d %02d:%02d:%02d.%06d+02", y, mo, d, h, mi, s, r.IntN(1_000_000))
	case 1:
		return fmt.Sprintf("%d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d, h, mi, s)
	default:
		return fmt.Sprint(1_400_000_000 + r.IntN(400_000_000))
	}
}

// negatives are columns that hold no personal data, several chosen because
// naive detectors flag them.
var negatives = []struct {
	fields []string
	gen    func(r *rand.Rand) string
}{
	{[]string{"order_no", "bestellnummer", "order_ref", ""}, orderNo},
	{[]string{"sku", "artikelnummer", "product_code"}, sku},
	{[]string{"created_at", "updated_at", "ordered_at", "recorded_at", "ts", ""}, timestamp},
	{[]string{"sha256", "checksum", "commit", "etag", ""}, func(r *rand.Rand) string { return hexString(r, pick(r, []int{32, 40, 64})) }},
	{[]string{"request_id", "uuid", "trace_id", "", "idempotency_key"}, uuid},
	{[]string{"invoice_no", "rechnungsnummer", "numero_facture", ""}, invoiceNo},
	{[]string{"total_cents", "quantity", "menge", "stock"}, func(r *rand.Rand) string { return fmt.Sprint(r.IntN(2_000_000)) }},
	{[]string{"amount", "betrag", "montant", "total", ""}, amount},
	{[]string{"currency", "waehrung"}, func(r *rand.Rand) string { return pick(r, []string{"EUR", "PLN", "GBP", "SEK", "CHF", "DKK"}) }},
	{[]string{"app_version", "version", "build", "oid"}, version},
	{[]string{"tracking_no", "sendungsnummer", ""}, tracking},
	{[]string{"purpose"}, func(r *rand.Rand) string {
		return pick(r, []string{"marketing_email", "marketing_phone", "newsletter", "profiling"})
	}},
	{[]string{"source"}, func(r *rand.Rand) string { return pick(r, []string{"web_form", "paper", "phone", "import_2009"}) }},
	{[]string{"proof_ref", "beleg"}, func(r *rand.Rand) string {
		return pick(r, []string{fmt.Sprintf("FORM-%d-%04d", 2009+r.IntN(15), r.IntN(10000)), fmt.Sprintf("scan_%d_%03d.pdf", 2009+r.IntN(15), r.IntN(1000)), "call-recording-" + hexString(r, 8)})
	}},
	{[]string{"granted", "active", "is_deleted"}, func(r *rand.Rand) string { return pick(r, []string{"true", "false", "t", "f"}) }},
	{[]string{"role", "funktion", "position"}, func(r *rand.Rand) string {
		return pick(r, []string{"Einkauf", "CFO", "Sales Manager", "Buchhaltung", "Responsable achats", "Inkoper", "Kierownik"})
	}},
	{[]string{"status", "state"}, func(r *rand.Rand) string {
		return pick(r, []string{"shipped", "open", "closed", "pending", "storniert"})
	}},
	{[]string{"locale", "language"}, func(r *rand.Rand) string { return pick(r, []string{"de-DE", "fr-FR", "nl-NL", "pl-PL", "en-GB"}) }},
	{[]string{"card_number", "kreditkarte", "pan_masked"}, func(r *rand.Rand) string {
		last := synth.Digits(r, 4)
		return pick(r, []string{"**** **** **** " + last, "XXXX-XXXX-XXXX-" + last, "4" + synth.Digits(r, 5) + "******" + last, "************" + last})
	}},
	{[]string{"phone", "telefon", "geburtsdatum", "email", "iban"}, func(r *rand.Rand) string { return pick(r, []string{"", "", "n/a", "-", "unbekannt", "none", "0"}) }},
	{[]string{"isbn", "ean", "gtin"}, func(r *rand.Rand) string {
		if r.IntN(2) == 0 {
			return ean(r)
		}
		return "978-3-" + synth.Digits(r, 2) + "-" + synth.Digits(r, 6) + "-" + synth.Digits(r, 1)
	}},
	{[]string{"product", "produkt", "subject", "betreff"}, func(r *rand.Rand) string {
		return pick(r, []string{"Kaffeemaschine Deluxe 2000", "Rückfrage zur Lieferung", "Question sur ma commande", "Vraag over factuur", "Reklamacja zamówienia", "Problem with login", "Garantie verlängern", "Model X-200 replacement part"})
	}},
	{[]string{"duration", "call_length", "ticket_ref", "port", "color"}, func(r *rand.Rand) string {
		return pick(r, []string{fmt.Sprintf("%02d:%02d:%02d", r.IntN(3), r.IntN(60), r.IntN(60)), fmt.Sprintf("%d%02d%02d-%04d", 2018+r.IntN(7), 1+r.IntN(12), 1+r.IntN(28), r.IntN(10000)), fmt.Sprint(1024 + r.IntN(60000)), "#" + synth.FromSet(r, "0123456789ABCDEF", 6)})
	}},
	{[]string{"product_id", "warehouse_id", "order_id", "batch_no"}, func(r *rand.Rand) string { return fmt.Sprint(1 + r.IntN(5_000_000)) }},
}

// negativeNotes are free texts without personal data.
var negativeNotes = []string{
	"Lieferung verzögert sich um {amount}, Bestellung {order} wird am {date} versendet.",
	"Rechnung {invoice} wurde am {date} bezahlt.",
	"Colis {tracking} livré le {date}.",
	"Order {order} split into two parcels: {tracking} and {tracking}.",
	"Deployed version {version} ({hash}) on {date}.",
	"Artikel {sku} nachbestellt, Ticket {ticket}.",
	"Zamówienie {order} anulowane, zwrot {amount}.",
}

// negative returns a hard negative sample.
func (g *gen) negative() Sample {
	r := g.r
	if r.IntN(5) == 0 {
		var t text
		g.expand(&t, locales[0], pick(r, negativeNotes))
		return t.sample(pick(r, noteFields))
	}
	n := pick(r, negatives)
	return Sample{Field: pick(r, n.fields), Value: n.gen(r)}
}
