package pipeline

import "testing"

func TestPlainNumber(t *testing.T) {
	for in, want := range map[string]string{
		"4.539578763621486E15":  "4539578763621486",
		"4.539578763621486e+15": "4539578763621486",
		"-4.91711234567E11":     "-491711234567",
		"1.2E3":                 "1200",
		"1.25e1":                "12.5",
		"12E0":                  "12",
		"1.5E-3":                "0.0015",
		"0.00012E2":             "0.012",
		"1E7":                   "10000000",
		"1234":                  "1234", // no exponent: as it is
		"3.14":                  "3.14",
		"1E41":                  "1E41", // beyond maxShift: as it is
		"1E-41":                 "1E-41",
		"1.2Ex":                 "1.2Ex",
		"E5":                    "E5",
		"1.2.3E4":               "1.2.3E4",
		"NaN":                   "NaN",
	} {
		if got := plainNumber(in); got != want {
			t.Errorf("plainNumber(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestFloatText checks the text detectors see of a float, as Avro
// decoders give them: plain digits, not Go's exponent notation.
func TestFloatText(t *testing.T) {
	for v, want := range map[any]string{float64(4539578763621486): "4539578763621486", float32(1234567): "1234567", 1.5: "1.5"} {
		c := ColumnOf("val", v)
		if got := c.text(); got != want {
			t.Errorf("text of %T %v = %q, want %q", v, v, got, want)
		}
	}
}

func TestNumbersInText(t *testing.T) {
	for in, want := range map[string]string{
		`[4.91711234567E11,4.111111111111111E15]`:    `[491711234567,4111111111111111]`,
		`{"x":4.91711234567E11,"wkb":"AQ=="}`:        `{"x":491711234567,"wkb":"AQ=="}`,
		`{"e":"1E5 in a string","n":[1.5,-2E2,"x"]}`: `{"e":"1E5 in a string","n":[1.5,-200,"x"]}`,
		`{"q":"a \"1E5\" b","n":1}`:                  `{"q":"a \"1E5\" b","n":1}`,
		`[1,2,3]`:                                    `[1,2,3]`,
	} {
		if got := plainNumbersIn(in); got != want {
			t.Errorf("plainNumbersIn(%s) = %s, want %s", in, got, want)
		}
	}
	for in, want := range map[string]string{
		"4111111111111111.00": "4111111111111111", "-12.0": "-12", "12.50": "12.50", "1.": "1.", ".00": ".00",
		"anna@example.com": "anna@example.com", "v2.0a": "v2.0a", "1.2.0": "1.2.0",
	} {
		if got := wholeNumber(in); got != want {
			t.Errorf("wholeNumber(%q) = %q, want %q", in, got, want)
		}
	}
}
