package ingest

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func TestNormalise(t *testing.T) {
	cases := []struct {
		f        CodeFormat
		in, want string
	}{
		{CodeFormat{}, " 01.11 ", "0111"},
		{CodeFormat{}, "C 10-1/2", "C1012"},
		{CodeFormat{KeepPunct: true}, " 01.11 ", "01.11"},
		{CodeFormat{Pad: 4}, "111", "0111"},
		{CodeFormat{Pad: 4}, "1.11", "0111"}, // punctuation removed first, then padded
		{CodeFormat{Pad: 3}, "11", "011"},
		{CodeFormat{Pad: 4}, "A11", "A11"},     // not all digits: not padded
		{CodeFormat{Pad: 4}, "12345", "12345"}, // longer than Pad: unchanged
		{CodeFormat{Pad: 4}, "", ""},
		{CodeFormat{Pad: 4, KeepPunct: true}, "1.1", "1.1"},
	}
	for _, c := range cases {
		if got := c.f.Normalise(c.in); got != c.want {
			t.Errorf("%+v.Normalise(%q) = %q, want %q", c.f, c.in, got, c.want)
		}
	}
}

func FuzzCodeFormat(f *testing.F) {
	f.Add("01.11", 4, false)
	f.Add(" 111 ", 4, false)
	f.Add("A-1/2", 0, true)
	f.Fuzz(func(t *testing.T, code string, pad int, keep bool) {
		pad %= 12
		cf := CodeFormat{Pad: pad, KeepPunct: keep}
		got := cf.Normalise(code)
		if got != strings.TrimSpace(got) {
			t.Fatalf("%q -> %q has surrounding spaces", code, got)
		}
		if cf.Normalise(got) != got {
			t.Fatalf("not idempotent: %q -> %q -> %q", code, got, cf.Normalise(got))
		}
		if !keep && strings.ContainsAny(got, ". -/") {
			t.Fatalf("%q -> %q keeps punctuation", code, got)
		}
		if pad > 0 && got != "" && allDigits(got) && len(got) < pad {
			t.Fatalf("%q -> %q not padded to %d", code, got, pad)
		}
		if utf8.ValidString(code) && !utf8.ValidString(got) {
			t.Fatalf("%q -> %q is not UTF-8", code, got)
		}
	})
}
