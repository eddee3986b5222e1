package pii

import "testing"

// Places of worship in addresses are place names, not Art. 9 data; the same
// words about a person still are.
func TestSpecialCategoryWordsInAddresses(t *testing.T) {
	s := NewScanner()
	for _, tc := range []struct {
		field, value string
		special      bool
	}{
		{"street", "Rue de l'Église", false},
		{"street", "Kirchstraße 4", false},
		{"notes", "Lieferung an Kirchstraße 4, 10115 Berlin.", false},
		{"notes", "Livraison au 12 rue de l'Église, 75001 Paris.", false},
		{"notes", "Lieferung an Rue de l'Église 12, 75001 Paris.", false},
		{"notes", "Der Kunde ist katholisch und möchte keine Werbung.", true},
		{"notes", "Patient mit Diabetes, bitte Rückruf.", true},
	} {
		got := false
		for _, f := range s.ScanField(tc.field, tc.value, nil) {
			if f.Detector == "special_category" {
				got = true
			}
		}
		if got != tc.special {
			t.Errorf("%s %q: special category reported = %v, want %v", tc.field, tc.value, got, tc.special)
		}
	}
}
