package debezium

import (
	"testing"

	"github.com/lethe-cdc/lethe/pipeline/jsonw/jsonwtest"
)

// skipDigitsBytewise is skipDigits one byte at a time.
func skipDigitsBytewise(s string, i int) int {
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	return i
}

// Every byte value, at every position of the eight-byte words and of the
// tail, among digits and next to the bytes around the digits' range.
func TestSkipDigits(t *testing.T) {
	jsonwtest.CheckSkip(t, "skipDigits", skipDigits, skipDigitsBytewise, []byte{'0', '5', '9'}, []byte{'/', ':', ',', '}', 0, 0xb9})
}

func FuzzSkipDigits(f *testing.F) {
	jsonwtest.FuzzSkip(f, "skipDigits", skipDigits, skipDigitsBytewise, "", "1710403201000,", "0123456789012345678}", "12.5e-3", "٣٤٥")
}
