package pii

import (
	"slices"
	"strings"
	"sync"
	"sync/atomic"
)

// hint is what a column (or JSON key, or XML tag) name says about its values.
type hint struct {
	cats    []Category // most specific first; shared, never modified
	ctx     uint16     // context kinds the name implies, e.g. ctxPhone for "telefon_nr"
	noDOB   bool       // a timestamp column (created_at): its dates are not birth dates
	things  bool       // the column names things (product_name, farbe): person names in it are brands
	version bool       // a software version column: its dotted numbers are versions, not IP addresses
	days    bool       // a birth-date column whose integers are dates, Debezium's days since 1970
	// smallInts: the column's integers under seven digits are personal
	// data (ColumnHint.SmallInts).
	smallInts bool
	house     bool   // a house number column: short numbers are address data
	part      bool   // a phone column of a number's part: an area code, a calling code or an extension (phonePart)
	keys      bool   // the name says its values are keys, kinds or counts of the data (notValueTokens)
	company   bool   // a column of company numbers (kbo_nummer, siret)
	tok       string // the rule that fired, for Verdict.Reasons
}

// hintRule maps a name stem to a category and context.
type hintRule struct {
	stem  string
	exact bool // match a whole token (or the whole name) instead of a substring
	whole bool // match the whole name only
	cat   Category
	ctx   int // ctx kind or -1
}

func r(stem string, cat Category, ctx int) hintRule { return hintRule{stem: stem, cat: cat, ctx: ctx} }
func x(stem string, cat Category, ctx int) hintRule {
	return hintRule{stem: stem, exact: true, cat: cat, ctx: ctx}
}

// nameOnly is for a word that names the column's values only when it is the
// whole name: a "geboren" column holds birth dates, "kalveren_geboren" a count.
func nameOnly(stem string, cat Category, ctx int) hintRule {
	return hintRule{stem: stem, whole: true, cat: cat, ctx: ctx}
}

// hintRules are checked in order; earlier, more specific rules suppress later
// ones of the same family (first_name is a given name, not just a name).
var hintRules = []hintRule{
	// e-mail before address: "email_address" is an e-mail.
	r("email", Email, ctxEmail), r("mail", Email, ctxEmail), r("courriel", Email, ctxEmail), r("correo", Email, ctxEmail),
	// IP before address.
	x("ip", IPAddress, ctxIP), r("ipaddr", IPAddress, ctxIP), r("ipv4", IPAddress, ctxIP), r("ipv6", IPAddress, ctxIP),
	r("remoteaddr", IPAddress, ctxIP), r("clientip", IPAddress, ctxIP),
	r("hwaddr", DeviceID, -1), x("mac", DeviceID, -1), r("macaddr", DeviceID, -1), r("imei", DeviceID, -1), r("deviceid", DeviceID, -1),
	r("phone", Phone, ctxPhone), r("telefon", Phone, ctxPhone), r("telephon", Phone, ctxPhone), r("telefoon", Phone, ctxPhone),
	x("tel", Phone, ctxPhone), x("telnr", Phone, ctxPhone), r("fax", Phone, ctxPhone), r("mobil", Phone, ctxPhone),
	r("handy", Phone, ctxPhone), x("cell", Phone, ctxPhone), r("cellul", Phone, ctxPhone), r("mobiel", Phone, ctxPhone), r("movil", Phone, ctxPhone), r("móvil", Phone, ctxPhone), r("telemovel", Phone, ctxPhone), r("cellphone", Phone, ctxPhone), x("gsm", Phone, ctxPhone),
	r("telefono", Phone, ctxPhone), r("telefone", Phone, ctxPhone), x("portable", Phone, ctxPhone), r("rufnummer", Phone, ctxPhone),
	r("msisdn", Phone, ctxPhone), r("komorka", Phone, ctxPhone),
	x("tlf", Phone, ctxPhone), x("tlfno", Phone, ctxPhone), x("tlm", Phone, ctxPhone), x("tlmv", Phone, ctxPhone), // es, pt, da, no
	// legacy CRMs' short and glued forms (a hunt on column names): mob_no,
	// hometel, festnetz, landline, tfno
	x("mob", Phone, ctxPhone), x("hometel", Phone, ctxPhone), r("festnetz", Phone, ctxPhone), x("landline", Phone, ctxPhone),
	x("tfno", Phone, ctxPhone), x("rufnr", Phone, ctxPhone), r("komórka", Phone, ctxPhone), x("natel", Phone, ctxPhone),
	x("whatsapp", Phone, ctxPhone), // a messenger's column holds the number it reaches
	// a number's parts, which legacy CRMs keep in columns of their own
	// beside the subscriber's number (vorwahl and rufnummer): area codes,
	// country calling codes, extensions (phonePartStems). The English
	// and French words as the whole name only (with a phone's word,
	// phone_area_code, that word's rule fires): sales_area_code is a
	// sales territory's, prix_indicatif an indicative price.
	r("vorwahl", Phone, ctxPhone), r("durchwahl", Phone, ctxPhone), r("netnummer", Phone, ctxPhone),
	r("kierunkowy", Phone, ctxPhone), r("ortsnetzkennzahl", Phone, ctxPhone), x("onkz", Phone, ctxPhone),
	nameOnly("areacode", Phone, ctxPhone), nameOnly("dialcode", Phone, ctxPhone), nameOnly("diallingcode", Phone, ctxPhone),
	nameOnly("dialingcode", Phone, ctxPhone), nameOnly("indicatif", Phone, ctxPhone),
	// dates of birth
	x("dob", DateOfBirth, ctxDOB), x("geb", DateOfBirth, ctxDOB), r("gebdat", DateOfBirth, ctxDOB), r("birth", DateOfBirth, ctxDOB), r("geburt", DateOfBirth, ctxDOB),
	r("naissance", DateOfBirth, ctxDOB), r("geboorte", DateOfBirth, ctxDOB), r("urodzenia", DateOfBirth, ctxDOB),
	r("nacimiento", DateOfBirth, ctxDOB), r("nascita", DateOfBirth, ctxDOB), x("bday", DateOfBirth, ctxDOB),
	// fecha_nac, fec_nac as tokens: "fecha_nacionalidad" is a naturalisation's date
	r("nascimento", DateOfBirth, ctxDOB), x("fechanac", DateOfBirth, ctxDOB), r("datanasc", DateOfBirth, ctxDOB),
	r("dtnasc", DateOfBirth, ctxDOB), x("fecnac", DateOfBirth, ctxDOB),
	// schemas' other forms in the eight languages: born_at, date_born,
	// gebjahr, dt_urodz, dta_nasc, nascido_em, dt_nac, nato_il,
	// cumpleaños, compleanno, verjaardag. "nac", "nato" and "fnac" are
	// other words alone (network access control, a retailer).
	x("born", DateOfBirth, ctxDOB), x("gebjahr", DateOfBirth, ctxDOB), x("urodz", DateOfBirth, ctxDOB),
	x("nasc", DateOfBirth, ctxDOB), x("nascido", DateOfBirth, ctxDOB), x("nascida", DateOfBirth, ctxDOB),
	x("nacido", DateOfBirth, ctxDOB), x("nacida", DateOfBirth, ctxDOB), x("dtnac", DateOfBirth, ctxDOB),
	x("datanac", DateOfBirth, ctxDOB), x("natoil", DateOfBirth, ctxDOB), x("natail", DateOfBirth, ctxDOB),
	r("cumplean", DateOfBirth, ctxDOB), r("cumpleañ", DateOfBirth, ctxDOB), r("compleann", DateOfBirth, ctxDOB), r("verjaardag", DateOfBirth, ctxDOB),
	r("fodselsdato", DateOfBirth, ctxDOB), r("fodelsedatum", DateOfBirth, ctxDOB),
	r("datnais", DateOfBirth, ctxDOB), r("dtnaiss", DateOfBirth, ctxDOB), r("datenais", DateOfBirth, ctxDOB), r("dnaiss", DateOfBirth, ctxDOB),
	x("ddn", DateOfBirth, ctxDOB), nameOnly("geboren", DateOfBirth, ctxDOB), x("geborenop", DateOfBirth, ctxDOB),
	x("geborenam", DateOfBirth, ctxDOB), r("dataurodz", DateOfBirth, ctxDOB), x("dtur", DateOfBirth, ctxDOB), x("urodzony", DateOfBirth, ctxDOB),
	x("gebtag", DateOfBirth, ctxDOB), x("dataur", DateOfBirth, ctxDOB), r("urodzin", DateOfBirth, ctxDOB),
	r("urodzeni", DateOfBirth, ctxDOB),
	// lieu_naiss, dept_naiss: where (birthPlaces); date_naiss: when
	x("naiss", DateOfBirth, ctxDOB),
	// bank and cards
	r("iban", BankAccount, ctxIBAN), r("kontonummer", BankAccount, ctxIBAN), r("bankaccount", BankAccount, ctxIBAN),
	r("accountnumber", BankAccount, ctxIBAN), r("rekeningnummer", BankAccount, ctxIBAN), x("konto", BankAccount, ctxIBAN),
	x("konta", BankAccount, ctxIBAN), r("rachunek", BankAccount, ctxIBAN), x("numerrachunku", BankAccount, ctxIBAN),
	x("nrrachunku", BankAccount, ctxIBAN), x("kontonr", BankAccount, ctxIBAN), x("ktonr", BankAccount, ctxIBAN),
	x("accountno", BankAccount, ctxIBAN), x("acctno", BankAccount, ctxIBAN), x("accno", BankAccount, ctxIBAN),
	x("rekeningnr", BankAccount, ctxIBAN), x("nrkonta", BankAccount, ctxIBAN), r("bankrekening", BankAccount, ctxIBAN),
	r("comptebancaire", BankAccount, ctxIBAN), r("bankverbindung", BankAccount, ctxIBAN), r("bankdetails", BankAccount, ctxIBAN),
	r("girokonto", BankAccount, ctxIBAN), r("bankgegevens", BankAccount, ctxIBAN), r("coordonneesbancaires", BankAccount, ctxIBAN),
	r("danebankowe", BankAccount, ctxIBAN), x("ccc", BankAccount, ctxIBAN), r("numerocuenta", BankAccount, ctxIBAN),
	r("cuentabancaria", BankAccount, ctxIBAN), r("contocorrente", BankAccount, ctxIBAN),
	// German bank account and bank details, the Polish NRB (numer
	// rachunku bankowego: the IBAN's 26 digits), which a review found raw
	r("bankkonto", BankAccount, ctxIBAN), r("kontoverbindung", BankAccount, ctxIBAN), x("nrb", BankAccount, ctxIBAN),
	x("rib", BankAccount, ctxIBAN), x("bic", Financial, ctxBIC), r("swift", Financial, ctxBIC),
	x("sortcode", Financial, ctxBIC), x("blz", Financial, ctxBIC), r("bankleitzahl", Financial, ctxBIC),
	r("creditcard", CreditCard, ctxCard), r("cardnumber", CreditCard, ctxCard), r("cardno", CreditCard, ctxCard),
	x("card", CreditCard, ctxCard), x("pan", CreditCard, ctxCard), r("ccnum", CreditCard, ctxCard), r("kreditkarte", CreditCard, ctxCard),
	x("cc", CreditCard, ctxCard), x("kartennummer", CreditCard, ctxCard), x("kartennr", CreditCard, ctxCard),
	x("kk", CreditCard, ctxCard), r("kknr", CreditCard, ctxCard), r("numerocarte", CreditCard, ctxCard),
	r("numerkarty", CreditCard, ctxCard), r("kaartnummer", CreditCard, ctxCard),
	// government identifiers
	r("vatnumber", TaxID, ctxTax), r("vatid", TaxID, ctxTax), x("vat", TaxID, ctxTax), r("ustid", TaxID, ctxTax),
	x("btw", TaxID, ctxTax), x("tva", TaxID, ctxTax), r("steuerid", TaxID, ctxNatID), r("steuernummer", TaxID, ctxTax),
	r("taxid", TaxID, ctxTax), x("tin", TaxID, ctxTax), r("taxnumber", TaxID, ctxTax), x("nip", TaxID, ctxTax),
	r("passport", Passport, ctxPassport), r("reisepass", Passport, ctxPassport), r("passeport", Passport, ctxPassport),
	r("paspoort", Passport, ctxPassport), r("paszport", Passport, ctxPassport), r("pasaporte", Passport, ctxPassport),
	r("licence", DriversLicence, ctxLicence), r("license", DriversLicence, ctxLicence), r("fuehrerschein", DriversLicence, ctxLicence),
	r("führerschein", DriversLicence, ctxLicence), r("rijbewijs", DriversLicence, ctxLicence), x("permis", DriversLicence, ctxLicence), r("permisdeconduire", DriversLicence, ctxLicence),
	x("ssn", NationalID, ctxSSN), r("nationalid", NationalID, ctxNatID), r("natid", NationalID, ctxNatID),
	r("personalid", NationalID, ctxNatID), r("idnumber", NationalID, ctxNatID), x("idnr", NationalID, ctxNatID),
	r("ausweis", NationalID, ctxNatID), r("pesel", NationalID, ctxNatID), x("bsn", NationalID, ctxNatID),
	x("nir", NationalID, ctxNatID), r("insee", NationalID, ctxNatID), x("dni", NationalID, ctxNatID), x("nie", NationalID, ctxNatID),
	x("nif", NationalID, ctxNatID), r("codicefiscale", NationalID, ctxNatID), r("fiscalcode", NationalID, ctxNatID),
	r("personnummer", NationalID, ctxNatID), x("hetu", NationalID, ctxNatID), x("cpr", NationalID, ctxNatID),
	x("nino", NationalID, ctxNatID), x("ninumber", NationalID, ctxNatID),
	r("nationalinsurance", NationalID, ctxNatID), x("natins", NationalID, ctxNatID), x("nhs", NationalID, ctxNatID), x("pps", NationalID, ctxNatID), x("ppsn", NationalID, ctxNatID),
	x("svnr", NationalID, ctxNatID), r("sozialversicherung", NationalID, ctxNatID), r("rijksregister", NationalID, ctxNatID),
	r("patente", DriversLicence, ctxLicence), r("prawojazdy", DriversLicence, ctxLicence), r("rijbewijs", DriversLicence, ctxLicence),
	r("passaporto", Passport, ctxPassport), r("henkilotunnus", NationalID, ctxNatID), r("contribuinte", TaxID, ctxTax),
	x("insz", NationalID, ctxNatID), x("inss", NationalID, ctxNatID), x("nrn", NationalID, ctxNatID),
	x("niss", NationalID, ctxNatID), x("numeronational", NationalID, ctxNatID), x("nrdokumentu", NationalID, ctxNatID),
	x("nationalnumber", NationalID, ctxNatID), x("registrenational", NationalID, ctxNatID), x("natnr", NationalID, ctxNatID), r("dowod", NationalID, ctxNatID),
	r("carteidentite", NationalID, ctxNatID), x("cni", NationalID, ctxNatID), r("pieceidentite", NationalID, ctxNatID), r("idcard", NationalID, ctxNatID), r("identitycard", NationalID, ctxNatID),
	r("socialsecurity", NationalID, ctxSSN), r("burgerservice", NationalID, ctxNatID),
	r("sofinummer", NationalID, ctxNatID), r("securitesociale", NationalID, ctxNatID), r("cartevitale", NationalID, ctxNatID),
	r("numsecu", NationalID, ctxNatID), x("nosecu", NationalID, ctxNatID), x("numss", NationalID, ctxNatID), x("sofinr", NationalID, ctxNatID), x("svnummer", NationalID, ctxNatID),
	x("rentenversicherungsnummer", NationalID, ctxNatID), x("rvnr", NationalID, ctxNatID), x("rvnummer", NationalID, ctxNatID),
	x("ahv", NationalID, ctxNatID), x("avs", NationalID, ctxNatID), r("ahvnr", NationalID, ctxNatID), r("ahvnummer", NationalID, ctxNatID),
	x("ahvn13", NationalID, ctxNatID), x("avsn13", NationalID, ctxNatID), x("cnp", NationalID, ctxNatID), r("kimlik", NationalID, ctxNatID),
	x("tckn", NationalID, ctxNatID), r("rodnecislo", NationalID, ctxNatID), x("kvnr", NationalID, ctxNatID),
	r("versichertennummer", NationalID, ctxNatID), r("versichertennr", NationalID, ctxNatID),
	x("nss", NationalID, ctxNatID), r("sozvers", NationalID, ctxNatID), x("codfisc", NationalID, ctxNatID),
	// geo
	x("lat", PreciseGeo, ctxGeo), x("lon", PreciseGeo, ctxGeo), x("lng", PreciseGeo, ctxGeo), r("latitude", PreciseGeo, ctxGeo),
	r("longitude", PreciseGeo, ctxGeo), r("breitengrad", PreciseGeo, ctxGeo), r("laengengrad", PreciseGeo, ctxGeo),
	r("längengrad", PreciseGeo, ctxGeo), r("latitud", PreciseGeo, ctxGeo), r("longitud", PreciseGeo, ctxGeo),
	r("breedtegraad", PreciseGeo, ctxGeo), r("lengtegraad", PreciseGeo, ctxGeo), x("geo", PreciseGeo, ctxGeo), x("gps", PreciseGeo, ctxGeo), r("coordinates", PreciseGeo, ctxGeo),
	x("coords", PreciseGeo, ctxGeo), r("geolocation", PreciseGeo, ctxGeo),
	// address parts
	r("street", Street, ctxAddress), r("strasse", Street, ctxAddress), r("straße", Street, ctxAddress), x("str", Street, ctxAddress),
	x("rue", Street, ctxAddress), r("straat", Street, ctxAddress), r("ulica", Street, ctxAddress), x("calle", Street, ctxAddress),
	x("via", Street, ctxAddress), x("road", Street, ctxAddress), r("housenumber", Street, ctxAddress), r("hausnummer", Street, ctxAddress),
	r("houseno", Street, ctxAddress), r("huisnummer", Street, ctxAddress), x("hausnr", Street, ctxAddress), x("house", Street, ctxAddress),
	r("numerdomu", Street, ctxAddress), nameOnly("nrdomu", Street, ctxAddress), r("numero_civico", Street, ctxAddress), r("numerocivico", Street, ctxAddress),
	r("addressline", Street, ctxAddress), r("address1", Street, ctxAddress), x("adr", Street, ctxAddress),
	r("adresregel", Street, ctxAddress), x("voie", Street, ctxAddress),
	r("libellevoie", Street, ctxAddress), x("numvoie", Street, ctxAddress), x("huisnr", Street, ctxAddress),
	x("toevoeging", Street, ctxAddress),
	// house and flat numbers as legacy CRMs abbreviate them
	x("hnr", Street, ctxAddress), x("strhnr", Street, ctxAddress), x("civico", Street, ctxAddress), x("flatno", Street, ctxAddress),
	x("nrlokalu", Street, ctxAddress), x("nrmieszkania", Street, ctxAddress), x("numerocasa", Street, ctxAddress),
	x("novoie", Street, ctxAddress),
	x("plz", PostalCode, ctxAddress), x("zip", PostalCode, ctxAddress), r("zipcode", PostalCode, ctxAddress),
	r("eircode", PostalCode, ctxAddress),
	r("postal", PostalCode, ctxAddress), r("postcode", PostalCode, ctxAddress), r("postleitzahl", PostalCode, ctxAddress),
	r("codepostal", PostalCode, ctxAddress), x("codepost", PostalCode, ctxAddress), r("kodpocztowy", PostalCode, ctxAddress), r("postnummer", PostalCode, ctxAddress),
	x("cp", PostalCode, ctxAddress), x("cap", PostalCode, ctxAddress),
	x("city", City, ctxAddress), r("stadt", City, ctxAddress), x("ort", City, ctxAddress), r("wohnort", City, ctxAddress), r("herkunftsort", City, ctxAddress),
	x("ville", City, ctxAddress), r("woonplaats", City, ctxAddress), x("plaats", City, ctxAddress), r("miasto", City, ctxAddress),
	r("ciudad", City, ctxAddress), r("citta", City, ctxAddress), x("town", City, ctxAddress), x("localite", City, ctxAddress),
	x("commune", City, ctxAddress), x("gemeente", City, ctxAddress), x("stad", City, ctxAddress),
	x("miejscowosc", City, ctxAddress), x("miejscowość", City, ctxAddress),
	// a hunt on column names found these raw: de/at/ch, it, es, pt, pl, uk/ie
	x("ortsteil", City, ctxAddress), r("gemeinde", City, ctxAddress), r("wohnsitz", City, ctxAddress), r("heimatort", City, ctxAddress),
	r("buergerort", City, ctxAddress), r("bürgerort", City, ctxAddress), x("gebort", City, ctxAddress), x("kdort", City, ctxAddress),
	x("comune", City, ctxAddress), r("città", City, ctxAddress), x("frazione", City, ctxAddress), x("localita", City, ctxAddress),
	x("località", City, ctxAddress), x("localidad", City, ctxAddress), x("municipio", City, ctxAddress), x("poblacion", City, ctxAddress),
	x("población", City, ctxAddress), x("localidade", City, ctxAddress), x("freguesia", City, ctxAddress), x("concelho", City, ctxAddress),
	x("naturalidade", City, ctxAddress), x("gmina", City, ctxAddress), x("locality", City, ctxAddress), x("parish", City, ctxAddress),
	x("country", Country, -1), x("land", Country, -1), x("pays", Country, -1), x("kraj", Country, -1), x("pais", Country, -1),
	x("paese", Country, -1), r("countrycode", Country, -1),
	r("address", Address, ctxAddress), r("adresse", Address, ctxAddress), x("adres", Address, ctxAddress),
	r("anschrift", Address, ctxAddress), r("indirizzo", Address, ctxAddress), r("direccion", Address, ctxAddress),
	x("addr", Address, ctxAddress), r("morada", Address, ctxAddress),
	x("domicilio", Address, ctxAddress), nameOnly("naw", Address, ctxAddress), // nl: naam, adres, woonplaats
	// a user's login handle, before "nom" (a family name) can say otherwise
	nameOnly("nomdutilisateur", UniqueID, -1), nameOnly("nomutilisateur", UniqueID, -1),
	// names
	r("firstname", GivenName, -1), r("givenname", GivenName, -1), r("forename", GivenName, -1), r("vorname", GivenName, -1),
	r("prenom", GivenName, -1), r("prénom", GivenName, -1), r("voornaam", GivenName, -1), x("imie", GivenName, -1),
	x("imię", GivenName, -1), x("nombre", GivenName, -1), x("nome", GivenName, -1), x("fname", GivenName, -1),
	r("lastname", FamilyName, -1), r("surname", FamilyName, -1), r("familyname", FamilyName, -1), r("nachname", FamilyName, -1),
	r("familienname", FamilyName, -1), r("achternaam", FamilyName, -1), r("nazwisko", FamilyName, -1), r("apellido", FamilyName, -1),
	r("cognome", FamilyName, -1), x("lname", FamilyName, -1), x("nom", FamilyName, -1), r("sobrenome", FamilyName, -1),
	r("maidenname", FamilyName, -1), r("efternamn", FamilyName, -1), r("etternavn", FamilyName, -1),
	r("efternavn", FamilyName, -1), r("sukunimi", FamilyName, -1), r("prijmeni", FamilyName, -1), r("vezeteknev", FamilyName, -1),
	r("fornamn", GivenName, -1), r("förnamn", GivenName, -1), r("fornavn", GivenName, -1), r("etunimi", GivenName, -1),
	r("keresztnev", GivenName, -1), r("jmeno", GivenName, -1), r("geburtsname", FamilyName, -1),
	r("familienaam", FamilyName, -1), r("geboortenaam", FamilyName, -1), x("tussenvoegsel", FamilyName, -1),
	x("roepnaam", GivenName, -1), x("voorletters", GivenName, -1), x("titulaire", Name, -1), r("contactpersoon", Name, -1),
	x("klient", Name, -1), x("osobakontaktowa", Name, -1), x("odbiorca", Name, -1), x("adresat", Name, -1),
	x("wlasciciel", Name, -1), x("właściciel", Name, -1),
	// a hunt on legacy CRMs' column names found these raw: glued
	// upper-case names (KDNAME, VNAME, GEBNAME), abbreviations
	// (cust_first_nm), regional words (zuname, rufname, apelido), maiden
	// names and nicknames
	x("zuname", FamilyName, -1), x("rufname", GivenName, -1), x("zweitname", GivenName, -1), r("middlename", GivenName, -1),
	x("ledigname", FamilyName, -1), r("maedchenname", FamilyName, -1), r("mädchenname", FamilyName, -1), r("meisjesnaam", FamilyName, -1),
	x("apelido", FamilyName, -1), x("vname", GivenName, -1), x("nname", FamilyName, -1), x("gebname", FamilyName, -1),
	x("firstnm", GivenName, -1), x("lastnm", FamilyName, -1),
	x("kdname", Name, -1), x("custname", Name, -1), x("kontaktname", Name, -1), r("partnernaam", Name, -1), x("knownas", Name, -1),
	r("nickname", Name, -1), r("spitzname", Name, -1), r("kosename", Name, -1), x("surnom", Name, -1), x("soprannome", Name, -1),
	x("apodo", Name, -1), x("alcunha", Name, -1),
	r("ansprechp", Name, -1), x("ansprpartner", Name, -1), r("personacontacto", Name, -1), r("rekeninghouder", Name, -1),
	x("tenaamstelling", Name, -1), r("titularcuenta", Name, -1), r("intestatarioconto", Name, -1),
	r("rechnungsempfaenger", Name, -1), r("rechnungsempfänger", Name, -1),
	r("fullname", Name, -1), x("name", Name, -1), x("naam", Name, -1), r("kundenname", Name, -1), r("contactperson", Name, -1),
	r("ansprechpartner", Name, -1), r("displayname", Name, -1), r("accountholder", Name, -1), r("kontoinhaber", Name, -1),
	// a person's role as the whole name (a review found them raw); in a
	// longer name the word qualifies something else: kunde_seit, customer_type
	nameOnly("kunde", Name, -1), nameOnly("kundin", Name, -1), nameOnly("customer", Name, -1), nameOnly("klant", Name, -1),
	nameOnly("inhaber", Name, -1), nameOnly("empfaenger", Name, -1), nameOnly("empfänger", Name, -1),
	nameOnly("ehepartner", Name, -1), nameOnly("kontaktperson", Name, -1), nameOnly("destinataire", Name, -1),
	nameOnly("titular", Name, -1), nameOnly("cliente", Name, -1), nameOnly("recipient", Name, -1),
	// spouses, relatives and others a customer row names, as the whole name
	nameOnly("ehegatte", Name, -1), nameOnly("ehefrau", Name, -1), nameOnly("ehemann", Name, -1), nameOnly("lebenspartner", Name, -1),
	nameOnly("conjoint", Name, -1), nameOnly("conjointe", Name, -1), nameOnly("epouse", Name, -1), nameOnly("coniuge", Name, -1),
	nameOnly("conyuge", Name, -1), nameOnly("cónyuge", Name, -1), nameOnly("conjuge", Name, -1), nameOnly("cônjuge", Name, -1),
	nameOnly("spouse", Name, -1), nameOnly("echtgenote", Name, -1), nameOnly("echtgenoot", Name, -1),
	nameOnly("vater", Name, -1), nameOnly("mutter", Name, -1), nameOnly("madre", Name, -1), nameOnly("padre", Name, -1),
	nameOnly("betreuer", Name, -1), nameOnly("vormund", Name, -1), nameOnly("bevollmaechtigter", Name, -1),
	nameOnly("bevollmächtigter", Name, -1), nameOnly("versicherter", Name, -1), nameOnly("patient", Name, -1),
	nameOnly("mieter", Name, -1), nameOnly("eigentuemer", Name, -1), nameOnly("eigentümer", Name, -1), nameOnly("halter", Name, -1),
	nameOnly("fahrzeughalter", Name, -1), nameOnly("payee", Name, -1), nameOnly("intestatario", Name, -1),
	nameOnly("referente", Name, -1), nameOnly("interlocuteur", Name, -1), nameOnly("nominativo", Name, -1),
	nameOnly("emergencycontact", Name, -1), nameOnly("nextofkin", Name, -1),
	// demographics and special categories
	r("gender", Gender, -1), x("sex", Gender, -1), r("geschlecht", Gender, -1), x("sexe", Gender, -1), r("geslacht", Gender, -1),
	x("plec", Gender, -1), x("płeć", Gender, -1), r("salutation", Gender, -1), r("anrede", Gender, -1), r("civilite", Gender, -1), r("aanhef", Gender, -1),
	r("religion", Religion, -1), r("konfession", Religion, -1), r("denomination", Religion, -1), r("religia", Religion, -1),
	r("religie", Religion, -1), r("wyznanie", Religion, -1), r("godsdienst", Religion, -1), x("geloof", Religion, -1),
	r("health", Health, -1), r("diagnos", Health, -1), r("medical", Health, -1), r("allerg", Health, -1), r("krankheit", Health, -1),
	r("ethnic", Ethnicity, -1), x("race", Ethnicity, -1), r("sexualorientation", Sexual, -1), r("political", Political, -1),
	// "convictions" as a word, not "conviction": a sales or an investor's
	// (deal_conviction, conviction_score)
	r("criminal", Criminal, -1), r("vorstraf", Criminal, -1), r("strafregister", Criminal, -1), x("convictions", Criminal, -1),
	r("strafblad", Criminal, -1), r("casierjudiciaire", Criminal, -1), r("karalnosc", Criminal, -1), r("karalność", Criminal, -1),
	r("führungszeugnis", Criminal, -1), r("fuehrungszeugnis", Criminal, -1),
	// surrogate keys of person rows
	r("customerid", UniqueID, -1), r("userid", UniqueID, -1), r("clientid", UniqueID, -1), r("kundenid", UniqueID, -1),
	r("kundennr", UniqueID, -1), r("kundennummer", UniqueID, -1), r("memberid", UniqueID, -1), r("personid", UniqueID, -1),
	r("patientid", UniqueID, -1), r("employeeid", UniqueID, -1), r("contactid", UniqueID, -1), r("subjectid", UniqueID, -1),
	r("username", UniqueID, -1), r("customerno", UniqueID, -1), r("customernumber", UniqueID, -1),
	// the same in Dutch, French and Polish, and German staff numbers (a
	// review found klantnummer and personalnummer read as no one's)
	r("kundeid", UniqueID, -1), r("klantnummer", UniqueID, -1), x("klantnr", UniqueID, -1), x("klantid", UniqueID, -1),
	// no_client and num_client as the whole name only: no_client_contact
	// is a flag, num_client_sessions a count (a review); id_client in any
	// name (fk_id_client).
	r("numeroclient", UniqueID, -1), nameOnly("noclient", UniqueID, -1), nameOnly("numclient", UniqueID, -1), x("idclient", UniqueID, -1),
	r("idklienta", UniqueID, -1), r("nrklienta", UniqueID, -1), r("numerklienta", UniqueID, -1),
	r("personalnummer", UniqueID, -1), x("personalnr", UniqueID, -1), r("mitarbeiterid", UniqueID, -1),
	x("mitarbeiternr", UniqueID, -1), r("mitarbeiternummer", UniqueID, -1),
	// a person's login handle (anna.nowak, a.nowak): no detector knows one
	// by its value, and tables are keyed on them. As the whole name only:
	// last_login, user_login_at and benutzername_geaendert_am hold times,
	// login_count and user_login_method counts and kinds.
	nameOnly("login", UniqueID, -1), nameOnly("userlogin", UniqueID, -1), nameOnly("loginid", UniqueID, -1),
	nameOnly("benutzername", UniqueID, -1), nameOnly("gebruikersnaam", UniqueID, -1),
	nameOnly("nazwauzytkownika", UniqueID, -1), nameOnly("nazwaużytkownika", UniqueID, -1),
	nameOnly("identifiant", UniqueID, -1), nameOnly("benutzer", UniqueID, -1),
	// who in the company touched the row: an employee's identifier
	r("assignee", UniqueID, -1), r("createdby", UniqueID, -1), r("updatedby", UniqueID, -1), r("modifiedby", UniqueID, -1),
	r("changedby", UniqueID, -1), r("bearbeiter", UniqueID, -1), r("medewerker", UniqueID, -1), r("loginname", UniqueID, -1),
}

// notPersonQualifiers turn a "name" column into something that is not a
// person's name (product_name, company_name).
var notPersonQualifiers = []string{"product", "company", "firma", "firm", "article", "artikel", "item", "file", "host",
	"server", "bank", "shop", "store", "brand", "category", "kategorie", "project", "projekt", "team", "group", "role",
	"domain", "device", "table", "column", "field", "event", "campaign", "app", "service", "queue", "topic", "street",
	"city", "country", "tag", "plan", "model", "type",
	// product_name in other languages, a name's format, a field's name
	// (nom_champ), a kind (name_typ)
	"produkt", "producto", "prodotto", "produto", "produit", "format", "champ", "typ",
	// a software release's code name (release_name "Jammy Jellyfish")
	"release", "version", "build"}

// kindTokens turn an address column into one of the kind of an address or
// a part of it (address_type HOME, ort_typ Filiale, tipo_via Calle). Not
// "kind": German for a child, whose address it names (kind_plz, ort_kind).
var kindTokens = []string{"type", "typ", "tipo", "soort", "rodzaj"}

// A column of product properties holds brands ("Hugo Boss", "Dr. Oetker")
// and colours ("Schwarz", "Braun") that name lists know as person names:
// one whose name is a property token alone, or a product token with a
// name token (product_name, artikelbezeichnung), marks names in its values
// as brands (hint.things). Any other token beside them (item_notes,
// product_review, item_recipient_name, product_manager) says the column
// may hold people after all.
var (
	propertyTokens = []string{"brand", "marke", "hersteller", "manufacturer", "material", "color", "colour", "farbe",
		"kleur", "couleur", "kolor", "model", "modell"}
	productTokens   = []string{"product", "produkt", "produit", "article", "artikel", "item"}
	productNameToks = []string{"name", "title", "titel", "bezeichnung", "label", "nom", "naam", "nazwa"}
)

// thingColumn reports whether toks, a column name's tokens, name a product
// property and nothing else (see propertyTokens).
func thingColumn(toks []string) bool {
	property, product, named := false, false, false
	for _, t := range toks {
		switch {
		case slices.Contains(propertyTokens, t):
			property = true
		case slices.Contains(productTokens, t):
			product = true
		case slices.Contains(productNameToks, t):
			named = true
		case productCompound(t):
			product, named = true, true
		default:
			return false // item_notes, product_review, brand_owner
		}
	}
	return property || product && named
}

// productCompound reports a one-word product name column: "artikelbezeichnung",
// "produktname", "itemtitle".
func productCompound(t string) bool {
	for _, p := range productTokens {
		if rest, ok := strings.CutPrefix(t, p); ok && slices.Contains(productNameToks, rest) {
			return true
		}
	}
	return false
}

// versionColumn reports a column of software versions: its last token is
// a version token (app_version, firmware_version, build), not one that
// merely mentions them (firmware_update_log, release_info).
func versionColumn(toks []string) bool {
	return len(toks) > 0 && slices.Contains(versionTokens, toks[len(toks)-1])
}

// partColumn reports a column that numbers a document's parts or names a
// registry entry: its last token, or the one before a number's word, is
// one of partTokens (section, kapitel_nr, chapter_number, oid). Its dotted
// numbers are those parts' ("3.2.1.4"), not IP addresses (a review found
// them masked); a column that merely mentions one (section_notes) is
// scanned as any other.
func partColumn(toks []string) bool {
	n := len(toks)
	if n > 1 && slices.Contains(partNumberTokens, toks[n-1]) {
		n--
	}
	return n > 0 && slices.Contains(partTokens, toks[n-1])
}

// partTokens are the words of referenceTokens that name a document's part
// or a registry's entry as a column's name; not tables or classes, whose
// columns (routing_table, ip_class) may list machines' addresses.
var partTokens = []string{"kapitel", "abschnitt", "absatz", "ziffer", "anhang", "chapter", "section", "clause", "paragraph",
	"appendix", "annex", "chapitre", "annexe", "paragraphe", "hoofdstuk", "paragraaf", "bijlage", "rozdzial", "sekcja",
	"zalacznik", "paragraf", "oid"}

// partNumberTokens, after a part's word, say the column holds its number.
var partNumberTokens = []string{"nr", "no", "num", "number", "nummer", "numer", "ref", "id"}

// notDateTokens, in a birth-date column's name, say its integers are
// something else than dates: counts, flags, ids, years, places
// (birthday_reminder_days, dob_verified, geb_anzahl, birth_year).
var notDateTokens = []string{"days", "tage", "dni", "jours", "dagen", "verified", "source", "anzahl", "aantal", "liczba", "count", "reminder",
	"maand", "jaar", "mois", "miesiac", "miesiąc",
	"flag", "is", "has", "id", "type", "status", "year", "jahr", "rok", "annee", "age", "alter", "births", "nr", "no",
	"number", "place", "ort", "city", "country", "land", "name", "month", "monat"}

// notValueTokens, in the name of a column of postal codes, house numbers
// or birth dates, say that its integers are not those values but keys,
// kinds, counts or flags of them (address_id, postal_code_id, zip_type,
// house_count, dob_verified), which a review found masked; in a phone
// column's, that its short numbers are no extensions (phone_id 4711,
// phone_prefix 0049).
var notValueTokens = []string{"id", "ids", "key", "fk", "pk", "ref", "type", "typ", "kind", "count", "cnt", "anzahl", "aantal", "liczba",
	"version", "rate", "score", "flag", "is", "has", "status", "verified", "valid", "level", "length", "len", "prefix",
	"reminder", "days", "seq", "idx", "index", "rank", "order", "template", "vorlage", "provider", "anbieter"}

// byStems are the rules for who touched a row (created_by), and
// systemTokens the words that make such a column name a program instead
// of a person: created_by_system holds "SAP" and "SYNC_JOB" (a
// false-positive hunt found them pseudonymised as employees' ids).
// A person's word beside one of them (userTokens) names the person who
// used the program: created_by_app_user, changed_by_sys_user. Not "name"
// or "email": created_by_app_name names the program ("SAP CRM"), and a
// person's name or address there is found without the identifier.
var (
	byStems      = []string{"createdby", "updatedby", "modifiedby", "changedby"}
	systemTokens = []string{"system", "sys", "app", "application", "job", "process", "prozess", "source", "quelle", "tool",
		"interface", "schnittstelle", "program", "programm", "service"}
	userTokens = []string{"user", "usr", "benutzer", "nutzer", "login", "owner", "person", "employee", "mitarbeiter"}
)

// ledgerTokens name a bookkeeping ledger, whose accounts are not a bank's.
var ledgerTokens = []string{"gl", "ledger", "grootboek", "hauptbuch", "sachkonto", "gegenkonto", "kostenstelle", "journal", "contable"}

// lawTokens name a field of law or a report beside "criminal" in a
// column's name (practice_area_criminal, criminal_complaint_filed): a law
// firm's, or a victim's, not a criminal record.
var lawTokens = []string{"law", "lawyer", "attorney", "defence", "defense", "practice", "complaint", "damage"}

// versionTokens name columns of software versions, whose dotted numbers
// are not IP addresses. Dutch "versie" and Polish "wersja" too: a note's
// "Versie 10.4.17.201 12 fouten" was masked as an IP address once a
// number typed after an address no longer hid it (prefixCut).
var versionTokens = []string{"version", "build", "release", "firmware", "versie", "wersja"}

// timestampTokens mark columns whose dates are events, not births.
var timestampTokens = []string{"at", "ts", "timestamp", "created", "updated", "modified", "inserted", "deleted",
	"changed", "time", "zeit", "erstellt", "geaendert", "recorded", "withdrawn", "ordered", "valid", "expires", "since",
	"until", "from", "to", "start", "end", "date", "datum", "day", "last", "first"}

// contactTokens name columns that hold some way to reach a person: context
// for phone numbers and e-mail addresses without a category of their own.
var contactTokens = []string{"contact", "kontakt", "contacto", "contatto", "reach", "erreichbarkeit"}

// orderTokens mark business identifier columns.
var orderTokens = []string{"order", "orderno", "ordernumber", "invoice", "rechnung", "bestellung", "bestellnr", "sku",
	"gtin", "isbn", "ean", "barcode", "upc", "asin", "serial", "seriennummer",
	"ref", "reference", "tracking", "auftrag", "ticket", "receipt", "transaction",
	// French, Dutch and Polish invoice and order numbers: with their number
	// word, as "notes_commande" holds notes, not numbers
	"numfacture", "nofacture", "numerofacture", "numcommande", "nocommande", "numerocommande", "factuurnummer",
	"factuurnr", "bestelnummer", "bestelnr", "numerfaktury", "nrfaktury", "numerzamowienia", "nrzamowienia"}

// personLabel reports a label that names a field of a person's data
// (personLabels), as custom fields and key-value tables write them: such a
// label lends its hint to the value beside it. A list, not the column
// rules: those match stems inside longer words, and labels are settings'
// and translations' keys as often ("mail_template", "gender.female") and
// people's names ("Strasser", "Ismail"), which a review saw taken for
// labels.
//
// It joins nameTokens' bytes in a buffer, not their strings: no label
// listed is longer than maxWord, and a longer one is none of them.
func personLabel(label string) bool {
	var key, lb [maxWord]byte
	n := 0
	for i := 0; i < len(label); {
		c := label[i]
		var m int // the folded letter's bytes, in lb
		switch {
		case c >= 0x80:
			k := letterLen(label, i)
			if k == 0 {
				i += runeLen(c)
				continue
			}
			m = foldWord(label, i, i+k, &lb)
			i += k
		case isLower(c) || isUpper(c):
			lb[0] = lowerASCII(c)
			m = 1
			i++
		default:
			i++
			continue
		}
		if n+m > maxWord {
			return false
		}
		n += copy(key[n:], lb[:m])
	}
	return personLabels[string(key[:n])]
}

// personLabels are the labels personLabel takes, as nameTokens joins them.
var personLabels = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(`name fullname firstname lastname surname givenname familyname middlename maidenname
		nachname vorname familienname geburtsname rufname nom prenom prénom nomdefamille nomdenaissance achternaam voornaam
		roepnaam nazwisko imie imię
		phone phonenumber telephone telephonenumber mobile mobilephone mobilenumber cellphone tel telnr telefon telefonnummer
		telefonnr handy handynummer mobil mobilnummer mobiltelefon festnetz téléphone portable telefoonnummer
		mobielnummer mobiel telefoon numertelefonu telefonkomorkowy komorka
		email emailaddress mail mailaddress emailadresse mailadresse eadresse courriel adressemail emailadres
		adresemail
		dob dateofbirth birthdate birthday geburtsdatum geburtstag gebdatum datedenaissance datenaissance
		geboortedatum dataurodzenia geburtsort placeofbirth birthplace lieudenaissance geboorteplaats miejsceurodzenia
		street streetaddress address addressline1 addressline2 strasse straße hausnummer housenumber adresse anschrift
		rue adres straat huisnummer ulica
		city town ort wohnort stadt ville woonplaats plaats miasto miejscowosc miejscowość
		zip zipcode postalcode postcode plz postleitzahl codepostal kodpocztowy
		iban kontonummer accountnumber bankaccount rekeningnummer numerkonta
		ssn nationalid steuerid steuernummer sozialversicherungsnummer personalausweisnummer passnummer passportnumber
		pesel nip bsn burgerservicenummer nir insee personalausweis ausweisnummer reisepass passport naam tussenvoegsel
		mädchenname maedchenname nomdejeunefille
		allergien allergie allergies allergy diagnose diagnosis gesundheit krankheit
		geschlecht gender geslacht płeć plec sexe sex anrede salutation civilite civilité aanhef
		religion konfession religie religia wyznanie nationalität nationalitaet staatsangehörigkeit nationality nationalite`) {
		m[strings.Join(nameTokens(w), "")] = true
	}
	return m
}()

// dateTokens are name tokens that say a date: a birth column holding them
// is one of dates whatever else it names (birthday_state, dob_region).
var dateTokens = map[string]bool{"date": true, "datum": true, "day": true, "birthday": true, "birthdate": true,
	"dob": true, "dt": true, "data": true, "tag": true, "geburtstag": true, "geburtsdatum": true, "geboortedatum": true,
	"datenaissance": true, "fecha": true}

// birthPlaces are words that make a column named for birth one of the
// place of birth: a city, or a country.
var birthPlaces = []struct {
	word     string
	cat      Category
	compound bool // matched inside the name, not as a token
}{{"geburtsort", City, true}, {"geburtsstadt", City, true}, {"geboorteplaats", City, true}, {"birthplace", City, true},
	{"birthcity", City, true}, {"birthtown", City, true},
	{"place", City, false}, {"lieu", City, false}, {"ville", City, false}, {"miejsce", City, false}, {"miasto", City, false},
	{"plaats", City, false}, {"stad", City, false}, {"city", City, false}, {"town", City, false}, {"location", City, false},
	{"municipality", City, false}, {"region", City, false}, {"state", City, false}, {"province", City, false},
	{"lugar", City, false}, {"luogo", City, false}, {"comune", City, false}, {"ort", City, false},
	{"dept", City, false}, {"departement", City, false}, {"département", City, false},
	// es, it, pt and others: cidade_nascimento, citta_nascita, uf_nascimento
	{"ciudad", City, false}, {"cidade", City, false}, {"citta", City, false}, {"città", City, false},
	{"municipio", City, false}, {"município", City, false}, {"provincia", City, false}, {"estado", City, false},
	{"uf", City, false}, {"localidad", City, false}, {"localidade", City, false}, {"commune", City, false},
	{"miejscowosc", City, false}, {"miejscowość", City, false}, {"county", City, false}, {"gemeente", City, false},
	{"geburtsland", Country, true}, {"geboorteland", Country, true}, {"country", Country, false}, {"pays", Country, false},
	{"kraj", Country, false}, {"land", Country, false}, {"pais", Country, false}, {"país", Country, false},
	{"paese", Country, false}, {"nazione", Country, false}, {"stato", Country, false}}

// companyTokens mark columns of company numbers (KBO/BCE, SIRET, REGON,
// KRS): their ten digits are a company's, not a phone number (see
// beEnterprise).
var companyTokens = []string{"kbo", "kbonummer", "bce", "ondernemingsnummer", "numeroentreprise", "numentreprise",
	"siret", "siren", "regon", "krs"}

// computeHint derives the hint of a column name. It is called once per name
// and cached by the Scanner.
func computeHint(name string) hint {
	toks := nameTokens(name)
	if len(toks) == 0 {
		return hint{}
	}
	joined := strings.Join(toks, "")
	has := func(t string) bool {
		if joined == t {
			return true
		}
		for i, k := range toks {
			if k == t || (i+1 < len(toks) && k+toks[i+1] == t) {
				return true
			}
		}
		return false
	}
	var h hint
	var stems []string // of the rules that fired, as h.cats
	seen := map[Category]bool{}
	fams := map[Category]bool{}
	for _, ru := range hintRules {
		ok := false
		if ru.whole {
			ok = joined == ru.stem && !hasDigit(name) // not "geboren_2024"
		} else if ru.exact {
			ok = has(ru.stem)
		} else {
			ok = strings.Contains(joined, ru.stem)
		}
		if !ok || seen[ru.cat] {
			continue
		}
		if ru.cat == UniqueID && slices.Contains(byStems, ru.stem) && slices.ContainsFunc(systemTokens, has) &&
			!slices.ContainsFunc(userTokens, has) {
			continue // created_by_system, updated_by_job: a program, not an employee
		}
		if ru.cat == BankAccount && slices.ContainsFunc(ledgerTokens, has) {
			continue // gl_account_no, grootboek_rekeningnr: a ledger's account
		}
		if ru.cat == Criminal && slices.ContainsFunc(lawTokens, has) {
			continue // criminal_law_practice, is_criminal_lawyer: a lawyer's field, not anyone's record
		}
		f := family(ru.cat)
		if ru.cat == Name || ru.cat == Address {
			if fams[f] {
				continue // a more specific rule of the family fired
			}
		}
		if f == Address && (seen[Email] || seen[IPAddress] || seen[DeviceID]) {
			continue // email_address, ip_address, mac_address
		}
		if f == Address && slices.ContainsFunc(kindTokens, has) {
			continue // address_type, ort_typ, tipo_via
		}
		if f == Name {
			skip := false
			for _, q := range notPersonQualifiers {
				if has(q) {
					skip = true
					break
				}
			}
			if skip {
				continue
			}
		}
		seen[ru.cat] = true
		fams[f] = true
		h.cats = append(h.cats, ru.cat)
		stems = append(stems, ru.stem)
		if ru.ctx >= 0 {
			h.ctx |= 1 << ru.ctx
		}
		if h.tok == "" {
			h.tok = ru.stem
		}
	}
	if seen[DateOfBirth] && (seen[FamilyName] || seen[Name]) && (strings.Contains(joined, "name") || strings.Contains(joined, "naam")) {
		// geburtsname, geboortenaam, birth_name: the name a person was
		// born with, not a date
		k := slices.Index(h.cats, DateOfBirth)
		h.cats, stems = slices.Delete(h.cats, k, k+1), slices.Delete(stems, k, k+1)
		seen[DateOfBirth] = false
		h.tok = stems[0]
	}
	if seen[DateOfBirth] {
		// geburtsort, lieu_de_naissance, miejsce_urodzenia,
		// geboorteplaats, place_of_birth, geburtsland: where a person was
		// born, not when. Read as a birth-date column they found no date
		// and let the place go out raw (a review).
		dated := slices.ContainsFunc(toks, func(t string) bool { return dateTokens[t] })
		for _, bp := range birthPlaces {
			// a compound as a part of the name, other words as tokens:
			// "dob_replaced" holds no place; and those only without a
			// date word ("birthdate_state", "geburtsdatum_land" hold dates)
			if !(bp.compound && strings.Contains(joined, bp.word) || !bp.compound && !dated && has(bp.word)) {
				continue
			}
			k := slices.Index(h.cats, DateOfBirth)
			h.cats, stems = slices.Delete(h.cats, k, k+1), slices.Delete(stems, k, k+1)
			seen[DateOfBirth] = false
			h.ctx &^= 1 << ctxDOB
			if !seen[bp.cat] {
				h.cats, stems = append([]Category{bp.cat}, h.cats...), append([]string{bp.word}, stems...)
				seen[bp.cat] = true
			}
			if bp.cat == City {
				h.ctx |= 1 << ctxAddress
			}
			h.tok = stems[0]
			break
		}
	}
	h.things = thingColumn(toks)
	h.version = (versionColumn(toks) || partColumn(toks)) && !seen[IPAddress]
	h.days = seen[DateOfBirth] && !slices.ContainsFunc(notDateTokens, has)
	for _, t := range []string{"housenumber", "hausnummer", "houseno", "huisnummer", "huisnr", "hausnr", "house", "numerdomu", "nrdomu", "numerocivico", "housenr", "numvoie",
		"hnr", "strhnr", "civico", "flatno", "nrlokalu", "nrmieszkania", "numerocasa", "novoie"} {
		if has(t) || strings.Contains(joined, t) {
			h.house = true
		}
	}
	h.keys = slices.ContainsFunc(notValueTokens, has)
	h.part = seen[Phone] && slices.ContainsFunc(phonePartStems, func(t string) bool { return strings.Contains(joined, t) })
	h.smallInts = h.days || (seen[PostalCode] || h.house || seen[DateOfBirth] || h.part) && !h.keys
	if !seen[DateOfBirth] {
		for _, t := range timestampTokens {
			if has(t) {
				h.noDOB = true
				break
			}
		}
	}
	// contact_id is a contact's key, not a way to reach them: an 11-digit
	// key read as a phone number was masked in some rows of a key column
	// and, found late, made lethe REDACT the column everywhere.
	for _, t := range contactTokens {
		if has(t) && !seen[UniqueID] && !has("id") {
			h.ctx |= 1<<ctxPhone | 1<<ctxEmail
		}
	}
	for _, t := range orderTokens {
		if has(t) {
			h.ctx |= 1 << ctxOrder
			break
		}
	}
	h.company = slices.ContainsFunc(companyTokens, has)
	if aboutAColumn(toks) {
		// About a personal column, not holding it: no category to give
		// its values by their name alone (the detectors still read them).
		h.cats, h.tok, h.smallInts, h.days, h.house = nil, "", false, false, false
	}
	return h
}

// plausible is plausible for a value of the column or key named so: a
// number of fewer than six digits is a phone's extension or local number,
// and a word without an '@' an address's local part, only where the name
// says its values are phone numbers or addresses, not their keys, kinds,
// templates or counts (keys).
func (h *hint) plausible(c Category, s string) bool {
	if c == Email && h.keys && strings.IndexByte(s, '@') < 0 {
		return false // email_status "bounced", email_template "anna": a kind or a key, no local part
	}
	if c == Phone && h.keys && countDigits(s) < 6 {
		return false
	}
	if c == Phone && h.part && phonePart(s) {
		return true // vorwahl "030", durchwahl "12", indicatif "+33"
	}
	return plausible(c, s)
}

// phonePartStems, in a phone column's name, say that it holds a part of
// a number: an area code (vorwahl, ortsvorwahl, area_code, netnummer,
// numer_kierunkowy, indicatif, onkz), a country calling code
// (landesvorwahl, dial_code) or an extension (durchwahl,
// telefon_durchwahl). Their values are shorter than the four digits a
// number needs elsewhere (plausible): a review found vorwahl "030" raw
// beside its rufnummer masked, and the area code tells where the
// subscriber lives as a postal code does.
var phonePartStems = []string{"vorwahl", "areacode", "durchwahl", "netnummer", "kierunkowy", "ortsnetzkennzahl", "onkz",
	"dialcode", "diallingcode", "dialingcode", "indicatif"}

// phonePart reports a value shaped as a part of a phone number: two
// digits or more, none of them letters, with at most a '+', brackets,
// blanks, dashes or slashes ("030", "+49", "(0)30", "0049 30", "12"), not
// zeros alone (a form's placeholder).
func phonePart(s string) bool {
	digits, zeros := 0, 0
	for i := 0; i < len(s); i++ {
		switch c := s[i]; {
		case isDigit(c):
			digits++
			if c == '0' {
				zeros++
			}
		case c == '+' || c == '(' || c == ')' || c == ' ' || c == '-' || c == '/':
		default:
			return false
		}
	}
	return digits >= 2 && zeros < digits
}

// aboutAColumn reports a column's name tokens that say it is about a
// personal column rather than holding it: how many, how long or how dear
// (address_count, customer_id_count, first_name_length,
// festnetz_minuten, phone_costs), a flag
// (email_flag), whether or when the subject consented to its use
// (whatsapp_opt_in, phone_consent_date), or when it was changed or
// verified (phone_verified_at, iban_updated_on, username_changed_at). Their values are counts, flags
// and times, which a hint of the category they are about turned into
// pseudonyms. A time suffix alone is not enough: dob_ts and
// birth_timestamp hold dates of birth (a review of the first version of
// this rule found them passed on raw), nor is a participle alone:
// tax_id_confirmed may hold the id (booleans and times in hinted columns
// are not taken for personal data by their values, see plausible).
func aboutAColumn(toks []string) bool {
	n := len(toks)
	if n < 2 {
		return false
	}
	last := toks[n-1]
	if slices.Contains(amountTokens, last) || slices.Contains(consentTokens, last) || n >= 3 && toks[n-2] == "opt" && (last == "in" || last == "out") {
		return true
	}
	return n >= 3 && slices.Contains(timeSuffixes, last) && (slices.Contains(changeTokens, toks[n-2]) || slices.Contains(consentTokens, toks[n-2]))
}

var (
	amountTokens = []string{"count", "cnt", "anzahl", "aantal", "liczba", "total", "length", "len", "flag",
		// how long or how dear (festnetz_minuten, mobile_minutes, phone_costs)
		"minuten", "minutes", "mins", "kosten", "cost", "costs", "price", "preis"}
	timeSuffixes = []string{"at", "on", "ts", "timestamp", "date", "time", "datum", "am"}
	// whether and when the subject agreed to be reached so
	// (whatsapp_opt_in, phone_consent_date, telefon_einwilligung): flags
	// and dates, which the channel's hint masked as phone numbers
	consentTokens = []string{"consent", "optin", "optout", "einwilligung", "toestemming", "zgoda", "consentement", "enabled", "subscribed"}
	changeTokens  = []string{"changed", "updated", "modified", "verified", "confirmed", "validated", "checked", "created", "deleted",
		"geaendert", "geändert", "aktualisiert", "bestaetigt", "bestätigt", "gewijzigd", "bevestigd", "modifie", "modifié", "zmieniona", "zmieniony"}
)

// nameTokens lower-cases name and splits it at separators, digits and
// camelCase boundaries: "EMail1" -> [e mail], "telefon_nr" -> [telefon nr].
func nameTokens(name string) []string {
	var toks []string
	var cur []byte
	flush := func() {
		if len(cur) > 0 {
			toks = append(toks, string(cur))
			cur = cur[:0]
		}
	}
	prevLower := false
	for i := 0; i < len(name); {
		c := name[i]
		if c >= 0x80 {
			n := letterLen(name, i)
			if n == 0 {
				flush()
				i += runeLen(c)
				prevLower = false
				continue
			}
			cur = append(cur, foldString(name[i:i+n])...)
			i += n
			prevLower = true
			continue
		}
		switch {
		case isLower(c):
			cur = append(cur, c)
			prevLower = true
		case isUpper(c):
			if prevLower {
				flush()
			}
			cur = append(cur, c+0x20)
			prevLower = false
		default:
			flush()
			prevLower = false
		}
		i++
	}
	flush()
	return toks
}

// addressOnly reports a column whose name says it holds a part of an
// address and nothing else.
func (h *hint) addressOnly() bool {
	for _, c := range h.cats {
		if family(c) != Address {
			return false
		}
	}
	return len(h.cats) > 0
}

// family groups categories whose findings may stand in for one another.
func family(c Category) Category {
	switch c {
	case Name, GivenName, FamilyName:
		return Name
	case Address, Street, PostalCode, City, Country:
		return Address
	case NationalID, TaxID:
		return NationalID
	case BankAccount, Financial:
		return BankAccount
	}
	return c
}

// hintCache maps names (columns, JSON keys, labels) to hints. The names
// come from data too: the keys of JSON in a free-text value, the field of
// every `lethe detect` line. So the cache is bounded in entries, a name
// too long to name anything is not read, and an insert costs no more than
// a lookup: a
// copy-on-write map that copied itself per new name made 8,192 distinct
// names cost seconds, and 50 KB names gigabytes (a review).
type hintCache struct {
	m   sync.Map // string -> *hint
	n   atomic.Int64
	max int // bound on the names kept; 0 for hintCacheMax
}

const (
	// hintCacheMax bounds the cache; names beyond it are computed every time.
	hintCacheMax = 8192
	// maxHintName is the longest name read for a hint: identifiers take
	// at most 63 bytes in PostgreSQL and 128 in Oracle or SQL Server, and
	// no label or key that names data is longer. A longer one, a JSON
	// key made of text, names nothing; reading it cost a millisecond per
	// 50 KB name (a review).
	maxHintName = 256
)

var noHint = &hint{}

func (c *hintCache) get(name string) *hint {
	if name == "" || len(name) > maxHintName {
		return noHint
	}
	if h, ok := c.m.Load(name); ok {
		return h.(*hint)
	}
	h := computeHint(name)
	hp := &h
	limit := int64(hintCacheMax)
	if c.max > 0 {
		limit = int64(c.max)
	}
	if c.n.Load() >= limit {
		return hp
	}
	if v, loaded := c.m.LoadOrStore(strings.Clone(name), hp); loaded {
		return v.(*hint)
	}
	c.n.Add(1)
	return hp
}
