package pii

import "strings"

// Word lists of the free-text scanner. Words are matched whole and case
// insensitively; a word is a run of letters, so "Tel.-Nr." is "tel" and "nr".

// contextWords raise (or, for ctxOrder, lower) the scores of candidates that
// follow them within contextWindow bytes.
var contextWords = [nCtx]string{
	ctxPhone: `tel telefon telephone telefonnummer telefonnr phone phones mobile mobil mobilnummer handy handynummer
		cell cellphone fax call ruf rufnummer anrufen téléphone telephoner portable tél gsm telefoon telefoonnummer mobiel
		telefono teléfono móvil cellulare contacto contactar llamada llamar richiamare chiamare chiamato ligar ligue
		numerem número numero kontakt zadzwonić rappeler appeler bellen terugbellen rückruf zurückrufen erreichbar
		callback reach telemóvel telemovel ring ringde ringa ringer telefonu telefonem komórka komórkowy numer tlf tlfno tlm tlmv puhelin telefonszám
		called calling phoned rang appelé appelée appelle appel joindre joignable rappelé belde belt gebeld bel
		telefonisch dzwonił dzwoniła oddzwonić oddzwonienie oddzwonienia numeru numerze telefonicznie llamame llámame llamarme llámeme llameme
		komórki rief anrief angerufen anruf anrufe llamó llamado telefoneó ligou telefonou chiamò telefonato
		dzwonić dzwonic zadzwonic dzwonil dzwonila oddzwonic appele appelee rappele rr rückrufnummer kom komorki mob
		festnetz festnetznummer festnetznr whatsapp handynr mobilnr mobiltel mobiltelefon mobilfunknummer telnr
		telefax faxnummer faxnr fon landline tfno movil natel`,
	ctxCard: `card cards karte kreditkarte kartennummer creditcard kreditkartennummer visa mastercard amex maestro carte bancaire
		kaart karta kredytowa tarjeta carta cc kk`,
	ctxOrder: `order orders bestellung bestellnummer bestellnr auftrag auftragsnummer rechnung rechnungsnummer invoice invoices
		facture commande bestelling factuur zamówienie zamówienia faktura pedido factura ordine fattura ref reference referenz
		référence réf sku artikel artikelnummer article tracking sendung sendungsnummer ticket vorgang kundennummer kundennr
		lieferschein receipt quittung transaction transaktion seriennummer serial serialnumber livraison levering dostawa
		referencyjny referencja siren siret rcs kvk regon krs zamowienie zamowienia beleg belegnummer belegnr
		zahlungsreferenz referenznummer verwendungszweck kbo ondernemingsnummer
		kostenstelle kst losnummer losnr chargennummer chargennr chargen sn teilenummer teilenr`,
	ctxIBAN: `iban konto konta kontonummer kontonr kto bankverbindung bankkonto sparkonto account acc acct rekening rekeningnummer rekeningnr
		rachunek rachunku compte bancaire cuenta conto cpte rib giro gironummer gironr postgiro girokonto`,
	ctxBIC: `bic swift`,
	ctxDOB: `geboren geb gebdat gebdatum geburtsdatum geburtstag birth born birthday dob né née naissance geboren geboortedatum
		ur urodzony urodzona urodzenia nacido nacida nacimiento nascido nascida nascimento nato nata nascita født född syntynyt
		naiss urodz naci nací nació nacio geburtsjahr geboortejaar bday verjaardag urodziny`,
	ctxNatID: `ausweis personalausweis ausweisnummer personalausweisnummer ausweisnr personalausweisnr rentenversicherungsnummer rvnr idnr identifikationsnummer steueridentifikationsnummer steuerid
		ssn social security sozialversicherungsnummer versicherungsnummer svnr bsn burgerservicenummer sofinummer
		nir sécurité insee rijksregisternummer rijksregister registre national dni nie nif codice fiscale cf pesel
		personnummer hetu henkilötunnus cpr nino insurance nhs pps ppsn identity identität identité
		perso dowód dowod dowodu osobisty identiteitskaart identiteitsbewijs rijksregisternr insz niss rrn sofinr dow`,
	ctxTax:      `steuer steuernummer ustidnr ustid umsatzsteuer vat tva btw iva nip mwst tax taxid`,
	ctxPassport: `passport reisepass reisepassnummer passportnummer paspoortnummer passnummer pass passeport paspoort paszport paszportu paszportem pasaporte passaporto`,
	ctxLicence:  `führerschein führerscheinnummer driving licence license licencia conducir rijbewijsnummer permis rijbewijs prawo jazdy carnet patente`,
	ctxAddress: `adresse address addr anschrift wohnhaft wohnt lives living adres adresu dirección indirizzo plz postleitzahl
		postcode eircode zip ville woonplaats wohnort domicile woont wonend woonachtig mieszka habite reside
		lieferanschrift lieferadresse rechnungsadresse rechnungsanschrift versandadresse postanschrift hausanschrift
		wohnadresse meldeadresse privatadresse zustelladresse afleveradres bezorgadres factuuradres postadres woonadres`,
	ctxGeo:   `lat lon lng latitude longitude gps koordinaten coordinates coordonnées standort location position`,
	ctxEmail: `mail email courriel correo contact kontakt`,
	ctxIP:    `ip`,
	ctxSSN:   `ssn social security`,
	// Words a person's name follows in a CRM note: the name right after one
	// is taken even when its words are in no list ("Klant Arjen El Amrani").
	// Relatives, partners, carers and callers are people too ("Mutter
	// Ingrid ist Bevollmächtigte", "sa mère Monique", "brat Marek", "her
	// mum Sharon", "Anrufer: Sebastian"), but not those that are family
	// names too (Vater, Bruder, Freund, Vriend, Compagnon, Pai: "Herr
	// Vater hat angerufen"). The last line introduces a birth name ("geb.
	// Müller", "née Martin"; Polish "z domu Nowak" in word, since "domu"
	// alone is "home"), which identifies as well as the married one.
	ctxPerson: `kunde kundin kd familie fam famille eheleute inhaber inhaberin kontoinhaber kontoinhaberin ansprechpartner ansprechpartnerin sohn tochter
		ehemann ehefrau nachbar nachbarin client cliente titulaire fils fille époux épouse epoux epouse voisin voisine
		interlocuteur interlocutrice contactpersoon klant klanten rekeninghouder dochter zoon echtgenoot echtgenote buurman buurvrouw namens klient klientka
		właściciel właścicielka wlasciciel syn córka corka sąsiad sąsiadka sasiad mąż żona customer holder husband wife
		son daughter neighbour neighbor cliente titular hijo hija marido esposa vecino vecina
		mutter schwester partner partnerin lebensgefährte lebensgefährtin lebenspartner lebenspartnerin
		freundin oma opa enkelin schwiegersohn schwiegertochter schwiegermutter betreuer betreuerin anrufer anruferin
		mère père frère sœur soeur mari femme conjoint conjointe compagne appelant appelante tuteur tutrice
		moeder vader broer zus zuster vriendin vrouw beller schoonzoon schoondochter
		matka ojciec brat siostra mama tata partnerka babcia dziadek wnuk wnuczka pełnomocnik
		mother father brother sister mum mom dad girlfriend boyfriend fiancé fiancée caller carer grandson granddaughter
		madre padre hermano hermana fratello sorella marito moglie mãe irmão irmã
		geb geborene née`,
}

// schemeWords name one identifier scheme; near a number they favour that
// scheme over others whose check digits the number passes by chance.
var schemeWords = map[int]string{
	dDKCPR: `cpr`, dSEPNR: `personnummer samordningsnummer`, dPLPESEL: `pesel`,
	dNLBSN: `bsn burgerservicenummer sofinummer sofinr`, dFRNIR: `nir insee sécurité sécu secu vitale`,
	dBENRN: `rijksregisternummer rijksregister rijksregisternr insz niss rrn`, dESDNI: `dni`, dESNIE: `nie`, dPTNIF: `nif`,
	dITCF: `codice fiscale`, dFIHETU: `hetu henkilötunnus`,
	dATSVNR: `svnr sozialversicherungsnummer versicherungsnummer`, dDESVNR: `rentenversicherungsnummer rvnr`, dIEPPS: `pps ppsn`, dGBNINO: `nino ni`,
	dGBNHS: `nhs`, dUSSSN: `ssn`, dCHAHV: `ahv avs ahvn13 avsn13`, dROCNP: `cnp`, dTRTCKN: `kimlik tckn tckimlik`,
	dCZRC:    `rodné rodne rodného rodneho rč`,
	dDEKVNR:  `kvnr versichertennummer krankenversichertennummer versichertennr egk gesundheitskarte`,
	dDETaxID: `steuer steuerid steueridentifikationsnummer idnr identifikationsnummer`,
}

// kvnrLabels name a KVNR as its label right before it ("Krankenkasse:
// A123456780"), not as scheme words: one scheme holds at a time, and they
// took "SV-Nr. des Versicherten 65170839J003" from the SV-Nr.
var kvnrLabels = []string{"versicherten", "krankenkasse", "krankenversicherung"}

// monthNames are month names and abbreviations in several languages.
var monthNames = [12]string{
	`january jan janv sty januar jänner janvier januari styczeń stycznia enero gennaio janeiro`,
	`february feb lut févr fevr fév fev fevrier februar février februari luty lutego febrero febbraio fevereiro`,
	`march mar mär mrt mrz märz maerz mars maart marzec marca marzo março`,
	`april apr avr kwi avril kwiecień kwietnia abril aprile`,
	`may mai mei maj maja mayo maggio maio`,
	`june jun juni cze juin czerwiec czerwca junio giugno junho`,
	`july jul juil juill juli juillet lipiec lipca julio luglio julho`,
	`august aug août aout augustus sierpień sierpnia agosto`,
	`september sep sept wrz septembre wrzesień września septiembre settembre setembro`,
	`october oct okt paź oktober octobre październik października octubre ottobre outubro`,
	`november nov novembre listopad listopada noviembre`,
	`december dec déc dez gru dezember décembre decembre grudzień grudnia diciembre dicembre dezembro`,
}

// specialCats are the Art. 9 special categories, criminal records (Art.
// 10), and their keywords.
var specialCats = []struct {
	cat   Category
	words string
}{
	{Health, `diabetes diabetic diabetiker diabète diabetes cukrzyca cancer krebs kanker rak tumor tumour tumeur
		chemotherapy chemotherapie chimiothérapie hiv aids depression depressionen dépression depressie depresja
		schwanger schwangerschaft pregnant pregnancy enceinte grossesse zwanger zwangerschap ciąża ciąży
		asthma asthme astma epilepsy epilepsie epilepsja alzheimer dementia demenz démence parkinson
		schizophrenia schizophrenie bipolar disability behinderung schwerbehindert handicap gehandicapt niepełnosprawny
		diagnose diagnosis diagnosed diagnostiziert diagnostic diagnostiek diagnoza krankheit erkrankt illness
		maladie malade ziekte ziek choroba chory krankenhaus hospital hôpital ziekenhuis szpital ospedale
		surgery chirurgie therapie therapy thérapie therapeut psychotherapie
		medication medikament medikamente médicament medicijn insulin insuline allergie allergy allergisch
		arztbrief attest krankschreibung arbeitsunfähig burnout sucht addiction alkoholiker alcoholic
		dementie demencja blind blinde erblindet sehbehindert gehörlos schwerhörig deaf aveugle malvoyant malvoyante sourd sourde
		niewidomy niewidoma slechtziend rollstuhl rollstuhlfahrer rollstuhlfahrerin wheelchair rolstoel pflegegrad pflegestufe
		dialyse dialysis schlaganfall herzinfarkt psychiatrie psychiatric psychiatrique suizid suicide`},
	{Religion, `christian christlich chrétien christen chrześcijanin catholic katholisch catholique katholiek katolik
		katolicki protestant protestantisch evangelisch protestante muslim muslimisch musulman moslim muzułmanin
		islam islamic islamisch jewish jüdisch juif juive joods żyd żydowski judaism judentum buddhist buddhistisch
		bouddhiste hindu hinduistisch sikh  atheist atheistisch athée atheïst ateista kirche église kerk
		kościół mosque moschee mosquée moskee meczet synagogue synagoge synagoga konfession religion religious
		religiös religieux religieus religia religijny kirchensteuer ramadan katolickie rzymskokatolicki
		rzymskokatolickie rzymskokatolikiem katolikiem prawosławny prawosławna prawosławne gereformeerd gereformeerde
		hervormd hervormde lutherisch lutheran luthérien luterański godsdienst religie religionszugehörigkeit kirchensteuermerkmal`},
	{Political, `parteimitglied parteimitgliedschaft partei parti partij partia partii gewerkschaft gewerkschaftsmitglied
		syndicat vakbond związek zawodowy sindacato sindicato spd cdu csu afd fdp grüne linke labour tory tories
		conservative democrat republican socialist sozialist communist kommunist politisch political politique politiek
		wähler`},
	{Sexual, `gay schwul lesbian lesbisch lesbienne lesbijka bisexual bisexuell bisexuel biseksualny homosexual homosexuell
		homosexuel homoseksueel homoseksualny heterosexual heterosexuell transgender transsexual transsexuell queer lgbt lgbtq
		lgbtqi intersex nonbinary sexuality sexualität sexualité`},
	{Ethnicity, `ethnic ethnicity ethnisch ethnie ethnique etniciteit etniczny racial rasse sinti romani
		migrationshintergrund migrant migrantin hispanic latino latina afroamerikaner kurdish kurde kurdisch
		ethnischer`},
	// Convictions, sentences, custody and records; not the words for any
	// offence, its report or its proceedings ("Betrug", "fraud", "Straftat",
	// "Strafanzeige", "Strafverfahren", "Ermittlungsverfahren",
	// "przestępstwo": a customer is as often the victim or a witness), nor
	// "détenu" (French "held": "compte détenu par"), "wyrok" (any judgment)
	// or "probation" (an employee's, a supplier's: "passed probation").
	// "parole" (French and Italian "word") only "on parole" (otherSense).
	{Criminal, `vorbestraft vorbestrafte vorbestrafter vorbestraften vorbestraftes vorstrafe vorstrafen strafregister
		führungszeugnis führungszeugnisses straffällig straftäter straftäterin strafbefehl haftbefehl haft inhaftiert
		inhaftierte inhaftierter inhaftierten haftstrafe haftstrafen freiheitsstrafe freiheitsstrafen gefängnisstrafe
		gefängnis knast häftling häftlinge häftlings strafgefangene strafgefangener strafgefangenen bewährung
		bewährungsstrafe bewährungsauflage bewährungsauflagen bewährungshelfer bewährungshelferin
		justizvollzugsanstalt strafvollzug untersuchungshaft haftentlassen haftentlassung verurteilt verurteilung
		criminal convict convicts convicted sentenced felony felonies felon felons misdemeanor misdemeanour imprisoned
		imprisonment incarcerated incarceration prison prisoner prisoners jail jailed inmate inmates paroled parole
		parolee offender offenders
		casier casiers condamné condamnée condamnés condamnées condamnation condamnations emprisonné emprisonnée
		emprisonnement incarcéré incarcérée incarcération écroué écrouée prisonnier prisonnière délinquant délinquante
		veroordeeld veroordeling strafblad gevangenis gevangenisstraf gevangene gevangenen gedetineerd gedetineerde
		gedetineerden celstraf taakstraf reclassering
		skazany skazana skazanego skazanej karany karana niekarany niekarana karalność karalności niekaralność
		niekaralności więzienie więzienia więzieniu więzień więźnia więźniem areszt aresztu areszcie aresztowany
		aresztowana aresztowano odsiaduje przestępca`},
}

// salutations and titles that precede a person's name.
var salutations = `herr herrn frau fräulein hr fr dr prof mr mrs ms miss mister sir madam madame mme mlle monsieur
	dhr mevr mevrouw mw meneer heer pan pani panna panem panią pana panu sz sig sr sra señor señora signor signora signore dott ing dipl
	hrn don doña dña dna
	mag lic avv ir maître maitre kommerzialrat hofrat freiherr freifrau
	panie prezesie dyrektorze kierowniku doktorze mecenasie profesorze
	med mgr inż inz dkfm drs
	kierownik kierownika kierownikiem kierowniczka dyrektor dyrektora dyrektorem dyrektorowi dyrektorka kurier kuriera
	kurierem prezes prezesa prezesem mecenas księgowa ksiegowa sekretarka kierowca serwisant technik handlowiec konsultant
	konsultantka doradca menedżer menadżer`

// nameParticles are lower-case parts of family names.
var nameParticles = `van von de der den di da del della le la du des dos do das zu ten ter vom y los las`

// stopWords are capitalised words that are not names even when they look like
// one (sentence starts, nouns, greetings, weekdays).
var stopWords = `der die das den dem des ein eine einen einem und oder aber wir sie er es ich du ihr mit von für bei
	the a an and or but we you he she it they this that these those dear hello hi thanks thank please regards best
	le la les un une et ou mais nous vous il elle bonjour merci cordialement
	de het een en maar wij jij hij zij dank groeten beste
	ten ta to i lub ale my wy on ona dzień dobry dziękuję dzięki pozdrawiam
	cdlt rgds mvg glg vlg pozdr pzdr serdecznie tschüss tschüs bye
	klient klientka klienta client cliente clienta customer klant user nutzer agent mitarbeiter mitarbeiterin
	hallo liebe lieber sehr geehrte geehrter grüße gruß danke bitte guten tag kunde kundin kunden
	montag dienstag mittwoch donnerstag freitag samstag sonntag monday tuesday wednesday thursday friday saturday sunday
	lundi mardi mercredi jeudi vendredi samedi dimanche maandag dinsdag woensdag donderdag vrijdag zaterdag zondag
	ticket bestellung rechnung order invoice email mail telefon phone adresse address straße street notiz note
	care service services support team center centre desk hotline helpdesk portal account kundendienst kundenservice
	klantenservice serwis obsługa
	dhl dpd gls ups tnt fedex inpost postnl bpost
	germany deutschland france frankreich nederland netherlands polska poland england`

// nameNouns label a person's name ("name G WALKER", "nom : Dupont"),
// unless a word for a thing comes before them (thingsNamed).
var nameNouns = `name nom naam nazwisko imię imie vorname nachname familienname prénom prenom voornaam achternaam surname forename firstname lastname cognome apellidos apellido`

// thingsNamed are the things whose names "name" (or "nom", "naam")
// labels after them: "product name Rose Gold", "Ship name: Aurora",
// "Job name: Jenkins". After any other word, or none, it labels a
// person's ("Guest name: Maria Garcia", "name: G WALKER").
var thingsNamed = strings.Fields(`product produkt produit item article artikel file datei fichier bestand company firma
	société societe entreprise bedrijf brand marke marque merk plan tariff tarif domain domäne host server device gerät
	app project projekt projet store shop boutique winkel sklep campaign kampagne campagne event team network netzwerk
	réseau bank colour color farbe couleur kleur model modell modèle font package paket course field feld column spalte
	table tabelle tag folder ordner document dokument street straße rue city stadt ville town place business trading
	job sender voice storm pet dog cat hund katze chien chat kat hond pies kot printer queue process pipeline branch repo
	repository container image bucket ship vessel award workflow paint variant brand release build version theme
	template style font song album film movie book title tour hotel room venue group list channel`)

// givenThingNouns are things a shop names after a given name ("Frank Sofa",
// "Max Vase", "Grace Trophy", "Emma Matratze"): after one, a common noun
// of these makes no family name (thingAfterGiven). Nouns that are family
// names too (Lampe, Tisch, Becher, Spiegel, Stuhl) are left out.
var givenThingNouns = strings.Fields(`sofa couch vase kommode sessel regal kissen teppich matratze tischleuchte stehleuchte
	rucksack tasse trophy cup award pokal dock poster edition kollektion collection series bowl mug chair rug pillow cushion`)

// thingNouns name a property of a product; the capitalised word after one
// is its value ("Farbe Rosa", "colour Brown", "Marke Hugo Boss"), not a
// person's name.
var thingNouns = `farbe farben kleur couleur colour color kolor marke brand hersteller manufacturer`

// streetPrefixes are street types written before the street name.
var streetPrefixes = `rue avenue av boulevard bd bvd bld chemin allée impasse quai place route rte chaussée résidence
	square faubourg hameau ruelle sentier esplanade lotissement
	steenweg ul ulica al aleja os osiedle pl plac
	via vía viale piazza corso vicolo calle avenida plaza paseo carrer rua travessa
	avda largo praça praca estrada alameda calçada camino carretera travesía ronda strada piazzale lungomare contrada
	cours promenade voie
	pza pso ctra pje pasaje glorieta urb urbanización urbanizacion plaça trav beco pç lungarno lungotevere salita vico borgo`

// streetSuffixes are street types written as their own word after the name.
var streetSuffixes = `straße strasse str weg gasse allee platz ring damm ufer chaussee
	street st road rd avenue ave lane ln drive way close court ct place square crescent terrace gardens grove boulevard
	row mews approach parade walk wynd brae
	straat laan gracht plein kade singel`

// cities are large European cities, used as evidence next to postal codes.
var cities = `berlin hamburg münchen munich köln cologne frankfurt stuttgart düsseldorf dortmund essen leipzig bremen dresden
	hannover nürnberg duisburg bochum wuppertal bielefeld bonn münster karlsruhe mannheim augsburg wiesbaden kiel
	aachen freiburg mainz rostock kassel potsdam lübeck erfurt
	wien vienna graz linz salzburg innsbruck zürich zurich genf genève geneva basel bern lausanne luzern
	paris marseille lyon toulouse nice nantes strasbourg montpellier bordeaux lille rennes reims toulon grenoble dijon
	angers nîmes brest limoges tours amiens metz besançon perpignan orléans rouen caen nancy
	amsterdam rotterdam utrecht eindhoven groningen tilburg almere breda nijmegen haarlem arnhem enschede leiden
	maastricht delft zwolle
	bruxelles brussel brussels antwerpen anvers gent gand charleroi liège brugge namur leuven mons
	luxembourg
	warszawa warsaw kraków krakow łódź wrocław poznań gdańsk szczecin bydgoszcz lublin katowice białystok gdynia
	częstochowa radom toruń
	london birmingham manchester leeds glasgow liverpool bristol sheffield edinburgh cardiff belfast leicester
	nottingham newcastle brighton oxford cambridge dublin cork galway limerick
	madrid barcelona valencia sevilla zaragoza málaga murcia palma bilbao alicante valladolid
	roma rome milano milan napoli torino turin palermo genova bologna firenze florence bari catania venezia verona
	lisboa lisbon porto braga coimbra
	københavn copenhagen aarhus odense aalborg stockholm göteborg malmö uppsala oslo bergen helsinki espoo tampere turku
	praha prague brno ostrava bratislava košice budapest debrecen bucureşti bucharest cluj sofia plovdiv varna
	athens athina thessaloniki zagreb split ljubljana tallinn riga vilnius kaunas valletta nicosia reykjavik vaduz`
