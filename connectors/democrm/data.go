package democrm

import "strings"

// city is a city with the postal code patterns that belong to it. In a
// pattern '#' is a random digit and '@' a random capital letter.
type city struct {
	name    string
	postals []string
}

// locale holds everything the generator needs to make one country's data
// look like it came from that country's branch office.
type locale struct {
	tag       string   // "de-DE"
	country   string   // ISO 3166 alpha-2, also the IBAN country
	countries []string // how a legacy form wrote the country
	male      []string
	female    []string
	last      []string
	salutM    []string
	salutF    []string
	streets   []string
	cities    []city
	domains   []string
	// dateFormats are layouts for birth dates: "D" day, "M" month, "Y" year.
	dateFormats []string
	// notes are ticket templates; see Generator.note for the placeholders.
	notes    []string
	subjects []string
	currency string
}

var locales = []*locale{deDE, frFR, nlNL, plPL, enGB}

var deDE = &locale{
	tag: "de-DE", country: "DE", countries: []string{"DE", "Deutschland", "GERMANY", "D", "de"},
	male: []string{"Jürgen", "Klaus", "Stefan", "Thomas", "Michael", "Andreas", "Wolfgang", "Uwe", "Frank", "Peter",
		"Hans-Peter", "Karl-Heinz", "Matthias", "Markus", "Sebastian", "Lukas", "Jonas", "Felix", "Maximilian", "Tobias",
		"Dieter", "Günter", "Horst", "Bernd", "Rüdiger", "Jörg", "Björn", "Sören", "Christoph", "Florian",
		"Alexander", "Daniel", "Jan", "Niklas", "Moritz", "Leon", "Paul", "Heinz", "Ralf", "Volker"},
	female: []string{"Ursula", "Sabine", "Petra", "Monika", "Andrea", "Claudia", "Susanne", "Birgit", "Gabriele", "Karin",
		"Anna-Lena", "Marie-Luise", "Julia", "Katharina", "Lena", "Laura", "Sophie", "Hannah", "Lea", "Mia",
		"Jutta", "Renate", "Gisela", "Ingrid", "Brigitte", "Heike", "Anja", "Silke", "Kerstin", "Nicole",
		"Stefanie", "Franziska", "Jana", "Annika", "Jessica", "Sandra", "Tanja", "Doris", "Elke", "Bärbel"},
	last: []string{"Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann",
		"Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf", "Schröder", "Neumann", "Schwarz", "Zimmermann",
		"Braun", "Krüger", "Hofmann", "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier",
		"Lehmann", "Schmid", "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Mayer", "Huber",
		"Kaiser", "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel",
		"von Bülow", "Müller-Lüdenscheidt", "Graf von Stauffenberg", "Özdemir", "Yılmaz", "Nowak", "Kowalski", "Nguyen", "Papadopoulos", "Großmann"},
	salutM: []string{"Herr", "Hr.", "Herrn", "Herr Dr."}, salutF: []string{"Frau", "Fr.", "Frau Dr.", "Frau Prof. Dr."},
	streets: []string{"Hauptstraße", "Bahnhofstr.", "Schulstraße", "Gartenstraße", "Dorfstraße", "Lindenallee", "Bergstraße",
		"Kirchweg", "Am Markt", "Goethestraße", "Schillerstr.", "Friedrichstraße", "Kastanienallee", "Mühlenweg", "Rosenstraße",
		"Karl-Marx-Allee", "Ludwigstraße", "An der Alster", "Königsallee", "Zeil"},
	cities: []city{
		{"Berlin", []string{"10###", "12###", "13###"}}, {"Hamburg", []string{"20###", "22###"}},
		{"München", []string{"80###", "81###"}}, {"Köln", []string{"50###", "51###"}},
		{"Frankfurt am Main", []string{"60###"}}, {"Stuttgart", []string{"70###"}}, {"Düsseldorf", []string{"40###"}},
		{"Leipzig", []string{"04###"}}, {"Dresden", []string{"01###"}}, {"Nürnberg", []string{"90###"}},
		{"Bremen", []string{"28###"}}, {"Hannover", []string{"30###"}}, {"Lüdenscheid", []string{"58###"}},
		{"Görlitz", []string{"02###"}}, {"Freiburg im Breisgau", []string{"79###"}},
	},
	domains:     []string{"gmx.de", "web.de", "t-online.de", "posteo.de", "gmail.com", "freenet.de", "arcor.de", "mail.de"},
	dateFormats: []string{"D.M.Y", "D.M.Y", "D.M.Y", "Y-M-D", "D/M/Y", "M/D/Y"},
	notes: []string{
		"Kunde {name} rief an ({phone}) und bittet um Rückerstattung für {order} über {amount} EUR auf IBAN {iban}.",
		"Frau/Herr {name} möchte keine Werbung mehr, bitte E-Mail {email} aus dem Verteiler nehmen.",
		"Rückruf erbeten unter {phone}. Betrifft Bestellung {order}, Betrag {amount} EUR.",
		"Bankverbindung geändert: neue IBAN {iban}, Kontoinhaber {name}.",
		"{name} meldet, dass die Lieferung an {third} ging. Kontakt: {email}, Tel. {phone}.",
		"Beschwerde über Lieferverzug von {order}. Kundin erreichbar unter {email}.",
		"Ehemann {third} hat angerufen und wollte Auskunft über das Konto von {name}, abgelehnt.",
		"Auskunftsersuchen nach Art. 15 DSGVO von {name} ({email}) eingegangen.",
		"Lastschrift für {order} ({amount} EUR) geplatzt, bitte IBAN {iban} prüfen.",
		"Kein Kontakt möglich, Nummer {phone} nicht vergeben.",
	},
	subjects: []string{"Rückfrage zu Bestellung {order}", "Adressänderung", "Widerruf Newsletter", "Reklamation",
		"Lastschrift zurückgegeben", "Datenauskunft", "Lieferung nicht erhalten", "Rechnungskorrektur"},
	currency: "EUR",
}

var frFR = &locale{
	tag: "fr-FR", country: "FR", countries: []string{"FR", "France", "FRANCE", "F", "fr"},
	male: []string{"Jean", "Pierre", "Michel", "André", "Philippe", "Alain", "Jacques", "Bernard", "Christophe", "François",
		"Jean-Pierre", "Jean-Luc", "Jean-François", "Nicolas", "Julien", "Thomas", "Antoine", "Maxime", "Hugo", "Lucas",
		"Théo", "Mathis", "Louis", "Gabriel", "Raphaël", "Arthur", "Benoît", "Cédric", "Jérôme", "Stéphane",
		"Sébastien", "Frédéric", "Olivier", "Patrick", "Thierry", "Didier", "Gérard", "Hervé", "Loïc", "Yannick"},
	female: []string{"Marie", "Nathalie", "Isabelle", "Sylvie", "Catherine", "Françoise", "Christine", "Monique", "Valérie", "Sandrine",
		"Marie-Claire", "Anne-Sophie", "Marie-Hélène", "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Jade",
		"Élodie", "Céline", "Aurélie", "Stéphanie", "Hélène", "Agnès", "Brigitte", "Chantal", "Danielle", "Émilie",
		"Geneviève", "Josiane", "Laëtitia", "Mélanie", "Nadège", "Noémie", "Océane", "Solène", "Virginie", "Zoé"},
	last: []string{"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau",
		"Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent", "Fournier",
		"Morel", "Girard", "André", "Lefebvre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez",
		"Legrand", "Garnier", "Faure", "Rousseau", "Blanc", "Guérin", "Muller", "Henry", "Roussel", "Nicolas",
		"Perrin", "Morin", "Mathieu", "Clément", "Gauthier", "Dumont", "Lopez", "Fontaine", "Chevalier", "Robin",
		"de La Fontaine", "Le Goff", "Saint-Just", "N'Diaye", "Benali", "Nguyen", "Da Silva", "Le Béhérec", "Côté", "Lemaître"},
	salutM: []string{"M.", "Monsieur", "Mr"}, salutF: []string{"Mme", "Madame", "Mlle", "Mme."},
	streets: []string{"rue de la Paix", "avenue des Champs-Élysées", "boulevard Haussmann", "rue Victor Hugo", "place de la République",
		"rue du Faubourg Saint-Antoine", "chemin des Vignes", "allée des Tilleuls", "rue Nationale", "impasse du Moulin",
		"quai de la Tournelle", "rue de l'Église", "avenue Jean Jaurès", "rue Pasteur", "boulevard Gambetta"},
	cities: []city{
		{"Paris", []string{"750##"}}, {"Lyon", []string{"6900#"}}, {"Marseille", []string{"130##"}},
		{"Toulouse", []string{"310##"}}, {"Nice", []string{"060##"}}, {"Nantes", []string{"440##"}},
		{"Strasbourg", []string{"670##"}}, {"Montpellier", []string{"340##"}}, {"Bordeaux", []string{"330##"}},
		{"Lille", []string{"590##"}}, {"Rennes", []string{"350##"}}, {"Saint-Étienne", []string{"420##"}},
		{"Aix-en-Provence", []string{"13090", "13100"}}, {"Besançon", []string{"25000"}},
	},
	domains:     []string{"orange.fr", "free.fr", "laposte.net", "sfr.fr", "wanadoo.fr", "gmail.com", "hotmail.fr", "yahoo.fr"},
	dateFormats: []string{"D/M/Y", "D/M/Y", "D/M/Y", "Y-M-D", "D.M.Y", "D-M-Y"},
	notes: []string{
		"Le client {name} a appelé au {phone} pour un remboursement de la commande {order} ({amount} EUR) sur l'IBAN {iban}.",
		"Mme/M. {name} ne souhaite plus recevoir de publicité, retirer {email} de la liste.",
		"Rappeler au {phone} concernant la commande {order}, montant {amount} EUR.",
		"Changement de coordonnées bancaires : nouvel IBAN {iban}, titulaire {name}.",
		"{name} signale que le colis a été remis à {third}. Contact : {email}, tél. {phone}.",
		"Réclamation pour retard de livraison de {order}. Cliente joignable à {email}.",
		"Son fils {third} a demandé des informations sur le compte de {name}, refusé.",
		"Demande d'accès (art. 15 RGPD) reçue de {name} ({email}).",
		"Prélèvement de {amount} EUR pour {order} rejeté, vérifier l'IBAN {iban}.",
	},
	subjects: []string{"Question sur la commande {order}", "Changement d'adresse", "Désabonnement newsletter", "Réclamation",
		"Prélèvement rejeté", "Demande d'accès RGPD", "Colis non reçu"},
	currency: "EUR",
}

var nlNL = &locale{
	tag: "nl-NL", country: "NL", countries: []string{"NL", "Nederland", "Netherlands", "Holland", "nl"},
	male: []string{"Jan", "Johannes", "Cornelis", "Hendrik", "Pieter", "Willem", "Gerrit", "Dirk", "Jacob", "Kees",
		"Daan", "Sem", "Lucas", "Levi", "Finn", "Bram", "Thijs", "Ruben", "Jeroen", "Maarten",
		"Sjoerd", "Wouter", "Joost", "Bas", "Niels", "Stijn", "Teun", "Joris", "Arjen", "Ruud"},
	female: []string{"Maria", "Johanna", "Anna", "Cornelia", "Wilhelmina", "Elisabeth", "Hendrika", "Geertruida", "Sanne", "Anouk",
		"Emma", "Julia", "Sophie", "Tess", "Fenna", "Lotte", "Femke", "Marieke", "Ingrid", "Annemiek",
		"Wilma", "Ellen", "Mirjam", "Esther", "Inge", "Karin", "Petra", "Linda", "Marloes", "Saskia"},
	last: []string{"de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer",
		"de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker", "Brouwer",
		"de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "van der Linden", "Kok", "Jacobs", "de Haan", "Vermeulen",
		"van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "de Bruin", "van der Heijden", "Schouten", "van Beek", "Willems", "van Vliet",
		"IJzerman", "'t Hart", "van 't Hof", "Çelik", "El Amrani", "Bouzid", "Kramer", "Prins", "Huisman", "Postma"},
	salutM: []string{"dhr.", "Dhr.", "de heer", "meneer"}, salutF: []string{"mevr.", "Mevr.", "mevrouw", "mw."},
	streets: []string{"Kerkstraat", "Dorpsstraat", "Schoolstraat", "Molenweg", "Stationsweg", "Kalverstraat", "Prinsengracht",
		"Herengracht", "Keizersgracht", "Julianalaan", "Wilhelminastraat", "Oranjestraat", "Beatrixlaan", "Noordeinde", "Coolsingel"},
	cities: []city{
		{"Amsterdam", []string{"10## @@"}}, {"Rotterdam", []string{"30## @@"}}, {"Den Haag", []string{"25## @@"}},
		{"'s-Gravenhage", []string{"25## @@"}}, {"Utrecht", []string{"35## @@"}}, {"Eindhoven", []string{"56## @@"}},
		{"Groningen", []string{"97## @@"}}, {"Tilburg", []string{"50## @@"}}, {"Almere", []string{"13## @@"}},
		{"Breda", []string{"48## @@"}}, {"Nijmegen", []string{"65## @@"}}, {"Leeuwarden", []string{"89## @@"}},
		{"'s-Hertogenbosch", []string{"52## @@"}},
	},
	domains:     []string{"ziggo.nl", "kpnmail.nl", "hotmail.nl", "planet.nl", "xs4all.nl", "gmail.com", "live.nl", "home.nl"},
	dateFormats: []string{"D-M-Y", "D-M-Y", "Y-M-D", "D/M/Y", "D.M.Y"},
	notes: []string{
		"Klant {name} belde ({phone}) over terugbetaling van {order} ({amount} EUR) op IBAN {iban}.",
		"{name} wil geen reclame meer ontvangen, graag {email} uitschrijven.",
		"Graag terugbellen op {phone} over bestelling {order}, bedrag {amount} EUR.",
		"Nieuw rekeningnummer doorgegeven: {iban} t.n.v. {name}.",
		"{name} meldt dat het pakket bij de buren ({third}) is afgegeven. Contact: {email}, tel. {phone}.",
		"Klacht over late levering van {order}. Klant bereikbaar via {email}.",
		"Dochter {third} belde namens {name}, geen gegevens verstrekt.",
		"Inzageverzoek (art. 15 AVG) ontvangen van {name} ({email}).",
	},
	subjects: []string{"Vraag over bestelling {order}", "Adreswijziging", "Afmelden nieuwsbrief", "Klacht",
		"Incasso gestorneerd", "Inzageverzoek AVG"},
	currency: "EUR",
}

var plPL = &locale{
	tag: "pl-PL", country: "PL", countries: []string{"PL", "Polska", "Poland", "POLSKA", "pl"},
	male: []string{"Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Jan", "Michał", "Marcin", "Stanisław", "Jakub",
		"Adam", "Marek", "Łukasz", "Grzegorz", "Mateusz", "Wojciech", "Mariusz", "Dariusz", "Zbigniew", "Jerzy",
		"Maciej", "Rafał", "Kamil", "Szymon", "Bartosz", "Józef", "Ryszard", "Tadeusz", "Przemysław", "Sławomir"},
	female: []string{"Anna", "Maria", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Krystyna", "Elżbieta", "Zofia",
		"Magdalena", "Joanna", "Aleksandra", "Monika", "Teresa", "Danuta", "Natalia", "Karolina", "Marta", "Beata",
		"Dorota", "Halina", "Jadwiga", "Jolanta", "Iwona", "Grażyna", "Bożena", "Urszula", "Agata", "Weronika"},
	last: []string{"Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak",
		"Dąbrowski", "Kozłowski", "Jankowski", "Mazur", "Kwiatkowski", "Krawczyk", "Piotrowski", "Grabowski", "Nowakowski", "Pawłowski",
		"Michalski", "Nowicki", "Adamczyk", "Dudek", "Zając", "Wieczorek", "Jabłoński", "Król", "Majewski", "Olszewski",
		"Jaworski", "Wróbel", "Malinowski", "Pawlak", "Witkowski", "Walczak", "Stępień", "Górski", "Rutkowski", "Michalak",
		"Sikora", "Ostrowski", "Baran", "Duda", "Szewczyk", "Tomaszewski", "Pietrzak", "Marciniak", "Wróblewski", "Zalewski",
		"Brzęczyszczykiewicz", "Łukasiewicz", "Szczęsny", "Żółkiewski", "Chrząszcz"},
	salutM: []string{"Pan", "P.", "Sz. P."}, salutF: []string{"Pani", "P.", "Sz. Pani"},
	streets: []string{"ul. Marszałkowska", "ul. Długa", "ul. Piotrkowska", "ul. Floriańska", "al. Jerozolimskie", "ul. Mickiewicza",
		"ul. Słowackiego", "ul. Kościuszki", "ul. Sienkiewicza", "ul. Polna", "ul. Leśna", "ul. Ogrodowa", "os. Tysiąclecia", "pl. Wolności",
		"ul. Żeromskiego", "ul. 3 Maja"},
	cities: []city{
		{"Warszawa", []string{"00-###", "01-###", "02-###", "03-###", "04-###"}}, {"Kraków", []string{"30-###", "31-###"}},
		{"Łódź", []string{"90-###", "91-###", "92-###"}}, {"Wrocław", []string{"50-###", "51-###"}},
		{"Poznań", []string{"60-###", "61-###"}}, {"Gdańsk", []string{"80-###"}}, {"Szczecin", []string{"70-###", "71-###"}},
		{"Bydgoszcz", []string{"85-###"}}, {"Lublin", []string{"20-###"}}, {"Białystok", []string{"15-###"}},
		{"Katowice", []string{"40-###"}}, {"Gdynia", []string{"81-###"}}, {"Częstochowa", []string{"42-2##"}},
		{"Bielsko-Biała", []string{"43-3##"}}, {"Zielona Góra", []string{"65-###"}},
	},
	domains:     []string{"wp.pl", "onet.pl", "o2.pl", "interia.pl", "gmail.com", "op.pl", "gazeta.pl", "tlen.pl"},
	dateFormats: []string{"D.M.Y", "D.M.Y", "Y-M-D", "Y-M-D", "D-M-Y", "D/M/Y"},
	notes: []string{
		"Klient {name} dzwonił ({phone}) w sprawie zwrotu za zamówienie {order} ({amount} PLN) na konto {iban}.",
		"Pani/Pan {name} nie chce otrzymywać reklam, proszę usunąć {email} z listy.",
		"Prośba o oddzwonienie pod numer {phone} w sprawie zamówienia {order}, kwota {amount} PLN.",
		"Zmiana rachunku bankowego: nowy numer {iban}, właściciel {name}.",
		"{name} zgłasza, że paczkę odebrał {third}. Kontakt: {email}, tel. {phone}.",
		"Reklamacja opóźnionej dostawy {order}. Klientka dostępna pod adresem {email}.",
		"Sąsiad {third} pytał o dane {name}, odmówiono.",
		"Wniosek o dostęp do danych (art. 15 RODO) od {name} ({email}).",
	},
	subjects: []string{"Pytanie o zamówienie {order}", "Zmiana adresu", "Rezygnacja z newslettera", "Reklamacja",
		"Zwrot płatności", "Wniosek RODO"},
	currency: "PLN",
}

var enGB = &locale{
	tag: "en-GB", country: "GB", countries: []string{"GB", "UK", "United Kingdom", "England", "gb"},
	male: []string{"Oliver", "George", "Harry", "Jack", "Jacob", "Charlie", "Thomas", "Oscar", "William", "James",
		"David", "John", "Paul", "Mark", "Andrew", "Richard", "Christopher", "Stephen", "Ian", "Gareth",
		"Rhys", "Callum", "Hamish", "Alistair", "Declan", "Connor", "Mohammed", "Arjun", "Kwame", "Nigel"},
	female: []string{"Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Lily", "Freya", "Charlotte",
		"Susan", "Margaret", "Sarah", "Elizabeth", "Helen", "Karen", "Julie", "Claire", "Rebecca", "Joanne",
		"Siobhan", "Niamh", "Eilidh", "Bethan", "Catriona", "Priya", "Aisha", "Chloe", "Hannah", "Gemma"},
	last: []string{"Smith", "Jones", "Williams", "Taylor", "Brown", "Davies", "Evans", "Wilson", "Thomas", "Johnson",
		"Roberts", "Robinson", "Thompson", "Wright", "Walker", "White", "Edwards", "Hughes", "Green", "Hall",
		"Lewis", "Harris", "Clarke", "Patel", "Jackson", "Wood", "Turner", "Martin", "Cooper", "Hill",
		"Ward", "Morris", "Moore", "Clark", "Lee", "King", "Baker", "Harrison", "Morgan", "Allen",
		"O'Brien", "O'Connor", "McDonald", "MacLeod", "Fitzgerald", "Ap Rhys", "Smith-Jones", "Khan", "Ahmed", "Singh"},
	salutM: []string{"Mr", "Mr.", "Dr", "Sir"}, salutF: []string{"Mrs", "Ms", "Miss", "Mrs.", "Dr"},
	streets: []string{"High Street", "Station Road", "Main Street", "Park Road", "Church Road", "Church Street", "London Road",
		"Victoria Road", "Green Lane", "Manor Road", "Church Lane", "Kings Road", "Queens Road", "The Crescent", "Mill Lane"},
	cities: []city{
		{"London", []string{"SW1A #@@", "EC1A #@@", "N1 #@@", "E14 #@@", "SE1 #@@", "W1D #@@"}},
		{"Manchester", []string{"M1 #@@", "M14 #@@"}}, {"Birmingham", []string{"B1 #@@", "B15 #@@"}},
		{"Leeds", []string{"LS1 #@@"}}, {"Glasgow", []string{"G1 #@@", "G12 #@@"}}, {"Edinburgh", []string{"EH1 #@@", "EH8 #@@"}},
		{"Cardiff", []string{"CF10 #@@"}}, {"Bristol", []string{"BS1 #@@"}}, {"Liverpool", []string{"L1 #@@"}},
		{"Newcastle upon Tyne", []string{"NE1 #@@"}}, {"Belfast", []string{"BT1 #@@"}}, {"Milton Keynes", []string{"MK9 #@@"}},
	},
	domains:     []string{"btinternet.com", "outlook.com", "yahoo.co.uk", "gmail.com", "hotmail.co.uk", "sky.com", "virginmedia.com", "talktalk.net"},
	dateFormats: []string{"D/M/Y", "D/M/Y", "Y-M-D", "M/D/Y", "D-M-Y"},
	notes: []string{
		"Customer {name} called on {phone} asking for a refund of {order} ({amount} GBP) to account {iban}.",
		"{name} no longer wants marketing, please remove {email} from the mailing list.",
		"Please ring back on {phone} re order {order}, amount {amount} GBP.",
		"Bank details changed: new IBAN {iban}, account holder {name}.",
		"{name} says the parcel was left with {third} next door. Contact: {email}, tel {phone}.",
		"Complaint about late delivery of {order}. Customer can be reached at {email}.",
		"Her husband {third} rang asking about {name}'s account, declined.",
		"Subject access request (Art. 15 UK GDPR) from {name} ({email}).",
	},
	subjects: []string{"Query about order {order}", "Change of address", "Unsubscribe newsletter", "Complaint",
		"Direct debit returned", "Subject access request"},
	currency: "GBP",
}

// asciiFold transliterates a name for use in an e-mail local part.
var asciiFold = strings.NewReplacer(
	"ä", "ae", "ö", "oe", "ü", "ue", "ß", "ss", "Ä", "Ae", "Ö", "Oe", "Ü", "Ue",
	"é", "e", "è", "e", "ê", "e", "ë", "e", "É", "E", "à", "a", "â", "a", "ç", "c", "î", "i", "ï", "i",
	"ô", "o", "û", "u", "ù", "u", "ÿ", "y", "œ", "oe", "Ç", "C",
	"ą", "a", "ć", "c", "ę", "e", "ł", "l", "Ł", "L", "ń", "n", "ó", "o", "ś", "s", "Ś", "S", "ź", "z", "ż", "z", "Ż", "Z",
	"ı", "i", "İ", "I", "Ö", "O", "ğ", "g", "ş", "s", "Ş", "S",
	" ", "", "'", "", "-", "",
)

// agents are the CRM's support staff logins.
var agents = []string{"jkrause", "m.dubois", "pvisser", "a.nowak", "sjones", "t.mueller", "c.leroy", "kwojcik",
	"helpdesk", "import_bot", "r.smith", "evdberg"}

// ipPrefixes are the networks customer IPs come from.
var ipPrefixes = []string{"192.0.2.", "198.51.100.", "203.0.113.", "84.153.", "91.64.", "78.192.", "145.53.", "83.24.", "86.145."}
