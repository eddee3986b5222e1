package pii

import (
	"slices"
	"strings"
	"testing"
)

// Names beyond the letters of Western Europe: Vietnamese letters of Latin
// Extended Additional ("Nguyễn" was cut to "Nguy"), Romanian "Ș" and "Ț",
// Cyrillic "Є" and "І", Greek capitals with their accent ("Άννα"), and
// the given and family names of Turkish, Arabic and Maghrebi, Greek,
// Russian, Ukrainian, Bulgarian, Romanian and Vietnamese customers.
// Each case's span must be covered by one finding of its category's
// family; the words of not, ordinary text around the name, by none.
func TestNamesInMoreScripts(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		field, value string
		cat          Category
		span         string
		not          []string
	}{
		// letters the byte helpers did not know
		{"notes", "Mme Nguyễn Thị Hoa", Name, "Nguyễn Thị Hoa", nil},
		{"notes", "Frau Trần Thị Hương", Name, "Trần Thị Hương", nil},
		{"notes", "Herr Phạm Minh Đức", Name, "Phạm Minh Đức", nil},
		{"notes", "Herr PHẠM VĂN ĐỨC hat angerufen", Name, "PHẠM VĂN ĐỨC", []string{"angerufen"}},
		{"notes", "frau trần thị hương hat angerufen", Name, "trần thị hương", []string{"angerufen"}},
		{"notes", "Rückruf von Mme Nguyễn Thị Hoa wegen der Rechnung", Name, "Nguyễn Thị Hoa", []string{"Rechnung", "wegen"}},
		{"notes", "Herr Șerban", Name, "Șerban", nil},
		{"notes", "Herr Țurcanu", Name, "Țurcanu", nil},
		{"notes", "Kunde Ștefan Țurcanu", Name, "Ștefan Țurcanu", nil},
		{"notes", "Herr Іван Шевченко", Name, "Іван Шевченко", nil},
		{"notes", "Frau Євгенія Бойко", Name, "Євгенія Бойко", nil},
		{"notes", "Frau Άννα Παππά", Name, "Άννα Παππά", nil},
		{"notes", "Frau Άννα Παππά: Η παραγγελία αποστέλλεται αύριο.", Name, "Άννα Παππά", []string{"παραγγελία", "αύριο"}},
		{"notes", "Herr Șerban: Comanda a fost livrată în Școala Generală nr. 5.", Name, "Șerban", []string{"Comanda", "Școala", "Generală"}},
		{"notes", "Kunde Ionuț Popescu", Name, "Ionuț Popescu", nil},
		{"notes", "Kunde Ionut Popescu", Name, "Ionut Popescu", nil},
		{"notes", "Kunde Tuan Nguyễn", Name, "Tuan Nguyễn", nil},
		{"notes", "KUNDE ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ", Name, "ΓΙΩΡΓΟΣ ΠΑΠΑΔΟΠΟΥΛΟΣ", nil},
		{"notes", "Kunde Γιωργος Παπαδοπουλος", Name, "Γιωργος Παπαδοπουλος", nil},
		{"notes", "Kunde Євген Коваленко", Name, "Євген Коваленко", nil},

		// given and family names the lists did not know
		{"notes", "Kunde Karim Haddad", Name, "Karim Haddad", nil},
		{"notes", "Kunde Youssef Benali", Name, "Youssef Benali", nil},
		{"notes", "Kunde Ioannis Papadopoulos", Name, "Ioannis Papadopoulos", nil},
		{"notes", "Sohn Ahmet hat angerufen", Name, "Ahmet", []string{"angerufen"}},
		{"notes", "Kunde Le Thi Hoa", Name, "Le Thi Hoa", nil},
		{"notes", "Kunde Lê Thị Hoa", Name, "Lê Thị Hoa", nil},
		{"notes", "von Vu Thi Mai", Name, "Vu Thi Mai", nil},
		{"notes", "Anruf von Karim, bitte zurückrufen", Name, "Karim", []string{"bitte"}},
		{"notes", "Telefonat mit Zeynep Mai 2024", Name, "Zeynep", []string{"Mai"}},
		{"notes", "Kunde Emre Doğan: Sipariş yarın kargoya verilecek.", Name, "Emre Doğan", []string{"Sipariş", "kargoya"}},
		{"notes", "Kunde Andreea Popescu: Mulțumim pentru comandă!", Name, "Andreea Popescu", []string{"Mulțumim"}},
		{"notes", "Kunde Dmytro Kovalenko", Name, "Dmytro Kovalenko", nil},
		{"notes", "Kunde Svetlana Ivanova", Name, "Svetlana Ivanova", nil},
		{"notes", "Kunde Дмитрий Иванов", Name, "Дмитрий Иванов", nil},
		{"notes", "Клиент Иван Петров позвонил", Name, "Иван Петров", []string{"Клиент", "позвонил"}},
		{"notes", "Sohn Ahmet hat angerufen: Заказ будет отправлен завтра. Доставка бесплатная.", Name, "Ahmet", []string{"Заказ", "Доставка"}},
		{"notes", "Поръчка от Десислава Георгиева, доставка утре", Name, "Десислава Георгиева", []string{"Поръчка", "доставка"}},
		{"notes", "Ο πελάτης Γιώργος Παπαδόπουλος τηλεφώνησε", Name, "Γιώργος Παπαδόπουλος", []string{"πελάτης", "τηλεφώνησε"}},
		{"notes", "Khách hàng Phạm Thị Lan gọi điện", Name, "Phạm Thị Lan", []string{"Khách", "gọi"}},
		{"notes", "Kunde Le Thi Hoa: Đơn hàng sẽ được giao vào ngày mai.", Name, "Le Thi Hoa", []string{"Đơn", "giao"}},
		{"notes", "Kunde Karim Haddad, Lieferung nach Ho Chi Minh City", Name, "Karim Haddad", []string{"Ho Chi Minh", "Lieferung"}},
		{"notes", "Herr Phạm Minh Đức, Termin im Mai", Name, "Phạm Minh Đức", []string{"Termin", "Mai"}},
		{"kontakt", "Hatice Öztürk", Name, "Hatice Öztürk", nil},

		// a particle that is a family name too, after a person's word
		{"notes", "Kunde De Vries", Name, "De Vries", nil},
		{"notes", "Klant De Jong belde gisteren", Name, "De Jong", []string{"belde"}},
	} {
		fs := s.ScanField(tc.field, tc.value, nil)
		if !familyCovers(t, fs, tc.value, tc.span, tc.cat) {
			t.Errorf("%s %q: want %s covering %q, got %s", tc.field, tc.value, tc.cat, tc.span, describe(fs))
		}
		for _, w := range tc.not {
			for _, f := range overlapping(t, fs, tc.value, w, inFamily(tc.cat)) {
				t.Errorf("%s %q: %q taken as a %s: %q", tc.field, tc.value, w, tc.cat, tc.value[f.Start:f.End])
			}
		}
	}
}

// Upper and lower case of the letters beyond Latin Extended-A: a capital
// is one (isUpperAt), folds to its small letter (foldWord) and is a letter
// of its word (wordEnd).
func TestCaseOfMoreScripts(t *testing.T) {
	for _, tc := range []struct{ upper, lower string }{
		{"Ễ", "ễ"}, {"Ạ", "ạ"}, {"Ỹ", "ỹ"}, {"Ḁ", "ḁ"}, {"Ẕ", "ẕ"}, // Latin Extended Additional
		{"Ș", "ș"}, {"Ț", "ț"}, {"Ǎ", "ǎ"}, {"Ǜ", "ǜ"}, {"Ǟ", "ǟ"}, {"Ȁ", "ȁ"}, {"Ə", "ə"}, // Latin Extended-B
		{"Є", "є"}, {"І", "і"}, {"Ї", "ї"}, {"Ѐ", "ѐ"}, {"Џ", "џ"}, {"Ґ", "ґ"}, {"Ӑ", "ӑ"}, {"Ӂ", "ӂ"}, // Cyrillic
		{"Ά", "ά"}, {"Έ", "έ"}, {"Ή", "ή"}, {"Ί", "ί"}, {"Ό", "ό"}, {"Ύ", "ύ"}, {"Ώ", "ώ"}, {"Ϊ", "ϊ"}, // Greek
	} {
		w := tc.upper + "x"
		if !isUpperAt(w, 0) || isUpperAt(tc.lower+"x", 0) {
			t.Errorf("%s %s: isUpperAt = %v, %v; want true, false", tc.upper, tc.lower, isUpperAt(w, 0), isUpperAt(tc.lower+"x", 0))
		}
		if e := wordEnd("a"+w+" b", 0); e != 1+len(w) {
			t.Errorf("%s: wordEnd %d, want %d", tc.upper, e, 1+len(w))
		}
		if got, want := foldString(tc.upper), foldString(tc.lower); got != want {
			t.Errorf("%s: folds to %q, %s to %q", tc.upper, got, tc.lower, want)
		}
	}
	// Greek names are looked up as written with their accents, without,
	// and in capitals.
	for _, w := range []string{"ΓΙΏΡΓΟΣ", "ΓΙΩΡΓΟΣ", "Γιωργος"} {
		if got, want := foldString(w), foldString("Γιώργος"); got != want {
			t.Errorf("%s folds to %q, want %q", w, got, want)
		}
	}
}

// Regressions a review of the letters beyond Latin Extended-A found: a
// family name in capitals that keeps its ß ("STRAUß Anna") or a word of
// mojibake ("Ð˜Ð²Ð°Ð½", "µ" and "ž" for Cyrillic "е" and "О") before a
// name is still upper case (hasLower); a capitalised Greek or Cyrillic
// word before a listed family name is a given name; a name ends before an
// e-mail address's local part (localPartAt); a run of months ("Jan Feb
// Mar", "Jan" a given name too) is no name (monthAsName).
func TestCapitalsAndMonthRuns(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct{ value, span string }{
		{"STRAUß Anna", "STRAUß Anna"},
		{"NUßBAUM Anna", "NUßBAUM Anna"},
		{"Kontakt: KLOßNER Peter", "KLOßNER Peter"},
		{"MEIßNER Jürgen Tel. 030 1234567", "MEIßNER Jürgen"},
		{"Kontakt: Ð”ÐµÑ\ufffdÐ¸Ñ\ufffdÐ»Ð°Ð²Ð° Huber", "Huber"},
		{"Kontakt: Î“Î¹ÏŽÏ\ufffdÎ³Î¿Ï‚ Huber", "Huber"},
		{"Kontakt: Зоя Huber", "Зоя Huber"},
		{"Станислав Huber", "Станислав Huber"},
		{"Kontakt: Κλεοπάτρα Huber", "Κλεοπάτρα Huber"},
		// a name typed before an e-mail address without a comma ends
		// before the address's local part ("ivanova" is a listed family
		// name now: the name ran on into "anna" of the address and lost)
		{"Frau anna ivanova anna.m@gmx.de", "anna ivanova"},
		{"Herr jan popescu jan@popescu.ro", "jan popescu"},
		{"Kunde Anna Schmidt Anna.Schmidt@gmx.de", "Anna Schmidt"},
	} {
		fs := s.ScanField("notes", tc.value, nil)
		if !familyCovers(t, fs, tc.value, tc.span, Name) {
			t.Errorf("%q: want a name covering %q, got %s", tc.value, tc.span, describe(fs))
		}
	}
	for _, tc := range []struct{ value, month string }{
		{"Umsatz Jan Feb Mar Apr", "Feb"},
		{"Quarterly sales Jan Feb Mar", "Feb"},
		{"Lieferzeitraum: Jan Feb Mär", "Feb"},
		{"Umsatz Jan Feb Mar Apr Mai Jun", "Mai"},
	} {
		fs := s.ScanField("notes", tc.value, nil)
		for _, f := range overlapping(t, fs, tc.value, tc.month, inFamily(Name)) {
			t.Errorf("%q: %q taken as a name: %q", tc.value, tc.month, tc.value[f.Start:f.End])
		}
	}
	// a month's name after a name is still one
	for _, v := range []string{"von Vu Thi Mai", "Termin mit Anna Juni", "Jan Mai"} {
		fs := s.ScanField("notes", v, nil)
		if len(fs) == 0 || fs[0].End != len(v) {
			t.Errorf("%q: want a name to its end, got %s", v, describe(fs))
		}
	}
}

// familyCovers reports whether a finding of cat's family covers the first
// occurrence of span in value.
func familyCovers(t *testing.T, fs []Finding, value, span string, cat Category) bool {
	t.Helper()
	return covers(t, fs, value, span, inFamily(cat))
}

// covers reports whether a finding of fs that keep accepts covers the
// first occurrence of sub in value.
func covers(t *testing.T, fs []Finding, value, sub string, keep func(Finding) bool) bool {
	t.Helper()
	start, end := spanIn(t, value, sub)
	return slices.ContainsFunc(fs, func(f Finding) bool { return keep(f) && f.Start <= start && f.End >= end })
}

// overlapping returns the findings of fs that keep accepts and that share
// a byte with the first occurrence of sub in value.
func overlapping(t *testing.T, fs []Finding, value, sub string, keep func(Finding) bool) []Finding {
	t.Helper()
	start, end := spanIn(t, value, sub)
	var over []Finding
	for _, f := range fs {
		if keep(f) && f.Start < end && f.End > start {
			over = append(over, f)
		}
	}
	return over
}

// spanIn returns the bounds of the first occurrence of sub in value; a
// case whose sub is not in its value is a bad case.
func spanIn(t *testing.T, value, sub string) (start, end int) {
	t.Helper()
	start = strings.Index(value, sub)
	if start < 0 {
		t.Fatalf("bad case %q: %q not in the value", value, sub)
	}
	return start, start + len(sub)
}

// inFamily accepts the findings of cat's family.
func inFamily(cat Category) func(Finding) bool {
	return func(f Finding) bool { return family(f.Category) == family(cat) }
}
