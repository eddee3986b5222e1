package debezium

import "testing"

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
	for c := range 256 {
		for _, fill := range []byte{'0', '5', '9'} {
			for n := range 20 {
				for p := range n {
					for _, after := range []byte{fill, '/', ':', ',', '}', 0, 0xb9} {
						b := make([]byte, n)
						for k := range b {
							b[k] = fill
						}
						b[p] = byte(c)
						if p+1 < n {
							b[p+1] = after
						}
						s := string(b)
						for from := range min(n, 9) {
							if got, want := skipDigits(s, from), skipDigitsBytewise(s, from); got != want {
								t.Fatalf("skipDigits(%q, %d) = %d, want %d", s, from, got, want)
							}
						}
					}
				}
			}
		}
	}
	if got := skipDigits("123", 3); got != 3 {
		t.Fatalf("skipDigits at the end = %d", got)
	}
}

func FuzzSkipDigits(f *testing.F) {
	for _, s := range []string{"", "1710403201000,", "0123456789012345678}", "12.5e-3", "٣٤٥"} {
		f.Add(s, 0)
	}
	f.Fuzz(func(t *testing.T, s string, from int) {
		if from < 0 || from > len(s) {
			return
		}
		if got, want := skipDigits(s, from), skipDigitsBytewise(s, from); got != want {
			t.Fatalf("skipDigits(%q, %d) = %d, want %d", s, from, got, want)
		}
	})
}
