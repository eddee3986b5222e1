package pii_test

import (
	"fmt"

	"github.com/lethe-cdc/lethe/pipeline/pii"
)

func ExampleScanner_ScanField() {
	s := pii.NewScanner()
	v := "Bitte Frau Anna Schmidt unter +49 30 1234567 zurückrufen."
	for _, f := range s.ScanField("notes", v, nil) {
		fmt.Println(f.Category, f.Detector, f.Start, f.End)
	}
	// A short value in a hinted column is classified whole.
	for _, f := range s.ScanField("nachname", "Kowalczyk", nil) {
		fmt.Println(f.Category, f.Detector, f.Start, f.End)
	}
	// Output:
	// user.name person_name 11 23
	// user.contact.phone_number phone 30 44
	// user.name.last person_name 0 9
}

func ExampleColumnStats() {
	s := pii.NewScanner()
	var c pii.ColumnStats
	for _, v := range []string{"030 1234567", "", "0171 2345678"} {
		c.Observe("telefon_nr", s.ScanField("telefon_nr", v, nil), v == "")
	}
	v := c.Verdict()
	fmt.Println(v.Personal, v.Categories[0].Category, v.NonNull, v.WithPII, v.Reasons)
	// Output:
	// true user.contact.phone_number 2 2 [phone]
}
