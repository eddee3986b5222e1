package pii

import "testing"

// TestLegacyCRMColumnNames holds cases of a hunt on legacy CRMs' column
// names (de, at, ch, fr, be, nl, pl, it, es, pt, uk, ie): values no
// detector knows by themselves, which only the column's name can mark
// (personal: the whole value covered at 0.5 or more), and columns about
// kinds and products whose values a hint took for personal data (not
// personal: nothing at 0.5 or more).
func TestLegacyCRMColumnNames(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		field, value string
		personal     bool
	}{
		// names: regional words, glued upper-case names, abbreviations
		{"zuname", "Obermoser", true},
		{"rufname", "Schorsch", true},
		{"zweitname", "Aloisia", true},
		{"middlename", "Eluned", true},
		{"ledigname", "Wüthrich", true},
		{"maedchenname", "Rieder", true},
		{"mädchenname", "Unterberger", true},
		{"meisjesnaam", "Hoogeveen", true},
		{"apelido", "Fragoso", true},
		{"KDNAME", "PERNKOPF ROMUALD", true},
		{"VNAME", "Florentina", true},
		{"PERS_VNAME", "Florentina", true},
		{"NNAME", "Eggenberger", true},
		{"GEBNAME", "Hauer", true},
		{"custname", "Prydderch", true},
		{"cust_first_nm", "Rhodri", true},
		{"cust_last_nm", "Prydderch", true},
		{"Kontaktname", "Heidi", true},
		{"partnernaam", "Boersma", true},
		{"known_as", "Paddy", true},
		{"nickname", "Bunny", true},
		{"spitzname", "Hansi", true},
		{"surnom", "Titi", true},
		{"soprannome", "Totò", true},
		{"apodo", "Txiki", true},
		{"alcunha", "Zé Pequeno", true},
		{"AnsprPartner", "Mayrhofer", true},
		{"ANSPRECHP", "Fr. Mayrhofer", true},
		{"persona_contacto", "Maite Urkiola", true},
		{"rekeninghouder", "G. Boersma-Hoekstra", true},
		{"tenaamstelling", "H.W. Oosterveld", true},
		{"titular_cuenta", "Iñaki Etxeberria", true},
		{"intestatario_conto", "Ciro Scognamiglio", true},
		{"rechnungsempfaenger", "Wendelin Gruber", true},
		// spouses, relatives and roles as the whole name
		{"ehefrau", "Brunhilde", true},
		{"ehegatte", "Adelheid Rohrmoser", true},
		{"lebenspartner", "Rosalinde Hinterleitner", true},
		{"conjoint", "Soizic Le Roux", true},
		{"coniuge", "Carmela Iannone", true},
		{"conyuge", "Arantxa Lizarralde", true},
		{"spouse", "Gwendolyn", true},
		{"echtgenote", "Grietje", true},
		{"vater", "Alois Zehetner", true},
		{"madre", "Annunziata Russo", true},
		{"betreuer", "Herbert Wallner", true},
		{"bevollmaechtigter", "Gertrud Pfandl", true},
		{"versicherter", "Ottokar Lindlbauer", true},
		{"mieter", "Cäcilia Hörmann", true},
		{"fahrzeughalter", "Gundula Strobl", true},
		{"payee", "Aoibheann Nic Giolla", true},
		{"interlocuteur", "M. Pennec", true},
		{"nominativo", "Sig.ra Immacolata Russo", true},
		{"next_of_kin", "Gwyneth Prydderch (wife)", true},
		{"emergency_contact", "Huw Prydderch", true},
		// places
		{"ortsteil", "Kleinaitingen", true},
		{"gemeinde", "Rohrbach-Berg", true},
		{"wohngemeinde", "Wattens", true},
		{"wohnsitz", "Gmunden", true},
		{"heimatort", "Trubschachen", true},
		{"buergerort", "Langnau im Emmental", true},
		{"gebort", "Mühldorf", true},
		{"KDORT", "LUNZ", true},
		{"lieu_naiss", "Plougastel-Daoulas", true},
		{"dept_naiss", "Finistère", true},
		{"comune", "Pago del Vallo di Lauro", true},
		{"città", "Roccaraso", true},
		{"frazione", "San Martino", true},
		{"localita", "Ponte", true},
		{"localidad", "Aretxabaleta", true},
		{"municipio", "Errenteria", true},
		{"poblacion", "Zarautz", true},
		{"localidade", "Arcozelo", true},
		{"freguesia", "São Martinho do Campo", true},
		{"concelho", "Santo Tirso", true},
		{"naturalidade", "Guimarães", true},
		{"gmina", "Smyków", true},
		{"locality", "Llanfairfechan", true},
		{"parish", "Kilmacud", true},
		{"domicilio", "Caserío Goikoa", true},
		{"naw", "Boersma, Klaas, Achterom 3", true},
		// house and flat numbers, streets
		{"hnr", "23", true},
		{"strhnr", "Zur Alten Mühle", true},
		{"civico", "12/b", true},
		{"num_civico", "3", true},
		{"n_civico", "44", true},
		{"flat_no", "2B", true},
		{"nr_lokalu", "7", true},
		{"nr_mieszkania", "15", true},
		{"numero_casa", "3", true},
		{"no_voie", "3", true},
		// phones, ids
		{"hometel", "57 23 41", true},
		{"festnetz", "07231 5", true},
		{"mob", "07700 9", true},
		{"tfno", "943 12 34 5", true},
		{"nss", "1 61 03 29", true},
		{"sozvers_nr", "1234 120357", true},
		{"cod_fisc", "SCGGLC61C12", true},

		// what legacy columns kept of an address, a number or a date:
		// the local part alone, a local number, a birthday without year
		{"e_mail", "corentin29", true},
		{"kontakt_email", "peterbauer", true},
		{"fldTelefon2", "2 34 56", true},
		{"telefon_durchwahl", "4711", true},
		{"geb_dat", "12.3.", true},
		{"geburtstag", "12. Mai", true},
		{"dob", "March 61", true},
		{"email", "keine", false},
		{"email", "n/a", false},
		{"dob", "unbekannt", false},
		{"telefon", "123", false},
		// not personal: kinds of addresses, products, a field's name
		{"ort_typ", "Filiale", false},
		{"address_type", "HOME", false},
		{"street_type", "Avenue", false},
		{"tipo_via", "Calle", false},
		{"tipo_morada", "fiscal", false},
		{"produkt_name", "Hausrat Plus", false},
		{"nombre_producto", "Hipoteca Fija", false},
		{"nome_prodotto", "Conto Arancio", false},
		{"nome_produto", "Conta Ordenado", false},
		{"nom_produit", "Multirisque Habitation", false},
		{"name_format", "LAST_FIRST", false},
		{"nom_champ", "tel_port", false},
		{"locality_type", "urban", false},
		{"gemeinde_typ", "Marktgemeinde", false},
		{"mob_type", "MOBILE", false},
		// a review of the rules above: German "kind" is a child, whose
		// address it names; "ansprech" starts other words than a
		// contact's (ansprechzeiten, ansprechbar); a local part alone has
		// a digit or a name in it, not an e-mail column's "kein" or what
		// columns and keys about e-mail hold; a short phone number no
		// comma, full stop or colon, and not in a key's column; a birthday
		// its month, not an age
		{"kind_plz", "10115", true},
		{"ort_kind", "Bochum", true},
		{"ansprechzeiten", "Mo bis Fr", false},
		{"ansprechbar", "ja", false},
		{"email", "kein", false},
		{"email", "nomail", false},
		{"email", "verweigert", false},
		{"email_type", "HOME", false},
		{"email_status", "mueller", false}, // a key's or a kind's column: a listed name there is no local part
		{"email_template", "anna", false},
		{"email_provider", "hansenet", false},
		{"email_status", "bounced", false},
		{"payload", `{"newsletter":{"mail":"weekly"}}`, false},
		{"phone", "0000", false},
		{"festnetz_preis", "19,99", false},
		{"telefon_dauer", "0:03:25", false},
		{"mobile_os_version", "14.2.1", false},
		{"phone_id", "4711", false},
		{"phone_prefix", "0049", false},
		{"dob", "über 18", false},
		{"geburtsdatum", "ca. 50 Jahre", false},
		{"birthday_reminder", "7 Tage vorher", false},
		// a review of that review: a local part that is a listed name
		// alone, one with an initial after it, a given name before a
		// family name no list holds; a short number after a label's
		// abbreviation; who used a program (created_by_app_user)
		{"email", "mueller", true},
		{"email", "bernd", true},
		{"email", "smithj", true},
		{"email", "wolfgangstrasser", true},
		{"email", "marketing", false},
		{"email_status", "inactive", false},
		{"phone", "Tel. 4711", true},
		{"phone", "4711.", true},
		{"created_by_app_user", "anna.nowak", true},
		{"changed_by_sys_user", "hmueller", true},
		{"created_by_system", "SAP", false},
		// and of that one: a full stop after no phone's word; a
		// program's name
		{"phone", "Tel.: 4711", true},
		{"phone", "ca. 1500", false},
		{"phone", "Jan. 2024", false},
		{"created_by_app_name", "Salesforce", false},
		// a number's parts in columns of their own (a review found the
		// area code raw beside its rufnummer masked): area codes, calling
		// codes and extensions are shorter than a number; not a kind's or
		// a key's column, nor letters, nor zeros alone, nor an indicative
		// price
		{"vorwahl", "030", true},
		{"Vorwahl", "04621", true},
		{"ortsvorwahl", "(0)30", true},
		{"landesvorwahl", "+49", true},
		{"telefon_vorwahl", "0221", true},
		{"area_code", "020", true},
		{"AreaCode", "0161", true},
		{"netnummer", "020", true},
		{"nr_kierunkowy", "+48 22", true},
		{"kierunkowy", "22", true},
		{"indicatif", "+33", true},
		{"dial_code", "+44", true},
		{"onkz", "30", true},
		{"durchwahl", "12", true},
		{"telefon_durchwahl", "12", true},
		{"rufnr", "1234567", true},
		{"natel", "7912345", true},
		{"whatsapp", "+49 151 2345678", true},
		{"whatsapp_nr", "2345678", true},
		{"whatsapp_opt_in", "true", false},
		{"komórka", "1234567", true},
		// bank accounts under German and Polish names
		{"bankkonto", "532013000", true},
		{"bank_konto_nr", "532013000", true},
		{"kontoverbindung", "532013000", true},
		{"nrb", "61109010140000071219812874", true},
		{"NRB", "61 1090 1014 0000 0712 1981 2874", true},
		{"bankkonto_inhaber", "Hans Obermoser", true},
		{"bankkonto_typ", "Giro", false},
		{"area_code", "NORTH", false},
		{"area_code", "A1", false},
		{"vorwahl_id", "030", false},
		{"vorwahl", "00", false},
		{"vorwahl", "0", false},
		{"prix_indicatif", "12", false},
		{"sales_area_code", "12", false},
		{"phone_area_code", "030", true},
		{"tel_indicatif", "+33", true},
		{"telefon", "123", false},
	} {
		fs := s.ScanField(tc.field, tc.value, nil)
		covered := make([]bool, len(tc.value))
		found := false
		for _, f := range fs {
			if f.Score < 0.5 {
				continue
			}
			found = true
			for i := f.Start; i < f.End; i++ {
				covered[i] = true
			}
		}
		if !tc.personal {
			if found {
				t.Errorf("%s=%q: not personal, found %v", tc.field, tc.value, fs)
			}
			continue
		}
		for i := 0; i < len(tc.value); i++ {
			if c := tc.value[i]; c >= 0x80 || isDigit(c) || isASCIILetter(c) {
				if !covered[i] {
					t.Errorf("%s=%q: byte %d raw, found %v", tc.field, tc.value, i, fs)
					break
				}
			}
		}
	}
}
