package synth

import (
	"strings"
	"testing"
)

// FuzzValidators feeds arbitrary text to every validator: none may panic,
// and the validators must agree with each other where their rules nest.
func FuzzValidators(f *testing.F) {
	for _, s := range []string{"DE89 3704 0044 0532 0130 00", "4111-1111-1111-1111", "86095742719",
		"2 55 08 14 168 025 38", "111222333", "44051401359", "AB 12 34 56 C", "", "ü", "GB82WEST1234569876543Z"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if ValidCardNumber(s) && !ValidLuhn(s) {
			t.Fatal("a valid card number fails Luhn")
		}
		if ValidIBAN(s) != ValidIBAN(strings.ToUpper(s)) {
			t.Fatal("ValidIBAN depends on case")
		}
		ValidSteuerID(s)
		ValidNIR(s)
		ValidBSN(s)
		ValidPESEL(s)
		ValidNINO(s)
	})
}

// FuzzIBANCheckDigits builds IBANs from arbitrary BBANs: with the computed
// check digits every one of acceptable length validates.
func FuzzIBANCheckDigits(f *testing.F) {
	f.Add("DE", "370400440532013000")
	f.Add("GB", "WEST12345698765432")
	f.Fuzz(func(t *testing.T, country, bban string) {
		if len(country) != 2 || len(bban) < 11 || len(bban) > 30 {
			return
		}
		for _, c := range []byte(country) {
			if c < 'A' || c > 'Z' {
				return
			}
		}
		for _, c := range []byte(bban) {
			if (c < 'A' || c > 'Z') && (c < '0' || c > '9') {
				return
			}
		}
		if !ValidIBAN(country + IBANCheckDigits(country, bban) + bban) {
			t.Fatalf("IBAN of %d chars with computed check digits rejected", 4+len(bban))
		}
	})
}
