#!/usr/bin/env python3
"""Generate deploy/postgres/crm.sql: lethe's synthetic legacy CRM (schema, roles, data).

Every person in the output is invented. IBANs, card numbers and national ids carry
valid check digits (so detectors that validate them fire), names/phones/addresses
are plausible for de-DE, fr-FR, nl-NL, pl-PL and en-GB, and the data has the mess
of a CRM that has been migrated twice: mixed date formats, stray spaces, upper
case, empty strings next to NULLs, masked card numbers, PII inside free text.

Deterministic: the same seed gives the same file, so tests can rely on row counts.

    python3 deploy/postgres/gen_crm.py > deploy/postgres/crm.sql
"""

import datetime as dt
import random
import unicodedata

SEED = 20140311
N_CUSTOMERS = 200

rnd = random.Random(SEED)

LOCALES = ["de-DE", "fr-FR", "nl-NL", "pl-PL", "en-GB"]

NAMES = {
    "de-DE": {
        "m": ["Jürgen", "Klaus", "Stefan", "Thomas", "Michael", "Andreas", "Uwe", "Lukas", "Jonas", "Maximilian", "Dieter", "Björn"],
        "f": ["Sabine", "Petra", "Monika", "Ursula", "Claudia", "Anna", "Lea", "Katrin", "Jördis", "Birgit", "Sophie", "Heike"],
        "last": ["Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker", "Hoffmann", "Schäfer", "Koch", "Groß", "Weiß", "Bauer", "Krüger", "Zimmermann"],
        "sal": {"m": ["Herr", "Hr.", "HERR"], "f": ["Frau", "Fr.", "FRAU"]},
    },
    "fr-FR": {
        "m": ["Jean", "Pierre", "Michel", "François", "Nicolas", "Julien", "Étienne", "Luc", "Thierry", "Mathieu"],
        "f": ["Marie", "Nathalie", "Isabelle", "Sylvie", "Céline", "Camille", "Hélène", "Sandrine", "Chloé", "Élodie"],
        "last": ["Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand", "Leroy", "Moreau", "Lefèvre", "Girard", "Bonnet", "Rousseau"],
        "sal": {"m": ["M.", "Monsieur", "Mr"], "f": ["Mme", "Madame", "Mlle"]},
    },
    "nl-NL": {
        "m": ["Jan", "Pieter", "Dirk", "Willem", "Sander", "Bram", "Joost", "Maarten", "Ruud", "Thijs"],
        "f": ["Anouk", "Sanne", "Lotte", "Femke", "Marieke", "Ingrid", "Eva", "Noor", "Annelies", "Saskia"],
        "last": ["de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit", "Meijer", "de Boer", "Mulder", "van der Meer", "Bos"],
        "sal": {"m": ["Dhr.", "De heer", "dhr"], "f": ["Mevr.", "Mevrouw", "mevr"]},
    },
    "pl-PL": {
        "m": ["Piotr", "Krzysztof", "Andrzej", "Tomasz", "Paweł", "Michał", "Marcin", "Łukasz", "Grzegorz", "Wojciech"],
        "f": ["Anna", "Katarzyna", "Małgorzata", "Agnieszka", "Barbara", "Ewa", "Magdalena", "Joanna", "Zofia", "Żaneta"],
        "last": ["Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski", "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski"],
        "sal": {"m": ["Pan", "P.", "PAN"], "f": ["Pani", "P.", "PANI"]},
    },
    "en-GB": {
        "m": ["James", "Oliver", "George", "Harry", "William", "Thomas", "Jack", "Daniel", "Matthew", "Alastair"],
        "f": ["Olivia", "Amelia", "Emily", "Charlotte", "Sophie", "Jessica", "Eleanor", "Grace", "Harriet", "Siobhan"],
        "last": ["Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies", "Robinson", "Wright", "Thompson", "Evans", "O'Connor", "Fletcher-Hughes"],
        "sal": {"m": ["Mr", "Mr.", "MR"], "f": ["Mrs", "Ms", "Miss"]},
    },
}

MAIL_DOMAINS = {
    "de-DE": ["web.de", "gmx.de", "t-online.de", "posteo.de", "firma-example.de"],
    "fr-FR": ["orange.fr", "free.fr", "laposte.net", "wanadoo.fr", "exemple.fr"],
    "nl-NL": ["ziggo.nl", "kpnmail.nl", "hotmail.nl", "xs4all.nl", "voorbeeld.nl"],
    "pl-PL": ["wp.pl", "onet.pl", "interia.pl", "o2.pl", "przyklad.pl"],
    "en-GB": ["btinternet.com", "gmail.com", "yahoo.co.uk", "outlook.com", "example.co.uk"],
}

CITIES = {
    "de-DE": [("Berlin", "10", "030"), ("Hamburg", "20", "040"), ("München", "80", "089"), ("Köln", "50", "0221"), ("Frankfurt am Main", "60", "069"), ("Leipzig", "04", "0341"), ("Düsseldorf", "40", "0211")],
    "fr-FR": [("Paris", "75", "01"), ("Lyon", "69", "04"), ("Marseille", "13", "04"), ("Toulouse", "31", "05"), ("Lille", "59", "03"), ("Nantes", "44", "02")],
    "nl-NL": [("Amsterdam", "10", "020"), ("Rotterdam", "30", "010"), ("Utrecht", "35", "030"), ("Den Haag", "25", "070"), ("Eindhoven", "56", "040"), ("Groningen", "97", "050")],
    "pl-PL": [("Warszawa", "00", "22"), ("Kraków", "30", "12"), ("Łódź", "90", "42"), ("Wrocław", "50", "71"), ("Poznań", "60", "61"), ("Gdańsk", "80", "58")],
    "en-GB": [("London", "SW1A", "020"), ("Manchester", "M1", "0161"), ("Birmingham", "B1", "0121"), ("Leeds", "LS1", "0113"), ("Bristol", "BS1", "0117"), ("Edinburgh", "EH1", "0131")],
}

STREETS = {
    "de-DE": ["Hauptstraße", "Bahnhofstr.", "Goethestraße", "Schillerstr.", "Am Markt", "Lindenallee", "Friedrichstraße", "Kirchweg"],
    "fr-FR": ["rue de la République", "avenue Victor Hugo", "boulevard Voltaire", "rue du Moulin", "place de l'Église", "rue Pasteur"],
    "nl-NL": ["Kerkstraat", "Dorpsstraat", "Stationsweg", "Molenlaan", "Prinsengracht", "Hoofdstraat"],
    "pl-PL": ["ul. Marszałkowska", "ul. Długa", "ul. Polna", "al. Jerozolimskie", "ul. Kościuszki", "ul. Słoneczna"],
    "en-GB": ["High Street", "Station Road", "Church Lane", "Victoria Road", "Park Avenue", "Mill Lane"],
}

COUNTRY_SPELLINGS = {
    "de-DE": ["DE", "Deutschland", "Germany", "D", "deutschland"],
    "fr-FR": ["FR", "France", "Frankreich", "F"],
    "nl-NL": ["NL", "Nederland", "Netherlands", "Niederlande"],
    "pl-PL": ["PL", "Polska", "Poland", "Polen"],
    "en-GB": ["GB", "UK", "United Kingdom", "England"],
}


def sql(v):
    """Render a Python value as an SQL literal."""
    if v is None:
        return "NULL"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int):
        return str(v)
    if isinstance(v, dt.datetime):
        return "'" + v.strftime("%Y-%m-%d %H:%M:%S+00") + "'"
    return "'" + str(v).replace("'", "''") + "'"


def digits(n):
    return "".join(str(rnd.randint(0, 9)) for _ in range(n))


# --- check digits -------------------------------------------------------------

def iban(country, bban):
    """A valid IBAN for country and BBAN (ISO 13616 mod 97)."""
    rearranged = bban + country + "00"
    num = "".join(str(int(c, 36)) for c in rearranged)
    check = 98 - int(num) % 97
    return f"{country}{check:02d}{bban}"


def luhn_complete(prefix, length):
    body = prefix + digits(length - len(prefix) - 1)
    total = 0
    for i, ch in enumerate(reversed(body)):
        d = int(ch)
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return body + str((10 - total % 10) % 10)


def steuer_id():
    """German Steuer-IdNr: 11 digits, ISO 7064 MOD 11,10 check digit."""
    while True:
        body = str(rnd.randint(1, 9)) + digits(9)
        if len(set(body)) >= 8:  # one digit repeated, as the rules require (roughly)
            break
    product = 10
    for ch in body:
        s = (int(ch) + product) % 10 or 10
        product = (s * 2) % 11
    check = (11 - product) % 10
    return body + str(check)


def bsn():
    """Dutch BSN: 9 digits passing the 11-proof."""
    while True:
        d = [rnd.randint(0, 9) for _ in range(8)]
        if d[0] == 0:
            continue
        s = sum(w * x for w, x in zip(range(9, 1, -1), d))
        last = s % 11
        if last <= 9:
            return "".join(map(str, d)) + str(last)


def pesel(birth, female):
    """Polish PESEL with month offset and checksum."""
    y, m, dd = birth.year, birth.month, birth.day
    if 2000 <= y < 2100:
        m += 20
    serial = rnd.randint(0, 999)
    sex = rnd.choice([0, 2, 4, 6, 8]) if female else rnd.choice([1, 3, 5, 7, 9])
    body = f"{y % 100:02d}{m:02d}{dd:02d}{serial:03d}{sex}"
    w = [1, 3, 7, 9, 1, 3, 7, 9, 1, 3]
    s = sum(int(c) * k for c, k in zip(body, w))
    return body + str((10 - s % 10) % 10)


def nir(birth, female, dept):
    """French NIR (numéro de sécurité sociale): 13 digits + 2-digit key."""
    dept = dept if dept.isdigit() else "75"
    body = f"{2 if female else 1}{birth.year % 100:02d}{birth.month:02d}{dept[:2]}{rnd.randint(1, 999):03d}{rnd.randint(1, 999):03d}"
    key = 97 - int(body) % 97
    return f"{body}{key:02d}"


def ni_number():
    """UK National Insurance number (format only; there is no check digit)."""
    first = rnd.choice("ABCEGHJKLMNOPRSTWXYZ")
    second = rnd.choice("ABCEGHJKLMNPRSTWXYZ")
    return f"{first}{second}{digits(6)}{rnd.choice('ABCD')}"


def rib_key(bank, branch, account):
    """French RIB key so FR IBANs are valid end to end."""
    return 97 - (89 * int(bank) + 15 * int(branch) + 3 * int(account)) % 97


def make_iban(locale):
    c = locale[-2:]
    if c == "DE":
        return iban("DE", digits(8) + digits(10))
    if c == "FR":
        bank, branch, account = digits(5), digits(5), digits(11)
        return iban("FR", f"{bank}{branch}{account}{rib_key(bank, branch, account):02d}")
    if c == "NL":
        return iban("NL", rnd.choice(["ABNA", "INGB", "RABO", "SNSB", "TRIO"]) + digits(10))
    if c == "PL":
        return iban("PL", digits(24))
    return iban("GB", rnd.choice(["NWBK", "BARC", "LOYD", "MIDL", "HBUK"]) + digits(6) + digits(8))


def format_iban(v):
    r = rnd.random()
    if r < 0.5:
        return " ".join(v[i:i + 4] for i in range(0, len(v), 4))
    if r < 0.6:
        return v.lower()
    return v


# --- people -------------------------------------------------------------------

def phone(locale, area):
    c = locale[-2:]
    r = rnd.random()
    if c == "DE":
        local = digits(rnd.choice([6, 7, 8]))
        mobile = "01" + rnd.choice(["51", "60", "70", "76"]) + digits(7)
        return rnd.choice([f"+49 {area[1:]} {local}", f"{area}/{local}", f"0049-{area[1:]}-{local}", f"{area} {local}", f"+49 {mobile[1:4]} {mobile[4:]}", mobile])
    if c == "FR":
        n = "6" + digits(8) if r < 0.5 else area[1] + digits(8)
        pairs = " ".join(n[i:i + 2] for i in range(1, 9, 2))
        return rnd.choice([f"+33 {n[0]} {pairs}", f"0{n[0]} {pairs}", f"0{n[0]}.{pairs.replace(' ', '.')}", f"0{n}"])
    if c == "NL":
        if r < 0.5:
            m = digits(8)
            return rnd.choice([f"+31 6 {m}", f"06-{m}", f"06 {m[:2]} {m[2:4]} {m[4:6]} {m[6:]}"])
        loc = digits(10 - len(area))
        return rnd.choice([f"{area}-{loc}", f"+31 {area[1:]} {loc}"])
    if c == "PL":
        m = rnd.choice(["5", "6", "7", "8"]) + digits(8)
        return rnd.choice([f"+48 {m[:3]} {m[3:6]} {m[6:]}", f"{m[:3]}-{m[3:6]}-{m[6:]}", f"0048{m}", f"({area}) {digits(3)} {digits(2)} {digits(2)}"])
    m = "7" + rnd.choice(["700", "400", "911", "981"]) + digits(6)
    return rnd.choice([f"+44 {m[:4]} {m[4:]}", f"0{m[:4]} {m[4:]}", f"{area} {digits(3)} {digits(4)}", f"+44 (0){m}"])


def birth_string(b, locale):
    r = rnd.random()
    if r < 0.08:
        return ""
    if r < 0.11:
        return None
    fmts = {
        "de-DE": ["%d.%m.%Y", "%Y-%m-%d", "%d.%m.%y"],
        "fr-FR": ["%d/%m/%Y", "%Y-%m-%d"],
        "nl-NL": ["%d-%m-%Y", "%Y-%m-%d", "%d/%m/%Y"],
        "pl-PL": ["%d.%m.%Y", "%Y-%m-%d"],
        "en-GB": ["%d/%m/%Y", "%m/%d/%Y", "%Y-%m-%d"],
    }[locale]
    return b.strftime(rnd.choice(fmts))


def ascii_fold(s):
    """Fold a name to the ASCII a mail address would use (Müller -> muller)."""
    s = s.replace("ß", "ss").replace("ł", "l").replace("Ł", "L")
    s = unicodedata.normalize("NFKD", s)
    return "".join(ch for ch in s if ch.isascii() and ch not in " '")


def email(first, last, locale):
    f, l = ascii_fold(first.lower()), ascii_fold(last.lower()).replace(".", "")
    dom = rnd.choice(MAIL_DOMAINS[locale])
    local = rnd.choice([f"{f}.{l}", f"{f[0]}.{l}", f"{f}{l}{rnd.randint(1, 99)}", f"{l}.{f}", f"{f}_{l}"])
    v = f"{local}@{dom}"
    r = rnd.random()
    if r < 0.06:
        return v.upper()
    if r < 0.1:
        return " " + v + " "
    if r < 0.14:
        return ""
    return v


BASE = dt.datetime(2009, 1, 5, 8, 0, 0)


def ts(start=BASE, days=5000):
    return start + dt.timedelta(days=rnd.randint(0, days), seconds=rnd.randint(0, 86399))


customers = []
for cid in range(1, N_CUSTOMERS + 1):
    loc = LOCALES[(cid - 1) % len(LOCALES)] if rnd.random() < 0.8 else rnd.choice(LOCALES)
    sex = rnd.choice("mf")
    n = NAMES[loc]
    first, last = rnd.choice(n[sex]), rnd.choice(n["last"])
    if rnd.random() < 0.15:
        first = first + "-" + rnd.choice(n[sex]) if loc in ("de-DE", "fr-FR") else first + " " + rnd.choice(n[sex])
    birth = dt.date(1940, 1, 1) + dt.timedelta(days=rnd.randint(0, 23000))
    city, zip_prefix, area = rnd.choice(CITIES[loc])
    nid = {
        "de-DE": steuer_id, "nl-NL": bsn, "en-GB": ni_number,
        "pl-PL": lambda: pesel(birth, sex == "f"),
        "fr-FR": lambda: nir(birth, sex == "f", zip_prefix),
    }[loc]()
    if loc == "en-GB" and rnd.random() < 0.5:
        nid = f"{nid[:2]} {nid[2:4]} {nid[4:6]} {nid[6:8]} {nid[8]}"
    if rnd.random() < 0.2:
        nid = rnd.choice(["", None])
    created = ts()
    updated = created + dt.timedelta(days=rnd.randint(0, 900))
    sal = rnd.choice(n["sal"][sex]) if rnd.random() < 0.9 else rnd.choice(["", None, "Dr.", "Prof. Dr."])
    first_out = first.upper() if rnd.random() < 0.05 else (first + " " if rnd.random() < 0.05 else first)
    customers.append(dict(
        customer_id=cid, salutation=sal, first_name=first_out, last_name=last,
        email=email(first, last, loc), phone=phone(loc, area) if rnd.random() < 0.92 else rnd.choice(["", None, "n/a"]),
        geburtsdatum=birth_string(birth, loc), locale=loc, national_id=nid,
        iban=format_iban(make_iban(loc)) if rnd.random() < 0.85 else rnd.choice(["", None]),
        created_at=created, updated_at=updated,
        _first=first, _last=last, _city=city, _zip=zip_prefix, _area=area, _sex=sex,
    ))

ROLES = ["Buchhaltung", "Einkauf", "Geschäftsführer", "comptabilité", "achats", "inkoop", "boekhouding", "księgowość", "zakupy", "accounts payable", "procurement", "IT", "Ehepartner", "conjoint", "Notfallkontakt"]

contacts = []
cid_iter = rnd.sample(range(1, N_CUSTOMERS + 1), 110)
contact_id = 1
for cid in sorted(cid_iter):
    c = customers[cid - 1]
    for _ in range(rnd.choice([1, 1, 2])):
        n = NAMES[c["locale"]]
        sex = rnd.choice("mf")
        first, last = rnd.choice(n[sex]), rnd.choice(n["last"])
        full = rnd.choice([f"{first} {last}", f"{last}, {first}", f"{first[0]}. {last}", f"{last.upper()} {first}"])
        contacts.append(dict(contact_id=contact_id, customer_id=cid, full_name=full, role=rnd.choice(ROLES),
                             telefon_nr=phone(c["locale"], c["_area"]) if rnd.random() < 0.9 else "",
                             email=email(first, last, c["locale"]) if rnd.random() < 0.85 else None))
        contact_id += 1


def postal(loc, prefix):
    if loc == "nl-NL":
        return f"{prefix}{digits(2)} {rnd.choice('ABCDEFGHJKLMNPRSTVWXZ')}{rnd.choice('ABCDEFGHJKLMNPRSTVWXZ')}" if rnd.random() < 0.8 else f"{prefix}{digits(2)}{rnd.choice('ABC')}{rnd.choice('KLM')}"
    if loc == "pl-PL":
        return f"{prefix}-{digits(3)}" if rnd.random() < 0.85 else f"{prefix}{digits(3)}"
    if loc == "en-GB":
        return f"{prefix} {rnd.randint(1, 9)}{rnd.choice('ABDEFGHJLNPQRSTUWXYZ')}{rnd.choice('ABDEFGHJLNPQRSTUWXYZ')}"
    if loc == "fr-FR":
        return f"{prefix}{digits(3)}"
    return f"{prefix}{digits(3)}"


addresses = []
aid = 1
for c in customers:
    for k in range(rnd.choice([1, 1, 1, 2])):
        loc = c["locale"]
        city, zp, _ = (c["_city"], c["_zip"], None) if k == 0 else rnd.choice(CITIES[loc])
        no = rnd.choice([str(rnd.randint(1, 180)), f"{rnd.randint(1, 90)}a", f"{rnd.randint(1, 40)}-{rnd.randint(41, 60)}", f"{rnd.randint(1, 30)} bis", f"{rnd.randint(1, 99)}/{rnd.randint(1, 12)}"])
        street = rnd.choice(STREETS[loc])
        if rnd.random() < 0.1:  # house number typed into the street field
            street, no = f"{street} {no}", ""
        addresses.append(dict(address_id=aid, customer_id=c["customer_id"], street=street, house_no=no,
                              postal_code=postal(loc, zp) if rnd.random() < 0.95 else "",
                              city=city.upper() if rnd.random() < 0.07 else city,
                              country=rnd.choice(COUNTRY_SPELLINGS[loc])))
        aid += 1


def card():
    kind = rnd.random()
    if kind < 0.4:
        n = luhn_complete("4", 16)
    elif kind < 0.75:
        n = luhn_complete(rnd.choice(["51", "52", "53", "54", "55", "2221"]), 16)
    else:
        n = luhn_complete(rnd.choice(["34", "37"]), 15)
    r = rnd.random()
    if r < 0.25:
        return "*" * (len(n) - 4) + n[-4:]  # masked by a later system
    if r < 0.32:
        return f"{n[:4]} XXXX XXXX {n[-4:]}"
    if r < 0.55:
        return " ".join(n[i:i + 4] for i in range(0, len(n), 4))
    if r < 0.62:
        return "-".join(n[i:i + 4] for i in range(0, len(n), 4))
    if r < 0.7:
        return rnd.choice(["", None])
    return n


def ip():
    r = rnd.random()
    if r < 0.7:
        return f"{rnd.choice([31, 62, 78, 80, 81, 84, 86, 91, 176, 188, 212, 217])}.{rnd.randint(0, 255)}.{rnd.randint(0, 255)}.{rnd.randint(1, 254)}"
    if r < 0.85:
        return f"2a02:{rnd.randint(0x100, 0xfff):x}:{rnd.randint(0, 0xffff):x}::{rnd.randint(1, 0xffff):x}"
    return rnd.choice(["", None, "127.0.0.1", "unknown"])


orders = []
for oid in range(1, 321):
    c = rnd.choice(customers)
    when = ts(c["created_at"], 1800)
    cur = {"de-DE": "EUR", "fr-FR": "EUR", "nl-NL": "EUR", "pl-PL": rnd.choice(["PLN", "PLN", "EUR"]), "en-GB": "GBP"}[c["locale"]]
    orders.append(dict(order_id=oid, customer_id=c["customer_id"], order_no=f"ORD-{when.year}-{rnd.randint(1, 99999):06d}",
                       total_cents=rnd.randint(199, 250000), currency=cur if rnd.random() < 0.95 else cur.lower(),
                       card_number=card(), ordered_at=when, ip_address=ip()))

# Free-text ticket notes: PII inside sentences, several languages, plus hard negatives
# (order numbers, ticket refs, amounts, dates that are not birth dates).
NOTE_TEMPLATES = {
    "de-DE": [
        "Kundin {full} hat angerufen, Rückruf bitte unter {phone}. Bestellung {order} noch nicht geliefert.",
        "Herr {last} bittet um Änderung der Bankverbindung auf {iban}. Alte IBAN gelöscht.",
        "E-Mail von {email}: möchte den Newsletter nicht mehr bekommen. Bitte austragen!",
        "Rechnung {order} über 149,90 EUR doppelt abgebucht. Erstattung auf {iban} veranlasst.",
        "Geburtsdatum laut Ausweis {birth}, im System falsch. Kunde {full} sehr verärgert.",
        "Paket an {street} {no}, {zip} {city} kam beschädigt an. Foto per Mail an {email}.",
    ],
    "fr-FR": [
        "{full} a appelé au {phone} : la commande {order} n'est pas arrivée.",
        "Le client demande la suppression de ses données (RGPD). Contact : {email}.",
        "Mme {last} souhaite changer son IBAN pour {iban}, merci de vérifier.",
        "Livraison au {no} {street}, {zip} {city} impossible, personne sur place.",
        "Remboursement de 59,00 EUR pour {order}, carte se terminant par {card4}.",
    ],
    "nl-NL": [
        "Meneer {last} belde vanaf {phone} over bestelling {order}. Graag terugbellen.",
        "Klant {full} wil geen marketing meer ontvangen, e-mail {email}.",
        "Nieuw rekeningnummer doorgegeven: {iban}. Oude rekening opgeheven.",
        "Adreswijziging: {street} {no}, {zip} {city}.",
    ],
    "pl-PL": [
        "Pani {full} dzwoniła z numeru {phone} w sprawie zamówienia {order}.",
        "Klient prosi o zwrot 120,00 PLN na konto {iban}.",
        "Proszę o kontakt mailowy: {email}. Reklamacja {ticket}.",
        "Zmiana adresu na {street} {no}, {zip} {city}.",
    ],
    "en-GB": [
        "Spoke to {full} on {phone}; order {order} was left with a neighbour.",
        "Customer asked us to delete everything we hold on them (SAR/erasure). Reply to {email}.",
        "Refund of £24.99 to card ending {card4} for {order}. Ticket {ticket} closed.",
        "Please update bank details to {iban} - confirmed by phone.",
        "DOB on file is wrong, should be {birth}. {first} was quite upset.",
    ],
}

SUBJECTS = {
    "de-DE": ["Lieferung verspätet", "Bankverbindung ändern", "Abmeldung Newsletter", "Doppelte Abbuchung", "Adressänderung", "Beschwerde"],
    "fr-FR": ["Commande non reçue", "Demande RGPD", "Changement d'IBAN", "Remboursement"],
    "nl-NL": ["Bestelling", "Afmelden marketing", "Rekeningnummer", "Adreswijziging"],
    "pl-PL": ["Zamówienie", "Zwrot", "Reklamacja", "Zmiana adresu"],
    "en-GB": ["Delivery issue", "Erasure request", "Refund", "Bank details", "Account update"],
}
AGENTS = ["agent.mk", "agent.lb", "s.krause", "j.dupont", "p.visser", "a.nowak", "t.hughes", "import_2009", "bot"]

tickets = []
for tid in range(1, 181):
    c = rnd.choice(customers)
    loc = c["locale"]
    addr = next(a for a in addresses if a["customer_id"] == c["customer_id"])
    o = rnd.choice(orders)
    vals = dict(full=f"{c['_first']} {c['_last']}", first=c["_first"], last=c["_last"],
                phone=phone(loc, c["_area"]), email=email(c["_first"], c["_last"], loc).strip() or f"{ascii_fold(c['_last'].lower())}@{MAIL_DOMAINS[loc][0]}",
                iban=format_iban(make_iban(loc)), order=o["order_no"], ticket=f"TCK-{rnd.randint(10000, 99999)}",
                birth=(dt.date(1950, 1, 1) + dt.timedelta(days=rnd.randint(0, 18000))).strftime("%d.%m.%Y"),
                street=addr["street"], no=addr["house_no"], zip=addr["postal_code"], city=addr["city"],
                card4=digits(4))
    parts = [t.format(**vals) for t in rnd.sample(NOTE_TEMPLATES[loc], rnd.choice([1, 1, 2]))]
    if rnd.random() < 0.15:  # a colleague from another country adds an English line
        parts.append(rnd.choice(NOTE_TEMPLATES["en-GB"]).format(**vals))
    if rnd.random() < 0.1:
        parts = [""] if rnd.random() < 0.5 else ["Kein Kontakt möglich. / No PII here, just ticket " + vals["ticket"] + "."]
    tickets.append(dict(ticket_id=tid, customer_id=c["customer_id"], subject=rnd.choice(SUBJECTS[loc]),
                        notes="\n".join(parts), agent=rnd.choice(AGENTS), created_at=ts(c["created_at"], 2000)))

consents = []
coid = 1
for c in customers:
    for purpose in rnd.sample(["marketing_email", "marketing_phone", "newsletter", "profiling"], rnd.randint(0, 3)):
        src = rnd.choice(["web_form", "web_form", "paper", "phone", "import_2009"])
        rec = BASE if src == "import_2009" else ts(c["created_at"], 1500)
        granted = rnd.random() < 0.8
        withdrawn = ts(rec, 1000) if granted and rnd.random() < 0.2 else None
        proof = {"web_form": f"form-sub-{rnd.randint(100000, 999999)}", "paper": f"scan/{rec.year}/{rnd.randint(1, 9999):05d}.pdf",
                 "phone": f"call-rec-{rnd.randint(10000, 99999)}", "import_2009": rnd.choice(["", None, "legacy-crm-v1"])}[src]
        consents.append(dict(consent_id=coid, customer_id=c["customer_id"], purpose=purpose, granted=granted, source=src,
                             proof_ref=proof, recorded_at=rec, withdrawn_at=withdrawn))
        coid += 1


SCHEMA = """-- lethe sample legacy CRM: roles, schema and synthetic data.
-- GENERATED by deploy/postgres/gen_crm.py (seed {seed}); edit the generator, not this file.
-- Every person here is invented; IBANs, cards and national ids have valid check digits.
--
-- Run as a superuser connected to any database (docker-entrypoint-initdb.d does that; so does
-- deploy/stack/stack.sh). Creates:
--   role crm / password crm         owner of database crm, LOGIN REPLICATION (Debezium)
--   role lethe_scan / lethe_scan    read-only (lethe scan)
--   publications dbz_crm, dbz_crmavro  for the two Debezium connectors (pgoutput)
\\set ON_ERROR_STOP on

CREATE ROLE crm WITH LOGIN REPLICATION PASSWORD 'crm';
CREATE ROLE lethe_scan WITH LOGIN PASSWORD 'lethe_scan';
CREATE DATABASE crm OWNER crm ENCODING 'UTF8' TEMPLATE template0;
\\connect crm
SET client_encoding = 'UTF8';
SET ROLE crm;

CREATE TABLE customers (
    customer_id  bigint PRIMARY KEY,
    salutation   text,
    first_name   text,
    last_name    text,
    email        text,
    phone        text,
    geburtsdatum text,        -- birth date as typed: 1978-03-14, 14.03.1978, 14/03/1978, 03/14/1978, ''
    locale       text,        -- de-DE fr-FR nl-NL pl-PL en-GB
    national_id  text,
    iban         text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    updated_at   timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE contacts (
    contact_id  bigint PRIMARY KEY,
    customer_id bigint REFERENCES customers (customer_id) ON DELETE CASCADE,
    full_name   text,
    role        text,
    telefon_nr  text,
    email       text
);

CREATE TABLE addresses (
    address_id  bigint PRIMARY KEY,
    customer_id bigint REFERENCES customers (customer_id) ON DELETE CASCADE,
    street      text,
    house_no    text,
    postal_code text,
    city        text,
    country     text
);

CREATE TABLE orders (
    order_id    bigint PRIMARY KEY,
    customer_id bigint REFERENCES customers (customer_id) ON DELETE SET NULL,
    order_no    text,          -- ORD-2014-004711: looks like an id, is not personal
    total_cents bigint,
    currency    text,
    card_number text,          -- legacy raw card numbers, some masked
    ordered_at  timestamptz,
    ip_address  text
);

CREATE TABLE tickets (
    ticket_id   bigint PRIMARY KEY,
    customer_id bigint REFERENCES customers (customer_id) ON DELETE CASCADE,
    subject     text,
    notes       text,          -- free text; PII inside sentences
    agent       text,
    created_at  timestamptz
);

CREATE TABLE consents (
    consent_id   bigint PRIMARY KEY,
    customer_id  bigint REFERENCES customers (customer_id) ON DELETE CASCADE,
    purpose      text,         -- marketing_email marketing_phone newsletter profiling
    granted      boolean NOT NULL,
    source       text,         -- web_form paper phone import_2009
    proof_ref    text,
    recorded_at  timestamptz NOT NULL,
    withdrawn_at timestamptz
);

-- Updates and deletes carry the whole before image.
ALTER TABLE customers REPLICA IDENTITY FULL;
ALTER TABLE contacts  REPLICA IDENTITY FULL;
ALTER TABLE addresses REPLICA IDENTITY FULL;
ALTER TABLE orders    REPLICA IDENTITY FULL;
ALTER TABLE tickets   REPLICA IDENTITY FULL;
ALTER TABLE consents  REPLICA IDENTITY FULL;

GRANT USAGE ON SCHEMA public TO lethe_scan;
GRANT SELECT ON ALL TABLES IN SCHEMA public TO lethe_scan;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT ON TABLES TO lethe_scan;
"""

TAIL = """
RESET ROLE;
-- Publications made here, so Debezium needs no superuser (publication.autocreate.mode=disabled).
CREATE PUBLICATION dbz_crm FOR TABLE customers, contacts, addresses, orders, tickets, consents;
CREATE PUBLICATION dbz_crmavro FOR TABLE customers, contacts, addresses, orders, tickets, consents;
ALTER PUBLICATION dbz_crm OWNER TO crm;
ALTER PUBLICATION dbz_crmavro OWNER TO crm;
ANALYZE;
"""


def emit(table, rows):
    cols = [k for k in rows[0] if not k.startswith("_")]
    out = [f"\n-- {table}: {len(rows)} rows\nINSERT INTO {table} ({', '.join(cols)}) VALUES"]
    for i, r in enumerate(rows):
        sep = "," if i < len(rows) - 1 else ";"
        out.append("  (" + ", ".join(sql(r[c]) for c in cols) + ")" + sep)
    return "\n".join(out)


def main():
    parts = [SCHEMA.format(seed=SEED)]
    for name, rows in [("customers", customers), ("contacts", contacts), ("addresses", addresses),
                       ("orders", orders), ("tickets", tickets), ("consents", consents)]:
        parts.append(emit(name, rows))
    parts.append(TAIL)
    print("\n".join(parts))


if __name__ == "__main__":
    main()
